// Sync as the journal window uses it: where it stands (useSync), the Sync dialog, and the conflict
// view of the open entry. A pull lists the entries again and rereads the open one unless it has unsaved
// edits (the person's text wins); keeping a conflict's text shows it in the editor.
import { useCallback, useMemo, useRef, useState } from "react";
import type { EntrySummary } from "../ipc/api";
import type { EntryPages } from "../journal/entryPages";
import type { CurrentEntry } from "../journal/useCurrentEntry";
import { useSync } from "./useSync";
import type { Sync } from "./useSync";

export interface SyncWindow {
  sync: Sync;
  /** The entries with a conflict, for their badges. */
  conflicts: ReadonlySet<string>;
  dialogOpen: boolean;
  openDialog(): void;
  closeDialog(): void;
  /** The entry whose versions are shown; null when none. */
  conflictFor: string | null;
  /** Saves the open entry's text, then shows its versions (its text as saved is this computer's). */
  openConflict(): void;
  closeConflict(): void;
  /** A version or a merge was kept: the editor and the list show it, the badge goes. */
  resolved(summary: EntrySummary): void;
}

interface Options {
  pages: EntryPages;
  current: CurrentEntry;
  /** A sentence for the error banner. */
  onError(message: string): void;
  /** An entry's row changed (e.g. so search results show it too). */
  onChanged?(summary: EntrySummary): void;
  /** A conflict's text was kept: writing comes next. */
  onKept?(): void;
}

export function useSyncWindow({ pages, current, onError, onChanged, onKept }: Options): SyncWindow {
  const latest = useRef({ current, onChanged, onKept });
  latest.current = { current, onChanged, onKept };

  const onEntriesSynced = useCallback(
    (ids: string[]) => {
      void pages.refresh();
      const { current: now } = latest.current;
      const open = now.entry;
      if (open && ids.includes(open.id) && now.saver.status(open.id).kind === "saved") void now.reload();
    },
    [pages],
  );
  const sync = useSync({ onEntriesSynced, onError });
  const list = sync.status?.conflicts;
  const conflicts = useMemo<ReadonlySet<string>>(() => new Set(list ?? []), [list]);

  const [dialogOpen, setDialogOpen] = useState(false);
  const openDialog = useCallback(() => setDialogOpen(true), []);
  const closeDialog = useCallback(() => setDialogOpen(false), []);

  const [conflictFor, setConflictFor] = useState<string | null>(null);
  const openConflict = useCallback(() => {
    const { current: now } = latest.current;
    const id = now.entry?.id;
    if (!id) return;
    void now.flush().then((saved) => {
      if (saved && latest.current.current.entry?.id === id) setConflictFor(id);
    });
  }, []);
  const closeConflict = useCallback(() => setConflictFor(null), []);

  const { resolved: badgeGone } = sync;
  const resolved = useCallback(
    (summary: EntrySummary) => {
      pages.patch(summary);
      latest.current.onChanged?.(summary);
      badgeGone(summary.id);
      setConflictFor(null);
      void latest.current.current.reload().then((shown) => shown && latest.current.onKept?.());
    },
    [pages, badgeGone],
  );

  return { sync, conflicts, dialogOpen, openDialog, closeDialog, conflictFor, openConflict, closeConflict, resolved };
}
