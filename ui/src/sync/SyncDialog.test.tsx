// The Sync dialog: connecting (and what a refused connect says), what it shows once connected,
// Disconnect asking first, and opening the journal a server already holds with its recovery key.
import { describe, expect, it } from "vitest";
import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import { SYNC_OFF, WRONG_PASSWORD } from "../test/fakeSync";
import { openJournalOn, withFakeBackend } from "../test/journal";
import { enter } from "../test/enter";

const backend = withFakeBackend();

const URL = "https://couch.example.org/journal-ada";

/** Opens the journal, then the Sync dialog from the footer's status. */
async function openSyncDialog(): Promise<HTMLElement> {
  backend().add("Entry");
  await openJournalOn("Entry");
  fireEvent.click(await screen.findByTestId("sync-status"));
  return screen.findByTestId("sync-dialog");
}

/** Opens the journal, then the Sync dialog from Settings (the footer's status is a button only when off). */
async function openFromSettings(): Promise<HTMLElement> {
  backend().add("Entry");
  await openJournalOn("Entry");
  fireEvent.click(screen.getByTestId("settings-button"));
  fireEvent.click(await screen.findByTestId("settings-sync"));
  return screen.findByTestId("sync-dialog");
}

function fill(dialog: HTMLElement, url: string, username: string, password: string) {
  enter(within(dialog).getByLabelText("Server address"), url);
  enter(within(dialog).getByLabelText("User name"), username);
  enter(within(dialog).getByLabelText("Password"), password);
}

