// Closing the window: when the close is refused, the window always says why and offers a way out.
import { describe, expect, it, vi } from "vitest";
import { act, fireEvent, screen, waitFor } from "@testing-library/react";
import { mockWindows } from "@tauri-apps/api/mocks";
import { emit } from "@tauri-apps/api/event";
import type { EntrySummary } from "../ipc/bindings";
import { appErrors } from "../test/appErrors";
import { openJournalOn, slow, withFakeBackend, setEditorText } from "../test/journal";

const backend = withFakeBackend();

function inTauri() {
  (globalThis as { isTauri?: boolean }).isTauri = true;
  mockWindows("main");
}

const destroyed = () => backend().count("plugin:window|destroy") > 0;

async function requestClose() {
  await act(() => emit("tauri://close-requested"));
}

describe("a refused close", () => {
  it("says so after the saves time out, and Save and close closes once they finish", async () => {
    inTauri();
    const entry = backend().add("Almost done");
    const editor = await openJournalOn("Almost done");

    const saving = backend().hold("save_entry");
    setEditorText(editor, "Almost done, one more thought");
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    try {
      await requestClose();
      await act(() => vi.advanceTimersByTimeAsync(10_000));
    } finally {
      vi.useRealTimers();
    }

    const error = await screen.findByTestId("error-message");
    expect(error.textContent).toBe(
      "Saving is taking much longer than usual, so Quire kept the window open. " +
        "Try “Save and close” again, or check that the disk is not full.",
    );
    expect(screen.getByTestId("save-status").textContent).toBe("Saving…");
    expect(destroyed()).toBe(false);

    fireEvent.click(screen.getByRole("button", { name: "Save and close" }));
    const summary: EntrySummary = { ...entry, title: "Almost done, one more thought", wordCount: 5, analysis: null };
    await act(async () => saving.release(summary));
    await waitFor(() => expect(destroyed()).toBe(true));
  });

  it("says so when an entry that is not on screen couldn't be saved", async () => {
    inTauri();
    const old = backend().add("Entry A");
    const editor = await openJournalOn("Entry A");

    // Text reaches entry A while a new entry is being made, and then can't be saved.
    const creating = backend().hold("create_entry");
    fireEvent.keyDown(window, { key: "n", ctrlKey: true });
    await waitFor(() => expect(backend().count("create_entry")).toBe(1));
    backend().failures.set("save_entry", appErrors.disk_full);
    setEditorText(editor, "Entry A, last words");
    await act(async () => creating.release(backend().add("")));
    await waitFor(() => expect(screen.getByTestId<HTMLTextAreaElement>("entry-editor").value).toBe(""));
    const savesOfA = () => backend().calls.filter((c) => c.cmd === "save_entry" && c.args.id === old.id);
    await waitFor(() => expect(savesOfA().length).toBeGreaterThan(0), slow);

    await requestClose();
    const error = await screen.findByTestId("error-message");
    expect(error.textContent).toContain("Quire is still open because some of your text couldn't be saved");
    expect(error.textContent).toContain(appErrors.disk_full.message);
    // The entry on screen is fine; the banner is there all the same.
    expect(screen.getByTestId("save-status").textContent).toBe("Saved");
    expect(screen.getByRole("button", { name: "Save and close" })).toBeTruthy();
    expect(screen.getByRole("button", { name: "Close without saving" })).toBeTruthy();
    expect(destroyed()).toBe(false);
  });

  it("closes on Close without saving", async () => {
    inTauri();
    backend().add("Draft");
    const editor = await openJournalOn("Draft");

    backend().failures.set("save_entry", appErrors.read_only);
    setEditorText(editor, "Draft, changed");
    await requestClose();
    await screen.findByTestId("error-message");
    expect(destroyed()).toBe(false);

    fireEvent.click(screen.getByRole("button", { name: "Close without saving" }));
    await waitFor(() => expect(destroyed()).toBe(true));
  });
});
