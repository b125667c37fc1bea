// Windowing for a list whose rows all have the same height: which rows are in view (plus a few on
// either side), from the scroll position alone. It keeps nothing per row, so a journal of 100,000
// entries costs what one of 100 does; a general virtualizer keeps a measurement for every row.
import { useCallback, useLayoutEffect, useRef, useState } from "react";
import type { RefObject } from "react";

/** Until the list has been laid out (and in tests, where nothing is), assume a window's worth. */
const FALLBACK_HEIGHT = 800;

export interface RowWindow {
  /** First and last row index to render, inclusive; last < first when there are no rows. */
  first: number;
  last: number;
}

/** The rows to render for a viewport at `scrollTop` of `height` pixels. */
export function rowWindow(scrollTop: number, height: number, count: number, rowHeight: number, overscan: number): RowWindow {
  if (count <= 0) return { first: 0, last: -1 };
  const view = height > 0 ? height : FALLBACK_HEIGHT;
  const first = Math.max(0, Math.floor(scrollTop / rowHeight) - overscan);
  const last = Math.min(count - 1, Math.ceil((scrollTop + view) / rowHeight) - 1 + overscan);
  return { first: Math.min(first, last), last };
}

/** The scroll position that brings row `index` fully into view, moving as little as possible. */
export function scrollFor(index: number, scrollTop: number, height: number, rowHeight: number): number {
  const top = index * rowHeight;
  const bottom = top + rowHeight;
  const view = height > 0 ? height : FALLBACK_HEIGHT;
  if (top < scrollTop) return top;
  if (bottom > scrollTop + view) return bottom - view;
  return scrollTop;
}

function unmeasuredHeight(): number {
  return typeof window === "undefined" ? 0 : window.innerHeight;
}

export function useFixedRows(scrollRef: RefObject<HTMLElement | null>, count: number, rowHeight: number, overscan: number) {
  // Before the list is laid out, the window's height: the list is never taller, so the first frame
  // has every row in view (and a few more, which the first measurement drops).
  const [range, setRange] = useState<RowWindow>(() => rowWindow(0, unmeasuredHeight(), count, rowHeight, overscan));
  const mounted = useRef(false);

  const update = useCallback(() => {
    const el = scrollRef.current;
    const next = rowWindow(el?.scrollTop ?? 0, el?.clientHeight ?? 0, count, rowHeight, overscan);
    setRange((prev) => (prev.first === next.first && prev.last === next.last ? prev : next));
  }, [scrollRef, count, rowHeight, overscan]);

  useLayoutEffect(() => {
    // At mount the first measurement comes from the resize observer, which reports once the list is
    // laid out: reading the height here would force the window's first style and layout inside
    // React's commit, before anything can be painted. Later (a new count), the layout is there.
    if (mounted.current || typeof ResizeObserver === "undefined") update();
    mounted.current = true;
    const el = scrollRef.current;
    if (!el) return;
    el.addEventListener("scroll", update, { passive: true });
    const resize = typeof ResizeObserver === "undefined" ? null : new ResizeObserver(update);
    resize?.observe(el);
    return () => {
      el.removeEventListener("scroll", update);
      resize?.disconnect();
    };
  }, [scrollRef, update]);

  const scrollToIndex = useCallback(
    (index: number) => {
      const el = scrollRef.current;
      if (!el) return;
      const target = scrollFor(index, el.scrollTop, el.clientHeight, rowHeight);
      if (target !== el.scrollTop) el.scrollTop = target;
      update();
    },
    [scrollRef, rowHeight, update],
  );

  const scrollToTop = useCallback(() => {
    if (scrollRef.current) scrollRef.current.scrollTop = 0;
    update();
  }, [scrollRef, update]);

  return { ...range, totalHeight: count * rowHeight, scrollToIndex, scrollToTop };
}
