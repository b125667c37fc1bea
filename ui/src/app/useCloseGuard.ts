// Saves everything before the window closes; if that fails the window stays open and says why.
import { useCallback, useEffect, useRef, useState } from "react";
import { isTauri } from "@tauri-apps/api/core";
import { getCurrentWindow } from "@tauri-apps/api/window";
import type { AppError } from "../ipc/bindings";
import { toAppError } from "../ipc/errors";

/** The part of the autosaver this needs. */
export interface Flushable {
  flushAll(): Promise<void>;
  hasUnsaved(): boolean;
}

/** Flushable, plus word of every save-state change (so a refused close can be forgotten once all is saved). */
export interface Watchable extends Flushable {
  subscribe(listener: () => void): () => void;
}

/** Why the window stayed open: the saves took too long, or one of them failed (maybe of an entry not on screen). */
export type CloseBlock = { kind: "slow" } | { kind: "failed"; error: AppError };

export interface CloseGuard {
  /** Set while a close was refused and some text is still unsaved. */
  blocked: CloseBlock | null;
  /** "Save and close": tries the saves again and closes if they succeed, else says why again. */
  saveAndClose(): void;
  /** "Close without saving". */
  closeWithoutSaving(): void;
}

// A hung save must not make the window impossible to close without a word.
const CLOSE_SAVE_LIMIT_MS = 10_000;

// One shared object, so the close guard can tell "too slow" from a save that failed.
const SLOW_SAVE: AppError = Object.freeze({ code: "busy", message: "Saving is taking much longer than usual. Your text is still in the editor: try again in a moment, and check that the disk is not full." });

function withinTime(work: Promise<void>, ms: number): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(SLOW_SAVE), ms);
  });
  return Promise.race([work, late]).finally(() => clearTimeout(timer));
}

/** Saves everything, but gives up with a "busy" AppError instead of hanging on a stuck save. */
export function flushWithinLimit(saver: Flushable): Promise<void> {
  return withinTime(saver.flushAll(), CLOSE_SAVE_LIMIT_MS);
}

function blockFor(error: unknown): CloseBlock {
  return error === SLOW_SAVE ? { kind: "slow" } : { kind: "failed", error: toAppError(error) };
}

export function useCloseGuard(saver: Watchable): CloseGuard {
  const [blocked, setBlocked] = useState<CloseBlock | null>(null);
  const retrying = useRef(false);

  // A refused close no longer matters once everything is saved.
  useEffect(
    () =>
      saver.subscribe(() => {
        if (!saver.hasUnsaved()) setBlocked(null);
      }),
    [saver],
  );

  useEffect(() => {
    // Hiding or minimizing the window is a good moment to make the text durable, too.
    const onHidden = () => {
      if (document.visibilityState === "hidden") saver.flushAll().catch(() => undefined);
    };
    document.addEventListener("visibilitychange", onHidden);

    if (!isTauri()) {
      // Plain browser (development, tests): the best we can do is the browser's own prompt.
      const onBeforeUnload = (event: BeforeUnloadEvent) => {
        if (saver.hasUnsaved()) event.preventDefault();
      };
      window.addEventListener("beforeunload", onBeforeUnload);
      return () => {
        document.removeEventListener("visibilitychange", onHidden);
        window.removeEventListener("beforeunload", onBeforeUnload);
      };
    }

    let unlisten: (() => void) | null = null;
    let disposed = false;
    getCurrentWindow()
      .onCloseRequested(async (event) => {
        try {
          await flushWithinLimit(saver);
        } catch (error) {
          event.preventDefault();
          setBlocked(blockFor(error));
        }
      })
      .then(
        (stop) => {
          if (disposed) quietly(stop);
          else unlisten = stop;
        },
        () => undefined,
      );
    return () => {
      disposed = true;
      if (unlisten) quietly(unlisten);
      document.removeEventListener("visibilitychange", onHidden);
    };
  }, [saver]);

  const saveAndClose = useCallback(() => {
    if (retrying.current) return;
    retrying.current = true;
    flushWithinLimit(saver)
      .then(closeNow, (error: unknown) => setBlocked(blockFor(error)))
      .finally(() => {
        retrying.current = false;
      });
  }, [saver]);

  return { blocked, saveAndClose, closeWithoutSaving: closeNow };
}

/** Unlistening can fail while the window is being torn down; there is nothing left to do then. */
function quietly(stop: () => unknown): void {
  Promise.resolve()
    .then(stop)
    .catch(() => undefined);
}

/** Closes the window without asking the guard again (after "Close without saving", or once saved). */
export function closeNow(): void {
  if (isTauri()) getCurrentWindow().destroy().catch(() => undefined);
  else window.close();
}
