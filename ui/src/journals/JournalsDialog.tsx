// "Manage journals…": the journals with their counts, to create, rename, recolour and delete them.
// "New journal…" opens it straight on the form for a new one. Escape goes back to the list from a
// form opened there, and closes the dialog from the list.
import { useId, useState } from "react";
import type { AppError, Journal, JournalColour } from "../ipc/bindings";
import { toAppError } from "../ipc/errors";
import { ModalFrame } from "../ui/ModalFrame";
import { useModal } from "../ui/useModal";
import { DeleteJournalForm, entriesText } from "./DeleteJournalForm";
import { JournalDot } from "./JournalDot";
import { JournalForm } from "./JournalForm";
import { freeColour } from "./colours";
import "./journals.css";

export type JournalsDialogStart = "list" | "new";

type Mode = { kind: "list" } | { kind: "edit"; journal: Journal | null } | { kind: "delete"; journal: Journal };

interface Props {
  start: JournalsDialogStart;
  journals: readonly Journal[] | null;
  onCreate(name: string, colour: JournalColour, template: string): Promise<Journal>;
  onUpdate(id: string, name: string, colour: JournalColour, template: string): Promise<Journal>;
  /** Resolves once it is deleted; the dialog then closes, for the toast with Undo to be seen. */
  onDelete(journal: Journal, moveTo: string | null): Promise<void>;
  /** A journal made from "New journal…": the caller shows it. */
  onCreated(journal: Journal): void;
  onClose(): void;
}

export function JournalsDialog({ start, journals, onCreate, onUpdate, onDelete, onCreated, onClose }: Props) {
  const [mode, setMode] = useState<Mode>(start === "new" ? { kind: "edit", journal: null } : { kind: "list" });
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<AppError | null>(null);
  const list = journals ?? [];

  const show = (next: Mode) => {
    setError(null);
    setMode(next);
  };
  const back = () => {
    if (busy) return;
    if (mode.kind === "list" || start === "new") onClose();
    else show({ kind: "list" });
  };
  const { dialogRef, initialFocusRef, onKeyDown } = useModal<HTMLButtonElement>(back);
  const titleId = useId();
  const textId = useId();

  /** Runs a change; on success `then`, on failure its error under the form. */
  const run = <T,>(change: Promise<T>, then: (result: T) => void) => {
    setBusy(true);
    setError(null);
    change.then(
      (result) => {
        setBusy(false);
        then(result);
      },
      (failure: unknown) => {
        setBusy(false);
        setError(toAppError(failure));
      },
    );
  };

  const save = (name: string, colour: JournalColour, template: string) => {
    if (mode.kind !== "edit") return;
    if (mode.journal) run(onUpdate(mode.journal.id, name, colour, template), () => show({ kind: "list" }));
    else if (start === "new") run(onCreate(name, colour, template), onCreated);
    else run(onCreate(name, colour, template), () => show({ kind: "list" }));
  };

  const title =
    mode.kind === "list"
      ? "Journals"
      : mode.kind === "delete"
        ? `Delete “${mode.journal.name}”?`
        : mode.journal
          ? `Edit “${mode.journal.name}”`
          : "New journal";

  return (
    <ModalFrame
      dialogRef={dialogRef}
      onKeyDown={onKeyDown}
      onDismiss={back}
      labelledBy={titleId}
      describedBy={textId}
      className="journals-dialog"
      testId="journals-dialog"
    >
      <h2 id={titleId} className="dialog-title">
        {title}
      </h2>
      {mode.kind === "list" && (
        <>
          <p id={textId} className="dialog-text">
            Every entry belongs to one journal. New entries go to the journal in view.
          </p>
          <ul className="journal-rows">
            {list.map((journal) => (
              <li key={journal.id} className="journal-row" data-testid="journal-row" data-name={journal.name}>
                <JournalDot colour={journal.colour} />
                <span className="journal-row-name">{journal.name}</span>
                <span className="journal-row-count">{entriesText(journal.entries)}</span>
                <button
                  type="button"
                  className="link-button"
                  data-testid="edit-journal"
                  aria-label={`Rename, recolour or change the template of ${journal.name}`}
                  onClick={() => show({ kind: "edit", journal })}
                >
                  Edit
                </button>
                <button
                  type="button"
                  className="link-button journal-row-delete"
                  data-testid="delete-journal"
                  aria-label={`Delete ${journal.name}…`}
                  // A person always has a journal, for new entries to go to.
                  disabled={list.length < 2}
                  title={list.length < 2 ? "Your only journal can't be deleted" : undefined}
                  onClick={() => show({ kind: "delete", journal })}
                >
                  Delete…
                </button>
              </li>
            ))}
          </ul>
          <div className="dialog-actions">
            <button
              ref={initialFocusRef}
              type="button"
              className="button"
              data-testid="add-journal"
              onClick={() => show({ kind: "edit", journal: null })}
            >
              New journal…
            </button>
            <button type="button" className="button button-primary" onClick={onClose}>
              Done
            </button>
          </div>
        </>
      )}
      {mode.kind === "edit" && (
        <>
          <p id={textId} className="visually-hidden">
            Give the journal a name, a colour, and if you like a template for its new entries.
          </p>
          <JournalForm
            initialName={mode.journal?.name ?? ""}
            initialColour={mode.journal?.colour ?? freeColour(list.map((journal) => journal.colour))}
            initialTemplate={mode.journal?.template ?? ""}
            submitLabel={mode.journal ? "Save" : "Create journal"}
            saving={busy}
            error={error}
            onSubmit={save}
            onCancel={back}
          />
        </>
      )}
      {mode.kind === "delete" && (
        <>
          <p id={textId} className="visually-hidden">
            You can undo this for a few seconds afterwards.
          </p>
          <DeleteJournalForm
            journal={mode.journal}
            others={list.filter((journal) => journal.id !== mode.journal.id)}
            deleting={busy}
            error={error}
            onConfirm={(moveTo) => run(onDelete(mode.journal, moveTo), onClose)}
            onCancel={back}
          />
        </>
      )}
    </ModalFrame>
  );
}
