// "Save your recovery key": makes a new recovery key (replacing the old one), shows it this once with
// Copy and Print, then asks for it back to check it was saved. Each showing makes one key: the request
// is kept in a ref, so React's StrictMode running the effect twice doesn't make a second one.
import { useEffect, useId, useRef, useState } from "react";
import type { FormEvent } from "react";
import { api } from "../ipc/api";
import type { AppError, RecoveryKeyShown, Security } from "../ipc/api";
import { describeError, toAppError } from "../ipc/errors";
import { ModalFrame } from "../ui/ModalFrame";
import { useModal } from "../ui/useModal";

interface Props {
  /** A new key was made: the one saved before no longer opens the journal, and this one is not checked yet. */
  onMade(): void;
  /** The person typed the key back correctly; `security` says so. */
  onConfirmed(security: Security): void;
  /** "Remind me next time" (or Escape): a new key is made at the next start. */
  onClose(): void;
}

type Made = { kind: "making" } | { kind: "made"; key: string } | { kind: "failed"; error: AppError };

export const RECOVERY_TEXT =
  "Your recovery key opens this journal on a new computer, or if the system keyring is lost, or if you " +
  "forget your passphrase. Quire can't show it again, and can't recover your journal without it.";

export function RecoveryKeyDialog({ onMade, onConfirmed, onClose }: Props) {
  const { dialogRef, initialFocusRef: laterRef, onKeyDown } = useModal<HTMLButtonElement>(onClose);
  const titleId = useId();
  const textId = useId();
  const [made, setMade] = useState<Made>({ kind: "making" });
  const [attempt, setAttempt] = useState(0);
  const request = useRef<{ attempt: number; promise: Promise<RecoveryKeyShown> } | null>(null);
  const [step, setStep] = useState<"show" | "check">("show");
  const savedRef = useRef<HTMLButtonElement>(null);
  const backFromCheck = useRef(false);
  const onMadeRef = useRef(onMade);
  onMadeRef.current = onMade;

  useEffect(() => {
    let live = true;
    if (request.current?.attempt !== attempt) request.current = { attempt, promise: api.newRecoveryKey() };
    request.current.promise.then(
      (shown) => {
        if (!live) return;
        setMade({ kind: "made", key: shown.key });
        onMadeRef.current();
      },
      (error: unknown) => live && setMade({ kind: "failed", error: toAppError(error) }),
    );
    return () => {
      live = false;
    };
  }, [attempt]);

  // Back from the check, the keyboard goes to "I've saved it" again (the check focuses its own field).
  useEffect(() => {
    if (step === "show" && backFromCheck.current) savedRef.current?.focus();
  }, [step]);

  const retry = () => {
    setMade({ kind: "making" });
    setAttempt((n) => n + 1);
  };
  const back = () => {
    backFromCheck.current = true;
    setStep("show");
  };

  return (
    <ModalFrame
      dialogRef={dialogRef}
      onKeyDown={onKeyDown}
      // A stray click outside must not hide a key that is shown only once.
      onDismiss={() => undefined}
      labelledBy={titleId}
      describedBy={textId}
      className="security-dialog recovery-dialog"
      testId="recovery-dialog"
    >
      <div className="recovery-print">
        <h2 id={titleId} className="dialog-title">
          Save your recovery key
        </h2>
        <p id={textId} className="dialog-text">
          {RECOVERY_TEXT}
        </p>
        {made.kind === "made" && step === "show" && (
          <p className="recovery-key" data-testid="recovery-key">
            {made.key}
          </p>
        )}
      </div>
      {made.kind === "making" && (
        <p className="security-status" role="status">
          Making your recovery key…
        </p>
      )}
      {made.kind === "failed" && (
        <p className="security-error" role="alert">
          Couldn't make a recovery key. {describeError(made.error)}{" "}
          <button type="button" className="link-button" onClick={retry}>
            Try again
          </button>
        </p>
      )}
      {made.kind === "made" && step === "show" && <KeyTools keyText={made.key} />}
      {made.kind === "made" && step === "check" ? (
        <CheckKey onBack={back} onConfirmed={onConfirmed} />
      ) : (
        <div className="dialog-actions">
          <button ref={laterRef} type="button" className="button" onClick={onClose}>
            Remind me next time
          </button>
          {made.kind === "made" && (
            <button ref={savedRef} type="button" className="button button-primary" onClick={() => setStep("check")}>
              I've saved it
            </button>
          )}
        </div>
      )}
    </ModalFrame>
  );
}

/** Copy and Print, for the key on screen. */
function KeyTools({ keyText }: { keyText: string }) {
  const [copied, setCopied] = useState<"no" | "yes" | "failed">("no");
  const copy = () => {
    const clipboard = typeof navigator !== "undefined" ? navigator.clipboard : undefined;
    if (!clipboard) {
      setCopied("failed");
      return;
    }
    clipboard.writeText(keyText).then(
      () => setCopied("yes"),
      () => setCopied("failed"),
    );
  };

  return (
    <div className="recovery-tools">
      <button type="button" className="button" onClick={copy}>
        {copied === "yes" ? "Copied" : "Copy"}
      </button>
      {/* The print styles (security.css) print only the title, the text and the key. */}
      <button type="button" className="button" onClick={() => window.print()}>
        Print
      </button>
      <span className="security-status" role="status">
        {copied === "yes" && "Paste it somewhere safe, away from this computer."}
        {copied === "failed" && "Couldn't copy it: write it down, or print it."}
      </span>
    </div>
  );
}

interface CheckKeyProps {
  onBack(): void;
  onConfirmed(security: Security): void;
}

function CheckKey({ onBack, onConfirmed }: CheckKeyProps) {
  const inputId = useId();
  const problemId = useId();
  const inputRef = useRef<HTMLInputElement>(null);
  const [checking, setChecking] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const mounted = useRef(true);

  useEffect(() => {
    mounted.current = true;
    inputRef.current?.focus();
    return () => {
      mounted.current = false;
    };
  }, []);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const typed = inputRef.current?.value.trim() ?? "";
    if (checking) return;
    if (typed === "") {
      setProblem("Type the recovery key you saved.");
      inputRef.current?.focus();
      return;
    }
    setChecking(true);
    setProblem(null);
    api.confirmRecoveryKey(typed).then(
      (security) => mounted.current && onConfirmed(security),
      (failure: unknown) => {
        if (!mounted.current) return;
        const error = toAppError(failure);
        setChecking(false);
        setProblem(
          error.code === "wrong_secret"
            ? "That doesn't match your recovery key. Go back to see it again, and check each group of four."
            : `Couldn't check the key. ${describeError(error)}`,
        );
        inputRef.current?.select();
      },
    );
  };

  return (
    <form onSubmit={submit} noValidate>
      <label className="field-label" htmlFor={inputId}>
        Type your recovery key to check you saved it
      </label>
      <input
        ref={inputRef}
        id={inputId}
        className="field-input recovery-input"
        data-testid="recovery-check-input"
        autoComplete="off"
        autoCapitalize="characters"
        spellCheck={false}
        readOnly={checking}
        aria-invalid={problem !== null || undefined}
        aria-describedby={problem ? problemId : undefined}
      />
      {problem && (
        <p id={problemId} className="field-problem" role="alert">
          {problem}
        </p>
      )}
      <div className="dialog-actions">
        <button type="button" className="button" onClick={onBack}>
          Back to the key
        </button>
        <button type="submit" className="button button-primary" aria-disabled={checking}>
          {checking ? "Checking…" : "Check"}
        </button>
      </div>
    </form>
  );
}
