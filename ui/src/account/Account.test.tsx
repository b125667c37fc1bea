// The journal window's account parts: the Offline pill, the signed-in person, and signing out safely.
import { setEditorText } from "../test/journal";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { act, cleanup, fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import { emit } from "@tauri-apps/api/event";
import { App } from "../app/App";
import type { Connection, UserProfile } from "../ipc/bindings";
import { describeError } from "../ipc/errors";
import { appErrors } from "../test/appErrors";
import { FakeBackend } from "../test/fakeBackend";

let backend: FakeBackend;

beforeEach(() => {
  backend = new FakeBackend();
  backend.owner = { ...backend.owner, user: { id: "u1", email: "ada@example.com", displayName: "Ada" } };
  mockIPC((cmd, args) => backend.handle(cmd, args), { shouldMockEvents: true });
});

afterEach(() => {
  cleanup();
  clearMocks();
});

const slow = { timeout: 3000 };

/** Opens the journal on its newest entry and waits for the editor to show `text`. */
async function openJournalOn(text: string) {
  backend.add(text);
  render(<App windowLabel="journal" />);
  await screen.findByTestId("journal", {}, slow);
  const editor = await screen.findByTestId<HTMLTextAreaElement>("entry-editor");
  await waitFor(() => expect(editor.value).toBe(text));
  return editor;
}

/**
 * Waits until the journal listens to back-end events, so an emit can't get lost: it asks for the
 * connection status only once listening has started (and the mocked listen registers synchronously).
 */
async function listening() {
  await waitFor(() => expect(backend.count("connection_status")).toBe(1));
}

describe("connection", () => {
  it("shows Offline only while the account service can't be reached, and writing goes on", async () => {
    backend.connection = { state: "offline", detail: "clerk.example.com can't be reached." };
    const editor = await openJournalOn("Written on a train");

    const pill = await screen.findByTestId("offline-indicator");
    expect(pill.textContent).toBe("Offline");
    expect(pill.getAttribute("title")).toBe("clerk.example.com can't be reached.");

    setEditorText(editor, "Written on a train, no signal");
    await waitFor(() => expect(screen.getByTestId("save-status").textContent).toBe("Saved"), slow);
    expect(backend.rows[0]!.content).toBe("Written on a train, no signal");

    await listening();
    await act(() => emit("connection-changed", { state: "online", detail: null } satisfies Connection));
    await waitFor(() => expect(screen.queryByTestId("offline-indicator")).toBeNull());

    await act(() => emit("connection-changed", { state: "offline", detail: null } satisfies Connection));
    expect((await screen.findByTestId("offline-indicator")).getAttribute("title")).toMatch(/Writing works as usual/);
  });

  it("shows no pill while online or checking", async () => {
    await openJournalOn("Hello");
    await listening();
    expect(screen.queryByTestId("offline-indicator")).toBeNull();
  });
});

describe("account", () => {
  it("shows the email, and follows account changes", async () => {
    await openJournalOn("Hello");
    expect(screen.getByTestId("user-email").textContent).toBe("ada@example.com");

    await listening();
    await act(() =>
      emit("account-changed", { id: "u1", email: null, displayName: "Ada Lovelace" } satisfies UserProfile),
    );
    await waitFor(() => expect(screen.getByTestId("user-email").textContent).toBe("Ada Lovelace"));
  });
});

describe("signing out", () => {
  it("asks first, saves the latest text, then signs out", async () => {
    const editor = await openJournalOn("Last thoughts");
    setEditorText(editor, "Last thoughts before signing out");

    fireEvent.click(screen.getByTestId("sign-out"));
    const dialog = screen.getByRole("dialog");
    expect(dialog.textContent).toContain("Sign out of Quire?");
    expect(dialog.textContent).toContain("Your entries stay on this computer; sign in again to see them.");
    fireEvent.click(within(dialog).getByRole("button", { name: "Sign out" }));

    await waitFor(() => expect(backend.count("sign_out")).toBe(1));
    const order = backend.calls.map((c) => c.cmd);
    expect(order.lastIndexOf("save_entry")).toBeLessThan(order.indexOf("sign_out"));
    expect(backend.rows[0]!.content).toBe("Last thoughts before signing out");
    expect(screen.getByTestId<HTMLButtonElement>("sign-out").disabled).toBe(true);
  });

  it("does nothing when the dialog is cancelled", async () => {
    await openJournalOn("Stay");
    fireEvent.click(screen.getByTestId("sign-out"));
    fireEvent.click(within(screen.getByRole("dialog")).getByRole("button", { name: "Cancel" }));
    expect(screen.queryByRole("dialog")).toBeNull();
    expect(backend.count("sign_out")).toBe(0);
  });

  it("stays signed in and says why when the text can't be saved", async () => {
    const editor = await openJournalOn("Important");
    backend.failures.set("save_entry", appErrors.disk_full);
    setEditorText(editor, "Important, and unsaved");

    fireEvent.click(screen.getByTestId("sign-out"));
    fireEvent.click(within(screen.getByRole("dialog")).getByRole("button", { name: "Sign out" }));

    const error = await screen.findByTestId("error-message");
    await waitFor(() => expect(error.textContent).toContain("still signed in"));
    expect(error.textContent).toContain(appErrors.disk_full.message);
    expect(backend.count("sign_out")).toBe(0);
    expect(editor.value).toBe("Important, and unsaved");
    expect(screen.getByTestId<HTMLButtonElement>("sign-out").disabled).toBe(false);

    backend.failures.delete("save_entry");
    fireEvent.click(screen.getByRole("button", { name: "Save and sign out" }));
    await waitFor(() => expect(backend.count("sign_out")).toBe(1));
    expect(backend.rows[0]!.content).toBe("Important, and unsaved");
  });

  it("says so when the back end can't sign out", async () => {
    backend.failures.set("sign_out", appErrors.keyring);
    await openJournalOn("Hello");
    fireEvent.click(screen.getByTestId("sign-out"));
    fireEvent.click(within(screen.getByRole("dialog")).getByRole("button", { name: "Sign out" }));
    const error = await screen.findByTestId("error-message");
    expect(error.textContent).toBe(`Couldn't sign out. ${describeError(appErrors.keyring)}`);
    expect(screen.getByTestId<HTMLButtonElement>("sign-out").disabled).toBe(false);
  });
});

describe("without events", () => {
  it("works as before when events and the connection status aren't available", async () => {
    clearMocks();
    mockIPC((cmd, args) => backend.handle(cmd, args)); // event calls reach the back end and fail
    backend.failures.set("connection_status", appErrors.internal);
    const editor = await openJournalOn("Plain");
    setEditorText(editor, "Plain and simple");
    await waitFor(() => expect(screen.getByTestId("save-status").textContent).toBe("Saved"), slow);
    expect(backend.rows[0]!.content).toBe("Plain and simple");
    expect(screen.queryByTestId("offline-indicator")).toBeNull();
    expect(screen.getByTestId("user-email").textContent).toBe("ada@example.com");
  });
});
