// Security…: each setting applies at once through its command, and errors show in the dialog.
import { describe, expect, it } from "vitest";
import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import { appErrors } from "../test/appErrors";
import { openJournalOn, withFakeBackend } from "../test/journal";
import { enter } from "../test/enter";

const backend = withFakeBackend();

async function openSecurity() {
  backend().add("Hello");
  await openJournalOn("Hello");
  await waitFor(() => expect(backend().count("security_status")).toBe(1));
  fireEvent.click(screen.getByRole("button", { name: "Security…" }));
  // The dialog loads when it first opens.
  const dialog = await screen.findByRole("dialog", { name: "Security" });
  await waitFor(() => expect(backend().count("security_status")).toBe(2));
  return dialog;
}

const argsOf = (cmd: "set_lock_options" | "set_passphrase") => backend().calls.filter((c) => c.cmd === cmd).map((c) => c.args);

describe("the Security dialog", () => {
  it("without a passphrase, keeps the lock options off and sets one", async () => {
    const dialog = await openSecurity();
    const ask = within(dialog).getByLabelText<HTMLInputElement>("Ask for my passphrase at every start");
    const autoLock = within(dialog).getByLabelText<HTMLSelectElement>("Lock automatically");
    expect(ask.disabled).toBe(true);
    expect(autoLock.disabled).toBe(true);
    expect(within(dialog).queryByRole("button", { name: "Remove passphrase…" })).toBeNull();

    enter(within(dialog).getByLabelText("New passphrase"), "tea before dawn");
    enter(within(dialog).getByLabelText("Repeat the passphrase"), "tea before dawn");
    fireEvent.click(within(dialog).getByRole("button", { name: "Set passphrase" }));

    await within(dialog).findByText("Passphrase set.");
    expect(argsOf("set_passphrase")).toEqual([{ passphrase: "tea before dawn" }]);
    expect(within(dialog).getByLabelText<HTMLInputElement>("New passphrase").value).toBe("");
    expect(ask.disabled).toBe(false);
    expect(autoLock.disabled).toBe(false);
    expect(within(dialog).getByRole("button", { name: "Change passphrase" })).toBeTruthy();
    expect(within(dialog).getByText(/the system keyring opens your journal at start, with nothing to type/)).toBeTruthy();
  });

  it("checks the two fields before setting anything", async () => {
    const dialog = await openSecurity();
    enter(within(dialog).getByLabelText("New passphrase"), "seven77");
    fireEvent.click(within(dialog).getByRole("button", { name: "Set passphrase" }));
    expect(within(dialog).getByRole("alert").textContent).toBe("Use at least 8 characters.");
    expect(backend().count("set_passphrase")).toBe(0);
  });

  it("applies Ask at every start and auto-lock at once", async () => {
    backend().security = { ...backend().security, hasPassphrase: true };
    const dialog = await openSecurity();
    const ask = within(dialog).getByLabelText<HTMLInputElement>("Ask for my passphrase at every start");
    const autoLock = within(dialog).getByLabelText<HTMLSelectElement>("Lock automatically");
    expect(Array.from(autoLock.options).map((o) => o.textContent)).toEqual([
      "Off",
      "After 1 minute without use",
      "After 5 minutes without use",
      "After 10 minutes without use",
      "After 15 minutes without use",
      "After 30 minutes without use",
      "After 60 minutes without use",
    ]);

    fireEvent.click(ask);
    await waitFor(() => expect(ask.checked).toBe(true));
    expect(argsOf("set_lock_options")).toEqual([{ askAtStart: true, autoLockMinutes: null }]);

    enter(autoLock, "15");
    await waitFor(() => expect(autoLock.value).toBe("15"));
    expect(argsOf("set_lock_options")[1]).toEqual({ askAtStart: true, autoLockMinutes: 15 });
    expect(within(dialog).getByText("Quire locks after 15 minutes without use.")).toBeTruthy();
  });

  it("shows a failed change in the dialog", async () => {
    backend().security = { ...backend().security, hasPassphrase: true };
    backend().failures.set("set_lock_options", appErrors.storage);
    const dialog = await openSecurity();
    enter(within(dialog).getByLabelText("Lock automatically"), "5");
    const alert = await within(dialog).findByRole("alert");
    expect(alert.textContent).toBe(`Couldn't change auto-lock. ${appErrors.storage.message}`);
    expect(within(dialog).getByLabelText<HTMLSelectElement>("Lock automatically").value).toBe("off");
  });

  it("removes the passphrase after asking", async () => {
    backend().passphrase = "tea before dawn";
    backend().security = { ...backend().security, hasPassphrase: true, askAtStart: true, autoLockMinutes: 5 };
    const dialog = await openSecurity();
    fireEvent.click(within(dialog).getByRole("button", { name: "Remove passphrase…" }));
    const confirm = screen.getByRole("dialog", { name: "Remove your passphrase?" });
    fireEvent.click(within(confirm).getByRole("button", { name: "Cancel" }));
    expect(backend().count("remove_passphrase")).toBe(0);

    fireEvent.click(within(dialog).getByRole("button", { name: "Remove passphrase…" }));
    fireEvent.click(within(screen.getByRole("dialog", { name: "Remove your passphrase?" })).getByRole("button", {
      name: "Remove passphrase",
    }));
    await within(dialog).findByText("Passphrase removed.");
    expect(backend().count("remove_passphrase")).toBe(1);
    expect(within(dialog).getByLabelText<HTMLInputElement>("Ask for my passphrase at every start").disabled).toBe(true);
    expect(within(dialog).queryByRole("button", { name: "Remove passphrase…" })).toBeNull();
    expect(dialog.contains(document.activeElement)).toBe(true);
  });

  it("makes a new recovery key over the dialog, and says it is checked once it is", async () => {
    const dialog = await openSecurity();
    fireEvent.click(within(dialog).getByRole("button", { name: "Make a new recovery key…" }));
    const recovery = await screen.findByRole("dialog", { name: "Save your recovery key" });
    const key = (await within(recovery).findByTestId("recovery-key")).textContent!;
    expect(backend().count("new_recovery_key")).toBe(1);
    await within(dialog).findByText("You haven't checked that you saved your recovery key yet.");

    fireEvent.click(within(recovery).getByRole("button", { name: "I've saved it" }));
    enter(within(recovery).getByLabelText("Type your recovery key to check you saved it"), key);
    fireEvent.click(within(recovery).getByRole("button", { name: "Check" }));
    await waitFor(() => expect(screen.queryByRole("dialog", { name: "Save your recovery key" })).toBeNull());
    expect(screen.getByRole("dialog", { name: "Security" })).toBe(dialog);
    expect(within(dialog).queryByText("You haven't checked that you saved your recovery key yet.")).toBeNull();
  });

  it("closes on Close and on Escape", async () => {
    const dialog = await openSecurity();
    fireEvent.keyDown(dialog, { key: "Escape" });
    expect(screen.queryByRole("dialog")).toBeNull();
    fireEvent.click(screen.getByRole("button", { name: "Security…" }));
    fireEvent.click(within(screen.getByRole("dialog")).getByRole("button", { name: "Close" }));
    expect(screen.queryByRole("dialog")).toBeNull();
  });
});
