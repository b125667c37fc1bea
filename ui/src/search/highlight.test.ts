// Marking a search's terms in an entry's text: case and accents ignored, whole words unless a prefix,
// phrases as phrases, and every range pointing into the text as written.
import { describe, expect, it } from "vitest";
import { fold, highlightParts, matchRanges } from "./highlight";

const word = (text: string) => ({ text, prefix: false });
const prefix = (text: string) => ({ text, prefix: true });

/** The marked runs of `text`, for reading the expectations at a glance. */
function marked(text: string, terms: { text: string; prefix: boolean }[]): string[] {
  return highlightParts(text, terms)
    .filter((part) => part.hit)
    .map((part) => part.text);
}

describe("fold", () => {
  it("drops case and accents", () => {
    expect(fold("Café Ÿes ÅNGSTRÖM")).toBe("cafe yes angstrom");
  });
});

describe("highlightParts", () => {
  it("marks whole words only, whatever their case", () => {
    expect(marked("Sea, sea-side, seaweed and SEA.", [word("sea")])).toEqual(["Sea", "sea", "SEA"]);
  });

  it("marks words that start with a prefix term", () => {
    expect(marked("Walking, walked, a walk; sidewalk", [prefix("walk")])).toEqual(["Walking", "walked", "walk"]);
  });

  it("ignores accents either way round, and keeps the text as written", () => {
    expect(marked("Un café au Cafe", [word("cafe")])).toEqual(["café", "Cafe"]);
    expect(marked("resume or résumé", [word("résumé")])).toEqual(["resume", "résumé"]);
    // Decomposed: "é" as e + a combining accent, two code units that fold to one letter.
    const decomposed = "cafe\u0301 ok";
    expect(marked(decomposed, [word("café")])).toEqual(["cafe\u0301"]);
  });

  it("marks a multi-word term as a phrase, across any spacing or punctuation", () => {
    const text = "by the sea; the\nsea was calm, but not the blue sea";
    expect(marked(text, [word("the sea")])).toEqual(["the sea", "the\nsea"]);
  });

  it("merges overlapping matches into one mark", () => {
    expect(matchRanges("the sea and the", [word("the sea"), word("sea")])).toEqual([[0, 7]]);
    expect(matchRanges("the sea and the", [word("the sea"), word("the")])).toEqual([
      [0, 7],
      [12, 15],
    ]);
  });

  it("never changes the text: the parts join back to it", () => {
    const text = "Ünïcödé 🌊 text\n\nwith a #tag and ÉCOLE école";
    const parts = highlightParts(text, [word("ecole"), prefix("unic"), word("tag")]);
    expect(parts.map((part) => part.text).join("")).toBe(text);
    expect(parts.filter((part) => part.hit).map((part) => part.text)).toEqual(["Ünïcödé", "tag", "ÉCOLE", "école"]);
  });

  it("marks nothing without terms, or with terms that have no letters", () => {
    expect(highlightParts("some text", [])).toEqual([{ text: "some text", hit: false }]);
    expect(highlightParts("a (b) c", [word("( )")])).toEqual([{ text: "a (b) c", hit: false }]);
    expect(highlightParts("", [word("x")])).toEqual([{ text: "", hit: false }]);
  });

  it("treats regular-expression characters in a term as text", () => {
    expect(marked("c++ and c", [word("c++")])).toEqual(["c", "c"]);
    expect(marked("a.b axb", [word("a.b")])).toEqual(["a.b"]);
  });
});
