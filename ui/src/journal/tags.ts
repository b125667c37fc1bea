// How Quire reads #tags in an entry's text, the same way the Rust store does: both are tested against
// tests/fixtures/tags.json, whose rules this follows. Also the edits the editor makes to an entry's tags.

/** The most characters a tag has after its #. */
export const TAG_MAX = 64;

// Letters, digits and _ start a tag; - and / may join its parts. "Letter" and "digit" as Rust's
// char::is_alphabetic and is_numeric have them (crates/core/src/store/tag_text.rs), so that both read
// the same tags: the Alphabetic property (which takes in some combining marks) and the N categories.
const WORD = "\\p{Alphabetic}\\p{N}_";
// The # must not follow a word character, another #, & (an HTML entity) or / (a URL's fragment).
const TAG = new RegExp(`(?<![${WORD}#&/])#([${WORD}][${WORD}\\-/]*)`, "gu");
const LETTER = /\p{Alphabetic}/u;

interface Found {
  /** Where the # is. */
  start: number;
  /** Just past the tag's last character. */
  end: number;
  name: string;
}

/** Every tag in `text`, in order, with where it is. */
function findTags(text: string): Found[] {
  const found: Found[] = [];
  for (const match of text.matchAll(TAG)) {
    // A trailing - or / ends a sentence or a path; it is not part of the tag.
    const name = match[1]!.replace(/[-/]+$/, "");
    if (!LETTER.test(name) || [...name].length > TAG_MAX) continue;
    found.push({ start: match.index, end: match.index + 1 + name.length, name });
  }
  return found;
}

/** The same for every spelling of a tag: "Work", "work" and "WORK" are one tag. */
export function tagKey(name: string): string {
  return name.toLowerCase();
}

/** The tags in `text`, each once, in the spelling it first has there. */
export function extractTags(text: string): string[] {
  const seen = new Set<string>();
  const tags: string[] = [];
  for (const { name } of findTags(text)) {
    const key = tagKey(name);
    if (seen.has(key)) continue;
    seen.add(key);
    tags.push(name);
  }
  return tags;
}

/** Whether `name` (without its #) is a tag exactly as written, e.g. a new name for one. */
export function isTagName(name: string): boolean {
  const found = findTags(`#${name}`);
  return found.length === 1 && found[0]!.name === name;
}

/** Writes `#to` wherever `text` has the tag `from`, in any spelling; other tags are left alone. */
export function renameTagInText(text: string, from: string, to: string): string {
  const key = tagKey(from);
  let out = "";
  let at = 0;
  for (const tag of findTags(text)) {
    if (tagKey(tag.name) !== key) continue;
    out += `${text.slice(at, tag.start)}#${to}`;
    at = tag.end;
  }
  return out + text.slice(at);
}

/** Whether `line` holds tags and nothing else (spaces apart). */
function onlyTags(line: string): boolean {
  const words = line.trim().split(/\s+/);
  return line.trim() !== "" && words.every((word) => word.startsWith("#") && isTagName(word.slice(1)));
}

/**
 * Adds `#name` to `text`: at the end of a last line made only of tags, or else on a line of its own
 * after a blank line. Text that has the tag already is returned as it is.
 */
export function addTagToText(text: string, name: string): string {
  const key = tagKey(name);
  if (extractTags(text).some((tag) => tagKey(tag) === key)) return text;
  const body = text.trimEnd();
  if (body === "") return `#${name}`;
  const lastLine = body.slice(body.lastIndexOf("\n") + 1);
  return onlyTags(lastLine) ? `${body} #${name}` : `${body}\n\n#${name}`;
}

/**
 * Takes every `#name` (in any spelling) out of `text`, with a space beside it so no double space is
 * left; a line that held nothing else goes too, and so do blank lines it leaves at the end.
 */
export function removeTagFromText(text: string, name: string): string {
  const key = tagKey(name);
  let droppedLast = false;
  const lines = text.split("\n");
  const kept: string[] = [];
  lines.forEach((line, index) => {
    const hits = findTags(line).filter((tag) => tagKey(tag.name) === key);
    if (hits.length === 0) {
      kept.push(line);
      return;
    }
    let out = line;
    // From the end, so the earlier positions still hold.
    for (const { start, end } of hits.reverse()) {
      const before = out.slice(0, start);
      const after = out.slice(end);
      if (/[ \t]$/.test(before)) out = before.slice(0, -1) + after;
      else out = before + after.replace(/^[ \t]/, "");
    }
    if (out.trim() === "") {
      if (index === lines.length - 1 || lines.slice(index + 1).every((rest) => rest.trim() === "")) droppedLast = true;
      return;
    }
    kept.push(out);
  });
  const joined = kept.join("\n");
  return droppedLast ? joined.trimEnd() : joined;
}
