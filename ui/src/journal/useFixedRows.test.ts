// The fixed-height windowing: which rows are rendered, where to scroll, and when the list is measured.
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { act, renderHook } from "@testing-library/react";
import { rowWindow, scrollFor, useFixedRows } from "./useFixedRows";

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

describe("useFixedRows", () => {
  let observed: ResizeObserverCallback | null = null;
  let heightReads = 0;
  const list = document.createElement("div");
  Object.defineProperty(list, "clientHeight", {
    get: () => {
      heightReads += 1;
      return 330;
    },
  });

  beforeEach(() => {
    observed = null;
    heightReads = 0;
    vi.stubGlobal(
      "ResizeObserver",
      class {
        constructor(callback: ResizeObserverCallback) {
          observed = callback;
        }
        observe() {}
        disconnect() {}
      },
    );
  });
  afterEach(() => vi.unstubAllGlobals());

  it("renders a window's height of rows at mount without reading the layout, then measures once laid out", () => {
    const ref = { current: list };
    const { result } = renderHook(() => useFixedRows(ref, 100_000, 66, 8));
    // Reading the height inside React's commit would force the window's first style and layout.
    expect(heightReads).toBe(0);
    expect(result.current.last).toBe(Math.ceil(window.innerHeight / 66) - 1 + 8);

    act(() => observed?.([], {} as ResizeObserver));
    expect(heightReads).toBe(1);
    expect(result.current).toMatchObject({ first: 0, last: 5 - 1 + 8 });
  });

  it("measures at once when the count changes after mount", () => {
    const ref = { current: list };
    const { result, rerender } = renderHook(({ count }) => useFixedRows(ref, count, 66, 8), { initialProps: { count: 100 } });
    act(() => observed?.([], {} as ResizeObserver));
    rerender({ count: 3 });
    expect(result.current).toMatchObject({ first: 0, last: 2 });
  });
});
