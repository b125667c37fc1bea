// Saves everything before the window closes; if that fails the window stays open and says why.
import { useEffect, useRef } from "react";
import { isTauri } from "@tauri-apps/api/core";
import { getCurrentWindow } from "@tauri-apps/api/window";
import type { AppError } from "./bindings";
import { toAppError } from "./errors";

/** The part of the autosaver this needs. */
export interface Flushable {
  flushAll(): Promise<void>;
  hasUnsaved(): boolean;
}

// A hung save must not make the window impossible to close without a word.
const CLOSE_SAVE_LIMIT_MS = 10_000;

function withinTime(work: Promise<void>, ms: number): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject({ code: "busy", message: "Saving is taking much longer than usual." } satisfies AppError),
      ms,
    );
  });
  return Promise.race([work, late]).finally(() => clearTimeout(timer));
}

/** Saves everything, but gives up with a "busy" AppError instead of hanging on a stuck save. */
export function flushWithinLimit(saver: Flushable): Promise<void> {
  return withinTime(saver.flushAll(), CLOSE_SAVE_LIMIT_MS);
}

export function useCloseGuard(saver: Flushable, onBlocked: (error: AppError) => void): void {
  const onBlockedRef = useRef(onBlocked);
  onBlockedRef.current = onBlocked;

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
          onBlockedRef.current(toAppError(error));
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
}

/** Unlistening can fail while the window is being torn down; there is nothing left to do then. */
function quietly(stop: () => unknown): void {
  Promise.resolve()
    .then(stop)
    .catch(() => undefined);
}

/** Closes the window without asking the guard again (after "Close without saving", or once saved). */
export function closeNow(): void {
  if (isTauri()) void getCurrentWindow().destroy();
  else window.close();
}
