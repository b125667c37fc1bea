// Import and export in the window: the preview says what a file holds before anything is written,
// the import adds its entries to the list, importing again adds nothing, and an export goes where the
// save dialog said, after the reminder that it is not encrypted.
import { describe, expect, it } from "vitest";
import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import { openJournalOn, withFakeBackend } from "../test/journal";
import { enter } from "../test/enter";

function entryTitles(): string[] {
  return screen.queryAllByTestId("entry-item").map((row) => row.querySelector(".row-title")?.textContent ?? "");
}

const backend = withFakeBackend();

/** Import… from the footer's Import and export menu. */
async function openImport(): Promise<HTMLElement> {
  fireEvent.click(screen.getByTestId("exchange-button"));
  fireEvent.click(await screen.findByTestId("menu-import"));
  return screen.findByTestId("exchange-dialog");
}

describe("Import and export", () => {
  it("previews a file, imports it into the list, and adds nothing the second time", async () => {
    backend().add("Written here");
    backend().exchange.file = ["Walk one", "Walk two"];
    await openJournalOn("Written here");
    const dialog = await openImport();

    fireEvent.click(within(dialog).getByTestId("import-file"));
    const preview = await within(dialog).findByTestId("import-preview");
    expect(preview.textContent).toContain("2 entries");
    expect(preview.textContent).toContain("2 new, 0 already in your journal");
    expect(preview.textContent).toContain("#walk");
    expect(backend().rows.length).toBe(1);

    fireEvent.click(within(dialog).getByTestId("import-start"));
    expect((await within(dialog).findByTestId("import-done")).textContent).toContain("Imported 2 entries");
    await waitFor(() => expect(entryTitles()).toEqual(expect.arrayContaining(["Walk one", "Walk two"])));

    fireEvent.click(within(dialog).getByTestId("import-file"));
    const again = await within(dialog).findByTestId("import-preview");
    expect(again.textContent).toContain("0 new, 2 already in your journal");
    expect((within(dialog).getByTestId("import-start") as HTMLButtonElement).disabled).toBe(true);
  });

  it("says nothing happened when the dialog is closed without a file", async () => {
    backend().add("Written here");
    backend().exchange.importPath = null;
    await openJournalOn("Written here");
    const dialog = await openImport();
    fireEvent.click(within(dialog).getByTestId("import-file"));
    await waitFor(() => expect(within(dialog).queryByTestId("import-preview")).toBeNull());
    expect(within(dialog).queryByTestId("exchange-error")).toBeNull();
  });

  it("exports in the chosen format, after saying that an export is not encrypted", async () => {
    backend().add("First");
    backend().add("Second");
    await openJournalOn("Second");
    fireEvent.click(screen.getByTestId("exchange-button"));
    fireEvent.click(await screen.findByTestId("menu-export"));
    const dialog = await screen.findByTestId("exchange-dialog");
    expect(within(dialog).getByTestId("export-warning").textContent).toContain("not encrypted");
    enter(within(dialog).getByTestId("export-format"), "markdownZip");
    fireEvent.click(within(dialog).getByTestId("export-start"));
    const done = await within(dialog).findByTestId("export-done");
    expect(done.textContent).toContain("Exported 2 entries to /home/me/Quire.zip");
    const [format, filter, path] = backend().exchange.exports[0]!;
    expect(format).toBe("markdownZip");
    expect(filter.journal).toBeNull();
    expect(path).toBe("/home/me/Quire.zip");
  });

  it("goes on importing after the dialog is closed, with its progress and result at the bottom", async () => {
    backend().add("Written here");
    backend().exchange.file = ["Walk one", "Walk two"];
    await openJournalOn("Written here");
    const dialog = await openImport();
    fireEvent.click(within(dialog).getByTestId("import-file"));
    await within(dialog).findByTestId("import-preview");
    const importing = backend().hold("import_entries");
    fireEvent.click(within(dialog).getByTestId("import-start"));
    await within(dialog).findByTestId("exchange-progress");

    fireEvent.click(within(dialog).getByRole("button", { name: "Close" }));
    await waitFor(() => expect(screen.queryByTestId("exchange-dialog")).toBeNull());
    const status = await screen.findByTestId("exchange-status");
    expect(status.textContent).toContain("Importing");
    expect(screen.getByTestId("entry-editor")).toBeTruthy();

    importing.release({ added: 2, alreadyThere: 0, pictures: 0, journalsMade: [], skipped: [], notes: [], cancelled: false });
    await waitFor(() => expect(screen.getByTestId("exchange-status").textContent).toContain("Imported 2 entries."));
    fireEvent.click(within(screen.getByTestId("exchange-status")).getByRole("button", { name: "Dismiss" }));
    await waitFor(() => expect(screen.queryByTestId("exchange-status")).toBeNull());
  });

  it("opens its menu from the keyboard, and Escape closes it", async () => {
    backend().add("Written here");
    await openJournalOn("Written here");
    const button = screen.getByTestId("exchange-button");
    fireEvent.keyDown(button, { key: "ArrowDown" });
    const first = await screen.findByTestId("menu-import");
    await waitFor(() => expect(document.activeElement).toBe(first));
    fireEvent.keyDown(first, { key: "ArrowDown" });
    await waitFor(() => expect(document.activeElement).toBe(screen.getByTestId("menu-export")));
    fireEvent.keyDown(screen.getByTestId("menu-export"), { key: "Escape" });
    await waitFor(() => expect(screen.queryByRole("menu")).toBeNull());
    expect(document.activeElement).toBe(button);
  });
});
