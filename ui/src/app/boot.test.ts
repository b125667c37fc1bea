// The shell's first screen is taken once, and only on the window's first load.
import { afterEach, describe, expect, it, vi } from "vitest";
import type { Boot } from "../ipc/bindings";
import { takeBoot } from "./boot";

const boot: Boot = {
  owner: { user: { id: "u1", email: "demo@example.test", displayName: null }, dataDir: "/tmp/quire" },
  firstPage: { total: 0, offset: 0, items: [] },
};

function loadedBy(type: NavigationTimingType) {
  vi.spyOn(performance, "getEntriesByType").mockReturnValue([{ type } as PerformanceNavigationTiming]);
}

afterEach(() => {
  vi.restoreAllMocks();
  delete window.__QUIRE_BOOT__;
});

describe("takeBoot", () => {
  it("hands over the snapshot once", () => {
    loadedBy("navigate");
    window.__QUIRE_BOOT__ = boot;
    expect(takeBoot()).toBe(boot);
    expect(window.__QUIRE_BOOT__).toBeUndefined();
    expect(takeBoot()).toBeNull();
  });

  it("ignores the snapshot after a reload, when it is old", () => {
    loadedBy("reload");
    window.__QUIRE_BOOT__ = boot;
    expect(takeBoot()).toBeNull();
    expect(window.__QUIRE_BOOT__).toBeUndefined();
  });

  it("is empty where the shell gave none (the welcome window)", () => {
    loadedBy("navigate");
    expect(takeBoot()).toBeNull();
  });
});
