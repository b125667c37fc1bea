// The Sync dialog, opened from Settings and from the footer: connecting to a CouchDB server, opening
// the journal a server already holds (with its recovery key or passphrase), and, once connected, the
// server, the last sync, what waits to be sent, Sync now and Disconnect.
import { useId, useState } from "react";
import { api } from "../ipc/api";
import type { AppError } from "../ipc/api";
import { describeError, toAppError } from "../ipc/errors";
import { ConfirmDialog } from "../ui/ConfirmDialog";
import { ModalFrame } from "../ui/ModalFrame";
import { useModal } from "../ui/useModal";
import { SyncConnectForm } from "./SyncConnectForm";
import { SyncConnected } from "./SyncConnected";
import { SyncJoinForm } from "./SyncJoinForm";
import type { Sync } from "./useSync";
import "./sync.css";

interface Props {
  sync: Sync;
  onClose(): void;
}

type Leaving = { kind: "idle" } | { kind: "asking" } | { kind: "working" } | { kind: "failed"; error: AppError };

export function SyncDialog({ sync, onClose }: Props) {
  const { dialogRef, initialFocusRef, onKeyDown } = useModal<HTMLElement>(onClose);
  const titleId = useId();
  const textId = useId();
  const [leaving, setLeaving] = useState<Leaving>({ kind: "idle" });
  // Once the journal on the server is opening, the window is about to be replaced: the join step stays.
  const [joined, setJoined] = useState(false);
  const { status } = sync;
  const section = !status
    ? "reading"
    : joined || status.state === "needs_key"
      ? "join"
      : status.state === "off" || !status.server
        ? "connect"
        : "connected";
  const focusFirst = (element: HTMLElement | null) => {
    if (element) initialFocusRef.current = element;
  };

  const disconnect = async () => {
    setLeaving({ kind: "working" });
    try {
      await api.disconnectSync();
      sync.update(await api.syncStatus());
      setLeaving({ kind: "idle" });
    } catch (error) {
      setLeaving({ kind: "failed", error: toAppError(error) });
    }
  };

  return (
    <>
      <ModalFrame
        dialogRef={dialogRef}
        onKeyDown={onKeyDown}
        onDismiss={onClose}
        labelledBy={titleId}
        describedBy={textId}
        className="sync-dialog"
        testId="sync-dialog"
      >
        <h2 id={titleId} className="dialog-title">
          Sync
        </h2>
        <p id={textId} className="dialog-text">
          Sync keeps your journal on a CouchDB server, end-to-end encrypted, so that your other computers have it too.
          The server sees no text. Writing never waits for it.
        </p>

        {section === "reading" && (
          <p className="sync-note" role="status">
            Reading where sync stands…
          </p>
        )}
        {section === "connect" && <SyncConnectForm focusRef={focusFirst} onConnected={sync.update} />}
        {section === "join" && status && (
          <SyncJoinForm
            server={status.server}
            focusRef={focusFirst}
            onJoined={() => setJoined(true)}
            onDisconnect={() => setLeaving({ kind: "asking" })}
          />
        )}
        {section === "connected" && status && (
          <SyncConnected
            status={status}
            leaving={leaving.kind === "working"}
            onSyncNow={sync.syncNow}
            onDisconnect={() => setLeaving({ kind: "asking" })}
          />
        )}
        {leaving.kind === "failed" && (
          <p className="field-problem sync-problem-text" role="alert" data-testid="sync-error">
            Couldn't disconnect. {describeError(leaving.error)}
          </p>
        )}

        <div className="dialog-actions">
          <button
            ref={section === "connected" || section === "reading" ? focusFirst : undefined}
            type="button"
            className="button"
            onClick={onClose}
          >
            Close
          </button>
        </div>
      </ModalFrame>
      {leaving.kind === "asking" && (
        <ConfirmDialog
          title="Stop syncing?"
          message="This computer stops syncing and forgets the password. Your journal stays here."
          confirmLabel="Disconnect"
          onConfirm={() => void disconnect()}
          onCancel={() => setLeaving({ kind: "idle" })}
        />
      )}
    </>
  );
}
