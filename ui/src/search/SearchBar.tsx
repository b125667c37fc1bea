// The search box with its Filters button, the hint about how the search was read, and the filter
// controls under it: shown while searching, and opened or closed with the button or Alt+F.
import { useEffect, useId, useRef, useState } from "react";
import type { ReactNode, RefObject } from "react";
import { SearchFilterControls } from "./SearchFilters";
import { activeFilters } from "./filters";
import type { SearchState } from "./useSearch";

interface Props {
  search: SearchState;
  /** True while there is text in the box. */
  searching: boolean;
  searchRef: RefObject<HTMLInputElement | null>;
  /** The search input itself, which the sidebar owns (its keys move through the results). */
  children: ReactNode;
}

/** Alt+F, by key or by key position (layouts where F is elsewhere still have the key there). */
function isFiltersKey(event: KeyboardEvent): boolean {
  return event.altKey && !event.ctrlKey && !event.metaKey && !event.shiftKey && (event.key.toLowerCase() === "f" || event.code === "KeyF");
}

export function SearchBar({ search, searching, searchRef, children }: Props) {
  // null: follow the search (shown while a search has filters on); true or false once the person chose.
  const [open, setOpen] = useState<boolean | null>(null);
  const [focusRequest, setFocusRequest] = useState(0);
  const panelRef = useRef<HTMLDivElement>(null);
  const panelId = useId();
  const count = activeFilters(search.filters);
  const visible = open ?? (searching && count > 0);

  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      // A modal dialog owns the keyboard.
      if (!isFiltersKey(event) || event.repeat || document.querySelector('[aria-modal="true"]')) return;
      event.preventDefault();
      setOpen(true);
      setFocusRequest((n) => n + 1);
    };
    window.addEventListener("keydown", onKeyDown);
    return () => window.removeEventListener("keydown", onKeyDown);
  }, []);

  useEffect(() => {
    if (focusRequest > 0) panelRef.current?.querySelector<HTMLElement>("input, select, button")?.focus();
  }, [focusRequest]);

  return (
    <div className="search-bar">
      <div className="search-box">
        <SearchIcon />
        {children}
        <button
          type="button"
          className={count > 0 ? "search-filters-button active" : "search-filters-button"}
          data-testid="search-filters-button"
          aria-expanded={visible}
          aria-controls={panelId}
          title="Filters (Alt+F)"
          onClick={() => setOpen(!visible)}
        >
          <FilterIcon />
          <span className="visually-hidden">Filters</span>
          {count > 0 && (
            <span className="search-filters-count" aria-label={`, ${count} on`}>
              {count}
            </span>
          )}
        </button>
      </div>
      {search.hint && (
        <p className="search-hint" role="status" data-testid="search-hint">
          {search.hint}
        </p>
      )}
      {visible && (
        <div
          ref={panelRef}
          id={panelId}
          onKeyDown={(event) => {
            // Back to the box, as from the results; a select's own Escape closes its list first.
            if (event.key !== "Escape" || event.defaultPrevented) return;
            event.preventDefault();
            searchRef.current?.focus();
          }}
        >
          <SearchFilterControls search={search} searching={searching} />
        </div>
      )}
    </div>
  );
}

function SearchIcon() {
  return (
    <svg className="search-icon" width="16" height="16" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
      <circle cx="11" cy="11" r="6.5" fill="none" stroke="currentColor" strokeWidth="1.8" />
      <path d="M16 16l4.5 4.5" fill="none" stroke="currentColor" strokeWidth="1.8" strokeLinecap="round" />
    </svg>
  );
}

function FilterIcon() {
  return (
    <svg width="15" height="15" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
      <path d="M4 6h16M7 12h10M10 18h4" fill="none" stroke="currentColor" strokeWidth="1.9" strokeLinecap="round" />
    </svg>
  );
}
