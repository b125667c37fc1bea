// The live word count: what counts as a word, and the count kept by edits equal to a fresh count.
import { describe, expect, it } from "vitest";
import { EditorSelection, EditorState } from "@codemirror/state";
import { countWords, wordCount } from "./wordCount";

describe("counting words", () => {
  it("counts words, not Markdown's marks", () => {
    expect(countWords("# A heading\n\n- **bold** and *soft*, don't stop: well-known 2024!")).toBe(9);
    expect(countWords("")).toBe(0);
    expect(countWords("— … --- ***")).toBe(0);
    expect(countWords("Café naïve 東京")).toBe(3);
    expect(countWords("See [the pier](https://example.org/pier-2) ![dusk](picture:0193f0a4-5b6c-7d8e-9f00-112233445566)")).toBe(4);
  });

  it("keeps the count right through edits on one line, across lines, and several at once", () => {
    let state = EditorState.create({ doc: "one two\nthree four five\nsix", extensions: [wordCount] });
    const edits = [
      { changes: { from: 3, insert: " and a half" } },
      { changes: { from: 0, to: state.doc.length, insert: "all new words here" } },
      { changes: { from: 3, to: 8, insert: "\nsplit lines\n" } },
      { changes: [{ from: 0, insert: "x " }, { from: 4, insert: " y z" }] },
      { changes: { from: 0, to: 6 } },
    ];
    for (const edit of edits) {
      state = state.update(edit).state;
      expect(state.field(wordCount)).toBe(countWords(state.doc.toString()));
    }
    state = state.update({ selection: EditorSelection.cursor(0) }).state;
    expect(state.field(wordCount)).toBe(countWords(state.doc.toString()));
  });
});
