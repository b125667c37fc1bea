// Search as you type, a page at a time: debounced, only the answer to the latest search is shown, and
// the filter controls' state lives here so the sidebar gets it all in one (memoized) object.
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import type { AppError, EntrySummary, HighlightTerm, SearchHit, SearchPage, SearchRequest } from "../ipc/bindings";
import { toAppError } from "../ipc/errors";
import { NO_FILTERS, journalOf, toEntryFilter } from "./filters";
import type { SearchFilters } from "./filters";
import { LatestOnly, SEARCH_DEBOUNCE_MS, SEARCH_LIMIT, normalizeQuery } from "./search";

/** The hit the person opened, with the words to mark in it. */
export interface OpenedHit {
  id: string;
  terms: HighlightTerm[];
}

export interface SearchState {
  /** The normalized query the hits belong to ("" when not searching). */
  query: string;
  hits: SearchHit[];
  /** More matches wait in further pages; `loadMore` fetches the next. */
  hasMore: boolean;
  /** Set when part of the search was read as plain words. */
  hint: string | null;
  /** The words to mark in an entry opened from these results. */
  terms: HighlightTerm[];
  /** The first page of a new search is on its way; the previous hits stay meanwhile. */
  loading: boolean;
  loadingMore: boolean;
  error: AppError | null;
  /** Why the last `loadMore` failed; the hits so far stay. */
  moreError: AppError | null;
  filters: SearchFilters;
  /** The journal in view, which the journal filter follows until another is picked. */
  journalInView: string | null;
  opened: OpenedHit | null;
  loadMore(): void;
  setFilters(change: Partial<SearchFilters>): void;
  resetFilters(): void;
  /** The person opened `id` from the results: its matches get marked in the editor. */
  markOpened(id: string): void;
  /** A result's entry changed (starred, dated, moved): show it without searching again. */
  patch(summary: EntrySummary): void;
}

interface Results {
  query: string;
  hits: SearchHit[];
  next: string | null;
  hint: string | null;
  terms: HighlightTerm[];
  loading: boolean;
  loadingMore: boolean;
  error: AppError | null;
  moreError: AppError | null;
}

const IDLE: Results = {
  query: "",
  hits: [],
  next: null,
  hint: null,
  terms: [],
  loading: false,
  loadingMore: false,
  error: null,
  moreError: null,
};

type Search = (request: SearchRequest) => Promise<SearchPage>;

/** Appends a page, leaving out entries already shown (an entry saved between pages may move). */
function append(hits: SearchHit[], page: SearchHit[]): SearchHit[] {
  const seen = new Set(hits.map((hit) => hit.entry.id));
  return hits.concat(page.filter((hit) => !seen.has(hit.entry.id)));
}

/**
 * `epoch` is bumped by the caller when entries were created, deleted or restored, so open results
 * don't point at entries that are gone. `journalInView` is what the journal filter starts from.
 */
export function useSearch(rawQuery: string, search: Search, epoch: number, journalInView: string | null = null): SearchState {
  const [results, setResults] = useState<Results>(IDLE);
  const [filters, setFilterState] = useState<SearchFilters>(NO_FILTERS);
  const [opened, setOpened] = useState<OpenedHit | null>(null);
  const latest = useRef(new LatestOnly());
  const searchRef = useRef(search);
  searchRef.current = search;
  const resultsRef = useRef(results);
  resultsRef.current = results;
  // The ticket and request of the page on screen, which `loadMore` continues.
  const shown = useRef<{ ticket: number; request: SearchRequest } | null>(null);
  const moreInFlight = useRef(false);

  const query = normalizeQuery(rawQuery);
  const journal = journalOf(filters, journalInView);
  const { tag, from, to, starred, mood, order } = filters;
  // Built from the fields, so a new filters object with the same values doesn't search again.
  const request = useMemo((): SearchRequest => {
    const filter = toEntryFilter({ from, to, journal, tag, mood, starred, order }, null);
    return { text: query, filter, order, cursor: null, limit: SEARCH_LIMIT };
  }, [query, journal, tag, from, to, starred, mood, order]);

  useEffect(() => {
    const tickets = latest.current;
    if (request.text === "") {
      tickets.cancel();
      shown.current = null;
      setResults(IDLE);
      setOpened(null);
      return;
    }
    // Keep the previous hits on screen while the next answer is on its way; it reads calmer.
    setResults((previous) => ({ ...previous, loading: true }));
    const ticket = tickets.next();
    const timer = setTimeout(() => {
      searchRef.current(request).then(
        (page) => {
          if (!tickets.isCurrent(ticket)) return;
          shown.current = { ticket, request };
          moreInFlight.current = false;
          setResults({ ...IDLE, query: request.text, hits: page.hits, next: page.next, hint: page.hint, terms: page.terms });
        },
        (error: unknown) => {
          if (!tickets.isCurrent(ticket)) return;
          shown.current = null;
          setResults({ ...IDLE, query: request.text, error: toAppError(error) });
        },
      );
    }, SEARCH_DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [request, epoch]);

  const loadMore = useCallback(() => {
    const page = shown.current;
    const { next, loading } = resultsRef.current;
    const tickets = latest.current;
    // Scrolling fires this many times a second; one request at a time, and none for stale results.
    if (!page || !next || loading || moreInFlight.current || !tickets.isCurrent(page.ticket)) return;
    moreInFlight.current = true;
    setResults((previous) => ({ ...previous, loadingMore: true, moreError: null }));
    searchRef.current({ ...page.request, cursor: next }).then(
      (more) => {
        if (!tickets.isCurrent(page.ticket)) return;
        moreInFlight.current = false;
        setResults((previous) => ({ ...previous, hits: append(previous.hits, more.hits), next: more.next, loadingMore: false }));
      },
      (error: unknown) => {
        if (!tickets.isCurrent(page.ticket)) return;
        moreInFlight.current = false;
        setResults((previous) => ({ ...previous, loadingMore: false, moreError: toAppError(error) }));
      },
    );
  }, []);

  const setFilters = useCallback((change: Partial<SearchFilters>) => {
    setFilterState((previous) => ({ ...previous, ...change }));
  }, []);
  const resetFilters = useCallback(() => setFilterState(NO_FILTERS), []);

  const markOpened = useCallback((id: string) => {
    setOpened({ id, terms: resultsRef.current.terms });
  }, []);

  const patch = useCallback((summary: EntrySummary) => {
    setResults((previous) =>
      previous.hits.some((hit) => hit.entry.id === summary.id)
        ? { ...previous, hits: previous.hits.map((hit) => (hit.entry.id === summary.id ? { ...hit, entry: summary } : hit)) }
        : previous,
    );
  }, []);

  // One object per change, so the memoized sidebar doesn't re-render on every keystroke in the editor.
  return useMemo(
    () => ({
      query: results.query,
      hits: results.hits,
      hasMore: results.next !== null,
      hint: results.hint,
      terms: results.terms,
      loading: results.loading,
      loadingMore: results.loadingMore,
      error: results.error,
      moreError: results.moreError,
      filters,
      journalInView,
      opened,
      loadMore,
      setFilters,
      resetFilters,
      markOpened,
      patch,
    }),
    [results, filters, journalInView, opened, loadMore, setFilters, resetFilters, markOpened, patch],
  );
}
