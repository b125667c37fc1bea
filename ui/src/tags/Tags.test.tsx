// Tags in the sidebar: their counts, filtering the list by one, and renaming or merging one, which
// saves the open entry first and shows the new name in its text afterwards.
import { beforeEach, describe, expect, it } from "vitest";
import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import { openJournalOn, withFakeBackend, withListHeight, setEditorText } from "../test/journal";
import { enter } from "../test/enter";

const backend = withFakeBackend();
withListHeight();

beforeEach(() => {
  localStorage.clear();
});

function tags(): [string, string][] {
  return within(screen.getByTestId("tag-list"))
    .queryAllByTestId("tag")
    .map((tag) => [tag.dataset.name ?? "", tag.querySelector(".tag-count")?.textContent ?? ""]);
}

function tag(name: string): HTMLElement {
  return within(screen.getByTestId("tag-list"))
    .getAllByTestId("tag")
    .find((element) => element.dataset.name === name)!;
}

function titles(): string[] {
  return screen.queryAllByTestId("entry-item").map((row) => row.querySelector(".row-title")?.textContent ?? "");
}

describe("tags", () => {
  it("lists the tags with their counts, and filters the list by one until it is cleared", async () => {
    backend().add("By the sea #Walk");
    backend().add("Rain again #walk #rain");
    backend().add("Nothing tagged");
    await openJournalOn("Nothing tagged");
    await waitFor(() => expect(tags()).toEqual([["rain", "1"], ["Walk", "2"]]));
    expect(tag("Walk").getAttribute("aria-label")).toBe("#Walk, 2 entries");

    fireEvent.click(tag("Walk"));
    await waitFor(() => expect(titles()).toEqual(["Rain again #walk #rain", "By the sea #Walk"]));
    expect(tag("Walk").getAttribute("aria-pressed")).toBe("true");
    const filter = screen.getByTestId("tag-filter");
    expect(filter.textContent).toContain("#Walk");
    expect(backend().calls.filter((call) => call.cmd === "list_entries").at(-1)!.args.filter).toMatchObject({
      tag: "Walk",
    });

    fireEvent.click(within(filter).getByTestId("tag-filter-clear"));
    await waitFor(() => expect(titles()).toHaveLength(3));
    expect(screen.queryByTestId("tag-filter")).toBeNull();

    // Picking the active tag again clears it too.
    fireEvent.click(tag("rain"));
    await waitFor(() => expect(titles()).toEqual(["Rain again #walk #rain"]));
    fireEvent.click(tag("rain"));
    await waitFor(() => expect(titles()).toHaveLength(3));
  });

  it("reads the tags again when a saved entry gains one", async () => {
    backend().add("Today");
    const editor = await openJournalOn("Today");
    await waitFor(() => expect(screen.getByTestId("no-tags")).toBeTruthy());
    setEditorText(editor, "Today #garden");
    await waitFor(() => expect(tags()).toEqual([["garden", "1"]]), { timeout: 3000 });
  });

  it("renames a tag in every entry, saving the open entry first and showing its new text", async () => {
    backend().add("Yesterday #walk");
    backend().add("Today");
    const editor = await openJournalOn("Today");
    await waitFor(() => expect(tags()).toEqual([["walk", "1"]]));
    // Typed, not saved yet.
    setEditorText(editor, "Today #walk too");

    fireEvent.contextMenu(tag("walk"));
    const dialog = await screen.findByTestId("rename-tag-dialog");
    const name = within(dialog).getByTestId<HTMLInputElement>("tag-new-name");
    expect(document.activeElement).toBe(name);
    expect(name.value).toBe("walk");
    enter(name, "#hike");
    fireEvent.click(within(dialog).getByTestId("tag-rename-confirm"));

    await waitFor(() => expect(screen.queryByTestId("rename-tag-dialog")).toBeNull());
    const cmds = backend().calls.map((call) => call.cmd);
    expect(cmds.lastIndexOf("save_entry")).toBeLessThan(cmds.indexOf("rename_tag"));
    expect(backend().calls.find((call) => call.cmd === "rename_tag")!.args).toEqual({ from: "walk", to: "hike" });
    await waitFor(() => expect(screen.getByTestId<HTMLTextAreaElement>("entry-editor").value).toBe("Today #hike too"));
    expect(backend().rows.map((row) => row.content)).toEqual(["Yesterday #hike", "Today #hike too"]);
    await waitFor(() => expect(tags()).toEqual([["hike", "2"]]));
    await waitFor(() => expect(titles()).toEqual(["Today #hike too", "Yesterday #hike"]));
  });

  it("checks the new name with the tag grammar, and says when it merges two tags", async () => {
    backend().add("One #walk");
    backend().add("Two #rain");
    await openJournalOn("Two #rain");
    await waitFor(() => expect(tags()).toHaveLength(2));
    tag("walk").focus();
    fireEvent.keyDown(tag("walk"), { key: "F10", shiftKey: true });
    const dialog = await screen.findByTestId("rename-tag-dialog");
    const name = within(dialog).getByTestId<HTMLInputElement>("tag-new-name");
    const confirm = within(dialog).getByTestId<HTMLButtonElement>("tag-rename-confirm");
    const note = within(dialog).getByTestId("tag-rename-note");

    // Unchanged: nothing to do.
    expect(confirm.disabled).toBe(true);
    enter(name, "two words");
    expect(confirm.disabled).toBe(true);
    expect(name.getAttribute("aria-invalid")).toBe("true");
    expect(note.textContent).toContain("at least one letter");
    enter(name, "2024");
    expect(confirm.disabled).toBe(true);

    enter(name, "Rain");
    expect(note.textContent).toBe("This merges #walk into #rain.");
    expect(confirm.textContent).toBe("Merge");
    fireEvent.click(confirm);
    await waitFor(() => expect(screen.queryByTestId("rename-tag-dialog")).toBeNull());
    await waitFor(() => expect(tags()).toEqual([["Rain", "2"]]));
  });

  it("keeps a list filtered by a tag on it under its new name", async () => {
    backend().add("One #walk");
    backend().add("Two");
    await openJournalOn("Two");
    await waitFor(() => expect(tags()).toHaveLength(1));
    fireEvent.click(tag("walk"));
    await waitFor(() => expect(titles()).toEqual(["One #walk"]));

    fireEvent.click(within(screen.getByTestId("tag-list")).getByTestId("tag-rename"));
    const dialog = await screen.findByTestId("rename-tag-dialog");
    enter(within(dialog).getByTestId("tag-new-name"), "hike");
    fireEvent.submit(within(dialog).getByTestId("tag-new-name").closest("form")!);
    await waitFor(() => expect(screen.getByTestId("tag-filter").textContent).toContain("#hike"));
    await waitFor(() => expect(titles()).toEqual(["One #hike"]));
  });

  it("says why a rename failed, and leaves the dialog open", async () => {
    backend().add("One #walk");
    await openJournalOn("One #walk");
    await waitFor(() => expect(tags()).toHaveLength(1));
    backend().failures.set("rename_tag", { code: "busy", message: "The journal is busy; try again in a moment." });
    fireEvent.contextMenu(tag("walk"));
    const dialog = await screen.findByTestId("rename-tag-dialog");
    enter(within(dialog).getByTestId("tag-new-name"), "hike");
    fireEvent.click(within(dialog).getByTestId("tag-rename-confirm"));
    expect((await within(dialog).findByTestId("error-message")).textContent).toBe(
      "Couldn't rename the tag. The journal is busy; try again in a moment.",
    );
    fireEvent.keyDown(dialog, { key: "Escape" });
    expect(screen.queryByTestId("rename-tag-dialog")).toBeNull();
  });
});
