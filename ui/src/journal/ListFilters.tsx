// Above the entry list: the Starred toggle, and a chip for each filter the list is narrowed by (a tag,
// a day or month of the calendar), each with an × to clear it; Escape on a chip clears it too.
import { memo } from "react";
import type { KeyboardEvent } from "react";
import type { ViewFilter } from "./viewFilter";
import { rangeLabel } from "./viewFilter";

interface Props {
  view: ViewFilter;
  onStarred(starred: boolean): void;
  onClearTag(): void;
  onClearRange(): void;
}

export const ListFilters = memo(function ListFilters({ view, onStarred, onClearTag, onClearRange }: Props) {
  return (
    <div className="list-filters" role="group" aria-label="Filters">
      <button
        type="button"
        className="filter-toggle"
        data-testid="starred-filter"
        aria-pressed={view.starred}
        title={view.starred ? "Show every entry" : "Show starred entries only"}
        onClick={() => onStarred(!view.starred)}
      >
        <svg width="12" height="12" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
          <path
            d="M12 2.8l2.8 5.9 6.4.8-4.7 4.4 1.2 6.4L12 17.2l-5.7 3.1 1.2-6.4-4.7-4.4 6.4-.8z"
            fill={view.starred ? "currentColor" : "none"}
            stroke="currentColor"
            strokeWidth="2"
            strokeLinejoin="round"
          />
        </svg>
        Starred
      </button>
      {view.tag !== null && (
        <Chip testId="tag-filter" label={`#${view.tag}`} clearLabel={`Stop filtering by #${view.tag}`} onClear={onClearTag} />
      )}
      {view.range && (
        <Chip
          testId="date-filter"
          label={rangeLabel(view.range)}
          clearLabel={`Show entries of every ${view.range.kind === "day" ? "day" : "month"}`}
          onClear={onClearRange}
        />
      )}
    </div>
  );
});

interface ChipProps {
  testId: string;
  label: string;
  clearLabel: string;
  onClear(): void;
}

function Chip({ testId, label, clearLabel, onClear }: ChipProps) {
  const onKeyDown = (event: KeyboardEvent<HTMLButtonElement>) => {
    if (event.key !== "Escape") return;
    event.preventDefault();
    onClear();
  };
  return (
    <span className="filter-chip" data-testid={testId}>
      <span className="filter-chip-label">{label}</span>
      <button
        type="button"
        className="filter-chip-clear"
        data-testid={`${testId}-clear`}
        aria-label={clearLabel}
        title={clearLabel}
        onClick={onClear}
        onKeyDown={onKeyDown}
      >
        ×
      </button>
    </span>
  );
}
