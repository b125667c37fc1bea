// The search filter controls' state, and how it becomes the request's EntryFilter and order.
import type { EntryFilter, Mood, SearchOrder } from "../ipc/bindings";
import { parseDay } from "../ui/format";

export interface SearchFilters {
  /** `YYYY-MM-DD` (local), or "" for no limit; both days are included. */
  from: string;
  to: string;
  /** A journal id, null for every journal, undefined to follow the journal in view. */
  journal: string | null | undefined;
  tag: string | null;
  mood: Mood | null;
  starred: boolean;
  order: SearchOrder;
}

export const NO_FILTERS: SearchFilters = {
  from: "",
  to: "",
  journal: undefined,
  tag: null,
  mood: null,
  starred: false,
  order: "newest",
};

/** Every mood, in the order the analysis lists them; the compiler checks none is missing. */
export const MOODS = [
  "joyful",
  "grateful",
  "calm",
  "hopeful",
  "proud",
  "loving",
  "excited",
  "content",
  "reflective",
  "down",
  "sad",
  "anxious",
  "angry",
  "lonely",
  "tired",
] as const satisfies readonly Mood[];
type MissingMood = Exclude<Mood, (typeof MOODS)[number]>;
const everyMood: MissingMood extends never ? true : never = true;
void everyMood;

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** Local midnight of the day after `day`: the back end's `to` is excluded, the control's is not. */
export function dayAfter(day: string): number {
  const start = new Date(parseDay(day));
  return new Date(start.getFullYear(), start.getMonth(), start.getDate() + 1).getTime();
}

/** The journal the search narrows to: the one picked, or else the one in view. */
export function journalOf(filters: SearchFilters, journalInView: string | null): string | null {
  return filters.journal === undefined ? journalInView : filters.journal;
}

export function toEntryFilter(filters: SearchFilters, journalInView: string | null): EntryFilter {
  return {
    journal: journalOf(filters, journalInView),
    tag: filters.tag,
    from: DAY.test(filters.from) ? parseDay(filters.from) : null,
    to: DAY.test(filters.to) ? dayAfter(filters.to) : null,
    starred: filters.starred,
    mood: filters.mood,
  };
}

/** How many filters narrow the search (the journal in view and the order don't count). */
export function activeFilters(filters: SearchFilters): number {
  return (
    Number(filters.from !== "") +
    Number(filters.to !== "") +
    Number(filters.journal !== undefined) +
    Number(filters.tag !== null) +
    Number(filters.mood !== null) +
    Number(filters.starred)
  );
}
