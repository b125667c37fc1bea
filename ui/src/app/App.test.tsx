// The journal window end to end against an in-memory back end behind the mocked Tauri IPC.
import { setEditorText } from "../test/journal";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { act, cleanup, fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import { clearMocks, mockIPC, mockWindows } from "@tauri-apps/api/mocks";
import { emit } from "@tauri-apps/api/event";
import type { EntryPage } from "../ipc/bindings";
import { describeError } from "../ipc/errors";
import { ALL_ENTRIES } from "../journal/viewFilter";
import { appErrors } from "../test/appErrors";
import { FakeBackend } from "../test/fakeBackend";
import { App } from "./App";
import { enter } from "../test/enter";

let backend: FakeBackend;

// jsdom does no layout; give the list's scroll container a window-sized height so rows render.
const clientHeight = Object.getOwnPropertyDescriptor(Element.prototype, "clientHeight");
beforeEach(() => {
  backend = new FakeBackend();
  mockIPC((cmd, args) => backend.handle(cmd, args), { shouldMockEvents: true });
  Object.defineProperty(Element.prototype, "clientHeight", {
    configurable: true,
    get(this: Element) {
      return this.classList.contains("entry-list") ? 700 : 0;
    },
  });
});

afterEach(() => {
  cleanup(); // unmount while the IPC mocks still answer
  clearMocks();
  delete (globalThis as { isTauri?: boolean }).isTauri;
  if (clientHeight) Object.defineProperty(Element.prototype, "clientHeight", clientHeight);
});

const slow = { timeout: 3000 };

async function openJournal() {
  render(<App />);
  return screen.findByTestId("journal", {}, slow);
}

describe("opening", () => {
  it("shows the entries newest first and opens the newest", async () => {
    backend.add("Older entry\nwith two lines");
    backend.add("Newest entry");
    await openJournal();

    const items = screen.getAllByTestId("entry-item");
    expect(items.map((item) => item.textContent)).toEqual([
      expect.stringContaining("Newest entry"),
      expect.stringContaining("Older entry"),
    ]);
    expect(items[1]!.textContent).toContain("5 words");
    await waitFor(() => expect(screen.getByTestId<HTMLTextAreaElement>("entry-editor").value).toBe("Newest entry"));
    expect(items[0]!.getAttribute("aria-selected")).toBe("true");
    expect(screen.getByTestId("user-email").textContent).toBe("Local journal");
    expect(screen.getByTestId("save-status").textContent).toBe("Saved");
  });

  it("shows the first page the shell handed over in its first render, without asking for it", async () => {
    backend.add("Older entry");
    backend.add("Newest entry");
    const boot = {
      owner: backend.owner,
      firstPage: (await backend.handle("list_entries", { filter: ALL_ENTRIES, offset: 0, limit: 100 })) as EntryPage,
    };
    backend.calls.length = 0;
    render(<App windowLabel="journal" boot={boot} />);

    // Present at once: no splash, no round trip before it.
    expect(screen.getByTestId("journal")).toBeTruthy();
    expect(screen.getAllByTestId("entry-item").map((item) => item.textContent)).toEqual([
      expect.stringContaining("Newest entry"),
      expect.stringContaining("Older entry"),
    ]);
    await waitFor(() => expect(screen.getByTestId<HTMLTextAreaElement>("entry-editor").value).toBe("Newest entry"));
    expect(backend.count("journal_owner")).toBe(0);
    expect(backend.count("list_entries")).toBe(0);
  });

  it("says so when the journal can't be opened", async () => {
    backend.failures.set("journal_owner", appErrors.storage);
    render(<App />);
    const error = await screen.findByTestId("error-message");
    expect(error.textContent).toBe(`Quire couldn't open your journal: ${describeError(appErrors.storage)}`);
    expect(screen.queryByTestId("journal")).toBeNull();
  });

  it("invites to write when there are no entries", async () => {
    await openJournal();
    expect(screen.getByText("A fresh page")).toBeTruthy();
    fireEvent.click(screen.getByTestId("new-entry"));
    const editor = await screen.findByTestId<HTMLTextAreaElement>("entry-editor");
    await waitFor(() => expect(document.activeElement).toBe(editor));
    await waitFor(() => expect(screen.getAllByTestId("entry-item")).toHaveLength(1));
    expect(screen.getByTestId("entry-item").textContent).toContain("Empty entry");
  });
});

describe("writing", () => {
  it("autosaves and updates the list row without reloading the list", async () => {
    backend.add("First line");
    await openJournal();
    const editor = await screen.findByTestId<HTMLTextAreaElement>("entry-editor");
    await waitFor(() => expect(editor.value).toBe("First line"));
    const listCalls = backend.calls.filter((c) => c.cmd === "list_entries").length;

    setEditorText(editor, "A better first line\nand more words");
    expect(screen.getByTestId("save-status").textContent).toBe("Unsaved");
    await waitFor(() => expect(screen.getByTestId("save-status").textContent).toBe("Saved"), slow);

    expect(backend.rows[0]!.content).toBe("A better first line\nand more words");
    const row = screen.getByTestId("entry-item");
    expect(row.textContent).toContain("A better first line");
    expect(row.textContent).toContain("7 words");
    expect(backend.calls.filter((c) => c.cmd === "list_entries")).toHaveLength(listCalls);
  });

  it("saves before switching to another entry", async () => {
    backend.add("Entry one");
    backend.add("Entry two");
    await openJournal();
    const editor = await screen.findByTestId<HTMLTextAreaElement>("entry-editor");
    await waitFor(() => expect(editor.value).toBe("Entry two"));

    setEditorText(editor, "Entry two, revised");
    fireEvent.click(screen.getAllByTestId("entry-item")[1]!);
    await waitFor(() => expect(editor.value).toBe("Entry one"));
    expect(backend.rows[1]!.content).toBe("Entry two, revised");
  });

  it("shows a failed save with Retry, keeps the text and recovers", async () => {
    backend.add("Draft");
    await openJournal();
    const editor = await screen.findByTestId<HTMLTextAreaElement>("entry-editor");
    await waitFor(() => expect(editor.value).toBe("Draft"));

    backend.failures.set("save_entry", appErrors.disk_full);
    setEditorText(editor, "Draft that must not be lost");
    fireEvent.blur(editor);
    await waitFor(() => expect(screen.getByTestId("save-status").textContent).toMatch(/^Couldn't save/));
    expect(screen.getByTestId("error-message").textContent).toContain("your text is kept here");
    expect(screen.getByTestId("error-message").textContent).toContain(appErrors.disk_full.message);
    expect(editor.value).toBe("Draft that must not be lost");

    backend.failures.delete("save_entry");
    fireEvent.click(screen.getByRole("button", { name: "Retry" }));
    await waitFor(() => expect(screen.getByTestId("save-status").textContent).toBe("Saved"));
    expect(backend.rows[0]!.content).toBe("Draft that must not be lost");
    expect(screen.queryByTestId("error-message")).toBeNull();
  });
});

describe("keyboard", () => {
  it("moves through the list with arrows and j/k, opens with Enter, and makes entries with Ctrl+N", async () => {
    backend.add("Third");
    backend.add("Second");
    backend.add("First");
    await openJournal();
    const editor = await screen.findByTestId<HTMLTextAreaElement>("entry-editor");
    await waitFor(() => expect(editor.value).toBe("First"));

    const list = screen.getByTestId("entry-list");
    list.focus();
    fireEvent.keyDown(list, { key: "ArrowDown" });
    fireEvent.keyDown(list, { key: "j" });
    fireEvent.keyDown(list, { key: "k" });
    expect(list.getAttribute("aria-activedescendant")).toBe("entry-option-1");
    fireEvent.keyDown(list, { key: "Enter" });
    await waitFor(() => expect(editor.value).toBe("Second"));
    await waitFor(() => expect(document.activeElement).toBe(editor));

    fireEvent.keyDown(window, { key: "n", ctrlKey: true });
    await waitFor(() => expect(screen.getAllByTestId("entry-item")).toHaveLength(4));
    await waitFor(() => expect(screen.getByTestId<HTMLTextAreaElement>("entry-editor").value).toBe(""));
    expect(screen.getAllByTestId("entry-item")[0]!.getAttribute("aria-selected")).toBe("true");
  });
});

describe("search", () => {
  it("shows matching entries with the match marked, and Escape goes back to the list", async () => {
    backend.add("A walk by the sea");
    backend.add("Groceries");
    await openJournal();
    const input = screen.getByTestId("search-input");

    enter(input, "sea");
    await waitFor(() => expect(screen.getAllByTestId("entry-item")).toHaveLength(1), slow);
    const hit = screen.getByTestId("entry-item");
    expect(hit.querySelector("mark")?.textContent).toBe("sea");

    fireEvent.keyDown(input, { key: "Enter" });
    await waitFor(() => expect(screen.getByTestId<HTMLTextAreaElement>("entry-editor").value).toBe("A walk by the sea"));

    enter(input, "zebra");
    expect(await screen.findByText("No entries match", {}, slow)).toBeTruthy();

    fireEvent.keyDown(input, { key: "Escape" });
    expect((input as HTMLInputElement).value).toBe("");
    expect(screen.getAllByTestId("entry-item")).toHaveLength(2);
  });
});

describe("deleting", () => {
  it("asks first, deletes, and Undo brings the entry back", async () => {
    backend.add("Keep me");
    backend.add("Delete me");
    await openJournal();
    await waitFor(() => expect(screen.getByTestId<HTMLTextAreaElement>("entry-editor").value).toBe("Delete me"));

    fireEvent.click(screen.getByRole("button", { name: "Delete entry" }));
    const dialog = screen.getByRole("dialog");
    expect(document.activeElement).toBe(within(dialog).getByRole("button", { name: "Cancel" }));
    fireEvent.keyDown(dialog, { key: "Escape" });
    expect(screen.queryByRole("dialog")).toBeNull();
    expect(backend.calls.some((c) => c.cmd === "delete_entry")).toBe(false);

    fireEvent.click(screen.getByRole("button", { name: "Delete entry" }));
    fireEvent.click(within(screen.getByRole("dialog")).getByRole("button", { name: "Delete" }));
    await waitFor(() => expect(screen.getAllByTestId("entry-item")).toHaveLength(1));
    await waitFor(() => expect(screen.getByTestId<HTMLTextAreaElement>("entry-editor").value).toBe("Keep me"));
    expect(screen.getByText("Entry deleted")).toBeTruthy();

    fireEvent.click(screen.getByRole("button", { name: "Undo" }));
    await waitFor(() => expect(screen.getAllByTestId("entry-item")).toHaveLength(2));
    await waitFor(() => expect(screen.getByTestId<HTMLTextAreaElement>("entry-editor").value).toBe("Delete me"));
  });
});

describe("closing the window", () => {
  it("stays open and says why when the last text can't be saved", async () => {
    (globalThis as { isTauri?: boolean }).isTauri = true;
    mockWindows("main");
    backend.add("Almost done");
    await openJournal();
    const editor = await screen.findByTestId<HTMLTextAreaElement>("entry-editor");
    await waitFor(() => expect(editor.value).toBe("Almost done"));

    backend.failures.set("save_entry", appErrors.read_only);
    setEditorText(editor, "Almost done, one more thought");
    await act(() => emit("tauri://close-requested"));

    const error = await screen.findByTestId("error-message");
    await waitFor(() => expect(error.textContent).toContain("Quire is still open"));
    expect(backend.calls.some((c) => c.cmd === "plugin:window|destroy")).toBe(false);
    expect(editor.value).toBe("Almost done, one more thought");
  });
});
