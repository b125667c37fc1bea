// The open entry's date, star and journal, as the editor header shows and changes them. Each change
// saves the text first (so a save in flight can't race it), runs one at a time, and patches the list.
import { useCallback, useRef, useState } from "react";
import { api } from "../ipc/api";
import type { Entry, EntrySummary } from "../ipc/bindings";
import { describeError, toAppError } from "../ipc/errors";
import type { EntryPages } from "./entryPages";
import type { CurrentEntry } from "./useCurrentEntry";

export interface EntryMeta {
  datedAt: number;
  starred: boolean;
  journalId: string;
}

export interface EntryHeader extends EntryMeta {
  /** A date change or a move is on its way; their controls wait. */
  busy: boolean;
  setDate(datedAt: number): Promise<void>;
  toggleStar(): Promise<void>;
  move(journal: string): Promise<void>;
}

interface Options {
  current: CurrentEntry;
  pages: EntryPages;
  /** A sentence for the error banner. */
  onError(message: string): void;
  /** An entry's row changed (e.g. so search results show it too). */
  onChanged?(summary: EntrySummary): void;
}

const NO_META: EntryMeta = { datedAt: 0, starred: false, journalId: "" };

function metaOf(entry: Entry): EntryMeta {
  return { datedAt: entry.datedAt, starred: entry.starred, journalId: entry.journalId };
}

export function useEntryHeader({ current, pages, onError, onChanged }: Options): EntryHeader {
  // What changed since `entry` was loaded; a newly loaded entry object brings its own values.
  const [changed, setChanged] = useState<{ entry: Entry; meta: Partial<EntryMeta> } | null>(null);
  const [busy, setBusy] = useState(0);
  const queue = useRef<Promise<unknown>>(Promise.resolve());
  const latest = useRef({ current, onError, onChanged });
  latest.current = { current, onError, onChanged };

  const entry = current.entry;
  const meta: EntryMeta = entry ? { ...metaOf(entry), ...(changed?.entry === entry ? changed.meta : {}) } : NO_META;
  const metaRef = useRef(meta);
  metaRef.current = meta;

  /** Shows `update` on the entry, if it is still the one open. */
  const show = useCallback((target: Entry, update: Partial<EntryMeta>) => {
    if (latest.current.current.entry !== target) return;
    setChanged((previous) => ({ entry: target, meta: { ...(previous?.entry === target ? previous.meta : {}), ...update } }));
  }, []);

  /**
   * Changes `target` (the entry open when the person asked) after the changes before it and after
   * saving its text; false if it did not happen.
   */
  const run = useCallback(
    (target: Entry, what: string, change: (id: string) => Promise<EntrySummary>, refresh: boolean): Promise<boolean> => {
      const step = queue.current.then(async () => {
        try {
          await latest.current.current.saver.flush(target.id);
        } catch {
          // The failed save is on screen already, with Retry; changing the entry now could race it.
          return false;
        }
        let summary: EntrySummary;
        try {
          summary = await change(target.id);
        } catch (error) {
          latest.current.onError(`Couldn't ${what}. ${describeError(toAppError(error))}`);
          return false;
        }
        pages.patch(summary);
        latest.current.onChanged?.(summary);
        show(target, metaFromSummary(summary));
        // The list is in date order (and may show one journal only): the entry may have moved.
        if (refresh) void pages.refresh();
        return true;
      });
      queue.current = step.catch(() => undefined);
      return step;
    },
    [pages, show],
  );

  const tracked = useCallback(
    async (what: string, change: (id: string) => Promise<EntrySummary>) => {
      const target = latest.current.current.entry;
      if (!target) return;
      setBusy((n) => n + 1);
      try {
        await run(target, what, change, true);
      } finally {
        setBusy((n) => n - 1);
      }
    },
    [run],
  );

  const setDate = useCallback(
    (datedAt: number) => tracked("change the entry's date", (id) => api.setEntryDate(id, datedAt)),
    [tracked],
  );

  const move = useCallback((journal: string) => tracked("move the entry", (id) => api.moveEntry(id, journal)), [tracked]);

  const toggleStar = useCallback(async () => {
    const target = latest.current.current.entry;
    if (!target) return;
    const starred = !metaRef.current.starred;
    // Shown at once; put back if it could not be stored.
    show(target, { starred });
    const what = starred ? "star the entry" : "unstar the entry";
    // A list of starred entries only has one fewer (or more) now.
    const refresh = pages.filter.starred;
    if (!(await run(target, what, (id) => api.setEntryStarred(id, starred), refresh))) show(target, { starred: !starred });
  }, [pages, run, show]);

  return { ...meta, busy: busy > 0, setDate, toggleStar, move };
}

function metaFromSummary(summary: EntrySummary): EntryMeta {
  return { datedAt: summary.datedAt, starred: summary.starred, journalId: summary.journalId };
}
