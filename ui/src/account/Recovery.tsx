// Shown in the welcome window instead of Sign in when the journal file was found damaged: which
// backups there are, restoring one (the damaged file is moved aside, never deleted), or starting a
// new journal when there is no backup.
import { useId, useState } from "react";
import { api } from "../ipc/api";
import type { AppError, BackupInfo, JournalHealth, Restored } from "../ipc/api";
import { describeError, toAppError } from "../ipc/errors";
import { ConfirmDialog } from "../ui/ConfirmDialog";
import { formatDay, formatTime } from "../ui/format";

interface Props {
  health: JournalHealth;
  /** After a restore that did not open the journal window: the welcome window goes on to Sign in. */
  onRestored(restored: Restored): void;
}

type Phase = { kind: "choosing" } | { kind: "confirm-new" } | { kind: "restoring" } | { kind: "failed"; error: AppError };

export function Recovery({ health, onRestored }: Props) {
  const [chosen, setChosen] = useState<string | null>(health.backups[0]?.name ?? null);
  const [phase, setPhase] = useState<Phase>({ kind: "choosing" });
  const headingId = useId();
  const busy = phase.kind === "restoring";

  const restore = async (backup: string | null) => {
    setPhase({ kind: "restoring" });
    try {
      onRestored(await api.restoreJournal(backup));
    } catch (error) {
      setPhase({ kind: "failed", error: toAppError(error) });
    }
  };

  const hasBackups = health.backups.length > 0;
  return (
    <section className="recovery" aria-labelledby={headingId} data-testid="recovery">
      <h2 id={headingId} className="recovery-title">
        Your journal file is damaged
      </h2>
      <p className="recovery-text">
        Quire found a problem in <code className="recovery-path">{health.databaseFile}</code> and has not written to it
        since. Nothing has been deleted.
      </p>
      {health.reason && <p className="recovery-detail">What was found: {health.reason}</p>}

      {hasBackups ? (
        <fieldset className="recovery-backups" disabled={busy}>
          <legend className="recovery-legend">Restore from a backup</legend>
          {health.backups.map((backup) => (
            <label key={backup.name} className="recovery-backup" data-testid="backup-option">
              <input
                type="radio"
                name="backup"
                value={backup.name}
                checked={chosen === backup.name}
                onChange={() => setChosen(backup.name)}
              />
              <span>{describeBackup(backup)}</span>
            </label>
          ))}
        </fieldset>
      ) : (
        <p className="recovery-text" data-testid="no-backups">
          There is no backup yet: Quire makes the first one a few minutes after a journal is first opened.
        </p>
      )}

      <p className="recovery-note">
        The damaged file is moved into a folder beside your journal, where it stays. Entries written after the backup
        you choose are not in that backup; they are still in the damaged file.
      </p>

      <div className="recovery-actions">
        {hasBackups && (
          <button
            type="button"
            className="button button-primary welcome-button"
            data-testid="restore-backup"
            disabled={busy || chosen === null}
            onClick={() => void restore(chosen)}
          >
            {busy ? "Restoring…" : "Restore this backup"}
          </button>
        )}
        <button
          type="button"
          className={hasBackups ? "link-button" : "button button-primary welcome-button"}
          data-testid="start-new-journal"
          disabled={busy}
          onClick={() => setPhase({ kind: "confirm-new" })}
        >
          Start a new, empty journal
        </button>
      </div>
      <p className="recovery-status" role="status">
        {busy ? "Restoring your journal…" : ""}
      </p>
      {phase.kind === "failed" && (
        <p className="welcome-notice" role="alert" data-testid="error-message">
          {describeError(phase.error)}
        </p>
      )}

      {phase.kind === "confirm-new" && (
        <ConfirmDialog
          title="Start a new journal?"
          message="Your damaged journal file is kept in a folder beside the new one, and nothing in it is deleted. The new journal starts empty."
          confirmLabel="Start a new journal"
          tone="primary"
          onConfirm={() => void restore(null)}
          onCancel={() => setPhase({ kind: "choosing" })}
        />
      )}
    </section>
  );
}

/** "Thu, 26 Nov 2026 at 08:15 · 3.4 MB" */
export function describeBackup(backup: BackupInfo): string {
  const ms = Date.parse(backup.takenAt);
  const when = Number.isNaN(ms) ? backup.takenAt : `${formatDay(ms)} at ${formatTime(ms)}`;
  return `${when} · ${formatBytes(backup.bytes)}`;
}

function formatBytes(bytes: number): string {
  if (bytes < 1024 * 1024) return `${Math.max(1, Math.round(bytes / 1024))} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}
