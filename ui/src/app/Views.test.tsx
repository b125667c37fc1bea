// Switching between Journal, History and Ask: the open entry's text is saved before the editor goes
// out of sight, a failed save keeps the journal in view, and the keyboard reaches every view.
import { describe, expect, it } from "vitest";
import { act, fireEvent, screen, waitFor } from "@testing-library/react";
import type { EntrySummary } from "../ipc/bindings";
import { appErrors } from "../test/appErrors";
import { microtasksUntil, openJournalOn, slow, withFakeBackend, withListHeight, setEditorText } from "../test/journal";

const backend = withFakeBackend();
withListHeight();

const current = (view: string) => screen.getByTestId(`nav-${view}`).getAttribute("aria-current") === "page";

describe("switching views", () => {
  it("saves what was just typed before leaving the journal", async () => {
    const entry = backend().add("Morning pages");
    const editor = await openJournalOn("Morning pages");

    const saving = backend().hold("save_entry");
    setEditorText(editor, "Morning pages, and one more line");
    fireEvent.click(screen.getByTestId("nav-history"));
    // At once, with no timer run (so not the autosave's pause), and the view waits for it.
    await microtasksUntil(() => backend().count("save_entry") === 1);
    expect(backend().calls.find((c) => c.cmd === "save_entry")!.args.content).toBe("Morning pages, and one more line");
    expect(screen.queryByTestId("history-view")).toBeNull();
    expect(current("journal")).toBe(true);

    // The held call never reached the fake's store; answer as the back end would have.
    backend().rows[0]!.content = "Morning pages, and one more line";
    const summary: EntrySummary = { ...backend().summary(entry.id), updatedAt: entry.updatedAt + 1 };
    await act(async () => saving.release(summary));
    await screen.findByTestId("history-view", {}, slow);
    expect(current("history")).toBe(true);
    expect(screen.getByTestId("save-status").textContent).toBe("Saved");

    // Back in the journal the text is as it was left.
    fireEvent.click(screen.getByTestId("nav-journal"));
    await waitFor(() => expect(current("journal")).toBe(true));
    expect(screen.getByTestId<HTMLTextAreaElement>("entry-editor").value).toBe("Morning pages, and one more line");
    expect(screen.queryByTestId("history-view")).toBeNull();
  });

  it("stays in the journal, with the text and the error, when the save fails", async () => {
    backend().add("Draft");
    const editor = await openJournalOn("Draft");

    backend().failures.set("save_entry", appErrors.disk_full);
    setEditorText(editor, "Draft that must not be lost");
    fireEvent.click(screen.getByTestId("nav-ask"));
    const error = await screen.findByTestId("error-message");
    expect(error.textContent).toContain("Couldn't save — your text is kept here.");
    expect(current("journal")).toBe(true);
    expect(screen.queryByTestId("ask-view")).toBeNull();
    expect(editor.value).toBe("Draft that must not be lost");
    expect(editor.closest("main")!.hidden).toBe(false);

    backend().failures.delete("save_entry");
    fireEvent.click(screen.getByRole("button", { name: "Retry" }));
    await waitFor(() => expect(screen.getByTestId("save-status").textContent).toBe("Saved"));
    fireEvent.click(screen.getByTestId("nav-ask"));
    await screen.findByTestId("ask-view");
    expect(backend().rows[0]!.content).toBe("Draft that must not be lost");
  });

  it("goes to each view with Ctrl+1, 2 and 3, and hands the focus over", async () => {
    backend().add("Keyboard");
    const editor = await openJournalOn("Keyboard");
    editor.focus();
    setEditorText(editor, "Keyboard only");

    fireEvent.keyDown(window, { key: "2", code: "Digit2", ctrlKey: true });
    const history = await screen.findByTestId("history-view", {}, slow);
    await waitFor(() => expect(document.activeElement).toBe(history.querySelector("h1")));
    expect(backend().rows[0]!.content).toBe("Keyboard only");

    fireEvent.keyDown(window, { key: "3", code: "Digit3", ctrlKey: true });
    await waitFor(() => expect(document.activeElement).toBe(screen.getByTestId("ask-input")));
    expect(current("ask")).toBe(true);

    // By key position too, for layouts where that key types "&".
    fireEvent.keyDown(window, { key: "&", code: "Digit1", ctrlKey: true });
    await waitFor(() => expect(document.activeElement).toBe(editor));
    expect(current("journal")).toBe(true);
  });

  it("opens an entry clicked in the sidebar in the journal", async () => {
    backend().add("Older one");
    backend().add("Newer one");
    await openJournalOn("Newer one");
    fireEvent.click(screen.getByTestId("nav-ask"));
    await screen.findByTestId("ask-view");

    fireEvent.click(screen.getAllByTestId("entry-item")[1]!);
    await waitFor(() => expect(screen.getByTestId<HTMLTextAreaElement>("entry-editor").value).toBe("Older one"));
    expect(current("journal")).toBe(true);
    expect(screen.getByTestId("ask-view").hidden).toBe(true);
  });

  it("starts a new entry in the journal from another view", async () => {
    backend().add("Before");
    await openJournalOn("Before");
    fireEvent.click(screen.getByTestId("nav-history"));
    await screen.findByTestId("history-view", {}, slow);

    fireEvent.click(screen.getByTestId("new-entry"));
    await waitFor(() => expect(screen.getByTestId<HTMLTextAreaElement>("entry-editor").value).toBe(""));
    expect(current("journal")).toBe(true);
    await waitFor(() => expect(document.activeElement).toBe(screen.getByTestId("entry-editor")));
  });
});
