// The writing surface: the entry's date, journal, star and save status (and the Conflict badge when
// sync kept two versions of it), a delete button, its tags, and the Markdown editor (with the search's
// words marked after opening a search result). The editor's code is a chunk of its own, asked for once
// the journal has painted; until it arrives, the text shows as it is.
import { Suspense } from "react";
import type { Ref } from "react";
import type { EditorHandle } from "../editor/MarkdownEditor";
import type { Entry, HighlightTerm, Journal } from "../ipc/bindings";
import { formatLongDay } from "../ui/format";
import { lazyNamed } from "../ui/lazyNamed";
import { shortcut } from "../ui/platform";
import { ConflictButton } from "../sync/ConflictBadge";
import { EntryDate } from "./EntryDate";
import { EntryTags } from "./EntryTags";
import { JournalPicker } from "./JournalPicker";
import { SaveStatus } from "./SaveStatus";
import type { SaveStatus as Status } from "./autosave";
import type { EntryHeader } from "./useEntryHeader";
import "./entryHeader.css";

interface Props {
  entry: Entry;
  /** Its date, star and journal, with the changes made since it was opened. */
  header: EntryHeader;
  /** The journals it can move to; null until they are loaded. */
  journals: readonly Journal[] | null;
  text: string;
  status: Status;
  readOnly: boolean;
  /** The search's words to mark in the text; empty for none. */
  highlight: readonly HighlightTerm[];
  editorRef: Ref<EditorHandle>;
  toolbar: boolean;
  prompt: boolean;
  focusMode: boolean;
  /** Carries the id of the entry shown, so a late change can't land in another entry. */
  onChange(id: string, text: string, settled?: boolean): void;
  onBlur(): void;
  onDelete(): void;
  onToolbarChange(shown: boolean): void;
  onFocusModeChange(on: boolean): void;
  onProblem(message: string): void;
  /** Sync kept versions of this entry from two devices; opens them side by side. Absent: no conflict. */
  onConflict?(): void;
}

function editorHandle(ref: Ref<EditorHandle>): EditorHandle | null {
  return ref && typeof ref === "object" ? ref.current : null;
}

/** The editor's chunk; the journal asks for it after its first paint, so it is usually here first. */
export const loadEditor = () => import("../editor/MarkdownEditor");
const MarkdownEditor = lazyNamed(loadEditor, "MarkdownEditor");

const NO_TERMS: readonly HighlightTerm[] = [];

export function Editor(props: Props) {
  const { entry, header, text, readOnly, highlight, onDelete } = props;
  const day = formatLongDay(header.datedAt);
  const change = (value: string, settled = false) => props.onChange(entry.id, value, settled);
  // A tag chip edits the text as the editor has it now (the text here may lag while typing goes on);
  // before the editor's code has loaded, the text here is all there is.
  const edit = (apply: (text: string) => string) => {
    const editor = editorHandle(props.editorRef);
    if (editor) editor.edit(apply);
    else change(apply(text), true);
  };
  // A date change or a move waits for the one before it.
  const settling = readOnly || header.busy;
  return (
    <section className="editor" aria-label={`Entry of ${day}`}>
      <header className="editor-header">
        <EntryDate datedAt={header.datedAt} disabled={settling} onChange={(ms) => void header.setDate(ms)} />
        <div className="editor-tools">
          {props.onConflict && <ConflictButton onOpen={props.onConflict} />}
          <JournalPicker
            journals={props.journals}
            journalId={header.journalId}
            disabled={settling}
            onMove={(id) => void header.move(id)}
          />
          <button
            type="button"
            className={header.starred ? "icon-button star-toggle starred" : "icon-button star-toggle"}
            data-testid="star-toggle"
            aria-pressed={header.starred}
            aria-label="Star entry"
            title={`${header.starred ? "Unstar" : "Star"} entry (${shortcut("D")})`}
            disabled={readOnly}
            onClick={() => void header.toggleStar()}
          >
            <StarIcon filled={header.starred} />
          </button>
          <SaveStatus status={props.status} />
          <button
            type="button"
            className="icon-button delete-entry"
            onClick={onDelete}
            aria-label="Delete entry"
            title={`Delete entry (${shortcut("Backspace", true)})`}
          >
            <TrashIcon />
          </button>
        </div>
      </header>
      <EntryTags text={text} readOnly={readOnly} onEdit={edit} />
      <Suspense
        fallback={
          <p className="editor-loading" aria-busy="true">
            {text}
          </p>
        }
      >
        <MarkdownEditor
          entry={entry}
          text={text}
          terms={highlight.length > 0 ? highlight : NO_TERMS}
          readOnly={readOnly}
          toolbar={props.toolbar}
          prompt={props.prompt}
          focusMode={props.focusMode}
          handleRef={props.editorRef}
          onChange={change}
          onBlur={props.onBlur}
          onToolbarChange={props.onToolbarChange}
          onFocusModeChange={props.onFocusModeChange}
          onProblem={props.onProblem}
        />
      </Suspense>
    </section>
  );
}

function StarIcon({ filled }: { filled: boolean }) {
  return (
    <svg width="18" height="18" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
      <path
        d="M12 3.5l2.6 5.3 5.9.9-4.3 4.1 1 5.8L12 16.9l-5.2 2.7 1-5.8-4.3-4.1 5.9-.9z"
        fill={filled ? "currentColor" : "none"}
        stroke="currentColor"
        strokeWidth="1.6"
        strokeLinejoin="round"
      />
    </svg>
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
