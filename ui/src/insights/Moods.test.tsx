// Moods in the journal: the chip on each card, patched live, and the analysis panel beside the editor.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { act, fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import { emit } from "@tauri-apps/api/event";
import { App } from "../app/App";
import type { EntryAnalysed } from "../ipc/bindings";
import { openJournalOn, slow, withFakeBackend, withListHeight, setEditorText } from "../test/journal";
import { PANEL_OPEN_KEY } from "./AnalysisPanel";

const backend = withFakeBackend();
withListHeight();

beforeEach(() => localStorage.clear());
afterEach(() => localStorage.clear());

function rowOf(text: string): HTMLElement {
  const row = screen.getAllByTestId("entry-item").find((item) => item.textContent?.includes(text));
  if (!row) throw new Error(`no row shows "${text}"`);
  return row;
}

async function analysed(payload: EntryAnalysed) {
  await act(() => emit("entry-analysed", payload));
}

describe("entry cards", () => {
  it("show the mood and summary, and follow entryAnalysed without reloading the list", async () => {
    const older = backend().add("Coffee with Maya. We talked for hours.\nThen home.");
    backend().analyse(older.id, { mood: "grateful", colour: "#b05a3c", summary: "Coffee with Maya." });
    const newer = backend().add("Rain all day\nand nothing much to say");
    await openJournalOn("Rain all day\nand nothing much to say");

    const chip = within(rowOf("Coffee with Maya.")).getByTestId("mood-chip");
    expect(chip.getAttribute("data-mood")).toBe("grateful");
    expect(chip.textContent).toBe("grateful");
    expect(rowOf("Coffee with Maya.").textContent).toContain("9 words");
    // Not analysed yet: today's card, first line and no chip.
    expect(within(rowOf("Rain all day")).queryByTestId("mood-chip")).toBeNull();

    const lists = backend().count("list_entries");
    const analysis = backend().analyse(newer.id, { mood: "tired", colour: "#84766b", summary: "Rain all day." });
    await analysed({ entryId: newer.id, analysis });
    await waitFor(() => expect(within(rowOf("Rain all day.")).queryByTestId("mood-chip")).not.toBeNull());
    expect(within(rowOf("Rain all day.")).getByTestId("mood-chip").getAttribute("data-mood")).toBe("tired");
    expect(backend().count("list_entries")).toBe(lists);

    // Emptied entries lose their analysis: back to the plain card.
    await analysed({ entryId: older.id, analysis: null });
    await waitFor(() => expect(within(rowOf("Coffee with Maya. We talked")).queryByTestId("mood-chip")).toBeNull());
    expect(backend().count("list_entries")).toBe(lists);
  });

  it("reload their moods once a journal-wide analysis ends", async () => {
    const entry = backend().add("A long walk by the river");
    await openJournalOn("A long walk by the river");
    expect(screen.queryByTestId("mood-chip")).toBeNull();

    backend().analyse(entry.id, { mood: "calm" });
    await act(() => emit("analysis-job-changed", { done: 1, total: 1, everything: true }));
    await act(() => emit("analysis-job-changed", null));
    await waitFor(() => expect(screen.getByTestId("mood-chip").getAttribute("data-mood")).toBe("calm"));
  });
});

