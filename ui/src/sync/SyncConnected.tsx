// Sync once connected: the server and the user, when it last synced, what waits to be sent, what
// stopped it (with what to do), and Sync now and Disconnect.
import type { SyncStatus } from "../ipc/api";
import { formatCount } from "../ui/format";
import { describeSyncTime, syncLine } from "./syncText";

interface Props {
  status: SyncStatus;
  /** Disconnecting is under way. */
  leaving: boolean;
  onSyncNow(): void;
  onDisconnect(): void;
}

export function SyncConnected({ status, leaving, onSyncNow, onDisconnect }: Props) {
  const { server, pending, lastSyncedAt, conflicts } = status;
  const line = syncLine(status);
  const troubled = status.state === "error" || status.state === "offline";
  return (
    <div className="sync-connected" data-testid="sync-connected">
      <dl className="sync-facts">
        <dt>Server</dt>
        <dd className="sync-url" data-testid="sync-server">
          {server?.url}
        </dd>
        <dt>User</dt>
        <dd data-testid="sync-user">{server?.username}</dd>
        <dt>Now</dt>
        <dd data-testid="sync-state" role="status">
          {line.text}
        </dd>
        <dt>Last synced</dt>
        <dd data-testid="sync-last">{lastSyncedAt === null ? "Not yet" : describeSyncTime(lastSyncedAt)}</dd>
        <dt>Waiting</dt>
        <dd data-testid="sync-pending">
          {pending === 0 ? "Nothing waits to be sent" : `${formatCount(pending)} ${pending === 1 ? "change" : "changes"} to send`}
        </dd>
      </dl>
      {troubled && status.message && (
        <p className="sync-trouble" data-testid="sync-trouble">
          {status.message}
        </p>
      )}
      {conflicts.length > 0 && (
        <p className="sync-note" data-testid="sync-conflict-count">
          {conflicts.length === 1 ? "One entry was" : `${formatCount(conflicts.length)} entries were`} changed on two
          devices. Open {conflicts.length === 1 ? "it" : "each"} and choose its text with the Conflict button above the
          editor.
        </p>
      )}
      <div className="sync-buttons">
        <button
          type="button"
          className="button"
          data-testid="sync-dialog-now"
          disabled={status.state === "syncing" || leaving}
          onClick={onSyncNow}
        >
          Sync now
        </button>
        <button type="button" className="button button-danger-quiet" data-testid="sync-disconnect" disabled={leaving} onClick={onDisconnect}>
          {leaving ? "Disconnecting…" : "Disconnect…"}
        </button>
      </div>
    </div>
  );
}
