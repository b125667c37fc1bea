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
