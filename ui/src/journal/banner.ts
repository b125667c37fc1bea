// What the error banner above the editor says, and which buttons it offers, when more than one thing
// went wrong at once.
import type { SignOutProblem } from "../account/useSignOut";
import type { CloseBlock } from "../app/useCloseGuard";
import { describeError } from "../ipc/errors";
import type { Notice } from "../ui/ErrorBanner";
import type { SaveStatus } from "./autosave";

export interface BannerHandlers {
  retry(): void;
  saveAndClose(): void;
  closeWithoutSaving(): void;
  saveAndSignOut(): void;
  dismiss(): void;
  dismissSignOut(): void;
}

/**
 * The one error to show above the editor. A refused close comes first, whatever the open entry's
 * status (the save that failed may be another entry's); then a failed save, since text is at stake.
 */
export function bannerFor(
  status: SaveStatus,
  closeBlock: CloseBlock | null,
  signOutProblem: SignOutProblem | null,
  notice: string | null,
  handlers: BannerHandlers,
): Notice | null {
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
