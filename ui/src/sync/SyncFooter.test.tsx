// Sync's line in the footer: what it says in each state, its bar, and Sync now; then in the journal
// window, following the back end's events, with the notice shown once.
import { describe, expect, it, vi } from "vitest";
import { act, fireEvent, render, screen, waitFor } from "@testing-library/react";
import { emit } from "@tauri-apps/api/event";
import type { SyncStatus } from "../ipc/api";
import { SYNC_OFF } from "../test/fakeSync";
import { openJournalOn, setEditorText, withFakeBackend } from "../test/journal";
import { formatTime } from "../ui/format";
import { SyncFooter } from "./SyncFooter";

const SERVER = { url: "https://couch.example.org/journal-ada", username: "ada" };

function status(fields: Partial<SyncStatus>): SyncStatus {
  return { ...SYNC_OFF, server: SERVER, ...fields };
}

function renderFooter(fields: Partial<SyncStatus>) {
  const onSyncNow = vi.fn();
  const onOpen = vi.fn();
  render(<SyncFooter status={status(fields)} onSyncNow={onSyncNow} onOpen={onOpen} />);
  return { onSyncNow, onOpen, text: screen.getByTestId("sync-status"), now: screen.getByTestId<HTMLButtonElement>("sync-now") };
}

describe("the footer's sync line", () => {
  it("says Sync off, opens the settings when clicked, and can't sync", () => {
    const { text, now, onOpen } = renderFooter({ server: null });
    expect(text.textContent).toBe("Sync off");
    expect(now.disabled).toBe(true);
    fireEvent.click(text);
    expect(onOpen).toHaveBeenCalledTimes(1);
  });

  it("counts the changes being sent while syncing, with Sync now disabled", () => {
    const { text, now } = renderFooter({ state: "syncing", pending: 12 });
    expect(text.textContent).toBe("Syncing 12 changes…");
    expect(now.disabled).toBe(true);
    expect(screen.queryByTestId("sync-progress")).toBeNull();
  });

  it("shows a download with a real progress bar", () => {
    const { text } = renderFooter({ state: "syncing", pending: 0, progress: { phase: "pulling", done: 340, total: 10000 } });
    expect(text.textContent).toBe(`Downloading 340 of ${(10000).toLocaleString()}…`);
    const bar = screen.getByTestId<HTMLProgressElement>("sync-progress");
    expect(bar.tagName).toBe("PROGRESS");
    expect(bar.getAttribute("value")).toBe("340");
    expect(bar.getAttribute("max")).toBe("10000");
  });

  it("leaves the bar without a value while the total is not known", () => {
    const { text } = renderFooter({ state: "syncing", progress: { phase: "pulling", done: 20, total: null } });
    expect(text.textContent).toBe("Downloading 20…");
    expect(screen.getByTestId("sync-progress").hasAttribute("value")).toBe(false);
  });

  it("says when it last synced, with the date in the tooltip", () => {
    const at = new Date();
    at.setHours(14, 3, 0, 0);
    const { text, now, onSyncNow } = renderFooter({ state: "synced", lastSyncedAt: at.getTime() });
    expect(text.textContent).toBe(`Synced at ${formatTime(at.getTime())}`);
    expect(text.getAttribute("title")).toContain(formatTime(at.getTime()));
    expect(text.getAttribute("title")).toContain(String(at.getFullYear()));
    expect(now.disabled).toBe(false);
    fireEvent.click(now);
    expect(onSyncNow).toHaveBeenCalledTimes(1);
  });

  it("counts what waits while offline, with the reason in the tooltip", () => {
    const { text, now } = renderFooter({ state: "offline", pending: 3, message: "couch.example.org can't be reached. Your changes wait here." });
    expect(text.textContent).toBe("Offline — 3 changes waiting");
    expect(text.getAttribute("title")).toBe("couch.example.org can't be reached. Your changes wait here.");
    expect(now.disabled).toBe(false);
  });

  it("says that sync stopped and why, with the way to its settings", () => {
    const { text, onOpen } = renderFooter({ state: "error", message: "The server refused the password. Enter it again in the Sync settings." });
    expect(text.textContent).toBe("Sync stopped");
    expect(screen.getByTestId("sync-message").textContent).toBe("The server refused the password. Enter it again in the Sync settings.");
    fireEvent.click(screen.getByTestId("sync-open-settings"));
    expect(onOpen).toHaveBeenCalledTimes(1);
  });

  it("asks for the recovery key, opening the settings when clicked", () => {
    const { text, onOpen } = renderFooter({ state: "needs_key", message: "This server holds a journal from another computer." });
    expect(text.textContent).toBe("Enter your recovery key to sync");
    expect(text.tagName).toBe("BUTTON");
    fireEvent.click(text);
    expect(onOpen).toHaveBeenCalledTimes(1);
  });
});

