// What the footer says about sync, state by state, as plain text (the component adds the controls).
import type { SyncStatus } from "../ipc/api";
import { formatCount, formatDay, formatShortDay, formatTime } from "../ui/format";

export interface SyncLine {
  /** The short status text. */
  text: string;
  /** The longer story, for the tooltip. */
  title: string;
  /** The bar's numbers; `max` null for a bar that only says work goes on. */
  bar: { value: number | null; max: number | null } | null;
}

function changes(n: number): string {
  return `${formatCount(n)} ${n === 1 ? "change" : "changes"}`;
}

function sameDay(a: number, b: number): boolean {
  return new Date(a).toDateString() === new Date(b).toDateString();
}

/** "Thu, 26 Nov 2026 at 14:03". */
export function describeSyncTime(ms: number): string {
  return `${formatDay(ms)} at ${formatTime(ms)}`;
}

/** "Synced at 14:03" today, "Synced on 3 Mar at 14:03" before. */
function syncedText(lastSyncedAt: number | null, now: number): string {
  if (lastSyncedAt === null) return "Synced";
  const time = formatTime(lastSyncedAt);
  return sameDay(lastSyncedAt, now) ? `Synced at ${time}` : `Synced on ${formatShortDay(lastSyncedAt)} at ${time}`;
}

export function syncLine(status: SyncStatus, now: number = Date.now()): SyncLine {
  const { pending, progress, lastSyncedAt } = status;
  const last = lastSyncedAt === null ? "Not synced yet." : `Last synced ${describeSyncTime(lastSyncedAt)}.`;
  switch (status.state) {
    case "off":
      return { text: "Sync off", title: "Sync keeps this journal on your other computers too. Open the Sync settings to set it up.", bar: null };
    case "syncing": {
      const bar = progress ? { value: progress.done, max: progress.total } : null;
      if (progress?.phase === "pulling") {
        const of = progress.total === null ? "" : ` of ${formatCount(progress.total)}`;
        return { text: `Downloading ${formatCount(progress.done)}${of}…`, title: `Downloading changes from the server. ${last}`, bar };
      }
      const text = pending > 0 ? `Syncing ${changes(pending)}…` : "Syncing…";
      return { text, title: `Sending your changes to the server. ${last}`, bar };
    }
    case "synced":
      return { text: syncedText(lastSyncedAt, now), title: last, bar: null };
    case "offline":
      return {
        text: `Offline — ${changes(pending)} waiting`,
        title: status.message ?? "The server can't be reached. Your changes are kept here and sent when it can.",
        bar: null,
      };
    case "error":
      return {
        text: "Sync stopped",
        title: status.message ?? "Sync stopped. Open the Sync settings to see why.",
        bar: null,
      };
    case "needs_key":
      return {
        text: "Enter your recovery key to sync",
        title: status.message ?? "This server already holds your journal from another computer.",
        bar: null,
      };
  }
}
