// Connecting to a server: the database's address, the user name and the password. The back end
// checks them (creating the database when the server allows it) before keeping them in the keyring;
// what it refuses is said under the form, with what to change.
import { useId, useState } from "react";
import type { FormEvent } from "react";
import { api } from "../ipc/api";
import type { SyncStatus } from "../ipc/api";
import { describeError, toAppError } from "../ipc/errors";

interface Props {
  /** For the field that takes focus when the dialog opens. */
  focusRef(element: HTMLElement | null): void;
  onConnected(status: SyncStatus): void;
}

/** Why the form can't be sent yet; null when it can. */
function problemOf(url: string, username: string, password: string): string | null {
  if (!/^https?:\/\/\S+$/i.test(url)) {
    return "Enter the address of the database, starting with https://, such as https://couch.example.org/journal-ada.";
  }
  if (username === "") return "Enter the user name the server knows you by.";
  if (password === "") return "Enter the password for that user name.";
  return null;
}

export function SyncConnectForm({ focusRef, onConnected }: Props) {
  const [url, setUrl] = useState("");
  const [username, setUsername] = useState("");
  const [password, setPassword] = useState("");
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const urlId = useId();
  const userId = useId();
  const passwordId = useId();
  const problemId = useId();

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const address = url.trim();
    const user = username.trim();
    const wrong = problemOf(address, user, password);
    setProblem(wrong);
    if (wrong) return;
    setBusy(true);
    try {
      const status = await api.connectSync(address, user, password);
      setPassword("");
      onConnected(status);
    } catch (error) {
      setProblem(`Couldn't connect. ${describeError(toAppError(error))}`);
    } finally {
      setBusy(false);
    }
  };

  const described = problem ? problemId : undefined;
  return (
    <form className="sync-form" data-testid="sync-connect-form" noValidate onSubmit={(event) => void submit(event)}>
      <label className="field-label" htmlFor={urlId}>
        Server address
      </label>
      <input
        ref={focusRef}
        id={urlId}
        className="field-input"
        data-testid="sync-url"
        type="url"
        inputMode="url"
        autoComplete="url"
        spellCheck={false}
        placeholder="https://couch.example.org/journal-ada"
        value={url}
        disabled={busy}
        aria-describedby={described}
        onChange={(event) => setUrl(event.target.value)}
      />
      <p className="field-hint">The address of the database on your CouchDB server.</p>
      <label className="field-label" htmlFor={userId}>
        User name
      </label>
      <input
        id={userId}
        className="field-input"
        data-testid="sync-username"
        autoComplete="username"
        spellCheck={false}
        value={username}
        disabled={busy}
        aria-describedby={described}
        onChange={(event) => setUsername(event.target.value)}
      />
      <label className="field-label sync-field-gap" htmlFor={passwordId}>
        Password
      </label>
      <input
        id={passwordId}
        className="field-input"
        data-testid="sync-password"
        type="password"
        autoComplete="current-password"
        value={password}
        disabled={busy}
        aria-describedby={described}
        onChange={(event) => setPassword(event.target.value)}
      />
      <p className="field-hint">Quire keeps the password in the system keyring.</p>
      {problem && (
        <p id={problemId} className="field-problem sync-problem-text" role="alert" data-testid="sync-error">
          {problem}
        </p>
      )}
      <div className="sync-buttons">
        <button type="submit" className="button button-primary" data-testid="sync-connect" disabled={busy}>
          {busy ? "Connecting…" : "Connect"}
        </button>
        {busy && (
          <span className="sync-note" role="status">
            Checking the server…
          </span>
        )}
      </div>
    </form>
  );
}
