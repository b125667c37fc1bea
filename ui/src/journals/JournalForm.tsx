// Naming and colouring a journal, new or existing: a name field and the colour swatches. The dialog
// around it does the saving; this shows its progress and what went wrong.
import { useId, useState } from "react";
import type { FormEvent } from "react";
import type { AppError, JournalColour } from "../ipc/bindings";
import { describeError } from "../ipc/errors";
import { ColourSwatches } from "./ColourSwatches";

/** As the back end allows (crates/core/src/store/journals.rs). */
export const JOURNAL_NAME_MAX = 60;

interface Props {
  initialName: string;
  initialColour: JournalColour;
  submitLabel: string;
  saving: boolean;
  error: AppError | null;
  onSubmit(name: string, colour: JournalColour): void;
  onCancel(): void;
}

export function JournalForm({ initialName, initialColour, submitLabel, saving, error, onSubmit, onCancel }: Props) {
  const [name, setName] = useState(initialName);
  const [colour, setColour] = useState<JournalColour>(initialColour);
  const nameId = useId();
  const problemId = useId();
  const tidy = name.trim().replace(/\s+/g, " ");
  const tooLong = [...tidy].length > JOURNAL_NAME_MAX;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (saving || tidy === "" || tooLong) return;
    onSubmit(tidy, colour);
  };

  const problem = tooLong
    ? `A journal's name has at most ${JOURNAL_NAME_MAX} characters.`
    : error
      ? `Couldn't save the journal. ${describeError(error)}`
      : null;

  return (
    <form className="journal-form" data-testid="journal-form" onSubmit={submit} aria-busy={saving}>
      <label className="field-label" htmlFor={nameId}>
        Name
      </label>
      <input
        id={nameId}
        className="field-input"
        data-testid="journal-name"
        type="text"
        autoComplete="off"
        autoFocus
        maxLength={JOURNAL_NAME_MAX * 2}
        readOnly={saving}
        aria-invalid={problem !== null}
        aria-describedby={problem ? problemId : undefined}
        value={name}
        onChange={(event) => setName(event.target.value)}
      />
      {problem && (
        <p id={problemId} className="field-problem journal-form-problem" role="alert" data-testid="journal-problem">
          {problem}
        </p>
      )}
      <ColourSwatches value={colour} onChange={setColour} disabled={saving} />
      <div className="dialog-actions">
        <button type="button" className="button" onClick={onCancel} disabled={saving}>
          Cancel
        </button>
        <button
          type="submit"
          className="button button-primary"
          data-testid="journal-save"
          disabled={saving || tidy === "" || tooLong}
        >
          {saving ? "Saving…" : submitLabel}
        </button>
      </div>
    </form>
  );
}
