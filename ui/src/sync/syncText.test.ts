// The footer's words for sync: one change or several, and a last sync on another day.
import { describe, expect, it } from "vitest";
import { SYNC_OFF } from "../test/fakeSync";
import { formatShortDay, formatTime } from "../ui/format";
import { syncLine } from "./syncText";

describe("syncLine", () => {
  it("counts one change, and none", () => {
    expect(syncLine({ ...SYNC_OFF, state: "syncing", pending: 1 }).text).toBe("Syncing 1 change…");
    expect(syncLine({ ...SYNC_OFF, state: "syncing", pending: 0 }).text).toBe("Syncing…");
    expect(syncLine({ ...SYNC_OFF, state: "offline", pending: 1 }).text).toBe("Offline — 1 change waiting");
  });

  it("keeps Syncing while sending, with the bar's numbers", () => {
    const line = syncLine({ ...SYNC_OFF, state: "syncing", pending: 5, progress: { phase: "pushing", done: 2, total: 5 } });
    expect(line.text).toBe("Syncing 5 changes…");
    expect(line.bar).toEqual({ value: 2, max: 5 });
  });

  it("names the day of a last sync before today", () => {
    const now = new Date(2026, 10, 26, 9).getTime();
    const before = new Date(2026, 10, 24, 14, 3).getTime();
    expect(syncLine({ ...SYNC_OFF, state: "synced", lastSyncedAt: before }, now).text).toBe(
      `Synced on ${formatShortDay(before)} at ${formatTime(before)}`,
    );
    expect(syncLine({ ...SYNC_OFF, state: "synced", lastSyncedAt: null }, now).text).toBe("Synced");
  });
});
