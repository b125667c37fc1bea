// The import or export under way, kept by the journal window rather than by the dialog, so that the
// dialog can be closed while a long import runs: the journal stays usable, a small status at the
// bottom of the window shows the progress with Cancel, and the result waits there until it is read.
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { api, backendEvents } from "../ipc/api";
import type { AppError, EntryFilter, ExportFormat, ExportReport, ImportReport, Preview, StopListening } from "../ipc/api";
import { toAppError } from "../ipc/errors";

export type ExchangeStep =
  | { kind: "idle" }
  | { kind: "reading" }
  | { kind: "preview"; path: string; preview: Preview }
  | { kind: "working"; what: "import" | "export"; done: number; total: number }
  | { kind: "imported"; report: ImportReport }
  | { kind: "exported"; report: ExportReport; path: string }
  | { kind: "failed"; error: AppError };

export interface ExchangeJob {
  step: ExchangeStep;
  /** Reading a file for its preview, importing or exporting. */
  busy: boolean;
  /** Asks for a file or folder in the native dialog and previews it for `journal` ("" for the file's own). */
  choose(folder: boolean, journal: string): Promise<void>;
  preview(path: string, journal: string): Promise<void>;
  runImport(path: string, journal: string): Promise<void>;
  /** Asks where to save in the native dialog, then exports. */
  runExport(format: ExportFormat, filter: EntryFilter): Promise<void>;
  cancel(): void;
  /** Forgets a finished job's result (the dialog changed tabs, or the status was dismissed). */
  reset(): void;
}

export function useExchangeJob(onImported: () => void): ExchangeJob {
  const [step, setStep] = useState<ExchangeStep>({ kind: "idle" });
  const onImportedRef = useRef(onImported);
  onImportedRef.current = onImported;
  const working = step.kind === "working";

  // Progress events are listened to only while a job runs: nothing is added to the window's start.
  useEffect(() => {
    if (!working) return;
    let stop: StopListening | null = null;
    let done = false;
    backendEvents
      .exchangeProgress((progress) => {
        if (!done) setStep((now) => (now.kind === "working" ? { ...now, ...progress } : now));
      })
      .then(
        (unlisten) => (done ? void Promise.resolve().then(unlisten).catch(() => undefined) : (stop = unlisten)),
        () => undefined,
      );
    return () => {
      done = true;
      if (stop) void Promise.resolve().then(stop).catch(() => undefined);
    };
  }, [working]);

  const fail = useCallback((error: unknown) => setStep({ kind: "failed", error: toAppError(error) }), []);

  const preview = useCallback(
    async (path: string, journal: string) => {
      setStep({ kind: "reading" });
      try {
        setStep({ kind: "preview", path, preview: await api.previewImport(path, journal || null) });
      } catch (error) {
        fail(error);
      }
    },
    [fail],
  );

  const choose = useCallback(
    async (folder: boolean, journal: string) => {
      try {
        const path = await api.chooseImport(folder);
        if (path) await preview(path, journal);
      } catch (error) {
        fail(error);
      }
    },
    [fail, preview],
  );

  const runImport = useCallback(
    async (path: string, journal: string) => {
      setStep({ kind: "working", what: "import", done: 0, total: 0 });
      try {
        const report = await api.importEntries(path, journal || null);
        if (report.added > 0) onImportedRef.current();
        setStep({ kind: "imported", report });
      } catch (error) {
        fail(error);
      }
    },
    [fail],
  );

  const runExport = useCallback(
    async (format: ExportFormat, filter: EntryFilter) => {
      try {
        const path = await api.chooseExport(format);
        if (!path) return;
        setStep({ kind: "working", what: "export", done: 0, total: 0 });
        setStep({ kind: "exported", report: await api.exportEntries(format, filter, path), path });
      } catch (error) {
        fail(error);
      }
    },
    [fail],
  );

  const cancel = useCallback(() => void api.cancelExchange().catch(fail), [fail]);
  const reset = useCallback(() => setStep({ kind: "idle" }), []);

  return useMemo(
    () => ({ step, busy: working || step.kind === "reading", choose, preview, runImport, runExport, cancel, reset }),
    [step, working, choose, preview, runImport, runExport, cancel, reset],
  );
}
