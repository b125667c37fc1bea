// The calendar: days with entries marked with their count and mood, picking a day or a month to filter
// the list (and open the day's newest entry), moving about from the keyboard, and reading the month
// again when entries change.
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { act, cleanup, fireEvent, screen, waitFor, within } from "@testing-library/react";
import { emit } from "@tauri-apps/api/event";
import { openJournalOn, withFakeBackend, withListHeight } from "../test/journal";
import { enter } from "../test/enter";

const backend = withFakeBackend();
withListHeight();

beforeEach(() => {
  localStorage.clear();
  // Only the date is pretended; timers run as usual.
  vi.useFakeTimers({ toFake: ["Date"], shouldAdvanceTime: true });
  vi.setSystemTime(new Date(2026, 10, 26, 12, 0));
});

afterEach(() => {
  vi.useRealTimers();
});

const at = (month: number, date: number, hour = 9) => new Date(2026, month - 1, date, hour).getTime();

function day(date: string): HTMLElement {
  return within(screen.getByTestId("calendar")).getByTestId(
    (id, element) => id === "calendar-day" && element?.getAttribute("data-date") === date,
  );
}

function titles(): string[] {
  return screen.queryAllByTestId("entry-item").map((row) => row.querySelector(".row-title")?.textContent ?? "");
}

function editorText(): string {
  return screen.getByTestId<HTMLTextAreaElement>("entry-editor").value;
}

function lastCall(cmd: string) {
  return backend().calls.filter((call) => call.cmd === cmd).at(-1);
}

/** Three entries on 3 November (two of them calm), one today. */
function someDays() {
  const first = backend().add("Early on the third", { datedAt: at(11, 3, 8) });
  const second = backend().add("Late on the third", { datedAt: at(11, 3, 21) });
  backend().add("Midday on the third", { datedAt: at(11, 3, 12) });
  backend().add("Today", { datedAt: at(11, 26) });
  backend().analyse(first.id, { mood: "calm", colour: "#28867d" });
  backend().analyse(second.id, { mood: "calm", colour: "#28867d" });
}

