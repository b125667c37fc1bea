// The journal window: opens the journal (whose it is, and the first page of entries) and shows it, or says why it can't.
import { useCallback, useEffect, useState } from "react";
import { api } from "../ipc/api";
import type { AppError, Boot, JournalOwner } from "../ipc/bindings";
import { describeError, toAppError } from "../ipc/errors";
import { Journal } from "../journal/Journal";
import { EntryPages, PAGE_SIZE } from "../journal/entryPages";
import { mark } from "./marks";

type Phase =
  | { kind: "opening" }
  | { kind: "failed"; error: AppError }
  | { kind: "open"; owner: JournalOwner; pages: EntryPages };

interface Props {
  /** What the shell handed over with the window (see boot.ts); without it, the window asks. */
  boot?: Boot | null;
}

function opened(boot: Boot): Phase {
  const pages = new EntryPages(api.listEntries, PAGE_SIZE);
  pages.seed(boot.firstPage);
  mark("quire:data-ready");
  return { kind: "open", owner: boot.owner, pages };
}

export function JournalWindow({ boot = null }: Props) {
  const [phase, setPhase] = useState<Phase>(() => (boot ? opened(boot) : { kind: "opening" }));
  const [attempt, setAttempt] = useState(0);

  const opening = phase.kind === "opening";
  useEffect(() => {
    if (!opening) return;
    let cancelled = false;
    (async () => {
      // Both at once: two round trips in a row would delay the first paint of the journal.
      const pages = new EntryPages(api.listEntries, PAGE_SIZE);
      mark("quire:requests-sent");
      const [owner] = await Promise.all([api.journalOwner(), pages.ensure(0, PAGE_SIZE - 1)]);
      mark("quire:data-ready");
      if (pages.error) throw pages.error;
      return { owner, pages };
    })().then(
      ({ owner, pages }) => !cancelled && setPhase({ kind: "open", owner, pages }),
      (error: unknown) => !cancelled && setPhase({ kind: "failed", error: toAppError(error) }),
    );
    return () => {
      cancelled = true;
    };
  }, [opening, attempt]);

  const retry = useCallback(() => {
    setPhase({ kind: "opening" });
    setAttempt((n) => n + 1);
  }, []);

  if (phase.kind === "open") return <Journal owner={phase.owner} pages={phase.pages} />;
  if (phase.kind === "opening") {
    return (
      <div className="splash" role="status">
        <p className="splash-text">Opening your journal…</p>
      </div>
    );
  }
  return (
    <div className="splash">
      <div className="splash-card" role="alert">
        <h1 className="splash-title">Your journal didn't open</h1>
        <p className="splash-text" data-testid="error-message">
          Quire couldn't open your journal: {describeError(phase.error)}
        </p>
        <p className="splash-hint">Nothing has been changed. Try again, or restart Quire.</p>
        <button type="button" className="button button-primary" onClick={retry}>
          Try again
        </button>
      </div>
    </div>
  );
}
