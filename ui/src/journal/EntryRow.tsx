// What one entry looks like in the sidebar: its date and time (a star when starred, its journal's
// colour in the All journals view, a Conflict badge when sync kept two versions) and word count, then
// its mood and summary (or, until it has been analysed, its first line).
import { MoodChip } from "../insights/MoodChip";
import type { EntrySummary, Journal } from "../ipc/bindings";
import { JournalDot } from "../journals/JournalDot";
import { ConflictBadge } from "../sync/ConflictBadge";
import { useHasConflict } from "../sync/conflicts";
import { formatDay, formatTime, formatWords } from "../ui/format";

interface Props {
  entry: EntrySummary;
  /** The entry's journal, shown as a dot where entries of several journals are listed together. */
  journal?: Pick<Journal, "name" | "colour"> | null;
}

export function EntryRowContent({ entry, journal = null }: Props) {
  const { analysis } = entry;
  const line = analysis?.summary || entry.title;
  const conflict = useHasConflict(entry.id);
  return (
    <>
      <span className="row-meta">
        <span className="row-when">
          {journal && <JournalDot colour={journal.colour} label={`In ${journal.name}`} />}
          <time dateTime={new Date(entry.datedAt).toISOString()}>
            {formatDay(entry.datedAt)} · {formatTime(entry.datedAt)}
          </time>
          {entry.starred && <StarIcon />}
          {conflict && <ConflictBadge />}
        </span>
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

function StarIcon() {
  return (
    <svg
      className="row-star"
      data-testid="row-star"
      width="11"
      height="11"
      viewBox="0 0 24 24"
      role="img"
      aria-label="Starred"
      focusable="false"
    >
      <path d="M12 2.8l2.8 5.9 6.4.8-4.7 4.4 1.2 6.4L12 17.2l-5.7 3.1 1.2-6.4-4.7-4.4 6.4-.8z" fill="currentColor" />
    </svg>
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
