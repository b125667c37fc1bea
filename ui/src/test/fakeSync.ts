// Sync as the fake back end does it: the status a test sets (and sends as `sync-changed` with
// `announce`), a server that takes one password, the conflicts a test adds, and their resolution,
// which writes the kept text into the entry and announces the status without the conflict.
import { emit } from "@tauri-apps/api/event";
import type { AppError, ConflictVersion, EntrySummary, SyncStatus } from "../ipc/bindings";
import type { CommandHandlers } from "./commands";

export const SYNC_OFF: SyncStatus = {
  state: "off",
  message: null,
  pending: 0,
  progress: null,
  lastSyncedAt: null,
  conflicts: [],
  server: null,
  notice: null,
};

/** What `connect_sync` answers for a password other than `password`. */
export const WRONG_PASSWORD: AppError = {
  code: "invalid_input",
  message: "The server refused this user name and password. Check them, then connect again.",
};

export class FakeSync {
  status: SyncStatus = SYNC_OFF;
  /** The password the server takes. */
  password = "secret";
  /** The secret `join_sync` takes. */
  recoveryKey = "ABCD-EFGH";
  /** The status after a connect: a server that already holds a journal answers `needs_key`. */
  afterConnect: "synced" | "needs_key" = "synced";
  /** Each entry's versions, as `entry_conflicts` answers them. */
  conflicts = new Map<string, ConflictVersion[]>();
  /** Every resolution, as the window sent it. */
  resolved: [string, string][] = [];
  /** How many times `sync_now` was called. */
  syncs = 0;

  constructor(private readonly save: (id: string, content: string) => EntrySummary) {}

  /** Sets the status and sends it, as the back end does after every change. */
  async announce(status: Partial<SyncStatus>): Promise<void> {
    this.status = { ...this.status, ...status };
    await emit("sync-changed", this.status);
  }

  /** Gives entry `id` a conflict between `mine` (this computer's text) and `theirs`. */
  addConflict(id: string, mine: string, theirs: string): void {
    this.conflicts.set(id, [
      { rev: "2-a", content: mine, datedAt: Date.UTC(2026, 10, 20, 8), updatedAt: Date.UTC(2026, 10, 26, 9, 5), current: true },
      { rev: "2-b", content: theirs, datedAt: Date.UTC(2026, 10, 20, 8), updatedAt: Date.UTC(2026, 10, 26, 9, 7), current: false },
    ]);
    this.status = { ...this.status, conflicts: [...this.status.conflicts, id] };
  }

  readonly answers: Pick<
    CommandHandlers,
    "syncStatus" | "syncNow" | "connectSync" | "joinSync" | "disconnectSync" | "entryConflicts" | "resolveConflict"
  > = {
    syncStatus: () => this.status,
    syncNow: () => {
      this.syncs += 1;
      return null;
    },
    connectSync: (url, username, password) => {
      if (password !== this.password) throw WRONG_PASSWORD;
      const needsKey = this.afterConnect === "needs_key";
      this.status = {
        ...this.status,
        state: this.afterConnect,
        message: needsKey ? "This server holds a journal from another computer." : null,
        server: { url, username },
        lastSyncedAt: needsKey ? null : Date.UTC(2026, 10, 26, 9, 0),
      };
      return this.status;
    },
    joinSync: (secret) => {
      if (secret !== this.recoveryKey) {
        throw { code: "wrong_secret", message: "That passphrase or recovery key does not open this journal." } satisfies AppError;
      }
      this.status = { ...this.status, state: "syncing", message: null };
      return this.status;
    },
    disconnectSync: () => {
      this.status = SYNC_OFF;
      return null;
    },
    entryConflicts: (id) => this.conflicts.get(id) ?? [],
    resolveConflict: (id, content) => {
      this.resolved.push([id, content]);
      this.conflicts.delete(id);
      const summary = this.save(id, content);
      void this.announce({ conflicts: this.status.conflicts.filter((c) => c !== id) });
      return summary;
    },
  };
}
