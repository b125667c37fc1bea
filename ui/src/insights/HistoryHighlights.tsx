// The two small cards beside the chart: entries written on this day in earlier years, and the
// writing streak.
import type { Highlights, OnThisDay as OnThisDayItem, Streak } from "../ipc/bindings";
import { formatCount, formatDay, formatDayOfYear, parseDay } from "../ui/format";
import { MoodChip } from "./MoodChip";

export function OnThisDay({ highlights, onOpenEntry }: { highlights: Highlights; onOpenEntry(id: string): void }) {
  const { onThisDay } = highlights;
  return (
    <section className="history-card" data-testid="on-this-day" aria-labelledby="on-this-day-title">
      <h2 className="history-card-title" id="on-this-day-title">
        On this day, {formatDayOfYear(parseDay(highlights.today))}
      </h2>
      {onThisDay.length === 0 ? (
        <p className="history-quiet">Nothing written on this date in earlier years, yet.</p>
      ) : (
        <ul className="on-this-day">
          {onThisDay.map((item) => (
            <li key={item.entry.id}>
              <OnThisDayEntry item={item} onOpen={() => onOpenEntry(item.entry.id)} />
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function OnThisDayEntry({ item, onOpen }: { item: OnThisDayItem; onOpen(): void }) {
  const { entry, yearsAgo } = item;
  const line = entry.analysis?.summary || entry.title || "Empty entry";
  return (
    <button type="button" className="on-this-day-entry" data-testid="on-this-day-entry" onClick={onOpen}>
      <span className="on-this-day-meta">
        <span className="on-this-day-ago">{yearsAgo === 1 ? "1 year ago" : `${yearsAgo} years ago`}</span>
        <time dateTime={new Date(entry.datedAt).toISOString()}>{formatDay(entry.datedAt)}</time>
        {entry.analysis && <MoodChip mood={entry.analysis.mood} colour={entry.analysis.colour} />}
      </span>
      <span className="on-this-day-line">{line}</span>
    </button>
  );
}

export function StreakCard({ streak }: { streak: Streak }) {
  const days = (n: number) => `${formatCount(n)} ${n === 1 ? "day" : "days"}`;
  const hint = streak.wroteToday
    ? "You've written today."
    : streak.current > 0
      ? "Write today to keep it going."
      : "Write today to start a new streak.";
  return (
    <section className="history-card" data-testid="streak" aria-labelledby="streak-title">
      <h2 className="history-card-title" id="streak-title">
        Writing streak
      </h2>
      <dl className="streak">
        <div className="streak-stat">
          <dt>Current</dt>
          <dd data-testid="streak-current">{days(streak.current)}</dd>
        </div>
        <div className="streak-stat">
          <dt>Longest</dt>
          <dd data-testid="streak-longest">{days(streak.longest)}</dd>
        </div>
        <div className="streak-stat">
          <dt>Days written</dt>
          <dd data-testid="streak-days">{formatCount(streak.daysWritten)}</dd>
        </div>
      </dl>
      <p className="history-quiet">{hint}</p>
    </section>
  );
}
