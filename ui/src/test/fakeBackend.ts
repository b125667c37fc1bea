// An in-memory stand-in for the Rust commands, answering the same IPC calls the real back end does.
// Its answers are typed from the generated bindings (see commands.ts), one per command; the journals,
// tags and calendar are answered in fakeJournals.ts, the lock in fakeLock.ts, and the entries' views
// (list, search) are made in fakeViews.ts.
import type {
  About,
  AnalysisProgress,
  Answer,
  AppError,
  AuthStatus,
  Connection,
  Entry,
  EntryAnalysis,
  EntrySummary,
  Highlights,
  History,
  Journal,
  JournalColour,
  JournalHealth,
  JournalOwner,
  LockStatus,
  Restored,
  Security,
  Upgrade,
} from "../ipc/bindings";
import { appErrors } from "./appErrors";
import { commandKey } from "./commands";
import type { CommandHandlers, CommandName, ResultOf } from "./commands";
import { FakeJournals } from "./fakeJournals";
import type { FakeJournal, Row } from "./fakeJournals";
import { lockAnswers } from "./fakeLock";
import { FakeExchange } from "./fakeExchange";
import { FakeSettings } from "./fakeSettings";
import { FakeSync } from "./fakeSync";
import { countWords, passes, searchPage, summarize } from "./fakeViews";

/** What a test may set on an entry it adds. */
export type EntryFields = Partial<Pick<Entry, "datedAt" | "journalId" | "starred">>;

/** Closing the window, which Tauri's window plugin does rather than a Quire command. */
const WINDOW_DESTROY = "plugin:window|destroy";

/** How the fake ends a sign-in that is cancelled while it waits (app-errors.json has no such error). */
export const SIGN_IN_CANCELLED: AppError = { code: "sign_in_cancelled", message: "Sign-in was cancelled." };

/** Every call the fake answers: the generated commands, and closing the window. */
export type FakeCommand = CommandName | typeof WINDOW_DESTROY;

/** A command call the test answers itself, e.g. a sign-in that waits for the person. */
export interface Held<T> {
  /** Answers the waiting calls; commands that answer nothing can be released without a value. */
  release(...value: null extends T ? [value?: T] : [value: T]): void;
  fail(error: AppError): void;
}

interface Gate {
  promise: Promise<unknown>;
  fail(error: AppError): void;
}

export class FakeBackend {
  rows: Row[] = [];
  /** Every journal, deleted ones too; a person starts with one. */
  journals: FakeJournal[] = [{ id: "journal-1", name: "Journal", colour: "blue", deleted: false, movedOut: [] }];
  /** Set to make the next calls of a command fail with this error. */
  failures = new Map<FakeCommand, AppError>();
  calls: { cmd: FakeCommand; args: Record<string, unknown> }[] = [];
  /** The preferences and the settings commands. */
  readonly settings = new FakeSettings();
  readonly exchange = new FakeExchange(
    (content) => void this.add(content),
    () => this.shelf.live().length,
  );
  /** Sync's status, its server and the entries' conflicts; a resolution saves the kept text. */
  readonly sync = new FakeSync((id, content) => this.answers.saveEntry(id, content));
  private clock = Date.UTC(2026, 10, 26, 9, 0);
  private nextId = 1;
  /** The journals, tags and calendar, over these entries and journals. */
  private readonly shelf = new FakeJournals({
    rows: () => this.rows,
    journals: () => this.journals,
    tick: () => ++this.clock,
  });

