// What the error banner above the editor says, and which buttons it offers, when more than one thing
// went wrong at once.
import type { SignOutProblem } from "../account/useSignOut";
import type { CloseBlock } from "../app/useCloseGuard";
import { describeError } from "../ipc/errors";
import type { LockProblem } from "../security/useLock";
import type { Notice } from "../ui/ErrorBanner";
import type { SaveStatus } from "./autosave";

export interface BannerHandlers {
  retry(): void;
  saveAndClose(): void;
  closeWithoutSaving(): void;
  saveAndSignOut(): void;
  saveAndLock(): void;
  dismiss(): void;
  dismissSignOut(): void;
  dismissLock(): void;
}

/** What stopped a sign-out or a lock, if anything did. */
export interface Stopped {
  signOut: SignOutProblem | null;
  lock: LockProblem | null;
}

/**
 * The one error to show above the editor. A refused close comes first, whatever the open entry's
 * status (the save that failed may be another entry's); then a failed save, since text is at stake.
 */
export function bannerFor(
  status: SaveStatus,
  closeBlock: CloseBlock | null,
  stopped: Stopped,
  notice: string | null,
  handlers: BannerHandlers,
): Notice | null {
  const { signOut: signOutProblem, lock: lockProblem } = stopped;
  if (closeBlock) {
    return {
      message: closeMessage(closeBlock),
      actions: [
        { label: "Save and close", onClick: handlers.saveAndClose },
        { label: "Close without saving", onClick: handlers.closeWithoutSaving, danger: true },
      ],
    };
  }
  if (status.kind === "error") {
    const retrying =
      status.retryInMs !== null ? ` Retrying in ${Math.max(1, Math.round(status.retryInMs / 1000))} s.` : "";
    if (signOutProblem?.stage === "save") {
      return {
        message: `You're still signed in because your latest text couldn't be saved — it is kept here. ${describeError(status.error)}`,
        actions: [{ label: "Save and sign out", onClick: handlers.saveAndSignOut }],
      };
    }
    if (lockProblem?.stage === "save") {
      return {
        message: `Quire didn't lock because your latest text couldn't be saved — it is kept here. ${describeError(status.error)}`,
        actions: [{ label: "Save and lock", onClick: handlers.saveAndLock }],
      };
    }
    return {
      message: `Couldn't save — your text is kept here.${retrying} ${describeError(status.error)}`,
      actions: [{ label: "Retry", onClick: handlers.retry }],
    };
  }
  if (signOutProblem) {
    const why =
      signOutProblem.stage === "save"
        ? `You're still signed in because a text couldn't be saved. ${describeError(signOutProblem.error)}`
        : `Couldn't sign out. ${describeError(signOutProblem.error)}`;
    return { message: why, actions: [{ label: "Dismiss", onClick: handlers.dismissSignOut }] };
  }
  if (lockProblem?.stage === "save") {
    return {
      message: `Quire didn't lock because a text couldn't be saved. ${describeError(lockProblem.error)}`,
      actions: [
        { label: "Save and lock", onClick: handlers.saveAndLock },
        { label: "Dismiss", onClick: handlers.dismissLock },
      ],
    };
  }
  if (lockProblem) {
    return {
      message: `Couldn't lock Quire. ${describeError(lockProblem.error)}`,
      actions: [{ label: "Dismiss", onClick: handlers.dismissLock }],
    };
  }
  if (notice) return { message: notice, actions: [{ label: "Dismiss", onClick: handlers.dismiss }] };
  return null;
}

function closeMessage(block: CloseBlock): string {
  if (block.kind === "slow") {
    return (
      "Saving is taking much longer than usual, so Quire kept the window open. " +
      "Try “Save and close” again, or check that the disk is not full."
    );
  }
  const why = "Quire is still open because some of your text couldn't be saved, and closing now would lose it.";
  return `${why} ${describeError(block.error)}`;
}
