// What one entry looks like in the sidebar: date and time, first line, word count.
import type { EntrySummary } from "../bindings";
import { formatDay, formatTime, formatWords } from "../format";

export function EntryRowContent({ entry }: { entry: EntrySummary }) {
  return (
    <>
      <span className="row-meta">
        <time dateTime={new Date(entry.createdAt).toISOString()}>
          {formatDay(entry.createdAt)} · {formatTime(entry.createdAt)}
        </time>
        <span className="row-words">{formatWords(entry.wordCount)}</span>
      </span>
      {entry.title ? (
        <span className="row-title">{entry.title}</span>
      ) : (
        <span className="row-title row-title-empty">Empty entry</span>
      )}
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
