// The person's journals with their entry counts, read again when entries change (the counts) and
// after the journals themselves were changed.
import { api } from "../ipc/api";
import type { Journal } from "../ipc/bindings";
import { useLoaded } from "../ui/useLoaded";
import type { Loaded } from "../ui/useLoaded";

/** `changes`: goes up when entries were added, removed or moved. */
export function useJournals(changes: number): Loaded<Journal[]> {
  return useLoaded(api.listJournals, changes);
}
