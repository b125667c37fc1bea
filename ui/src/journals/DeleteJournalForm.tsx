// Asking before a journal is deleted: what happens to its entries, moved to another journal (the
// default, so nothing is lost by accident) or deleted with it. Undo follows in a toast either way.
import { useId, useState } from "react";
import type { FormEvent } from "react";
import type { AppError, Journal } from "../ipc/bindings";
import { describeError } from "../ipc/errors";
import { formatCount } from "../ui/format";
import { useFocusWhenShown } from "../ui/useFocusWhenShown";

interface Props {
  journal: Journal;
  /** The journals its entries can move to. */
  others: readonly Journal[];
  deleting: boolean;
  error: AppError | null;
  /** `moveTo`: where its entries go, or null to delete them with it. */
  onConfirm(moveTo: string | null): void;
  onCancel(): void;
}

export function entriesText(count: number): string {
  return count === 1 ? "1 entry" : `${formatCount(count)} entries`;
}

export function DeleteJournalForm({ journal, others, deleting, error, onConfirm, onCancel }: Props) {
  const cancelRef = useFocusWhenShown<HTMLButtonElement>();
  const [choice, setChoice] = useState<"move" | "delete">("move");
  const [target, setTarget] = useState(others[0]?.id ?? "");
  const name = useId();
  const selectId = useId();
  const hasEntries = journal.entries > 0;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (deleting) return;
    onConfirm(hasEntries && choice === "move" ? target : null);
  };

  return (
    <form className="journal-form" data-testid="delete-journal-form" onSubmit={submit} aria-busy={deleting}>
      {hasEntries ? (
        <fieldset className="delete-journal-choice" disabled={deleting}>
          <legend className="dialog-text">
            “{journal.name}” holds {entriesText(journal.entries)}. What should happen to them?
          </legend>
          <div className="delete-journal-option">
            <input
              id={`${name}-move`}
              type="radio"
              name={name}
              data-testid="delete-journal-move"
              checked={choice === "move"}
              onChange={() => setChoice("move")}
            />
            <label htmlFor={`${name}-move`}>Move them to</label>
            <label htmlFor={selectId} className="visually-hidden">
              The journal to move them to
            </label>
            <select
              id={selectId}
              className="field-select delete-journal-target"
              data-testid="delete-journal-target"
              value={target}
              disabled={choice !== "move"}
              onChange={(event) => setTarget(event.target.value)}
            >
              {others.map((other) => (
                <option key={other.id} value={other.id}>
                  {other.name}
                </option>
              ))}
            </select>
          </div>
          <div className="delete-journal-option">
            <input
              id={`${name}-delete`}
              type="radio"
              name={name}
              data-testid="delete-journal-entries"
              checked={choice === "delete"}
              onChange={() => setChoice("delete")}
            />
            <label htmlFor={`${name}-delete`}>Delete them with the journal</label>
          </div>
        </fieldset>
      ) : (
        <p className="dialog-text">“{journal.name}” has no entries.</p>
      )}
      {error && (
        <p className="field-problem journal-form-problem" role="alert" data-testid="journal-problem">
          Couldn't delete the journal. {describeError(error)}
        </p>
      )}
      <div className="dialog-actions">
        <button type="button" className="button" onClick={onCancel} disabled={deleting} ref={cancelRef}>
          Cancel
        </button>
        <button type="submit" className="button button-danger" data-testid="delete-journal-confirm" disabled={deleting}>
          {deleting ? "Deleting…" : "Delete journal"}
        </button>
      </div>
    </form>
  );
}
