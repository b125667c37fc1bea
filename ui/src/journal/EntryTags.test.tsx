// Tag chips: the tags in the text as it is typed; adding and removing one edits the text, which
// autosave then stores.
import { describe, expect, it } from "vitest";
import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import { openJournalOn, slow, withFakeBackend, setEditorText } from "../test/journal";
import { enter } from "../test/enter";

const backend = withFakeBackend();

/** The chips in the editor (the sidebar lists every tag with the same test id). */
function chips(): string[] {
  const editor = screen.getByRole("region", { name: /^Entry of/ });
  return within(editor)
    .queryAllByTestId("tag")
    .map((chip) => chip.getAttribute("data-name") ?? "");
}

describe("tag chips", () => {
  it("follow the text once typing pauses, each tag once in its first spelling", async () => {
    backend().add("A walk #walk");
    const editor = await openJournalOn("A walk #walk");
    expect(chips()).toEqual(["walk"]);
    // The chips follow once typing pauses.
    setEditorText(editor, "A walk #walk by the #Sea and the #sea #2024");
    await waitFor(() => expect(chips()).toEqual(["walk", "Sea"]));
    setEditorText(editor, "A walk");
    await waitFor(() => expect(chips()).toEqual([]));
    await waitFor(() => expect(screen.getByTestId("save-status").textContent).toBe("Saved"), slow);
  });

  it("adds a tag to the text with Enter, a comma or a space, and autosave stores it", async () => {
    const entry = backend().add("By the sea");
    const editor = await openJournalOn("By the sea");
    const input = screen.getByTestId<HTMLInputElement>("tag-input");

    enter(input, "#walk");
    fireEvent.keyDown(input, { key: "Enter" });
    expect(editor.value).toBe("By the sea\n\n#walk");
    expect(input.value).toBe("");

    enter(input, "evening,");
    expect(editor.value).toBe("By the sea\n\n#walk #evening");
    enter(input, "calm next");
    expect(editor.value).toBe("By the sea\n\n#walk #evening #calm");
    expect(input.value).toBe("next");
    expect(chips()).toEqual(["walk", "evening", "calm"]);

    // A tag it has already, in another spelling, is not added twice.
    enter(input, "WALK");
    fireEvent.keyDown(input, { key: "Enter" });
    expect(editor.value).toBe("By the sea\n\n#walk #evening #calm");

    await waitFor(() => expect(backend().rows.find((r) => r.id === entry.id)!.content).toBe("By the sea\n\n#walk #evening #calm"), slow);
  });

  it("adds a tag to the text just typed, before the chips have caught up with it", async () => {
    backend().add("By the sea");
    const editor = await openJournalOn("By the sea");
    setEditorText(editor, "By the sea, at noon");
    const input = screen.getByTestId<HTMLInputElement>("tag-input");
    enter(input, "walk");
    fireEvent.keyDown(input, { key: "Enter" });
    expect(editor.value).toBe("By the sea, at noon\n\n#walk");
    expect(chips()).toEqual(["walk"]);
    await waitFor(() => expect(screen.getByTestId("save-status").textContent).toBe("Saved"), slow);
  });

  it("refuses what can't be a tag, and says why", async () => {
    backend().add("Text");
    const editor = await openJournalOn("Text");
    const input = screen.getByTestId<HTMLInputElement>("tag-input");
    enter(input, "2024");
    fireEvent.keyDown(input, { key: "Enter" });
    expect(editor.value).toBe("Text");
    expect(input.value).toBe("2024");
    expect(input.getAttribute("aria-invalid")).toBe("true");
    expect(screen.getByRole("alert").textContent).toMatch(/can't be a tag/);

    fireEvent.keyDown(input, { key: "Escape" });
    expect(input.value).toBe("");
    expect(screen.queryByRole("alert")).toBeNull();
  });

  it("takes every spelling of a tag out of the text with its × button", async () => {
    const entry = backend().add("#work first\nThen more #Work and #home");
    const editor = await openJournalOn("#work first\nThen more #Work and #home");
    fireEvent.click(screen.getByRole("button", { name: "Remove tag work" }));
    expect(editor.value).toBe("first\nThen more and #home");
    expect(chips()).toEqual(["home"]);
    expect(document.activeElement).toBe(screen.getByTestId("tag-input"));
    await waitFor(() => expect(backend().rows.find((r) => r.id === entry.id)!.content).toBe("first\nThen more and #home"), slow);
  });
});
