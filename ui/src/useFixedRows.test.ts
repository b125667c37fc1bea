// The fixed-height windowing arithmetic: which rows are rendered, and where to scroll.
import { describe, expect, it } from "vitest";
import { rowWindow, scrollFor } from "./useFixedRows";

describe("rowWindow", () => {
  it("covers the rows in view plus the overscan, clamped to the list", () => {
    expect(rowWindow(0, 660, 100_000, 66, 8)).toEqual({ first: 0, last: 17 });
    expect(rowWindow(66_000, 660, 100_000, 66, 8)).toEqual({ first: 992, last: 1017 });
    expect(rowWindow(66 * 99_990, 660, 100_000, 66, 8)).toEqual({ first: 99_982, last: 99_999 });
  });

  it("counts a row cut by the bottom edge as in view", () => {
    expect(rowWindow(10, 100, 50, 66, 0)).toEqual({ first: 0, last: 1 });
  });

  it("renders nothing for an empty list, and assumes a window's height before layout", () => {
    expect(rowWindow(0, 600, 0, 66, 8)).toEqual({ first: 0, last: -1 });
    expect(rowWindow(0, 0, 1_000, 100, 0)).toEqual({ first: 0, last: 7 });
    expect(rowWindow(5_000, 600, 3, 66, 8)).toEqual({ first: 2, last: 2 });
  });
});

describe("scrollFor", () => {
  it("moves as little as needed to show the whole row", () => {
    expect(scrollFor(5, 0, 660, 66)).toBe(0);
    expect(scrollFor(10, 0, 660, 66)).toBe(66);
    expect(scrollFor(2, 500, 660, 66)).toBe(132);
    expect(scrollFor(0, 500, 660, 66)).toBe(0);
  });
});
