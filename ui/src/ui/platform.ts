// Which modifier key the shortcuts use, so hints and handlers agree on macOS and elsewhere.
export const isMac: boolean =
  typeof navigator !== "undefined" && /Mac|iPhone|iPad/i.test(navigator.platform || navigator.userAgent);

/** The desktop platform, for styles that differ by platform (see `data-platform` in theme.css). */
export function platformName(): "mac" | "windows" | "linux" | "other" {
  if (typeof navigator === "undefined") return "other";
  const id = navigator.platform || navigator.userAgent;
  if (isMac) return "mac";
  if (/Win/i.test(id)) return "windows";
  if (/Linux|X11|BSD/i.test(id)) return "linux";
  return "other";
}

/** True for Cmd on macOS and Ctrl elsewhere (and not both, so Ctrl+Cmd combos stay free). */
export function hasMod(event: Pick<KeyboardEvent, "ctrlKey" | "metaKey">): boolean {
  return isMac ? event.metaKey && !event.ctrlKey : event.ctrlKey && !event.metaKey;
}

/** "Ctrl+N" or "⌘N". */
export function shortcut(key: string, shift = false): string {
  return isMac ? `${shift ? "⇧" : ""}⌘${key}` : `Ctrl+${shift ? "Shift+" : ""}${key}`;
}
