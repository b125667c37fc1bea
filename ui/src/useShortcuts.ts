// App-wide keyboard shortcuts (Ctrl on Windows/Linux, Cmd on macOS).
import { useEffect, useRef } from "react";
import { hasMod } from "./platform";

export interface ShortcutHandlers {
  newEntry(): void;
  save(): void;
  focusSearch(): void;
  deleteEntry(): void;
}

/** `enabled` is false while a dialog is open: it owns the keyboard then. */
export function useShortcuts(handlers: ShortcutHandlers, enabled: boolean): void {
  const ref = useRef(handlers);
  ref.current = handlers;

  useEffect(() => {
    if (!enabled) return;
    const onKeyDown = (event: KeyboardEvent) => {
      if (!hasMod(event) || event.altKey || event.repeat) return;
      const key = event.key.toLowerCase();
      let run: (() => void) | null = null;
      if (key === "n" && !event.shiftKey) run = ref.current.newEntry;
      else if (key === "s" && !event.shiftKey) run = ref.current.save;
      else if ((key === "f" || key === "k") && !event.shiftKey) run = ref.current.focusSearch;
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
