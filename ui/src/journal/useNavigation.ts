// Finding one's way in the journal: the journal in view, a tag, starred only, a day or month of the
// calendar, all narrowing the entry list; the journals and tags the sidebar lists; and which entry
// opens at launch and when the view changes (the newest of a day picked in the calendar, or of another
// journal).
import { useCallback, useEffect, useMemo, useRef } from "react";
import type { RefObject } from "react";
import type { Journal, TagCount } from "../ipc/bindings";
import { useJournals } from "../journals/useJournals";
import { useTags } from "../tags/useTags";
import type { Loaded } from "../ui/useLoaded";
import type { ListHandle } from "./EntryList";
import type { EntryPages } from "./entryPages";
import type { CurrentEntry } from "./useCurrentEntry";
import { useEntryChanges } from "./useEntryChanges";
import { useViewFilter } from "./useViewFilter";
import type { ViewFilter } from "./viewFilter";

interface Options {
  pages: EntryPages;
  current: CurrentEntry;
  /** Whose journal it is: the journal in view is remembered per person. */
  userId: string;
  listRef: RefObject<ListHandle | null>;
  /**
   * Shows the journal view, for an entry opened from the calendar; not called when the journal in view
   * changed under another view (History, say), which stays.
   */
  reveal(): void;
}

export interface Navigation {
  view: ViewFilter;
  /** Goes up a moment after entries changed; what the calendar reads again after. */
  changes: number;
  journals: Loaded<Journal[]>;
  tags: Loaded<TagCount[]>;
  /** The journal in view, once the journals are loaded; null for All journals. */
  journal: Journal | null;
  /**
   * Resolves once the journal's entries are listed and, if the open entry is not among them, its
   * newest opened. `keepOpen`: the open entry is known to be there (it was just moved there).
   */
  showJournal(id: string | null, keepOpen?: boolean): Promise<void>;
  selectTag(tag: string | null): void;
  setStarred(starred: boolean): void;
  /** Filters the list to the day and opens its newest entry. */
  pickDay(day: string): Promise<void>;
  pickMonth(month: string): void;
  clearRange(): void;
  clearTag(): void;
  /** Clears the tag, starred and date filters; the journal in view stays. */
  clearFilters(): void;
  /** Opens the newest entry in view, once the list has it; after the open one is gone. */
  openNewest(closeIfNone: boolean): Promise<void>;
}

export function useNavigation({ pages, current, userId, listRef, reveal }: Options): Navigation {
  const { view, change } = useViewFilter(pages, userId);
  const changes = useEntryChanges(pages);
  const journals = useJournals(changes);
  const tags = useTags(changes);
  // Each view change takes a ticket: the newest entry of a view the person already left is not opened.
  const ticket = useRef(0);
  const latest = useRef({ current, reveal });
  latest.current = { current, reveal };

  const navigate = useCallback(
    (next: Partial<ViewFilter>) => {
      ticket.current += 1;
      listRef.current?.scrollToTop();
      return change(next);
    },
    [change, listRef],
  );

  const openNewestOf = useCallback(
    async (loading: Promise<void>, closeIfNone: boolean, reveal: boolean) => {
      const mine = ++ticket.current;
      await loading;
      if (mine !== ticket.current) return;
      const first = pages.get(0);
      const { current } = latest.current;
      if (first) {
        if (reveal) latest.current.reveal();
        await current.open(first.id);
      } else if (closeIfNone && current.entry && (await current.flush())) current.close();
    },
    [pages],
  );

  const showJournal = useCallback(
    async (id: string | null, keepOpen = false) => {
      const loading = navigate({ journal: id });
      const entry = latest.current.current.entry;
      // The open entry stays open where the list still has it.
      if (entry && (keepOpen || id === null || entry.journalId === id)) return;
      await openNewestOf(loading, true, false);
    },
    [navigate, openNewestOf],
  );

  // A remembered journal that was deleted since (or on another computer): back to All journals.
  const list = journals.value;
  useEffect(() => {
    if (list && view.journal !== null && !list.some((journal) => journal.id === view.journal)) void showJournal(null);
  }, [list, view.journal, showJournal]);

  const selectTag = useCallback((tag: string | null) => void navigate({ tag }), [navigate]);
  const setStarred = useCallback((starred: boolean) => void navigate({ starred }), [navigate]);
  const pickDay = useCallback(
    (day: string) => openNewestOf(navigate({ range: { kind: "day", date: day } }), false, true),
    [navigate, openNewestOf],
  );
  const pickMonth = useCallback((month: string) => void navigate({ range: { kind: "month", month } }), [navigate]);
  const clearRange = useCallback(() => void navigate({ range: null }), [navigate]);
  const clearTag = useCallback(() => void navigate({ tag: null }), [navigate]);
  const clearFilters = useCallback(() => void navigate({ tag: null, starred: false, range: null }), [navigate]);
  const openNewest = useCallback(
    (closeIfNone: boolean) => openNewestOf(pages.setFilter(pages.filter), closeIfNone, false),
    [pages, openNewestOf],
  );

  // At launch, the newest entry: at once when it came with the window, else (the journal in view was
  // remembered) once its first page is in, unless the person opened or made another meanwhile.
  const { open } = current;
  useEffect(() => {
    const newest = pages.get(0);
    if (newest) {
      void open(newest.id);
      return;
    }
    const mine = ticket.current;
    void pages.setFilter(pages.filter).then(() => {
      const first = pages.get(0);
      if (first && mine === ticket.current && !latest.current.current.entry) void open(first.id);
    });
  }, [pages, open]);

  const journal = list?.find((candidate) => candidate.id === view.journal) ?? null;
  return useMemo(
    () => ({
      view,
      changes,
      journals,
      tags,
      journal,
      showJournal,
      selectTag,
      setStarred,
      pickDay,
      pickMonth,
      clearRange,
      clearTag,
      clearFilters,
      openNewest,
    }),
    [
      view,
      changes,
      journals,
      tags,
      journal,
      showJournal,
      selectTag,
      setStarred,
      pickDay,
      pickMonth,
      clearRange,
      clearTag,
      clearFilters,
      openNewest,
    ],
  );
}
