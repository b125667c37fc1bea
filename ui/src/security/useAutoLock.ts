// Locks the journal after `minutes` without a key press, pointer or wheel in this window. The clock is
// the wall clock, so time the computer spent asleep counts as idle too.
import { useEffect, useRef } from "react";

/** What counts as someone being there. */
const ACTIVITY = ["keydown", "pointerdown", "pointermove", "wheel"] as const;

/** `minutes`: null turns auto-lock off. `onIdle` may fail to lock (a save failed); it runs again after
 * another idle period. */
export function useAutoLock(minutes: number | null, onIdle: () => void): void {
  const onIdleRef = useRef(onIdle);
  onIdleRef.current = onIdle;

  useEffect(() => {
    if (minutes === null || !(minutes > 0)) return;
    const limit = minutes * 60_000;
    let lastActive = Date.now();
    let timer: ReturnType<typeof setTimeout>;
    // One timer, checked when it fires, rather than one restarted at every pointer move.
    const check = () => {
      const idle = Date.now() - lastActive;
      if (idle >= limit) {
        lastActive = Date.now();
        onIdleRef.current();
        timer = setTimeout(check, limit);
      } else {
        timer = setTimeout(check, limit - idle);
      }
    };
    timer = setTimeout(check, limit);
    const active = () => {
      lastActive = Date.now();
    };
    // Capturing, so activity counts even where a control stops the event.
    for (const type of ACTIVITY) window.addEventListener(type, active, { capture: true, passive: true });
    return () => {
      clearTimeout(timer);
      for (const type of ACTIVITY) window.removeEventListener(type, active, { capture: true });
    };
  }, [minutes]);
}
