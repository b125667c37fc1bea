// The journal window once it is open: the sidebar beside one of three views (the editor with its mood
// panel, History, Ask), plus the dialogs (the security and sync ones among them) and toasts.
import { Suspense, lazy, useCallback, useEffect, useLayoutEffect, useReducer, useRef, useState, useSyncExternalStore } from "react";
import { useAccount, userLabel } from "../account/useAccount";
import { useConnection } from "../account/useConnection";
import { useSignOut } from "../account/useSignOut";
import { mark } from "../app/marks";
import { useCloseGuard } from "../app/useCloseGuard";
import { useShortcuts } from "../app/useShortcuts";
import { useView } from "../app/useView";
import type { View } from "../app/useView";
import type { ExchangeTab } from "../exchange/ExchangeDialog";
import { useExchangeJob } from "../exchange/useExchangeJob";
import { AnalysisPanel } from "../insights/AnalysisPanel";
import { useJournalActions } from "../journals/useJournalActions";
import { useLiveAnalysis } from "../insights/useLiveAnalysis";
import { api, backendEvents } from "../ipc/api";
import { useBackendEvent } from "../ipc/useBackendEvent";
import type { JournalOwner } from "../ipc/bindings";
import { describeError, toAppError } from "../ipc/errors";
import { useSearch } from "../search/useSearch";
import { SecurityDialogs } from "../security/SecurityDialogs";
import { useJournalSecurity } from "../security/useJournalSecurity";
import { SyncOverlays } from "../sync/SyncOverlays";
import { useSyncWindow } from "../sync/useSyncWindow";
import { useTagRename } from "../tags/useTagRename";
import { ConfirmDialog } from "../ui/ConfirmDialog";
import { ErrorBanner } from "../ui/ErrorBanner";
import { Toast } from "../ui/Toast";
import { ViewBoundary } from "../ui/ViewBoundary";
import { lazyNamed } from "../ui/lazyNamed";
import { Editor, loadEditor } from "./Editor";
import type { EditorHandle } from "../editor/MarkdownEditor";
import { useAfterFirstPaint } from "../ui/useAfterFirstPaint";
import { usePreferences } from "../app/preferences";
import { EmptyState } from "./EmptyState";
import type { ListHandle } from "./EntryList";
import { NavigationDialogs } from "./NavigationDialogs";
import { Sidebar } from "./Sidebar";
import { bannerFor } from "./banner";
import type { EntryPages } from "./entryPages";
import { useCurrentEntry } from "./useCurrentEntry";
import { useEntryActions } from "./useEntryActions";
import { useNavigation } from "./useNavigation";
import { narrowed } from "./viewFilter";
import { useEntryHeader } from "./useEntryHeader";

// The chart library comes with it, so it loads when History is first opened, not at start. Ask and
// About load when first opened too.
const HistoryView = lazy(() => import("../insights/HistoryView"));
const AskView = lazyNamed(() => import("../ask/AskView"), "AskView");
const AboutDialog = lazyNamed(() => import("../account/AboutDialog"), "AboutDialog");
const SettingsDialog = lazyNamed(() => import("../settings/SettingsDialog"), "SettingsDialog");
const ExchangeDialog = lazyNamed(() => import("../exchange/ExchangeDialog"), "ExchangeDialog");
const ExchangeStatus = lazyNamed(() => import("../exchange/ExchangeStatus"), "ExchangeStatus");

interface Props {
  owner: JournalOwner;
  pages: EntryPages;
}

