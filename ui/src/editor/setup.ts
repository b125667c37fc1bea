// The editor's CodeMirror set-up: Markdown (CommonMark with GitHub's tables, task lists and
// strikethrough) styled as it is typed, the formatting shortcuts, undo history, and the browser's
// spell checker on the text. Styles are classes (editor.css), so the page's CSP needs no inline styles
// for them and both themes come from the same custom properties as the rest of the window.
import { Compartment, EditorState, Prec } from "@codemirror/state";
import type { Extension } from "@codemirror/state";
import { EditorView, keymap, placeholder } from "@codemirror/view";
import { defaultKeymap, history, historyKeymap } from "@codemirror/commands";
import { syntaxHighlighting } from "@codemirror/language";
import { deleteMarkupBackward, insertNewlineContinueMarkup, markdownLanguage, pasteURLAsLink } from "@codemirror/lang-markdown";
import { tagHighlighter, tags } from "@lezer/highlight";
import {
  indentListItem,
  insertLink,
  outdentListItem,
  toggleBold,
  toggleBulletList,
  toggleItalic,
  toggleNumberedList,
} from "./commands";
import { markdownDecorations } from "./decorations";
import { imageFiles, pictureWidgets } from "./pictures";
import { wordCount } from "./wordCount";

const markdownClasses = tagHighlighter([
  { tag: tags.heading1, class: "cm-md-h1" },
  { tag: tags.heading2, class: "cm-md-h2" },
  { tag: tags.heading3, class: "cm-md-h3" },
  { tag: [tags.heading4, tags.heading5, tags.heading6], class: "cm-md-h4" },
  { tag: tags.strong, class: "cm-md-strong" },
  { tag: tags.emphasis, class: "cm-md-em" },
  { tag: tags.strikethrough, class: "cm-md-strike" },
  { tag: tags.link, class: "cm-md-link" },
  { tag: tags.url, class: "cm-md-url" },
  { tag: tags.monospace, class: "cm-md-code" },
  { tag: tags.quote, class: "cm-md-quote" },
  { tag: tags.contentSeparator, class: "cm-md-rule" },
  { tag: tags.processingInstruction, class: "cm-md-mark" },
  { tag: tags.atom, class: "cm-md-task" },
  { tag: [tags.labelName, tags.string], class: "cm-md-meta" },
  { tag: tags.comment, class: "cm-md-comment" },
]);

/** Shortcuts that come before the defaults: Enter continues a list or quote, Backspace lifts it. */
const markdownKeys = [
  { key: "Enter", run: insertNewlineContinueMarkup },
  { key: "Backspace", run: deleteMarkupBackward },
  { key: "Mod-b", run: toggleBold },
  { key: "Mod-i", run: toggleItalic },
  { key: "Mod-k", run: insertLink },
  { key: "Mod-Shift-7", run: toggleNumberedList },
  { key: "Mod-Shift-8", run: toggleBulletList },
  { key: "Tab", run: indentListItem },
  { key: "Shift-Tab", run: outdentListItem },
];

/** What can change while an entry is open. */
export const editable = new Compartment();

export function readOnlyState(readOnly: boolean): Extension {
  return [EditorState.readOnly.of(readOnly), EditorView.editable.of(!readOnly)];
}

export interface EditorHooks {
  /** `settled`: a change made in one go from outside the typing (a tag chip), which the window shows at once. */
  onDocChanged(state: EditorState, settled: boolean): void;
  onBlur(): void;
  /** Pictures pasted or dropped, to add where the caret is (a drop moves the caret first). */
  onPictures(files: File[]): void;
}

export function editorExtensions(hooks: EditorHooks, readOnly: boolean): Extension {
  return [
    history(),
    EditorView.lineWrapping,
    markdownLanguage,
    syntaxHighlighting(markdownClasses),
    markdownDecorations(),
    pictureWidgets,
    wordCount,
    pasteURLAsLink,
    placeholder("Write what's on your mind…"),
    Prec.high(keymap.of(markdownKeys)),
    keymap.of([...historyKeymap, ...defaultKeymap]),
    editable.of(readOnlyState(readOnly)),
    EditorView.contentAttributes.of({
      spellcheck: "true",
      autocorrect: "on",
      autocapitalize: "sentences",
      "aria-label": "Entry text",
      "aria-multiline": "true",
      "data-testid": "entry-editor",
    }),
    EditorView.updateListener.of((update) => {
      if (!update.docChanged) return;
      const settled = update.transactions.some((tr) => tr.isUserEvent("input.replace"));
      hooks.onDocChanged(update.state, settled);
    }),
    EditorView.domEventHandlers({
      blur: () => {
        hooks.onBlur();
        return false;
      },
      paste: (event, view) => {
        const files = imageFiles(event.clipboardData);
        if (files.length === 0 || view.state.readOnly) return false;
        event.preventDefault();
        hooks.onPictures(files);
        return true;
      },
      drop: (event, view) => {
        const files = imageFiles(event.dataTransfer);
        if (files.length === 0 || view.state.readOnly) return false;
        event.preventDefault();
        const at = view.posAtCoords({ x: event.clientX, y: event.clientY });
        if (at !== null) view.dispatch({ selection: { anchor: at } });
        hooks.onPictures(files);
        return true;
      },
    }),
  ];
}
