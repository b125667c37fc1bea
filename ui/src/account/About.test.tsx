// About Quire: the version and where the journal lives, opening the data folder, and the dialog's
// keyboard behaviour.
import { describe, expect, it } from "vitest";
import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import { appErrors } from "../test/appErrors";
import { openJournalOn, withFakeBackend } from "../test/journal";

const backend = withFakeBackend();

async function openAbout(): Promise<HTMLElement> {
  backend().add("A quiet morning");
  await openJournalOn("A quiet morning");
  const button = screen.getByRole("button", { name: "About Quire" });
  button.focus(); // as a real click would
  fireEvent.click(button);
  // The dialog loads when it first opens.
  const dialog = await screen.findByTestId("about-dialog");
  // The facts arrive from the back end.
  await within(dialog).findByTestId("about-data-folder");
  return dialog;
}

describe("the About dialog", () => {
  it("shows the version, the data folder, the log file and the licences", async () => {
    backend().about = { ...backend().about, version: "1.2.3" };
    const dialog = await openAbout();

    expect(screen.getByRole("dialog", { name: "Quire 1.2.3" })).toBe(dialog);
    expect(within(dialog).getByRole("heading").textContent).toBe("Quire 1.2.3");
    expect(within(dialog).getByTestId("about-data-folder").textContent).toBe(
      "/home/ada/.local/share/app.quire.journal",
    );
    expect(within(dialog).getByTestId("about-log-file").textContent).toBe(
      "/home/ada/.local/share/app.quire.journal/logs/quire.2026-11-26.log",
    );
    expect(dialog.textContent).toContain(
      "Quire is free software under the MIT or Apache-2.0 licence. Mood analysis uses VADER (MIT licence, © C.J. Hutto).",
    );
    expect(dialog.getAttribute("aria-modal")).toBe("true");
    expect(backend().count("about")).toBe(1);
  });

  it("opens the data folder with the Open data folder button", async () => {
    const dialog = await openAbout();
    fireEvent.click(within(dialog).getByTestId("about-open-folder"));
    await waitFor(() => expect(backend().count("open_data_folder")).toBe(1));
    // No folder comes from the window: the back end knows which one.
    expect(backend().calls.find((c) => c.cmd === "open_data_folder")!.args).toEqual({});
    await waitFor(() => expect(within(dialog).getByTestId("about-open-folder").textContent).toBe("Open data folder"));
    expect(within(dialog).queryByRole("alert")).toBeNull();
  });

  it("says what to do when the folder can't be opened", async () => {
    const message =
      "Quire couldn't start your file manager (xdg-open: No such file or directory). " +
      "Open this folder by hand: /home/ada/.local/share/app.quire.journal";
    backend().failures.set("open_data_folder", { code: "open_failed", message });
    const dialog = await openAbout();

    fireEvent.click(within(dialog).getByTestId("about-open-folder"));
    const alert = await within(dialog).findByRole("alert");
    expect(alert.textContent).toBe(message);
    expect(screen.getByTestId("about-dialog")).toBe(dialog);

    // Trying again clears the old message; this time it works.
    backend().failures.delete("open_data_folder");
    fireEvent.click(within(dialog).getByTestId("about-open-folder"));
    await waitFor(() => expect(within(dialog).queryByRole("alert")).toBeNull());
    expect(backend().count("open_data_folder")).toBe(2);
  });

  it("closes with Escape and gives the focus back to the About button", async () => {
    const dialog = await openAbout();
    const close = within(dialog).getByRole("button", { name: "Close" });
    expect(document.activeElement).toBe(close);

    fireEvent.keyDown(close, { key: "Escape" });
    expect(screen.queryByTestId("about-dialog")).toBeNull();
    expect(document.activeElement).toBe(screen.getByRole("button", { name: "About Quire" }));
  });

  it("keeps Tab inside the dialog, and closes with its Close button", async () => {
    const dialog = await openAbout();
    const open = within(dialog).getByTestId("about-open-folder");
    const close = within(dialog).getByRole("button", { name: "Close" });

    fireEvent.keyDown(close, { key: "Tab" });
    expect(document.activeElement).toBe(open);
    fireEvent.keyDown(open, { key: "Tab", shiftKey: true });
    expect(document.activeElement).toBe(close);

    fireEvent.click(close);
    expect(screen.queryByTestId("about-dialog")).toBeNull();
  });

  it("says so when Quire's details can't be read", async () => {
    backend().failures.set("about", appErrors.internal);
    backend().add("Hello");
    await openJournalOn("Hello");
    fireEvent.click(screen.getByRole("button", { name: "About Quire" }));
    const alert = await within(screen.getByTestId("about-dialog")).findByRole("alert");
    expect(alert.textContent).toContain(appErrors.internal.message);
    expect(screen.queryByTestId("about-open-folder")).toBeNull();
  });
});
