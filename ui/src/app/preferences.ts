// The preferences every window applies: its colours and the editor's typeface and size. The shell
// hands them over in the window's first script (src-tauri/shell/settings.rs), so the first paint has
// them, and sends them again whenever Settings changes one.
import { useState } from "react";
import { backendEvents } from "../ipc/api";
import type { Preferences } from "../ipc/api";
import { useBackendEvent } from "../ipc/useBackendEvent";

declare global {
  interface Window {
    __QUIRE_PREFERENCES__?: Preferences;
  }
}

export const DEFAULT_PREFERENCES: Preferences = {
  appearance: "system",
  editorFont: "serif",
  editorFontSize: 18,
  spellCheck: { kind: "auto" },
  editorToolbar: true,
  dailyPrompt: true,
  reminder: null,
};

const FONTS: Record<Preferences["editorFont"], string> = {
  serif: "var(--font-text)",
  sans: "var(--font-ui)",
  mono: "var(--font-mono)",
};

/** The preferences the shell handed this window, or the defaults (a plain browser, tests). */
export function initialPreferences(): Preferences {
  return window.__QUIRE_PREFERENCES__ ?? DEFAULT_PREFERENCES;
}

/** Puts the look into the page: theme.css and the editor's styles read these. */
export function applyPreferences(preferences: Preferences, root: HTMLElement = document.documentElement): void {
  if (preferences.appearance === "system") delete root.dataset.appearance;
  else root.dataset.appearance = preferences.appearance;
  root.style.setProperty("--editor-font", FONTS[preferences.editorFont]);
  root.style.setProperty("--editor-font-size", `${preferences.editorFontSize}px`);
}

/** The preferences in effect, following every change made in Settings. */
export function usePreferences(): Preferences {
  const [preferences, setPreferences] = useState(initialPreferences);
  useBackendEvent(backendEvents.preferencesChanged, (next) => {
    applyPreferences(next);
    setPreferences(next);
  });
  return preferences;
}
