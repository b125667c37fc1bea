// Every tag in use with its count, read again when entries change (a save can add or drop a tag).
import { api } from "../ipc/api";
import type { TagCount } from "../ipc/bindings";
import { useLoaded } from "../ui/useLoaded";
import type { Loaded } from "../ui/useLoaded";

/** `changes`: goes up when entries were saved, added or removed. */
export function useTags(changes: number): Loaded<TagCount[]> {
  return useLoaded(api.listTags, changes);
}
