// The journal-wide analysis ("re-analyse all", or catching up after an upgrade) as the history view
// shows it: its progress from the back end's events, and starting and cancelling it.
import { useCallback, useRef, useState } from "react";
import { api, backendEvents } from "../ipc/api";
import type { AnalysisProgress, AppError } from "../ipc/api";
import { toAppError } from "../ipc/errors";
import { useBackendEvent } from "../ipc/useBackendEvent";

export interface AnalysisJob {
  /** Null while no job runs. */
  progress: AnalysisProgress | null;
  /** Asked to start; the first progress report has not arrived yet. */
  starting: boolean;
  /** Asked to stop; the job has not said it stopped yet. */
  cancelling: boolean;
  error: AppError | null;
  /** Goes up each time a job ends, so data that depends on the analysis can be read again. */
  ended: number;
  start(): void;
  cancel(): void;
}

export function useAnalysisJob(): AnalysisJob {
  const [progress, setProgress] = useState<AnalysisProgress | null>(null);
  const [starting, setStarting] = useState(false);
  const [cancelling, setCancelling] = useState(false);
  const [error, setError] = useState<AppError | null>(null);
  const [ended, setEnded] = useState(0);
  // Whether a job may be running, as far as this window knows; read by event handlers.
  const running = useRef(false);
  const heard = useRef(false);

  const onChanged = useCallback((next: AnalysisProgress | null) => {
    heard.current = true;
    if (next === null && running.current) setEnded((n) => n + 1);
    running.current = next !== null;
    setProgress(next);
    setStarting(false);
    if (next === null) setCancelling(false);
  }, []);

  // Asked once listening has started, so a job that began before this view opened shows too.
  const askNow = useCallback(() => {
    api.analysisStatus().then(
      (now) => {
        if (heard.current) return;
        running.current = now !== null;
        setProgress(now);
      },
      () => undefined, // no progress bar then; starting a job still works
    );
  }, []);

  useBackendEvent(backendEvents.analysisJobChanged, onChanged, askNow);

  const start = useCallback(() => {
    setError(null);
    setStarting(true);
    running.current = true;
    api.reanalyseAll().catch((failure: unknown) => {
      running.current = false;
      setStarting(false);
      setError(toAppError(failure));
    });
  }, []);

  const cancel = useCallback(() => {
    setError(null);
    setCancelling(true);
    api.cancelAnalysis().catch((failure: unknown) => {
      setCancelling(false);
      setError(toAppError(failure));
    });
  }, []);

  return { progress, starting, cancelling, error, ended, start, cancel };
}
