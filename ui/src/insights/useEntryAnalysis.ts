// The analysis of the entry in the editor: asked for when the entry opens, then replaced by each
// `entryAnalysed` event for that entry. Typing costs nothing here; the back end says when to look again.
import { useCallback, useEffect, useRef, useState } from "react";
import { api, backendEvents } from "../ipc/api";
import type { AnalysisProgress, AppError, EntryAnalysed, EntryAnalysis } from "../ipc/api";
import { toAppError } from "../ipc/errors";
import { useBackendEvent } from "../ipc/useBackendEvent";

export interface EntryAnalysisState {
  /** The entry this state belongs to; anything else is left over from the previous entry. */
  entryId: string | null;
  analysis: EntryAnalysis | null;
  /** False until the first answer (or event) for this entry arrived. */
  loaded: boolean;
  error: AppError | null;
}

const NONE: EntryAnalysisState = { entryId: null, analysis: null, loaded: false, error: null };

/** `entryId` null: nothing to show (no entry open, or the panel is closed), and nothing is asked. */
export function useEntryAnalysis(entryId: string | null): EntryAnalysisState {
  const [state, setState] = useState<EntryAnalysisState>(NONE);
  const [reload, setReload] = useState(0);
  const wanted = useRef(entryId);
  wanted.current = entryId;
  // An event is newer than an answer that is still on its way.
  const heard = useRef(false);

  useEffect(() => {
    heard.current = false;
    if (entryId === null) {
      setState(NONE);
      return;
    }
    let cancelled = false;
    setState((previous) => (previous.entryId === entryId ? previous : { ...NONE, entryId }));
    api.entryAnalysis(entryId).then(
      (analysis) => {
        if (!cancelled && !heard.current) setState({ entryId, analysis, loaded: true, error: null });
      },
      (error: unknown) => {
        if (!cancelled && !heard.current) setState({ entryId, analysis: null, loaded: true, error: toAppError(error) });
      },
    );
    return () => {
      cancelled = true;
    };
  }, [entryId, reload]);

  const onAnalysed = useCallback(({ entryId: id, analysis }: EntryAnalysed) => {
    if (id !== wanted.current) return;
    heard.current = true;
    setState({ entryId: id, analysis, loaded: true, error: null });
  }, []);
  // A journal-wide job sends no word per entry, so look again once it is over.
  const onJobChanged = useCallback((progress: AnalysisProgress | null) => {
    if (progress === null && wanted.current !== null) setReload((n) => n + 1);
  }, []);
  useBackendEvent(backendEvents.entryAnalysed, onAnalysed);
  useBackendEvent(backendEvents.analysisJobChanged, onJobChanged);

  return state.entryId === entryId ? state : { ...NONE, entryId };
}
