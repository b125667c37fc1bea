// Settings: opened with Ctrl+, or its button; each change is sent as it is made and applied to the
// window at once; a setting the environment decides is shown, and can't be changed.
import { describe, expect, it } from "vitest";
import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import { openJournalOn, withFakeBackend } from "../test/journal";
import { enter } from "../test/enter";

const backend = withFakeBackend();

describe("Settings", () => {
  it("opens on Ctrl+, and applies the appearance and the text size at once", async () => {
    backend().add("Entry");
    await openJournalOn("Entry");
    fireEvent.keyDown(window, { key: ",", ctrlKey: true });
    const dialog = await screen.findByTestId("settings-dialog");
    await within(dialog).findByTestId("setting-appearance");

    fireEvent.click(within(dialog).getByLabelText("Dark"));
    await waitFor(() => expect(document.documentElement.dataset.appearance).toBe("dark"));
    fireEvent.click(within(dialog).getByRole("button", { name: "Larger text" }));
    await waitFor(() => expect(document.documentElement.style.getPropertyValue("--editor-font-size")).toBe("19px"));
    expect(within(dialog).getByTestId("setting-editor-font-size").textContent).toBe("19 px");
    expect(backend().settings.saved).toEqual([
      ["appearance", "dark"],
      ["editorFontSize", "19"],
    ]);

    fireEvent.click(within(dialog).getByLabelText("As the system"));
    await waitFor(() => expect(document.documentElement.dataset.appearance).toBeUndefined());
    fireEvent.click(within(dialog).getByRole("button", { name: "Done" }));
    await waitFor(() => expect(screen.queryByTestId("settings-dialog")).toBeNull());
  });

  it("shows what the environment decides, fixed", async () => {
    backend().settings.fromEnv = ["appearance"];
    backend().add("Entry");
    await openJournalOn("Entry");
    fireEvent.click(screen.getByTestId("settings-button"));
    const dialog = await screen.findByTestId("settings-dialog");
    const group = await within(dialog).findByTestId("setting-appearance");
    expect((group as HTMLFieldSetElement).disabled).toBe(true);
    expect(within(dialog).getByText("Set by QUIRE_APPEARANCE")).toBeTruthy();
  });

  it("sets the daily reminder and starting at login", async () => {
    backend().add("Entry");
    await openJournalOn("Entry");
    fireEvent.click(screen.getByTestId("settings-button"));
    const dialog = await screen.findByTestId("settings-dialog");
    fireEvent.click(await within(dialog).findByTestId("setting-reminder"));
    await waitFor(() => expect(backend().settings.preferences.reminder).toEqual({ hour: 20, minute: 0 }));
    enter(within(dialog).getByLabelText("Reminder time"), "07:45");
    await waitFor(() => expect(backend().settings.preferences.reminder).toEqual({ hour: 7, minute: 45 }));
    fireEvent.click(within(dialog).getByLabelText("Start Quire when I log in"));
    await waitFor(() => expect(backend().settings.startAtLogin).toBe(true));
  });
});
