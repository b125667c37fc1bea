// Locking the journal window: the Lock button and Ctrl+L save everything first, exactly as closing does,
// then lock; without a passphrase they first ask for one; the shell's lock-requested event locks too.
import { describe, expect, it } from "vitest";
import { act, fireEvent, screen, waitFor, within } from "@testing-library/react";
import { emit } from "@tauri-apps/api/event";
import type { EntrySummary } from "../ipc/bindings";
import { appErrors } from "../test/appErrors";
import { openJournalOn, slow, withFakeBackend, setEditorText } from "../test/journal";
import { enter } from "../test/enter";

const backend = withFakeBackend();

function withPassphrase() {
  backend().passphrase = "correct horse battery";
  backend().security = { ...backend().security, hasPassphrase: true };
}

/** The order the commands were called in, first calls first. */
const order = () => backend().calls.map((c) => c.cmd);

/** Waits until the journal has read its lock settings and listens to back-end events. */
async function ready() {
  await waitFor(() => expect(backend().count("security_status")).toBeGreaterThan(0));
  await waitFor(() => expect(backend().count("connection_status")).toBe(1));
}

describe("the Lock button", () => {
  it("saves the latest text, then locks", async () => {
    withPassphrase();
    const entry = backend().add("Before lunch");
    const editor = await openJournalOn("Before lunch");
    await ready();

    const button = screen.getByTestId<HTMLButtonElement>("lock-button");
    expect(button.textContent).toBe("Lock");
    expect(button.title).toBe("Lock (Ctrl+L)");

    const saving = backend().hold("save_entry");
    setEditorText(editor, "Before lunch, a walk");
    fireEvent.click(button);
    await waitFor(() => expect(backend().count("save_entry")).toBe(1));
    expect(backend().count("lock_journal")).toBe(0);
    expect(button.textContent).toBe("Locking…");
    expect(button.disabled).toBe(true);
    expect(editor.readOnly).toBe(true);

    const summary: EntrySummary = { ...backend().summary(entry.id), title: "Before lunch, a walk", wordCount: 4 };
    await act(async () => saving.release(summary));
    await waitFor(() => expect(backend().count("lock_journal")).toBe(1));
    expect(order().lastIndexOf("save_entry")).toBeLessThan(order().indexOf("lock_journal"));
    expect(screen.queryByRole("dialog")).toBeNull();
  });

  it("locks on Ctrl+L too", async () => {
    withPassphrase();
    backend().add("Quick");
    const editor = await openJournalOn("Quick");
    await ready();
    setEditorText(editor, "Quick note");
    fireEvent.keyDown(window, { key: "l", ctrlKey: true });
    await waitFor(() => expect(backend().count("lock_journal")).toBe(1));
    expect(backend().rows[0]!.content).toBe("Quick note");
  });

  it("does not lock when the text can't be saved, and says why", async () => {
    withPassphrase();
    backend().add("Precious");
    const editor = await openJournalOn("Precious");
    await ready();
    backend().failures.set("save_entry", appErrors.disk_full);
    setEditorText(editor, "Precious, and unsaved");

    fireEvent.click(screen.getByTestId("lock-button"));
    const error = await screen.findByTestId("error-message");
    await waitFor(() => expect(error.textContent).toContain("Quire didn't lock"));
    expect(error.textContent).toContain(appErrors.disk_full.message);
    expect(backend().count("lock_journal")).toBe(0);
    expect(editor.value).toBe("Precious, and unsaved");
    expect(screen.getByTestId<HTMLButtonElement>("lock-button").disabled).toBe(false);

    backend().failures.delete("save_entry");
    fireEvent.click(screen.getByRole("button", { name: "Save and lock" }));
    await waitFor(() => expect(backend().count("lock_journal")).toBe(1), slow);
    expect(backend().rows[0]!.content).toBe("Precious, and unsaved");
  });

  it("says so when the back end can't lock", async () => {
    withPassphrase();
    backend().failures.set("lock_journal", appErrors.keyring);
    backend().add("Hello");
    await openJournalOn("Hello");
    await ready();
    fireEvent.click(screen.getByTestId("lock-button"));
    const error = await screen.findByTestId("error-message");
    expect(error.textContent).toBe(`Couldn't lock Quire. ${appErrors.keyring.message}`);
  });
});

