// What one entry looks like in the sidebar: date, time and word count, then its mood and summary
// (or, until it has been analysed, its first line).
import { MoodChip } from "../insights/MoodChip";
import type { EntrySummary } from "../ipc/bindings";
import { formatDay, formatTime, formatWords } from "../ui/format";

export function EntryRowContent({ entry }: { entry: EntrySummary }) {
  const { analysis } = entry;
  const line = analysis?.summary || entry.title;
  return (
    <>
      <span className="row-meta">
        <time dateTime={new Date(entry.createdAt).toISOString()}>
          {formatDay(entry.createdAt)} · {formatTime(entry.createdAt)}
        </time>
        <span className="row-words">{formatWords(entry.wordCount)}</span>
      </span>
      <span className="row-line">
        {analysis && <MoodChip mood={analysis.mood} colour={analysis.colour} />}
        {line ? (
          <span className="row-title">{line}</span>
        ) : (
          <span className="row-title row-title-empty">Empty entry</span>
        )}
      </span>
    </>
  );
}

/** Stand-in for a row whose page is still loading. */
export function RowPlaceholder() {
  return (
    <>
      <span className="skeleton skeleton-meta" />
      <span className="skeleton skeleton-title" />
    </>
  );
}
