// Search as you type: debounced, and only the answer to the latest query is shown.
import { useEffect, useRef, useState } from "react";
import type { AppError, SearchHit } from "../ipc/bindings";
import { toAppError } from "../ipc/errors";
import { LatestOnly, SEARCH_DEBOUNCE_MS, SEARCH_LIMIT, normalizeQuery } from "./search";

export interface SearchState {
  /** The normalized query the hits belong to ("" when not searching). */
  query: string;
  hits: SearchHit[];
  pending: boolean;
  error: AppError | null;
}

const IDLE: SearchState = { query: "", hits: [], pending: false, error: null };

/**
 * `epoch` is bumped by the caller when entries were created, deleted or restored,
 * so open results don't point at entries that are gone.
 */
export function useSearch(
  rawQuery: string,
  search: (query: string, limit: number) => Promise<SearchHit[]>,
  epoch: number,
): SearchState {
  const [state, setState] = useState<SearchState>(IDLE);
  const latest = useRef(new LatestOnly());
  const searchRef = useRef(search);
  searchRef.current = search;

  const query = normalizeQuery(rawQuery);

  useEffect(() => {
    const tickets = latest.current;
    if (query === "") {
      tickets.cancel();
      setState(IDLE);
      return;
    }
    // Keep the previous hits on screen while the next answer is on its way; it reads calmer.
    setState((previous) => ({ ...previous, pending: true }));
    const ticket = tickets.next();
    const timer = setTimeout(() => {
      searchRef.current(query, SEARCH_LIMIT).then(
        (hits) => {
          if (tickets.isCurrent(ticket)) setState({ query, hits, pending: false, error: null });
        },
        (error: unknown) => {
          if (tickets.isCurrent(ticket)) {
            setState({ query, hits: [], pending: false, error: toAppError(error) });
          }
        },
      );
    }, SEARCH_DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [query, epoch]);

  return state;
}
