// What sync puts above the journal window: the Sync dialog, the conflict view of the open entry, and
// the last round's one-off notice. The two dialogs load when first opened.
import { Suspense } from "react";
import { Toast } from "../ui/Toast";
import { lazyNamed } from "../ui/lazyNamed";
import type { SyncWindow } from "./useSyncWindow";

const SyncDialog = lazyNamed(() => import("./SyncDialog"), "SyncDialog");
const ConflictView = lazyNamed(() => import("./ConflictView"), "ConflictView");

export function SyncOverlays({ sync: syncWindow }: { sync: SyncWindow }) {
  const { sync } = syncWindow;
  return (
    <>
      {syncWindow.dialogOpen && (
        <Suspense fallback={null}>
          <SyncDialog sync={sync} onClose={syncWindow.closeDialog} />
        </Suspense>
      )}
      {syncWindow.conflictFor !== null && (
        <Suspense fallback={null}>
          <ConflictView
            key={syncWindow.conflictFor}
            entryId={syncWindow.conflictFor}
            onResolved={syncWindow.resolved}
            onClose={syncWindow.closeConflict}
          />
        </Suspense>
      )}
      {sync.notice && <Toast key={sync.notice} message={sync.notice} onDismiss={sync.dismissNotice} testId="sync-notice" />}
    </>
  );
}
