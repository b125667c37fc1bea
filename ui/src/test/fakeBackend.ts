// An in-memory stand-in for the Rust commands, answering the same IPC calls the real back end does.
// Its answers are typed from the generated bindings (see commands.ts), one per command.
import { briefOf } from "../insights/moods";
import type {
  About,
  AnalysisProgress,
  Answer,
  AppError,
  AuthStatus,
  CalendarMonth,
  Connection,
  Entry,
  EntryAnalysis,
  EntryFilter,
  EntrySummary,
  Highlights,
  History,
  Journal,
  JournalColour,
  JournalDeleted,
  JournalHealth,
  JournalOwner,
  LockStatus,
  Restored,
  SearchHit,
  SearchPage,
  SearchRequest,
  Security,
  Upgrade,
} from "../ipc/bindings";
import { isTagName, renameTagInText, tagKey } from "../journal/tags";
import { appErrors } from "./appErrors";
import { commandKey } from "./commands";
import type { CommandHandlers, CommandName, ResultOf } from "./commands";
import { calendarMonth, hasTag, passes, tagCounts } from "./fakeViews";

interface Row extends Entry {
  deleted: boolean;
  analysis: EntryAnalysis | null;
  /** The journal it was deleted with, so that undoing that brings it back. */
  deletedWith: string | null;
}

interface FakeJournal {
  id: string;
  name: string;
  colour: JournalColour;
  deleted: boolean;
  /** The entries its deletion moved elsewhere, for the undo. */
  movedOut: string[];
}

/** What a test may set on an entry it adds. */
export type EntryFields = Partial<Pick<Entry, "datedAt" | "journalId" | "starred">>;

