// Conflicts: an entry changed on two devices carries a badge in the list and above the editor; the
// header's badge opens the versions side by side, where one of them, or a merge of them, is kept, and
// Escape leaves everything as it was.
import { describe, expect, it } from "vitest";
import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import { openJournalOn, withFakeBackend, withListHeight } from "../test/journal";
import { enter } from "../test/enter";

const backend = withFakeBackend();
withListHeight();

const MINE = "Walked to the harbour.\nThe boats were in.";
const THEIRS = "Walked to the harbour in the rain.";

function row(id: string): HTMLElement {
  const found = screen.getAllByTestId("entry-item").find((item) => item.dataset.entryId === id);
  if (!found) throw new Error(`no row for ${id}`);
  return found;
}

/** The open entry's header, above the editor. */
function header(): HTMLElement {
  const found = document.querySelector<HTMLElement>(".editor-header");
  if (!found) throw new Error("no entry is open");
  return found;
}

function editorText(): string {
  return screen.getByTestId<HTMLTextAreaElement>("entry-editor").value;
}

/** A journal whose newest entry, open in the editor, has a conflict; and an older one without. */
async function openConflicted(): Promise<{ id: string; other: string }> {
  const other = backend().add("Quiet day");
  const entry = backend().add(MINE);
  backend().sync.status = { ...backend().sync.status, state: "synced", server: { url: "https://couch.example.org/j", username: "ada" } };
  backend().sync.addConflict(entry.id, MINE, THEIRS);
  await openJournalOn(MINE);
  await waitFor(() => expect(within(row(entry.id)).queryByTestId("conflict-badge")).not.toBeNull());
  return { id: entry.id, other: other.id };
}

/** Opens the conflict view from the badge above the editor. */
async function openView(): Promise<HTMLElement> {
  const badge = within(header()).getByTestId("conflict-badge");
  fireEvent.click(badge);
  const view = await screen.findByTestId("conflict-view");
  await within(view).findAllByTestId("conflict-version");
  return view;
}

describe("the conflict badge", () => {
  it("marks the listed entry that has a conflict, and the open entry's header", async () => {
    const { id, other } = await openConflicted();
    const badge = within(row(id)).getByTestId("conflict-badge");
    expect(badge.textContent).toBe("Conflict");
    expect(badge.getAttribute("aria-label")).toBe("This entry was changed on two devices");
    expect(badge.querySelector("svg")).not.toBeNull();
    expect(within(row(other)).queryByTestId("conflict-badge")).toBeNull();

    const button = within(header()).getByRole("button", { name: "This entry was changed on two devices" });
    expect(button.textContent).toBe("Conflict");
  });

  it("is not above an entry without a conflict", async () => {
    const { other } = await openConflicted();
    fireEvent.click(row(other));
    await waitFor(() => expect(editorText()).toBe("Quiet day"));
    expect(within(header()).queryByTestId("conflict-badge")).toBeNull();
  });
});

describe("the conflict view", () => {
  it("shows the versions side by side and keeps the chosen one", async () => {
    const { id } = await openConflicted();
    const view = await openView();
    const [mine, theirs] = within(view).getAllByTestId("conflict-version");
    expect(within(mine!).getByRole("heading").textContent).toBe("On this computer");
    expect(within(theirs!).getByRole("heading").textContent).toBe("From another device");
    const texts = within(view).getAllByRole("textbox") as HTMLTextAreaElement[];
    expect(texts.map((t) => [t.value, t.readOnly])).toEqual([
      [MINE, true],
      [THEIRS, true],
    ]);
    expect(mine!.textContent).toMatch(/Changed .*2026/);

    fireEvent.click(within(theirs!).getByTestId("conflict-keep"));
    await waitFor(() => expect(screen.queryByTestId("conflict-view")).toBeNull());
    expect(backend().sync.resolved).toEqual([[id, THEIRS]]);
    await waitFor(() => expect(editorText()).toBe(THEIRS));
    await waitFor(() => expect(screen.getByTestId("entry-editor").contains(document.activeElement)).toBe(true));
    await waitFor(() => expect(within(row(id)).queryByTestId("conflict-badge")).toBeNull());
    expect(within(header()).queryByTestId("conflict-badge")).toBeNull();
    expect(backend().rows.find((r) => r.id === id)!.content).toBe(THEIRS);
  });

  it("merges the versions into one text to edit, and keeps it", async () => {
    const { id } = await openConflicted();
    const view = await openView();
    fireEvent.click(within(view).getByTestId("conflict-merge"));
    const merged = within(view).getByTestId<HTMLTextAreaElement>("conflict-merged");
    expect(merged.value).toBe(`${MINE}\n\n---\n\n${THEIRS}`);
    expect(merged.readOnly).toBe(false);
    expect(document.activeElement).toBe(merged);

    const text = "Walked to the harbour in the rain.\nThe boats were in.";
    enter(merged, text);
    fireEvent.click(within(view).getByTestId("conflict-keep-merged"));
    await waitFor(() => expect(screen.queryByTestId("conflict-view")).toBeNull());
    expect(backend().sync.resolved).toEqual([[id, text]]);
    await waitFor(() => expect(editorText()).toBe(text));
  });

  it("closes on Escape without changing anything", async () => {
    const { id } = await openConflicted();
    const view = await openView();
    fireEvent.click(within(view).getByTestId("conflict-merge"));
    fireEvent.keyDown(within(view).getByTestId("conflict-merged"), { key: "Escape" });
    await waitFor(() => expect(screen.queryByTestId("conflict-view")).toBeNull());
    expect(backend().count("resolve_conflict")).toBe(0);
    expect(editorText()).toBe(MINE);
    expect(within(row(id)).getByTestId("conflict-badge")).toBeTruthy();
  });

  it("says what went wrong when the text can't be kept, and keeps the view open", async () => {
    await openConflicted();
    backend().failures.set("resolve_conflict", { code: "busy", message: "The journal is busy with other work. Wait a moment, then try again." });
    const view = await openView();
    fireEvent.click(within(view).getAllByTestId("conflict-keep")[0]!);
    expect((await within(view).findByTestId("conflict-error")).textContent).toBe(
      "Couldn't keep that text. The journal is busy with other work. Wait a moment, then try again.",
    );
    expect(editorText()).toBe(MINE);
  });
});
