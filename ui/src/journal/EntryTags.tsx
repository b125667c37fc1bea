// The tags in the entry's text as chips, each with a button that takes it out of the text, and a field
// that adds one. Tags live in the text (#tag), so both edit the text (through the editor, from its
// latest text), and autosave stores it.
import { useId, useMemo, useRef, useState } from "react";
import { addTagToText, extractTags, isTagName, removeTagFromText, tagKey } from "./tags";

interface Props {
  /** The text the chips are read from. */
  text: string;
  readOnly: boolean;
  /** Changes the entry's text as `apply` says, from its latest text. */
  onEdit(apply: (text: string) => string): void;
}

/** A typed tag without its # (people type it anyway). */
function clean(typed: string): string {
  return typed.trim().replace(/^#+/, "");
}

export function EntryTags({ text, readOnly, onEdit }: Props) {
  const tags = useMemo(() => extractTags(text), [text]);
  const [draft, setDraft] = useState("");
  const [problem, setProblem] = useState<string | null>(null);
  const inputRef = useRef<HTMLInputElement>(null);
  const problemId = useId();

  /** Adds the names in order; returns the text and the first name that is not a tag, if any. */
  const add = (names: string[]): string | null => {
    const cleaned = names.map(clean).filter((n) => n !== "");
    const good = cleaned.filter(isTagName);
    const bad = cleaned.find((name) => !isTagName(name)) ?? null;
    if (good.length > 0) onEdit((latest) => good.reduce(addTagToText, latest));
    setProblem(bad === null ? null : `“${bad}” can't be a tag: use letters, digits, _, - or /, with at least one letter.`);
    return bad;
  };

  const onInput = (value: string) => {
    // A comma or a space ends a tag, as Enter does; what follows is the next one.
    const pieces = value.split(/[,\s]+/);
    if (pieces.length === 1) {
      setDraft(value);
      setProblem(null);
      return;
    }
    const rest = pieces.pop()!;
    const bad = add(pieces);
    setDraft(bad ?? rest);
  };

  const remove = (name: string) => {
    onEdit((latest) => removeTagFromText(latest, name));
    // The chip and its button go away; the field is the next sensible place for the focus.
    inputRef.current?.focus();
  };

  return (
    <div className="entry-tags" role="group" aria-label="Tags">
      {tags.length > 0 && (
        <ul className="tag-chips">
          {tags.map((name) => (
            <li key={tagKey(name)} className="tag-chip" data-testid="tag" data-name={name}>
              <span className="tag-name">#{name}</span>
              <button
                type="button"
                className="tag-remove"
                aria-label={`Remove tag ${name}`}
                title={`Remove #${name} from the text`}
                disabled={readOnly}
                onClick={() => remove(name)}
              >
                ×
              </button>
            </li>
          ))}
        </ul>
      )}
      <input
        ref={inputRef}
        className="tag-input"
        data-testid="tag-input"
        aria-label="Add a tag"
        placeholder="Add tag"
        autoComplete="off"
        spellCheck={false}
        disabled={readOnly}
        value={draft}
        aria-invalid={problem !== null}
        aria-describedby={problem !== null ? problemId : undefined}
        onChange={(event) => onInput(event.target.value)}
        onKeyDown={(event) => {
          if (event.key === "Enter") {
            event.preventDefault();
            if (add([draft]) === null) setDraft("");
          } else if (event.key === "Escape" && (draft !== "" || problem !== null)) {
            event.preventDefault();
            setDraft("");
            setProblem(null);
          }
        }}
      />
      {problem && (
        <span id={problemId} className="tag-problem" role="alert">
          {problem}
        </span>
      )}
    </div>
  );
}
