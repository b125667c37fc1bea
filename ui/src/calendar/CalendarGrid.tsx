// The month's days as a grid, one row per week. One day at a time is in the tab order (the cursor);
// arrows move it by a day or a week, Home and End to the week's ends, PageUp and PageDown by a month
// (with Shift, a year), T to today; Enter, Space or a click picks the day.
import { useEffect, useRef } from "react";
import type { KeyboardEvent } from "react";
import type { CalendarDay } from "../ipc/bindings";
import { moodColour } from "../insights/moods";
import { formatLongDay } from "../ui/format";
import { addDays, addMonths, dateOf, monthWeeks, weekdayIndex } from "./dates";

interface Props {
  month: string;
  weekStart: number;
  days: ReadonlyMap<string, CalendarDay>;
  /** The day in the tab order. */
  cursor: string;
  /** The day the list is filtered to, if any. */
  selected: string | null;
  today: string;
  /** Moves the cursor, perhaps into another month. */
  onMove(day: string): void;
  onPick(day: string): void;
  /** Escape: clears the day's filter; false when there was nothing to clear. */
  onEscape(): boolean;
}

/** "3 entries, mostly calm", for the day's accessible name. */
export function dayDescription(day: CalendarDay | undefined): string {
  if (!day || day.count === 0) return "no entries";
  const count = day.count === 1 ? "1 entry" : `${day.count} entries`;
  return day.mood ? `${count}, mostly ${day.mood}` : count;
}

const weekdayFormat = new Intl.DateTimeFormat(undefined, { weekday: "short" });
const weekdayLong = new Intl.DateTimeFormat(undefined, { weekday: "long" });

export function CalendarGrid({ month, weekStart, days, cursor, selected, today, onMove, onPick, onEscape }: Props) {
  const gridRef = useRef<HTMLTableElement>(null);
  // Set by a key that moved the cursor: the day it moved to takes the focus once it is rendered.
  const focusCursor = useRef(false);
  const weeks = monthWeeks(month, weekStart);
  // Any week of seven days names the columns; the first full one is the month's second.
  const namingWeek = weeks[1] as string[];

  useEffect(() => {
    if (!focusCursor.current) return;
    focusCursor.current = false;
    gridRef.current?.querySelector<HTMLElement>(`[data-date="${cursor}"]`)?.focus();
  }, [cursor, month]);

  const move = (day: string) => {
    focusCursor.current = true;
    onMove(day);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLTableElement>) => {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    const column = weekdayIndex(cursor, weekStart);
    const moves: Record<string, () => string> = {
      ArrowLeft: () => addDays(cursor, -1),
      ArrowRight: () => addDays(cursor, 1),
      ArrowUp: () => addDays(cursor, -7),
      ArrowDown: () => addDays(cursor, 7),
      Home: () => addDays(cursor, -column),
      End: () => addDays(cursor, 6 - column),
      PageUp: () => addMonths(cursor, event.shiftKey ? -12 : -1),
      PageDown: () => addMonths(cursor, event.shiftKey ? 12 : 1),
      t: () => today,
      T: () => today,
    };
    const to = moves[event.key];
    if (to) {
      event.preventDefault();
      move(to());
    } else if (event.key === "Enter" || event.key === " ") {
      event.preventDefault();
      onPick(cursor);
    } else if (event.key === "Escape" && onEscape()) {
      event.preventDefault();
      event.stopPropagation();
    }
  };

  return (
    <table ref={gridRef} className="calendar-grid" role="grid" aria-label="Days" onKeyDown={onKeyDown}>
      <thead>
        <tr role="row">
          {namingWeek.map((day) => (
            <th key={day} role="columnheader" scope="col" abbr={weekdayLong.format(dateOf(day))}>
              {weekdayFormat.format(dateOf(day)).slice(0, 2)}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {weeks.map((week) => (
          <tr key={week.find((day) => day !== null)} role="row">
            {week.map((date, index) => {
              if (date === null) return <td key={`blank-${index}`} role="gridcell" className="calendar-blank" />;
              const day = days.get(date);
              const count = day?.count ?? 0;
              const classes = ["calendar-day"];
              if (date === today) classes.push("today");
              if (date === selected) classes.push("selected");
              if (count > 0) classes.push("has-entries");
              return (
                <td
                  key={date}
                  role="gridcell"
                  className={classes.join(" ")}
                  data-testid="calendar-day"
                  data-date={date}
                  data-count={count}
                  tabIndex={date === cursor ? 0 : -1}
                  aria-selected={date === selected}
                  aria-current={date === today ? "date" : undefined}
                  aria-label={`${formatLongDay(dateOf(date).getTime())}, ${dayDescription(day)}`}
                  // Focus by any means (a click, a screen reader) makes the day the cursor.
                  onFocus={() => date !== cursor && onMove(date)}
                  onClick={() => {
                    onMove(date);
                    onPick(date);
                  }}
                >
                  <span className="calendar-number" aria-hidden="true">
                    {Number(date.slice(8))}
                  </span>
                  {count > 0 && (
                    <span
                      className="calendar-dot"
                      aria-hidden="true"
                      style={{ backgroundColor: day?.colour ? moodColour(day.colour) : undefined }}
                    />
                  )}
                </td>
              );
            })}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
