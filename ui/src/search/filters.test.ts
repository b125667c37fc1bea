// The search filter controls as the request's EntryFilter, and the result count's wording.
import { describe, expect, it } from "vitest";
import { NO_FILTERS, activeFilters, dayAfter, toEntryFilter } from "./filters";
import { countLabel } from "./search";

describe("toEntryFilter", () => {
  it("follows the journal in view until another journal (or all) is picked", () => {
    expect(toEntryFilter(NO_FILTERS, "journal-2").journal).toBe("journal-2");
    expect(toEntryFilter({ ...NO_FILTERS, journal: null }, "journal-2").journal).toBeNull();
    expect(toEntryFilter({ ...NO_FILTERS, journal: "journal-3" }, "journal-2").journal).toBe("journal-3");
  });

  it("includes both days of the range: to is the next local midnight", () => {
    const filter = toEntryFilter({ ...NO_FILTERS, from: "2026-03-01", to: "2026-03-31" }, null);
    expect(filter.from).toBe(new Date(2026, 2, 1).getTime());
    expect(filter.to).toBe(new Date(2026, 3, 1).getTime());
    expect(dayAfter("2026-12-31")).toBe(new Date(2027, 0, 1).getTime());
  });

  it("leaves out half-typed dates and passes the rest as they are", () => {
    const filter = toEntryFilter({ ...NO_FILTERS, from: "2026-0", tag: "walk", mood: "calm", starred: true }, null);
    expect(filter).toEqual({ journal: null, tag: "walk", from: null, to: null, starred: true, mood: "calm" });
  });

  it("counts the filters that narrow the search", () => {
    expect(activeFilters(NO_FILTERS)).toBe(0);
    expect(activeFilters({ ...NO_FILTERS, order: "best" })).toBe(0);
    expect(activeFilters({ ...NO_FILTERS, from: "2026-01-01", starred: true, journal: null })).toBe(3);
  });
});

describe("countLabel", () => {
  it("says how many so far, with a + while more pages wait", () => {
    expect(countLabel(1, false)).toBe("1 result");
    expect(countLabel(0, false)).toBe("0 results");
    expect(countLabel(50, true)).toBe("50+ results");
    expect(countLabel(312, false)).toBe("312 results");
  });
});
