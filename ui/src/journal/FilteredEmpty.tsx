// The entry list when nothing passes its filters: what it is narrowed to, and how to widen it.
import type { ViewFilter } from "./viewFilter";
import { emptyListText, narrowed } from "./viewFilter";

interface Props {
  view: ViewFilter;
  /** The name of the journal in view; null for All journals. */
  journalName: string | null;
  onClearFilters(): void;
  onAllJournals(): void;
}

export function FilteredEmpty({ view, journalName, onClearFilters, onAllJournals }: Props) {
  const filtered = narrowed(view);
  return (
    <div className="filtered-empty" data-testid="filtered-empty" role="status">
      <p className="filtered-empty-text">
        {filtered || journalName === null ? emptyListText(view, journalName) : `Nothing in ${journalName} yet.`}
      </p>
      <p className="filtered-empty-actions">
        {filtered && (
          <button type="button" className="link-button" data-testid="clear-filters" onClick={onClearFilters}>
            Clear the filters
          </button>
        )}
        {filtered && journalName !== null && " · "}
        {journalName !== null && (
          <button type="button" className="link-button" data-testid="all-journals" onClick={onAllJournals}>
            Show all journals
          </button>
        )}
      </p>
    </div>
  );
}
