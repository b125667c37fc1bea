// The sidebar's filters as the back end's EntryFilter, and the empty list's sentence.
import { describe, expect, it } from "vitest";
import { NO_FILTER, emptyListText, rangeBounds, sameFilter, toEntryFilter } from "./viewFilter";

describe("the view filter", () => {
  it("turns a day or a month into local midnights, the end left out", () => {
    expect(rangeBounds({ kind: "day", date: "2026-11-03" })).toEqual([
      new Date(2026, 10, 3).getTime(),
      new Date(2026, 10, 4).getTime(),
    ]);
    expect(rangeBounds({ kind: "month", month: "2026-12" })).toEqual([
      new Date(2026, 11, 1).getTime(),
      new Date(2027, 0, 1).getTime(),
    ]);
  });

  it("becomes the EntryFilter the list and the back end share", () => {
    const filter = toEntryFilter({ journal: "j2", tag: "walk", starred: true, range: { kind: "day", date: "2026-11-03" } });
    expect(filter).toEqual({
      journal: "j2",
      tag: "walk",
      from: new Date(2026, 10, 3).getTime(),
      to: new Date(2026, 10, 4).getTime(),
      starred: true,
      mood: null,
    });
    expect(sameFilter(filter, { ...filter })).toBe(true);
    expect(sameFilter(filter, toEntryFilter(NO_FILTER))).toBe(false);
  });

  it("says what an empty list was narrowed to", () => {
    expect(emptyListText({ ...NO_FILTER, tag: "walk" }, null)).toBe("No entries tagged #walk.");
    expect(
      emptyListText({ journal: "j2", tag: "walk", starred: true, range: { kind: "month", month: "2026-11" } }, "Work"),
    ).toBe("No starred entries tagged #walk in Work in November 2026.");
    expect(emptyListText({ ...NO_FILTER, range: { kind: "day", date: "2026-11-26" } }, null)).toMatch(/^No entries on Thu/);
  });
});
