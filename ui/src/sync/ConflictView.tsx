// The versions of an entry changed on two devices, side by side and read-only, each with Keep this
// version; or, with Merge…, one text made of them all to edit and keep. Keeping closes the conflict on
// every device; Escape or Close leaves everything as it was.
import { useId, useState } from "react";
import type { ConflictVersion, EntrySummary } from "../ipc/api";
import { describeError } from "../ipc/errors";
import { ModalFrame } from "../ui/ModalFrame";
import { useModal } from "../ui/useModal";
import { describeSyncTime } from "./syncText";
import { mergedText, useConflict } from "./useConflict";
import "./sync.css";
import { useFocusWhenShown } from "../ui/useFocusWhenShown";

interface Props {
  entryId: string;
  /** The kept text is the entry's now; the window shows it. */
  onResolved(summary: EntrySummary): void;
  onClose(): void;
}

export function ConflictView({ entryId, onResolved, onClose }: Props) {
  const { dialogRef, initialFocusRef: closeRef, onKeyDown } = useModal<HTMLButtonElement>(onClose);
  const titleId = useId();
  const textId = useId();
  const mergedId = useId();
  const { step, keep } = useConflict(entryId, onResolved);
  const [merged, setMerged] = useState<string | null>(null);
  const mergedRef = useFocusWhenShown<HTMLTextAreaElement>(merged !== null);
  const versions = step.kind === "reading" ? null : step.versions;
  const busy = step.kind === "keeping";
  const nothingLeft = versions !== null && versions.length < 2;

  return (
    <ModalFrame
      dialogRef={dialogRef}
      onKeyDown={onKeyDown}
      onDismiss={onClose}
      labelledBy={titleId}
      describedBy={textId}
      className="conflict-view"
      testId="conflict-view"
    >
      <h2 id={titleId} className="dialog-title">
        This entry was changed on two devices
      </h2>
      <p id={textId} className="dialog-text">
        Both versions were kept. Keep one of them, or merge them into one text; the others are then removed on every
        device.
      </p>

      {step.kind === "reading" && (
        <p className="sync-note" role="status">
          Reading the versions…
        </p>
      )}
      {nothingLeft && (
        <p className="sync-note" data-testid="conflict-none">
          There is nothing left to choose: the conflict was closed, perhaps on another device. Close this to go on writing.
        </p>
      )}

      {versions && !nothingLeft && merged === null && (
        <div className="conflict-columns" data-testid="conflict-versions">
          {versions.map((version) => (
            <VersionColumn key={version.rev} version={version} busy={busy} onKeep={() => void keep(version.content)} />
          ))}
        </div>
      )}

      {versions && !nothingLeft && merged !== null && (
        <div className="conflict-merge">
          <label className="field-label" htmlFor={mergedId}>
            Merged text
          </label>
          <textarea
            id={mergedId}
            className="field-input conflict-text conflict-merged"
            data-testid="conflict-merged"
            value={merged}
            disabled={busy}
            ref={mergedRef}
            onChange={(event) => setMerged(event.target.value)}
          />
          <p className="field-hint">The versions are one after another, apart by a line of ---. Edit them into one text.</p>
        </div>
      )}

      {step.kind === "failed" && (
        <p className="field-problem sync-problem-text" role="alert" data-testid="conflict-error">
          {versions ? "Couldn't keep that text. " : "Couldn't read the versions. "}
          {describeError(step.error)}
        </p>
      )}
      {busy && (
        <p className="sync-note" role="status">
          Keeping the text…
        </p>
      )}

      <div className="dialog-actions conflict-actions">
        {versions && !nothingLeft && merged === null && (
          <button
            type="button"
            className="button conflict-merge-button"
            data-testid="conflict-merge"
            disabled={busy}
            onClick={() => setMerged(mergedText(versions))}
          >
            Merge…
          </button>
        )}
        {merged !== null && (
          <>
            <button type="button" className="button conflict-merge-button" disabled={busy} onClick={() => setMerged(null)}>
              Back to the versions
            </button>
            <button
              type="button"
              className="button button-primary"
              data-testid="conflict-keep-merged"
              disabled={busy}
              onClick={() => void keep(merged)}
            >
              Keep merged text
            </button>
          </>
        )}
        <button ref={closeRef} type="button" className="button" onClick={onClose}>
          Close
        </button>
      </div>
    </ModalFrame>
  );
}

function VersionColumn({ version, busy, onKeep }: { version: ConflictVersion; busy: boolean; onKeep(): void }) {
  const headingId = useId();
  const label = version.current ? "On this computer" : "From another device";
  return (
    <section className="conflict-column" aria-labelledby={headingId} data-testid="conflict-version">
      <h3 id={headingId} className="conflict-heading">
        {label}
      </h3>
      <p className="conflict-when">Changed {describeSyncTime(version.updatedAt)}</p>
      <textarea
        className="field-input conflict-text"
        aria-labelledby={headingId}
        readOnly
        value={version.content}
      />
      <button type="button" className="button" data-testid="conflict-keep" disabled={busy} onClick={onKeep}>
        Keep this version
      </button>
    </section>
  );
}