const backend = withFakeBackend();

/** Waits until the window listens to sync-changed: it asks for the status once listening has started. */
async function listening() {
  await waitFor(() => expect(backend().count("sync_status")).toBe(1));
}

describe("sync in the journal window", () => {
  it("starts from sync_status, follows sync-changed, and syncs now on request", async () => {
    backend().sync.status = status({ state: "synced", lastSyncedAt: Date.now() });
    backend().add("Entry");
    await openJournalOn("Entry");
    await listening();
    await waitFor(() => expect(screen.getByTestId("sync-status").textContent).toMatch(/^Synced at /));

    fireEvent.click(screen.getByTestId("sync-now"));
    await waitFor(() => expect(backend().sync.syncs).toBe(1));

    await act(() => backend().sync.announce({ state: "syncing", pending: 2 }));
    await waitFor(() => expect(screen.getByTestId("sync-status").textContent).toBe("Syncing 2 changes…"));
    expect(screen.getByTestId<HTMLButtonElement>("sync-now").disabled).toBe(true);
  });

  it("shows a round's notice once, as a toast", async () => {
    backend().sync.status = status({ state: "synced", lastSyncedAt: Date.now() });
    backend().add("Entry");
    await openJournalOn("Entry");
    await listening();
    const notice = "An entry you edited was deleted on another device; it was kept here.";
    await act(() => backend().sync.announce({ notice }));
    expect((await screen.findByTestId("sync-notice")).textContent).toContain(notice);
    fireEvent.click(screen.getByRole("button", { name: "Dismiss" }));
    await waitFor(() => expect(screen.queryByTestId("sync-notice")).toBeNull());
    // The same status again, e.g. after the pending count changed: the notice is not shown again.
    await act(() => backend().sync.announce({ pending: 1 }));
    await waitFor(() => expect(screen.getByTestId("sync-status").textContent).toMatch(/^Synced/));
    expect(screen.queryByTestId("sync-notice")).toBeNull();
  });

  it("says so in the banner when Sync now fails", async () => {
    backend().sync.status = status({ state: "offline", pending: 1 });
    backend().failures.set("sync_now", { code: "busy", message: "The journal is busy with other work. Wait a moment, then try again." });
    backend().add("Entry");
    await openJournalOn("Entry");
    await listening();
    fireEvent.click(await screen.findByTestId("sync-now"));
    expect((await screen.findByTestId("error-message")).textContent).toBe(
      "Couldn't sync now. The journal is busy with other work. Wait a moment, then try again.",
    );
  });

  it("lists the entries a pull changed, and shows the open entry's new text when it has no unsaved edits", async () => {
    const entry = backend().add("Before the pull");
    await openJournalOn("Before the pull");
    await listening();
    backend().rows[0]!.content = "Written on the other computer";
    await act(() => emit("entries-synced", { entryIds: [entry.id] }));
    await waitFor(() => expect(screen.getByTestId<HTMLTextAreaElement>("entry-editor").value).toBe("Written on the other computer"));
  });

  it("keeps the person's unsaved text when a pull changed the open entry", async () => {
    const entry = backend().add("Before the pull");
    const editor = await openJournalOn("Before the pull");
    await listening();
    setEditorText(editor, "Typed here, not saved yet");
    backend().rows[0]!.content = "Written on the other computer";
    await act(() => emit("entries-synced", { entryIds: [entry.id] }));
    await waitFor(() => expect(backend().count("list_entries")).toBeGreaterThan(1));
    expect(editor.value).toBe("Typed here, not saved yet");
    expect(backend().count("get_entry")).toBe(1);
  });
});
