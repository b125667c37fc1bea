// Dates and counts as a person reads them, in their own locale (Intl only, no date library).
const cache = new Map<string, Intl.DateTimeFormat>();

function formatter(key: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  let existing = cache.get(key);
  if (!existing) {
    existing = new Intl.DateTimeFormat(undefined, options);
    cache.set(key, existing);
  }
  return existing;
}

function parts(ms: number, key: string, options: Intl.DateTimeFormatOptions): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of formatter(key, options).formatToParts(ms)) out[part.type] = part.value;
  return out;
}

/** "Thu, 26 Nov 2026": localized names, but always in this calm order. */
export function formatDay(ms: number): string {
  const p = parts(ms, "day", { weekday: "short", day: "numeric", month: "short", year: "numeric" });
  return `${p.weekday}, ${p.day} ${p.month} ${p.year}`;
}

/** "Thursday, 26 November 2026" for the editor header. */
export function formatLongDay(ms: number): string {
  const p = parts(ms, "long", { weekday: "long", day: "numeric", month: "long", year: "numeric" });
  return `${p.weekday}, ${p.day} ${p.month} ${p.year}`;
}

/** "14:05" or "2:05 PM", whichever the locale prefers. */
export function formatTime(ms: number): string {
  return formatter("time", { hour: "numeric", minute: "2-digit" }).format(ms);
}

const numbers = new Intl.NumberFormat();

export function formatWords(count: number): string {
  return `${numbers.format(count)} ${count === 1 ? "word" : "words"}`;
}

/** "3 Mar". */
export function formatShortDay(ms: number): string {
  const p = parts(ms, "short", { day: "numeric", month: "short" });
  return `${p.day} ${p.month}`;
}

/** "3 Mar 2026". */
export function formatDate(ms: number): string {
  const p = parts(ms, "date", { day: "numeric", month: "short", year: "numeric" });
  return `${p.day} ${p.month} ${p.year}`;
}

/** "26 November", for "On this day". */
export function formatDayOfYear(ms: number): string {
  const p = parts(ms, "dayOfYear", { day: "numeric", month: "long" });
  return `${p.day} ${p.month}`;
}

/** "Mar 2026", or "March 2026" with `long`. */
export function formatMonth(ms: number, long = false): string {
  const p = parts(ms, long ? "monthLong" : "month", { month: long ? "long" : "short", year: "numeric" });
  return `${p.month} ${p.year}`;
}

/** A local calendar date, `YYYY-MM-DD`, as the back end names days, at local midnight. */
export function parseDay(day: string): number {
  const [year, month, date] = day.split("-").map(Number);
  return new Date(year ?? 1970, (month ?? 1) - 1, date ?? 1).getTime();
}

/** "1,200". */
export function formatCount(count: number): string {
  return numbers.format(count);
}
