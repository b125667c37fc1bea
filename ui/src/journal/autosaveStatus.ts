// The save states an entry can be in, as shown next to the editor.
import type { AppError } from "../ipc/bindings";

export type SaveStatus =
  | { readonly kind: "saved" }
  | { readonly kind: "saving" }
  | { readonly kind: "unsaved" }
  | { readonly kind: "error"; readonly error: AppError; readonly retryInMs: number | null };

// Shared instances, so React's useSyncExternalStore sees an unchanged status as unchanged.
export const SAVED: SaveStatus = Object.freeze({ kind: "saved" });
export const SAVING: SaveStatus = Object.freeze({ kind: "saving" });
export const UNSAVED: SaveStatus = Object.freeze({ kind: "unsaved" });

export function sameStatus(a: SaveStatus, b: SaveStatus): boolean {
  if (a.kind === "error" && b.kind === "error") return a.error === b.error && a.retryInMs === b.retryInMs;
  return a.kind === b.kind;
}
