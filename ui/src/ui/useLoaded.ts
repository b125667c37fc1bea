// Something read from the back end, read again whenever `load` or `reload` changes; only the answer to
// the latest request is kept, and the last good value stays on screen while the next one loads.
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import type { AppError } from "../ipc/bindings";
import { toAppError } from "../ipc/errors";
import { LatestOnly } from "../search/search";

export interface Loaded<T> {
  /** Null until the first answer. */
  value: T | null;
  error: AppError | null;
  /** Reads it again now; an answer still on its way is dropped, so it can't undo a `set`. */
  retry(): void;
  /** Shows what a change is known to have made, before it is read again. */
  set(value: T): void;
}

/** `load` should be memoized on what it depends on; `reload` goes up when it should be read again. */
export function useLoaded<T>(load: () => Promise<T>, reload: number): Loaded<T> {
  const [value, setValue] = useState<T | null>(null);
  const [error, setError] = useState<AppError | null>(null);
  const [attempt, setAttempt] = useState(0);
  const latest = useRef(new LatestOnly());

  useEffect(() => {
    const tickets = latest.current;
    const ticket = tickets.next();
    load().then(
      (answer) => {
        if (!tickets.isCurrent(ticket)) return;
        setValue(answer);
        setError(null);
      },
      (failure: unknown) => tickets.isCurrent(ticket) && setError(toAppError(failure)),
    );
    return () => tickets.cancel();
  }, [load, reload, attempt]);

  const retry = useCallback(() => setAttempt((n) => n + 1), []);
  // The same object until something in it changes, for memoized components that take it.
  return useMemo(() => ({ value, error, retry, set: setValue }), [value, error, retry]);
}
