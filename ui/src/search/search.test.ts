// Query normalizing, snippet merging and the latest-answer guard used by search-as-you-type.
import { describe, expect, it } from "vitest";
import { moveIndex } from "../ui/listKeys";
import { LatestOnly, mergeSnippet, normalizeQuery } from "./search";

describe("normalizeQuery", () => {
  it("trims and collapses whitespace", () => {
    expect(normalizeQuery("  morning \n  walk ")).toBe("morning walk");
  });

  it("drops queries without letters or digits", () => {
    expect(normalizeQuery("   ")).toBe("");
    expect(normalizeQuery("\"*-")).toBe("");
    expect(normalizeQuery("café")).toBe("café");
    expect(normalizeQuery("2026")).toBe("2026");
  });
});

describe("mergeSnippet", () => {
  it("joins neighbours of the same kind and drops empty parts", () => {
    expect(
      mergeSnippet([
        { text: "a long ", hit: false },
        { text: "", hit: true },
        { text: "walk", hit: true },
        { text: "ing", hit: true },
        { text: " by the ", hit: false },
        { text: "sea", hit: false },
      ]),
    ).toEqual([
      { text: "a long ", hit: false },
      { text: "walking", hit: true },
      { text: " by the sea", hit: false },
    ]);
  });

  it("does not change its input", () => {
    const parts = [
      { text: "x", hit: true },
      { text: "y", hit: true },
    ];
    mergeSnippet(parts);
    expect(parts).toHaveLength(2);
  });
});

describe("LatestOnly", () => {
  it("accepts only the newest ticket", () => {
    const latest = new LatestOnly();
    const first = latest.next();
    const second = latest.next();
    expect(latest.isCurrent(first)).toBe(false);
    expect(latest.isCurrent(second)).toBe(true);
    latest.cancel();
    expect(latest.isCurrent(second)).toBe(false);
  });
});

describe("moveIndex", () => {
  it("moves within bounds and ignores other keys", () => {
    expect(moveIndex("ArrowDown", -1, 3, 10)).toBe(0);
    expect(moveIndex("j", 2, 3, 10)).toBe(2);
    expect(moveIndex("k", 0, 3, 10)).toBe(0);
    expect(moveIndex("PageDown", 0, 100, 10)).toBe(10);
    expect(moveIndex("End", 0, 100, 10)).toBe(99);
    expect(moveIndex("x", 0, 100, 10)).toBeNull();
    expect(moveIndex("ArrowDown", 0, 0, 10)).toBeNull();
  });
});
