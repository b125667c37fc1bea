// The journal's owner and first page the shell hands the journal window with the window itself
// (src-tauri/shell/boot.rs), so that its first render is the journal rather than a splash and a
// round trip. Taken once, on the window's first load: a reload runs the shell's script again with
// what is by then old data, so a reloaded page asks the commands instead.
import type { Boot } from "../ipc/bindings";

declare global {
  interface Window {
    __QUIRE_BOOT__?: Boot;
  }
}

export function takeBoot(): Boot | null {
  const boot = window.__QUIRE_BOOT__ ?? null;
  delete window.__QUIRE_BOOT__;
  if (!boot) return null;
  const navigation = performance.getEntriesByType?.("navigation")[0] as PerformanceNavigationTiming | undefined;
  return !navigation || navigation.type === "navigate" ? boot : null;
}
