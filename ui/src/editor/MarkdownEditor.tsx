// The entry's text in a CodeMirror editor, with its toolbar and a status line (the word count, and
// the toolbar and focus-mode switches). It loads from a chunk of its own after the journal's first
// paint (Editor.tsx). While an entry is open the editor owns its text: the journal gets each change,
// a change from outside (a tag chip) comes in through `edit`, and a new `entry` (another one, or the
// same one read again) starts a new editor state with `text`.
import { useCallback, useEffect, useImperativeHandle, useLayoutEffect, useRef, useState, useSyncExternalStore } from "react";
import type { Ref } from "react";
import { EditorSelection, EditorState } from "@codemirror/state";
import type { StateCommand } from "@codemirror/state";
import { EditorView } from "@codemirror/view";
import type { Entry, HighlightTerm } from "../ipc/bindings";
import { PromptOfTheDay } from "../prompts/PromptOfTheDay";
import { EditorToolbar } from "./EditorToolbar";
import { addPicture, pictureMarkdown, refusal } from "./pictures";
import { setSearchTerms } from "./decorations";
import { editable, editorExtensions, readOnlyState } from "./setup";
import { wordCount } from "./wordCount";
import "./editor.css";

export interface EditorHandle {
  focus(): void;
  /** Changes the text as `change` says, from the text as it is now: one undoable step. */
  edit(change: (text: string) => string): void;
}

interface Props {
  /** Each entry shown (another one, or the same one read again) starts a new editor state. */
  entry: Entry;
  /** The text to start it with. */
  text: string;
  /** The search's words to mark; empty for none. */
  terms: readonly HighlightTerm[];
  readOnly: boolean;
  toolbar: boolean;
  /** Whether an empty entry shows the prompt of the day. */
  prompt: boolean;
  focusMode: boolean;
  handleRef: Ref<EditorHandle>;
  /** `settled`: show it outside the editor at once (see setup.ts). */
  onChange(text: string, settled: boolean): void;
  onBlur(): void;
  onToolbarChange(shown: boolean): void;
  onFocusModeChange(on: boolean): void;
  /** Something the person should read: a picture that could not be added. */
  onProblem(message: string): void;
}

/** A number that changes often, for the one element that shows it. */
class Counter {
  private value = 0;
  private readonly listeners = new Set<() => void>();
  get = () => this.value;
  set(value: number): void {
    if (value === this.value) return;
    this.value = value;
    for (const listener of this.listeners) listener();
  }
  subscribe = (listener: () => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };
}

function WordCount({ counter }: { counter: Counter }) {
  const words = useSyncExternalStore(counter.subscribe, counter.get);
  return (
    <span className="word-count" data-testid="word-count" aria-live="off">
      {words.toLocaleString()} {words === 1 ? "word" : "words"}
    </span>
  );
}

/** The one change that turns `from` into `to`: what lies between their common start and end. */
function difference(from: string, to: string): { from: number; to: number; insert: string } {
  let start = 0;
  const shortest = Math.min(from.length, to.length);
  while (start < shortest && from.charCodeAt(start) === to.charCodeAt(start)) start += 1;
  let end = 0;
  while (end < shortest - start && from.charCodeAt(from.length - 1 - end) === to.charCodeAt(to.length - 1 - end)) end += 1;
  return { from: start, to: from.length - end, insert: to.slice(start, to.length - end) };
}

/**
 * The text and whether it can be changed, on the content element too, as `value` and `readOnly`:
 * what tests and assistive scripts read from a text area reads the same from here.
 */
function exposeValue(view: EditorView): void {
  Object.defineProperties(view.contentDOM, {
    value: { configurable: true, get: () => view.state.doc.toString() },
    readOnly: { configurable: true, get: () => view.state.readOnly },
  });
}

