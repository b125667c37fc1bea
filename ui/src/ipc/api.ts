// The only place that talks to the generated IPC bindings, so a regenerated bindings.ts touches one file.
import { commands, events } from "./bindings";
import type {
  About,
  AnalysisProgress,
  Answer,
  AuthStatus,
  CalendarMonth,
  ConflictVersion,
  Connection,
  EntriesSynced,
  Entry,
  EntryAnalysed,
  EntryAnalysis,
  EntryFilter,
  EntryPage,
  EntrySummary,
  ExchangeProgress,
  ExportFormat,
  ExportReport,
  Highlights,
  History,
  Journal,
  JournalColour,
  JournalDeleted,
  JournalHealth,
  JournalOwner,
  LockStatus,
  ImportReport,
  Period,
  PreferenceKey,
  Preview,
  Preferences,
  RecoveryKeyShown,
  Restored,
  SearchPage,
  SearchRequest,
  Security,
  SettingsView,
  SyncStatus,
  TagCount,
  TagRenamed,
  Upgrade,
  UserProfile,
} from "./bindings";
import { toAppError } from "./errors";
import { wellFormed } from "./wellFormed";

export type {
  About,
  AnalysisBrief,
  AnalysisProgress,
  Answer,
  AnswerSentence,
  AppError,
  AuthStatus,
  BackupInfo,
  CalendarDay,
  CalendarMonth,
  ConflictVersion,
  Connection,
  ConnectionState,
  EntriesSynced,
  Entry,
  EntryAnalysed,
  EntryAnalysis,
  EntryFilter,
  EntryPage,
  EntrySummary,
  ExchangeProgress,
  ExportFormat,
  ExportReport,
  ImportReport,
  JournalPreview,
  Preview,
  Problem,
  HighlightTerm,
  Highlights,
  History,
  Journal,
  JournalColour,
  JournalDeleted,
  JournalHealth,
  JournalOwner,
  LockStatus,
  Mood,
  MoodCount,
  OnThisDay,
  Period,
  PreferenceKey,
  Preferences,
  RecoveryKeyShown,
  ReminderTime,
  Restored,
  SearchHit,
  SearchOrder,
  SearchPage,
  SearchRequest,
  Security,
  SentimentPoint,
  SettingsView,
  SignInMode,
  SpellCheck,
  SnippetPart,
  Streak,
  SyncPhase,
  SyncProgress,
  SyncServer,
  SyncState,
  SyncStatus,
  TagCount,
  TagRenamed,
  Upgrade,
  UserProfile,
} from "./bindings";
export { toAppError } from "./errors";

/** Every call rejects with an AppError, whatever the transport threw. */
async function call<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    throw toAppError(error);
  }
}