/** The back end's refusal, in its own words. */
function invalid(message: string): AppError {
  return { code: "invalid_input", message };
}

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
  /** Each tag's spelling, by key, once it was renamed; otherwise the oldest entry's spelling shows. */
  private tagNames = new Map<string, string>();
  /** Set to make the next calls of a command fail with this error. */
  failures = new Map<FakeCommand, AppError>();
  calls: { cmd: FakeCommand; args: Record<string, unknown> }[] = [];
  private clock = Date.UTC(2026, 10, 26, 9, 0);
  private nextId = 1;

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
  private keysMade = 0;
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
      journalId: fields.journalId ?? this.firstJournal().id,
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
    const journal: FakeJournal = { id: `journal-${this.journals.length + 1}`, name, colour, deleted: false, movedOut: [] };
    this.journals.push(journal);
    return this.journalOf(journal);
  }

  /** The journal `name`, not deleted. */
  journalNamed(name: string): Journal {
    const journal = this.liveJournals().find((j) => j.name === name);
    if (!journal) throw new Error(`no journal ${name}`);
    return this.journalOf(journal);
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

  /** The entries not deleted, newest first by their date. */
  private live(): Row[] {
    return this.rows.filter((r) => !r.deleted).sort((a, b) => b.datedAt - a.datedAt || b.createdAt - a.createdAt);
  }

  private liveJournals(): FakeJournal[] {
    return this.journals.filter((j) => !j.deleted);
  }

  private firstJournal(): FakeJournal {
    const first = this.liveJournals()[0];
    if (!first) throw new Error("no journal");
    return first;
  }

  /** A journal that is not deleted; the back end's words when there is none. */
  private liveJournal(id: string): FakeJournal {
    const journal = this.liveJournals().find((j) => j.id === id);
    if (!journal) throw invalid("that journal no longer exists; pick another one");
    return journal;
  }

  private journalOf(journal: FakeJournal): Journal {
    const entries = this.live().filter((r) => r.journalId === journal.id).length;
    return { id: journal.id, name: journal.name, colour: journal.colour, entries };
  }

  /** A journal name as the back end keeps it: spaces collapsed, not empty, not another journal's. */
  private journalName(name: string, except: string | null): string {
    const tidy = name.split(/\s+/).filter(Boolean).join(" ");
    if (tidy === "") throw invalid("a journal needs a name");
    if ([...tidy].length > 60) throw invalid("journal names are at most 60 characters");
    const taken = this.liveJournals().some((j) => j.id !== except && j.name.toLowerCase() === tidy.toLowerCase());
    if (taken) throw invalid(`you already have a journal called \u201c${tidy}\u201d; choose another name`);
    return tidy;
  }

  private passes(row: Row, filter: EntryFilter): boolean {
    return passes(row, filter);
  }

  private calendar(month: string, journal: string | null): CalendarMonth {
    if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(month)) throw invalid(`"${month}" is not a month; use YYYY-MM`);
    if (journal !== null) this.liveJournal(journal);
    return calendarMonth(this.live().filter((r) => journal === null || r.journalId === journal), month);
  }

  /**
   * The live entries that pass the filter and hold every word (anywhere, in any case), newest first
   * by date, a page at a time: the cursor is where the next page starts. An unclosed quote is
   * searched as plain words, with a hint saying so, as the real back end does.
   */
  private search({ text, filter, cursor, limit }: SearchRequest): SearchPage {
    const unclosed = (text.match(/"/g) ?? []).length % 2 === 1;
    const words = text.replace(/"/g, " ").toLowerCase().split(/\s+/).filter(Boolean);
    const matches = this.live().filter(
      (r) => this.passes(r, filter) && words.every((word) => r.content.toLowerCase().includes(word)),
    );
    const start = cursor === null ? 0 : Number(cursor);
    const end = start + limit;
    const first = words[0] ?? "";
    const hits = matches.slice(start, end).map((r): SearchHit => {
      const at = Math.max(r.content.toLowerCase().indexOf(first), 0);
      return {
        entry: summarize(r),
        snippet: [
          { text: r.content.slice(0, at), hit: false },
          { text: r.content.slice(at, at + first.length), hit: true },
          { text: r.content.slice(at + first.length), hit: false },
        ],
      };
    });
    return {
      hits,
      next: end < matches.length ? String(end) : null,
      hint: unclosed ? "The closing \" is missing, so those words were searched one by one." : null,
      terms: words.map((word) => ({ text: word, prefix: false })),
    };
  }

  private find(id: string): Row {
    const row = this.rows.find((r) => r.id === id);
    if (!row) throw appErrors.not_found;
    return row;
  }

  private readonly answers: CommandHandlers = {
    journalOwner: () => this.owner,
    listEntries: (filter, offset, limit) => {
      const rows = this.live().filter((r) => this.passes(r, filter));
      return { total: rows.length, offset, items: rows.slice(offset, offset + limit).map(summarize) };
    },
    getEntry: (id) => strip(this.find(id)),
    createEntry: (journal, datedAt) => {
      const journalId = journal === null ? this.firstJournal().id : this.liveJournal(journal).id;
      const entry = this.add("", { journalId });
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
    searchEntries: (request) => this.search(request),
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
      row.journalId = this.liveJournal(journal).id;
      return summarize(row);
    },
    entryAnalysis: (id) => this.find(id).analysis,
    listJournals: () => this.liveJournals().map((j) => this.journalOf(j)),
    createJournal: (name, colour) => this.addJournal(this.journalName(name, null), colour),
    updateJournal: (id, name, colour) => {
      const journal = this.liveJournal(id);
      journal.name = this.journalName(name, id);
      journal.colour = colour;
      return this.journalOf(journal);
    },
    deleteJournal: (id, moveTo): JournalDeleted => {
      const journal = this.liveJournal(id);
      const target = moveTo === null ? null : this.liveJournal(moveTo);
      if (target === journal) throw invalid("a journal's entries cannot move into the journal being deleted");
      if (this.liveJournals().length === 1) {
        throw invalid("this is your only journal; create another one before deleting it");
      }
      const before = this.journalOf(journal);
      const rows = this.live().filter((r) => r.journalId === id);
      for (const row of rows) {
        if (target) row.journalId = target.id;
        else {
          row.deleted = true;
          row.deletedWith = id;
        }
      }
      journal.movedOut = target ? rows.map((r) => r.id) : [];
      journal.deleted = true;
      return { journal: before, movedTo: moveTo, entries: rows.length };
    },
    undoDeleteJournal: (id) => {
      const journal = this.journals.find((j) => j.id === id && j.deleted);
      if (!journal) throw appErrors.not_found;
      for (const row of this.rows) {
        if (journal.movedOut.includes(row.id)) row.journalId = id;
        if (row.deletedWith === id) {
          row.deleted = false;
          row.deletedWith = null;
        }
      }
      journal.movedOut = [];
      journal.deleted = false;
      return this.journalOf(journal);
    },
    listTags: () => tagCounts(this.live(), this.tagNames),
    renameTag: (from, to) => {
      if (!isTagName(to)) {
        throw invalid(`\u201c${to}\u201d cannot be a tag: use letters, digits, _, - or /, with at least one letter and no spaces`);
      }
      const having = this.live().filter((r) => hasTag(r.content, from));
      if (having.length === 0) throw appErrors.not_found;
      for (const row of having) {
        row.content = renameTagInText(row.content, from, to);
        row.wordCount = countWords(row.content);
        row.updatedAt = ++this.clock;
      }
      this.tagNames.set(tagKey(to), to);
      return { name: to, entries: having.length };
    },
    calendarMonth: (month, journal) => this.calendar(month, journal),
    // The journal in view is in `calls`, for the tests to read.
    history: () => this.history,
    highlights: () => this.highlights,
    askJournal: (question) => this.answer(question),
    reanalyseAll: () => {
      this.job = { done: 0, total: this.live().length, everything: true };
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
    lockJournal: () => null,
    securityStatus: () => this.security,
    setPassphrase: (passphrase) => {
      this.passphrase = passphrase;
      return this.setSecurity({ hasPassphrase: true });
    },
    removePassphrase: () => {
      this.passphrase = null;
      return this.setSecurity({ hasPassphrase: false, askAtStart: false, autoLockMinutes: null });
    },
    setLockOptions: (askAtStart, autoLockMinutes) => this.setSecurity({ askAtStart, autoLockMinutes }),
    newRecoveryKey: () => {
      this.keysMade += 1;
      this.recoveryKey = recoveryKey(this.keysMade);
      this.setSecurity({ recoveryConfirmed: false });
      return { key: this.recoveryKey };
    },
    confirmRecoveryKey: (key) => {
      if (this.recoveryKey === null || normalKey(key) !== this.recoveryKey) throw appErrors.wrong_secret;
      return this.setSecurity({ recoveryConfirmed: true });
    },
    lockStatus: () => this.lock,
    unlockJournal: (secret) => {
      const opens = (secret !== "" && secret === this.passphrase) || (this.recoveryKey !== null && normalKey(secret) === this.recoveryKey);
      if (!opens) {
        this.wrongTries += 1;
        this.lock = { ...this.lock, waitMs: this.waitAfter(this.wrongTries) };
        throw appErrors.wrong_secret;
      }
      this.wrongTries = 0;
      this.lock = { ...this.lock, waitMs: 0 };
      return null;
    },
    upgradeStatus: () => this.upgrade,
  };

  private setSecurity(change: Partial<Security>): Security {
    this.security = { ...this.security, ...change };
    return this.security;
  }
}

function fakeCommandOf(cmd: string): FakeCommand | null {
  if (cmd === WINDOW_DESTROY) return WINDOW_DESTROY;
  return commandKey(cmd) ? (cmd as CommandName) : null;
}

/** The n-th recovery key the fake makes: eight groups of four, like the real ones. */
function recoveryKey(n: number): string {
  const groups = ["7QF2", "K9MD", "X4RT", "B8NW", "P3HC", "V6LJ", "M2ZE", "T5GY"];
  return groups.map((group, i) => (i === 7 ? `${group.slice(0, 3)}${n % 10}` : group)).join("-");
}

/** A typed key as the back end compares it: case, spaces and dashes don't matter. */
function normalKey(typed: string): string {
  const plain = typed.toUpperCase().replace(/[\s-]/g, "");
  return plain.match(/.{1,4}/g)?.join("-") ?? "";
}

function countWords(text: string): number {
  return text.split(/\s+/).filter(Boolean).length;
}

function strip(row: Row): Entry {
  const { id, createdAt, updatedAt, datedAt, journalId, starred, content, wordCount } = row;
  return { id, createdAt, updatedAt, datedAt, journalId, starred, content, wordCount };
}

function summarize(row: Row): EntrySummary {
  const title = row.content.split("\n").map((line) => line.trim()).find((line) => line !== "") ?? "";
  const analysis = row.analysis ? briefOf(row.analysis) : null;
  const { id, createdAt, updatedAt, datedAt, journalId, starred, wordCount } = row;
  return { id, createdAt, updatedAt, datedAt, journalId, starred, title, wordCount, analysis };
}
