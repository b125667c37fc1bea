// Signing out from the journal: ask first, make every text durable, then let the back end sign out.
// If the text can't be saved, nothing is signed out and the window says why.
import { useCallback, useRef, useState } from "react";
import { flushWithinLimit } from "../app/useCloseGuard";
import type { Flushable } from "../app/useCloseGuard";
import { api } from "../ipc/api";
import type { AppError } from "../ipc/api";
import { toAppError } from "../ipc/errors";

export interface SignOutProblem {
  error: AppError;
  /** "save": the latest text couldn't be saved first; "sign_out": the back end refused. */
  stage: "save" | "sign_out";
}

export interface SignOut {
  confirming: boolean;
  /** Saving or signing out; the window closes when this is done. */
  busy: boolean;
  problem: SignOutProblem | null;
  /** Shows the confirmation dialog. */
  request(): void;
  cancel(): void;
  /** Saves, then signs out (used by the dialog, and by "Save and sign out" after a failed save). */
  run(): void;
  dismiss(): void;
  /** The text got saved after all, so a "couldn't save" problem no longer applies. */
  saved(): void;
}

export function useSignOut(saver: Flushable): SignOut {
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<SignOutProblem | null>(null);
  const running = useRef(false);

  const request = useCallback(() => {
    if (!running.current) setConfirming(true);
  }, []);
  const cancel = useCallback(() => setConfirming(false), []);
  const dismiss = useCallback(() => setProblem(null), []);
  const saved = useCallback(() => setProblem((p) => (p?.stage === "save" ? null : p)), []);

  const run = useCallback(() => {
    if (running.current) return;
    running.current = true;
    setConfirming(false);
    setProblem(null);
    setBusy(true);
    const fail = (stage: SignOutProblem["stage"]) => (error: unknown) => {
      running.current = false;
      setBusy(false);
      setProblem({ error: toAppError(error), stage });
    };
    flushWithinLimit(saver).then(
      () =>
        // Still busy on success: the back end closes this window.
        api.signOut().catch(fail("sign_out")),
      fail("save"),
    );
  }, [saver]);

  return { confirming, busy, problem, request, cancel, run, dismiss, saved };
}
