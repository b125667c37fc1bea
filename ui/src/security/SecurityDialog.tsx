// Security: the passphrase (set, change, remove), whether to ask for it at every start, auto-lock, and
// a new recovery key. Each change applies at once through its command; errors show in the dialog.
import { useEffect, useId, useRef, useState } from "react";
import type { FormEvent } from "react";
import { api } from "../ipc/api";
import type { AppError, Security } from "../ipc/api";
import { describeError, toAppError } from "../ipc/errors";
import { ConfirmDialog } from "../ui/ConfirmDialog";
import { ModalFrame } from "../ui/ModalFrame";
import { useModal } from "../ui/useModal";
import { PassphraseFields, usePassphraseForm } from "./PassphraseFields";

/** The auto-lock choices, in minutes; null is Off. */
export const AUTO_LOCK_MINUTES: readonly (number | null)[] = [null, 1, 5, 10, 15, 30, 60];

interface Props {
  /** As the journal window knows them; null until the back end has said. */
  security: Security | null;
  onChange(security: Security): void;
  /** "Make a new recovery key…": shows the recovery key dialog over this one. */
  onNewRecoveryKey(): void;
  onClose(): void;
}

const REMOVE_MESSAGE =
  "Quire won't be able to lock any more: the system keyring opens your journal, with nothing to type. " +
  "Your recovery key still opens it on another computer.";

type Outcome = { kind: "done"; message: string } | { kind: "failed"; what: string; error: AppError };

