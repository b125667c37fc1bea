// A short-lived notice at the bottom of the window with one action (used for "Entry deleted · Undo").
import { useEffect } from "react";

interface Props {
  message: string;
  actionLabel: string;
  durationMs?: number;
  onAction(): void;
  onDismiss(): void;
}

export function Toast({ message, actionLabel, durationMs = 8000, onAction, onDismiss }: Props) {
  useEffect(() => {
    const timer = setTimeout(onDismiss, durationMs);
    return () => clearTimeout(timer);
  }, [onDismiss, durationMs]);

  return (
    <div className="toast" role="status" aria-live="polite">
      <span>{message}</span>
      <span className="toast-dot" aria-hidden="true">
        ·
      </span>
      <button type="button" className="toast-action" onClick={onAction}>
        {actionLabel}
      </button>
      <button type="button" className="toast-close" onClick={onDismiss} aria-label="Dismiss">
        ×
      </button>
    </div>
  );
}
