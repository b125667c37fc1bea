// Autosave for journal entries, kept free of React so its timing rules can be tested with fake timers.
//
// Rules: save ~500 ms after the last keystroke, but at least every ~3 s while typing goes on; only one
// save per entry is in flight, and newer text is saved again after it; a text counts as saved only when
// a save *of that exact text* succeeded; failures keep the text and retry with backoff.
import type { AppError, ErrorCode } from "../ipc/bindings";
import { toAppError } from "../ipc/errors";
import { SAVED, SAVING, UNSAVED, sameStatus } from "./autosaveStatus";
import type { SaveStatus } from "./autosaveStatus";

export { SAVED } from "./autosaveStatus";
export type { SaveStatus } from "./autosaveStatus";

export interface Timers {
  setTimeout(run: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export interface AutosaveOptions<R> {
  save: (id: string, content: string) => Promise<R>;
  /** Called with the back end's answer after each successful save (e.g. to patch the entry list). */
  onSaved?: (id: string, result: R) => void;
  debounceMs?: number;
  maxWaitMs?: number;
  /** Delay before automatic retry number n (the last one repeats). */
  retryDelaysMs?: readonly number[];
  timers?: Timers;
}

// Retrying these cannot succeed without the person doing something different.
const NO_AUTO_RETRY: ReadonlySet<ErrorCode> = new Set<ErrorCode>(["not_found", "invalid_input", "damaged"]);

// Looked up at call time so fake timers installed after construction still apply.
const globalTimers: Timers = {
  setTimeout: (run, ms) => globalThis.setTimeout(run, ms),
  clearTimeout: (handle) => globalThis.clearTimeout(handle as ReturnType<typeof setTimeout>),
};

interface Doc {
  readonly id: string;
  text: string;
  /** The last text the back end confirmed; null when unknown (so anything counts as unsaved). */
  savedText: string | null;
  inFlight: Promise<void> | null;
  debounce: unknown;
  maxWait: unknown;
  retry: unknown;
  failures: number;
  error: AppError | null;
  retryInMs: number | null;
  status: SaveStatus;
}

export class Autosaver<R = unknown> {
  private readonly docs = new Map<string, Doc>();
  private readonly listeners = new Set<(id: string) => void>();
  private readonly debounceMs: number;
  private readonly maxWaitMs: number;
  private readonly retryDelaysMs: readonly number[];
  private readonly timers: Timers;

  constructor(private readonly options: AutosaveOptions<R>) {
    this.debounceMs = options.debounceMs ?? 500;
    this.maxWaitMs = options.maxWaitMs ?? 3000;
    this.retryDelaysMs = options.retryDelaysMs ?? [1000, 2000, 5000, 10000, 30000];
    this.timers = options.timers ?? globalTimers;
  }

  /**
   * Starts tracking an entry loaded with `content`. Returns the text to show: if this entry still has
   * text that was never saved (say, after a failed save), that text wins over the stored content.
   */
  open(id: string, content: string): string {
    const existing = this.docs.get(id);
    if (existing && (this.isDirty(existing) || existing.inFlight)) return existing.text;
    if (existing) this.clearTimers(existing);
    const doc: Doc = {
      id,
      text: content,
      savedText: content,
      inFlight: null,
      debounce: null,
      maxWait: null,
      retry: null,
      failures: 0,
      error: null,
      retryInMs: null,
      status: SAVED,
    };
    this.docs.set(id, doc);
    this.notify(id);
    return content;
  }

  /** The person changed the text of entry `id`. */
  change(id: string, text: string): void {
    const doc = this.docs.get(id) ?? this.adopt(id);
    doc.text = text;
    if (!this.isDirty(doc)) {
      // Typed back to what is already stored: nothing to do, and an old failure no longer matters.
      this.clearTimer(doc, "debounce");
      this.clearTimer(doc, "maxWait");
      if (!doc.inFlight) this.resetFailures(doc);
      this.emit(doc);
      return;
    }
    // A pending retry owns the next attempt; typing must not defeat the backoff.
    if (doc.retry === null) {
      this.clearTimer(doc, "debounce");
      doc.debounce = this.timers.setTimeout(() => this.fire(doc, "debounce"), this.debounceMs);
      if (doc.maxWait === null) {
        doc.maxWait = this.timers.setTimeout(() => this.fire(doc, "maxWait"), this.maxWaitMs);
      }
    }
    this.emit(doc);
  }

  /**
   * Saves now if needed and resolves once the latest text of `id` is durable.
   * Rejects with an AppError when it is not; the text stays here and automatic retries go on.
   */
  async flush(id: string): Promise<void> {
    const doc = this.docs.get(id);
    if (!doc) return;
    for (;;) {
      if (doc.inFlight) {
        await doc.inFlight;
        continue;
      }
      if (!this.isDirty(doc)) return;
      await this.startSave(doc);
    }
  }

  /** Flushes every tracked entry; rejects with the first error if any could not be saved. */
  async flushAll(): Promise<void> {
    const results = await Promise.allSettled([...this.docs.keys()].map((id) => this.flush(id)));
    const failed = results.find((r): r is PromiseRejectedResult => r.status === "rejected");
    if (failed) throw toAppError(failed.reason);
  }

  /** For the Retry button: try now instead of waiting for the backoff. */
  retry(id: string): Promise<void> {
    return this.flush(id).catch(() => undefined);
  }

  status(id: string): SaveStatus {
    return this.docs.get(id)?.status ?? SAVED;
  }

  /** The latest text typed for `id`, saved or not. */
  text(id: string): string | undefined {
    return this.docs.get(id)?.text;
  }

  hasUnsaved(): boolean {
    for (const doc of this.docs.values()) if (this.isDirty(doc) || doc.inFlight) return true;
    return false;
  }

  /** Stops tracking an entry whose text is durable; returns false (and keeps it) otherwise. */
  forget(id: string): boolean {
    const doc = this.docs.get(id);
    if (!doc) return true;
    if (this.isDirty(doc) || doc.inFlight) return false;
    this.clearTimers(doc);
    this.docs.delete(id);
    return true;
  }

  /** Drops an entry whatever its state, e.g. after it was deleted. */
  discard(id: string): void {
    const doc = this.docs.get(id);
    if (!doc) return;
    this.clearTimers(doc);
    this.docs.delete(id);
  }

  /** A stable function, so React can pass it to useSyncExternalStore as is. */
  readonly subscribe = (listener: (id: string) => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  dispose(): void {
    for (const doc of this.docs.values()) this.clearTimers(doc);
    this.listeners.clear();
  }

  private adopt(id: string): Doc {
    this.open(id, "");
    const doc = this.docs.get(id)!;
    doc.savedText = null;
    return doc;
  }

  private fire(doc: Doc, which: "debounce" | "maxWait" | "retry"): void {
    doc[which] = null;
    if (which !== "retry") {
      // Whichever of the two fires first starts the save; the other one is moot.
      this.clearTimer(doc, "debounce");
      this.clearTimer(doc, "maxWait");
    }
    this.kick(doc);
  }

  /** Starts a background save if one is due; a running save picks up newer text when it ends. */
  private kick(doc: Doc): void {
    if (this.docs.get(doc.id) !== doc || doc.inFlight || !this.isDirty(doc)) return;
    this.startSave(doc).catch(() => undefined);
  }

  private startSave(doc: Doc): Promise<void> {
    const text = doc.text;
    this.clearTimers(doc);
    doc.retryInMs = null;
    let settle!: () => void;
    doc.inFlight = new Promise<void>((resolve) => (settle = resolve));
    this.emit(doc);

    const attempt = (async (): Promise<AppError | null> => {
      let result: R;
      try {
        result = await this.options.save(doc.id, text);
      } catch (error) {
        return toAppError(error);
      }
      // Only the text that was sent is known to be stored; newer typing stays unsaved.
      doc.savedText = text;
      this.resetFailures(doc);
      try {
        this.options.onSaved?.(doc.id, result);
      } catch {
        // A failing observer must not wedge the save loop; the text is stored either way.
      }
      return null;
    })();

    return attempt.then((error) => {
      doc.inFlight = null;
      settle();
      if (error) {
        doc.error = error;
        doc.failures += 1;
        this.scheduleRetry(doc);
        this.emit(doc);
        throw error;
      }
      this.emit(doc);
      // Text typed during the save: save it now unless typing is still going on (the debounce will).
      if (doc.debounce === null && doc.maxWait === null) this.kick(doc);
    });
  }

  private scheduleRetry(doc: Doc): void {
    this.clearTimer(doc, "retry");
    if (!doc.error || NO_AUTO_RETRY.has(doc.error.code) || this.docs.get(doc.id) !== doc) {
      doc.retryInMs = null;
      return;
    }
    const delays = this.retryDelaysMs;
    const delay = delays[Math.min(doc.failures - 1, delays.length - 1)] ?? 5000;
    doc.retryInMs = delay;
    doc.retry = this.timers.setTimeout(() => this.fire(doc, "retry"), delay);
  }

  private resetFailures(doc: Doc): void {
    doc.error = null;
    doc.failures = 0;
    doc.retryInMs = null;
    this.clearTimer(doc, "retry");
  }

  private isDirty(doc: Doc): boolean {
    return doc.text !== doc.savedText;
  }

  private clearTimer(doc: Doc, which: "debounce" | "maxWait" | "retry"): void {
    if (doc[which] !== null) {
      this.timers.clearTimeout(doc[which]);
      doc[which] = null;
    }
  }

  private clearTimers(doc: Doc): void {
    this.clearTimer(doc, "debounce");
    this.clearTimer(doc, "maxWait");
    this.clearTimer(doc, "retry");
  }

  private emit(doc: Doc): void {
    const next = this.computeStatus(doc);
    if (sameStatus(next, doc.status)) return;
    doc.status = next;
    this.notify(doc.id);
  }

  private notify(id: string): void {
    for (const listener of this.listeners) listener(id);
  }

  private computeStatus(doc: Doc): SaveStatus {
    if (doc.inFlight) return SAVING;
    if (doc.error) return { kind: "error", error: doc.error, retryInMs: doc.retryInMs };
    return this.isDirty(doc) ? UNSAVED : SAVED;
  }
}
