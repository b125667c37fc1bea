// Search hits in place of the entry list: date, first line and a snippet with the matches marked.
import { useEffect, useRef } from "react";
import type { KeyboardEvent, Ref } from "react";
import type { SearchHit } from "../ipc/bindings";
import { describeError } from "../ipc/errors";
import { EntryRowContent } from "../journal/EntryRow";
import { moveIndex } from "../ui/listKeys";
import { Snippet } from "./Snippet";
import type { SearchState } from "./useSearch";

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
  const { hits } = search;
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
        {search.pending ? "Searching…" : "No entries match"}
      </p>
    );
  }

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    const next = moveIndex(event.key, active, hits.length, 5);
    if (next !== null) {
      event.preventDefault();
      onActiveChange(next);
    } else if ((event.key === "Enter" || event.key === " ") && hits[active]) {
      event.preventDefault();
      onOpen(hits[active], true);
    } else if (event.key === "Escape") {
      event.preventDefault();
      onEscape();
    }
  };

  return (
    <div
      ref={listRef}
      className={search.pending ? "search-results pending" : "search-results"}
      role="listbox"
      aria-label={`Search results, ${hits.length} ${hits.length === 1 ? "entry" : "entries"}`}
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
  );
}
