// "Rename or merge…" for a tag: a new name, checked with the same grammar the store reads tags with;
// a name that is another tag already merges the two, and the dialog says so before anything happens.
import { useId, useState } from "react";
import type { FormEvent } from "react";
import type { AppError, TagCount, TagRenamed } from "../ipc/bindings";
import { describeError, toAppError } from "../ipc/errors";
import { isTagName, tagKey } from "../journal/tags";
import { ModalFrame } from "../ui/ModalFrame";
import { formatCount } from "../ui/format";
import { useModal } from "../ui/useModal";

interface Props {
  from: string;
  /** Every tag, to tell a merge from a rename. */
  tags: readonly TagCount[];
  /** Renames it everywhere (saving the open entry first); the caller then reloads what shows it. */
  onRename(to: string): Promise<TagRenamed>;
  onClose(): void;
}

/** What the person typed, as a tag name: spaces around it and a leading # don't count. */
function typedName(text: string): string {
  return text.trim().replace(/^#/, "");
}

export function RenameTagDialog({ from, tags, onRename, onClose }: Props) {
  const [text, setText] = useState(from);
  const [running, setRunning] = useState(false);
  const [error, setError] = useState<AppError | null>(null);
  // Once it runs, the entries are being rewritten: too late to cancel.
  const cancel = () => {
    if (!running) onClose();
  };
  const { dialogRef, initialFocusRef, onKeyDown } = useModal<HTMLInputElement>(cancel);
  const titleId = useId();
  const textId = useId();
  const noteId = useId();

  const to = typedName(text);
  const valid = isTagName(to);
  const unchanged = to === from;
  const uses = tags.find((tag) => tagKey(tag.name) === tagKey(from))?.entries ?? 0;
  const into = tags.find((tag) => tagKey(tag.name) === tagKey(to) && tagKey(tag.name) !== tagKey(from));

  let note: string | null = null;
  if (to !== "" && !valid) {
    note = "A tag has letters, digits, _, - or /, at least one letter, no spaces, and at most 64 characters.";
  } else if (into) note = `This merges #${from} into #${into.name}.`;
  else if (!unchanged && tagKey(to) === tagKey(from)) note = `Only the spelling changes, to #${to}.`;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (running || !valid || unchanged) return;
    setRunning(true);
    setError(null);
    onRename(to).then(onClose, (failure: unknown) => {
      setRunning(false);
      setError(toAppError(failure));
    });
  };

  return (
    <ModalFrame
      dialogRef={dialogRef}
      onKeyDown={onKeyDown}
      onDismiss={cancel}
      labelledBy={titleId}
      describedBy={textId}
      className="rename-tag-dialog"
      testId="rename-tag-dialog"
    >
      <h2 id={titleId} className="dialog-title">
        Rename #{from}
      </h2>
      <p id={textId} className="dialog-text">
        Every entry with #{from} ({uses === 1 ? "1 entry" : `${formatCount(uses)} entries`}) is changed to use the
        new name. Naming it after another tag merges the two.
      </p>
      <form onSubmit={submit} aria-busy={running}>
        <label className="field-label" htmlFor={`${titleId}-name`}>
          New name
        </label>
        <input
          ref={initialFocusRef}
          id={`${titleId}-name`}
          className="field-input"
          data-testid="tag-new-name"
          type="text"
          autoComplete="off"
          spellCheck={false}
          readOnly={running}
          aria-invalid={to !== "" && !valid}
          aria-describedby={note ? noteId : undefined}
          value={text}
          onChange={(event) => setText(event.target.value)}
        />
        <p
          id={noteId}
          className={to !== "" && !valid ? "field-problem rename-tag-note" : "field-hint rename-tag-note"}
          data-testid="tag-rename-note"
          aria-live="polite"
        >
          {note}
        </p>
        {running && (
          <p className="field-hint" role="status" data-testid="tag-rename-progress">
            Renaming #{from} in {uses === 1 ? "1 entry" : `${formatCount(uses)} entries`}…
          </p>
        )}
        {error && (
          <p className="field-problem" role="alert" data-testid="error-message">
            Couldn't rename the tag. {describeError(error)}
          </p>
        )}
        <div className="dialog-actions">
          <button type="button" className="button" onClick={cancel} disabled={running}>
            Cancel
          </button>
          <button
            type="submit"
            className="button button-primary"
            data-testid="tag-rename-confirm"
            disabled={running || !valid || unchanged}
          >
            {running ? "Renaming…" : into ? "Merge" : "Rename"}
          </button>
        </div>
      </form>
    </ModalFrame>
  );
}