  owner: JournalOwner = { user: { id: "local", email: null, displayName: null }, dataDir: "/tmp/quire" };
  auth: AuthStatus = { configured: true, provider: "clerk.example.com", mode: "embedded", setupHelp: null, notice: null };
  connection: Connection = { state: "online", detail: null };
  /** What `history` answers, whatever the period and range; tests set it. */
  history: History = { points: [], average: null, moods: [], unanalysed: 0 };
  highlights: Highlights = {
    today: "2026-11-26",
    onThisDay: [],
    streak: { current: 0, longest: 0, wroteToday: false, daysWritten: 0 },
  };
  /** What `ask_journal` answers. */
  answer: (question: string) => Answer = () => ({ terms: [], sentences: [], sources: [] });
  /** What `about` answers. */
  about: About = {
    version: "0.1.0",
    dataDir: "/home/ada/.local/share/app.quire.journal",
    databaseFile: "/home/ada/.local/share/app.quire.journal/quire.sqlite3",
    logsDir: "/home/ada/.local/share/app.quire.journal/logs",
    logFile: "/home/ada/.local/share/app.quire.journal/logs/quire.2026-11-26.log",
  };
  /** What `journal_health` answers; tests make it damaged. */
  health: JournalHealth = {
    damaged: false,
    reason: null,
    databaseFile: "/home/ada/.local/share/app.quire.journal/quire.sqlite3",
    backupsDir: "/home/ada/.local/share/app.quire.journal/backups",
    backups: [],
    problem: null,
  };
  /** What `restore_journal` answers. */
  restored: Restored = {
    keptIn: "/home/ada/.local/share/app.quire.journal/damaged/1795000000000",
    backup: null,
    journalOpened: false,
  };
  /** The journal-wide analysis, as `analysis_status` reports it. */
  job: AnalysisProgress | null = null;
  /** The lock settings. The recovery key counts as saved, so the journal opens without asking for it. */
  security: Security = { hasPassphrase: false, askAtStart: false, autoLockMinutes: null, recoveryConfirmed: true };
  /** The passphrase `set_passphrase` set; with the recovery key, what `unlock_journal` takes. */
  passphrase: string | null = null;
  /** The key `new_recovery_key` made last; what `confirm_recovery_key` and `unlock_journal` take. */
  recoveryKey: string | null = null;
  /** What `lock_status` answers; a wrong secret sets its wait, as `waitAfter` says. */
  lock: LockStatus = { who: "ada@example.com", hasPassphrase: true, waitMs: 0 };
  /** How long the lock window must wait after the n-th wrong secret in a row: longer each time. */
  waitAfter = (wrongTries: number): number => 1000 * 2 ** (wrongTries - 1);
  /** Wrong secrets since the last unlock. */
  wrongTries = 0;
  /** The encryption of an existing journal, as `upgrade_status` reports it. */
  upgrade: Upgrade | null = null;
  private gates = new Map<FakeCommand, Gate>();

  /** Makes the next calls of `cmd` wait until the returned handle releases or fails them. */
  hold<N extends CommandName>(cmd: N): Held<ResultOf<N>> {
    let release!: (value: unknown) => void;
    let fail!: (error: AppError) => void;
    const promise = new Promise<unknown>((resolve, reject) => {
      release = resolve;
      fail = reject;
    });
    promise.catch(() => undefined);
    const gate: Gate = {
      promise,
      fail: (error) => {
        this.gates.delete(cmd);
        fail(error);
      },
    };
    this.gates.set(cmd, gate);
    const held = {
      release: (...value: unknown[]) => {
        this.gates.delete(cmd);
        release(value.length > 0 ? value[0] : null);
      },
      fail: gate.fail,
    };
    return held as Held<ResultOf<N>>;
  }

  count(cmd: FakeCommand): number {
    return this.calls.filter((c) => c.cmd === cmd).length;
  }

  /** Adds an entry, a minute after the last one; dated then and in the first journal unless `fields` say. */
  add(content: string, fields: EntryFields = {}): Entry {
    this.clock += 60_000;
    const row: Row = {
      id: `entry-${this.nextId++}`,
      createdAt: this.clock,
      updatedAt: this.clock,
      datedAt: fields.datedAt ?? this.clock,
      journalId: fields.journalId ?? this.shelf.firstJournal().id,
      starred: fields.starred ?? false,
      content,
      wordCount: countWords(content),
      deleted: false,
      analysis: null,
      deletedWith: null,
    };
    this.rows.push(row);
    return strip(row);
  }

  /** Adds a journal after the others, as create_journal does. */
  addJournal(name: string, colour: JournalColour = "green"): Journal {
    return this.shelf.addJournal(name, colour);
  }

  /** The journal `name`, not deleted. */
  journalNamed(name: string): Journal {
    const journal = this.shelf.liveJournals().find((j) => j.name === name);
    if (!journal) throw new Error(`no journal ${name}`);
    return this.shelf.journalOf(journal);
  }

  /**
   * Gives entry `id` an analysis, as the worker would after a save, and returns it; a test then
   * emits `entry-analysed` with it.
   */
  analyse(id: string, fields: Partial<EntryAnalysis> = {}): EntryAnalysis {
    const row = this.rows.find((r) => r.id === id);
    if (!row) throw new Error(`no entry ${id}`);
    row.analysis = {
      entryId: id,
      sentiment: 6,
      negative: false,
      mood: "calm",
      subject: "garden, morning",
      summary: row.content.split(/(?<=[.!?])\s/)[0] ?? "",
      colour: "#28867d",
      analysedAt: ++this.clock,
      current: true,
      ...fields,
    };
    return row.analysis;
  }

