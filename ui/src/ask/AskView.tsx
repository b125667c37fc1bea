// The Ask view: a question, answered with sentences from the person's own entries (the question's
// words marked) and the entries they came from. A local search on this computer, and it says so.
import { useEffect, useRef, useState } from "react";
import type { FormEvent } from "react";
import { api } from "../ipc/api";
import type { Answer, AppError } from "../ipc/bindings";
import { describeError, toAppError } from "../ipc/errors";
import { EntryRowContent } from "../journal/EntryRow";
import { MarkedText, Snippet } from "../search/Snippet";
import { LatestOnly } from "../search/search";
import { formatDay } from "../ui/format";

export const ASK_NOTICE =
  "This searches your entries on this computer. It is not an AI model and nothing leaves your machine.";
const EXAMPLE = "When did I last see Maya?";

type AskState =
  | { kind: "idle" }
  | { kind: "asking"; question: string; previous: Answer | null }
  | { kind: "answered"; question: string; answer: Answer }
  | { kind: "failed"; question: string; error: AppError };

interface Props {
  /** Kept mounted while another view shows, so the question and its answer are still there. */
  hidden: boolean;
  /** The journal in view, which questions are answered from; null for all of them. */
  journal: string | null;
  /** Move the focus to the question box when the view appears (it was opened from the keyboard). */
  takeFocus: boolean;
  onOpenEntry(id: string): void;
}

export function AskView({ hidden, journal, takeFocus, onOpenEntry }: Props) {
  const [question, setQuestion] = useState("");
  const [state, setState] = useState<AskState>({ kind: "idle" });
  const latest = useRef(new LatestOnly());
  const inputRef = useRef<HTMLInputElement>(null);

  useEffect(() => {
    if (!hidden && takeFocus) inputRef.current?.focus();
  }, [hidden, takeFocus]);

  const ask = (event: FormEvent) => {
    event.preventDefault();
    const asked = question.trim();
    if (asked === "") return;
    const tickets = latest.current;
    const ticket = tickets.next();
    setState((previous) => ({
      kind: "asking",
      question: asked,
      previous: previous.kind === "answered" ? previous.answer : previous.kind === "asking" ? previous.previous : null,
    }));
    api.askJournal(asked, journal).then(
      (answer) => tickets.isCurrent(ticket) && setState({ kind: "answered", question: asked, answer }),
      (error: unknown) =>
        tickets.isCurrent(ticket) && setState({ kind: "failed", question: asked, error: toAppError(error) }),
    );
  };

  return (
    <main className="view ask-view" data-testid="ask-view" hidden={hidden} aria-labelledby="ask-title">
      <header className="view-header">
        <h1 className="view-title" id="ask-title">
          Ask your journal
        </h1>
      </header>

      <form className="ask-form" role="search" onSubmit={ask}>
        <label className="visually-hidden" htmlFor="ask-input">
          Your question
        </label>
        <input
          ref={inputRef}
          id="ask-input"
          className="ask-input"
          data-testid="ask-input"
          type="text"
          placeholder={EXAMPLE}
          autoComplete="off"
          enterKeyHint="search"
          aria-describedby="ask-notice"
          value={question}
          onChange={(event) => setQuestion(event.target.value)}
        />
        <button
          type="submit"
          className="button button-primary"
          data-testid="ask-submit"
          disabled={question.trim() === ""}
        >
          Ask
        </button>
      </form>
      <p className="ask-notice" id="ask-notice" data-testid="ask-notice">
        {ASK_NOTICE}
      </p>

      <div className="ask-result" data-testid="ask-answer" aria-live="polite" aria-busy={state.kind === "asking"}>
        <AskResult state={state} onOpenEntry={onOpenEntry} />
      </div>
    </main>
  );
}

function AskResult({ state, onOpenEntry }: { state: AskState; onOpenEntry(id: string): void }) {
  switch (state.kind) {
    case "idle":
      return null;
    case "failed":
      return (
        <p className="view-error" role="alert" data-testid="error-message">
          Couldn't search your journal. {describeError(state.error)}
        </p>
      );
    case "asking":
      return state.previous ? (
        <div className="pending">
          <AnswerBlock answer={state.previous} onOpenEntry={onOpenEntry} />
        </div>
      ) : (
        <p className="ask-message">Searching your entries…</p>
      );
    case "answered":
      return <AnswerBlock answer={state.answer} onOpenEntry={onOpenEntry} />;
  }
}

function AnswerBlock({ answer, onOpenEntry }: { answer: Answer; onOpenEntry(id: string): void }) {
  if (answer.terms.length === 0) {
    return (
      <p className="ask-message" data-testid="ask-message">
        Ask about something you wrote, for example “{EXAMPLE}”
      </p>
    );
  }
  if (answer.sentences.length === 0 && answer.sources.length === 0) {
    return (
      <p className="ask-message" data-testid="ask-message">
        Nothing in your journal matches {answer.terms.map((term) => `“${term}”`).join(", ")}. Try other words, or
        fewer of them — a name, a place, or something you did.
      </p>
    );
  }
  return (
    <>
      {answer.sentences.length > 0 && (
        <section className="ask-section" aria-labelledby="answer-title">
          <h2 className="ask-section-title" id="answer-title">
            From your journal
          </h2>
          <ol className="answer-sentences">
            {answer.sentences.map((sentence, index) => (
              <li key={`${sentence.entryId}-${index}`} className="answer-sentence" data-testid="answer-sentence">
                <p className="answer-text">
                  <MarkedText parts={sentence.parts} />
                </p>
                <button
                  type="button"
                  className="link-button answer-source"
                  data-testid="answer-source"
                  aria-label={`Open the entry of ${formatDay(sentence.datedAt)}`}
                  onClick={() => onOpenEntry(sentence.entryId)}
                >
                  <time dateTime={new Date(sentence.datedAt).toISOString()}>{formatDay(sentence.datedAt)}</time>
                </button>
              </li>
            ))}
          </ol>
        </section>
      )}
      {answer.sources.length > 0 && (
        <section className="ask-section" aria-labelledby="sources-title">
          <h2 className="ask-section-title" id="sources-title">
            Entries that match
          </h2>
          <ul className="ask-sources">
            {answer.sources.map((hit) => (
              <li key={hit.entry.id} className="ask-source" data-testid="ask-source">
                <button type="button" className="ask-source-open" onClick={() => onOpenEntry(hit.entry.id)}>
                  <EntryRowContent entry={hit.entry} />
                </button>
                <Snippet parts={hit.snippet} />
              </li>
            ))}
          </ul>
        </section>
      )}
    </>
  );
}
