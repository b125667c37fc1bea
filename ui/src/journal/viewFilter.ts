// What the sidebar narrows the entry list to (the journal in view, a tag, starred only, a day or a
// month of the calendar), as the back end's EntryFilter, and as a sentence for an empty list.
import type { EntryFilter } from "../ipc/bindings";
import { formatDay, formatMonth, parseDay } from "../ui/format";

/** A day (`YYYY-MM-DD`) or a month (`YYYY-MM`) chosen in the calendar, in local time. */
export type DateRange = { kind: "day"; date: string } | { kind: "month"; month: string };

export interface ViewFilter {
  /** The journal in view; null for All journals. */
  journal: string | null;
  tag: string | null;
  starred: boolean;
  range: DateRange | null;
}

export const NO_FILTER: ViewFilter = { journal: null, tag: null, starred: false, range: null };

/** Every entry of every journal. */
export const ALL_ENTRIES: EntryFilter = { journal: null, tag: null, from: null, to: null, starred: false, mood: null };

/** Local midnight at the start of the month `YYYY-MM`, plus `add` months. */
export function monthStart(month: string, add = 0): number {
  const [year, index] = month.split("-").map(Number);
  return new Date(year ?? 1970, (index ?? 1) - 1 + add, 1).getTime();
}

/** From (included) and to (not) in ms, local time. */
export function rangeBounds(range: DateRange): [number, number] {
  if (range.kind === "month") return [monthStart(range.month), monthStart(range.month, 1)];
  const from = new Date(parseDay(range.date));
  // Not from + 24 h: a day with a daylight-saving change is 23 or 25 hours long.
  return [from.getTime(), new Date(from.getFullYear(), from.getMonth(), from.getDate() + 1).getTime()];
}

export function toEntryFilter(view: ViewFilter): EntryFilter {
  const [from, to] = view.range ? rangeBounds(view.range) : [null, null];
  return { journal: view.journal, tag: view.tag, from, to, starred: view.starred, mood: null };
}

export function sameFilter(a: EntryFilter, b: EntryFilter): boolean {
  return (
    a.journal === b.journal &&
    a.tag === b.tag &&
    a.from === b.from &&
    a.to === b.to &&
    a.starred === b.starred &&
    a.mood === b.mood
  );
}

/** Whether anything but the journal narrows the list. */
export function narrowed(view: ViewFilter): boolean {
  return view.tag !== null || view.starred || view.range !== null;
}

/** "Thu, 26 Nov 2026" or "November 2026". */
export function rangeLabel(range: DateRange): string {
  return range.kind === "day" ? formatDay(parseDay(range.date)) : formatMonth(monthStart(range.month), true);
}

/** What an empty list was narrowed to: "No starred entries tagged #walk in Work on Thu, 26 Nov 2026." */
export function emptyListText(view: ViewFilter, journalName: string | null): string {
  const parts = [view.starred ? "No starred entries" : "No entries"];
  if (view.tag !== null) parts.push(`tagged #${view.tag}`);
  if (journalName !== null) parts.push(`in ${journalName}`);
  if (view.range) parts.push(`${view.range.kind === "day" ? "on" : "in"} ${rangeLabel(view.range)}`);
  return `${parts.join(" ")}.`;
}
