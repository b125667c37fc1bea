// Whole seconds left until a wait ends, for "Try again in 3 s"; re-renders as each second passes.
import { useCallback, useEffect, useState } from "react";

export interface Countdown {
  /** 0 once the wait is over. */
  secondsLeft: number;
  /** Starts a wait of `ms` from now (0 ends it). */
  start(ms: number): void;
}

export function useCountdown(): Countdown {
  // `now` is read when the wait starts and at each tick, never while rendering.
  const [clock, setClock] = useState({ until: 0, now: 0 });
  const secondsLeft = Math.max(0, Math.ceil((clock.until - clock.now) / 1000));

  useEffect(() => {
    if (secondsLeft === 0) return;
    // Wake when the count drops by one; a timer that fires early just sets the next one.
    const ms = clock.until - (secondsLeft - 1) * 1000 - Date.now();
    const timer = setTimeout(() => setClock((c) => ({ ...c, now: Date.now() })), Math.max(0, ms));
    return () => clearTimeout(timer);
  }, [clock, secondsLeft]);

  const start = useCallback((ms: number) => {
    const now = Date.now();
    setClock({ until: now + Math.max(0, ms), now });
  }, []);

  return { secondsLeft, start };
}
