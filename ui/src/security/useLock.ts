// Locking the journal: make every text durable, exactly as closing the window does, then let the back
// end lock (it closes this window, dropping every decrypted text). If the text can't be saved, nothing
// is locked and the window says why.
import { useCallback, useRef, useState } from "react";
import { flushWithinLimit } from "../app/useCloseGuard";
import type { Flushable } from "../app/useCloseGuard";
import { api } from "../ipc/api";
import type { AppError } from "../ipc/api";
import { toAppError } from "../ipc/errors";

export interface LockProblem {
  error: AppError;
  /** "save": the latest text couldn't be saved first; "lock": the back end (or asking it) failed. */
  stage: "save" | "lock";
}

export interface Lock {
  /** Saving or locking; the window closes when this is done. */
  busy: boolean;
  problem: LockProblem | null;
  /** Saves everything, then locks. Does nothing while a lock is already under way. */
  run(): void;
  /** Shows why locking could not start, e.g. the lock settings could not be read. */
  fail(error: unknown): void;
  dismiss(): void;
  /** The text got saved after all, so a "couldn't save" problem no longer applies. */
  saved(): void;
}

export function useLock(saver: Flushable): Lock {
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<LockProblem | null>(null);
  const running = useRef(false);

  const dismiss = useCallback(() => setProblem(null), []);
  const saved = useCallback(() => setProblem((p) => (p?.stage === "save" ? null : p)), []);
  const fail = useCallback((error: unknown) => setProblem({ error: toAppError(error), stage: "lock" }), []);

  const run = useCallback(() => {
    if (running.current) return;
    running.current = true;
    setProblem(null);
    setBusy(true);
    const failed = (stage: LockProblem["stage"]) => (error: unknown) => {
      running.current = false;
      setBusy(false);
      setProblem({ error: toAppError(error), stage });
    };
    flushWithinLimit(saver).then(
      () =>
        // Still busy on success: the back end closes this window.
        api.lockJournal().catch(failed("lock")),
      failed("save"),
    );
  }, [saver]);

  return { busy, problem, run, fail, dismiss, saved };
}
