// The calendar in the sidebar: a month of the journal in view, each day with entries marked in its
// mood's colour. Picking a day (or the whole month) filters the entry list to it. Collapsible; whether
// it is open is remembered.
import { memo, useId, useState } from "react";
import type { KeyboardEvent } from "react";
import { CollapsibleSection } from "../ui/CollapsibleSection";
import { formatMonth } from "../ui/format";
import type { DateRange } from "../journal/viewFilter";
import { monthStart } from "../journal/viewFilter";
import { CalendarGrid } from "./CalendarGrid";
import { addMonths, dayInMonth, firstDayOfWeek, monthOfDay, today as todayOf } from "./dates";
import { useCalendarMonth } from "./useCalendarMonth";
import "./calendar.css";

export const CALENDAR_OPEN_KEY = "quire.calendar-open";

interface Props {
  /** The journal in view; null for all of them. */
  journal: string | null;
  /** Goes up when entries changed, for the counts and moods to be read again. */
  changes: number;
  /** The day or month the list is filtered to. */
  range: DateRange | null;
  onPickDay(day: string): void;
  onPickMonth(month: string): void;
  onClearRange(): void;
}

const MONTHS = Array.from({ length: 12 }, (_, i) =>
  new Intl.DateTimeFormat(undefined, { month: "long" }).format(new Date(2000, i, 1)),
);

export const Calendar = memo(function Calendar({ journal, changes, range, onPickDay, onPickMonth, onClearRange }: Props) {
  const today = todayOf();
  const [cursor, setCursor] = useState(() => (range?.kind === "day" ? range.date : today));
  const [weekStart] = useState(() => firstDayOfWeek());
  const month = monthOfDay(cursor);
  const data = useCalendarMonth(month, journal, changes);
  const pickerId = useId();

  // The years the pickers offer: those with entries, the one in view, and the last ten and the next
  // one, so a year can be picked before its first entry is dated there.
  const thisYear = Number(today.slice(0, 4));
  const years = [data.first, data.last, cursor]
    .filter((day): day is string => day !== null)
    .map((day) => Number(day.slice(0, 4)));
  const yearOptions: number[] = [];
  for (let year = Math.min(...years, thisYear - 10); year <= Math.max(...years, thisYear + 1); year++) {
    yearOptions.push(year);
  }
  const [year, monthIndex] = month.split("-").map(Number) as [number, number];
  const selectedDay = range?.kind === "day" ? range.date : null;
  const monthSelected = range?.kind === "month" && range.month === month;

  const goTo = (day: string) => setCursor(day);
  const setMonth = (nextYear: number, nextMonth: number) => {
    // Entries are dated from 1900 to 2199; anything else is no month to show.
    if (!Number.isInteger(nextYear) || nextYear < 1900 || nextYear > 2199 || !(nextMonth >= 1 && nextMonth <= 12)) return;
    setCursor(dayInMonth(`${nextYear}-${String(nextMonth).padStart(2, "0")}`, Number(cursor.slice(8))));
  };
  const clear = () => {
    if (!range) return false;
    onClearRange();
    return true;
  };

  // T jumps to today, and Escape lets go of the day picked, from anywhere in the calendar; the grid
  // handles both itself.
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const target = event.target as HTMLElement;
    if (event.ctrlKey || event.metaKey || event.altKey || target.closest("table")) return;
    if ((event.key === "t" || event.key === "T") && target.tagName !== "SELECT") {
      event.preventDefault();
      goTo(today);
    } else if (event.key === "Escape" && clear()) {
      event.preventDefault();
    }
  };

  return (
    <CollapsibleSection title="Calendar" storageKey={CALENDAR_OPEN_KEY} testId="calendar" className="calendar">
      {/* Keys typed in the calendar's controls bubble up to here. */}
      <div className="calendar-body" onKeyDown={onKeyDown}>
        <div className="calendar-nav">
          <button
            type="button"
            className="calendar-step"
            data-testid="calendar-prev"
            aria-label="Previous month"
            title="Previous month (PageUp)"
            onClick={() => goTo(addMonths(cursor, -1))}
          >
            ‹
          </button>
          <label className="visually-hidden" htmlFor={`${pickerId}-month`}>
            Month
          </label>
          <select
            id={`${pickerId}-month`}
            className="calendar-select"
            data-testid="calendar-month"
            value={monthIndex}
            onChange={(event) => setMonth(year, Number(event.target.value))}
          >
            {MONTHS.map((name, i) => (
              <option key={name} value={i + 1}>
                {name}
              </option>
            ))}
          </select>
          <label className="visually-hidden" htmlFor={`${pickerId}-year`}>
            Year
          </label>
          <select
            id={`${pickerId}-year`}
            className="calendar-select"
            data-testid="calendar-year"
            value={year}
            onChange={(event) => setMonth(Number(event.target.value), monthIndex)}
          >
            {yearOptions.map((option) => (
              <option key={option} value={option}>
                {option}
              </option>
            ))}
          </select>
          <button
            type="button"
            className="calendar-step"
            data-testid="calendar-next"
            aria-label="Next month"
            title="Next month (PageDown)"
            onClick={() => goTo(addMonths(cursor, 1))}
          >
            ›
          </button>
        </div>
        <CalendarGrid
          month={month}
          weekStart={weekStart}
          days={data.days}
          cursor={cursor}
          selected={selectedDay}
          today={today}
          onMove={goTo}
          onPick={onPickDay}
          onEscape={clear}
        />
        <div className="calendar-footer">
          <button
            type="button"
            className="link-button"
            data-testid="calendar-today"
            title="Today (T)"
            onClick={() => goTo(today)}
          >
            Today
          </button>
          <button
            type="button"
            className="link-button"
            data-testid="calendar-whole-month"
            aria-pressed={monthSelected}
            onClick={() => (monthSelected ? onClearRange() : onPickMonth(month))}
          >
            All of {formatMonth(monthStart(month), true)}
          </button>
        </div>
      </div>
    </CollapsibleSection>
  );
});
