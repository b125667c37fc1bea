// The entry list with what narrows it: the filters above it, and in its place, when nothing passes
// them, what it is narrowed to and how to widen it.
import { useMemo, useSyncExternalStore } from "react";
import type { Ref } from "react";
import type { Journal } from "../ipc/bindings";
import { describeError } from "../ipc/errors";
import { EntryList } from "./EntryList";
import type { ListHandle } from "./EntryList";
import { FilteredEmpty } from "./FilteredEmpty";
import { ListFilters } from "./ListFilters";
import type { EntryPages } from "./entryPages";
import type { Navigation } from "./useNavigation";
import { narrowed } from "./viewFilter";

interface Props {
  pages: EntryPages;
  nav: Navigation;
  selectedId: string | null;
  handle: Ref<ListHandle>;
  onOpen(id: string, viaKeyboard: boolean): void;
  onEscape(): void;
}

export function ListPane({ pages, nav, selectedId, handle, onOpen, onEscape }: Props) {
  const empty = useSyncExternalStore(pages.subscribe, () => pages.total === 0);
  const error = useSyncExternalStore(pages.subscribe, () => pages.error);
  const { view, journal } = nav;
  const list = nav.journals.value;
  // Entries of several journals side by side carry their journal's colour; with one journal, no need.
  const journals = useMemo(
    () => (view.journal === null && list && list.length > 1 ? new Map<string, Journal>(list.map((j) => [j.id, j])) : null),
    [view.journal, list],
  );
  const filtered = narrowed(view) || view.journal !== null;

  return (
    <>
      <ListFilters view={view} onStarred={nav.setStarred} onClearTag={nav.clearTag} onClearRange={nav.clearRange} />
      {error && (
        <p className="sidebar-message sidebar-error" data-testid="error-message" role="alert">
          Couldn't load your entries. {describeError(error)}{" "}
          <button type="button" className="link-button" onClick={() => void pages.refresh()}>
            Try again
          </button>
        </p>
      )}
      {empty && filtered ? (
        <FilteredEmpty
          view={view}
          journalName={view.journal === null ? null : (journal?.name ?? "this journal")}
          onClearFilters={nav.clearFilters}
          onAllJournals={() => void nav.showJournal(null)}
        />
      ) : (
        <EntryList
          pages={pages}
          selectedId={selectedId}
          journals={journals}
          handle={handle}
          onOpen={onOpen}
          onEscape={onEscape}
        />
      )}
    </>
  );
}
