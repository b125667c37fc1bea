// About Quire: the version, where the journal and its logs are kept (with a way to open the folder),
// and the licences. A modal dialog like ConfirmDialog: focus stays inside, Escape closes it.
import { useEffect, useId, useRef, useState } from "react";
import { api } from "../ipc/api";
import type { About, AppError } from "../ipc/api";
import { describeError, toAppError } from "../ipc/errors";
import { ModalFrame } from "../ui/ModalFrame";
import { useModal } from "../ui/useModal";

interface Props {
  onClose(): void;
}

export const ABOUT_DESCRIPTION = "A private journal that keeps what you write on this computer.";
export const LICENCE_NOTE =
  "Quire is free software under the MIT or Apache-2.0 licence. Mood analysis uses VADER (MIT licence, © C.J. Hutto).";

type Facts = { kind: "loading" } | { kind: "ready"; about: About } | { kind: "failed"; error: AppError };

export function AboutDialog({ onClose }: Props) {
  const { dialogRef, initialFocusRef: closeRef, onKeyDown } = useModal<HTMLButtonElement>(onClose);
  const titleId = useId();
  const descriptionId = useId();
  const [facts, setFacts] = useState<Facts>({ kind: "loading" });
  const [opening, setOpening] = useState(false);
  const [openError, setOpenError] = useState<AppError | null>(null);
  const mounted = useRef(true);

  useEffect(() => {
    mounted.current = true;
    api.about().then(
      (about) => mounted.current && setFacts({ kind: "ready", about }),
      (error: unknown) => mounted.current && setFacts({ kind: "failed", error: toAppError(error) }),
    );
    return () => {
      mounted.current = false;
    };
  }, []);

  const openFolder = () => {
    // Not `disabled` while opening: a disabled button would drop the focus out of the dialog.
    if (opening) return;
    setOpening(true);
    setOpenError(null);
    api.openDataFolder().then(
      () => mounted.current && setOpening(false),
      (error: unknown) => {
        if (!mounted.current) return;
        setOpening(false);
        setOpenError(toAppError(error));
      },
    );
  };

  const version = facts.kind === "ready" ? ` ${facts.about.version}` : "";

  return (
    <ModalFrame
      dialogRef={dialogRef}
      onKeyDown={onKeyDown}
      onDismiss={onClose}
      labelledBy={titleId}
      describedBy={descriptionId}
      className="about-dialog"
      testId="about-dialog"
    >
      <h2 id={titleId} className="dialog-title">
        Quire{version}
      </h2>
      <p id={descriptionId} className="dialog-text about-description">
        {ABOUT_DESCRIPTION}
      </p>

      {facts.kind === "loading" && (
        <p className="about-status" role="status">
          Reading Quire's details…
        </p>
      )}
      {facts.kind === "failed" && (
        <p className="about-error" role="alert" data-testid="error-message">
          Couldn't read where Quire keeps your journal. {describeError(facts.error)}
        </p>
      )}
      {facts.kind === "ready" && (
        <dl className="about-facts">
          <dt>Data folder</dt>
          <dd>
            <span className="about-path" data-testid="about-data-folder">
              {facts.about.dataDir}
            </span>
            <button
              type="button"
              className="button about-open"
              data-testid="about-open-folder"
              aria-disabled={opening}
              onClick={openFolder}
            >
              {opening ? "Opening…" : "Open data folder"}
            </button>
            {openError && (
              // As the back end wrote it: it ends with the folder's path, to copy without a full stop.
              <p className="about-error" role="alert" data-testid="error-message">
                {openError.message}
              </p>
            )}
          </dd>
          <dt>Log file</dt>
          <dd>
            <span className="about-path" data-testid="about-log-file">
              {facts.about.logFile ?? `None yet; logs go to ${facts.about.logsDir}`}
            </span>
          </dd>
        </dl>
      )}

      <p className="about-licence">{LICENCE_NOTE}</p>
      <div className="dialog-actions">
        <button ref={closeRef} type="button" className="button" onClick={onClose}>
          Close
        </button>
      </div>
    </ModalFrame>
  );
}
