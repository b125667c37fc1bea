// Ctrl+N while typing: text typed into one entry must never be saved into another.
import { describe, expect, it } from "vitest";
import { act, fireEvent, render, screen, waitFor } from "@testing-library/react";
import { App } from "../app/App";
import {
  holdRenders,
  microtasksUntil,
  openJournalOn,
  slow,
  typeWhileHeld,
  withFakeBackend,
  setEditorText,
} from "../test/journal";

const backend = withFakeBackend();

describe("a new entry while typing", () => {
  it("keeps a keystroke that lands between show() and the re-render out of the new entry", async () => {
    const old = backend().add("Entry A");
    const editor = await openJournalOn("Entry A");
    setEditorText(editor, "Entry A, revised");

    const creating = backend().hold("create_entry");
    fireEvent.keyDown(window, { key: "n", ctrlKey: true });
    await waitFor(() => expect(backend().count("create_entry")).toBe(1));
    // Saved before the new entry was asked for.
    expect(backend().rows.find((r) => r.id === old.id)!.content).toBe("Entry A, revised");
    expect(editor.readOnly).toBe(true);
    // Should text reach entry A all the same (say, from a script), it stays entry A's.
    setEditorText(editor, "Entry A, revised again");

    // The new entry arrives; show() runs, but the editor is not re-rendered yet.
    const lists = backend().count("list_entries");
    const fresh = backend().add("");
    const renders = holdRenders();
    creating.release(fresh);
    await microtasksUntil(() => backend().count("list_entries") > lists);
    expect(editor.value).toBe("Entry A, revised again");

    // A keystroke in that gap: the textarea still holds entry A's text.
    typeWhileHeld(editor, "Entry A, revised again!");
    renders.release();

    await waitFor(() => expect(screen.getByTestId<HTMLTextAreaElement>("entry-editor").value).toBe(""));
    // Longer than the autosave debounce, so a misdirected save would have happened by now.
    await act(() => new Promise((resolve) => setTimeout(resolve, 800)));
    expect(backend().rows.find((r) => r.id === fresh.id)!.content).toBe("");
    expect(backend().calls.filter((c) => c.cmd === "save_entry" && c.args.id === fresh.id)).toEqual([]);
    expect(backend().rows.find((r) => r.id === old.id)!.content).toBe("Entry A, revised again");
    expect(editor.readOnly).toBe(false);
    expect(screen.getByTestId("save-status").textContent).toBe("Saved");
  }, 10_000);

  it("does not let the newest entry, still loading at launch, take the editor from a new entry", async () => {
    const newest = backend().add("The newest entry");
    const loading = backend().hold("get_entry");
    render(<App windowLabel="journal" />);
    await screen.findByTestId("journal", {}, slow);
    await waitFor(() => expect(backend().count("get_entry")).toBe(1));

    fireEvent.keyDown(window, { key: "n", ctrlKey: true });
    await waitFor(() => expect(backend().count("create_entry")).toBe(1));
    const editor = await screen.findByTestId<HTMLTextAreaElement>("entry-editor");
    await waitFor(() => expect(editor.readOnly).toBe(false));
    expect(editor.value).toBe("");

    // The launch's open answers late; the new entry stays.
    loading.release(newest);
    await act(() => new Promise((resolve) => setTimeout(resolve, 50)));
    expect(screen.getByTestId<HTMLTextAreaElement>("entry-editor").value).toBe("");
    setEditorText(screen.getByTestId("entry-editor"), "Written in the new entry");
    await waitFor(() => expect(screen.getByTestId("save-status").textContent).toBe("Saved"), slow);
    const fresh = backend().rows.find((r) => r.id !== newest.id)!;
    expect(fresh.content).toBe("Written in the new entry");
    expect(backend().rows.find((r) => r.id === newest.id)!.content).toBe("The newest entry");
  }, 10_000);
});
