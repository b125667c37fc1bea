// "Re-analyse all" and, while a journal-wide analysis runs, its progress bar and Cancel.
import { describeError } from "../ipc/errors";
import { formatCount } from "../ui/format";
import type { AnalysisJob } from "./useAnalysisJob";

export function AnalysisJobControl({ job, disabled }: { job: AnalysisJob; disabled: boolean }) {
  const { progress } = job;
  if (!progress && !job.starting) {
    return (
      <div className="analysis-job">
        <button
          type="button"
          className="button"
          data-testid="reanalyse-button"
          disabled={disabled}
          title="Read every entry again, for example after Quire learned new words"
          onClick={job.start}
        >
          Re-analyse all
        </button>
        {job.error && (
          <p className="analysis-job-error" role="alert" data-testid="error-message">
            Couldn't start reading your entries. {describeError(job.error)}
          </p>
        )}
      </div>
    );
  }

  const text = progress
    ? `Reading entries… ${formatCount(progress.done)} of ${formatCount(progress.total)}`
    : "Getting ready to read your entries…";
  return (
    <div className="analysis-job running">
      <div className="analysis-job-status">
        <p className="analysis-job-text" id="analysis-progress-text">
          {text}
        </p>
        {/* Without a value until the first report: an indeterminate bar. */}
        <progress
          className="analysis-progress"
          data-testid="analysis-progress"
          aria-labelledby="analysis-progress-text"
          max={progress ? Math.max(progress.total, 1) : undefined}
          value={progress ? progress.done : undefined}
        />
        {progress && !progress.everything && (
          <p className="history-quiet">Catching up on entries Quire hasn't read yet.</p>
        )}
      </div>
      <button
        type="button"
        className="button"
        data-testid="analysis-cancel"
        disabled={job.cancelling || !progress}
        onClick={job.cancel}
      >
        {job.cancelling ? "Stopping…" : "Cancel"}
      </button>
      {job.error && (
        <p className="analysis-job-error" role="alert" data-testid="error-message">
          Couldn't stop reading your entries. {describeError(job.error)}
        </p>
      )}
    </div>
  );
}
