// Calendar arithmetic on local dates written as the back end writes them: days `YYYY-MM-DD`, months
// `YYYY-MM`. Built on Date's own day and month overflow, so month ends and leap years need no tables.

function pad(n: number): string {
  return String(n).padStart(2, "0");
}

/** The local date of a Date, `YYYY-MM-DD`. */
export function dayOf(date: Date): string {
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

export function today(): string {
  return dayOf(new Date());
}

/** Local midnight of `YYYY-MM-DD`, as a Date. */
export function dateOf(day: string): Date {
  const [year, month, date] = day.split("-").map(Number);
  return new Date(year ?? 1970, (month ?? 1) - 1, date ?? 1);
}

/** `YYYY-MM` of a day. */
export function monthOfDay(day: string): string {
  return day.slice(0, 7);
}

export function addDays(day: string, days: number): string {
  const date = dateOf(day);
  return dayOf(new Date(date.getFullYear(), date.getMonth(), date.getDate() + days));
}

/** The same day `months` later, or that month's last day when it is shorter (31 Jan → 28 Feb). */
export function addMonths(day: string, months: number): string {
  const date = dateOf(day);
  const last = new Date(date.getFullYear(), date.getMonth() + months + 1, 0).getDate();
  return dayOf(new Date(date.getFullYear(), date.getMonth() + months, Math.min(date.getDate(), last)));
}

/** A day of `month` (`YYYY-MM`), clamped to its length. */
export function dayInMonth(month: string, date: number): string {
  const [year, index] = month.split("-").map(Number);
  const last = new Date(year ?? 1970, index ?? 1, 0).getDate();
  return `${month}-${pad(Math.min(Math.max(date, 1), last))}`;
}

/** The week's first day as Date.getDay() counts (0 Sunday … 6 Saturday), as the person's locale has it. */
export function firstDayOfWeek(locale: string = navigator.language): number {
  try {
    type WeekInfo = { firstDay: number };
    const info = new Intl.Locale(locale) as Intl.Locale & { getWeekInfo?(): WeekInfo; weekInfo?: WeekInfo };
    const week = info.getWeekInfo?.() ?? info.weekInfo;
    // Intl counts 1 Monday … 7 Sunday.
    if (week) return week.firstDay % 7;
  } catch {
    // An unknown locale: Monday, as ISO 8601 has it.
  }
  return 1;
}

/** The month's days in weeks of seven; null for the places before its first day and after its last. */
export function monthWeeks(month: string, weekStart: number): (string | null)[][] {
  const first = dateOf(`${month}-01`);
  const length = new Date(first.getFullYear(), first.getMonth() + 1, 0).getDate();
  const lead = (first.getDay() - weekStart + 7) % 7;
  const cells: (string | null)[] = Array.from({ length: lead }, () => null);
  for (let date = 1; date <= length; date++) cells.push(`${month}-${pad(date)}`);
  while (cells.length % 7 !== 0) cells.push(null);
  const weeks: (string | null)[][] = [];
  for (let i = 0; i < cells.length; i += 7) weeks.push(cells.slice(i, i + 7));
  return weeks;
}

/** Where `day` sits in its week, 0 to 6, counting from the week's first day. */
export function weekdayIndex(day: string, weekStart: number): number {
  return (dateOf(day).getDay() - weekStart + 7) % 7;
}
