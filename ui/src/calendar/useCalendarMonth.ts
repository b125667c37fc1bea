// One month of the calendar for the journal in view: which days have entries, how many, their mood.
// Read again when entries change, so a new, deleted or re-dated entry shows up on its day.
import { useCallback, useMemo } from "react";
import { api } from "../ipc/api";
import type { CalendarDay, CalendarMonth } from "../ipc/bindings";
import { useLoaded } from "../ui/useLoaded";

export interface MonthData {
  /** The days with entries, by date; empty while the month loads. */
  days: ReadonlyMap<string, CalendarDay>;
  /** The local dates of the oldest and newest entries in view. */
  first: string | null;
  last: string | null;
  loaded: boolean;
}

const NO_DAYS: ReadonlyMap<string, CalendarDay> = new Map();

/** `changes`: goes up when entries changed. */
export function useCalendarMonth(month: string, journal: string | null, changes: number): MonthData {
  const load = useCallback(() => api.calendarMonth(month, journal), [month, journal]);
  const { value } = useLoaded<CalendarMonth>(load, changes);
  // The last month's answer stays until this one's comes; its days belong to another month.
  const current = value && value.month === month ? value : null;
  const days = useMemo(() => (current ? new Map(current.days.map((day) => [day.date, day])) : NO_DAYS), [current]);
  return {
    days,
    first: value?.first ?? null,
    last: value?.last ?? null,
    loaded: current !== null,
  };
}
