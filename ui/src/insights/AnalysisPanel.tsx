// The panel beside the editor: how the open entry reads (mood, sentiment, subject, summary), worked
// out on this computer after each pause in writing. It never takes the focus and never re-renders
// for a keystroke: it is memoized on a few flags that change only when saving starts or ends.
import { memo } from "react";
import type { EntryAnalysis } from "../ipc/bindings";
import { describeError } from "../ipc/errors";
import { useStoredFlag } from "../ui/useStoredFlag";
import { SENTIMENT_MAX, SENTIMENT_MIN, moodColour, moodName, sentimentLabel } from "./moods";
import { useEntryAnalysis } from "./useEntryAnalysis";

export const PANEL_OPEN_KEY = "quire.analysisPanel.open";

interface Props {
  entryId: string;
  /** The editor holds no words: there is nothing to read yet. */
  empty: boolean;
  /** The text on screen is not stored yet (typing, or saving). */
  unsaved: boolean;
  /** When the text was last stored, to tell an analysis of older text. */
  savedAt: number | null;
}

export const AnalysisPanel = memo(function AnalysisPanel({ entryId, empty, unsaved, savedAt }: Props) {
  const [open, setOpen] = useStoredFlag(PANEL_OPEN_KEY, true);
  const state = useEntryAnalysis(open ? entryId : null);
  const { analysis } = state;
  // Shown over the last analysis while a newer text waits for its own.
  const updating =
    !empty && analysis !== null && (unsaved || !analysis.current || (savedAt ?? 0) > analysis.analysedAt);

  return (
    <aside
      className={open ? "analysis-panel" : "analysis-panel collapsed"}
      data-testid="analysis-panel"
      aria-label="How this entry reads"
    >
      <div className="panel-head">
        {open && <h2 className="panel-title">Mood</h2>}
        {open && updating && (
          <span className="panel-updating" data-testid="analysis-updating">
            Updating…
          </span>
        )}
        <button
          type="button"
          className="icon-button panel-toggle"
          data-testid="analysis-toggle"
          aria-expanded={open}
          aria-controls={open ? "analysis-body" : undefined}
          aria-label={open ? "Hide the mood panel" : "Show the mood panel"}
          title={open ? "Hide the mood panel" : "Show the mood panel"}
          onClick={() => setOpen(!open)}
        >
          <ChevronIcon open={open} />
        </button>
      </div>
      {open && (
        <div className="panel-body" id="analysis-body">
          {empty ? (
            <p className="panel-message">Write something and Quire will read its mood here.</p>
          ) : state.error ? (
            <p className="panel-message panel-error">Couldn't read this entry's mood. {describeError(state.error)}</p>
          ) : !state.loaded ? null : analysis ? (
            <AnalysisDetails analysis={analysis} />
          ) : (
            <p className="panel-message">Quire is reading this entry; its mood appears here in a moment.</p>
          )}
        </div>
      )}
    </aside>
  );
});

function AnalysisDetails({ analysis }: { analysis: EntryAnalysis }) {
  const terms = [...new Set(analysis.subject.split(",").map((term) => term.trim()))].filter(Boolean);
  const label = sentimentLabel(analysis.sentiment);
  const clamped = Math.min(Math.max(analysis.sentiment, SENTIMENT_MIN), SENTIMENT_MAX);
  const position = ((clamped - SENTIMENT_MIN) / (SENTIMENT_MAX - SENTIMENT_MIN)) * 100;

  return (
    <>
      <p className="panel-mood" data-testid="analysis-mood" data-mood={analysis.mood}>
        <span
          className="panel-mood-dot"
          style={{ backgroundColor: moodColour(analysis.colour) }}
          aria-hidden="true"
        />
        {moodName(analysis.mood)}
      </p>

      <div className="panel-section">
        <h3 className="panel-label" id="sentiment-label">
          Sentiment
        </h3>
        <p className="panel-value" data-testid="analysis-sentiment">
          {label}
        </p>
        <div
          className="sentiment-scale"
          role="meter"
          aria-labelledby="sentiment-label"
          aria-valuemin={SENTIMENT_MIN}
          aria-valuemax={SENTIMENT_MAX}
          aria-valuenow={analysis.sentiment}
          aria-valuetext={label}
        >
          <span className="sentiment-marker" style={{ left: `${position}%` }} />
        </div>
        <div className="sentiment-ends" aria-hidden="true">
          <span>−10</span>
          <span>0</span>
          <span>+10</span>
        </div>
      </div>

      {terms.length > 0 && (
        <div className="panel-section">
          <h3 className="panel-label">About</h3>
          <ul className="subject-terms" data-testid="analysis-subject">
            {terms.map((term) => (
              <li key={term} className="subject-term">
                {term}
              </li>
            ))}
          </ul>
        </div>
      )}

      {analysis.summary && (
        <div className="panel-section">
          <h3 className="panel-label">In short</h3>
          <p className="panel-summary" data-testid="analysis-summary">
            {analysis.summary}
          </p>
        </div>
      )}
    </>
  );
}

function ChevronIcon({ open }: { open: boolean }) {
  // Points at where the panel goes: right to fold it away, left to bring it back.
  return (
    <svg width="16" height="16" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
      <path
        d={open ? "M9 6l6 6-6 6" : "M15 6l-6 6 6 6"}
        fill="none"
        stroke="currentColor"
        strokeWidth="1.8"
        strokeLinecap="round"
        strokeLinejoin="round"
      />
    </svg>
  );
}
