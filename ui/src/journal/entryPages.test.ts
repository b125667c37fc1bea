// The list's page cache: on-demand loading, in-place patches, and refresh without losing rows.
import { describe, expect, it, vi } from "vitest";
import type { EntryFilter, EntryPage, EntrySummary } from "../ipc/bindings";
import { appErrors } from "../test/appErrors";
import { EntryPages, KEEP_AROUND } from "./entryPages";
import { ALL_ENTRIES } from "./viewFilter";

function summary(i: number): EntrySummary {
  return {
    id: `e${i}`,
    createdAt: 1_000_000 - i,
    updatedAt: 1_000_000 - i,
    datedAt: 1_000_000 - i,
    journalId: "j1",
    starred: false,
    title: `Entry ${i}`,
    wordCount: i,
    analysis: null,
  };
}

function fakeLoader(total: number) {
  let count = total;
  const load = vi.fn(async (_filter: EntryFilter, offset: number, limit: number): Promise<EntryPage> => {
    const items: EntrySummary[] = [];
    for (let i = offset; i < Math.min(offset + limit, count); i++) items.push(summary(i));
    return { total: count, offset, items };
  });
  return { load, setTotal: (n: number) => (count = n) };
}

describe("EntryPages", () => {
  it("takes a first page handed over with the window, and loads only what follows it", async () => {
    const { load } = fakeLoader(1_000);
    const first = await fakeLoader(1_000).load(ALL_ENTRIES, 0, 100);
    const pages = new EntryPages(load, 100);
    pages.seed(first);
    expect(pages.total).toBe(1_000);
    expect(pages.get(0)?.id).toBe("e0");
    expect(pages.get(99)?.id).toBe("e99");

    await pages.ensure(0, 150);
    expect(load.mock.calls.map((call) => call[1])).toEqual([100]);
  });

  it("loads only the pages in view, once each", async () => {
    const { load } = fakeLoader(100_000);
    const pages = new EntryPages(load, 100);
    await pages.ensure(0, 30);
    expect(pages.total).toBe(100_000);
    expect(pages.get(5)?.id).toBe("e5");
    expect(pages.get(150)).toBeUndefined();

    await Promise.all([pages.ensure(150, 260), pages.ensure(190, 210)]);
    expect(load.mock.calls.map((call) => call[1])).toEqual([0, 100, 200]);
    expect(pages.get(250)?.id).toBe("e250");
  });

  it("keeps only the pages near the view, and page 0", async () => {
    const { load } = fakeLoader(100_000);
    const pages = new EntryPages(load, 100);
    for (let row = 0; row < 5_000; row += 50) await pages.ensure(row, row + 20);
    const loaded = [...Array(50).keys()].filter((page) => pages.get(page * 100) !== undefined);
    expect(loaded).toEqual([0, ...Array.from({ length: KEEP_AROUND + 1 }, (_, i) => 49 - KEEP_AROUND + i)]);
    // A dropped page loads again when it comes back into view.
    const calls = load.mock.calls.length;
    await pages.ensure(1_000, 1_010);
    expect(pages.get(1_005)?.id).toBe("e1005");
    expect(load.mock.calls.length).toBe(calls + 1);
  });

  it("patches a saved entry in place and tells listeners", async () => {
    const { load } = fakeLoader(10);
    const pages = new EntryPages(load, 100);
    await pages.ensure(0, 9);
    const listener = vi.fn();
    pages.subscribe(listener);
    pages.patch({ ...summary(3), title: "A new first line", wordCount: 42 });
    expect(pages.get(3)).toMatchObject({ title: "A new first line", wordCount: 42 });
    expect(listener).toHaveBeenCalled();
    expect(load).toHaveBeenCalledTimes(1);
  });

  it("gives a loaded entry its analysis in place, and takes it away again", async () => {
    const { load } = fakeLoader(10);
    const pages = new EntryPages(load, 100);
    await pages.ensure(0, 9);
    const listener = vi.fn();
    pages.subscribe(listener);
    const brief = { mood: "hopeful", colour: "#4f863a", sentiment: 4, summary: "Spring is close." } as const;
    pages.patchAnalysis("e4", brief);
    expect(pages.get(4)).toMatchObject({ id: "e4", title: "Entry 4", analysis: brief });
    expect(listener).toHaveBeenCalledTimes(1);
    pages.patchAnalysis("e4", null);
    expect(pages.get(4)?.analysis).toBeNull();
    // An entry that isn't loaded: nothing to do, nobody told.
    pages.patchAnalysis("e99", brief);
    expect(listener).toHaveBeenCalledTimes(2);
    expect(load).toHaveBeenCalledTimes(1);
  });

  it("keeps showing old rows while a refresh is on its way, then the new ones", async () => {
    const { load, setTotal } = fakeLoader(3);
    const pages = new EntryPages(load, 100);
    await pages.ensure(0, 2);
    setTotal(2);
    const refreshing = pages.refresh();
    expect(pages.get(2)?.id).toBe("e2");
    await refreshing;
    expect(pages.total).toBe(2);
    expect(pages.get(2)).toBeUndefined();
    expect(pages.indexOf("e1")).toBe(1);
  });

  it("records a failed load and recovers on the next try", async () => {
    const load = vi
      .fn<(filter: EntryFilter, offset: number, limit: number) => Promise<EntryPage>>()
      .mockRejectedValueOnce(appErrors.busy)
      .mockResolvedValue({ total: 1, offset: 0, items: [summary(0)] });
    const pages = new EntryPages(load, 100);
    await pages.ensure(0, 10);
    expect(pages.error).toEqual(appErrors.busy);
    await pages.ensure(0, 10);
    expect(pages.error).toBeNull();
    expect(pages.get(0)?.id).toBe("e0");
  });

  it("starts again from the top with a new filter, and asks for the entries that pass it", async () => {
    const { load } = fakeLoader(1_000);
    const pages = new EntryPages(load, 100);
    await pages.ensure(250, 260);
    const listener = vi.fn();
    pages.subscribe(listener);
    const walks: EntryFilter = { ...ALL_ENTRIES, tag: "walk" };
    const loading = pages.setFilter(walks);
    // The old rows are other entries: none is shown while the new ones load.
    expect(pages.total).toBeNull();
    expect(pages.get(0)).toBeUndefined();
    expect(listener).toHaveBeenCalled();
    await loading;
    expect(load.mock.calls.at(-1)).toEqual([walks, 0, 100]);
    expect(pages.get(0)?.id).toBe("e0");
    expect(pages.filter).toBe(walks);

    // The same filter again (a new object) changes nothing.
    const calls = load.mock.calls.length;
    await pages.setFilter({ ...walks });
    expect(load.mock.calls.length).toBe(calls);
    // Refreshes and later pages keep the filter.
    await pages.refresh();
    await pages.ensure(300, 310);
    expect(load.mock.calls.slice(calls).every((call) => call[0] === walks)).toBe(true);
  });

  it("drops a page that a filter change overtook", async () => {
    let release!: (page: EntryPage) => void;
    const load = vi
      .fn<(filter: EntryFilter, offset: number, limit: number) => Promise<EntryPage>>()
      .mockReturnValueOnce(new Promise((resolve) => (release = resolve)))
      .mockResolvedValue({ total: 1, offset: 0, items: [summary(7)] });
    const pages = new EntryPages(load, 100);
    const first = pages.ensure(0, 10);
    await pages.setFilter({ ...ALL_ENTRIES, starred: true });
    release({ total: 2, offset: 0, items: [summary(0), summary(1)] });
    await first;
    expect(pages.total).toBe(1);
    expect(pages.get(0)?.id).toBe("e7");
  });

  it("counts changes to entries, not filter changes, for the calendar and tags", async () => {
    const { load } = fakeLoader(10);
    const pages = new EntryPages(load, 100);
    await pages.ensure(0, 9);
    const listener = vi.fn();
    pages.subscribeChanges(listener);
    const before = pages.getChanges();
    await pages.setFilter({ ...ALL_ENTRIES, journal: "j2" });
    expect(pages.getChanges()).toBe(before);
    pages.patch(summary(3));
    // An entry out of view counts too: its day in the calendar may have changed.
    pages.patchAnalysis("e99", null);
    await pages.refresh();
    expect(pages.getChanges()).toBe(before + 3);
    expect(listener).toHaveBeenCalledTimes(3);
  });
});
