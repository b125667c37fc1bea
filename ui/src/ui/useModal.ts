// What every modal dialog does with the keyboard: focus moves in when it opens and back where it was
// when it closes, Tab and Shift+Tab go round inside it, and Escape closes it.
import { useLayoutEffect, useRef } from "react";
import type { KeyboardEvent, RefObject } from "react";

const FOCUSABLE = [
  "button:not([disabled])",
  "a[href]",
  "input:not([disabled])",
  "textarea:not([disabled])",
  "select:not([disabled])",
  "[tabindex]:not([tabindex='-1'])",
].join(", ");

export interface Modal<T extends HTMLElement> {
  /** For the element with role="dialog". */
  dialogRef: RefObject<HTMLDivElement | null>;
  /** For the control that takes focus when the dialog opens (the safe choice). */
  initialFocusRef: RefObject<T | null>;
  /** For the dialog element's onKeyDown. */
  onKeyDown(event: KeyboardEvent<HTMLDivElement>): void;
}

export function useModal<T extends HTMLElement>(onClose: () => void): Modal<T> {
  const dialogRef = useRef<HTMLDivElement>(null);
  const initialFocusRef = useRef<T>(null);
  const close = useRef(onClose);
  close.current = onClose;

  // In the commit itself, not after it: a dialog that was loaded lazily commits outside the event
  // that opened it, and a key pressed before a passive effect ran would go to the page behind.
  useLayoutEffect(() => {
    const previous = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    initialFocusRef.current?.focus();
    return () => previous?.focus();
  }, []);

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.key === "Escape") {
      event.preventDefault();
      event.stopPropagation();
      close.current();
      return;
    }
    if (event.key !== "Tab") return;
    const focusable = Array.from(dialogRef.current?.querySelectorAll<HTMLElement>(FOCUSABLE) ?? []);
    if (focusable.length === 0) return;
    const first = focusable[0]!;
    const last = focusable[focusable.length - 1]!;
    // -1: focus is on the dialog itself, e.g. after a click on its text.
    const at = focusable.indexOf(document.activeElement as HTMLElement);
    if (event.shiftKey && at <= 0) {
      event.preventDefault();
      last.focus();
    } else if (!event.shiftKey && (at === -1 || at === focusable.length - 1)) {
      event.preventDefault();
      first.focus();
    }
  };

  return { dialogRef, initialFocusRef, onKeyDown };
}
