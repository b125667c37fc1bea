// The fake back end answers the journal's navigation as the real store does: filters, journals (with
// their undo), tags and their renames, the calendar.
import { describe, expect, it } from "vitest";
import type { EntryFilter } from "../ipc/bindings";
import { ALL_ENTRIES } from "../journal/viewFilter";
import { appErrors } from "./appErrors";
import { FakeBackend } from "./fakeBackend";

async function list(backend: FakeBackend, filter: Partial<EntryFilter> = {}): Promise<string[]> {
  const page = (await backend.handle("list_entries", { filter: { ...ALL_ENTRIES, ...filter }, offset: 0, limit: 100 })) as {
    items: { title: string }[];
  };
  return page.items.map((item) => item.title);
}

describe("the fake back end", () => {
  it("lists the entries that pass a filter, newest first by their date", async () => {
    const backend = new FakeBackend();
    const work = backend.addJournal("Work");
    backend.add("Old, dated late #walk", { datedAt: new Date(2026, 10, 30, 8).getTime() });
    backend.add("Work #Walk", { journalId: work.id, starred: true, datedAt: new Date(2026, 10, 3, 9).getTime() });
    backend.add("Plain", { datedAt: new Date(2026, 10, 3, 20).getTime() });
    expect(await list(backend)).toEqual(["Old, dated late #walk", "Plain", "Work #Walk"]);
    expect(await list(backend, { journal: work.id })).toEqual(["Work #Walk"]);
    expect(await list(backend, { tag: "WALK" })).toEqual(["Old, dated late #walk", "Work #Walk"]);
    expect(await list(backend, { starred: true })).toEqual(["Work #Walk"]);
    const day = { from: new Date(2026, 10, 3).getTime(), to: new Date(2026, 10, 4).getTime() };
    expect(await list(backend, day)).toEqual(["Plain", "Work #Walk"]);
  });

  it("deletes a journal by moving or deleting its entries, refuses the last one, and undoes it", async () => {
    const backend = new FakeBackend();
    const work = backend.addJournal("Work");
    const entry = backend.add("At work", { journalId: work.id });
    const deleted = await backend.handle("delete_journal", { id: work.id, moveTo: "journal-1" });
    expect(deleted).toMatchObject({ journal: { name: "Work", entries: 1 }, movedTo: "journal-1", entries: 1 });
    expect(backend.summary(entry.id).journalId).toBe("journal-1");
    await backend.handle("undo_delete_journal", { id: work.id });
    expect(backend.summary(entry.id).journalId).toBe(work.id);

    await backend.handle("delete_journal", { id: work.id, moveTo: null });
    expect(await list(backend)).toEqual([]);
    await expect(backend.handle("delete_journal", { id: "journal-1", moveTo: null })).rejects.toMatchObject({
      code: "invalid_input",
    });
    await backend.handle("undo_delete_journal", { id: work.id });
    expect(await list(backend)).toEqual(["At work"]);
    await expect(backend.handle("undo_delete_journal", { id: work.id })).rejects.toEqual(appErrors.not_found);
  });

  it("counts tags and renames them in the entries' text, merging into a tag that exists", async () => {
    const backend = new FakeBackend();
    backend.add("#Walk by the sea");
    backend.add("#walk and #rain");
    expect(await backend.handle("list_tags", {})).toEqual([
      { name: "rain", entries: 1 },
      { name: "Walk", entries: 2 },
    ]);
    expect(await backend.handle("rename_tag", { from: "walk", to: "rain" })).toEqual({ name: "rain", entries: 2 });
    expect(backend.rows.map((row) => row.content)).toEqual(["#rain by the sea", "#rain and #rain"]);
    expect(await backend.handle("list_tags", {})).toEqual([{ name: "rain", entries: 2 }]);
    await expect(backend.handle("rename_tag", { from: "rain", to: "two words" })).rejects.toMatchObject({
      code: "invalid_input",
    });
  });

  it("groups a month's entries by local day, with the day's most frequent mood", async () => {
    const backend = new FakeBackend();
    const a = backend.add("One", { datedAt: new Date(2026, 10, 3, 9).getTime() });
    const b = backend.add("Two", { datedAt: new Date(2026, 10, 3, 23, 30).getTime() });
    backend.add("Three", { datedAt: new Date(2026, 10, 3, 12).getTime() });
    backend.add("Next month", { datedAt: new Date(2026, 11, 1, 0, 10).getTime() });
    backend.analyse(a.id, { mood: "tired", colour: "#777777" });
    backend.analyse(b.id, { mood: "tired", colour: "#777777" });
    const month = await backend.handle("calendar_month", { month: "2026-11", journal: null });
    expect(month).toEqual({
      month: "2026-11",
      days: [{ date: "2026-11-03", count: 3, mood: "tired", colour: "#777777" }],
      first: "2026-11-03",
      last: "2026-12-01",
    });
  });
});
