// "Choose a passphrase to lock Quire": what the Lock button opens while no passphrase is set. Sets the
// passphrase, then the caller locks.
import { useEffect, useId, useRef, useState } from "react";
import type { FormEvent } from "react";
import { api } from "../ipc/api";
import type { AppError, Security } from "../ipc/api";
import { describeError, toAppError } from "../ipc/errors";
import { ModalFrame } from "../ui/ModalFrame";
import { useModal } from "../ui/useModal";
import { PassphraseFields, usePassphraseForm } from "./PassphraseFields";

interface Props {
  /** The passphrase is set; `security` is the settings with it. */
  onSet(security: Security): void;
  onCancel(): void;
}

export function ChoosePassphraseDialog({ onSet, onCancel }: Props) {
  const [setting, setSetting] = useState(false);
  // Once sent, the passphrase is being set and the lock follows: too late to cancel.
  const cancel = () => {
    if (!setting) onCancel();
  };
  const { dialogRef, initialFocusRef, onKeyDown } = useModal<HTMLInputElement>(cancel);
  const form = usePassphraseForm(initialFocusRef);
  const titleId = useId();
  const textId = useId();
  const [error, setError] = useState<AppError | null>(null);
  const mounted = useRef(true);

  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
    };
  }, []);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (setting) return;
    const passphrase = form.take();
    if (passphrase === null) return;
    setSetting(true);
    setError(null);
    api.setPassphrase(passphrase).then(
      (security) => {
        form.clear();
        if (mounted.current) onSet(security);
      },
      (failure: unknown) => {
        if (!mounted.current) return;
        setSetting(false);
        setError(toAppError(failure));
      },
    );
  };

  return (
    <ModalFrame
      dialogRef={dialogRef}
      onKeyDown={onKeyDown}
      onDismiss={cancel}
      labelledBy={titleId}
      describedBy={textId}
      className="security-dialog"
      testId="choose-passphrase"
    >
      <form onSubmit={submit} noValidate>
        <h2 id={titleId} className="dialog-title">
          Choose a passphrase to lock Quire
        </h2>
        <p id={textId} className="dialog-text">
          While Quire is locked, your journal opens only with this passphrase. You can also unlock it with
          your recovery key.
        </p>
        <PassphraseFields form={form} firstLabel="Passphrase" repeatLabel="Repeat the passphrase" busy={setting} />
        {error && (
          <p className="security-error" role="alert">
            Couldn't set the passphrase. {describeError(error)}
          </p>
        )}
        <div className="dialog-actions">
          <button type="button" className="button" onClick={cancel} aria-disabled={setting}>
            Cancel
          </button>
          {/* Not `disabled` while setting: a disabled button would drop the focus out of the dialog. */}
          <button type="submit" className="button button-primary" aria-disabled={setting}>
            {setting ? "Setting passphrase…" : "Set passphrase and lock"}
          </button>
        </div>
      </form>
    </ModalFrame>
  );
}
