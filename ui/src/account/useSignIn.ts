// Signing in from the welcome window: one attempt at a time, which can be cancelled while it waits.
import { useCallback, useRef, useState } from "react";
import { api } from "../ipc/api";
import type { AppError } from "../ipc/api";
import { toAppError } from "../ipc/errors";

/** "opening": signed in; the back end is opening the journal and closes this window. */
export type SignInPhase = "idle" | "waiting" | "cancelling" | "opening";

export interface SignIn {
  phase: SignInPhase;
  /** True while the attempt in progress uses the system browser. */
  inBrowser: boolean;
  /** `browser`: sign in through the system browser this time, whatever the setting. */
  start(browser?: boolean): void;
  cancel(): void;
}

// Shown when cancelling finished before the back end's own word on the attempt arrived.
const CANCELLED: AppError = {
  code: "sign_in_cancelled",
  message: "Sign-in cancelled. Sign in again whenever you're ready.",
};

interface Attempt {
  settled: boolean;
}

/** `report` gets the notice to show: null when an attempt starts or succeeds, the AppError when it ends otherwise. */
export function useSignIn(report: (notice: AppError | null) => void): SignIn {
  const [phase, setPhase] = useState<SignInPhase>("idle");
  const [inBrowser, setInBrowser] = useState(false);
  const attempt = useRef<Attempt | null>(null);
  const reportRef = useRef(report);
  reportRef.current = report;

  /** The first word on an attempt wins; later ones (say, a rejection after cancelling) change nothing. */
  const settle = useCallback((which: Attempt, next: SignInPhase, notice: AppError | null) => {
    if (attempt.current !== which || which.settled) return;
    which.settled = true;
    setPhase(next);
    reportRef.current(notice);
  }, []);

  const start = useCallback((browser = false) => {
    if (attempt.current && !attempt.current.settled) return;
    const mine: Attempt = { settled: false };
    attempt.current = mine;
    setInBrowser(browser);
    setPhase("waiting");
    reportRef.current(null);
    api.signIn(browser).then(
      () => settle(mine, "opening", null),
      (error: unknown) => settle(mine, "idle", toAppError(error)),
    );
  }, [settle]);

  const cancel = useCallback(() => {
    const mine = attempt.current;
    if (!mine || mine.settled) return;
    setPhase("cancelling");
    api.cancelSignIn().then(
      () => settle(mine, "idle", CANCELLED),
      (error: unknown) => {
        // Still waiting for the sign-in; say why cancelling didn't work and let the person try again.
        if (attempt.current !== mine || mine.settled) return;
        setPhase("waiting");
        reportRef.current(toAppError(error));
      },
    );
  }, [settle]);

  return { phase, inBrowser, start, cancel };
}