export function MarkdownEditor(props: Props) {
  const { entry, text, terms, readOnly, handleRef } = props;
  const host = useRef<HTMLDivElement>(null);
  const viewRef = useRef<EditorView | null>(null);
  const latest = useRef(props);
  latest.current = props;
  // The count changes at nearly every keystroke: only its own element re-renders for it.
  const [words] = useState(() => new Counter());
  const [empty, setEmpty] = useState(() => !/\S/.test(text));
  const [adding, setAdding] = useState(0);

  /** Adds each picture to the journal, then its Markdown on a line of its own at the caret. */
  const addPictures = useCallback((files: File[]) => {
    const entry = latest.current.entry.id;
    for (const file of files) {
      const refused = refusal(file);
      if (refused) {
        latest.current.onProblem(refused);
        continue;
      }
      setAdding((n) => n + 1);
      addPicture(entry, file)
        .then((added) => {
          const view = viewRef.current;
          // Another entry is open now: the picture stays with its entry, unused, until purged.
          if (!view || latest.current.entry.id !== entry) return;
          const { head } = view.state.selection.main;
          const line = view.state.doc.lineAt(head);
          const before = line.text.trim() === "" ? "" : "\n";
          const insert = `${before}${pictureMarkdown(added.id, file.name.replace(/\.[a-z0-9]+$/i, ""))}\n`;
          const at = line.text.trim() === "" ? line.from : line.to;
          view.dispatch({
            changes: { from: at, to: line.text.trim() === "" ? line.to : at, insert },
            selection: { anchor: at + insert.length },
            scrollIntoView: true,
            userEvent: "input.paste",
          });
        })
        .catch((error: unknown) => latest.current.onProblem(error instanceof Error ? error.message : String(error)))
        .finally(() => setAdding((n) => n - 1));
    }
  }, []);

  const addPicturesRef = useRef(addPictures);
  addPicturesRef.current = addPictures;

  const newState = useCallback((doc: string, locked: boolean) => {
    const hooks = {
      onDocChanged(state: EditorState, settled: boolean) {
        const value = state.doc.toString();
        words.set(state.field(wordCount));
        // The same value again does not re-render.
        setEmpty(!/\S/.test(value));
        latest.current.onChange(value, settled);
      },
      onBlur: () => latest.current.onBlur(),
      onPictures: (files: File[]) => addPicturesRef.current(files),
    };
    // The caret starts after the last word: opening an entry is usually to go on writing it.
    return EditorState.create({ doc, selection: EditorSelection.cursor(doc.length), extensions: editorExtensions(hooks, locked) });
  }, [words]);

  // One view for the component's life; each entry gets a fresh state in it.
  useLayoutEffect(() => {
    const view = new EditorView({ parent: host.current! });
    exposeValue(view);
    viewRef.current = view;
    return () => {
      viewRef.current = null;
      view.destroy();
    };
  }, []);

  useLayoutEffect(() => {
    const view = viewRef.current!;
    const current = latest.current;
    view.setState(newState(current.text, current.readOnly));
    words.set(view.state.field(wordCount));
    setEmpty(!/\S/.test(current.text));
    if (current.terms.length > 0) view.dispatch({ effects: setSearchTerms.of(current.terms) });
  }, [entry, newState, words]);

  useLayoutEffect(() => {
    viewRef.current!.dispatch({ effects: editable.reconfigure(readOnlyState(readOnly)) });
  }, [readOnly]);

  const firstTerms = useRef(true);
  useEffect(() => {
    // The entry's own state already has the terms it opened with.
    if (firstTerms.current) {
      firstTerms.current = false;
      return;
    }
    viewRef.current!.dispatch({ effects: setSearchTerms.of(terms) });
  }, [terms]);

  useImperativeHandle(
    handleRef,
    () => ({
      focus: () => viewRef.current?.focus(),
      edit: (change) => {
        const view = viewRef.current;
        if (!view) return;
        const now = view.state.doc.toString();
        const next = change(now);
        if (next !== now) view.dispatch({ changes: difference(now, next), userEvent: "input.replace" });
      },
    }),
    [],
  );

  const hideToolbar = useCallback(() => latest.current.onToolbarChange(false), []);

  const run = useCallback((command: StateCommand) => {
    const view = viewRef.current;
    if (!view) return;
    command(view);
    view.focus();
  }, []);

  return (
    <div className="markdown-editor">
      {props.toolbar && (
        <EditorToolbar disabled={readOnly} onCommand={run} onPictures={addPictures} onHide={hideToolbar} />
      )}
      {props.prompt && empty && !readOnly && (
        <PromptOfTheDay
          onUse={(prompt) => {
            const view = viewRef.current;
            if (!view) return;
            const insert = `## ${prompt}\n\n`;
            view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert }, selection: { anchor: insert.length }, userEvent: "input" });
            view.focus();
          }}
        />
      )}
      <div ref={host} className="editor-body" />
      <footer className="editor-status">
        <WordCount counter={words} />
        {adding > 0 && (
          <span className="editor-adding" role="status" data-testid="picture-progress">
            {adding === 1 ? "Adding a picture…" : `Adding ${adding} pictures…`}
          </span>
        )}
        <span className="editor-status-tools">
          {!props.toolbar && (
            <button type="button" className="link-button" onClick={() => props.onToolbarChange(true)}>
              Show toolbar
            </button>
          )}
          <button
            type="button"
            className="link-button"
            aria-pressed={props.focusMode}
            title="Focus mode hides the sidebar and panels (Ctrl+Shift+F)"
            onClick={() => props.onFocusModeChange(!props.focusMode)}
          >
            {props.focusMode ? "Leave focus mode" : "Focus mode"}
          </button>
        </span>
      </footer>
    </div>
  );
}
