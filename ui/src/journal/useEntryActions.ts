// Creating, deleting (with confirmation) and un-deleting entries; each saves the open entry first.
import { useCallback, useRef, useState } from "react";
import { api } from "../ipc/api";
import { describeError, toAppError } from "../ipc/errors";
import type { EntryPages } from "./entryPages";
import type { CurrentEntry } from "./useCurrentEntry";

interface Options {
  pages: EntryPages;
  current: CurrentEntry;
  /** The journal in view, where new entries go; null for All journals (the first journal). */
  journal: string | null;
  /** A sentence for the error banner. */
  onError(message: string): void;
  onCreated(): void;
  /** An entry was opened for the person to go on writing (after Undo). */
  onOpened(): void;
}

export interface EntryActions {
  /** Bumped when entries appear or disappear, so search results are asked for again. */
  epoch: number;
  confirming: boolean;
  /** True while a new entry is being made; the editor is read-only meanwhile. */
  creating: boolean;
  /** The id of the entry that was just deleted, while Undo is offered. */
  deleted: string | null;
  create(): Promise<void>;
  requestDelete(): void;
  cancelDelete(): void;
  confirmDelete(): Promise<void>;
  undoDelete(): Promise<void>;
  dismissUndo(): void;
}

export function useEntryActions({ pages, current, journal, onError, onCreated, onOpened }: Options): EntryActions {
  const [epoch, setEpoch] = useState(0);
  const [confirming, setConfirming] = useState(false);
  const [deleted, setDeleted] = useState<string | null>(null);
  const creating = useRef(false);
  const [creatingNow, setCreatingNow] = useState(false);
  const latest = useRef({ current, journal, onError, onCreated, onOpened });
  latest.current = { current, journal, onError, onCreated, onOpened };
  const entryId = current.entry?.id ?? null;

  const changed = useCallback(() => {
    setEpoch((n) => n + 1);
    return pages.refresh();
  }, [pages]);

  const create = useCallback(async () => {
    // Holding Ctrl+N must not make a pile of empty entries.
    if (creating.current) return;
    creating.current = true;
    setCreatingNow(true);
    const { current } = latest.current;
    // An entry still loading (the newest, at launch) must not replace the new one when it arrives.
    current.cancelOpen();
    try {
      if (!(await current.flush())) return;
      let entry;
      try {
        entry = await api.createEntry(latest.current.journal, null);
      } catch (error) {
        latest.current.onError(`Couldn't start a new entry. ${describeError(toAppError(error))}`);
        return;
      }
      current.show(entry);
      // The new entry may be written in at once; the list refresh below needn't hold it up.
      setCreatingNow(false);
      latest.current.onCreated();
      await changed();
    } finally {
      creating.current = false;
      setCreatingNow(false);
    }
  }, [changed]);

  const requestDelete = useCallback(() => {
    if (entryId) setConfirming(true);
  }, [entryId]);

  const cancelDelete = useCallback(() => setConfirming(false), []);

  const confirmDelete = useCallback(async () => {
    setConfirming(false);
    const { current } = latest.current;
    const target = current.entry;
    if (!target) return;
    const index = pages.indexOf(target.id);
    // Best effort: then Undo brings back the very latest text. Deleting goes ahead either way.
    await current.flush();
    try {
      await api.deleteEntry(target.id);
    } catch (error) {
      latest.current.onError(`Couldn't delete the entry. ${describeError(toAppError(error))}`);
      return;
    }
    current.saver.discard(target.id);
    current.close();
    setDeleted(target.id);
    await changed();
    const total = pages.total ?? 0;
    if (total === 0) return;
    // Open the neighbour that moved into the deleted entry's place.
    const next = await pages.at(Math.min(Math.max(index, 0), total - 1));
    if (next && latest.current.current.entry === null) await latest.current.current.open(next.id);
  }, [pages, changed]);

  const undoDelete = useCallback(async () => {
    const id = deleted;
    setDeleted(null);
    if (!id) return;
    try {
      await api.restoreEntry(id);
    } catch (error) {
      latest.current.onError(`Couldn't bring the entry back. ${describeError(toAppError(error))}`);
      return;
    }
    await changed();
    if (await latest.current.current.open(id)) latest.current.onOpened();
  }, [deleted, changed]);

  const dismissUndo = useCallback(() => setDeleted(null), []);

  return {
    epoch,
    confirming,
    creating: creatingNow,
    deleted,
    create,
    requestDelete,
    cancelDelete,
    confirmDelete,
    undoDelete,
    dismissUndo,
  };
}