export function Journal({ owner, pages }: Props) {
  // Only whether the list is empty matters here; the list subscribes to the rest itself.
  const noEntries = useSyncExternalStore(pages.subscribe, () => pages.total === 0);
  const [notice, setNotice] = useState<string | null>(null);
  const [query, setQuery] = useState("");
  const [editorFocus, focusEditor] = useReducer((n: number) => n + 1, 0);
  const editorRef = useRef<EditorHandle>(null);
  const searchRef = useRef<HTMLInputElement>(null);
  const listRef = useRef<ListHandle>(null);
  useLayoutEffect(() => mark("quire:journal-mounted"), []);
  const painted = useAfterFirstPaint();
  useEffect(() => {
    if (painted) void loadEditor();
  }, [painted]);
  const preferences = usePreferences();
  const setToolbar = useCallback((shown: boolean) => {
    api.setSetting("editorToolbar", String(shown)).catch((error: unknown) => setNotice(`Couldn't change the toolbar. ${describeError(toAppError(error))}`));
  }, []);
  const [focusMode, setFocusMode] = useState(false);
  useEffect(() => {
    if (!focusMode) return;
    const leave = (event: KeyboardEvent) => {
      if (event.key === "Escape" && !event.defaultPrevented) setFocusMode(false);
    };
    window.addEventListener("keydown", leave);
    return () => window.removeEventListener("keydown", leave);
  }, [focusMode]);

  const current = useCurrentEntry(pages, (error) => setNotice(`Couldn't open that entry. ${describeError(error)}`));
  const views = useView(current.flush);
  const { view, show: showView } = views;
  // Ask stays mounted once opened, so its question and answer wait while the person looks elsewhere.
  const [askOpened, setAskOpened] = useState(false);
  if (view === "ask" && !askOpened) setAskOpened(true);
  useLiveAnalysis(pages);
  const reveal = () => {
    setNotice(null);
    void showView("journal");
  };
  const nav = useNavigation({ pages, current, userId: owner.user.id, listRef, reveal });
  // Empty because nothing is written yet (in the journal in view), not because of a tag or a date.
  const empty = noEntries && !narrowed(nav.view);
  const journalActions = useJournalActions({ pages, current, nav, onError: setNotice });
  const tagRename = useTagRename(pages, current, nav);
  const navigationDialog = journalActions.dialog !== null || tagRename.renaming !== null;
  const actions = useEntryActions({
    pages,
    current,
    journal: nav.view.journal,
    onError: setNotice,
    onCreated: () => {
      setQuery("");
      // A new entry has no tags and no star: the list shows it only without those filters.
      if (narrowed(nav.view)) nav.clearFilters();
      listRef.current?.scrollToTop();
      focusEditor();
    },
    onOpened: focusEditor,
  });
  const search = useSearch(query, api.searchEntries, actions.epoch, nav.view.journal);
  const header = useEntryHeader({ current, pages, onError: setNotice, onChanged: search.patch });
  // The words of the search an entry was opened from, marked in it until the search is cleared.
  const highlight = search.opened !== null && search.opened.id === current.entry?.id ? search.opened.terms : [];
  const syncWindow = useSyncWindow({ pages, current, onError: setNotice, onChanged: search.patch, onKept: focusEditor });
  const { openDialog: openSyncDialog } = syncWindow;
  const openSync = useCallback(() => {
    setSettingsOpen(false);
    openSyncDialog();
  }, [openSyncDialog]);
  const closeGuard = useCloseGuard(current.saver);
  const user = useAccount(owner.user);
  const connection = useConnection();
  const signOut = useSignOut(current.saver);
  const security = useJournalSecurity(current.saver);
  const { lock } = security;
  const [aboutOpen, setAboutOpen] = useState(false);
  const [settingsOpen, setSettingsOpen] = useState(false);
  const openSettings = useCallback(() => setSettingsOpen(true), []);
  const closeSettings = useCallback(() => setSettingsOpen(false), []);
  const [exchangeTab, setExchangeTab] = useState<ExchangeTab | null>(null);
  const exchangeOpen = exchangeTab !== null;
  const openExchange = useCallback((tab: ExchangeTab) => setExchangeTab(tab), []);
  const openAbout = useCallback(() => setAboutOpen(true), []);
  const closeAbout = useCallback(() => setAboutOpen(false), []);

  useEffect(() => {
    if (editorFocus > 0) editorRef.current?.focus();
  }, [editorFocus]);

  // A sign-out or a lock that was stopped by a failed save no longer matters once the text is saved.
  // (The close guard forgets a refused close by itself, once nothing is left unsaved.)
  const statusKind = current.status.kind;
  const { saved: signOutSaved } = signOut;
  const { saved: lockSaved } = lock;
  useEffect(() => {
    if (statusKind !== "saved") return;
    signOutSaved();
    lockSaved();
  }, [statusKind, signOutSaved, lockSaved]);

  const { open } = current;
  const openFromSidebar = useCallback(
    async (id: string, viaKeyboard: boolean) => {
      setNotice(null);
      void showView("journal");
      if ((await open(id)) && viaKeyboard) focusEditor();
    },
    [open, showView],
  );

  // From History or Ask: the control that was clicked disappears with its view, so writing comes next.
  const openFromView = useCallback(
    async (id: string) => {
      setNotice(null);
      void showView("journal");
      if (await open(id)) focusEditor();
    },
    [open, showView],
  );

  const switchView = useCallback(
    async (next: View, viaKeyboard: boolean) => {
      if ((await showView(next, viaKeyboard)) && next === "journal" && viaKeyboard) focusEditor();
    },
    [showView],
  );

  const { create } = actions;
  const onOpen = useCallback(
    (id: string, viaKeyboard: boolean) => void openFromSidebar(id, viaKeyboard),
    [openFromSidebar],
  );
  const onOpenFromView = useCallback((id: string) => void openFromView(id), [openFromView]);
  const onViewChange = useCallback((next: View) => void switchView(next, false), [switchView]);
  const onNew = useCallback(() => {
    void showView("journal");
    void create();
  }, [create, showView]);

  useBackendEvent(backendEvents.newEntryRequested, onNew);
  // `quire import` added entries while the window was open: list them (the calendar and tags follow).
  const onEntriesAdded = useCallback(() => void pages.refresh(), [pages]);
  useBackendEvent(backendEvents.entriesAdded, onEntriesAdded);
  const exchange = useExchangeJob(onEntriesAdded);
  const { reset: resetExchange } = exchange;
  const exchangeWorking = exchange.step.kind === "working";
  // Closing the dialog forgets what it showed; a job under way goes on, its status at the bottom.
  const closeExchange = useCallback(() => {
    setExchangeTab(null);
    if (!exchangeWorking) resetExchange();
  }, [exchangeWorking, resetExchange]);

  useShortcuts(
    {
      newEntry: onNew,
      save: () => void current.flush(),
      focusSearch: () => {
        searchRef.current?.focus();
        searchRef.current?.select();
      },
      // Only where the entry can be seen.
      deleteEntry: () => {
        if (view === "journal") actions.requestDelete();
      },
      showView: (next) => void switchView(next, true),
      lock: security.requestLock,
      toggleStar: () => {
        if (view === "journal") void header.toggleStar();
      },
      openSettings,
      toggleFocusMode: () => {
        if (view === "journal" || focusMode) setFocusMode(!focusMode);
      },
    },
    !actions.confirming && !signOut.confirming && !aboutOpen && !settingsOpen && !exchangeOpen && !security.dialogOpen && !navigationDialog &&
      !syncWindow.dialogOpen && syncWindow.conflictFor === null,
  );

  const entry = current.entry;
  const stopped = { signOut: signOut.problem, lock: lock.problem };
  const banner = bannerFor(current.status, closeGuard.blocked, stopped, notice, {
    retry: () => entry && void current.saver.retry(entry.id),
    saveAndClose: closeGuard.saveAndClose,
    closeWithoutSaving: closeGuard.closeWithoutSaving,
    saveAndSignOut: signOut.run,
    saveAndLock: lock.run,
    dismiss: () => setNotice(null),
    dismissSignOut: signOut.dismiss,
    dismissLock: lock.dismiss,
  });

  return (
    <div className={focusMode && view === "journal" ? "journal focus-mode" : "journal"} data-testid="journal">
      <Sidebar
        view={view}
        pages={pages}
        selectedId={entry?.id ?? null}
        query={query}
        search={search}
        userLabel={userLabel(user)}
        connection={connection}
        signingOut={signOut.busy}
        locking={lock.busy}
        searchRef={searchRef}
        listHandle={listRef}
        onViewChange={onViewChange}
        onQueryChange={setQuery}
        onOpen={onOpen}
        onNew={onNew}
        onEscape={focusEditor}
        nav={nav}
        onJournalsDialog={journalActions.openDialog}
        onRenameTag={tagRename.open}
        onSecurity={security.openSettings}
        onSettings={openSettings}
        onExchange={openExchange}
        onAbout={openAbout}
        onLock={security.requestLock}
        onSignOut={signOut.request}
        sync={syncWindow.sync.status}
        onSyncNow={syncWindow.sync.syncNow}
        onSyncSettings={openSync}
        conflicts={syncWindow.conflicts}
      />
      <div className="main-pane">
        {banner && <ErrorBanner notice={banner} />}
        {/* Kept mounted in the other views: the text, caret and scroll position wait there. */}
        <main className="editor-pane" hidden={view !== "journal"}>
          {entry ? (
            <div className="writing">
              <Editor
                entry={entry}
                header={header}
                journals={nav.journals.value}
                highlight={highlight}
                text={current.text}
                status={current.status}
                readOnly={current.switching || actions.creating || signOut.busy || lock.busy}
                editorRef={editorRef}
                toolbar={preferences.editorToolbar}
                prompt={preferences.dailyPrompt}
                focusMode={focusMode}
                onChange={current.setText}
                onBlur={() => void current.flush()}
                onDelete={actions.requestDelete}
                onToolbarChange={setToolbar}
                onFocusModeChange={setFocusMode}
                onProblem={setNotice}
                onConflict={syncWindow.conflicts.has(entry.id) ? syncWindow.openConflict : undefined}
              />
              <AnalysisPanel
                entryId={entry.id}
                empty={!/\S/.test(current.text)}
                unsaved={current.status.kind !== "saved"}
                savedAt={current.savedAt}
              />
            </div>
          ) : empty ? (
            <EmptyState onNew={onNew} />
          ) : (
            <div className="editor-placeholder" aria-hidden="true" />
          )}
        </main>
        {view === "history" && (
          <ViewBoundary name="history">
            <Suspense
              fallback={
                <p className="view-loading" role="status">
                  Opening your history…
                </p>
              }
            >
              <HistoryView
                empty={empty}
                journal={nav.view.journal}
                takeFocus={views.viaKeyboard}
                onOpenEntry={onOpenFromView}
              />
            </Suspense>
          </ViewBoundary>
        )}
        {askOpened && (
          <Suspense fallback={null}>
            <AskView
              hidden={view !== "ask"}
              journal={nav.view.journal}
              takeFocus={views.viaKeyboard}
              onOpenEntry={onOpenFromView}
            />
          </Suspense>
        )}
      </div>
      {actions.confirming && (
        <ConfirmDialog
          title="Delete this entry?"
          message="It disappears from your journal. You can undo this for a few seconds afterwards."
          confirmLabel="Delete"
          onConfirm={() => void actions.confirmDelete()}
          onCancel={actions.cancelDelete}
        />
      )}
      {signOut.confirming && (
        <ConfirmDialog
          title="Sign out of Quire?"
          message="Your entries stay on this computer; sign in again to see them."
          confirmLabel="Sign out"
          tone="primary"
          onConfirm={signOut.run}
          onCancel={signOut.cancel}
        />
      )}
      {aboutOpen && (
        <Suspense fallback={null}>
          <AboutDialog onClose={closeAbout} />
        </Suspense>
      )}
      {settingsOpen && (
        <Suspense fallback={null}>
          <SettingsDialog
            onSecurity={() => {
              setSettingsOpen(false);
              security.openSettings();
            }}
            sync={syncWindow.sync.status}
            onSync={openSync}
            onShowDataFolder={() => {
              api.openDataFolder().catch((error: unknown) => setNotice(describeError(toAppError(error))));
            }}
            onClose={closeSettings}
          />
        </Suspense>
      )}
      {exchangeOpen && (
        <Suspense fallback={null}>
          <ExchangeDialog
            journals={nav.journals.value ?? []}
            journalInView={nav.view.journal}
            job={exchange}
            initialTab={exchangeTab}
            onClose={closeExchange}
          />
        </Suspense>
      )}
      {!exchangeOpen && exchange.step.kind !== "idle" && (
        <Suspense fallback={null}>
          <ExchangeStatus job={exchange} onOpen={() => openExchange("import")} />
        </Suspense>
      )}
      <SyncOverlays sync={syncWindow} />
      <SecurityDialogs security={security} />
      <NavigationDialogs nav={nav} journals={journalActions} tagRename={tagRename} />
      {actions.deleted && (
        <Toast
          key={actions.deleted}
          message="Entry deleted"
          actionLabel="Undo"
          onAction={() => void actions.undoDelete()}
          onDismiss={actions.dismissUndo}
        />
      )}
    </div>
  );
}
