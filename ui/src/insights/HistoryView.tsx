// The History view: sentiment over time, how often each mood came up, "On this day", the writing
// streak, and the journal-wide analysis. Loaded on first use (React.lazy), so the chart library
// stays out of the bundle the journal starts with.
import { useEffect, useRef, useState } from "react";
import type { Period } from "../ipc/bindings";
import { describeError } from "../ipc/errors";
import { Segmented } from "../ui/Segmented";
import { formatCount } from "../ui/format";
import { AnalysisJobControl } from "./AnalysisJobControl";
import { OnThisDay, StreakCard } from "./HistoryHighlights";
import { MoodCounts } from "./MoodCounts";
import { SentimentChart } from "./SentimentChart";
import { useAnalysisJob } from "./useAnalysisJob";
import { useHistory } from "./useHistory";
import type { Range } from "./useHistory";
import "./history.css";

interface Props {
  /** The journal has no entries at all. */
  empty: boolean;
  /** The journal in view; null for all of them. */
  journal: string | null;
  /** Move the focus to the view's heading when it appears (it was opened from the keyboard). */
  takeFocus: boolean;
  onOpenEntry(id: string): void;
}

const PERIODS = [
  { value: "day", label: "Day" },
  { value: "week", label: "Week" },
  { value: "month", label: "Month" },
] as const satisfies readonly { value: Period; label: string }[];

const RANGES = [
  { value: "month", label: "30 days" },
  { value: "year", label: "1 year" },
  { value: "all", label: "All" },
] as const satisfies readonly { value: Range; label: string }[];

export default function HistoryView({ empty, journal, takeFocus, onOpenEntry }: Props) {
  const [period, setPeriod] = useState<Period>("week");
  const [range, setRange] = useState<Range>("year");
  const job = useAnalysisJob();
  const data = useHistory(period, range, journal, job.ended);
  const { history, highlights } = data;
  const headingRef = useRef<HTMLHeadingElement>(null);
  // Only as the view appears; later renders leave the focus where the person put it.
  const [focusOnOpen] = useState(takeFocus);

  useEffect(() => {
    if (focusOnOpen) headingRef.current?.focus();
  }, [focusOnOpen]);

  return (
    <main className="view history-view" data-testid="history-view" aria-labelledby="history-title">
      <header className="view-header">
        <h1 className="view-title" id="history-title" tabIndex={-1} ref={headingRef}>
          History
        </h1>
        <AnalysisJobControl job={job} disabled={empty} />
      </header>

      {data.error && (
        <p className="view-error" role="alert" data-testid="error-message">
          Couldn't load your history. {describeError(data.error)}{" "}
          <button type="button" className="link-button" onClick={data.retry}>
            Try again
          </button>
        </p>
      )}

      {empty ? (
        <div className="view-empty" data-testid="history-empty">
          <h2 className="view-empty-title">Your history starts with your first entry</h2>
          <p className="view-empty-text">
            Write a few entries and Quire will chart how they feel over the weeks, which moods come up most, and
            how many days in a row you have written.
          </p>
        </div>
      ) : (
        <div className="history-body">
          <section className="history-card history-wide" aria-labelledby="sentiment-title">
            <div className="history-card-head">
              <h2 className="history-card-title" id="sentiment-title">
                Sentiment over time
              </h2>
              <div className="history-controls">
                <Segmented<Period>
                  label="Group by"
                  options={PERIODS}
                  value={period}
                  onChange={setPeriod}
                  testId="period-picker"
                />
                <Segmented<Range> label="Show" options={RANGES} value={range} onChange={setRange} testId="range-picker" />
              </div>
            </div>
            {history && (
              <div className={data.pending ? "history-chart pending" : "history-chart"}>
                {history.points.length > 0 ? (
                  <SentimentChart history={history} period={period} />
                ) : (
                  <p className="history-quiet history-chart-empty">
                    {history.unanalysed > 0
                      ? "The entries in this range haven't been read yet."
                      : "No entries in this range. Try a longer one."}
                  </p>
                )}
              </div>
            )}
            {history && history.unanalysed > 0 && (
              <p className="history-quiet" data-testid="unanalysed" role="status">
                {history.unanalysed === 1
                  ? "1 entry is still being read…"
                  : `${formatCount(history.unanalysed)} entries are still being read…`}
              </p>
            )}
          </section>

          <section className="history-card" aria-labelledby="moods-title">
            <h2 className="history-card-title" id="moods-title">
              Moods
            </h2>
            {history && <MoodCounts moods={history.moods} />}
          </section>

          <div className="history-side">
            {highlights && <StreakCard streak={highlights.streak} />}
            {highlights && <OnThisDay highlights={highlights} onOpenEntry={onOpenEntry} />}
          </div>
        </div>
      )}
    </main>
  );
}
