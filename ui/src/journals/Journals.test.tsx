// Journals: switching the journal in view (remembered across launches), making, renaming, recolouring
// and deleting journals (with Undo), and what follows the journal in view: the list, new entries,
// History and Ask.
import { beforeEach, describe, expect, it } from "vitest";
import { act, cleanup, fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import { App } from "../app/App";
import { openJournalOn, slow, withFakeBackend, withListHeight } from "../test/journal";
import { enter } from "../test/enter";

const backend = withFakeBackend();
withListHeight();

beforeEach(() => {
  localStorage.clear();
});

function titles(): string[] {
  return screen.queryAllByTestId("entry-item").map((row) => row.querySelector(".row-title")?.textContent ?? "");
}

function editorText(): string {
  return screen.getByTestId<HTMLTextAreaElement>("entry-editor").value;
}

function lastCall(cmd: string) {
  return backend().calls.filter((call) => call.cmd === cmd).at(-1);
}

function pickJournal(name: string) {
  fireEvent.click(screen.getByTestId("journal-switcher"));
  const options = [screen.getByTestId("journal-option-all"), ...screen.getAllByTestId("journal-option")];
  fireEvent.click(options.find((option) => option.dataset.name === name)!);
}

async function openManage() {
  fireEvent.click(screen.getByTestId("journal-switcher"));
  fireEvent.click(screen.getByTestId("manage-journals"));
  return screen.findByTestId("journals-dialog");
}

describe("the journal switcher", () => {
  it("shows one journal's entries, opening its newest when the open entry is elsewhere", async () => {
    const work = backend().addJournal("Work", "red");
    backend().add("At home");
    backend().add("At work", { journalId: work.id });
    await openJournalOn("At work");
    const switcher = screen.getByTestId("journal-switcher");
    expect(switcher.textContent).toContain("All journals");
    await waitFor(() => expect(titles()).toEqual(["At work", "At home"]));

    fireEvent.click(switcher);
    expect(switcher.getAttribute("aria-expanded")).toBe("true");
    expect(screen.getAllByTestId("journal-option").map((option) => option.dataset.name)).toEqual(["Journal", "Work"]);
    expect(screen.getByTestId("journal-option-all").getAttribute("aria-selected")).toBe("true");
    fireEvent.click(screen.getAllByTestId("journal-option")[0]!);

    await waitFor(() => expect(titles()).toEqual(["At home"]));
    expect(switcher.textContent).toContain("Journal");
    expect(lastCall("list_entries")!.args.filter).toMatchObject({ journal: "journal-1" });
    await waitFor(() => expect(editorText()).toBe("At home"));

    // Back to All journals: the open entry is listed there, so it stays open.
    pickJournal("All journals");
    await waitFor(() => expect(titles()).toEqual(["At work", "At home"]));
    expect(editorText()).toBe("At home");
  });

  it("works from the keyboard: arrows, Enter, Escape and type-ahead", async () => {
    backend().addJournal("Work");
    backend().addJournal("Dreams");
    backend().add("An entry");
    await openJournalOn("An entry");
    const switcher = screen.getByTestId("journal-switcher");
    switcher.focus();

    fireEvent.keyDown(switcher, { key: "ArrowDown" });
    const listbox = screen.getByRole("listbox", { name: "Journals" });
    expect(document.activeElement).toBe(listbox);
    const active = () => document.getElementById(listbox.getAttribute("aria-activedescendant")!)!;
    expect(active().dataset.name).toBe("All journals");
    fireEvent.keyDown(listbox, { key: "ArrowDown" });
    fireEvent.keyDown(listbox, { key: "ArrowDown" });
    expect(active().dataset.name).toBe("Work");
    fireEvent.keyDown(listbox, { key: "d" });
    expect(active().dataset.name).toBe("Dreams");
    fireEvent.keyDown(listbox, { key: "Home" });
    expect(active().dataset.name).toBe("All journals");

    fireEvent.keyDown(listbox, { key: "Escape" });
    expect(screen.queryByRole("listbox", { name: "Journals" })).toBeNull();
    expect(document.activeElement).toBe(switcher);
    expect(switcher.textContent).toContain("All journals");

    fireEvent.keyDown(switcher, { key: "ArrowDown" });
    fireEvent.keyDown(screen.getByRole("listbox", { name: "Journals" }), { key: "w" });
    fireEvent.keyDown(screen.getByRole("listbox", { name: "Journals" }), { key: "Enter" });
    expect(screen.queryByRole("listbox", { name: "Journals" })).toBeNull();
    expect(document.activeElement).toBe(switcher);
    await waitFor(() => expect(switcher.textContent).toContain("Work"));
  });

  it("remembers the journal in view across launches, and falls back to All journals once it is gone", async () => {
    const work = backend().addJournal("Work");
    backend().add("At home");
    backend().add("At work", { journalId: work.id });
    await openJournalOn("At work");
    pickJournal("Work");
    await waitFor(() => expect(titles()).toEqual(["At work"]));

    cleanup();
    await openJournalOn("At work");
    expect(screen.getByTestId("journal-switcher").textContent).toContain("Work");
    await waitFor(() => expect(titles()).toEqual(["At work"]));

    // Deleted meanwhile (say, on another computer).
    cleanup();
    await backend().handle("delete_journal", { id: work.id, moveTo: "journal-1" });
    render(<App windowLabel="journal" />);
    await screen.findByTestId("journal", {}, slow);
    await waitFor(() => expect(screen.getByTestId("journal-switcher").textContent).toContain("All journals"));
    await waitFor(() => expect(titles()).toEqual(["At work", "At home"]));
  });

  it("puts new entries in the journal in view", async () => {
    const work = backend().addJournal("Work");
    backend().add("At home");
    await openJournalOn("At home");
    fireEvent.click(screen.getByTestId("new-entry"));
    await waitFor(() => expect(backend().count("create_entry")).toBe(1));
    expect(lastCall("create_entry")!.args).toEqual({ journal: null, datedAt: null });

    pickJournal("Work");
    await waitFor(() => expect(screen.getByTestId("journal-switcher").textContent).toContain("Work"));
    fireEvent.click(screen.getByTestId("new-entry"));
    await waitFor(() => expect(backend().count("create_entry")).toBe(2));
    expect(lastCall("create_entry")!.args).toEqual({ journal: work.id, datedAt: null });
    const created = backend().rows.at(-1)!;
    expect(created.journalId).toBe(work.id);
    await waitFor(() => expect(screen.getAllByTestId("entry-item")).toHaveLength(1));
  });

  it("marks entries with their journal's colour where several journals are listed", async () => {
    const work = backend().addJournal("Work", "red");
    backend().add("At home");
    backend().add("At work", { journalId: work.id });
    await openJournalOn("At work");
    await waitFor(() => expect(screen.getAllByTestId("entry-item")[0]!.querySelector(".journal-dot")).not.toBeNull());
    const dots = screen.getAllByTestId("entry-item").map((row) => row.querySelector(".journal-dot")!);
    expect(dots.map((dot) => dot.getAttribute("data-colour"))).toEqual(["red", "blue"]);
    expect(dots[0]!.getAttribute("aria-label")).toBe("In Work");

    pickJournal("Work");
    await waitFor(() => expect(titles()).toEqual(["At work"]));
    expect(screen.getByTestId("entry-item").querySelector(".journal-dot")).toBeNull();
  });

  it("asks History and Ask about the journal in view", async () => {
    const work = backend().addJournal("Work");
    backend().add("At work", { journalId: work.id });
    await openJournalOn("At work");
    pickJournal("Work");
    await waitFor(() => expect(screen.getByTestId("journal-switcher").textContent).toContain("Work"));

    fireEvent.click(screen.getByTestId("nav-history"));
    await screen.findByTestId("history-view", {}, slow);
    await waitFor(() => expect(lastCall("history")?.args.journal).toBe(work.id));
    await waitFor(() => expect(lastCall("highlights")?.args.journal).toBe(work.id));

    // Another journal, and History asks again.
    pickJournal("All journals");
    await waitFor(() => expect(lastCall("history")?.args.journal).toBeNull());

    fireEvent.click(screen.getByTestId("nav-ask"));
    const ask = await screen.findByTestId("ask-view", {}, slow);
    pickJournal("Work");
    enter(within(ask).getByTestId("ask-input"), "work");
    fireEvent.submit(within(ask).getByTestId<HTMLInputElement>("ask-input").form!);
    await waitFor(() => expect(lastCall("ask_journal")?.args).toEqual({ question: "work", journal: work.id }));
  });
});

describe("managing journals", () => {
  it("makes a journal from New journal…, with a name and a colour, and shows it", async () => {
    backend().add("At home");
    await openJournalOn("At home");
    fireEvent.click(screen.getByTestId("journal-switcher"));
    fireEvent.click(screen.getByTestId("new-journal"));
    const dialog = await screen.findByTestId("journals-dialog");
    const name = within(dialog).getByTestId<HTMLInputElement>("journal-name");
    expect(document.activeElement).toBe(name);

    // A name another journal has is refused, in the back end's words.
    enter(name, "journal");
    fireEvent.click(within(dialog).getByTestId("journal-save"));
    expect((await within(dialog).findByTestId("journal-problem")).textContent).toContain(
      "you already have a journal called “journal”",
    );

    enter(name, "  Dreams  ");
    const purple = within(dialog)
      .getAllByTestId<HTMLInputElement>("colour-swatch")
      .find((swatch) => swatch.value === "purple")!;
    fireEvent.click(purple);
    expect(purple.checked).toBe(true);
    fireEvent.click(within(dialog).getByTestId("journal-save"));

    await waitFor(() => expect(screen.queryByTestId("journals-dialog")).toBeNull());
    expect(lastCall("create_journal")!.args).toEqual({ name: "Dreams", colour: "purple" });
    await waitFor(() => expect(screen.getByTestId("journal-switcher").textContent).toContain("Dreams"));
    // Nothing in it yet: the list says so, and the editor offers a fresh page.
    expect((await screen.findByTestId("filtered-empty")).textContent).toContain("Nothing in Dreams yet.");
    await waitFor(() => expect(screen.queryByTestId("entry-editor")).toBeNull());
    fireEvent.click(screen.getByText("Start writing"));
    await waitFor(() => expect(lastCall("create_entry")?.args.journal).toBe(backend().journalNamed("Dreams").id));
  });

  it("renames and recolours a journal", async () => {
    backend().add("At home");
    await openJournalOn("At home");
    const dialog = await openManage();
    const row = within(dialog).getByTestId("journal-row");
    expect(row.textContent).toContain("1 entry");
    fireEvent.click(within(row).getByTestId("edit-journal"));
    enter(within(dialog).getByTestId("journal-name"), "Personal");
    fireEvent.click(within(dialog).getAllByTestId("colour-swatch").find((s) => (s as HTMLInputElement).value === "teal")!);
    fireEvent.click(within(dialog).getByTestId("journal-save"));

    await waitFor(() => expect(within(dialog).getByTestId("journal-row").dataset.name).toBe("Personal"));
    expect(lastCall("update_journal")!.args).toEqual({ id: "journal-1", name: "Personal", colour: "teal" });
    expect(within(dialog).getByTestId("journal-row").querySelector(".journal-dot")!.getAttribute("data-colour")).toBe("teal");
    // Escape closes the dialog from its list.
    fireEvent.keyDown(dialog, { key: "Escape" });
    expect(screen.queryByTestId("journals-dialog")).toBeNull();
  });

  it("deletes a journal after asking where its entries go, and Undo brings it all back", async () => {
    const work = backend().addJournal("Work");
    const atWork = backend().add("At work", { journalId: work.id });
    backend().add("At home");
    await openJournalOn("At home");
    pickJournal("Work");
    await waitFor(() => expect(editorText()).toBe("At work"));

    const dialog = await openManage();
    const workRow = within(dialog).getAllByTestId("journal-row").find((row) => row.dataset.name === "Work")!;
    fireEvent.click(within(workRow).getByTestId("delete-journal"));
    expect(dialog.textContent).toContain("“Work” holds 1 entry. What should happen to them?");
    expect(within(dialog).getByTestId<HTMLInputElement>("delete-journal-move").checked).toBe(true);
    expect(within(dialog).getByTestId<HTMLSelectElement>("delete-journal-target").value).toBe("journal-1");
    fireEvent.click(within(dialog).getByTestId("delete-journal-confirm"));

    await waitFor(() => expect(screen.queryByTestId("journals-dialog")).toBeNull());
    expect(lastCall("delete_journal")!.args).toEqual({ id: work.id, moveTo: "journal-1" });
    expect(screen.getByText("Journal “Work” deleted")).toBeTruthy();
    // The entries went to Journal, which comes into view with them.
    await waitFor(() => expect(screen.getByTestId("journal-switcher").textContent).toContain("Journal"));
    await waitFor(() => expect(titles()).toEqual(["At home", "At work"]));
    expect(backend().summary(atWork.id).journalId).toBe("journal-1");
    expect(editorText()).toBe("At work");

    fireEvent.click(screen.getByText("Undo"));
    await waitFor(() => expect(backend().summary(atWork.id).journalId).toBe(work.id));
    await waitFor(() => expect(titles()).toEqual(["At home"]));
    fireEvent.click(screen.getByTestId("journal-switcher"));
    expect(screen.getAllByTestId("journal-option").map((option) => option.dataset.name)).toEqual(["Journal", "Work"]);
  });

  it("deletes a journal with its entries, opening what is left, and never the only journal", async () => {
    const work = backend().addJournal("Work");
    backend().add("At home");
    backend().add("At work", { journalId: work.id });
    await openJournalOn("At work");

    const dialog = await openManage();
    const workRow = within(dialog).getAllByTestId("journal-row").find((row) => row.dataset.name === "Work")!;
    fireEvent.click(within(workRow).getByTestId("delete-journal"));
    fireEvent.click(within(dialog).getByTestId("delete-journal-entries"));
    expect(within(dialog).getByTestId<HTMLSelectElement>("delete-journal-target").disabled).toBe(true);
    fireEvent.click(within(dialog).getByTestId("delete-journal-confirm"));

    await waitFor(() => expect(screen.queryByTestId("journals-dialog")).toBeNull());
    expect(lastCall("delete_journal")!.args).toEqual({ id: work.id, moveTo: null });
    await waitFor(() => expect(titles()).toEqual(["At home"]));
    await waitFor(() => expect(editorText()).toBe("At home"));

    const again = await openManage();
    const only = within(again).getByTestId<HTMLButtonElement>("delete-journal");
    expect(only.disabled).toBe(true);
    await act(async () => {
      fireEvent.keyDown(again, { key: "Escape" });
    });
  });
});
