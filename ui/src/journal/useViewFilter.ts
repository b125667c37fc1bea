// What the entry list shows: the journal in view (remembered across launches, per person), a tag,
// starred only, a day or month of the calendar. Every change goes to the list's pages at once, so a
// caller can wait for the first page of the new view (to open its newest entry, say).
import { useCallback, useLayoutEffect, useRef, useState } from "react";
import type { EntryPages } from "./entryPages";
import { NO_FILTER, toEntryFilter } from "./viewFilter";
import type { ViewFilter } from "./viewFilter";

const KEY_PREFIX = "quire.journal-in-view.";

function readJournal(userId: string): string | null {
  try {
    return localStorage.getItem(KEY_PREFIX + userId);
  } catch {
    return null;
  }
}

function storeJournal(userId: string, journal: string | null): void {
  try {
    if (journal === null) localStorage.removeItem(KEY_PREFIX + userId);
    else localStorage.setItem(KEY_PREFIX + userId, journal);
  } catch {
    // Not remembered; it still applies until the window closes.
  }
}

export interface ViewFilterControl {
  view: ViewFilter;
  /** Narrows the view; resolves once the first page of the entries that pass it is loaded. */
  change(next: Partial<ViewFilter>): Promise<void>;
}

export function useViewFilter(pages: EntryPages, userId: string): ViewFilterControl {
  const [view, setView] = useState<ViewFilter>(() => ({ ...NO_FILTER, journal: readJournal(userId) }));
  const latest = useRef(view);

  // The remembered journal at launch, before anything is painted; later changes are already applied.
  useLayoutEffect(() => {
    void pages.setFilter(toEntryFilter(view));
  }, [pages, view]);

  const change = useCallback(
    (next: Partial<ViewFilter>) => {
      const updated = { ...latest.current, ...next };
      latest.current = updated;
      setView(updated);
      if (next.journal !== undefined) storeJournal(userId, updated.journal);
      return pages.setFilter(toEntryFilter(updated));
    },
    [pages, userId],
  );

  return { view, change };
}
