// The prompt of the day, above an empty entry: a question to start from, which "Use" puts into the
// entry as a heading and × puts away until tomorrow. The choice is remembered in this window's
// storage; nothing about it is written to the journal.
import { useState } from "react";
import { dayKey, promptFor } from "./prompts";

const DISMISSED = "quire.prompt.dismissed";

function dismissedOn(): string | null {
  try {
    return localStorage.getItem(DISMISSED);
  } catch {
    return null;
  }
}

interface Props {
  /** Writes the prompt into the entry. */
  onUse(prompt: string): void;
}

export function PromptOfTheDay({ onUse }: Props) {
  const today = dayKey(new Date());
  const [dismissed, setDismissed] = useState(() => dismissedOn() === today);
  if (dismissed) return null;
  const prompt = promptFor(new Date());
  const dismiss = () => {
    setDismissed(true);
    try {
      localStorage.setItem(DISMISSED, today);
    } catch {
      // Not remembered: it comes back with the next empty entry.
    }
  };
  return (
    <aside className="prompt-of-the-day" data-testid="prompt-of-the-day" aria-label="Prompt of the day">
      <span className="prompt-label">Prompt of the day</span>
      <p className="prompt-text">{prompt}</p>
      <span className="prompt-actions">
        <button type="button" className="link-button" onClick={() => onUse(prompt)}>
          Use it
        </button>
        <button type="button" className="icon-button prompt-dismiss" aria-label="Hide today's prompt" title="Hide until tomorrow" onClick={dismiss}>
          ×
        </button>
      </span>
    </aside>
  );
}
