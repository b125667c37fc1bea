// The server already holds a journal from another computer: its recovery key or passphrase opens it
// here, replacing this computer's journal. When it opens, the back end replaces the journal window,
// so this only says that it is on its way, or why it did not open.
import { useId, useState } from "react";
import type { FormEvent } from "react";
import { api } from "../ipc/api";
import type { SyncServer } from "../ipc/api";
import { describeError, toAppError } from "../ipc/errors";

interface Props {
  server: SyncServer | null;
  focusRef(element: HTMLElement | null): void;
  onJoined(): void;
  onDisconnect(): void;
}

type Phase = { kind: "typing" } | { kind: "joining" } | { kind: "opening" } | { kind: "failed"; message: string };

export function SyncJoinForm({ server, focusRef, onJoined, onDisconnect }: Props) {
  const [secret, setSecret] = useState("");
  const [phase, setPhase] = useState<Phase>({ kind: "typing" });
  const secretId = useId();
  const textId = useId();
  const problemId = useId();
  const busy = phase.kind === "joining" || phase.kind === "opening";

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (secret.trim() === "") {
      setPhase({ kind: "failed", message: "Enter the recovery key or the passphrase of the journal on the server." });
      return;
    }
    setPhase({ kind: "joining" });
    try {
      await api.joinSync(secret.trim());
      setSecret("");
      setPhase({ kind: "opening" });
      onJoined();
    } catch (error) {
      setPhase({ kind: "failed", message: `Couldn't open it. ${describeError(toAppError(error))}` });
    }
  };

  return (
    <form className="sync-form" data-testid="sync-join-form" onSubmit={(event) => void submit(event)}>
      <p id={textId} className="sync-explain" data-testid="sync-join-text">
        This server already holds your journal from another computer. Enter its recovery key or passphrase to open it
        here. This computer&apos;s journal is replaced by it.
      </p>
      {server && (
        <p className="sync-note">
          Server: <span className="sync-url">{server.url}</span> as {server.username}
        </p>
      )}
      <label className="field-label" htmlFor={secretId}>
        Recovery key or passphrase
      </label>
      <input
        ref={focusRef}
        id={secretId}
        className="field-input"
        data-testid="sync-secret"
        type="password"
        autoComplete="off"
        spellCheck={false}
        value={secret}
        disabled={busy}
        aria-describedby={phase.kind === "failed" ? `${textId} ${problemId}` : textId}
        aria-invalid={phase.kind === "failed" || undefined}
        onChange={(event) => setSecret(event.target.value)}
      />
      <p className="field-hint">A recovery key is eight groups of four letters and digits.</p>
      {phase.kind === "failed" && (
        <p id={problemId} className="field-problem sync-problem-text" role="alert" data-testid="sync-error">
          {phase.message}
        </p>
      )}
      <div className="sync-buttons">
        <button type="submit" className="button button-primary" data-testid="sync-join" disabled={busy}>
          {phase.kind === "joining" ? "Opening…" : "Join"}
        </button>
        {!busy && (
          <button type="button" className="button" data-testid="sync-disconnect" onClick={onDisconnect}>
            Disconnect…
          </button>
        )}
        <span className="sync-note" role="status" data-testid="sync-join-status">
          {phase.kind === "joining" && "Opening the journal on the server…"}
          {phase.kind === "opening" && "Your journal from the server is opening in a new window…"}
        </span>
      </div>
    </form>
  );
}