export const api = {
  journalOwner: (): Promise<JournalOwner> => call(() => commands.journalOwner()),
  /** A page of the entries that pass `filter`, newest first by `datedAt`. */
  listEntries: (filter: EntryFilter, offset: number, limit: number): Promise<EntryPage> =>
    call(() => commands.listEntries(filter, offset, limit)),
  getEntry: (id: string): Promise<Entry> => call(() => commands.getEntry(id)),
  /** `journal`: null for the first journal; `datedAt`: ms since the epoch, null for now. */
  createEntry: (journal: string | null = null, datedAt: number | null = null): Promise<Entry> =>
    call(() => commands.createEntry(journal, datedAt)),
  /** Lone surrogates in `content` are saved as U+FFFD (see wellFormed). */
  saveEntry: (id: string, content: string): Promise<EntrySummary> =>
    call(() => commands.saveEntry(id, wellFormed(content))),
  deleteEntry: async (id: string): Promise<void> => {
    await call(() => commands.deleteEntry(id));
  },
  restoreEntry: (id: string): Promise<EntrySummary> => call(() => commands.restoreEntry(id)),
  /** One page of matches; pass the page's `next` as the next request's `cursor`. */
  searchEntries: (request: SearchRequest): Promise<SearchPage> =>
    call(() => commands.searchEntries({ ...request, text: wellFormed(request.text) })),
  /** `datedAt`: ms since the epoch. The list sorts by it, so refresh the list afterwards. */
  setEntryDate: (id: string, datedAt: number): Promise<EntrySummary> =>
    call(() => commands.setEntryDate(id, datedAt)),
  setEntryStarred: (id: string, starred: boolean): Promise<EntrySummary> =>
    call(() => commands.setEntryStarred(id, starred)),
  moveEntry: (id: string, journal: string): Promise<EntrySummary> => call(() => commands.moveEntry(id, journal)),

  /** The person's journals, in their order, each with its number of entries. */
  listJournals: (): Promise<Journal[]> => call(() => commands.listJournals()),
  createJournal: (name: string, colour: JournalColour): Promise<Journal> =>
    call(() => commands.createJournal(wellFormed(name), colour)),
  updateJournal: (id: string, name: string, colour: JournalColour): Promise<Journal> =>
    call(() => commands.updateJournal(id, wellFormed(name), colour)),
  /** The Markdown new entries in the journal start with; "" for none. */
  setJournalTemplate: (id: string, template: string): Promise<Journal> =>
    call(() => commands.setJournalTemplate(id, wellFormed(template))),
  /** `moveTo`: the journal its entries go to, or null to delete them with it. undoDeleteJournal brings
   * it all back until the next launch. */
  deleteJournal: (id: string, moveTo: string | null): Promise<JournalDeleted> =>
    call(() => commands.deleteJournal(id, moveTo)),
  undoDeleteJournal: (id: string): Promise<Journal> => call(() => commands.undoDeleteJournal(id)),
  /** Every tag in use, with how many entries carry it. */
  listTags: (): Promise<TagCount[]> => call(() => commands.listTags()),
  /** Rewrites the tag in every entry's text; renaming to an existing tag merges the two. */
  renameTag: (from: string, to: string): Promise<TagRenamed> =>
    call(() => commands.renameTag(wellFormed(from), wellFormed(to))),
  /** `month`: `YYYY-MM`; `journal`: null for every journal. */
  calendarMonth: (month: string, journal: string | null = null): Promise<CalendarMonth> =>
    call(() => commands.calendarMonth(month, journal)),

  /** Null until the entry has been analysed (and for an entry with no words). */
  entryAnalysis: (id: string): Promise<EntryAnalysis | null> => call(() => commands.entryAnalysis(id)),
  /** `since`: ms since the epoch, or null for the whole journal. */
  history: (period: Period, since: number | null, journal: string | null = null): Promise<History> =>
    call(() => commands.history(period, since, journal)),
  highlights: (journal: string | null = null): Promise<Highlights> => call(() => commands.highlights(journal)),
  askJournal: (question: string, journal: string | null = null): Promise<Answer> =>
    call(() => commands.askJournal(wellFormed(question), journal)),
  /** Progress then arrives as `analysisJobChanged` events. */
  reanalyseAll: async (): Promise<void> => {
    await call(() => commands.reanalyseAll());
  },
  cancelAnalysis: async (): Promise<void> => {
    await call(() => commands.cancelAnalysis());
  },
  /** Null when no journal-wide analysis runs. */
  analysisStatus: (): Promise<AnalysisProgress | null> => call(() => commands.analysisStatus()),

  authStatus: (): Promise<AuthStatus> => call(() => commands.authStatus()),
  /** Resolves once the journal window is open; this (welcome) window is closed by the back end. */
  /** `browser`: use the system browser this time, whatever the setting. */
  signIn: async (browser = false): Promise<void> => {
    await call(() => commands.signIn(browser));
  },
  /** Makes a pending signIn() reject with `sign_in_cancelled`. */
  cancelSignIn: async (): Promise<void> => {
    await call(() => commands.cancelSignIn());
  },
  connectionStatus: (): Promise<Connection> => call(() => commands.connectionStatus()),
  /** The back end closes this (journal) window and opens the welcome window. */
  signOut: async (): Promise<void> => {
    await call(() => commands.signOut());
  },

  /** The version, and where the journal and its logs are kept. */
  about: (): Promise<About> => call(() => commands.about()),
  /** Shows the data folder in the file manager; rejects with `open_failed` naming the folder. */
  openDataFolder: async (): Promise<void> => {
    await call(() => commands.openDataFolder());
  },

  /** Whether the journal file was found damaged, and the backups a restore can use. */
  journalHealth: (): Promise<JournalHealth> => call(() => commands.journalHealth()),
  /** `backup`: a name from journalHealth's list, or null for a new, empty journal. When the journal
   * window opens, the back end closes this (welcome) window. */
  restoreJournal: (backup: string | null): Promise<Restored> => call(() => commands.restoreJournal(backup)),

  /** The back end closes this (journal) window, dropping every decrypted text, and opens the lock window. */
  lockJournal: async (): Promise<void> => {
    await call(() => commands.lockJournal());
  },
  securityStatus: (): Promise<Security> => call(() => commands.securityStatus()),
  setPassphrase: (passphrase: string): Promise<Security> =>
    call(() => commands.setPassphrase(wellFormed(passphrase))),
  removePassphrase: (): Promise<Security> => call(() => commands.removePassphrase()),
  /** `autoLockMinutes`: null for never. */
  setLockOptions: (askAtStart: boolean, autoLockMinutes: number | null): Promise<Security> =>
    call(() => commands.setLockOptions(askAtStart, autoLockMinutes)),
  /** Replaces the recovery key with a new one; the answer is the only time it is shown. */
  newRecoveryKey: (): Promise<RecoveryKeyShown> => call(() => commands.newRecoveryKey()),
  /** Rejects with `wrong_secret` when `key` is not the recovery key. */
  confirmRecoveryKey: (key: string): Promise<Security> => call(() => commands.confirmRecoveryKey(wellFormed(key))),
  lockStatus: (): Promise<LockStatus> => call(() => commands.lockStatus()),
  /** Rejects with `wrong_secret` when `secret` doesn't open the journal; on success the back end opens the
   * journal window and closes this (lock) window. Passphrases go through wellFormed as setPassphrase's do. */
  unlockJournal: async (secret: string): Promise<void> => {
    await call(() => commands.unlockJournal(wellFormed(secret)));
  },
  /** Non-null while this version's first start encrypts an existing journal. */
  upgradeStatus: (): Promise<Upgrade | null> => call(() => commands.upgradeStatus()),

  /** The preferences in effect, which of them the environment decides, and where they are kept. */
  getSettings: (): Promise<SettingsView> => call(() => commands.getSettings()),
  /** Saves one setting (null for its default) and applies it in every window; rejects with
   * `invalid_input` and a sentence to show for a bad value or a key the environment decides. */
  setSetting: (key: PreferenceKey, value: string | null): Promise<SettingsView> =>
    call(() => commands.setSetting(key, value)),
  /** Starts Quire at login (so the daily reminder fires after a reboot), or stops doing so. */
  setStartAtLogin: (on: boolean): Promise<SettingsView> => call(() => commands.setStartAtLogin(on)),

  /** The native dialog for a file (or a folder) to import; null when the person closed it. */
  chooseImport: (folder: boolean): Promise<string | null> => call(() => commands.chooseImport(folder)),
  /** What importing `path` would do; writes nothing. `journal`: every entry into that journal (id). */
  previewImport: (path: string, journal: string | null): Promise<Preview> =>
    call(() => commands.previewImport(path, journal)),
  /** Imports `path`, its progress in `exchangeProgress` events; `cancelExchange` stops it between batches. */
  importEntries: (path: string, journal: string | null): Promise<ImportReport> =>
    call(() => commands.importEntries(path, journal)),
  /** The native dialog for where to write an export; null when the person closed it. */
  chooseExport: (format: ExportFormat): Promise<string | null> => call(() => commands.chooseExport(format)),
  /** Exports the entries `filter` lets through to `path`; a cancel leaves nothing there. */
  exportEntries: (format: ExportFormat, filter: EntryFilter, path: string): Promise<ExportReport> =>
    call(() => commands.exportEntries(format, filter, path)),
  cancelExchange: async (): Promise<void> => {
    await call(() => commands.cancelExchange());
  },

  /** Where sync stands now; changes then arrive as `syncChanged` events. */
  syncStatus: (): Promise<SyncStatus> => call(() => commands.syncStatus()),
  /** Starts a sync round now; answers at once, the round's progress comes as `syncChanged` events. */
  syncNow: async (): Promise<void> => {
    await call(() => commands.syncNow());
  },
  /** Checks the server with these credentials, keeps them in the keyring and starts syncing. */
  connectSync: (url: string, username: string, password: string): Promise<SyncStatus> =>
    call(() => commands.connectSync(url, username, wellFormed(password))),
  /** Opens the journal already on the server; on success the back end replaces this window with a new one. */
  joinSync: (secret: string): Promise<SyncStatus> => call(() => commands.joinSync(wellFormed(secret))),
  /** Stops syncing and forgets the server and its password; the journal stays. */
  disconnectSync: async (): Promise<void> => {
    await call(() => commands.disconnectSync());
  },
  /** Every version of the entry a sync conflict kept, this computer's among them (`current`). */
  entryConflicts: (id: string): Promise<ConflictVersion[]> => call(() => commands.entryConflicts(id)),
  /** Keeps `content` as the entry's text and closes its conflict on every device. */
  resolveConflict: (id: string, content: string): Promise<EntrySummary> =>
    call(() => commands.resolveConflict(id, wellFormed(content))),
};

