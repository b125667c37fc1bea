// The ids of the entries a sync conflict left with several versions, for the rows of the entry list
// (which are rendered deep inside the memoized sidebar, so they read it from context).
import { createContext, useContext } from "react";

const NONE: ReadonlySet<string> = new Set();

export const ConflictsContext = createContext<ReadonlySet<string>>(NONE);

/** Whether entry `id` has versions from a conflict waiting to be resolved. */
export function useHasConflict(id: string): boolean {
  return useContext(ConflictsContext).has(id);
}
