// Sync's line in the sidebar footer: where it stands (with a bar while a round has numbers), what to
// do when it needs the person (set it up, enter the recovery key, see why it stopped), and Sync now.
import { memo } from "react";
import type { SyncStatus } from "../ipc/api";
import { syncLine } from "./syncText";
import "./sync.css";

interface Props {
  status: SyncStatus | null;
  onSyncNow(): void;
  /** Opens the Sync dialog (at the join step when the recovery key is needed). */
  onOpen(): void;
}

export const SyncFooter = memo(function SyncFooter({ status, onSyncNow, onOpen }: Props) {
  if (!status) return null;
  const line = syncLine(status);
  const { state } = status;
  // The states that ask something of the person: the text itself is the button that does it.
  const asking = state === "off" || state === "needs_key";
  return (
    <div className={`sync-footer sync-${state}`} data-testid="sync-footer">
      <span className="sync-dot" aria-hidden="true" />
      <span className="sync-line">
        {asking ? (
          <button
            type="button"
            className="sync-status sync-status-button"
            data-testid="sync-status"
            title={line.title}
            onClick={onOpen}
          >
            {line.text}
          </button>
        ) : (
          <span className="sync-status" data-testid="sync-status" role="status" title={line.title}>
            {line.text}
          </span>
        )}
        {state === "error" && (
          <span className="sync-problem">
            <span className="sync-message" data-testid="sync-message" role="alert">
              {line.title}
            </span>{" "}
            <button type="button" className="link-button" data-testid="sync-open-settings" onClick={onOpen}>
              Sync settings…
            </button>
          </span>
        )}
        {line.bar && (
          <progress
            className="sync-progress"
            data-testid="sync-progress"
            aria-label={line.text}
            {...(line.bar.max !== null ? { value: line.bar.value ?? 0, max: Math.max(line.bar.max, 1) } : {})}
          />
        )}
      </span>
      <button
        type="button"
        className="footer-icon-button sync-now"
        data-testid="sync-now"
        aria-label="Sync now"
        title="Sync now"
        disabled={state === "syncing" || state === "off" || state === "needs_key"}
        onClick={onSyncNow}
      >
        <SyncIcon />
      </button>
    </div>
  );
});

function SyncIcon() {
  return (
    <svg width="15" height="15" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
      <path
        d="M19.5 8.5A8 8 0 0 0 5 7.2M4.5 15.5A8 8 0 0 0 19 16.8M5 3.5v3.9h3.9M19 20.5v-3.9h-3.9"
        fill="none"
        stroke="currentColor"
        strokeWidth="1.8"
        strokeLinecap="round"
        strokeLinejoin="round"
      />
    </svg>
  );
}
