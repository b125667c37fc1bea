// Keeps the moods on the entry cards current: a card is patched when its entry has been analysed, and
// the loaded pages are read again once a journal-wide analysis ends (it reports progress, not entries).
import { useCallback } from "react";
import { backendEvents } from "../ipc/api";
import type { AnalysisProgress, EntryAnalysed } from "../ipc/api";
import { useBackendEvent } from "../ipc/useBackendEvent";
import type { EntryPages } from "../journal/entryPages";
import { briefOf } from "./moods";

export function useLiveAnalysis(pages: EntryPages): void {
  const onAnalysed = useCallback(
    ({ entryId, analysis }: EntryAnalysed) => pages.patchAnalysis(entryId, analysis ? briefOf(analysis) : null),
    [pages],
  );
  const onJobChanged = useCallback(
    (progress: AnalysisProgress | null) => {
      if (progress === null) void pages.refresh();
    },
    [pages],
  );
  useBackendEvent(backendEvents.entryAnalysed, onAnalysed);
  useBackendEvent(backendEvents.analysisJobChanged, onJobChanged);
}
