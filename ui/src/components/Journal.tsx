// The journal window once it is open: sidebar and editor side by side, plus the dialogs and toasts.
import { useCallback, useEffect, useReducer, useRef, useState, useSyncExternalStore } from "react";
import { api } from "../api";
import type { AppError, Session } from "../bindings";
import type { EntryPages } from "../entryPages";
import { describeError } from "../errors";
import { closeNow, useCloseGuard } from "../useCloseGuard";
import { useCurrentEntry } from "../useCurrentEntry";
import { useEntryActions } from "../useEntryActions";
import { useSearch } from "../useSearch";
import { useShortcuts } from "../useShortcuts";
import { ConfirmDialog } from "./ConfirmDialog";
import { Editor } from "./Editor";
import { EmptyState } from "./EmptyState";
import type { ListHandle } from "./EntryList";
import { ErrorBanner } from "./ErrorBanner";
import type { Notice } from "./ErrorBanner";
import { Sidebar } from "./Sidebar";
import { Toast } from "./Toast";

interface Props {
  session: Session;
  pages: EntryPages;
}

export function Journal({ session, pages }: Props) {
  // Only whether the journal is empty matters here; the list subscribes to the rest itself.
  const empty = useSyncExternalStore(pages.subscribe, () => pages.total === 0);
  const [notice, setNotice] = useState<string | null>(null);
  const [closeError, setCloseError] = useState<AppError | null>(null);
  const [query, setQuery] = useState("");
  const [editorFocus, focusEditor] = useReducer((n: number) => n + 1, 0);
  const textareaRef = useRef<HTMLTextAreaElement>(null);
  const searchRef = useRef<HTMLInputElement>(null);
  const listRef = useRef<ListHandle>(null);

  const current = useCurrentEntry(pages, (error) => setNotice(`Couldn't open that entry. ${describeError(error)}`));
  const actions = useEntryActions({
    pages,
    current,
    onError: setNotice,
    onCreated: () => {
      setQuery("");
      listRef.current?.scrollToTop();
      focusEditor();
    },
    onOpened: focusEditor,
  });
  const search = useSearch(query, api.searchEntries, actions.epoch);
  useCloseGuard(current.saver, setCloseError);

  // On launch, open the newest entry.
  const { open } = current;
  useEffect(() => {
    const newest = pages.get(0);
    if (newest) void open(newest.id);
  }, [pages, open]);

  useEffect(() => {
    if (editorFocus > 0) textareaRef.current?.focus();
  }, [editorFocus]);

  // A close that was blocked by a failed save no longer matters once everything is saved.
  const statusKind = current.status.kind;
  useEffect(() => {
    if (statusKind === "saved") setCloseError(null);
  }, [statusKind]);

  const openFromSidebar = useCallback(
    async (id: string, viaKeyboard: boolean) => {
      setNotice(null);
      if ((await open(id)) && viaKeyboard) focusEditor();
    },
    [open],
  );

  const { create } = actions;
  const onOpen = useCallback(
    (id: string, viaKeyboard: boolean) => void openFromSidebar(id, viaKeyboard),
    [openFromSidebar],
  );
  const onNew = useCallback(() => void create(), [create]);

  useShortcuts(
    {
      newEntry: onNew,
      save: () => void current.flush(),
      focusSearch: () => {
        searchRef.current?.focus();
        searchRef.current?.select();
      },
      deleteEntry: actions.requestDelete,
    },
    !actions.confirming,
  );

  const entry = current.entry;
  const banner = bannerFor(current.status, closeError, notice, {
    retry: () => entry && void current.saver.retry(entry.id),
    saveAndClose: () => void current.saver.flushAll().then(closeNow, () => undefined),
    dismiss: () => setNotice(null),
  });

  return (
    <div className="journal" data-testid="journal">
      <Sidebar
        pages={pages}
        selectedId={entry?.id ?? null}
        query={query}
        search={search}
        userLabel={session.user.email ?? session.user.displayName ?? "Local journal"}
        searchRef={searchRef}
        listHandle={listRef}
        onQueryChange={setQuery}
        onOpen={onOpen}
        onNew={onNew}
        onEscape={focusEditor}
      />
      <main className="editor-pane">
        {banner && <ErrorBanner notice={banner} />}
        {entry ? (
          <Editor
            entry={entry}
            text={current.text}
            status={current.status}
            readOnly={current.switching}
            textareaRef={textareaRef}
            onChange={current.setText}
            onBlur={() => void current.flush()}
            onDelete={actions.requestDelete}
          />
        ) : empty ? (
          <EmptyState onNew={onNew} />
        ) : (
          <div className="editor-placeholder" aria-hidden="true" />
        )}
      </main>
      {actions.confirming && (
        <ConfirmDialog
          title="Delete this entry?"
          message="It disappears from your journal. You can undo this for a few seconds afterwards."
          confirmLabel="Delete"
          onConfirm={() => void actions.confirmDelete()}
          onCancel={actions.cancelDelete}
        />
      )}
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

interface BannerHandlers {
  retry(): void;
  saveAndClose(): void;
  dismiss(): void;
}

/** The one error to show above the editor; a failed save matters most, since text is at stake. */
function bannerFor(
  status: ReturnType<typeof useCurrentEntry>["status"],
  closeError: AppError | null,
  notice: string | null,
  handlers: BannerHandlers,
): Notice | null {
  if (status.kind === "error") {
    const retrying =
      status.retryInMs !== null ? ` Retrying in ${Math.max(1, Math.round(status.retryInMs / 1000))} s.` : "";
    if (closeError) {
      return {
        message: `Quire is still open because your latest text couldn't be saved — it is kept here. ${describeError(status.error)}`,
        actions: [
          { label: "Save and close", onClick: handlers.saveAndClose },
          { label: "Close without saving", onClick: closeNow, danger: true },
        ],
      };
    }
    return {
      message: `Couldn't save — your text is kept here.${retrying} ${describeError(status.error)}`,
      actions: [{ label: "Retry", onClick: handlers.retry }],
    };
  }
  if (notice) return { message: notice, actions: [{ label: "Dismiss", onClick: handlers.dismiss }] };
  return null;
}