describe("the calendar", () => {
  it("marks the days with entries with a dot in their mood's colour, and their count in the label", async () => {
    someDays();
    await openJournalOn("Today");
    const calendar = screen.getByTestId("calendar");
    expect(within(calendar).getByRole("grid")).toBeTruthy();
    await waitFor(() => expect(day("2026-11-03").dataset.count).toBe("3"));
    expect(lastCall("calendar_month")!.args).toEqual({ month: "2026-11", journal: null });

    const third = day("2026-11-03");
    expect(third.getAttribute("aria-label")).toContain("3 entries, mostly calm");
    expect(third.querySelector<HTMLElement>(".calendar-dot")!.style.backgroundColor).toBe("rgb(40, 134, 125)");
    const today = day("2026-11-26");
    expect(today.dataset.count).toBe("1");
    expect(today.getAttribute("aria-current")).toBe("date");
    // Not analysed yet: the dot takes the neutral accent, and the label says only how many.
    expect(today.querySelector<HTMLElement>(".calendar-dot")!.style.backgroundColor).toBe("");
    expect(today.getAttribute("aria-label")).toMatch(/, 1 entry$/);
    expect(day("2026-11-04").dataset.count).toBe("0");
    expect(day("2026-11-04").querySelector(".calendar-dot")).toBeNull();
    expect(within(calendar).getAllByTestId("calendar-day")).toHaveLength(30);
  });

  it("filters the list to a day and opens its newest entry; the chip and Escape clear it", async () => {
    someDays();
    await openJournalOn("Today");
    await waitFor(() => expect(day("2026-11-03").dataset.count).toBe("3"));

    fireEvent.click(day("2026-11-03"));
    await waitFor(() => expect(titles()).toEqual(["Late on the third", "Midday on the third", "Early on the third"]));
    await waitFor(() => expect(editorText()).toBe("Late on the third"));
    expect(lastCall("list_entries")!.args.filter).toMatchObject({ from: at(11, 3, 0), to: at(11, 4, 0) });
    expect(day("2026-11-03").getAttribute("aria-selected")).toBe("true");
    const chip = screen.getByTestId("date-filter");
    expect(chip.textContent).toContain("3 Nov 2026");

    fireEvent.click(within(chip).getByTestId("date-filter-clear"));
    await waitFor(() => expect(titles()).toHaveLength(4));
    expect(screen.queryByTestId("date-filter")).toBeNull();
    expect(editorText()).toBe("Late on the third");

    // From the keyboard: Enter picks the day, Escape lets it go.
    const grid = within(screen.getByTestId("calendar")).getByRole("grid");
    act(() => day("2026-11-26").focus());
    fireEvent.keyDown(grid, { key: "Enter" });
    await waitFor(() => expect(titles()).toEqual(["Today"]));
    await waitFor(() => expect(editorText()).toBe("Today"));
    fireEvent.keyDown(grid, { key: "Escape" });
    await waitFor(() => expect(titles()).toHaveLength(4));
    expect(screen.queryByTestId("date-filter")).toBeNull();
  });

  it("filters the list to a whole month", async () => {
    someDays();
    backend().add("In October", { datedAt: at(10, 12) });
    await openJournalOn("Today");
    fireEvent.click(await screen.findByTestId("calendar-whole-month"));
    await waitFor(() => expect(titles()).toHaveLength(4));
    expect(screen.getByTestId("date-filter").textContent).toContain("November 2026");
    expect(lastCall("list_entries")!.args.filter).toMatchObject({ from: at(11, 1, 0), to: at(12, 1, 0) });
    expect(screen.getByTestId("calendar-whole-month").getAttribute("aria-pressed")).toBe("true");
    fireEvent.click(screen.getByTestId("calendar-whole-month"));
    await waitFor(() => expect(titles()).toHaveLength(5));
  });

  it("moves between days with the arrow keys, by months with PageUp and PageDown, and to today with T", async () => {
    someDays();
    await openJournalOn("Today");
    // The calendar comes a frame after the journal.
    const grid = within(await screen.findByTestId("calendar")).getByRole("grid");
    const focused = () => (document.activeElement as HTMLElement).dataset.date;
    // One day in the tab order: today, to start with.
    expect(grid.querySelectorAll('[tabindex="0"]')).toHaveLength(1);
    expect(day("2026-11-26").tabIndex).toBe(0);

    day("2026-11-26").focus();
    fireEvent.keyDown(grid, { key: "ArrowLeft" });
    expect(focused()).toBe("2026-11-25");
    expect(day("2026-11-25").tabIndex).toBe(0);
    expect(day("2026-11-26").tabIndex).toBe(-1);
    fireEvent.keyDown(grid, { key: "ArrowUp" });
    expect(focused()).toBe("2026-11-18");
    fireEvent.keyDown(grid, { key: "ArrowRight" });
    fireEvent.keyDown(grid, { key: "ArrowDown" });
    expect(focused()).toBe("2026-11-26");

    fireEvent.keyDown(grid, { key: "PageUp" });
    expect(focused()).toBe("2026-10-26");
    await waitFor(() => expect(lastCall("calendar_month")!.args.month).toBe("2026-10"));
    expect((screen.getByTestId("calendar-month") as HTMLSelectElement).value).toBe("10");
    fireEvent.keyDown(grid, { key: "PageDown", shiftKey: true });
    expect(focused()).toBe("2027-10-26");
    fireEvent.keyDown(grid, { key: "t" });
    expect(focused()).toBe("2026-11-26");
    // Out of the month by a day, into the next one.
    fireEvent.keyDown(grid, { key: "ArrowDown" });
    fireEvent.keyDown(grid, { key: "ArrowDown" });
    expect(focused()).toBe("2026-12-10");
  });

  it("goes to other months with the buttons and the pickers, and back with Today", async () => {
    someDays();
    backend().add("Long ago", { datedAt: new Date(2024, 10, 5, 9).getTime() });
    await openJournalOn("Today");
    const calendar = screen.getByTestId("calendar");
    const year = within(calendar).getByTestId<HTMLSelectElement>("calendar-year");
    // The years with entries, and the last ten and the next, so a year can be picked before it has any.
    const now = new Date().getFullYear();
    const years = Array.from({ length: 12 }, (_, i) => String(now - 10 + i));
    await waitFor(() => expect([...year.options].map((option) => option.value)).toEqual(years));
    // A year it cannot show is ignored rather than shown as the year 1900.
    enter(year, "");
    expect(year.value).toBe(String(now));

    fireEvent.click(within(calendar).getByTestId("calendar-prev"));
    await waitFor(() => expect(lastCall("calendar_month")!.args.month).toBe("2026-10"));
    enter(year, "2024");
    enter(within(calendar).getByTestId("calendar-month"), "11");
    await waitFor(() => expect(day("2024-11-05").dataset.count).toBe("1"));
    fireEvent.click(within(calendar).getByTestId("calendar-next"));
    await waitFor(() => expect(lastCall("calendar_month")!.args.month).toBe("2024-12"));

    fireEvent.click(within(calendar).getByTestId("calendar-today"));
    await waitFor(() => expect(day("2026-11-26").tabIndex).toBe(0));
    // T does the same from the calendar's other controls.
    fireEvent.click(within(calendar).getByTestId("calendar-prev"));
    fireEvent.keyDown(within(calendar).getByTestId("calendar-next"), { key: "T" });
    await waitFor(() => expect(day("2026-11-26").tabIndex).toBe(0));
  });

  it("reads the month again when entries are created, deleted or analysed", async () => {
    someDays();
    await openJournalOn("Today");
    await waitFor(() => expect(day("2026-11-26").dataset.count).toBe("1"));

    fireEvent.click(screen.getByTestId("new-entry"));
    await waitFor(() => expect(backend().count("create_entry")).toBe(1));
    // The fake dates new entries by its own clock: put this one on today.
    backend().rows.at(-1)!.datedAt = at(11, 26, 13);
    await waitFor(() => expect(day("2026-11-26").dataset.count).toBe("2"));

    const today = backend().rows.find((row) => row.content === "Today")!;
    const analysis = backend().analyse(today.id, { mood: "joyful", colour: "#d08a2e" });
    await act(() => emit("entry-analysed", { entryId: today.id, analysis }));
    await waitFor(() => expect(day("2026-11-26").getAttribute("aria-label")).toContain("2 entries, mostly joyful"));
  });

  it("shows the journal in view, and stays closed once closed", async () => {
    const work = backend().addJournal("Work");
    backend().add("At home", { datedAt: at(11, 2) });
    backend().add("At work", { datedAt: at(11, 5), journalId: work.id });
    await openJournalOn("At work");
    await waitFor(() => expect(day("2026-11-02").dataset.count).toBe("1"));

    fireEvent.click(screen.getByTestId("journal-switcher"));
    fireEvent.click(screen.getAllByTestId("journal-option").find((option) => option.dataset.name === "Work")!);
    await waitFor(() => expect(lastCall("calendar_month")!.args).toEqual({ month: "2026-11", journal: work.id }));
    await waitFor(() => expect(day("2026-11-02").dataset.count).toBe("0"));
    expect(day("2026-11-05").dataset.count).toBe("1");

    const toggle = screen.getByTestId("calendar-toggle");
    expect(toggle.getAttribute("aria-expanded")).toBe("true");
    fireEvent.click(toggle);
    expect(toggle.getAttribute("aria-expanded")).toBe("false");
    expect(within(screen.getByTestId("calendar")).queryByRole("grid")).toBeNull();

    cleanup();
    await openJournalOn("At work");
    expect(screen.getByTestId("calendar-toggle").getAttribute("aria-expanded")).toBe("false");
  });
});