export function SecurityDialog({ security, onChange, onNewRecoveryKey, onClose }: Props) {
  const { dialogRef, initialFocusRef: closeRef, onKeyDown } = useModal<HTMLButtonElement>(onClose);
  const titleId = useId();
  const textId = useId();
  const askId = useId();
  const askHintId = useId();
  const autoLockId = useId();
  const form = usePassphraseForm();
  const [pending, setPending] = useState(false);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const [confirmingRemove, setConfirmingRemove] = useState(false);
  const mounted = useRef(true);
  const onChangeRef = useRef(onChange);
  onChangeRef.current = onChange;

  // The settings may have changed since the window opened (another change, a failed one): ask again.
  useEffect(() => {
    mounted.current = true;
    api.securityStatus().then(
      (now) => mounted.current && onChangeRef.current(now),
      (error: unknown) => mounted.current && setOutcome({ kind: "failed", what: "read your security settings", error: toAppError(error) }),
    );
    return () => {
      mounted.current = false;
    };
  }, []);

  /** Runs one command; one at a time, so two quick changes can't cross. */
  const apply = (what: string, done: string, run: () => Promise<Security>, after?: () => void) => {
    if (pending) return;
    setPending(true);
    setOutcome(null);
    run().then(
      (next) => {
        after?.();
        if (!mounted.current) return;
        setPending(false);
        onChange(next);
        setOutcome({ kind: "done", message: done });
      },
      (error: unknown) => {
        if (!mounted.current) return;
        setPending(false);
        setOutcome({ kind: "failed", what, error: toAppError(error) });
      },
    );
  };

  const has = security?.hasPassphrase ?? false;
  const ask = security?.askAtStart ?? false;
  const minutes = security?.autoLockMinutes ?? null;
  // A setting made elsewhere that is not one of the choices is shown as it is.
  const choices =
    minutes === null || AUTO_LOCK_MINUTES.includes(minutes) ? AUTO_LOCK_MINUTES : [...AUTO_LOCK_MINUTES, minutes];

  // Removing the passphrase takes away the button that had the focus; keep the keyboard in the dialog.
  useEffect(() => {
    const active = document.activeElement;
    if (!active || active === document.body) closeRef.current?.focus();
  }, [has, closeRef]);

  const setPassphrase = (event: FormEvent) => {
    event.preventDefault();
    if (pending) return;
    const passphrase = form.take();
    if (passphrase === null) return;
    const done = has ? "Passphrase changed." : "Passphrase set.";
    apply("set the passphrase", done, () => api.setPassphrase(passphrase), form.clear);
  };

  const removePassphrase = () => {
    setConfirmingRemove(false);
    apply("remove the passphrase", "Passphrase removed.", api.removePassphrase);
  };

  return (
    <>
      <ModalFrame
        dialogRef={dialogRef}
        onKeyDown={onKeyDown}
        onDismiss={onClose}
        labelledBy={titleId}
        describedBy={textId}
        className="security-dialog security-settings"
        testId="security-dialog"
      >
        <h2 id={titleId} className="dialog-title">
          Security
        </h2>
        <p id={textId} className="dialog-text">
          Your journal is encrypted on this computer. A passphrase lets you lock Quire when you step away.
        </p>

        {security === null && outcome === null && (
          <p className="security-status" role="status">
            Reading your security settings…
          </p>
        )}

        <section className="security-section" aria-labelledby={`${titleId}-passphrase`}>
          <h3 id={`${titleId}-passphrase`} className="security-heading">
            Passphrase
          </h3>
          <p className="security-note">
            {has
              ? "Quire asks for your passphrase when it is locked. Your recovery key opens it too."
              : "No passphrase is set. Choose one to be able to lock Quire."}
          </p>
          <form onSubmit={setPassphrase} noValidate>
            <PassphraseFields
              form={form}
              firstLabel="New passphrase"
              repeatLabel="Repeat the passphrase"
              busy={pending}
            />
            <div className="security-row">
              <button type="submit" className="button" aria-disabled={pending}>
                {has ? "Change passphrase" : "Set passphrase"}
              </button>
              {has && (
                <button
                  type="button"
                  className="button button-danger-quiet"
                  onClick={() => !pending && setConfirmingRemove(true)}
                >
                  Remove passphrase…
                </button>
              )}
            </div>
          </form>
        </section>

        <section className="security-section" aria-labelledby={`${titleId}-locking`}>
          <h3 id={`${titleId}-locking`} className="security-heading">
            Locking
          </h3>
          <div className="security-check">
            <input
              id={askId}
              type="checkbox"
              checked={has && ask}
              disabled={!has}
              aria-describedby={askHintId}
              onChange={(event) => {
                const checked = event.target.checked;
                const done = checked
                  ? "Quire will ask for your passphrase at every start."
                  : "The system keyring will open your journal at start.";
                apply("change when Quire asks", done, () => api.setLockOptions(checked, minutes));
              }}
            />
            <label htmlFor={askId}>Ask for my passphrase at every start</label>
          </div>
          <p id={askHintId} className="field-hint">
            {has
              ? "When this is off, the system keyring opens your journal at start, with nothing to type."
              : "Set a passphrase to use these."}
          </p>
          <label className="field-label" htmlFor={autoLockId}>
            Lock automatically
          </label>
          <select
            id={autoLockId}
            className="field-select"
            data-testid="auto-lock"
            value={has && minutes !== null ? String(minutes) : "off"}
            disabled={!has}
            onChange={(event) => {
              const value = event.target.value === "off" ? null : Number(event.target.value);
              const done = value === null ? "Auto-lock is off." : `Quire locks after ${describeMinutes(value)} without use.`;
              apply("change auto-lock", done, () => api.setLockOptions(ask, value));
            }}
          >
            {choices.map((choice) => (
              <option key={choice ?? "off"} value={choice === null ? "off" : String(choice)}>
                {choice === null ? "Off" : `After ${describeMinutes(choice)} without use`}
              </option>
            ))}
          </select>
        </section>

        <section className="security-section" aria-labelledby={`${titleId}-recovery`}>
          <h3 id={`${titleId}-recovery`} className="security-heading">
            Recovery key
          </h3>
          <p className="security-note">
            {security?.recoveryConfirmed === false
              ? "You haven't checked that you saved your recovery key yet."
              : "Your recovery key opens this journal if you forget your passphrase or move to a new computer."}
          </p>
          <button type="button" className="button" onClick={onNewRecoveryKey}>
            Make a new recovery key…
          </button>
        </section>

        {outcome?.kind === "failed" && (
          <p className="security-error" role="alert">
            Couldn't {outcome.what}. {describeError(outcome.error)}
          </p>
        )}
        <p className="security-status" role="status">
          {outcome?.kind === "done" ? outcome.message : ""}
        </p>
        <div className="dialog-actions">
          <button ref={closeRef} type="button" className="button" onClick={onClose}>
            Close
          </button>
        </div>
      </ModalFrame>
      {confirmingRemove && (
        <ConfirmDialog
          title="Remove your passphrase?"
          message={REMOVE_MESSAGE}
          confirmLabel="Remove passphrase"
          onConfirm={removePassphrase}
          onCancel={() => setConfirmingRemove(false)}
        />
      )}
    </>
  );
}

function describeMinutes(minutes: number): string {
  return minutes === 1 ? "1 minute" : `${minutes} minutes`;
}