export type Api = typeof api;

/** Stops listening; safe to call more than once. */
export type StopListening = () => void;

/**
 * Back-end events. Each resolves to a stop function once listening, and rejects (with an AppError)
 * when events can't be listened to, e.g. outside Tauri.
 */
export const backendEvents = {
  connectionChanged: (handler: (connection: Connection) => void): Promise<StopListening> =>
    call(() => events.connectionChanged.listen((event) => handler(event.payload))),
  accountChanged: (handler: (user: UserProfile) => void): Promise<StopListening> =>
    call(() => events.accountChanged.listen((event) => handler(event.payload))),
  /** An entry was analysed after a save; `analysis` is null when the entry was emptied. */
  entryAnalysed: (handler: (analysed: EntryAnalysed) => void): Promise<StopListening> =>
    call(() => events.entryAnalysed.listen((event) => handler(event.payload))),
  /** The journal-wide analysis moved on; null once it finished or was cancelled. */
  analysisJobChanged: (handler: (progress: AnalysisProgress | null) => void): Promise<StopListening> =>
    call(() => events.analysisJobChanged.listen((event) => handler(event.payload))),
  /** The shell asks the journal window to lock, e.g. because the desktop session locked. */
  lockRequested: (handler: (request: null) => void): Promise<StopListening> =>
    call(() => events.lockRequested.listen(() => handler(null))),
  /** Settings changed (in this window or another): apply them at once. */
  preferencesChanged: (handler: (preferences: Preferences) => void): Promise<StopListening> =>
    call(() => events.preferencesChanged.listen((event) => handler(event.payload))),
  /** The daily reminder was clicked: start a new entry. */
  newEntryRequested: (handler: (request: null) => void): Promise<StopListening> =>
    call(() => events.newEntryRequested.listen(() => handler(null))),
  /** How far the import or export under way is. */
  exchangeProgress: (handler: (progress: ExchangeProgress) => void): Promise<StopListening> =>
    call(() => events.exchangeProgress.listen((event) => handler(event.payload))),
  /** `quire import` added entries: list them again. */
  entriesAdded: (handler: (news: null) => void): Promise<StopListening> =>
    call(() => events.entriesAdded.listen(() => handler(null))),
  /** Where sync stands changed: its state, progress, pending changes or conflicts. */
  syncChanged: (handler: (status: SyncStatus) => void): Promise<StopListening> =>
    call(() => events.syncChanged.listen((event) => handler(event.payload))),
  /** A pull changed these entries: list them again, and reread the open one if it has no unsaved edits. */
  entriesSynced: (handler: (synced: EntriesSynced) => void): Promise<StopListening> =>
    call(() => events.entriesSynced.listen((event) => handler(event.payload))),
  /** The journal's encryption moved on; null once it finished. */
  upgradeProgress: (handler: (upgrade: Upgrade | null) => void): Promise<StopListening> =>
    call(() => events.upgradeProgress.listen((event) => handler(event.payload))),
};

export type BackendEvents = typeof backendEvents;