describe("connecting", () => {
  it("sends the address, user name and password, and shows the server once connected", async () => {
    const dialog = await openSyncDialog();
    await waitFor(() => expect(document.activeElement).toBe(within(dialog).getByLabelText("Server address")));
    expect(within(dialog).getByLabelText("Password").getAttribute("type")).toBe("password");
    fill(dialog, ` ${URL} `, "ada", "secret");
    fireEvent.click(within(dialog).getByTestId("sync-connect"));

    const connected = await within(dialog).findByTestId("sync-connected");
    expect(backend().calls.find((c) => c.cmd === "connect_sync")!.args).toEqual({ url: URL, username: "ada", password: "secret" });
    expect(within(connected).getByTestId("sync-server").textContent).toBe(URL);
    expect(within(connected).getByTestId("sync-user").textContent).toBe("ada");
    expect(within(connected).getByTestId("sync-pending").textContent).toBe("Nothing waits to be sent");
    expect(within(connected).getByTestId("sync-last").textContent).toContain("2026");
    // The footer follows.
    await waitFor(() => expect(screen.getByTestId("sync-status").textContent).toMatch(/^Synced/));
  });

  it("shows what the server refused, under the form, and keeps what was typed", async () => {
    const dialog = await openSyncDialog();
    fill(dialog, URL, "ada", "wrong");
    fireEvent.click(within(dialog).getByTestId("sync-connect"));
    const error = await within(dialog).findByTestId("sync-error");
    expect(error.textContent).toBe(`Couldn't connect. ${WRONG_PASSWORD.message}`);
    expect(error.getAttribute("role")).toBe("alert");
    expect((within(dialog).getByLabelText("Server address") as HTMLInputElement).value).toBe(URL);
    expect(within(dialog).queryByTestId("sync-connected")).toBeNull();
  });

  it("says what is missing before asking the server", async () => {
    const dialog = await openSyncDialog();
    fill(dialog, "couch.example.org", "ada", "secret");
    fireEvent.click(within(dialog).getByTestId("sync-connect"));
    expect(within(dialog).getByTestId("sync-error").textContent).toMatch(/starting with https:\/\//);
    expect(backend().count("connect_sync")).toBe(0);
  });

  it("opens from Settings too", async () => {
    backend().add("Entry");
    await openJournalOn("Entry");
    fireEvent.click(screen.getByTestId("settings-button"));
    const settings = await screen.findByTestId("settings-dialog");
    fireEvent.click(await within(settings).findByTestId("settings-sync"));
    await screen.findByTestId("sync-dialog");
    expect(screen.queryByTestId("settings-dialog")).toBeNull();
  });
});

describe("once connected", () => {
  it("asks before disconnecting, and Cancel keeps sync on", async () => {
    backend().sync.status = { ...SYNC_OFF, state: "synced", server: { url: URL, username: "ada" }, pending: 4, lastSyncedAt: Date.now() };
    const sync = await openFromSettings();
    expect(within(sync).getByTestId("sync-pending").textContent).toBe("4 changes to send");

    fireEvent.click(within(sync).getByTestId("sync-disconnect"));
    const confirm = await screen.findByRole("dialog", { name: "Stop syncing?" });
    expect(confirm.textContent).toContain("This computer stops syncing and forgets the password. Your journal stays here.");
    fireEvent.click(within(confirm).getByRole("button", { name: "Cancel" }));
    await waitFor(() => expect(screen.queryByRole("dialog", { name: "Stop syncing?" })).toBeNull());
    expect(backend().count("disconnect_sync")).toBe(0);

    fireEvent.click(within(sync).getByTestId("sync-disconnect"));
    fireEvent.click(within(await screen.findByRole("dialog", { name: "Stop syncing?" })).getByRole("button", { name: "Disconnect" }));
    await waitFor(() => expect(backend().count("disconnect_sync")).toBe(1));
    await within(sync).findByTestId("sync-connect-form");
    await waitFor(() => expect(screen.getByTestId("sync-status").textContent).toBe("Sync off"));
  });

  it("syncs now from the dialog", async () => {
    backend().sync.status = { ...SYNC_OFF, state: "offline", server: { url: URL, username: "ada" }, pending: 1, message: "The server can't be reached." };
    const sync = await openFromSettings();
    expect(within(sync).getByTestId("sync-trouble").textContent).toBe("The server can't be reached.");
    fireEvent.click(within(sync).getByTestId("sync-dialog-now"));
    await waitFor(() => expect(backend().sync.syncs).toBe(1));
  });
});

describe("joining the journal a server holds", () => {
  it("asks for the recovery key, says when it is wrong, and then that the journal is opening", async () => {
    backend().sync.afterConnect = "needs_key";
    const dialog = await openSyncDialog();
    fill(dialog, URL, "ada", "secret");
    fireEvent.click(within(dialog).getByTestId("sync-connect"));

    const form = await within(dialog).findByTestId("sync-join-form");
    expect(within(form).getByTestId("sync-join-text").textContent).toBe(
      "This server already holds your journal from another computer. Enter its recovery key or passphrase to open it here. This computer's journal is replaced by it.",
    );
    await waitFor(() => expect(screen.getByTestId("sync-status").textContent).toBe("Enter your recovery key to sync"));

    enter(within(form).getByLabelText("Recovery key or passphrase"), "WRONG");
    fireEvent.click(within(form).getByTestId("sync-join"));
    expect((await within(form).findByTestId("sync-error")).textContent).toMatch(/^Couldn't open it\. That passphrase or recovery key/);

    enter(within(form).getByLabelText("Recovery key or passphrase"), "ABCD-EFGH");
    fireEvent.click(within(form).getByTestId("sync-join"));
    await waitFor(() => expect(within(form).getByTestId("sync-join-status").textContent).toMatch(/opening in a new window/));
    expect(backend().calls.filter((c) => c.cmd === "join_sync").map((c) => c.args)).toEqual([{ secret: "WRONG" }, { secret: "ABCD-EFGH" }]);
    expect(within(form).queryByTestId("sync-error")).toBeNull();
  });

  it("opens at the join step from the footer, the key's field first", async () => {
    backend().sync.status = { ...SYNC_OFF, state: "needs_key", server: { url: URL, username: "ada" }, message: null };
    const dialog = await openSyncDialog();
    const field = within(dialog).getByLabelText("Recovery key or passphrase");
    await waitFor(() => expect(document.activeElement).toBe(field));
    fireEvent.keyDown(field, { key: "Escape" });
    await waitFor(() => expect(screen.queryByTestId("sync-dialog")).toBeNull());
    expect(backend().count("join_sync")).toBe(0);
  });
});
