// What the fake back end reads from its entries for the journal's views, as the real store does: the
// list filter, the tags with their counts, a month of the calendar.
import type { CalendarDay, CalendarMonth, Entry, EntryAnalysis, EntryFilter, TagCount } from "../ipc/bindings";
import { extractTags, tagKey } from "../journal/tags";

/** An entry as the fake keeps it. */
export interface FakeRow extends Entry {
  analysis: EntryAnalysis | null;
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
