// The import or export that goes on after its dialog was closed: its progress with Cancel at the
// bottom of the window, then its result until it is opened or dismissed.
import { describeError } from "../ipc/errors";
import type { ExchangeJob } from "./useExchangeJob";
import "./exchange.css";

interface Props {
  job: ExchangeJob;
  onOpen(): void;
}

function plural(n: number, one: string, many: string): string {
  return `${n.toLocaleString()} ${n === 1 ? one : many}`;
}

export function ExchangeStatus({ job, onOpen }: Props) {
  const { step } = job;
  let message: string;
  switch (step.kind) {
    case "working": {
      const doing = step.what === "import" ? "Importing" : "Exporting";
      message = step.total > 0 ? `${doing} ${step.done.toLocaleString()} of ${step.total.toLocaleString()}…` : `${doing}…`;
      break;
    }
    case "imported":
      message = step.report.cancelled
        ? `Import cancelled after ${plural(step.report.added, "entry", "entries")}; import the file again to finish.`
        : `Imported ${plural(step.report.added, "entry", "entries")}.`;
      break;
    case "exported":
      message = step.report.cancelled ? "Export cancelled; nothing was written." : `Exported ${plural(step.report.entries, "entry", "entries")}.`;
      break;
    case "failed":
      message = describeError(step.error);
      break;
    default:
      return null;
  }
  const working = step.kind === "working";
  return (
    <div className="toast exchange-status" role="status" aria-live="polite" data-testid="exchange-status">
      {working && <progress max={Math.max(step.total, 1)} value={step.done} aria-label="Progress" />}
      <span>{message}</span>
      <button type="button" className="toast-action" onClick={onOpen}>
        {working ? "Show" : "Details"}
      </button>
      {working ? (
        <button type="button" className="toast-action" onClick={job.cancel} data-testid="exchange-status-cancel">
          Cancel
        </button>
      ) : (
        <button type="button" className="toast-close" onClick={job.reset} aria-label="Dismiss">
          ×
        </button>
      )}
    </div>
  );
}
