// The entry open in the editor, its text and save status; switching entries always saves first.
import { useCallback, useEffect, useRef, useState, useSyncExternalStore } from "react";
import { api } from "../ipc/api";
import type { AppError, Entry, EntrySummary } from "../ipc/bindings";
import { toAppError } from "../ipc/errors";
import { Autosaver, SAVED } from "./autosave";
import type { SaveStatus } from "./autosave";
import type { EntryPages } from "./entryPages";

export interface CurrentEntry {
  entry: Entry | null;
  /**
   * The text as the window shows it outside the editor: the entry's text when it was shown, then the
   * editor's once typing pauses (TEXT_SETTLES_MS). The editor itself, and autosave, have every keystroke.
   */
  text: string;
  status: SaveStatus;
  /** True while saving the old entry and loading the next; the editor is read-only meanwhile. */
  switching: boolean;
  /** When the open entry's text was last stored (ms, the back end's clock), e.g. to tell a stale analysis. */
  savedAt: number | null;
  saver: Autosaver<EntrySummary>;
  /**
   * The person changed the text of entry `id`, the one the editor displays. Ignored unless `id` is the
   * current entry: right after a switch the editor can still show (and send) the previous entry's text.
   * Autosave has it at once; `text` follows when typing pauses, or at once when `settled`.
   */
  setText(id: string, text: string, settled?: boolean): void;
  /** Opens entry `id` after the current text is stored; false if that did not happen. */
  open(id: string): Promise<boolean>;
  /** Shows an entry the caller already has (e.g. just created); call after saving the current one. */
  show(entry: Entry): void;
  /**
   * Abandons an `open()` still under way, so that it shows nothing when its entry arrives: what the
   * caller shows next wins (a new entry made while the launch's newest entry is still loading).
   */
  cancelOpen(): void;
  /** Saves the current text now; false (with the error in `status`) if that failed. */
  flush(): Promise<boolean>;
  /**
   * Reads the open entry again after the back end changed it (a tag renamed in its text, its journal
   * deleted): saves first, then shows what is stored. False if the save or the read failed.
   */
  reload(): Promise<boolean>;
  /** Leaves the editor empty, e.g. after the last entry was deleted. */
  close(): void;
}

/** How long typing pauses before the window's copy of the text catches up with the editor. */
export const TEXT_SETTLES_MS = 250;

export function useCurrentEntry(
  pages: EntryPages,
  onOpenFailed: (error: AppError) => void,
): CurrentEntry {
  const current = useRef<Entry | null>(null);
  const [savedAt, setSavedAt] = useState<number | null>(null);
  const [saver] = useState(
    () =>
      new Autosaver<EntrySummary>({
        save: api.saveEntry,
        onSaved: (id, summary) => {
          pages.patch(summary);
          if (current.current?.id === id) setSavedAt(summary.updatedAt);
        },
      }),
  );
  const [entry, setEntry] = useState<Entry | null>(null);
  const [text, setTextShown] = useState("");
  // The window's copy of the text follows the editor once typing pauses, not at every keystroke: the
  // editor holds the text and autosave gets every change at once, so a keystroke re-renders only
  // the editor, not the window around it (the tag chips and the mood panel wait for the pause).
  const textTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const setTextState = useCallback((value: string) => {
    clearTimeout(textTimer.current);
    setTextShown(value);
  }, []);
  useEffect(() => () => clearTimeout(textTimer.current), []);
  const [switching, setSwitching] = useState(false);
  const openTicket = useRef(0);
  const onOpenFailedRef = useRef(onOpenFailed);
  onOpenFailedRef.current = onOpenFailed;

  const status = useSyncExternalStore(saver.subscribe, () =>
    entry ? saver.status(entry.id) : SAVED,
  );

  const show = useCallback(
    (next: Entry) => {
      const previous = current.current;
      if (previous && previous.id !== next.id) saver.forget(previous.id);
      current.current = next;
      setEntry(next);
      setSavedAt(next.updatedAt);
      setTextState(saver.open(next.id, next.content));
    },
    [saver, setTextState],
  );

  const open = useCallback(
    async (id: string): Promise<boolean> => {
      const previous = current.current;
      if (previous?.id === id) return true;
      const ticket = ++openTicket.current;
      setSwitching(true);
      try {
        if (previous) {
          try {
            await saver.flush(previous.id);
          } catch {
            return false; // the save error is already on screen, with Retry
          }
        }
        let next: Entry;
        try {
          next = await api.getEntry(id);
        } catch (error) {
          if (ticket === openTicket.current) onOpenFailedRef.current(toAppError(error));
          return false;
        }
        // A later click won the race; its own open() shows its entry.
        if (ticket !== openTicket.current) return false;
        show(next);
        return true;
      } finally {
        if (ticket === openTicket.current) setSwitching(false);
      }
    },
    [saver, show],
  );

  const cancelOpen = useCallback(() => {
    openTicket.current += 1;
    setSwitching(false);
  }, []);

  const setText = useCallback(
    (id: string, value: string, settled = false) => {
      if (current.current?.id !== id) return;
      saver.change(id, value);
      clearTimeout(textTimer.current);
      if (settled) {
        setTextShown(value);
        return;
      }
      textTimer.current = setTimeout(() => {
        if (current.current?.id === id) setTextShown(value);
      }, TEXT_SETTLES_MS);
    },
    [saver],
  );

  const flush = useCallback(async (): Promise<boolean> => {
    const target = current.current;
    if (!target) return true;
    try {
      await saver.flush(target.id);
      return true;
    } catch {
      return false;
    }
  }, [saver]);

  const reload = useCallback(async (): Promise<boolean> => {
    const target = current.current;
    if (!target) return true;
    try {
      await saver.flush(target.id);
    } catch {
      return false; // the save error is already on screen, with Retry
    }
    const ticket = ++openTicket.current;
    let next: Entry;
    try {
      next = await api.getEntry(target.id);
    } catch (error) {
      if (ticket === openTicket.current) onOpenFailedRef.current(toAppError(error));
      return false;
    }
    // Another entry was opened meanwhile; it is the one to show.
    if (ticket !== openTicket.current || current.current?.id !== target.id) return false;
    show(next);
    return true;
  }, [saver, show]);

  const close = useCallback(() => {
    openTicket.current += 1;
    const previous = current.current;
    if (previous) saver.forget(previous.id);
    current.current = null;
    setEntry(null);
    setSavedAt(null);
    setTextState("");
    setSwitching(false);
  }, [saver, setTextState]);

  return { entry, text, status, switching, savedAt, saver, setText, open, show, cancelOpen, flush, reload, close };
}
