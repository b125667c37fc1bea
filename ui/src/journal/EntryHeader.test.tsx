// The editor header: the entry's date and time (changed from the keyboard), the star (Ctrl+D) and the
// journal picker; each saves the text first and updates the list.
import { describe, expect, it } from "vitest";
import { act, fireEvent, screen, waitFor, within } from "@testing-library/react";
import { openJournalOn, slow, withFakeBackend, withListHeight, setEditorText } from "../test/journal";
import { enter } from "../test/enter";

const backend = withFakeBackend();
withListHeight();

const MARCH_14 = new Date(2025, 2, 14, 8, 30).getTime();

function dateButton(): HTMLElement {
  return screen.getByTestId("entry-date").closest("button")!;
}

function rowTitles(): string[] {
  return screen.getAllByTestId("entry-item").map((item) => item.querySelector(".row-title")?.textContent ?? "");
}

describe("the entry's date", () => {
  it("shows when the entry is about, not when it was written", async () => {
    backend().add("About last summer", { datedAt: new Date(2025, 6, 4, 19, 5).getTime() });
    await openJournalOn("About last summer");
    const date = screen.getByTestId("entry-date");
    expect(date.getAttribute("datetime")).toBe(new Date(2025, 6, 4, 19, 5).toISOString());
    expect(date.textContent).toContain("2025");
  });

  it("changes from the keyboard: Enter applies, and the list re-sorts", async () => {
    backend().add("Older");
    backend().add("Newest");
    await openJournalOn("Newest");
    expect(rowTitles()).toEqual(["Newest", "Older"]);

    fireEvent.click(dateButton());
    const dialog = screen.getByRole("dialog", { name: /date and time/i });
    const day = within(dialog).getByLabelText("Date");
    expect(document.activeElement).toBe(day);
    enter(day, "2025-03-14");
    enter(within(dialog).getByLabelText("Time"), "08:30");
    fireEvent.keyDown(within(dialog).getByLabelText("Time"), { key: "Enter" });

    expect(screen.queryByRole("dialog")).toBeNull();
    await waitFor(() => expect(backend().count("set_entry_date")).toBe(1));
    expect(backend().calls.find((c) => c.cmd === "set_entry_date")!.args).toMatchObject({ datedAt: MARCH_14 });
    await waitFor(() => expect(screen.getByTestId("entry-date").getAttribute("datetime")).toBe(new Date(MARCH_14).toISOString()));
    // Dated earlier now, so it sorts after the other entry.
    await waitFor(() => expect(rowTitles()).toEqual(["Older", "Newest"]));
    expect(document.activeElement).toBe(dateButton());
  });

  it("is left alone by Escape, and Now dates the entry now", async () => {
    const entry = backend().add("Dated", { datedAt: MARCH_14 });
    await openJournalOn("Dated");

    fireEvent.click(dateButton());
    enter(screen.getByLabelText("Date"), "2020-01-01");
    fireEvent.keyDown(screen.getByLabelText("Date"), { key: "Escape" });
    expect(screen.queryByRole("dialog")).toBeNull();
    expect(document.activeElement).toBe(dateButton());
    expect(backend().count("set_entry_date")).toBe(0);

    const before = Date.now();
    fireEvent.click(dateButton());
    fireEvent.click(screen.getByRole("button", { name: "Now" }));
    await waitFor(() => expect(backend().rows.find((r) => r.id === entry.id)!.datedAt).toBeGreaterThanOrEqual(before));
  });

  it("says so when the date can't be read, and sends nothing", async () => {
    backend().add("Dated", { datedAt: MARCH_14 });
    await openJournalOn("Dated");
    fireEvent.click(dateButton());
    enter(screen.getByLabelText("Time"), "");
    fireEvent.keyDown(screen.getByLabelText("Time"), { key: "Enter" });
    expect(screen.getByRole("alert").textContent).toMatch(/whole date and time/);
    expect(backend().count("set_entry_date")).toBe(0);
  });

  it("saves the text before changing the date", async () => {
    const entry = backend().add("Draft");
    const editor = await openJournalOn("Draft");
    setEditorText(editor, "Draft, finished");
    fireEvent.click(dateButton());
    fireEvent.keyDown(screen.getByLabelText("Date"), { key: "Enter" }); // unchanged: nothing to send
    expect(backend().count("set_entry_date")).toBe(0);
    fireEvent.click(dateButton());
    enter(screen.getByLabelText("Date"), "2025-03-14");
    fireEvent.keyDown(screen.getByLabelText("Date"), { key: "Enter" });
    await waitFor(() => expect(backend().count("set_entry_date")).toBe(1));
    const order = backend().calls.map((c) => c.cmd).filter((cmd) => cmd === "save_entry" || cmd === "set_entry_date");
    expect(order).toEqual(["save_entry", "set_entry_date"]);
    expect(backend().rows.find((r) => r.id === entry.id)!.content).toBe("Draft, finished");
  });
});

describe("the star", () => {
  it("toggles with a click or Ctrl+D, after saving the text", async () => {
    const entry = backend().add("Worth keeping");
    const editor = await openJournalOn("Worth keeping");
    const star = screen.getByTestId("star-toggle");
    expect(star.getAttribute("aria-pressed")).toBe("false");

    setEditorText(editor, "Worth keeping, truly");
    fireEvent.click(star);
    expect(star.getAttribute("aria-pressed")).toBe("true");
    await waitFor(() => expect(backend().rows.find((r) => r.id === entry.id)!.starred).toBe(true));
    const order = backend().calls.map((c) => c.cmd).filter((cmd) => cmd === "save_entry" || cmd === "set_entry_starred");
    expect(order).toEqual(["save_entry", "set_entry_starred"]);

    fireEvent.keyDown(window, { key: "d", ctrlKey: true });
    await waitFor(() => expect(backend().rows.find((r) => r.id === entry.id)!.starred).toBe(false));
    expect(screen.getByTestId("star-toggle").getAttribute("aria-pressed")).toBe("false");
  });

  it("goes back when the star could not be stored", async () => {
    backend().add("Entry");
    await openJournalOn("Entry");
    backend().failures.set("set_entry_starred", { code: "storage", message: "disk trouble" });
    fireEvent.click(screen.getByTestId("star-toggle"));
    await waitFor(() => expect(screen.getByTestId("star-toggle").getAttribute("aria-pressed")).toBe("false"));
    expect(await screen.findByText(/Couldn't star the entry/, {}, slow)).toBeTruthy();
  });
});

describe("the journal picker", () => {
  it("moves the entry to the journal chosen and refreshes the list", async () => {
    const entry = backend().add("Meeting notes");
    const work = backend().addJournal("Work", "orange");
    await openJournalOn("Meeting notes");
    const picker = await screen.findByTestId<HTMLSelectElement>("journal-picker");
    expect(picker.value).toBe("journal-1");
    expect(within(picker).getAllByRole("option").map((o) => o.textContent)).toEqual(["Journal", "Work"]);

    const lists = backend().count("list_entries");
    enter(picker, work.id);
    await waitFor(() => expect(backend().rows.find((r) => r.id === entry.id)!.journalId).toBe(work.id));
    await waitFor(() => expect(backend().count("list_entries")).toBeGreaterThan(lists));
    await waitFor(() => expect(screen.getByTestId<HTMLSelectElement>("journal-picker").value).toBe(work.id));
    await act(() => new Promise((resolve) => setTimeout(resolve, 0)));
  });
});
