// A modal yes/no question: focus stays inside, Escape cancels, focus goes back where it was.
import { useId } from "react";
import { ModalFrame } from "./ModalFrame";
import { useModal } from "./useModal";

interface Props {
  title: string;
  message: string;
  confirmLabel: string;
  /** "danger" (the default) for choices that remove something; "primary" for ones that don't. */
  tone?: "danger" | "primary";
  onConfirm(): void;
  onCancel(): void;
}

export function ConfirmDialog({ title, message, confirmLabel, tone = "danger", onConfirm, onCancel }: Props) {
  // Cancel takes focus, the safe default: an accidental Enter must not delete anything.
  const { dialogRef, initialFocusRef: cancelRef, onKeyDown } = useModal<HTMLButtonElement>(onCancel);
  const titleId = useId();
  const messageId = useId();

  return (
    <ModalFrame dialogRef={dialogRef} onKeyDown={onKeyDown} onDismiss={onCancel} labelledBy={titleId} describedBy={messageId}>
      <h2 id={titleId} className="dialog-title">
        {title}
      </h2>
      <p id={messageId} className="dialog-text">
        {message}
      </p>
      <div className="dialog-actions">
        <button ref={cancelRef} type="button" className="button" onClick={onCancel}>
          Cancel
        </button>
        <button type="button" className={`button button-${tone}`} onClick={onConfirm}>
          {confirmLabel}
        </button>
      </div>
    </ModalFrame>
  );
}
