// App-wide keyboard shortcuts (Ctrl on Windows/Linux, Cmd on macOS).
import { useEffect, useRef } from "react";
import { hasMod } from "../ui/platform";
import type { View } from "./useView";

const VIEWS: readonly View[] = ["journal", "history", "ask"];

/** Ctrl+1, 2, 3; by key position too, for layouts where the digit keys type other characters. */
function viewFor(event: KeyboardEvent): View | null {
  if (event.shiftKey) return null;
  const digit = /^[1-3]$/.test(event.key) ? event.key : /^Digit([1-3])$/.exec(event.code ?? "")?.[1];
  return digit ? VIEWS[Number(digit) - 1] : null;
}

export interface ShortcutHandlers {
  newEntry(): void;
  save(): void;
  focusSearch(): void;
  deleteEntry(): void;
  showView(view: View): void;
  lock(): void;
  /** Stars or unstars the open entry (Ctrl+D, as a bookmark). */
  toggleStar?(): void;
  /** Focus mode: only the text, without the sidebar and panels (Ctrl+Shift+F). */
  toggleFocusMode?(): void;
  /** Opens Settings (Ctrl+,). */
  openSettings?(): void;
}

/** `enabled` is false while a dialog is open: it owns the keyboard then. */
export function useShortcuts(handlers: ShortcutHandlers, enabled: boolean): void {
  const ref = useRef(handlers);
  ref.current = handlers;

  useEffect(() => {
    if (!enabled) return;
    const onKeyDown = (event: KeyboardEvent) => {
      // A key the editor (or another control) has used already is not a shortcut as well.
      if (event.defaultPrevented || !hasMod(event) || event.altKey || event.repeat) return;
      const key = event.key.toLowerCase();
      let run: (() => void) | null = null;
      const view = viewFor(event);
      if (view) run = () => ref.current.showView(view);
      else if (key === "n" && !event.shiftKey) run = ref.current.newEntry;
      else if (key === "s" && !event.shiftKey) run = ref.current.save;
      else if ((key === "f" || key === "k") && !event.shiftKey) run = ref.current.focusSearch;
      else if (key === "l" && !event.shiftKey) run = ref.current.lock;
      else if (key === "d" && !event.shiftKey) run = ref.current.toggleStar ?? null;
      else if (key === "f" && event.shiftKey) run = ref.current.toggleFocusMode ?? null;
      else if ((key === "," || event.code === "Comma") && !event.shiftKey) run = ref.current.openSettings ?? null;
      // Plain Ctrl+Backspace deletes a word in the editor, so deleting the entry needs Shift too.
      else if ((key === "backspace" || key === "delete") && event.shiftKey) run = ref.current.deleteEntry;
      if (!run) return;
      event.preventDefault();
      run();
    };
    window.addEventListener("keydown", onKeyDown);
    return () => window.removeEventListener("keydown", onKeyDown);
  }, [enabled]);
}
