// The recovery key: shown once at start until the person has checked they saved it, and again (a new
// one) from Security…; Copy, Print, and typing it back to check it.
import { StrictMode } from "react";
import { describe, expect, it, vi } from "vitest";
import { act, fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import { App } from "../app/App";
import { appErrors } from "../test/appErrors";
import { openJournalOn, slow, withFakeBackend } from "../test/journal";
import { RECOVERY_TEXT } from "./RecoveryKeyDialog";
import { enter } from "../test/enter";

const backend = withFakeBackend();

function unconfirmed() {
  backend().security = { ...backend().security, recoveryConfirmed: false };
}

async function recoveryDialog() {
  const dialog = await screen.findByRole("dialog", { name: "Save your recovery key" }, slow);
  const key = await within(dialog).findByTestId("recovery-key");
  return { dialog, key };
}

describe("the recovery key at start", () => {
  it("is made once and shown, even under StrictMode", async () => {
    unconfirmed();
    backend().add("Hello");
    render(
      <StrictMode>
        <App windowLabel="journal" />
      </StrictMode>,
    );
    const { dialog, key } = await recoveryDialog();
    expect(key.textContent).toBe(backend().recoveryKey);
    expect(key.textContent).toMatch(/^([0-9A-Z]{4}-){7}[0-9A-Z]{4}$/);
    expect(dialog.textContent).toContain(RECOVERY_TEXT);
    expect(RECOVERY_TEXT).toContain("on a new computer");
    expect(RECOVERY_TEXT).toContain("system keyring is lost");
    expect(RECOVERY_TEXT).toContain("forget your passphrase");
    expect(RECOVERY_TEXT).toContain("Quire can't show it again");
    // Let any second effect run: still one key.
    await act(() => new Promise((resolve) => setTimeout(resolve, 50)));
    expect(backend().count("new_recovery_key")).toBe(1);
  });

  it("is not shown once it has been checked", async () => {
    backend().add("Hello");
    await openJournalOn("Hello");
    await waitFor(() => expect(backend().count("security_status")).toBe(1));
    expect(screen.queryByRole("dialog")).toBeNull();
    expect(backend().count("new_recovery_key")).toBe(0);
  });

  it("copies and prints the key", async () => {
    unconfirmed();
    const writeText = vi.fn(() => Promise.resolve());
    Object.defineProperty(navigator, "clipboard", { configurable: true, value: { writeText } });
    const print = vi.spyOn(window, "print").mockImplementation(() => undefined);
    try {
      backend().add("Hello");
      render(<App windowLabel="journal" />);
      const { dialog, key } = await recoveryDialog();

      fireEvent.click(within(dialog).getByRole("button", { name: "Copy" }));
      expect(writeText).toHaveBeenCalledWith(key.textContent);
      expect(await within(dialog).findByRole("button", { name: "Copied" })).toBeTruthy();

      fireEvent.click(within(dialog).getByRole("button", { name: "Print" }));
      expect(print).toHaveBeenCalledTimes(1);
    } finally {
      delete (navigator as { clipboard?: unknown }).clipboard;
    }
  });

  it("checks the typed key: a wrong one says so and the key can be seen again, the right one closes it", async () => {
    unconfirmed();
    backend().add("Hello");
    render(<App windowLabel="journal" />);
    const { dialog, key } = await recoveryDialog();
    const shown = key.textContent!;

    fireEvent.click(within(dialog).getByRole("button", { name: "I've saved it" }));
    expect(within(dialog).queryByTestId("recovery-key")).toBeNull();
    const input = within(dialog).getByLabelText<HTMLInputElement>("Type your recovery key to check you saved it");
    await waitFor(() => expect(document.activeElement).toBe(input));

    enter(input, "AAAA-BBBB-CCCC-DDDD-EEEE-FFFF-GGGG-HHHH");
    fireEvent.click(within(dialog).getByRole("button", { name: "Check" }));
    const alert = await within(dialog).findByRole("alert");
    expect(alert.textContent).toContain("doesn't match your recovery key");
    expect(backend().security.recoveryConfirmed).toBe(false);

    fireEvent.click(within(dialog).getByRole("button", { name: "Back to the key" }));
    expect(within(dialog).getByTestId("recovery-key").textContent).toBe(shown);
    fireEvent.click(within(dialog).getByRole("button", { name: "I've saved it" }));

    // Typed by hand: lower case and spaces are fine.
    const again = within(dialog).getByLabelText("Type your recovery key to check you saved it");
    enter(again, shown.toLowerCase().replaceAll("-", " "));
    fireEvent.submit(again.closest("form")!);
    await waitFor(() => expect(screen.queryByRole("dialog")).toBeNull());
    expect(backend().security.recoveryConfirmed).toBe(true);
    expect(backend().count("new_recovery_key")).toBe(1);
  });

  it("shows other errors of the check as the back end wrote them", async () => {
    unconfirmed();
    backend().failures.set("confirm_recovery_key", appErrors.storage);
    backend().add("Hello");
    render(<App windowLabel="journal" />);
    const { dialog, key } = await recoveryDialog();
    const shown = key.textContent!;
    fireEvent.click(within(dialog).getByRole("button", { name: "I've saved it" }));
    enter(within(dialog).getByLabelText("Type your recovery key to check you saved it"), shown);
    fireEvent.click(within(dialog).getByRole("button", { name: "Check" }));
    expect((await within(dialog).findByRole("alert")).textContent).toBe(
      `Couldn't check the key. ${appErrors.storage.message}`,
    );
  });

  it("closes on Remind me next time, and the journal works as usual", async () => {
    unconfirmed();
    backend().add("Hello");
    render(<App windowLabel="journal" />);
    const { dialog } = await recoveryDialog();
    fireEvent.click(within(dialog).getByRole("button", { name: "Remind me next time" }));
    expect(screen.queryByRole("dialog")).toBeNull();
    expect(backend().count("confirm_recovery_key")).toBe(0);
    expect(screen.getByTestId("journal")).toBeTruthy();
  });

  it("says so when no key could be made, and tries again", async () => {
    unconfirmed();
    backend().failures.set("new_recovery_key", appErrors.keyring);
    backend().add("Hello");
    render(<App windowLabel="journal" />);
    const dialog = await screen.findByRole("dialog", { name: "Save your recovery key" }, slow);
    const alert = await within(dialog).findByRole("alert");
    expect(alert.textContent).toContain(`Couldn't make a recovery key. ${appErrors.keyring.message}`);

    backend().failures.delete("new_recovery_key");
    fireEvent.click(within(alert).getByRole("button", { name: "Try again" }));
    expect((await within(dialog).findByTestId("recovery-key")).textContent).toBe(backend().recoveryKey);
    expect(backend().count("new_recovery_key")).toBe(2);
  });
});
