// A number that goes up a moment after entries changed (saved, analysed, created, deleted, re-dated),
// for what is read from all of them again: the calendar, the tags, the journals' counts. The moment
// lets a burst of saves while typing cost one reload.
import { useEffect, useState } from "react";
import type { EntryPages } from "./entryPages";

export const SETTLE_MS = 250;

export function useEntryChanges(pages: EntryPages): number {
  const [settled, setSettled] = useState(() => pages.getChanges());
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    // A timer rather than useSyncExternalStore: a change must not re-render the window at once, in
    // the middle of, say, a new entry being shown.
    const stop = pages.subscribeChanges(() => {
      clearTimeout(timer);
      timer = setTimeout(() => setSettled(pages.getChanges()), SETTLE_MS);
    });
    return () => {
      stop();
      clearTimeout(timer);
    };
  }, [pages]);
  return settled;
}
