// The lock window: the journal is locked, and its passphrase or recovery key opens it again. The
// typed secret is never kept in React state: it is read from the field when sent, and the field is
// emptied at once. After a wrong one the back end makes each further try wait longer.
import { useCallback, useEffect, useId, useLayoutEffect, useRef, useState } from "react";
import type { FormEvent, KeyboardEvent } from "react";
import { api } from "../ipc/api";
import type { AppError, LockStatus } from "../ipc/api";
import { describeError, toAppError } from "../ipc/errors";
import { useCountdown } from "./useCountdown";

export function LockScreen() {
  const [status, setStatus] = useState<LockStatus | null>(null);
  const [unlocking, setUnlocking] = useState(false);
  const [error, setError] = useState<AppError | null>(null);
  const [capsLock, setCapsLock] = useState(false);
  const { secondsLeft, start: wait } = useCountdown();
  const inputRef = useRef<HTMLInputElement>(null);
  const mounted = useRef(true);
  const inputId = useId();
  const hintId = useId();
  const errorId = useId();

  const readStatus = useCallback(
    () =>
      api.lockStatus().then(
        (now) => {
          if (!mounted.current) return;
          setStatus(now);
          wait(now.waitMs);
        },
        () => undefined, // unknown: the field still takes either secret
      ),
    [wait],
  );

  // The window opens to type the secret.
  useLayoutEffect(() => inputRef.current?.focus(), []);

  useEffect(() => {
    mounted.current = true;
    void readStatus();
    return () => {
      mounted.current = false;
    };
  }, [readStatus]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const input = inputRef.current;
    if (!input || unlocking || secondsLeft > 0) return;
    const secret = input.value;
    if (secret === "") {
      input.focus();
      return;
    }
    input.value = "";
    setUnlocking(true);
    setError(null);
    api.unlockJournal(secret).then(
      () => undefined, // the back end opens the journal window and closes this one
      (failure: unknown) => {
        if (!mounted.current) return;
        setError(toAppError(failure));
        inputRef.current?.focus();
        // The button stays busy until the back end says how long the next try must wait.
        void readStatus().finally(() => mounted.current && setUnlocking(false));
      },
    );
  };

  const onKey = (event: KeyboardEvent<HTMLInputElement>) => setCapsLock(event.getModifierState?.("CapsLock") ?? false);

  const hasPassphrase = status?.hasPassphrase ?? true;
  const label = hasPassphrase ? "Passphrase or recovery key" : "Recovery key";
  const hint = hasPassphrase
    ? "Type your passphrase. If you forgot it, type your recovery key."
    : "Type the recovery key you saved: eight groups of four letters and digits.";
  const describedBy = error ? `${hintId} ${errorId}` : hintId;

  return (
    <div className="locked" data-testid="locked">
      <main className="locked-main">
        <LockMark />
        <h1 className="locked-title">Quire is locked</h1>
        {status?.who && (
          <p className="locked-who" data-testid="locked-who">
            Journal of {status.who}
          </p>
        )}
        <form className="locked-form" onSubmit={submit} noValidate>
          <label className="field-label" htmlFor={inputId}>
            {label}
          </label>
          <input
            ref={inputRef}
            id={inputId}
            type="password"
            className="field-input locked-input"
            data-testid="unlock-input"
            autoComplete="current-password"
            spellCheck={false}
            readOnly={unlocking}
            aria-invalid={error !== null || undefined}
            aria-describedby={describedBy}
            onKeyDown={onKey}
            onKeyUp={onKey}
          />
          <p id={hintId} className="field-hint">
            {hint}
            {capsLock && <strong className="locked-caps"> Caps Lock is on.</strong>}
          </p>
          {error && (
            <p id={errorId} className="locked-error" role="alert" data-testid="error-message">
              {describeError(error)}
            </p>
          )}
          <button
            type="submit"
            className="button button-primary locked-button"
            data-testid="unlock-submit"
            disabled={unlocking || secondsLeft > 0}
          >
            {unlocking ? "Unlocking…" : secondsLeft > 0 ? `Try again in ${secondsLeft} s` : "Unlock"}
          </button>
        </form>
      </main>
      <footer className="welcome-footer">Your entries are encrypted on this computer.</footer>
    </div>
  );
}

function LockMark() {
  return (
    <svg className="locked-mark" width="56" height="56" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
      <rect x="5" y="10.5" width="14" height="10" rx="2.5" fill="none" stroke="currentColor" strokeWidth="1.4" />
      <path d="M8.5 10.5V8a3.5 3.5 0 0 1 7 0v2.5" fill="none" stroke="currentColor" strokeWidth="1.4" />
      <circle cx="12" cy="15.5" r="1.3" fill="currentColor" />
    </svg>
  );
}
