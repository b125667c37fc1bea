// The Markdown commands on editor states, without a view: what each does to the text and the selection.
import { describe, expect, it } from "vitest";
import { EditorSelection, EditorState } from "@codemirror/state";
import type { StateCommand, Transaction } from "@codemirror/state";
import {
  cycleHeading,
  indentListItem,
  insertLink,
  outdentListItem,
  toggleBold,
  toggleBulletList,
  toggleItalic,
  toggleNumberedList,
  toggleQuote,
  toggleTaskList,
} from "./commands";

/** `text` with `|` for the caret, or `[` and `]` around the selection. */
function state(text: string): EditorState {
  const caret = text.indexOf("|");
  if (caret >= 0) return EditorState.create({ doc: text.replace("|", ""), selection: EditorSelection.cursor(caret) });
  const from = text.indexOf("[");
  const to = text.indexOf("]") - 1;
  return EditorState.create({ doc: text.replace("[", "").replace("]", ""), selection: EditorSelection.range(from, to) });
}

function run(command: StateCommand, start: EditorState): { text: string; selected: string; handled: boolean } {
  let result = start;
  const handled = command({ state: start, dispatch: (tr: Transaction) => (result = tr.state) });
  const { from, to } = result.selection.main;
  return { text: result.doc.toString(), selected: result.sliceDoc(from, to), handled };
}

describe("emphasis", () => {
  it("wraps the selection, and unwraps it on the second press", () => {
    const once = run(toggleBold, state("a [word] here"));
    expect(once).toMatchObject({ text: "a **word** here", selected: "word" });
    const again = EditorState.create({ doc: once.text, selection: EditorSelection.range(4, 8) });
    expect(run(toggleBold, again)).toMatchObject({ text: "a word here", selected: "word" });
  });

  it("unwraps a selection that includes its marks", () => {
    expect(run(toggleItalic, state("[*soft*]")).text).toBe("soft");
  });

  it("puts the caret between a new pair", () => {
    const start = state("say |");
    let result = start;
    toggleBold({ state: start, dispatch: (tr) => (result = tr.state) });
    expect(result.doc.toString()).toBe("say ****");
    expect(result.selection.main.head).toBe(6);
  });

  it("does nothing in a read-only editor", () => {
    const locked = EditorState.create({ doc: "x", extensions: EditorState.readOnly.of(true) });
    expect(run(toggleBold, locked).handled).toBe(false);
  });
});

describe("links", () => {
  it("makes the selection the link's text, with its address selected to type over", () => {
    expect(run(insertLink, state("see [the sea]"))).toMatchObject({ text: "see [the sea](url)", selected: "url" });
  });

  it("makes a selected address the link's target", () => {
    expect(run(insertLink, state("[https://example.org/a]")).text).toBe("[](https://example.org/a)");
  });
});

describe("lists, quotes and headings", () => {
  it("turns lines into a bulleted list and back", () => {
    const listed = run(toggleBulletList, state("[one\ntwo]"));
    expect(listed.text).toBe("- one\n- two");
    const back = EditorState.create({ doc: listed.text, selection: EditorSelection.range(0, listed.text.length) });
    expect(run(toggleBulletList, back).text).toBe("one\ntwo");
  });

  it("numbers lines, replacing bullets, and skips blank lines in between", () => {
    expect(run(toggleNumberedList, state("[- one\n\n- two]")).text).toBe("1. one\n\n2. two");
  });

  it("makes task items and quotes", () => {
    expect(run(toggleTaskList, state("buy |bread")).text).toBe("- [ ] buy bread");
    expect(run(toggleQuote, state("|said so")).text).toBe("> said so");
  });

  it("cycles a line's heading level and back to none", () => {
    let text = "Title|";
    const seen: string[] = [];
    for (let i = 0; i < 4; i += 1) {
      text = run(cycleHeading, state(text.endsWith("|") ? text : `${text}|`)).text;
      seen.push(text);
    }
    expect(seen).toEqual(["# Title", "## Title", "### Title", "Title"]);
  });

  it("nests a list item on Tab and lifts it on Shift+Tab, and leaves Tab alone outside lists", () => {
    const nested = run(indentListItem, state("- one\n- tw|o"));
    expect(nested.text).toBe("- one\n    - two");
    expect(run(outdentListItem, state("- one\n    - tw|o")).text).toBe("- one\n- two");
    expect(run(indentListItem, state("plain |text")).handled).toBe(false);
  });
});
