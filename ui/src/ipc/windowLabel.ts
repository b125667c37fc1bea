// Which app window this bundle runs in. Both windows load the same UI; the Tauri label tells them apart.
import { getCurrentWindow } from "@tauri-apps/api/window";

export const WELCOME = "welcome";
export const JOURNAL = "journal";

/** The current window's label; "journal" outside Tauri (plain browser, tests without window mocks). */
export function currentWindowLabel(): string {
  try {
    return getCurrentWindow().label;
  } catch {
    return JOURNAL;
  }
}
