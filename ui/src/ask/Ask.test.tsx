// The Ask view: a question answered from the person's own entries, marked as text (never HTML), with
// a plain word that it is a local search.
import { describe, expect, it } from "vitest";
import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import type { Answer } from "../ipc/bindings";
import { describeError } from "../ipc/errors";
import { appErrors } from "../test/appErrors";
import { openJournalOn, slow, withFakeBackend } from "../test/journal";
import { enter } from "../test/enter";

const backend = withFakeBackend();

const NOTICE = "This searches your entries on this computer. It is not an AI model and nothing leaves your machine.";

async function openAsk() {
  fireEvent.click(screen.getByTestId("nav-ask"));
  return screen.findByTestId("ask-view", {}, slow);
}

function askWith(input: HTMLInputElement, question: string) {
  enter(input, question);
  // Enter in the box submits its form.
  fireEvent.submit(input.form!);
}

describe("ask", () => {
  it("answers with marked sentences that open their entries, and the entries that match", async () => {
    const market = backend().add("Saw Maya at the <b>market</b> today. She looked well.");
    backend().add("Today");
    backend().answer = (question): Answer => ({
      terms: question.includes("Maya") ? ["maya"] : [],
      sentences: [
        {
          entryId: market.id,
          datedAt: market.datedAt,
          parts: [
            { text: "Saw ", hit: false },
            { text: "Maya", hit: true },
            { text: " at the <b>market</b> today.", hit: false },
          ],
        },
      ],
      sources: [
        {
          entry: backend().summary(market.id),
          snippet: [
            { text: "Saw ", hit: false },
            { text: "Maya", hit: true },
            { text: " at the <b>market</b>", hit: false },
          ],
        },
      ],
    });
    await openJournalOn("Today");
    const view = await openAsk();
    expect(within(view).getByTestId("ask-notice").textContent).toBe(NOTICE);

    const input = within(view).getByTestId<HTMLInputElement>("ask-input");
    askWith(input, "When did I last see Maya?");
    const answer = within(view).getByTestId("ask-answer");
    const sentence = await within(answer).findByTestId("answer-sentence");
    expect(backend().calls.find((c) => c.cmd === "ask_journal")!.args.question).toBe("When did I last see Maya?");
    expect([...sentence.querySelectorAll("mark")].map((mark) => mark.textContent)).toEqual(["Maya"]);
    // The entry's own angle brackets stay text.
    expect(sentence.querySelector("b")).toBeNull();
    expect(sentence.textContent).toContain("Saw Maya at the <b>market</b> today.");

    const sources = within(answer).getAllByTestId("ask-source");
    expect(sources).toHaveLength(1);
    expect(answer.textContent).toContain("Entries that match");
    expect([...sources[0]!.querySelectorAll("mark")].map((mark) => mark.textContent)).toEqual(["Maya"]);
    expect(sources[0]!.querySelector("b")).toBeNull();
    // The notice stays in view with the answer.
    expect(within(view).getByTestId("ask-notice").textContent).toBe(NOTICE);

    fireEvent.click(within(sentence).getByTestId("answer-source"));
    await waitFor(() =>
      expect(screen.getByTestId<HTMLTextAreaElement>("entry-editor").value).toBe(
        "Saw Maya at the <b>market</b> today. She looked well.",
      ),
    );
    expect(screen.getByTestId("ask-view").hidden).toBe(true);

    // The question and its answer are still there when Ask is opened again.
    fireEvent.click(screen.getByTestId("nav-ask"));
    await waitFor(() => expect(screen.getByTestId("ask-view").hidden).toBe(false));
    expect(screen.getByTestId<HTMLInputElement>("ask-input").value).toBe("When did I last see Maya?");
    expect(screen.getByTestId("answer-sentence")).toBeTruthy();
  });

  it("asks for something to search for when the question has nothing searchable", async () => {
    backend().add("Today");
    await openJournalOn("Today");
    const view = await openAsk();
    const input = within(view).getByTestId<HTMLInputElement>("ask-input");
    enter(input, "what is it?");
    fireEvent.click(within(view).getByTestId("ask-submit"));
    const answer = within(view).getByTestId("ask-answer");
    await waitFor(() =>
      expect(answer.textContent).toBe("Ask about something you wrote, for example “When did I last see Maya?”"),
    );
  });

  it("says so when nothing matches, and suggests other words", async () => {
    backend().add("Today");
    backend().answer = () => ({ terms: ["zebra", "crossing"], sentences: [], sources: [] });
    await openJournalOn("Today");
    const view = await openAsk();
    askWith(within(view).getByTestId<HTMLInputElement>("ask-input"), "zebra crossing");
    await waitFor(() =>
      expect(within(view).getByTestId("ask-answer").textContent).toMatch(
        /^Nothing in your journal matches “zebra”, “crossing”\. Try other words/,
      ),
    );
  });

  it("shows why a question couldn't be answered", async () => {
    backend().add("Today");
    backend().failures.set("ask_journal", appErrors.storage);
    await openJournalOn("Today");
    const view = await openAsk();
    askWith(within(view).getByTestId<HTMLInputElement>("ask-input"), "Maya");
    const error = await within(view).findByTestId("error-message");
    expect(error.textContent).toBe(`Couldn't search your journal. ${describeError(appErrors.storage)}`);
  });

  it("sends nothing for an empty question", async () => {
    backend().add("Today");
    await openJournalOn("Today");
    const view = await openAsk();
    const input = within(view).getByTestId<HTMLInputElement>("ask-input");
    expect(within(view).getByTestId<HTMLButtonElement>("ask-submit").disabled).toBe(true);
    askWith(input, "   ");
    expect(backend().count("ask_journal")).toBe(0);
  });
});
