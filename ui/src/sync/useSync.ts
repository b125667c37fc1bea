// Where sync stands, kept by the journal window: asked for once listening to `sync-changed` has
// started, then followed from its events. A status's one-off notice is shown once. A pull's changed
// entries are handed to the window (which lists them again and rereads the open one).
import { useCallback, useMemo, useRef, useState } from "react";
import { api, backendEvents } from "../ipc/api";
import type { EntriesSynced, SyncStatus } from "../ipc/api";
import { describeError, toAppError } from "../ipc/errors";
import { useBackendEvent } from "../ipc/useBackendEvent";

export interface Sync {
  /** Null until the back end has answered. */
  status: SyncStatus | null;
  /** The last round's notice, until it is dismissed. */
  notice: string | null;
  dismissNotice(): void;
  /** Starts a round now; a failure goes to `onError`. */
  syncNow(): void;
  /** A connect or a join answered with where sync stands now. */
  update(status: SyncStatus): void;
  /** The entry's conflict was resolved here: its badge goes at once. */
  resolved(id: string): void;
}

interface Options {
  /** A pull changed these entries. */
  onEntriesSynced(ids: string[]): void;
  /** A sentence for the error banner. */
  onError(message: string): void;
}

export function useSync({ onEntriesSynced, onError }: Options): Sync {
  const [status, setStatus] = useState<SyncStatus | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const lastNotice = useRef<string | null>(null);
  // Once an event has arrived, the first answer of sync_status may be older than it.
  const heard = useRef(false);
  const latest = useRef({ onEntriesSynced, onError });
  latest.current = { onEntriesSynced, onError };

  const receive = useCallback((next: SyncStatus) => {
    setStatus(next);
    if (next.notice !== lastNotice.current) {
      lastNotice.current = next.notice;
      if (next.notice) setNotice(next.notice);
    }
  }, []);

  const onChanged = useCallback(
    (next: SyncStatus) => {
      heard.current = true;
      receive(next);
    },
    [receive],
  );
  const askStatus = useCallback(() => {
    api.syncStatus().then(
      (now) => {
        if (!heard.current) receive(now);
      },
      // Sync is optional: without an answer the footer shows nothing of it, and writing goes on.
      () => undefined,
    );
  }, [receive]);
  useBackendEvent(backendEvents.syncChanged, onChanged, askStatus);

  const onSynced = useCallback((synced: EntriesSynced) => latest.current.onEntriesSynced(synced.entryIds), []);
  useBackendEvent(backendEvents.entriesSynced, onSynced);

  const dismissNotice = useCallback(() => setNotice(null), []);
  const syncNow = useCallback(() => {
    api.syncNow().catch((error: unknown) => latest.current.onError(`Couldn't sync now. ${describeError(toAppError(error))}`));
  }, []);
  const resolved = useCallback(
    (id: string) => setStatus((now) => (now ? { ...now, conflicts: now.conflicts.filter((c) => c !== id) } : now)),
    [],
  );

  return useMemo(
    () => ({ status, notice, dismissNotice, syncNow, update: receive, resolved }),
    [status, notice, dismissNotice, syncNow, receive, resolved],
  );
}
