// The journal window's side of encryption: the lock settings, locking (by the Lock button, Ctrl+L,
// auto-lock after idle, or the shell's lock-requested event), and which security dialog is open.
import { useCallback, useEffect, useRef, useState } from "react";
import type { Flushable } from "../app/useCloseGuard";
import { api, backendEvents } from "../ipc/api";
import type { Security } from "../ipc/api";
import { useBackendEvent } from "../ipc/useBackendEvent";
import { useAutoLock } from "./useAutoLock";
import { useLock } from "./useLock";
import type { Lock } from "./useLock";

/** "passphrase": choosing one in order to lock; "settings": the Security dialog. */
export type SecurityDialogKind = "passphrase" | "settings";

export interface JournalSecurity {
  /** Null until the back end has said. */
  security: Security | null;
  lock: Lock;
  dialog: SecurityDialogKind | null;
  /** Set while the recovery key is shown; a new number for each showing (each makes a new key). */
  recoveryShowing: number | null;
  /** True while any of the security dialogs owns the keyboard. */
  dialogOpen: boolean;
  /** The Lock button and Ctrl+L: locks, or first asks for a passphrase when there is none. */
  requestLock(): void;
  openSettings(): void;
  closeDialog(): void;
  showRecovery(): void;
  closeRecovery(): void;
  /** A new recovery key was made: it is not checked yet. */
  recoveryMade(): void;
  /** Takes the settings a command answered with. */
  apply(next: Security): void;
}

export function useJournalSecurity(saver: Flushable): JournalSecurity {
  const [security, setSecurity] = useState<Security | null>(null);
  const [dialog, setDialog] = useState<SecurityDialogKind | null>(null);
  const [recoveryShowing, setRecoveryShowing] = useState<number | null>(null);
  const showings = useRef(0);
  const securityRef = useRef(security);
  securityRef.current = security;
  const lock = useLock(saver);
  const { run, fail } = lock;

  const showRecovery = useCallback(() => {
    showings.current += 1;
    setRecoveryShowing(showings.current);
  }, []);
  const closeRecovery = useCallback(() => setRecoveryShowing(null), []);
  const recoveryMade = useCallback(() => setSecurity((s) => s && { ...s, recoveryConfirmed: false }), []);

  // The recovery key is shown at start until the person has checked that they saved it.
  useEffect(() => {
    let cancelled = false;
    api.securityStatus().then(
      (now) => {
        if (cancelled) return;
        setSecurity(now);
        if (!now.recoveryConfirmed) showRecovery();
      },
      () => undefined, // unknown: locking asks again
    );
    return () => {
      cancelled = true;
    };
  }, [showRecovery]);

  /** The settings as known, or as the back end says now. */
  const current = useCallback(async (): Promise<Security> => {
    if (securityRef.current) return securityRef.current;
    const now = await api.securityStatus();
    setSecurity(now);
    return now;
  }, []);

  const requestLock = useCallback(() => {
    current().then((now) => (now.hasPassphrase ? run() : setDialog("passphrase")), fail);
  }, [current, run, fail]);

  // The desktop session locked. Without a passphrase only the recovery key could unlock, so then the
  // text is only made durable.
  const onLockRequested = useCallback(() => {
    current().then(
      (now) => (now.hasPassphrase ? run() : saver.flushAll().catch(() => undefined)),
      () => saver.flushAll().catch(() => undefined),
    );
  }, [current, run, saver]);
  useBackendEvent(backendEvents.lockRequested, onLockRequested);

  useAutoLock(security?.hasPassphrase ? security.autoLockMinutes : null, run);

  const openSettings = useCallback(() => setDialog("settings"), []);
  const closeDialog = useCallback(() => setDialog(null), []);

  return {
    security,
    lock,
    dialog,
    recoveryShowing,
    dialogOpen: dialog !== null || recoveryShowing !== null,
    requestLock,
    openSettings,
    closeDialog,
    showRecovery,
    closeRecovery,
    recoveryMade,
    apply: setSecurity,
  };
}
