// The History view: sentiment chart, mood counts, streak and "On this day" from the back end, the
// journal-wide analysis's progress and Cancel, and the empty journal.
import { describe, expect, it } from "vitest";
import { act, fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import { emit } from "@tauri-apps/api/event";
import { App } from "../app/App";
import type { AnalysisProgress, History } from "../ipc/bindings";
import { appErrors } from "../test/appErrors";
import { openJournalOn, slow, withFakeBackend } from "../test/journal";

const backend = withFakeBackend();

const HISTORY: History = {
  points: [
    { period: "2026-11-02", average: 2.5, entries: 3 },
    { period: "2026-11-09", average: -1, entries: 2 },
    { period: "2026-11-16", average: 6.1, entries: 4 },
  ],
  average: 2.9,
  moods: [
    { mood: "calm", colour: "#28867d", count: 5 },
    { mood: "sad", colour: "#3e7ac0", count: 2 },
    { mood: "grateful", colour: "#b05a3c", count: 1 },
  ],
  unanalysed: 3,
};

async function openHistory() {
  fireEvent.click(screen.getByTestId("nav-history"));
  return screen.findByTestId("history-view", {}, slow);
}

async function jobChanged(progress: AnalysisProgress | null) {
  await act(() => emit("analysis-job-changed", progress));
}

describe("history", () => {
  it("charts sentiment, counts moods, and shows the streak and On this day", async () => {
    const lastYear = backend().add("Last year on this day we went sailing.");
    backend().analyse(lastYear.id, { mood: "joyful", summary: "We went sailing." });
    backend().add("Today");
    backend().history = HISTORY;
    backend().highlights = {
      today: "2026-11-26",
      onThisDay: [{ yearsAgo: 1, entry: backend().summary(lastYear.id) }],
      streak: { current: 4, longest: 12, wroteToday: true, daysWritten: 87 },
    };
    await openJournalOn("Today");
    const view = await openHistory();

    // Sentiment over time: the chart, its reference line, and the same in words.
    const chart = await within(view).findByTestId("sentiment-chart");
    expect(chart.getAttribute("aria-label")).toBe("Sentiment by week, from -10 to +10");
    await waitFor(() => expect(chart.querySelector(".recharts-area-curve")).not.toBeNull());
    expect(chart.querySelector(".chart-average")).not.toBeNull();
    expect(within(chart).getByTestId("sentiment-summary").textContent).toBe(
      "Average sentiment +2.9 (positive) over 9 entries, by week. " +
        "Highest: the week of 16 Nov 2026 (+6.1). Lowest: the week of 9 Nov 2026 (-1).",
    );
    const [periodAsked] = backend().calls.filter((c) => c.cmd === "history");
    expect(periodAsked!.args.period).toBe("week");
    const yearAgo = Date.now() - 365 * 24 * 60 * 60 * 1000;
    expect(Math.abs((periodAsked!.args.since as number) - yearAgo)).toBeLessThan(60_000);
    expect(within(view).getByTestId("unanalysed").textContent).toBe("3 entries are still being read…");

    // Moods, most frequent first.
    const moods = within(view).getByTestId("mood-counts");
    const rows = within(moods).getAllByRole("listitem");
    expect(rows.map((row) => row.getAttribute("data-mood"))).toEqual(["calm", "sad", "grateful"]);
    expect(rows[0]!.textContent).toBe("calm5 entries");

    const streak = within(view).getByTestId("streak");
    expect(within(streak).getByTestId("streak-current").textContent).toBe("4 days");
    expect(within(streak).getByTestId("streak-longest").textContent).toBe("12 days");
    expect(within(streak).getByTestId("streak-days").textContent).toBe("87");
    expect(streak.textContent).toContain("You've written today.");

    // On this day: opens the entry in the journal.
    const onThisDay = within(view).getByTestId("on-this-day");
    expect(onThisDay.textContent).toContain("On this day, 26 November");
    const item = within(onThisDay).getByTestId("on-this-day-entry");
    expect(item.textContent).toContain("1 year ago");
    expect(within(item).getByTestId("mood-chip").getAttribute("data-mood")).toBe("joyful");
    fireEvent.click(item);
    await waitFor(() =>
      expect(screen.getByTestId<HTMLTextAreaElement>("entry-editor").value).toBe(
        "Last year on this day we went sailing.",
      ),
    );
    expect(screen.queryByTestId("history-view")).toBeNull();
    expect(screen.getByTestId("nav-journal").getAttribute("aria-current")).toBe("page");
  });

  it("asks again when the period or the range changes", async () => {
    backend().add("Today");
    backend().history = HISTORY;
    await openJournalOn("Today");
    const view = await openHistory();
    await within(view).findByTestId("sentiment-chart");

    fireEvent.click(within(within(view).getByTestId("period-picker")).getByLabelText("Month"));
    await waitFor(() => expect(backend().calls.filter((c) => c.cmd === "history").at(-1)!.args.period).toBe("month"));
    fireEvent.click(within(within(view).getByTestId("range-picker")).getByLabelText("All"));
    await waitFor(() => expect(backend().calls.filter((c) => c.cmd === "history").at(-1)!.args.since).toBeNull());
    expect(backend().calls.filter((c) => c.cmd === "history").at(-1)!.args.period).toBe("month");
    await waitFor(() =>
      expect(within(view).getByTestId("sentiment-summary").textContent).toContain("Highest: November 2026 (+6.1)"),
    );
  });

  it("welcomes an empty journal", async () => {
    render(<App windowLabel="journal" />);
    await screen.findByText("A fresh page", {}, slow);
    const view = await openHistory();
    expect(within(view).getByTestId("history-empty").textContent).toContain("Your history starts with your first entry");
    expect(within(view).queryByTestId("sentiment-chart")).toBeNull();
    expect(within(view).getByTestId<HTMLButtonElement>("reanalyse-button").disabled).toBe(true);
  });

  it("says when a range has no entries", async () => {
    backend().add("Long ago");
    await openJournalOn("Long ago");
    const view = await openHistory();
    await waitFor(() => expect(view.textContent).toContain("No entries in this range. Try a longer one."));
    expect(within(view).queryByTestId("unanalysed")).toBeNull();
  });

  it("shows why the history couldn't be loaded", async () => {
    backend().add("Today");
    backend().failures.set("history", appErrors.busy);
    await openJournalOn("Today");
    const view = await openHistory();
    const error = await within(view).findByTestId("error-message");
    expect(error.textContent).toContain(`Couldn't load your history. ${appErrors.busy.message}`);

    backend().failures.delete("history");
    backend().history = HISTORY;
    fireEvent.click(within(error).getByRole("button", { name: "Try again" }));
    await within(view).findByTestId("sentiment-chart");
    expect(within(view).queryByTestId("error-message")).toBeNull();
  });
});

describe("re-analysing", () => {
  it("shows a catch-up that is under way, and Cancel stops it and reads the history again", async () => {
    backend().add("Today");
    backend().job = { done: 1200, total: 100_000, everything: false };
    await openJournalOn("Today");
    const view = await openHistory();

    const progress = await within(view).findByTestId<HTMLProgressElement>("analysis-progress");
    expect(progress.tagName).toBe("PROGRESS");
    expect(progress.value).toBe(1200);
    expect(progress.max).toBe(100_000);
    expect(view.textContent).toContain("Reading entries… 1,200 of 100,000");
    expect(within(view).getByRole("progressbar", { name: "Reading entries… 1,200 of 100,000" })).toBe(progress);
    expect(within(view).queryByTestId("reanalyse-button")).toBeNull();

    await jobChanged({ done: 1300, total: 100_000, everything: false });
    await waitFor(() => expect(progress.value).toBe(1300));

    const asked = backend().count("history");
    const lists = backend().count("list_entries");
    fireEvent.click(within(view).getByTestId("analysis-cancel"));
    await waitFor(() => expect(backend().count("cancel_analysis")).toBe(1));
    expect(within(view).getByTestId("analysis-cancel").textContent).toBe("Stopping…");
    await jobChanged(null);
    await waitFor(() => expect(within(view).queryByTestId("analysis-progress")).toBeNull());
    expect(within(view).getByTestId("reanalyse-button")).toBeTruthy();
    // What the job finished is shown: the history and the cards are read again.
    await waitFor(() => expect(backend().count("history")).toBe(asked + 1));
    await waitFor(() => expect(backend().count("list_entries")).toBeGreaterThan(lists));
  });

  it("starts with Re-analyse all and follows the job to its end", async () => {
    backend().add("One");
    backend().add("Two");
    await openJournalOn("Two");
    const view = await openHistory();
    await waitFor(() => expect(backend().count("analysis_status")).toBe(1));

    fireEvent.click(within(view).getByTestId("reanalyse-button"));
    await waitFor(() => expect(backend().count("reanalyse_all")).toBe(1));
    // Until the first report: an indeterminate bar.
    const starting = within(view).getByTestId<HTMLProgressElement>("analysis-progress");
    expect(starting.hasAttribute("value")).toBe(false);

    await jobChanged({ done: 0, total: 2, everything: true });
    await waitFor(() => expect(view.textContent).toContain("Reading entries… 0 of 2"));
    await jobChanged({ done: 2, total: 2, everything: true });
    await waitFor(() => expect(within(view).getByTestId<HTMLProgressElement>("analysis-progress").value).toBe(2));

    const asked = backend().count("history");
    await jobChanged(null);
    await waitFor(() => expect(within(view).queryByTestId("analysis-progress")).toBeNull());
    await waitFor(() => expect(backend().count("history")).toBe(asked + 1));
  });

  it("says why the job couldn't start", async () => {
    backend().add("One");
    backend().failures.set("reanalyse_all", appErrors.read_only);
    await openJournalOn("One");
    const view = await openHistory();
    fireEvent.click(within(view).getByTestId("reanalyse-button"));
    const error = await within(view).findByTestId("error-message");
    expect(error.textContent).toContain(`Couldn't start reading your entries. ${appErrors.read_only.message}`);
    expect(within(view).queryByTestId("analysis-progress")).toBeNull();
  });
});
