// Which of the journal window's views shows: the journal itself, the history of moods, or Ask.
// Leaving the journal saves the open entry first, so what was typed is on disk before the editor is
// out of sight; if that save fails, the journal stays in view with the error and the text.
import { useCallback, useRef, useState } from "react";

export type View = "journal" | "history" | "ask";

export interface ViewState {
  view: View;
  /** The switch came from a keyboard shortcut, so the new view should take the focus. */
  viaKeyboard: boolean;
  /** Resolves to false when the view did not change (the save failed, or a later switch won). */
  show(view: View, viaKeyboard?: boolean): Promise<boolean>;
}

export function useView(flush: () => Promise<boolean>): ViewState {
  const [state, setState] = useState<{ view: View; viaKeyboard: boolean }>({ view: "journal", viaKeyboard: false });
  const ticket = useRef(0);

  const show = useCallback(
    async (view: View, viaKeyboard = false): Promise<boolean> => {
      const mine = ++ticket.current;
      if (view !== "journal" && !(await flush())) return false;
      if (mine !== ticket.current) return false;
      setState((previous) =>
        previous.view === view && previous.viaKeyboard === viaKeyboard ? previous : { view, viaKeyboard },
      );
      return true;
    },
    [flush],
  );

  return { view: state.view, viaKeyboard: state.viaKeyboard, show };
}
