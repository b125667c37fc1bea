// Calendar arithmetic on local dates: month ends, leap years, weeks starting on any day.
import { describe, expect, it } from "vitest";
import { addDays, addMonths, dayInMonth, firstDayOfWeek, monthWeeks, weekdayIndex } from "./dates";

describe("calendar dates", () => {
  it("moves by days and months across month and year ends", () => {
    expect(addDays("2026-12-31", 1)).toBe("2027-01-01");
    expect(addDays("2024-03-01", -1)).toBe("2024-02-29");
    expect(addMonths("2026-01-31", 1)).toBe("2026-02-28");
    expect(addMonths("2024-02-29", 12)).toBe("2025-02-28");
    expect(addMonths("2026-11-26", -12)).toBe("2025-11-26");
    expect(dayInMonth("2026-02", 31)).toBe("2026-02-28");
  });

  it("lays a month out in weeks from the week's first day", () => {
    // November 2026 starts on a Sunday.
    const mondays = monthWeeks("2026-11", 1);
    expect(mondays[0]).toEqual([null, null, null, null, null, null, "2026-11-01"]);
    expect(mondays.at(-1)).toEqual(["2026-11-30", null, null, null, null, null, null]);
    expect(mondays).toHaveLength(6);
    const sundays = monthWeeks("2026-11", 0);
    expect(sundays[0]![0]).toBe("2026-11-01");
    expect(sundays).toHaveLength(5);
    expect(sundays.flat().filter(Boolean)).toHaveLength(30);
    expect(weekdayIndex("2026-11-26", 1)).toBe(3);
    expect(weekdayIndex("2026-11-26", 0)).toBe(4);
  });

  it("starts the week where the locale does", () => {
    expect(firstDayOfWeek("en-GB")).toBe(1);
    expect(firstDayOfWeek("en-US")).toBe(0);
  });
});