describe("analysis panel", () => {
  it("shows mood, sentiment, subject and summary, and says Updating… until the new analysis arrives", async () => {
    const entry = backend().add("Worked in the garden this morning. The tomatoes are finally red.");
    backend().analyse(entry.id, {
      mood: "calm",
      colour: "#28867d",
      sentiment: 6,
      subject: "garden, tomatoes, morning",
      summary: "Worked in the garden this morning.",
    });
    const editor = await openJournalOn("Worked in the garden this morning. The tomatoes are finally red.");
    const panel = screen.getByTestId("analysis-panel");

    await waitFor(() => expect(within(panel).getByTestId("analysis-mood").textContent).toBe("Calm"));
    expect(within(panel).getByTestId("analysis-mood").getAttribute("data-mood")).toBe("calm");
    expect(within(panel).getByTestId("analysis-sentiment").textContent).toBe("Positive (+6)");
    const meter = within(panel).getByRole("meter", { name: "Sentiment" });
    expect(meter.getAttribute("aria-valuenow")).toBe("6");
    expect(meter.getAttribute("aria-valuemin")).toBe("-10");
    expect(meter.getAttribute("aria-valuemax")).toBe("10");
    expect(meter.getAttribute("aria-valuetext")).toBe("Positive (+6)");
    expect(within(panel).getAllByRole("listitem").map((item) => item.textContent)).toEqual([
      "garden",
      "tomatoes",
      "morning",
    ]);
    expect(within(panel).getByTestId("analysis-summary").textContent).toBe("Worked in the garden this morning.");
    expect(within(panel).queryByText("Updating…")).toBeNull();

    // Typing: the last analysis stays, marked as about to change; nothing is asked per keystroke.
    editor.focus();
    setEditorText(editor, "Worked in the garden. Then the storm came and I was scared.");
    expect(within(panel).getByText("Updating…")).toBeTruthy();
    await waitFor(() => expect(screen.getByTestId("save-status").textContent).toBe("Saved"), slow);
    expect(within(panel).getByText("Updating…")).toBeTruthy();
    expect(backend().count("entry_analysis")).toBe(1);

    const fresh = backend().analyse(entry.id, { mood: "anxious", colour: "#9a6b8a", sentiment: -4, subject: "storm" });
    await analysed({ entryId: entry.id, analysis: fresh });
    await waitFor(() => expect(within(panel).getByTestId("analysis-mood").textContent).toBe("Anxious"));
    expect(within(panel).getByTestId("analysis-sentiment").textContent).toBe("Negative (-4)");
    expect(within(panel).queryByText("Updating…")).toBeNull();
    // The panel never takes the focus from the writing.
    expect(document.activeElement).toBe(editor);
    expect(backend().count("entry_analysis")).toBe(1);
  });

  it("ignores analyses of other entries", async () => {
    const other = backend().add("Another day");
    const entry = backend().add("Today");
    backend().analyse(entry.id, { mood: "content" });
    await openJournalOn("Today");
    const panel = screen.getByTestId("analysis-panel");
    await waitFor(() => expect(within(panel).getByTestId("analysis-mood").textContent).toBe("Content"));

    await analysed({ entryId: other.id, analysis: backend().analyse(other.id, { mood: "angry" }) });
    expect(within(panel).getByTestId("analysis-mood").textContent).toBe("Content");
  });

  it("says Updating… when the stored analysis is of older text", async () => {
    const entry = backend().add("Changed since it was read");
    backend().analyse(entry.id, { mood: "reflective", current: false });
    await openJournalOn("Changed since it was read");
    const panel = screen.getByTestId("analysis-panel");
    await waitFor(() => expect(within(panel).getByTestId("analysis-mood").textContent).toBe("Reflective"));
    expect(within(panel).getByText("Updating…")).toBeTruthy();
  });

  it("invites to write on an empty entry, and waits quietly for an entry not read yet", async () => {
    backend().add("Not read yet");
    await openJournalOn("Not read yet");
    const panel = screen.getByTestId("analysis-panel");
    await waitFor(() => expect(panel.textContent).toContain("Quire is reading this entry"));

    fireEvent.click(screen.getByTestId("new-entry"));
    await waitFor(() => expect(screen.getByTestId<HTMLTextAreaElement>("entry-editor").value).toBe(""));
    await waitFor(() =>
      expect(screen.getByTestId("analysis-panel").textContent).toContain(
        "Write something and Quire will read its mood here.",
      ),
    );
  });

  it("folds away, remembers that, and asks for nothing while folded", async () => {
    const entry = backend().add("Folded");
    backend().analyse(entry.id, { mood: "hopeful" });
    await openJournalOn("Folded");
    await waitFor(() => expect(screen.getByTestId("analysis-mood").textContent).toBe("Hopeful"));

    const toggle = screen.getByTestId("analysis-toggle");
    expect(toggle.getAttribute("aria-expanded")).toBe("true");
    fireEvent.click(toggle);
    expect(toggle.getAttribute("aria-expanded")).toBe("false");
    expect(screen.queryByTestId("analysis-mood")).toBeNull();
    expect(localStorage.getItem(PANEL_OPEN_KEY)).toBe("0");

    const asked = backend().count("entry_analysis");
    fireEvent.click(screen.getByTestId("analysis-toggle"));
    await waitFor(() => expect(screen.getByTestId("analysis-mood").textContent).toBe("Hopeful"));
    expect(backend().count("entry_analysis")).toBe(asked + 1);
    expect(localStorage.getItem(PANEL_OPEN_KEY)).toBe("1");
  });
});

describe("a window opened with the panel folded", () => {
  it("keeps it folded", async () => {
    localStorage.setItem(PANEL_OPEN_KEY, "0");
    const entry = backend().add("Kept folded");
    backend().analyse(entry.id, { mood: "proud" });
    render(<App windowLabel="journal" />);
    const editor = await screen.findByTestId<HTMLTextAreaElement>("entry-editor", {}, slow);
    await waitFor(() => expect(editor.value).toBe("Kept folded"));
    expect(screen.getByTestId("analysis-toggle").getAttribute("aria-expanded")).toBe("false");
    expect(backend().count("entry_analysis")).toBe(0);
  });
});
