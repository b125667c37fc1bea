// The Markdown editor in the journal window: shortcuts and the toolbar edit the Markdown, the word
// count follows the text, the prompt of the day sits above an empty entry, focus mode hides the
// rest, and a picture Quire won't take is refused with a reason before anything is sent.
import { describe, expect, it } from "vitest";
import { act, fireEvent, screen, waitFor } from "@testing-library/react";
import { EditorView } from "@codemirror/view";
import { openJournalOn, slow, withFakeBackend, setEditorText } from "../test/journal";

const backend = withFakeBackend();

function select(editor: HTMLElement, from: number, to: number): void {
  const view = EditorView.findFromDOM(editor)!;
  act(() => view.dispatch({ selection: { anchor: from, head: to } }));
}

describe("the Markdown editor", () => {
  it("makes the selection bold with Ctrl+B, and a list from the toolbar", async () => {
    const entry = backend().add("Tea on the pier");
    const editor = await openJournalOn("Tea on the pier");
    select(editor, 0, 3);
    fireEvent.keyDown(editor, { key: "b", ctrlKey: true });
    expect(editor.value).toBe("**Tea** on the pier");

    fireEvent.click(screen.getByRole("button", { name: "Bulleted list" }));
    expect(editor.value).toBe("- **Tea** on the pier");
    await waitFor(() => expect(backend().rows.find((r) => r.id === entry.id)!.content).toBe("- **Tea** on the pier"), slow);
  });

  it("counts the words as they are typed", async () => {
    backend().add("One two");
    const editor = await openJournalOn("One two");
    expect(screen.getByTestId("word-count").textContent).toBe("2 words");
    setEditorText(editor, "# One\n\n- two, three **four**");
    expect(screen.getByTestId("word-count").textContent).toBe("4 words");
    setEditorText(editor, "One");
    expect(screen.getByTestId("word-count").textContent).toBe("1 word");
    await waitFor(() => expect(screen.getByTestId("save-status").textContent).toBe("Saved"), slow);
  });

  it("shows the prompt of the day above an empty entry, puts it in on Use, and hides it until tomorrow", async () => {
    localStorage.clear();
    backend().add("");
    const editor = await openJournalOn("");
    const prompt = await screen.findByTestId("prompt-of-the-day");
    const question = prompt.querySelector(".prompt-text")!.textContent!;
    fireEvent.click(screen.getByRole("button", { name: "Use it" }));
    expect(editor.value).toBe(`## ${question}\n\n`);
    expect(screen.queryByTestId("prompt-of-the-day")).toBeNull();

    setEditorText(editor, "");
    await screen.findByTestId("prompt-of-the-day");
    fireEvent.click(screen.getByRole("button", { name: "Hide today's prompt" }));
    expect(screen.queryByTestId("prompt-of-the-day")).toBeNull();
    setEditorText(editor, "x");
    setEditorText(editor, "");
    expect(screen.queryByTestId("prompt-of-the-day")).toBeNull();
    await waitFor(() => expect(screen.getByTestId("save-status").textContent).toBe("Saved"), slow);
  });

  it("hides the sidebar in focus mode, and Escape brings it back", async () => {
    backend().add("Quiet");
    await openJournalOn("Quiet");
    const journal = screen.getByTestId("journal");
    fireEvent.keyDown(window, { key: "F", ctrlKey: true, shiftKey: true });
    expect(journal.classList.contains("focus-mode")).toBe(true);
    fireEvent.keyDown(window, { key: "Escape" });
    expect(journal.classList.contains("focus-mode")).toBe(false);
    fireEvent.click(screen.getByRole("button", { name: "Focus mode" }));
    expect(journal.classList.contains("focus-mode")).toBe(true);
  });

  it("refuses a picture over 25 MB or of another kind with a reason, and sends nothing", async () => {
    backend().add("Pictures");
    await openJournalOn("Pictures");
    const picker = screen.getByTestId<HTMLInputElement>("picture-picker");
    const huge = new File([new Uint8Array(8)], "harbour.jpg", { type: "image/jpeg" });
    Object.defineProperty(huge, "size", { value: 26 * 1024 * 1024 });
    fireEvent.change(picker, { target: { files: [huge] } });
    expect(await screen.findByText(/This picture is 26\.0 MB; Quire keeps pictures up to 25 MB/)).toBeTruthy();
    const svg = new File(["<svg/>"], "logo.svg", { type: "image/svg+xml" });
    fireEvent.change(picker, { target: { files: [svg] } });
    expect(await screen.findByText(/logo\.svg is not one of them/)).toBeTruthy();
    expect(screen.queryByTestId("picture-progress")).toBeNull();
  });

  it("hides the toolbar, and remembers that in Settings", async () => {
    backend().add("Plain");
    await openJournalOn("Plain");
    fireEvent.click(screen.getByRole("button", { name: "Hide toolbar" }));
    await waitFor(() => expect(screen.queryByTestId("editor-toolbar")).toBeNull());
    expect(backend().settings.saved).toEqual([["editorToolbar", "false"]]);
    fireEvent.click(screen.getByRole("button", { name: "Show toolbar" }));
    await screen.findByTestId("editor-toolbar");
  });
});
