// Markdown edits as CodeMirror commands, shared by the keyboard shortcuts and the toolbar: emphasis
// around the selection, a link, lists, quotes and headings line by line, and list indentation.
// Each works on every selection range and is one undoable step.
import { EditorSelection } from "@codemirror/state";
import type { ChangeSpec, EditorState, Line, SelectionRange, StateCommand } from "@codemirror/state";

/** A list item's start: indentation, then `-`, `*`, `+` or `1.`/`1)`, then a space and an optional task box. */
const LIST_ITEM = /^(\s*)([-*+]|\d{1,9}[.)])(\s+)(\[[ xX]\]\s+)?/;
const BULLET = /^(\s*)[-*+]\s+(?!\[[ xX]\])/;
const NUMBERED = /^(\s*)\d{1,9}[.)]\s+/;
const TASK = /^(\s*)[-*+]\s+\[[ xX]\]\s+/;
const QUOTE = /^(\s*)>\s?/;
const HEADING = /^(#{1,6})\s+/;
/** What one Tab adds in a list: enough for a nested item under `-` or under `1.`. */
const LIST_INDENT = "    ";

/** Wraps each selection in `mark` (or unwraps it when it is wrapped already); an empty one gets the pair with the caret inside. */
export function toggleWrap(mark: string): StateCommand {
  return ({ state, dispatch }) => {
    if (state.readOnly) return false;
    const size = mark.length;
    const change = state.changeByRange((range) => {
      const before = state.sliceDoc(range.from - size, range.from);
      const after = state.sliceDoc(range.to, range.to + size);
      if (before === mark && after === mark) {
        return {
          changes: [
            { from: range.from - size, to: range.from },
            { from: range.to, to: range.to + size },
          ],
          range: EditorSelection.range(range.from - size, range.to - size),
        };
      }
      const inner = state.sliceDoc(range.from, range.to);
      if (inner.length >= size * 2 && inner.startsWith(mark) && inner.endsWith(mark)) {
        return {
          changes: { from: range.from, to: range.to, insert: inner.slice(size, inner.length - size) },
          range: EditorSelection.range(range.from, range.to - size * 2),
        };
      }
      return {
        changes: [
          { from: range.from, insert: mark },
          { from: range.to, insert: mark },
        ],
        range: EditorSelection.range(range.from + size, range.to + size),
      };
    });
    dispatch(state.update(change, { scrollIntoView: true, userEvent: "input.format" }));
    return true;
  };
}

export const toggleBold = toggleWrap("**");
export const toggleItalic = toggleWrap("*");
export const toggleInlineCode = toggleWrap("`");

const URL_LIKE = /^(https?:\/\/|mailto:)\S+$/i;

/** `[selection](url)` with "url" selected to type over; a selected address becomes the link's target instead. */
export const insertLink: StateCommand = ({ state, dispatch }) => {
  if (state.readOnly) return false;
  const change = state.changeByRange((range) => {
    const text = state.sliceDoc(range.from, range.to);
    if (URL_LIKE.test(text)) {
      const insert = `[](${text})`;
      return { changes: { from: range.from, to: range.to, insert }, range: EditorSelection.cursor(range.from + 1) };
    }
    const insert = `[${text}](url)`;
    const urlAt = range.from + text.length + 3;
    return { changes: { from: range.from, to: range.to, insert }, range: EditorSelection.range(urlAt, urlAt + 3) };
  });
  dispatch(state.update(change, { scrollIntoView: true, userEvent: "input.format" }));
  return true;
};

/** The lines each selection range touches, each once. */
function selectedLines(state: EditorState): Line[] {
  const lines: Line[] = [];
  let last = -1;
  for (const range of state.selection.ranges) {
    const first = state.doc.lineAt(range.from).number;
    // A selection that ends at the start of a line does not include that line.
    const end = range.to > range.from && state.doc.lineAt(range.to).from === range.to ? range.to - 1 : range.to;
    const final = state.doc.lineAt(Math.max(range.from, end)).number;
    for (let n = Math.max(first, last + 1); n <= final; n += 1) lines.push(state.doc.line(n));
    last = final;
  }
  return lines;
}

/**
 * Gives every selected line the prefix `make(i)` (after its indentation, replacing another list or
 * quote marker), or removes it from all of them when they all have it already.
 */
function toggleLinePrefix(has: RegExp, make: (index: number) => string): StateCommand {
  return ({ state, dispatch }) => {
    if (state.readOnly) return false;
    const lines = selectedLines(state).filter((line, _i, all) => all.length === 1 || line.text.trim() !== "");
    const all = lines.length > 0 && lines.every((line) => has.test(line.text));
    const changes: ChangeSpec[] = lines.map((line, index) => {
      if (all) {
        const found = has.exec(line.text)!;
        const indent = found[1] ?? "";
        return { from: line.from + indent.length, to: line.from + found[0].length };
      }
      const existing = LIST_ITEM.exec(line.text) ?? QUOTE.exec(line.text) ?? HEADING.exec(line.text);
      const indent = /^\s*/.exec(line.text)![0];
      const to = existing ? line.from + existing[0].length : line.from + indent.length;
      return { from: line.from + indent.length, to, insert: make(index) };
    });
    dispatch(state.update({ changes }, { scrollIntoView: true, userEvent: "input.format" }));
    return true;
  };
}

export const toggleBulletList = toggleLinePrefix(BULLET, () => "- ");
export const toggleNumberedList = toggleLinePrefix(NUMBERED, (i) => `${i + 1}. `);
export const toggleTaskList = toggleLinePrefix(TASK, () => "- [ ] ");
export const toggleQuote = toggleLinePrefix(QUOTE, () => "> ");

/** Cycles the line's heading: none → # → ## → ### → none. */
export const cycleHeading: StateCommand = ({ state, dispatch }) => {
  if (state.readOnly) return false;
  const changes: ChangeSpec[] = selectedLines(state).map((line) => {
    const found = HEADING.exec(line.text);
    const level = found ? found[1].length : 0;
    const next = level >= 3 ? "" : `${"#".repeat(level + 1)} `;
    const existing = found ?? LIST_ITEM.exec(line.text) ?? QUOTE.exec(line.text);
    return { from: line.from, to: line.from + (existing ? existing[0].length : 0), insert: next };
  });
  dispatch(state.update({ changes }, { scrollIntoView: true, userEvent: "input.format" }));
  return true;
};

/** A horizontal rule on a line of its own after the caret's line. */
export const insertRule: StateCommand = ({ state, dispatch }) => {
  if (state.readOnly) return false;
  const line = state.doc.lineAt(state.selection.main.head);
  const insert = line.text.trim() === "" ? "---\n" : "\n\n---\n";
  const at = line.text.trim() === "" ? line.from : line.to;
  dispatch(
    state.update({
      changes: { from: at, insert },
      selection: EditorSelection.cursor(at + insert.length),
      scrollIntoView: true,
      userEvent: "input.format",
    }),
  );
  return true;
};

function inList(state: EditorState, range: SelectionRange): boolean {
  return LIST_ITEM.test(state.doc.lineAt(range.head).text);
}

/** Tab on a list item nests it; elsewhere Tab is left to move the focus, as in any form. */
export const indentListItem: StateCommand = ({ state, dispatch }) => {
  if (state.readOnly || !state.selection.ranges.every((range) => inList(state, range))) return false;
  const changes = selectedLines(state)
    .filter((line) => LIST_ITEM.test(line.text))
    .map((line) => ({ from: line.from, insert: LIST_INDENT }));
  dispatch(state.update({ changes }, { scrollIntoView: true, userEvent: "input.indent" }));
  return true;
};

/** Shift+Tab on a list item lifts it one level. */
export const outdentListItem: StateCommand = ({ state, dispatch }) => {
  if (state.readOnly || !state.selection.ranges.every((range) => inList(state, range))) return false;
  const changes = selectedLines(state).map((line) => {
    const spaces = /^ {0,4}/.exec(line.text.replace(/^\t/, LIST_INDENT))![0].length;
    const tab = line.text.startsWith("\t");
    return { from: line.from, to: line.from + (tab ? 1 : spaces) };
  });
  dispatch(state.update({ changes }, { scrollIntoView: true, userEvent: "delete.dedent" }));
  return true;
};
