// Naming and colouring a journal, new or existing: a name field, the colour swatches, and the
// template its new entries start with. The dialog around it does the saving; this shows its progress
// and what went wrong.
import { useId, useState } from "react";
import type { FormEvent } from "react";
import type { AppError, JournalColour } from "../ipc/bindings";
import { describeError } from "../ipc/errors";
import { ColourSwatches } from "./ColourSwatches";
import { useFocusWhenShown } from "../ui/useFocusWhenShown";

/** As the back end allows (crates/core/src/store/journals.rs). */
export const JOURNAL_NAME_MAX = 60;
/** As the back end allows, in bytes (MAX_TEMPLATE_BYTES). */
export const TEMPLATE_MAX_BYTES = 20_000;

interface Props {
  initialName: string;
  initialColour: JournalColour;
  initialTemplate: string;
  submitLabel: string;
  saving: boolean;
  error: AppError | null;
  onSubmit(name: string, colour: JournalColour, template: string): void;
  onCancel(): void;
}

export function JournalForm(props: Props) {
  const nameRef = useFocusWhenShown<HTMLInputElement>();
  const { initialName, initialColour, initialTemplate, submitLabel, saving, error, onSubmit, onCancel } = props;
  const [name, setName] = useState(initialName);
  const [colour, setColour] = useState<JournalColour>(initialColour);
  const [template, setTemplate] = useState(initialTemplate);
  const nameId = useId();
  const templateId = useId();
  const templateHintId = useId();
  const problemId = useId();
  const tidy = name.trim().replace(/\s+/g, " ");
  const tooLong = [...tidy].length > JOURNAL_NAME_MAX;
  const templateTooLong = new TextEncoder().encode(template).length > TEMPLATE_MAX_BYTES;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (saving || tidy === "" || tooLong || templateTooLong) return;
    onSubmit(tidy, colour, template);
  };

  const problem = tooLong
    ? `A journal's name has at most ${JOURNAL_NAME_MAX} characters.`
    : templateTooLong
      ? "A template can be up to 20 KB. Shorten it."
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
        ref={nameRef}
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
      <label className="field-label" htmlFor={templateId}>
        Template for new entries
      </label>
      <textarea
        id={templateId}
        className="field-input journal-template"
        data-testid="journal-template"
        rows={4}
        readOnly={saving}
        placeholder={"## {{date}}\n\nThree things I'm grateful for:\n- "}
        aria-describedby={templateHintId}
        value={template}
        onChange={(event) => setTemplate(event.target.value)}
      />
      <p id={templateHintId} className="field-hint">
        Markdown. {"{{date}}"} becomes the entry&apos;s date and {"{{time}}"} its time. Leave it empty for blank entries.
      </p>
      <div className="dialog-actions">
        <button type="button" className="button" onClick={onCancel} disabled={saving}>
          Cancel
        </button>
        <button
          type="submit"
          className="button button-primary"
          data-testid="journal-save"
          disabled={saving || tidy === "" || tooLong || templateTooLong}
        >
          {saving ? "Saving…" : submitLabel}
        </button>
      </div>
    </form>
  );
}
