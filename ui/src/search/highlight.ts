// Where a search's terms occur in an entry's text, for marking them in the editor. Matching ignores
// case and accents (as the search does), and every range points into the text exactly as written.
import type { HighlightTerm } from "../ipc/bindings";

export interface TextPart {
  text: string;
  hit: boolean;
}

/** The text to compare, and for each of its UTF-16 units the range of the original it came from. */
interface Folded {
  text: string;
  start: number[];
  end: number[];
}

const MARKS = /\p{M}/gu;
const WORD = "[\\p{L}\\p{N}]";

/** Lowercase, accents dropped: "Café" and "cafe" compare equal. */
export function fold(text: string): string {
  return text.normalize("NFD").replace(MARKS, "").toLowerCase();
}

/** Folds `text` one code point at a time, remembering where each folded unit came from. */
function foldWithMap(text: string): Folded {
  let out = "";
  const start: number[] = [];
  const end: number[] = [];
  let at = 0;
  for (const char of text) {
    const code = char.charCodeAt(0);
    // Most text is ASCII; lowercasing it is all the folding it needs, and keeps long entries fast.
    const folded = code < 0x80 ? char.toLowerCase() : fold(char);
    // A mark folded away (a decomposed accent) belongs to the letter before it: a match takes it along.
    if (folded === "" && end.length > 0) end[end.length - 1] = at + char.length;
    for (let i = 0; i < folded.length; i += 1) {
      start.push(at);
      end.push(at + char.length);
    }
    out += folded;
    at += char.length;
  }
  return { text: out, start, end };
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/**
 * A pattern for one term: its words in order with anything but letters and digits between them (a
 * phrase), whole words unless the term is a prefix, in which case its last word may go on.
 */
function patternOf(term: HighlightTerm): string | null {
  const words = fold(term.text)
    .split(new RegExp(`[^\\p{L}\\p{N}]+`, "u"))
    .filter((word) => word !== "");
  if (words.length === 0) return null;
  const body = words.map(escape).join(`[^\\p{L}\\p{N}]+`);
  // A prefix marks the whole word it starts, as the search matched that word.
  return `(?<!${WORD})${body}${term.prefix ? `${WORD}*` : `(?!${WORD})`}`;
}

/** The ranges `[start, end)` of `text` the terms match, sorted and merged. */
export function matchRanges(text: string, terms: readonly HighlightTerm[]): [number, number][] {
  const patterns = terms.map(patternOf).filter((p): p is string => p !== null);
  if (patterns.length === 0 || text === "") return [];
  const folded = foldWithMap(text);
  const ranges: [number, number][] = [];
  for (const pattern of patterns) {
    for (const match of folded.text.matchAll(new RegExp(pattern, "gu"))) {
      if (match[0].length === 0) continue;
      const first = match.index;
      const last = first + match[0].length - 1;
      ranges.push([folded.start[first]!, folded.end[last]!]);
    }
  }
  ranges.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const merged: [number, number][] = [];
  for (const range of ranges) {
    const previous = merged[merged.length - 1];
    if (previous && range[0] <= previous[1]) previous[1] = Math.max(previous[1], range[1]);
    else merged.push([range[0], range[1]]);
  }
  return merged;
}

/** `text` cut into runs, the matching ones with `hit`; joined back they are `text` unchanged. */
export function highlightParts(text: string, terms: readonly HighlightTerm[]): TextPart[] {
  const parts: TextPart[] = [];
  let at = 0;
  for (const [start, end] of matchRanges(text, terms)) {
    if (start > at) parts.push({ text: text.slice(at, start), hit: false });
    parts.push({ text: text.slice(start, end), hit: true });
    at = end;
  }
  if (at < text.length || parts.length === 0) parts.push({ text: text.slice(at), hit: false });
  return parts;
}
