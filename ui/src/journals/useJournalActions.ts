// Creating, renaming, recolouring and deleting journals (with Undo), and the dialog they happen in.
// Deleting saves the open entry first, and afterwards shows what is left: the entry where it went, or
// the newest one in view when it was deleted with its journal.
import { useCallback, useMemo, useRef, useState } from "react";
import { api } from "../ipc/api";
import type { Journal, JournalColour, JournalDeleted } from "../ipc/bindings";
import { describeError, toAppError } from "../ipc/errors";
import type { EntryPages } from "../journal/entryPages";
import type { CurrentEntry } from "../journal/useCurrentEntry";
import type { Navigation } from "../journal/useNavigation";
import type { JournalsDialogStart } from "./JournalsDialog";

interface Options {
  pages: EntryPages;
  current: CurrentEntry;
  nav: Navigation;
  /** A sentence for the error banner. */
  onError(message: string): void;
}

export interface JournalActions {
  /** The journals dialog, when open, and what it opened on. */
  dialog: JournalsDialogStart | null;
  openDialog(start: JournalsDialogStart): void;
  closeDialog(): void;
  create(name: string, colour: JournalColour, template: string): Promise<Journal>;
  update(id: string, name: string, colour: JournalColour, template: string): Promise<Journal>;
  remove(journal: Journal, moveTo: string | null): Promise<void>;
  /** A journal made from "New journal…": it comes into view. */
  created(journal: Journal): void;
  /** The journal just deleted, while Undo is offered. */
  deleted: JournalDeleted | null;
  undo(): Promise<void>;
  dismissUndo(): void;
}

export function useJournalActions({ pages, current, nav, onError }: Options): JournalActions {
  const [dialog, setDialog] = useState<JournalsDialogStart | null>(null);
  const [deleted, setDeleted] = useState<JournalDeleted | null>(null);
  const latest = useRef({ current, nav, onError });
  latest.current = { current, nav, onError };

  const closeDialog = useCallback(() => setDialog(null), []);

  const create = useCallback(async (name: string, colour: JournalColour, template: string) => {
    const made = await api.createJournal(name, colour);
    const journal = template.trim() === "" ? made : await api.setJournalTemplate(made.id, template);
    const { journals } = latest.current.nav;
    journals.set([...(journals.value ?? []), journal]);
    journals.retry();
    return journal;
  }, []);

  const update = useCallback(async (id: string, name: string, colour: JournalColour, template: string) => {
    const renamed = await api.updateJournal(id, name, colour);
    const journal = renamed.template === template ? renamed : await api.setJournalTemplate(id, template);
    const { journals } = latest.current.nav;
    journals.set((journals.value ?? []).map((j) => (j.id === id ? journal : j)));
    journals.retry();
    return journal;
  }, []);

  const created = useCallback((journal: Journal) => {
    setDialog(null);
    void latest.current.nav.showJournal(journal.id);
  }, []);

  const remove = useCallback(
    async (journal: Journal, moveTo: string | null) => {
      const { current } = latest.current;
      // Best effort, as for deleting an entry: then Undo brings back the very latest text.
      await current.flush();
      const result = await api.deleteJournal(journal.id, moveTo);
      setDeleted(result);
      const { nav } = latest.current;
      const open = current.entry;
      const inIt = open !== null && open.journalId === journal.id;
      const goneWithIt = inIt && moveTo === null;
      if (goneWithIt) {
        current.saver.discard(open.id);
        current.close();
      }
      // Leaves a journal in view that is gone, before the list of journals stops naming it.
      const showing = nav.view.journal === journal.id ? nav.showJournal(moveTo, inIt && !goneWithIt) : null;
      nav.journals.set((nav.journals.value ?? []).filter((j) => j.id !== journal.id));
      nav.journals.retry();
      await pages.refresh();
      if (showing) await showing;
      if (goneWithIt) await nav.openNewest(false);
      // Its journal is another one now.
      if (inIt && !goneWithIt) await current.reload();
    },
    [pages],
  );

  const undo = useCallback(async () => {
    const journal = deleted?.journal;
    setDeleted(null);
    if (!journal) return;
    try {
      await api.undoDeleteJournal(journal.id);
    } catch (error) {
      latest.current.onError(`Couldn't bring the journal back. ${describeError(toAppError(error))}`);
      return;
    }
    const { nav, current } = latest.current;
    nav.journals.retry();
    await pages.refresh();
    // The open entry may have moved back into it.
    if (current.entry) await current.reload();
    else await nav.openNewest(false);
  }, [deleted, pages]);

  const dismissUndo = useCallback(() => setDeleted(null), []);

  return useMemo(
    () => ({ dialog, openDialog: setDialog, closeDialog, create, update, remove, created, deleted, undo, dismissUndo }),
    [dialog, closeDialog, create, update, remove, created, deleted, undo, dismissUndo],
  );
}
