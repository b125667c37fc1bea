// Listens to one back-end event while a component is mounted; where events can't be listened to
// (plain browser, tests without event mocks) it quietly does nothing, so the window works without them.
import { useEffect, useRef } from "react";
import type { StopListening } from "./api";

export type Subscribe<T> = (handler: (payload: T) => void) => Promise<StopListening>;

/**
 * `subscribe` must be stable (e.g. `backendEvents.connectionChanged`). `onListening` runs once listening
 * has started, or failed to: the moment to ask for the current state without missing a change.
 */
export function useBackendEvent<T>(subscribe: Subscribe<T>, handler: (payload: T) => void, onListening?: () => void): void {
  const handlerRef = useRef(handler);
  handlerRef.current = handler;
  const onListeningRef = useRef(onListening);
  onListeningRef.current = onListening;

  useEffect(() => {
    let stop: StopListening | null = null;
    let disposed = false;
    const ready = () => {
      if (!disposed) onListeningRef.current?.();
    };
    let started: Promise<StopListening>;
    try {
      started = subscribe((payload) => {
        if (!disposed) handlerRef.current(payload);
      });
    } catch (error) {
      started = Promise.reject(error);
    }
    started.then(
      (unlisten) => {
        if (disposed) quietly(unlisten);
        else stop = unlisten;
        ready();
      },
      ready,
    );
    return () => {
      disposed = true;
      if (stop) quietly(stop);
    };
  }, [subscribe]);
}

/** Unlistening can fail while the window is being torn down; there is nothing left to do then. */
function quietly(stop: StopListening): void {
  Promise.resolve()
    .then(stop)
    .catch(() => undefined);
}