  /** A summary as the list and search show it. */
  summary(id: string): EntrySummary {
    const row = this.rows.find((r) => r.id === id);
    if (!row) throw new Error(`no entry ${id}`);
    return summarize(row);
  }

  /** Answers one IPC call; mockIPC passes every call the window makes through here. */
  handle = async (cmd: string, payload: unknown): Promise<unknown> => {
    const name = fakeCommandOf(cmd);
    if (!name) throw `unknown command ${cmd}`;
    const args = (payload ?? {}) as Record<string, unknown>;
    this.calls.push({ cmd: name, args });
    const failure = this.failures.get(name);
    if (failure) throw failure;
    const gate = this.gates.get(name);
    if (gate) return gate.promise;
    if (name === WINDOW_DESTROY) return null;
    // The generated bindings send the parameters as an object, in the order the command takes them.
    const answer = this.answers[commandKey(name)!] as (...params: unknown[]) => unknown;
    return answer(...Object.values(args));
  };

  private find(id: string): Row {
    const row = this.rows.find((r) => r.id === id);
    if (!row) throw appErrors.not_found;
    return row;
  }

  private readonly answers: CommandHandlers = {
    journalOwner: () => this.owner,
    listEntries: (filter, offset, limit) => {
      const rows = this.shelf.live().filter((r) => passes(r, filter));
      return { total: rows.length, offset, items: rows.slice(offset, offset + limit).map(summarize) };
    },
    getEntry: (id) => strip(this.find(id)),
    createEntry: (journal, datedAt) => {
      const target = journal === null ? this.shelf.firstJournal() : this.shelf.liveJournal(journal);
      const journalId = target.id;
      // The template as it is: the fake fills in no date.
      const entry = this.add(target.template ?? "", { journalId });
      if (datedAt === null) return entry;
      const row = this.find(entry.id);
      row.datedAt = datedAt;
      return strip(row);
    },
    saveEntry: (id, content) => {
      const row = this.find(id);
      row.content = content;
      row.wordCount = countWords(row.content);
      row.updatedAt = ++this.clock;
      return summarize(row);
    },
    deleteEntry: (id) => {
      this.find(id).deleted = true;
      return null;
    },
    restoreEntry: (id) => {
      const row = this.find(id);
      row.deleted = false;
      return summarize(row);
    },
    searchEntries: (request) => searchPage(this.shelf.live(), request),
    setEntryDate: (id, datedAt) => {
      const row = this.find(id);
      row.datedAt = datedAt;
      return summarize(row);
    },
    setEntryStarred: (id, starred) => {
      const row = this.find(id);
      row.starred = starred;
      return summarize(row);
    },
    moveEntry: (id, journal) => {
      const row = this.find(id);
      row.journalId = this.shelf.liveJournal(journal).id;
      return summarize(row);
    },
    entryAnalysis: (id) => this.find(id).analysis,
    ...this.shelf.answers,
    // The journal in view is in `calls`, for the tests to read.
    history: () => this.history,
    highlights: () => this.highlights,
    askJournal: (question) => this.answer(question),
    reanalyseAll: () => {
      this.job = { done: 0, total: this.shelf.live().length, everything: true };
      return null;
    },
    cancelAnalysis: () => {
      this.job = null;
      return null;
    },
    analysisStatus: () => this.job,
    about: () => this.about,
    openDataFolder: () => null,
    authStatus: () => this.auth,
    signIn: () => null,
    cancelSignIn: () => {
      // Like the real back end: the waiting sign-in ends as cancelled.
      this.gates.get("sign_in")?.fail(SIGN_IN_CANCELLED);
      return null;
    },
    connectionStatus: () => this.connection,
    signOut: () => null,
    journalHealth: () => this.health,
    restoreJournal: () => this.restored,
    ...lockAnswers(this),
    upgradeStatus: () => this.upgrade,
    ...this.settings.answers,
    ...this.exchange.answers,
    ...this.sync.answers,
  };
}

function fakeCommandOf(cmd: string): FakeCommand | null {
  if (cmd === WINDOW_DESTROY) return WINDOW_DESTROY;
  return commandKey(cmd) ? (cmd as CommandName) : null;
}

function strip(row: Row): Entry {
  const { id, createdAt, updatedAt, datedAt, journalId, starred, content, wordCount } = row;
  return { id, createdAt, updatedAt, datedAt, journalId, starred, content, wordCount };
}
