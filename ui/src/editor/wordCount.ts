// The live word count. A word is a run of letters and digits, with inner apostrophes and hyphens
// ("don't", "well-known"); Markdown's marks and the addresses of links and pictures are not words. No word spans a line break, so after an
// edit only the lines it touched are counted again: typing in a long entry costs the same as in a
// short one.
import { StateField } from "@codemirror/state";
import type { Text } from "@codemirror/state";

const WORD = /[\p{L}\p{N}]+(?:['’-][\p{L}\p{N}]+)*/gu;
/** A link's or picture's address, `](…)`: not words of the entry. */
const ADDRESS = /\]\([^)\s]*\)/g;

export function countWords(text: string): number {
  let count = 0;
  const words = text.includes("](") ? text.replace(ADDRESS, "]") : text;
  WORD.lastIndex = 0;
  while (WORD.exec(words) !== null) count += 1;
  return count;
}

/** The line numbers (1-based, inclusive) that the ranges touch, overlapping spans merged. */
function lineSpans(doc: Text, ranges: readonly [number, number][]): [number, number][] {
  const spans: [number, number][] = [];
  for (const [from, to] of ranges) {
    const first = doc.lineAt(from).number;
    const last = doc.lineAt(to).number;
    const previous = spans[spans.length - 1];
    if (previous && first <= previous[1]) previous[1] = Math.max(previous[1], last);
    else spans.push([first, last]);
  }
  return spans;
}

function wordsOn(doc: Text, spans: readonly [number, number][]): number {
  let count = 0;
  for (const [first, last] of spans) count += countWords(doc.sliceString(doc.line(first).from, doc.line(last).to));
  return count;
}

export const wordCount = StateField.define<number>({
  create: (state) => countWords(state.doc.toString()),
  update(count, tr) {
    if (!tr.docChanged) return count;
    // The changed ranges, widened to whole lines, in the old document and in the new one.
    const before: [number, number][] = [];
    const after: [number, number][] = [];
    tr.changes.iterChangedRanges((fromA, toA, fromB, toB) => {
      before.push([fromA, toA]);
      after.push([fromB, toB]);
    });
    return count - wordsOn(tr.startState.doc, lineSpans(tr.startState.doc, before)) + wordsOn(tr.state.doc, lineSpans(tr.state.doc, after));
  },
});
