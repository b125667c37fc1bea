// The writing surface: the entry's date, its save status, a delete button, and a plain-text area.
import type { Ref } from "react";
import type { Entry } from "../ipc/bindings";
import { formatLongDay, formatTime } from "../ui/format";
import { shortcut } from "../ui/platform";
import { SaveStatus } from "./SaveStatus";
import type { SaveStatus as Status } from "./autosave";

interface Props {
  entry: Entry;
  text: string;
  status: Status;
  readOnly: boolean;
  textareaRef: Ref<HTMLTextAreaElement>;
  /** Carries the id of the entry shown, so a late change can't land in another entry. */
  onChange(id: string, text: string): void;
  onBlur(): void;
  onDelete(): void;
}

export function Editor({ entry, text, status, readOnly, textareaRef, onChange, onBlur, onDelete }: Props) {
  const day = formatLongDay(entry.createdAt);
  return (
    <section className="editor" aria-label={`Entry of ${day}`}>
      <header className="editor-header">
        <h1 className="editor-date">
          <time dateTime={new Date(entry.createdAt).toISOString()}>
            {day}
            <span className="editor-time">{formatTime(entry.createdAt)}</span>
          </time>
        </h1>
        <div className="editor-tools">
          <SaveStatus status={status} />
          <button
            type="button"
            className="icon-button"
            onClick={onDelete}
            aria-label="Delete entry"
            title={`Delete entry (${shortcut("Backspace", true)})`}
          >
            <TrashIcon />
          </button>
        </div>
      </header>
      <textarea
        ref={textareaRef}
        className="editor-text"
        data-testid="entry-editor"
        aria-label="Entry text"
        placeholder="Write what's on your mind…"
        value={text}
        readOnly={readOnly}
        spellCheck
        onChange={(event) => onChange(entry.id, event.target.value)}
        onBlur={onBlur}
      />
    </section>
  );
}

function TrashIcon() {
  return (
    <svg width="18" height="18" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
      <path
        d="M4 7h16M10 11v6M14 11v6M6 7l1 12a2 2 0 0 0 2 2h6a2 2 0 0 0 2-2l1-12M9 7V4h6v3"
        fill="none"
        stroke="currentColor"
        strokeWidth="1.6"
        strokeLinecap="round"
        strokeLinejoin="round"
      />
    </svg>
  );
}
