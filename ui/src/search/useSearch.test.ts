// The paged search hook: a page at a time with no cap, stale results kept while typing, answers to
// older searches (and their further pages) dropped, and the filters in the request.
import { describe, expect, it, vi } from "vitest";
import { act, renderHook, waitFor } from "@testing-library/react";
import type { SearchHit, SearchPage, SearchRequest } from "../ipc/bindings";
import { useSearch } from "./useSearch";

function hit(n: number): SearchHit {
  return {
    entry: {
      id: `entry-${n}`,
      createdAt: n,
      updatedAt: n,
      datedAt: n,
      journalId: "journal-1",
      starred: false,
      title: `Entry ${n}`,
      wordCount: 2,
      analysis: null,
    },
    snippet: [{ text: `Entry ${n}`, hit: false }],
  };
}

/** A back end with `total` matches for any text, paged by offset cursors. */
function pagedSearch(total: number) {
  return vi.fn(async (request: SearchRequest): Promise<SearchPage> => {
    const start = request.cursor === null ? 0 : Number(request.cursor);
    const end = Math.min(start + request.limit, total);
    const hits = Array.from({ length: end - start }, (_, i) => hit(start + i));
    return { hits, next: end < total ? String(end) : null, hint: null, terms: [{ text: request.text, prefix: false }] };
  });
}

describe("useSearch", () => {
  it("loads page after page until the last match, the 500th included", async () => {
    const search = pagedSearch(520);
    const { result } = renderHook(() => useSearch("walk", search, 0));
    await waitFor(() => expect(result.current.hits).toHaveLength(50));
    expect(result.current.hasMore).toBe(true);
    expect(search.mock.calls[0]![0]).toMatchObject({ text: "walk", cursor: null, limit: 50, order: "newest" });

    for (let page = 2; page <= 11; page += 1) {
      act(() => result.current.loadMore());
      await waitFor(() => expect(result.current.hits).toHaveLength(Math.min(page * 50, 520)));
    }
    expect(result.current.hasMore).toBe(false);
    expect(result.current.hits[499]!.entry.id).toBe("entry-499");
    expect(search.mock.calls[1]![0].cursor).toBe("50");
  });

  it("asks for one further page at a time, however often loadMore is called", async () => {
    const search = pagedSearch(200);
    const { result } = renderHook(() => useSearch("walk", search, 0));
    await waitFor(() => expect(result.current.hits).toHaveLength(50));
    act(() => {
      result.current.loadMore();
      result.current.loadMore();
      result.current.loadMore();
    });
    await waitFor(() => expect(result.current.hits).toHaveLength(100));
    expect(search).toHaveBeenCalledTimes(2);
  });

  it("keeps the old hits while the next search is on its way, and drops a stale further page", async () => {
    let release: (() => void) | null = null;
    const inner = pagedSearch(120);
    const search = vi.fn(async (request: SearchRequest) => {
      // Further pages wait until the test lets them through.
      if (request.cursor !== null) await new Promise<void>((resolve) => (release = resolve));
      return inner(request);
    });
    const { result, rerender } = renderHook(({ query }) => useSearch(query, search, 0), { initialProps: { query: "walk" } });
    await waitFor(() => expect(result.current.hits).toHaveLength(50));

    act(() => result.current.loadMore());
    expect(result.current.loadingMore).toBe(true);
    rerender({ query: "walks" });
    expect(result.current.loading).toBe(true);
    expect(result.current.hits).toHaveLength(50);
    await waitFor(() => expect(result.current.loading).toBe(false));
    expect(result.current.terms).toEqual([{ text: "walks", prefix: false }]);

    // The page of the old search arrives late: it is not added to the new one's hits.
    await act(async () => release?.());
    expect(result.current.hits).toHaveLength(50);
    expect(result.current.loadingMore).toBe(false);
    // The new search pages on from its own first page.
    act(() => result.current.loadMore());
    await act(async () => release?.());
    await waitFor(() => expect(result.current.hits).toHaveLength(100));
    expect(search.mock.calls.at(-1)![0]).toMatchObject({ text: "walks", cursor: "50" });
  });

  it("sends the filters and the order, following the journal in view until another is picked", async () => {
    const search = pagedSearch(3);
    const { result, rerender } = renderHook(({ journal }) => useSearch("walk", search, 0, journal), {
      initialProps: { journal: "journal-2" as string | null },
    });
    await waitFor(() => expect(search).toHaveBeenCalledTimes(1));
    expect(search.mock.calls[0]![0].filter.journal).toBe("journal-2");

    act(() => result.current.setFilters({ starred: true, tag: "sea", order: "best", from: "2026-01-01" }));
    await waitFor(() => expect(search).toHaveBeenCalledTimes(2));
    expect(search.mock.calls[1]![0]).toMatchObject({
      order: "best",
      filter: { journal: "journal-2", tag: "sea", starred: true, from: new Date(2026, 0, 1).getTime(), to: null, mood: null },
    });

    rerender({ journal: "journal-3" });
    await waitFor(() => expect(search).toHaveBeenCalledTimes(3));
    expect(search.mock.calls[2]![0].filter.journal).toBe("journal-3");

    act(() => result.current.setFilters({ journal: null }));
    await waitFor(() => expect(search).toHaveBeenCalledTimes(4));
    expect(search.mock.calls[3]![0].filter.journal).toBeNull();
  });

  it("remembers the terms of the hit opened, and forgets them when the search is cleared", async () => {
    const search = pagedSearch(3);
    const { result, rerender } = renderHook(({ query }) => useSearch(query, search, 0), { initialProps: { query: "sea" } });
    await waitFor(() => expect(result.current.hits).toHaveLength(3));
    act(() => result.current.markOpened("entry-1"));
    expect(result.current.opened).toEqual({ id: "entry-1", terms: [{ text: "sea", prefix: false }] });
    rerender({ query: "" });
    expect(result.current.opened).toBeNull();
    expect(result.current.hits).toEqual([]);
  });
});
