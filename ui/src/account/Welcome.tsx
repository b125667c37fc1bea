// The welcome window, shown while nobody is signed in: the mark, one line about Quire, and Sign in —
// or, when sign-in isn't configured, exactly what to set.
import { useEffect, useId, useRef, useState } from "react";
import type { RefObject } from "react";
import { api } from "../ipc/api";
import type { AppError, AuthStatus, JournalHealth, Restored, SignInMode } from "../ipc/api";
import { describeError, toAppError } from "../ipc/errors";
import { AccountNotice } from "./AccountNotice";
import { Recovery, describeBackup } from "./Recovery";
import { SetupHelp } from "./SetupHelp";
import { useSignIn } from "./useSignIn";
import type { SignInPhase } from "./useSignIn";

/** `auth` is null when the back end couldn't say; signing in is still worth a try then. `health` is
 * null when the back end couldn't say whether the journal opened (a sign-in then reports it). */
type Status = { kind: "loading" } | { kind: "ready"; auth: AuthStatus | null; health: JournalHealth | null };

export function Welcome() {
  const [status, setStatus] = useState<Status>({ kind: "loading" });
  const [notice, setNotice] = useState<AppError | null>(null);
  const signIn = useSignIn(setNotice);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const cancelRef = useRef<HTMLButtonElement>(null);
  const setupId = useId();

  useEffect(() => {
    let cancelled = false;
    const health = api.journalHealth().catch(() => null);
    api.authStatus().then(
      async (auth) => {
        const journal = await health;
        if (cancelled) return;
        setStatus({ kind: "ready", auth, health: journal });
        setNotice(auth.notice);
      },
      async (error: unknown) => {
        const journal = await health;
        if (cancelled) return;
        setStatus({ kind: "ready", auth: null, health: journal });
        setNotice(toAppError(error));
      },
    );
    return () => {
      cancelled = true;
    };
  }, []);

  const [restored, setRestored] = useState<Restored | null>(null);
  const onRestored = (outcome: Restored) => {
    setRestored(outcome);
    setStatus((current) => (current.kind === "ready" ? { ...current, health: null } : current));
  };
  const health = status.kind === "ready" ? status.health : null;
  const damaged = health?.damaged ? health : null;
  // The journal could not be opened at all (a read-only or full disk): signing in could not finish.
  const unusable = health?.problem ?? null;

  const auth = status.kind === "ready" ? status.auth : null;
  const configured = status.kind === "ready" && (auth?.configured ?? true);
  const { phase, inBrowser, start, cancel } = signIn;
  const mode: SignInMode = inBrowser ? "browser" : (auth?.mode ?? "embedded");
  const canStart = configured && phase === "idle" && !damaged && !unusable;

  // Keep the keyboard where it is useful: on the button when it can be used, on Cancel while waiting.
  useEffect(() => {
    const active = document.activeElement;
    const adrift = !active || active === document.body || active === buttonRef.current;
    if (phase === "waiting" && adrift) cancelRef.current?.focus();
    else if (canStart && adrift) buttonRef.current?.focus();
  }, [phase, canStart]);

  // Enter signs in from anywhere that isn't another control, so it works before anything has focus.
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.key !== "Enter" || event.isComposing || event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) {
        return;
      }
      const target = event.target;
      const free = target === window || target === document || target === document.body || target === buttonRef.current;
      if (!free || !canStart) return;
      event.preventDefault();
      start();
    };
    window.addEventListener("keydown", onKeyDown);
    return () => window.removeEventListener("keydown", onKeyDown);
  }, [canStart, start]);

  return (
    <div className="welcome" data-testid="welcome">
      <main className="welcome-main">
        <img className="welcome-mark" src="/quire.svg" alt="" width={88} height={88} draggable={false} />
        <h1 className="welcome-title">Quire</h1>
        {!damaged && (
          <p className="welcome-tagline">Your private journal. Sign in once, then write anywhere — even offline.</p>
        )}

        {restored && !restored.journalOpened && (
          <p className="welcome-notice welcome-notice-gentle" role="status" data-testid="restored">
            {restored.backup
              ? `Your journal was restored from the backup of ${describeBackup(restored.backup)}.`
              : "A new, empty journal was started."}{" "}
            The damaged file is kept in {restored.keptIn}. Sign in to go on writing.
          </p>
        )}
        {unusable && (
          <p className="welcome-notice" role="alert" data-testid="error-message">
            {describeError(unusable)}
          </p>
        )}
        {notice && !damaged && !unusable && <AccountNotice notice={notice} />}

        {damaged && <Recovery health={damaged} onRestored={onRestored} />}

        {status.kind === "ready" && !damaged && (
          <>
            <div className="welcome-actions">
              <button
                ref={buttonRef}
                type="button"
                className="button button-primary welcome-button"
                data-testid="sign-in-button"
                disabled={!canStart}
                aria-describedby={configured ? undefined : setupId}
                onClick={() => canStart && start()}
              >
                {auth?.provider ? `Sign in with ${auth.provider}` : "Sign in"}
              </button>
              {configured && (
                <p className="welcome-status" role="status" data-testid="sign-in-status">
                  <PhaseText phase={phase} mode={mode} cancelRef={cancelRef} onCancel={cancel} />
                </p>
              )}
              {canStart && auth?.mode === "embedded" && (
                <p className="welcome-alternative">
                  Sign-in page not working?{" "}
                  <button type="button" className="link-button" data-testid="sign-in-browser" onClick={() => start(true)}>
                    Use your web browser instead
                  </button>
                </p>
              )}
            </div>
            {!configured && <SetupHelp id={setupId} help={auth?.setupHelp ?? null} />}
          </>
        )}
      </main>

      <footer className="welcome-footer">
        <LockIcon />
        Your entries stay on this computer.
      </footer>
    </div>
  );
}

interface PhaseTextProps {
  phase: SignInPhase;
  mode: SignInMode;
  cancelRef: RefObject<HTMLButtonElement | null>;
  onCancel(): void;
}

function PhaseText({ phase, mode, cancelRef, onCancel }: PhaseTextProps) {
  switch (phase) {
    case "idle":
      return null;
    case "waiting":
      return (
        <>
          <span className="welcome-pulse" aria-hidden="true" />
          {mode === "browser"
            ? "Continue in your browser. Quire is waiting for it…"
            : "Finish signing in in the window that opened…"}{" "}
          <button ref={cancelRef} type="button" className="link-button" onClick={onCancel}>
            Cancel
          </button>
        </>
      );
    case "cancelling":
      return (
        <>
          <span className="welcome-pulse" aria-hidden="true" />
          Cancelling…
        </>
      );
    case "opening":
      return (
        <>
          <span className="welcome-pulse" aria-hidden="true" />
          Signed in. Opening your journal…
        </>
      );
  }
}

function LockIcon() {
  return (
    <svg width="13" height="13" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
      <rect x="5" y="10.5" width="14" height="10" rx="2.5" fill="none" stroke="currentColor" strokeWidth="1.8" />
      <path d="M8.5 10.5V8a3.5 3.5 0 0 1 7 0v2.5" fill="none" stroke="currentColor" strokeWidth="1.8" />
    </svg>
  );
}
