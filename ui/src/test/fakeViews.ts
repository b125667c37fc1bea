// What the fake back end reads from its entries for the journal's views, as the real store does: the
// list filter and summaries, a page of search hits, the tags with their counts, a month of the calendar.
import { briefOf } from "../insights/moods";
import type {
  CalendarDay,
  CalendarMonth,
  Entry,
  EntryAnalysis,
  EntryFilter,
  EntrySummary,
  SearchHit,
  SearchPage,
  SearchRequest,
  TagCount,
} from "../ipc/bindings";
import { extractTags, tagKey } from "../journal/tags";

/** An entry as the fake keeps it. */
export interface FakeRow extends Entry {
  analysis: EntryAnalysis | null;
}

export function countWords(text: string): number {
  return text.split(/\s+/).filter(Boolean).length;
}

/** An entry as the list and search show it: its first line for a title, and its analysis in brief. */
export function summarize(row: FakeRow): EntrySummary {
  const title = row.content.split("\n").map((line) => line.trim()).find((line) => line !== "") ?? "";
  const analysis = row.analysis ? briefOf(row.analysis) : null;
  const { id, createdAt, updatedAt, datedAt, journalId, starred, wordCount } = row;
  return { id, createdAt, updatedAt, datedAt, journalId, starred, title, wordCount, analysis };
}

export function hasTag(text: string, tag: string): boolean {
  const key = tagKey(tag);
  return extractTags(text).some((name) => tagKey(name) === key);
}

export function passes(row: FakeRow, filter: EntryFilter): boolean {
  if (filter.journal !== null && row.journalId !== filter.journal) return false;
  if (filter.tag !== null && !hasTag(row.content, filter.tag)) return false;
  if (filter.from !== null && row.datedAt < filter.from) return false;
  if (filter.to !== null && row.datedAt >= filter.to) return false;
  if (filter.starred && !row.starred) return false;
  return filter.mood === null || row.analysis?.mood === filter.mood;
}

/**
 * The entries of `rows` (those not deleted, newest first by date) that pass the filter and hold every
 * word (anywhere, in any case), a page at a time: the cursor is where the next page starts. An unclosed
 * quote is searched as plain words, with a hint saying so, as the real back end does.
 */
export function searchPage(rows: readonly FakeRow[], { text, filter, cursor, limit }: SearchRequest): SearchPage {
  const unclosed = (text.match(/"/g) ?? []).length % 2 === 1;
  const words = text.replace(/"/g, " ").toLowerCase().split(/\s+/).filter(Boolean);
  const matches = rows.filter(
    (r) => passes(r, filter) && words.every((word) => r.content.toLowerCase().includes(word)),
  );
  const start = cursor === null ? 0 : Number(cursor);
  const end = start + limit;
  const first = words[0] ?? "";
  const hits = matches.slice(start, end).map((r): SearchHit => {
    const at = Math.max(r.content.toLowerCase().indexOf(first), 0);
    return {
      entry: summarize(r),
      snippet: [
        { text: r.content.slice(0, at), hit: false },
        { text: r.content.slice(at, at + first.length), hit: true },
        { text: r.content.slice(at + first.length), hit: false },
      ],
    };
  });
  return {
    hits,
    next: end < matches.length ? String(end) : null,
    hint: unclosed ? "The closing \" is missing, so those words were searched one by one." : null,
    terms: words.map((word) => ({ text: word, prefix: false })),
  };
}

/**
 * Every tag in `rows` (newest first) with how many carry it, by name. A tag is spelt as `spellings`
 * has it (once renamed), or else as the oldest entry wrote it.
 */
export function tagCounts(rows: readonly FakeRow[], spellings: ReadonlyMap<string, string>): TagCount[] {
  const counts = new Map<string, TagCount>();
  for (const row of [...rows].reverse()) {
    for (const name of extractTags(row.content)) {
      const key = tagKey(name);
      const count = counts.get(key) ?? { name: spellings.get(key) ?? name, entries: 0 };
      count.entries += 1;
      counts.set(key, count);
    }
  }
  return [...counts.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, count]) => count);
}

/** `YYYY-MM-DD` in local time, as the back end names days. */
export function localDate(ms: number): string {
  const date = new Date(ms);
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/** The month `YYYY-MM` of `rows` (the entries in view, newest first). */
export function calendarMonth(rows: readonly FakeRow[], month: string): CalendarMonth {
  const byDay = new Map<string, FakeRow[]>();
  for (const row of rows) {
    const date = localDate(row.datedAt);
    if (date.startsWith(`${month}-`)) byDay.set(date, [...(byDay.get(date) ?? []), row]);
  }
  const days = [...byDay.keys()].sort().map((date): CalendarDay => {
    const dayRows = byDay.get(date)!;
    // The most frequent mood among the analysed entries; a tie goes to the one seen first.
    const moods = new Map<string, { count: number; analysis: EntryAnalysis }>();
    for (const { analysis } of dayRows) {
      if (!analysis) continue;
      const seen = moods.get(analysis.mood);
      moods.set(analysis.mood, { count: (seen?.count ?? 0) + 1, analysis: seen?.analysis ?? analysis });
    }
    const best = [...moods.values()].sort((a, b) => b.count - a.count)[0];
    return { date, count: dayRows.length, mood: best?.analysis.mood ?? null, colour: best?.analysis.colour ?? null };
  });
  return {
    month,
    days,
    first: rows.length > 0 ? localDate(rows[rows.length - 1]!.datedAt) : null,
    last: rows.length > 0 ? localDate(rows[0]!.datedAt) : null,
  };
}
