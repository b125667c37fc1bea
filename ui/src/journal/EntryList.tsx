// The windowed list of the entries in view (fixed row height): only the rows in view are in the DOM, and
// their pages are loaded as they come into view.
import { memo, useCallback, useEffect, useImperativeHandle, useLayoutEffect, useMemo, useRef, useState, useSyncExternalStore } from "react";
import type { KeyboardEvent, Ref } from "react";
import type { EntrySummary, Journal } from "../ipc/bindings";
import { moveIndex } from "../ui/listKeys";
import { EntryRowContent, RowPlaceholder } from "./EntryRow";
import type { EntryPages } from "./entryPages";
import { useFixedRows } from "./useFixedRows";

export const ROW_HEIGHT = 66;

export interface ListHandle {
  focus(): void;
  scrollToTop(): void;
}

interface Props {
  pages: EntryPages;
  selectedId: string | null;
  /** Each entry's journal, for its colour; null where the list holds one journal's entries. */
  journals?: ReadonlyMap<string, Journal> | null;
  handle: Ref<ListHandle>;
  /** `viaKeyboard`: the person pressed Enter, so writing comes next. */
  onOpen(id: string, viaKeyboard: boolean): void;
  onEscape(): void;
}

export function EntryList({ pages, selectedId, journals = null, handle, onOpen, onEscape }: Props) {
  const version = useSyncExternalStore(pages.subscribe, pages.getVersion);
  const scrollRef = useRef<HTMLDivElement>(null);
  const [active, setActiveState] = useState(-1);
  // Read by key handlers, so several keys between two renders still move one row each.
  const activeRef = useRef(-1);
  const setActive = (index: number) => {
    activeRef.current = index;
    setActiveState(index);
  };
  const count = pages.total ?? 0;

  const rows = useFixedRows(scrollRef, count, ROW_HEIGHT, 8);
  const { first, last } = rows;

  useEffect(() => {
    if (count > 0) void pages.ensure(first, last);
  }, [pages, first, last, count]);

  // Keep the keyboard cursor on the open entry when it changes from elsewhere (click, new, undo).
  // Scans the loaded pages, so only when they or the selection changed, not on every scroll frame.
  const selectedIndex = useMemo(
    () => (selectedId ? pages.indexOf(selectedId) : -1),
    // `version` stands for the loaded pages, which change in place inside `pages`.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [pages, selectedId, version],
  );
  useEffect(() => {
    if (selectedIndex >= 0) setActive(selectedIndex);
  }, [selectedIndex]);

  useImperativeHandle(handle, () => ({
    focus: () => scrollRef.current?.focus(),
    scrollToTop: rows.scrollToTop,
  }));

  const moveTo = (index: number) => {
    setActive(index);
    rows.scrollToIndex(index);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    const visibleRows = Math.max(1, Math.floor((scrollRef.current?.clientHeight ?? 600) / ROW_HEIGHT) - 1);
    const next = moveIndex(event.key, activeRef.current, count, visibleRows);
    if (next !== null) {
      event.preventDefault();
      moveTo(next);
      return;
    }
    if (event.key === "Enter" || event.key === " ") {
      const entry = pages.get(activeRef.current);
      if (entry) {
        event.preventDefault();
        onOpen(entry.id, true);
      }
    } else if (event.key === "Escape") {
      event.preventDefault();
      onEscape();
    }
  };

  // Stable across renders, so that rows whose entry and state did not change are not re-rendered
  // while the list scrolls.
  const onOpenRef = useRef(onOpen);
  useLayoutEffect(() => {
    onOpenRef.current = onOpen;
  });
  const onPick = useCallback((index: number, entry: EntrySummary | undefined) => {
    setActive(index);
    if (entry) onOpenRef.current(entry.id, false);
  }, []);

  const activeRendered = active >= first && active <= last;
  const indexes: number[] = [];
  for (let i = first; i <= last; i++) indexes.push(i);

  return (
    <div
      ref={scrollRef}
      className="entry-list"
      data-testid="entry-list"
      role="listbox"
      aria-label="Entries, newest first"
      tabIndex={0}
      aria-activedescendant={activeRendered ? `entry-option-${active}` : undefined}
      onKeyDown={onKeyDown}
      onFocus={() => {
        if (activeRef.current < 0 && count > 0) setActive(Math.max(selectedIndex, 0));
      }}
    >
      <div className="entry-list-sizer" role="presentation" style={{ height: rows.totalHeight }}>
        {indexes.map((index) => {
          const entry = pages.get(index);
          return (
            <Row
              key={index}
              index={index}
              count={count}
              entry={entry}
              journal={entry ? (journals?.get(entry.journalId) ?? null) : null}
              selected={entry !== undefined && entry.id === selectedId}
              active={index === active}
              onPick={onPick}
            />
          );
        })}
      </div>
    </div>
  );
}

interface RowProps {
  index: number;
  count: number;
  entry: EntrySummary | undefined;
  journal: Journal | null;
  selected: boolean;
  active: boolean;
  onPick(index: number, entry: EntrySummary | undefined): void;
}

const Row = memo(function Row({ index, count, entry, journal, selected, active, onPick }: RowProps) {
  const classes = ["entry-row"];
  if (selected) classes.push("selected");
  if (active) classes.push("active");
  if (!entry) classes.push("placeholder");
  return (
    <div
      id={`entry-option-${index}`}
      className={classes.join(" ")}
      role="option"
      aria-selected={selected}
      aria-posinset={index + 1}
      aria-setsize={count}
      aria-busy={entry ? undefined : true}
      data-testid={entry ? "entry-item" : "entry-placeholder"}
      data-entry-id={entry?.id}
      style={{ height: ROW_HEIGHT, transform: `translateY(${index * ROW_HEIGHT}px)` }}
      onClick={() => onPick(index, entry)}
    >
      {entry ? <EntryRowContent entry={entry} journal={journal} /> : <RowPlaceholder />}
    </div>
  );
});