describe("locking without a passphrase", () => {
  it("asks for one, checks it, sets it, then locks", async () => {
    backend().add("Secrets");
    const editor = await openJournalOn("Secrets");
    await ready();
    setEditorText(editor, "Secrets, kept");

    fireEvent.click(screen.getByTestId("lock-button"));
    const dialog = await screen.findByRole("dialog", { name: "Choose a passphrase to lock Quire" });
    expect(dialog.textContent).toContain("You can also unlock it with your recovery key.");
    const first = within(dialog).getByLabelText<HTMLInputElement>("Passphrase");
    const repeat = within(dialog).getByLabelText<HTMLInputElement>("Repeat the passphrase");
    expect(document.activeElement).toBe(first);
    expect(first.type).toBe("password");
    const submit = within(dialog).getByRole("button", { name: "Set passphrase and lock" });

    enter(first, "short");
    fireEvent.click(submit);
    expect(within(dialog).getByRole("alert").textContent).toBe("Use at least 8 characters.");
    expect(first.getAttribute("aria-invalid")).toBe("true");

    enter(first, "long enough now");
    enter(repeat, "long enough, no");
    expect(within(dialog).getByRole("alert").textContent).toBe("The two passphrases don't match.");
    fireEvent.click(submit);
    expect(document.activeElement).toBe(repeat);
    expect(backend().count("set_passphrase")).toBe(0);

    enter(repeat, "long enough now");
    expect(within(dialog).queryByRole("alert")).toBeNull();
    fireEvent.click(submit);

    await waitFor(() => expect(backend().count("lock_journal")).toBe(1));
    expect(backend().calls.find((c) => c.cmd === "set_passphrase")?.args).toEqual({ passphrase: "long enough now" });
    expect(order().indexOf("set_passphrase")).toBeLessThan(order().indexOf("lock_journal"));
    expect(order().lastIndexOf("save_entry")).toBeLessThan(order().indexOf("lock_journal"));
    expect(backend().rows[0]!.content).toBe("Secrets, kept");
    expect(screen.queryByRole("dialog")).toBeNull();
  });

  it("shows the back end's error in the dialog and does not lock", async () => {
    backend().failures.set("set_passphrase", appErrors.keyring);
    backend().add("Hello");
    await openJournalOn("Hello");
    await ready();
    fireEvent.click(screen.getByTestId("lock-button"));
    const dialog = await screen.findByRole("dialog");
    enter(within(dialog).getByLabelText("Passphrase"), "a good passphrase");
    enter(within(dialog).getByLabelText("Repeat the passphrase"), "a good passphrase");
    fireEvent.click(within(dialog).getByRole("button", { name: "Set passphrase and lock" }));

    const alert = await within(dialog).findByRole("alert");
    expect(alert.textContent).toBe(`Couldn't set the passphrase. ${appErrors.keyring.message}`);
    expect(backend().count("lock_journal")).toBe(0);
  });

  it("does nothing on Cancel", async () => {
    backend().add("Hello");
    await openJournalOn("Hello");
    await ready();
    fireEvent.click(screen.getByTestId("lock-button"));
    fireEvent.click(within(await screen.findByRole("dialog")).getByRole("button", { name: "Cancel" }));
    expect(screen.queryByRole("dialog")).toBeNull();
    expect(backend().count("set_passphrase")).toBe(0);
    expect(backend().count("lock_journal")).toBe(0);
  });
});

describe("the lock-requested event", () => {
  it("saves and locks when there is a passphrase", async () => {
    withPassphrase();
    backend().add("At my desk");
    const editor = await openJournalOn("At my desk");
    await ready();
    setEditorText(editor, "At my desk, stepping away");
    await act(() => emit("lock-requested", null));
    await waitFor(() => expect(backend().count("lock_journal")).toBe(1));
    expect(backend().rows[0]!.content).toBe("At my desk, stepping away");
  });

  it("only saves without a passphrase: the recovery key alone would have to unlock", async () => {
    backend().add("At my desk");
    const editor = await openJournalOn("At my desk");
    await ready();
    setEditorText(editor, "At my desk, stepping away");
    await act(() => emit("lock-requested", null));
    await waitFor(() => expect(backend().rows[0]!.content).toBe("At my desk, stepping away"));
    expect(backend().count("lock_journal")).toBe(0);
    expect(screen.queryByRole("dialog")).toBeNull();
  });
});
