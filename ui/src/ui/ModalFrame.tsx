// The backdrop and the dialog element every modal dialog shares. Clicking the backdrop dismisses it;
// `useModal` supplies the ref and the key handler (focus trap, Escape).
import type { KeyboardEvent, ReactNode, RefObject } from "react";

interface Props {
  dialogRef: RefObject<HTMLDivElement | null>;
  onKeyDown(event: KeyboardEvent<HTMLDivElement>): void;
  onDismiss(): void;
  /** Ids of the title and of the text that says what the dialog is about. */
  labelledBy: string;
  describedBy: string;
  className?: string;
  testId?: string;
  children: ReactNode;
}

export function ModalFrame({ dialogRef, onKeyDown, onDismiss, labelledBy, describedBy, className, testId, children }: Props) {
  return (
    <div className="dialog-backdrop" onMouseDown={(event) => event.target === event.currentTarget && onDismiss()}>
      <div
        ref={dialogRef}
        className={className ? `dialog ${className}` : "dialog"}
        role="dialog"
        aria-modal="true"
        aria-labelledby={labelledBy}
        aria-describedby={describedBy}
        data-testid={testId}
        tabIndex={-1}
        onKeyDown={onKeyDown}
      >
        {children}
      </div>
    </div>
  );
}
