// The left pane: the journal switcher, view switcher, search box, New entry button, the calendar and
// the tags, either the entry list (with its filters) or the search results, and the account footer
// (with sync's line, Security…, About Quire, Lock and Sign out).
import { memo, useRef, useState } from "react";
import type { RefObject } from "react";
import { AccountFooter } from "../account/AccountFooter";
import { ViewSwitcher } from "../app/ViewSwitcher";
import type { View } from "../app/useView";
import { Calendar } from "../calendar/Calendar";
import type { Connection, SearchHit, SyncStatus } from "../ipc/bindings";
import { JournalSwitcher } from "../journals/JournalSwitcher";
import type { JournalsDialogStart } from "../journals/JournalsDialog";
import { SearchBar } from "../search/SearchBar";
import { SearchResults } from "../search/SearchResults";
import type { SearchState } from "../search/useSearch";
import { SyncFooter } from "../sync/SyncFooter";
import { ConflictsContext } from "../sync/conflicts";
import { TagList } from "../tags/TagList";
import { shortcut } from "../ui/platform";
import { useAfterFirstPaint } from "../ui/useAfterFirstPaint";
import type { ListHandle } from "./EntryList";
import { ListPane } from "./ListPane";
import type { EntryPages } from "./entryPages";
import type { Navigation } from "./useNavigation";

interface Props {
  view: View;
  pages: EntryPages;
  selectedId: string | null;
  query: string;
  search: SearchState;
  userLabel: string;
  connection: Connection;
  signingOut: boolean;
  locking: boolean;
  searchRef: RefObject<HTMLInputElement | null>;
  listHandle: RefObject<ListHandle | null>;
  /** The journal in view and the list's filters, and what changes them. */
  nav: Navigation;
  onJournalsDialog(start: JournalsDialogStart): void;
  onRenameTag(tag: string): void;
  onViewChange(view: View): void;
  onQueryChange(query: string): void;
  onOpen(id: string, viaKeyboard: boolean): void;
  onNew(): void;
  /** Leave the sidebar for the editor. */
  onEscape(): void;
  onSecurity(): void;
  onSettings(): void;
  onExchange(tab: "import" | "export"): void;
  onAbout(): void;
  onLock(): void;
  onSignOut(): void;
  /** Where sync stands; null until known. */
  sync: SyncStatus | null;
  onSyncNow(): void;
  onSyncSettings(): void;
  /** The entries with a sync conflict, badged in the list and the results. */
  conflicts: ReadonlySet<string>;
}

// Memoized: the editor re-renders on every keystroke, the sidebar has no reason to.
export const Sidebar = memo(function Sidebar(props: Props) {
  const { pages, selectedId, query, search, searchRef, listHandle, nav, onQueryChange, onOpen, onNew, onEscape } = props;
  const { onJournalsDialog } = props;
  const [active, setActive] = useState(0);
  const resultsRef = useRef<HTMLDivElement>(null);
  const searching = query.trim() !== "";
  const painted = useAfterFirstPaint();
  const hits = search.hits;

  const changeQuery = (value: string) => {
    setActive(0);
    onQueryChange(value);
  };
  const openHit = (hit: SearchHit, viaKeyboard: boolean) => {
    // So the editor marks what matched in the entry.
    search.markOpened(hit.entry.id);
    onOpen(hit.entry.id, viaKeyboard);
  };

  return (
    <aside className="sidebar" aria-label="Journal entries">
      <div className="sidebar-top">
        <JournalSwitcher
          journals={nav.journals.value}
          current={nav.view.journal}
          onSelect={nav.showJournal}
          onNew={() => onJournalsDialog("new")}
          onManage={() => onJournalsDialog("list")}
        />
        <ViewSwitcher view={props.view} onChange={props.onViewChange} />
        <SearchBar search={search} searching={searching} searchRef={searchRef}>
          <input
            ref={searchRef}
            type="search"
            className="search-input"
            data-testid="search-input"
            placeholder="Search"
            aria-label={`Search entries (${shortcut("K")})`}
            aria-controls={searching ? "search-results" : undefined}
            autoComplete="off"
            spellCheck={false}
            value={query}
            onChange={(event) => changeQuery(event.target.value)}
            onKeyDown={(event) => {
              if (event.key === "Escape") {
                event.preventDefault();
                if (query !== "") changeQuery("");
                else onEscape();
              } else if (event.key === "ArrowDown" && searching && hits.length > 0) {
                event.preventDefault();
                setActive(Math.min(active, hits.length - 1));
                resultsRef.current?.focus();
              } else if (event.key === "ArrowDown" && !searching) {
                event.preventDefault();
                listHandle.current?.focus();
              } else if (event.key === "Enter" && searching) {
                event.preventDefault();
                const hit = hits[active] ?? hits[0];
                if (hit) openHit(hit, true);
              }
            }}
          />
        </SearchBar>
        <button
          type="button"
          className="button button-primary new-entry"
          data-testid="new-entry"
          onClick={onNew}
          title={`New entry (${shortcut("N")})`}
        >
          <PlusIcon /> New entry
        </button>
      </div>

      {/* While searching, the results take their place. They come a frame after the list. */}
      <div className="sidebar-sections" hidden={searching || !painted}>
        {painted && (
          <>
            <Calendar
              journal={nav.view.journal}
              changes={nav.changes}
              range={nav.view.range}
              onPickDay={nav.pickDay}
              onPickMonth={nav.pickMonth}
              onClearRange={nav.clearRange}
            />
            <TagList tags={nav.tags.value} active={nav.view.tag} onSelect={nav.selectTag} onRename={props.onRenameTag} />
          </>
        )}
      </div>

      <div className="sidebar-body" id="search-results">
        <ConflictsContext.Provider value={props.conflicts}>
          {searching ? (
            <SearchResults
              search={search}
              selectedId={selectedId}
              active={active}
              listRef={resultsRef}
              onActiveChange={setActive}
              onOpen={openHit}
              onEscape={() => {
                changeQuery("");
                searchRef.current?.focus();
              }}
            />
          ) : (
            <ListPane
              pages={pages}
              nav={nav}
              selectedId={selectedId}
              handle={listHandle}
              onOpen={onOpen}
              onEscape={onEscape}
            />
          )}
        </ConflictsContext.Provider>
      </div>

      <AccountFooter
        userLabel={props.userLabel}
        connection={props.connection}
        signingOut={props.signingOut}
        locking={props.locking}
        onSecurity={props.onSecurity}
        onSettings={props.onSettings}
        onExchange={props.onExchange}
        onAbout={props.onAbout}
        onLock={props.onLock}
        onSignOut={props.onSignOut}
      >
        <SyncFooter status={props.sync} onSyncNow={props.onSyncNow} onOpen={props.onSyncSettings} />
      </AccountFooter>
    </aside>
  );
});

function PlusIcon() {
  return (
    <svg width="14" height="14" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
      <path d="M12 5v14M5 12h14" fill="none" stroke="currentColor" strokeWidth="2.2" strokeLinecap="round" />
    </svg>
  );
}
