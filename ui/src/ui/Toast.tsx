// A short-lived notice at the bottom of the window, with one action or none (used for "Entry deleted ·
// Undo", and for sync's one-off notices).
import { useEffect } from "react";

interface Props {
  message: string;
  actionLabel?: string;
  durationMs?: number;
  onAction?(): void;
  onDismiss(): void;
  testId?: string;
}

export function Toast({ message, actionLabel, durationMs = 8000, onAction, onDismiss, testId }: Props) {
  useEffect(() => {
    const timer = setTimeout(onDismiss, durationMs);
    return () => clearTimeout(timer);
  }, [onDismiss, durationMs]);

  return (
    <div className="toast" role="status" aria-live="polite" data-testid={testId}>
      <span>{message}</span>
      {actionLabel && onAction && (
        <>
          <span className="toast-dot" aria-hidden="true">
            ·
          </span>
          <button type="button" className="toast-action" onClick={onAction}>
            {actionLabel}
          </button>
        </>
      )}
      <button type="button" className="toast-close" onClick={onDismiss} aria-label="Dismiss">
        ×
      </button>
    </div>
  );
}
