// Helpers for search-as-you-type: what to send, which answer is current, how a snippet is shown.
import type { SnippetPart } from "../ipc/bindings";
import { formatCount } from "../ui/format";

export const SEARCH_LIMIT = 50;
export const SEARCH_DEBOUNCE_MS = 120;

/** The query to send, or "" when there is nothing worth searching for. */
export function normalizeQuery(raw: string): string {
  const collapsed = raw.replace(/\s+/g, " ").trim();
  // Punctuation alone matches nothing in full-text search; don't bother the back end with it.
  return /[\p{L}\p{N}]/u.test(collapsed) ? collapsed : "";
}

/**
 * Joins neighbouring parts of the same kind and drops empty ones, so each highlight is one <mark>
 * and no empty <mark> elements end up in the page.
 */
export function mergeSnippet(parts: readonly SnippetPart[]): SnippetPart[] {
  const out: SnippetPart[] = [];
  for (const part of parts) {
    if (part.text === "") continue;
    const last = out[out.length - 1];
    if (last && last.hit === part.hit) out[out.length - 1] = { text: last.text + part.text, hit: last.hit };
    else out.push({ text: part.text, hit: part.hit });
  }
  return out;
}

/** "1 result", "50+ results" while more pages wait, "312 results" once the last one is in. */
export function countLabel(count: number, more: boolean): string {
  if (count === 1 && !more) return "1 result";
  return `${formatCount(count)}${more ? "+" : ""} results`;
}

/** Hands out tickets so that only the answer to the latest request is used. */
export class LatestOnly {
  private latest = 0;

  next(): number {
    this.latest += 1;
    return this.latest;
  }

  isCurrent(ticket: number): boolean {
    return ticket === this.latest;
  }

  /** Makes every ticket handed out so far stale. */
  cancel(): void {
    this.latest += 1;
  }
}
