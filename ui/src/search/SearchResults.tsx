// Search hits in place of the entry list: date, first line and a snippet with the matches marked. The
// next page loads as the list nears its end, or from the "Show more results" button after it.
import { useEffect, useRef } from "react";
import type { KeyboardEvent, Ref, UIEvent } from "react";
import type { SearchHit } from "../ipc/bindings";
import { describeError } from "../ipc/errors";
import { EntryRowContent } from "../journal/EntryRow";
import { moveIndex } from "../ui/listKeys";
import { Snippet } from "./Snippet";
import { countLabel } from "./search";
import "./search.css";
import type { SearchState } from "./useSearch";

/** How close to the end (px, or rows for the keyboard) the next page starts loading. */
const NEAR_END_PX = 600;
const NEAR_END_ROWS = 5;

interface Props {
  search: SearchState;
  selectedId: string | null;
  active: number;
  listRef: Ref<HTMLDivElement>;
  onActiveChange(index: number): void;
  onOpen(hit: SearchHit, viaKeyboard: boolean): void;
  onEscape(): void;
}

export function SearchResults({ search, selectedId, active, listRef, onActiveChange, onOpen, onEscape }: Props) {
  const { hits, hasMore, loadMore } = search;
  const activeRef = useRef<HTMLDivElement | null>(null);

  useEffect(() => {
    // Optional call: jsdom has no scrollIntoView.
    activeRef.current?.scrollIntoView?.({ block: "nearest" });
  }, [active]);

  if (search.error) {
    return (
      <p className="sidebar-message" data-testid="error-message" role="alert">
        Search didn't work. {describeError(search.error)}
      </p>
    );
  }
  if (hits.length === 0) {
    return (
      <p className="sidebar-message" role="status">
        {search.loading ? "Searching…" : "No entries match"}
      </p>
    );
  }

  const moveTo = (index: number) => {
    onActiveChange(index);
    if (hasMore && index >= hits.length - NEAR_END_ROWS) loadMore();
  };

  const onScroll = (event: UIEvent<HTMLDivElement>) => {
    const box = event.currentTarget;
    if (hasMore && box.scrollHeight - box.scrollTop - box.clientHeight < NEAR_END_PX) loadMore();
  };

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    const next = moveIndex(event.key, active, hits.length, 5);
    if (next !== null) {
      event.preventDefault();
      moveTo(next);
    } else if ((event.key === "Enter" || event.key === " ") && hits[active]) {
      event.preventDefault();
      onOpen(hits[active], true);
    } else if (event.key === "Escape") {
      event.preventDefault();
      onEscape();
    }
  };

  const count = countLabel(hits.length, hasMore);
  return (
    <div className={search.loading ? "search-results pending" : "search-results"} onScroll={onScroll}>
      <p className="search-count" role="status" data-testid="search-count">
        {count}
      </p>
      <div
        ref={listRef}
        className="search-list"
        role="listbox"
        aria-label={`Search results, ${count}`}
        tabIndex={0}
        aria-activedescendant={hits[active] ? `search-option-${active}` : undefined}
        onKeyDown={onKeyDown}
      >
        {hits.map((hit, index) => {
          const classes = ["entry-row", "search-row"];
          if (hit.entry.id === selectedId) classes.push("selected");
          if (index === active) classes.push("active");
          return (
            <div
              key={hit.entry.id}
              ref={index === active ? activeRef : undefined}
              id={`search-option-${index}`}
              className={classes.join(" ")}
              role="option"
              aria-selected={hit.entry.id === selectedId}
              data-testid="entry-item"
              data-entry-id={hit.entry.id}
              onClick={() => {
                onActiveChange(index);
                onOpen(hit, false);
              }}
            >
              <EntryRowContent entry={hit.entry} />
              <Snippet parts={hit.snippet} />
            </div>
          );
        })}
      </div>
      {search.moreError && (
        <p className="sidebar-message sidebar-error" role="alert">
          Couldn't load more results. {describeError(search.moreError)}
        </p>
      )}
      {hasMore && (
        <button type="button" className="button search-more" data-testid="search-more" disabled={search.loadingMore} onClick={loadMore}>
          {search.loadingMore ? "Loading more results…" : "Show more results"}
        </button>
      )}
    </div>
  );
}
