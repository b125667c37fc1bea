// Search in the sidebar: every match a page at a time (scrolling, the keyboard or "Show more
// results"), the count so far, the hint, and the filter controls.
import { describe, expect, it } from "vitest";
import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import type { SearchRequest } from "../ipc/bindings";
import { openJournalOn, slow, withFakeBackend, withListHeight } from "../test/journal";
import { enter } from "../test/enter";

const backend = withFakeBackend();
withListHeight();

function requests(): SearchRequest[] {
  return backend()
    .calls.filter((c) => c.cmd === "search_entries")
    .map((c) => c.args.request as SearchRequest);
}

function count(): string {
  return screen.getByTestId("search-count").textContent ?? "";
}

async function search(text: string): Promise<HTMLInputElement> {
  const input = screen.getByTestId<HTMLInputElement>("search-input");
  enter(input, text);
  await waitFor(() => expect(requests().at(-1)?.text).toBe(text.trim()), slow);
  return input;
}

describe("paged search", () => {
  it("loads further pages on scrolling, from the keyboard and with Show more, to the last match", async () => {
    for (let i = 1; i <= 160; i += 1) backend().add(`Walk number ${i}`);
    backend().add("Groceries");
    await openJournalOn("Groceries");
    await search("walk");
    await waitFor(() => expect(count()).toBe("50+ results"), slow);
    expect(requests()[0]).toMatchObject({ cursor: null, limit: 50, order: "newest" });

    // Scrolling near the end of the results.
    fireEvent.scroll(screen.getByTestId("search-count").parentElement!);
    await waitFor(() => expect(count()).toBe("100+ results"));
    expect(requests().at(-1)!.cursor).toBe("50");

    // End on the results moves to the last one loaded, which loads the next page.
    const list = screen.getByRole("listbox", { name: /search results/i });
    fireEvent.keyDown(list, { key: "End" });
    await waitFor(() => expect(count()).toBe("150+ results"));

    fireEvent.click(screen.getByRole("button", { name: "Show more results" }));
    await waitFor(() => expect(count()).toBe("160 results"));
    expect(screen.queryByRole("button", { name: "Show more results" })).toBeNull();
    const items = screen.getAllByTestId("entry-item");
    expect(items).toHaveLength(160);
    expect(items[159]!.textContent).toContain("Walk number 1");
  }, 20_000);

  it("says when part of the search was read as plain words", async () => {
    backend().add("A walk by the sea");
    await openJournalOn("A walk by the sea");
    await search('"walk by');
    const hint = await screen.findByTestId("search-hint", {}, slow);
    expect(hint.getAttribute("role")).toBe("status");
    expect(hint.textContent).toMatch(/closing " is missing/);
    expect(count()).toBe("1 result");
  });
});

describe("search filters", () => {
  it("open from the Filters button and narrow the search, starred and order included", async () => {
    backend().add("Sea, starred", { starred: true });
    backend().add("Sea, plain");
    await openJournalOn("Sea, plain");
    expect(screen.queryByTestId("search-filters")).toBeNull();

    await search("sea");
    // Closed until asked for, so that the results have the room.
    expect(screen.queryByTestId("search-filters")).toBeNull();
    fireEvent.click(screen.getByTestId("search-filters-button"));
    const filters = await screen.findByTestId("search-filters");
    await waitFor(() => expect(screen.getAllByTestId("entry-item")).toHaveLength(2), slow);

    fireEvent.click(within(filters).getByLabelText("Starred only"));
    await waitFor(() => expect(requests().at(-1)!.filter.starred).toBe(true), slow);
    await waitFor(() => expect(screen.getAllByTestId("entry-item")).toHaveLength(1));
    expect(screen.getByTestId("entry-item").textContent).toContain("Sea, starred");

    fireEvent.click(within(filters).getByLabelText("Best match"));
    await waitFor(() => expect(requests().at(-1)!.order).toBe("best"), slow);
    expect(screen.getByTestId("search-filters-button").textContent).toContain("1");
  });

  it("offers the journals, tags and moods, and builds the filter from them", async () => {
    backend().add("Sea at home #home");
    const work = backend().addJournal("Work", "orange");
    backend().add("Sea at work #meeting", { journalId: work.id });
    await openJournalOn("Sea at work #meeting");
    await search("sea");
    // Closed until asked for, so that the results have the room.
    expect(screen.queryByTestId("search-filters")).toBeNull();
    fireEvent.click(screen.getByTestId("search-filters-button"));
    const filters = await screen.findByTestId("search-filters");

    const journal = within(filters).getByLabelText<HTMLSelectElement>("Journal");
    await waitFor(() => expect(within(journal).getAllByRole("option").map((o) => o.textContent)).toEqual(["All journals", "Journal", "Work"]));
    enter(journal, work.id);
    await waitFor(() => expect(requests().at(-1)!.filter.journal).toBe(work.id), slow);
    await waitFor(() => expect(screen.getAllByTestId("entry-item")).toHaveLength(1));

    const tag = within(filters).getByLabelText<HTMLSelectElement>("Tag");
    expect(within(tag).getAllByRole("option").map((o) => o.textContent)).toEqual(["Any tag", "#home", "#meeting"]);
    enter(tag, "meeting");
    enter(within(filters).getByLabelText("Mood"), "calm");
    enter(within(filters).getByLabelText("From"), "2026-01-01");
    enter(within(filters).getByLabelText("To"), "2026-12-31");
    await waitFor(() =>
      expect(requests().at(-1)!.filter).toEqual({
        journal: work.id,
        tag: "meeting",
        mood: "calm",
        starred: false,
        from: new Date(2026, 0, 1).getTime(),
        to: new Date(2027, 0, 1).getTime(),
      }),
    slow);

    fireEvent.click(within(filters).getByRole("button", { name: "Clear filters" }));
    await waitFor(() => expect(requests().at(-1)!.filter).toMatchObject({ journal: null, tag: null, mood: null, from: null }), slow);
  });

  it("open with Alt+F or the Filters button, and Escape goes back to the search box", async () => {
    backend().add("Entry");
    await openJournalOn("Entry");
    const button = screen.getByTestId("search-filters-button");
    expect(button.getAttribute("aria-expanded")).toBe("false");

    fireEvent.keyDown(window, { key: "f", code: "KeyF", altKey: true });
    const filters = await screen.findByTestId("search-filters");
    expect(filters.contains(document.activeElement)).toBe(true);
    expect(button.getAttribute("aria-expanded")).toBe("true");
    expect(filters.textContent).toMatch(/Type in the search box/);

    fireEvent.keyDown(document.activeElement!, { key: "Escape" });
    expect(document.activeElement).toBe(screen.getByTestId("search-input"));

    fireEvent.click(button);
    expect(screen.queryByTestId("search-filters")).toBeNull();
    expect(button.getAttribute("aria-expanded")).toBe("false");
  });
});
