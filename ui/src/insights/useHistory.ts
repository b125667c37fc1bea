// What the history view reads from the back end: sentiment by period and mood counts for a range,
// and "On this day" with the writing streak. Only the answer to the latest choice is shown.
import { useCallback, useEffect, useRef, useState } from "react";
import { api } from "../ipc/api";
import type { AppError, Highlights, History, Period } from "../ipc/api";
import { toAppError } from "../ipc/errors";
import { LatestOnly } from "../search/search";

export type Range = "month" | "year" | "all";

const DAY_MS = 24 * 60 * 60 * 1000;
const RANGE_DAYS: Record<Exclude<Range, "all">, number> = { month: 30, year: 365 };

/** The start of a range in ms, or null for the whole journal. */
export function sinceFor(range: Range, now: number = Date.now()): number | null {
  return range === "all" ? null : now - RANGE_DAYS[range] * DAY_MS;
}

export interface HistoryData {
  history: History | null;
  highlights: Highlights | null;
  /** A newer answer is on its way; the last one stays on screen meanwhile. */
  pending: boolean;
  error: AppError | null;
  retry(): void;
}

/**
 * `journal`: the journal in view, or null for all of them. `reload`: a number that goes up when the
 * data should be read again (say, an analysis ended).
 */
export function useHistory(period: Period, range: Range, journal: string | null, reload: number): HistoryData {
  const [history, setHistory] = useState<History | null>(null);
  const [highlights, setHighlights] = useState<Highlights | null>(null);
  const [pending, setPending] = useState(true);
  const [historyError, setHistoryError] = useState<AppError | null>(null);
  const [highlightsError, setHighlightsError] = useState<AppError | null>(null);
  const [attempt, setAttempt] = useState(0);
  const latest = useRef(new LatestOnly());

  useEffect(() => {
    const tickets = latest.current;
    const ticket = tickets.next();
    setPending(true);
    api.history(period, sinceFor(range), journal).then(
      (answer) => {
        if (!tickets.isCurrent(ticket)) return;
        setHistory(answer);
        setHistoryError(null);
        setPending(false);
      },
      (error: unknown) => {
        if (!tickets.isCurrent(ticket)) return;
        setHistoryError(toAppError(error));
        setPending(false);
      },
    );
    return () => tickets.cancel();
  }, [period, range, journal, reload, attempt]);

  useEffect(() => {
    let cancelled = false;
    api.highlights(journal).then(
      (answer) => {
        if (cancelled) return;
        setHighlights(answer);
        setHighlightsError(null);
      },
      (error: unknown) => !cancelled && setHighlightsError(toAppError(error)),
    );
    return () => {
      cancelled = true;
    };
  }, [journal, reload, attempt]);

  const retry = useCallback(() => setAttempt((n) => n + 1), []);
  return { history, highlights, pending, error: historyError ?? highlightsError, retry };
}
