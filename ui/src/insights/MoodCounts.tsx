// How often each mood came up in the range, most frequent first: the word, its colour, a bar, the count.
import type { MoodCount } from "../ipc/bindings";
import { formatCount } from "../ui/format";
import { moodColour } from "./moods";

export function MoodCounts({ moods }: { moods: readonly MoodCount[] }) {
  if (moods.length === 0) {
    return <p className="history-quiet">No moods to count in this range yet.</p>;
  }
  const most = Math.max(...moods.map((item) => item.count), 1);
  return (
    <ul className="mood-counts" data-testid="mood-counts">
      {moods.map(({ mood, colour: given, count }) => {
        const colour = moodColour(given);
        return (
          <li key={mood} className="mood-count" data-mood={mood}>
            <span className="mood-count-name">
              <span className="mood-dot" style={{ backgroundColor: colour }} aria-hidden="true" />
              {mood}
            </span>
            <span className="mood-count-bar" aria-hidden="true">
              <span style={{ width: `${(count / most) * 100}%`, backgroundColor: colour }} />
            </span>
            <span className="mood-count-value">
              {formatCount(count)}
              <span className="visually-hidden"> {count === 1 ? "entry" : "entries"}</span>
            </span>
          </li>
        );
      })}
    </ul>
  );
}
