// An in-memory stand-in for the Rust commands, answering the same IPC calls the real back end does.
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
  JournalHealth,
  JournalOwner,
  Restored,
  SearchHit,
} from "../ipc/bindings";
import { briefOf } from "../insights/moods";

interface Row extends Entry {
  deleted: boolean;
  analysis: EntryAnalysis | null;
}

/** A command call the test answers itself, e.g. a sign-in that waits for the person. */
export interface Held {
  release(value?: unknown): void;
  fail(error: AppError): void;
}

interface Gate extends Held {
  promise: Promise<unknown>;
}

export class FakeBackend {
  rows: Row[] = [];
  /** Set to make the next calls of a command fail with this error. */
  failures = new Map<string, AppError>();
  calls: { cmd: string; args: Record<string, unknown> }[] = [];
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
  private gates = new Map<string, Gate>();

  /** Makes the next calls of `cmd` wait until the returned handle releases or fails them. */
  hold(cmd: string): Held {
    let release!: (value: unknown) => void;
    let fail!: (error: AppError) => void;
    const promise = new Promise<unknown>((resolve, reject) => {
      release = resolve;
      fail = reject;
    });
    promise.catch(() => undefined);
    const gate: Gate = {
      promise,
      release: (value = null) => {
        this.gates.delete(cmd);
        release(value);
      },
      fail: (error) => {
        this.gates.delete(cmd);
        fail(error);
      },
    };
    this.gates.set(cmd, gate);
    return gate;
  }

  count(cmd: string): number {
    return this.calls.filter((c) => c.cmd === cmd).length;
  }

  add(content: string): Entry {
    this.clock += 60_000;
    const row: Row = {
      id: `entry-${this.nextId++}`,
      createdAt: this.clock,
      updatedAt: this.clock,
      content,
      wordCount: countWords(content),
      deleted: false,
      analysis: null,
    };
    this.rows.push(row);
    return strip(row);
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

  handle = async (cmd: string, payload: unknown): Promise<unknown> => {
    const args = (payload ?? {}) as Record<string, unknown>;
    this.calls.push({ cmd, args });
    const failure = this.failures.get(cmd);
    if (failure) throw failure;
    const gate = this.gates.get(cmd);
    if (gate) return gate.promise;
    const live = () => this.rows.filter((r) => !r.deleted).sort((a, b) => b.createdAt - a.createdAt);
    const find = (id: unknown) => {
      const row = this.rows.find((r) => r.id === id);
      if (!row) throw { code: "not_found", message: "No such entry." } satisfies AppError;
      return row;
    };
    switch (cmd) {
      case "journal_owner":
        return this.owner;
      case "list_entries": {
        const offset = args.offset as number;
        const items = live().slice(offset, offset + (args.limit as number)).map(summarize);
        return { total: live().length, offset, items };
      }
      case "get_entry":
        return strip(find(args.id));
      case "create_entry":
        return this.add("");
      case "save_entry": {
        const row = find(args.id);
        row.content = args.content as string;
        row.wordCount = countWords(row.content);
        row.updatedAt = ++this.clock;
        return summarize(row);
      }
      case "delete_entry":
        find(args.id).deleted = true;
        return null;
      case "restore_entry": {
        const row = find(args.id);
        row.deleted = false;
        return summarize(row);
      }
      case "search_entries": {
        const word = String(args.query).toLowerCase();
        return live()
          .filter((r) => r.content.toLowerCase().includes(word))
          .map((r): SearchHit => {
            const at = r.content.toLowerCase().indexOf(word);
            return {
              entry: summarize(r),
              snippet: [
                { text: r.content.slice(0, at), hit: false },
                { text: r.content.slice(at, at + word.length), hit: true },
                { text: r.content.slice(at + word.length), hit: false },
              ],
            };
          });
      }
      case "entry_analysis":
        return find(args.id).analysis;
      case "history":
        return this.history;
      case "highlights":
        return this.highlights;
      case "ask_journal":
        return this.answer(String(args.question));
      case "reanalyse_all":
        this.job = { done: 0, total: live().length, everything: true };
        return null;
      case "cancel_analysis":
        this.job = null;
        return null;
      case "analysis_status":
        return this.job;
      case "auth_status":
        return this.auth;
      case "sign_in":
        return null;
      case "cancel_sign_in":
        // Like the real back end: the waiting sign-in ends as cancelled.
        this.gates.get("sign_in")?.fail({ code: "sign_in_cancelled", message: "Sign-in was cancelled." });
        return null;
      case "connection_status":
        return this.connection;
      case "sign_out":
        return null;
      case "about":
        return this.about;
      case "open_data_folder":
        return null;
      case "journal_health":
        return this.health;
      case "restore_journal":
        return this.restored;
      case "plugin:window|destroy":
        return null;
      default:
        throw `unknown command ${cmd}`;
    }
  };
}

function countWords(text: string): number {
  return text.split(/\s+/).filter(Boolean).length;
}

function strip(row: Row): Entry {
  return { id: row.id, createdAt: row.createdAt, updatedAt: row.updatedAt, content: row.content, wordCount: row.wordCount };
}

function summarize(row: Row): EntrySummary {
  const title = row.content.split("\n").map((line) => line.trim()).find((line) => line !== "") ?? "";
  const analysis = row.analysis ? briefOf(row.analysis) : null;
  return { id: row.id, createdAt: row.createdAt, updatedAt: row.updatedAt, title, wordCount: row.wordCount, analysis };
}
