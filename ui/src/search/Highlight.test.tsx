// The search's words marked in an entry opened from the results: drawn over the text, never in it,
// and gone once the search is cleared or another entry is opened.
import { describe, expect, it } from "vitest";
import { fireEvent, screen, waitFor } from "@testing-library/react";
import { openJournalOn, slow, withFakeBackend, withListHeight, setEditorText } from "../test/journal";
import { enter } from "../test/enter";

const backend = withFakeBackend();
withListHeight();

function marks(): string[] {
  return [...document.querySelectorAll(".cm-search-hit")].map((m) => m.textContent ?? "");
}

describe("marking the search's words in the opened entry", () => {
  it("marks them in the text until the search is cleared", async () => {
    backend().add("The Sea was calm.\nBy the sea, seaweed.");
    backend().add("Groceries");
    const editor = await openJournalOn("Groceries");
    expect(marks()).toEqual([]);

    const input = screen.getByTestId("search-input");
    enter(input, "sea");
    await waitFor(() => expect(screen.getAllByTestId("entry-item")).toHaveLength(1), slow);
    fireEvent.click(screen.getByTestId("entry-item"));
    await waitFor(() => expect(editor.value).toBe("The Sea was calm.\nBy the sea, seaweed."));

    expect(marks()).toEqual(["Sea", "sea"]);
    // The marks are decoration only: the text is unchanged, and the same element is typed into.
    expect(editor.value).toBe("The Sea was calm.\nBy the sea, seaweed.");
    expect(screen.getByTestId("entry-editor")).toBe(editor);

    // Typing keeps the marks in step with the text.
    setEditorText(editor, "The Sea was calm.\nBy the sea, seaweed. Sea again");
    expect(marks()).toEqual(["Sea", "sea", "Sea"]);

    fireEvent.keyDown(input, { key: "Escape" });
    await waitFor(() => expect(marks()).toEqual([]));
    expect(editor.value).toBe("The Sea was calm.\nBy the sea, seaweed. Sea again");
    await waitFor(() => expect(screen.getByTestId("save-status").textContent).toBe("Saved"), slow);
  });

  it("follows the result opened, and goes when a new entry is made", async () => {
    backend().add("Sea one");
    backend().add("Sea two");
    const editor = await openJournalOn("Sea two");
    const input = screen.getByTestId("search-input");
    enter(input, "sea");
    await waitFor(() => expect(screen.getAllByTestId("entry-item")).toHaveLength(2), slow);
    fireEvent.click(screen.getAllByTestId("entry-item")[1]!);
    await waitFor(() => expect(editor.value).toBe("Sea one"));
    expect(marks()).toEqual(["Sea"]);

    // A new entry clears the search, and the marks with it.
    fireEvent.keyDown(window, { key: "n", ctrlKey: true });
    await waitFor(() => expect(screen.getByTestId<HTMLTextAreaElement>("entry-editor").value).toBe(""));
    expect(marks()).toEqual([]);
  });
});
