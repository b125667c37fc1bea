// Which app window this bundle runs in. Every window loads the same UI; the Tauri label tells them apart.
import { getCurrentWindow } from "@tauri-apps/api/window";

export const WELCOME = "welcome";
/** The window that asks for the passphrase or recovery key while the journal is locked. */
export const LOCK = "lock";
export const JOURNAL = "journal";

/** The current window's label; "journal" outside Tauri (plain browser, tests without window mocks). */
export function currentWindowLabel(): string {
  try {
    return getCurrentWindow().label;
  } catch {
    return JOURNAL;
  }
}
