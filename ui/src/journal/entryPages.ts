// Page cache behind the virtualized entry list: loads the pages of the entries that pass the view's
// filter on demand, patches saved items in place, and keeps showing the old rows while a refresh
// refetches them (no flash of placeholders).
import { PAGE_SIZE } from "../ipc/bindings";
import type { AnalysisBrief, AppError, EntryFilter, EntryPage, EntrySummary } from "../ipc/bindings";
import { toAppError } from "../ipc/errors";
import { ALL_ENTRIES, sameFilter } from "./viewFilter";

export { PAGE_SIZE };
/** Pages kept either side of the ones in view; farther ones are dropped and loaded again if needed. */
export const KEEP_AROUND = 4;

export type PageLoader = (filter: EntryFilter, offset: number, limit: number) => Promise<EntryPage>;

export class EntryPages {
  /** Number of entries, or null before the first page arrived. */
  total: number | null = null;
  /** The last failure to load a page; cleared by the next success. */
  error: AppError | null = null;
  /** Which entries the pages hold; `setFilter` changes it. */
  filter: EntryFilter = ALL_ENTRIES;

  private pages = new Map<number, EntrySummary[]>();
  private stale = new Map<number, EntrySummary[]>();
  private loading = new Map<number, Promise<void>>();
  private generation = 0;
  private range: [number, number] = [0, 0];
  private version = 0;
  private changes = 0;
  private readonly listeners = new Set<() => void>();
  private readonly changeListeners = new Set<() => void>();

  constructor(
    private readonly load: PageLoader,
    readonly pageSize: number = PAGE_SIZE,
  ) {}

  /** Takes `first` (offset 0, loaded elsewhere) as the first page, as if it had loaded. */
  seed(first: EntryPage): void {
    if (first.offset !== 0 || this.pages.size > 0) return;
    this.pages.set(0, first.items);
    this.setTotal(first.total);
    this.bump();
  }

  /** The entry at `index`, or undefined while its page is not loaded. */
  get(index: number): EntrySummary | undefined {
    const page = Math.floor(index / this.pageSize);
    return (this.pages.get(page) ?? this.stale.get(page))?.[index % this.pageSize];
  }

  /** Loads the pages covering rows start..end (inclusive) that aren't loaded yet. */
  ensure(start: number, end: number): Promise<void> {
    this.range = [start, end];
    const first = Math.floor(Math.max(start, 0) / this.pageSize);
    const last = Math.floor(Math.max(end, start, 0) / this.pageSize);
    this.dropFarFrom(first, last);
    const waits: Promise<void>[] = [];
    for (let page = first; page <= last; page++) {
      if (this.total !== null && page * this.pageSize >= this.total && page > 0) break;
      waits.push(this.loadPage(page));
    }
    return Promise.all(waits).then(() => undefined);
  }

  /** The entry at `index`, loading its page if needed. */
  async at(index: number): Promise<EntrySummary | undefined> {
    await this.ensure(index, index);
    return this.get(index);
  }

  /** Where a loaded entry sits in the list, or -1 if it isn't in a loaded page. */
  indexOf(id: string): number {
    for (const source of [this.pages, this.stale]) {
      for (const [page, items] of source) {
        const i = items.findIndex((item) => item.id === id);
        if (i >= 0) return page * this.pageSize + i;
      }
    }
    return -1;
  }

  /** Replaces a saved entry's row in place; the order (by date) never changes on save. */
  patch(summary: EntrySummary): void {
    this.changed();
    this.replace(summary.id, () => summary);
  }

  /** Gives a loaded entry its new analysis (null: none any more), without refetching anything. */
  patchAnalysis(id: string, analysis: AnalysisBrief | null): void {
    this.changed();
    this.replace(id, (item) => ({ ...item, analysis }));
  }

  /**
   * Shows the entries that pass `filter` from the top, dropping the rows of the last one (they are
   * other entries); the first page starts loading at once. Nothing happens when the filter is the same.
   */
  setFilter(filter: EntryFilter): Promise<void> {
    if (sameFilter(filter, this.filter)) return this.loadPage(0);
    this.filter = filter;
    this.generation += 1;
    this.pages = new Map();
    this.stale = new Map();
    this.loading = new Map();
    this.total = null;
    this.error = null;
    this.range = [0, 0];
    const first = this.loadPage(0);
    this.bump();
    return first;
  }

  /** Refetches the rows in view after entries were added, removed or changed elsewhere. */
  refresh(): Promise<void> {
    this.generation += 1;
    for (const [page, items] of this.pages) this.stale.set(page, items);
    this.pages = new Map();
    this.loading = new Map();
    this.changed();
    const [start, end] = this.range;
    // Page 0 too: after a create or restore the caller usually shows the newest entries.
    return Promise.all([this.loadPage(0), this.ensure(start, end)]).then(() => undefined);
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /** Changes whenever anything shown may have changed; for useSyncExternalStore. */
  getVersion = (): number => this.version;

  /**
   * Goes up whenever entries may have changed (saved, analysed, added, removed, re-dated), not when
   * the filter or the rows in view do: what the calendar, tags and journals read again after.
   */
  getChanges = (): number => this.changes;

  /** Listens to `getChanges` only, so that a change to an entry out of view still wakes the listener. */
  subscribeChanges = (listener: () => void): (() => void) => {
    this.changeListeners.add(listener);
    return () => this.changeListeners.delete(listener);
  };

  private replace(id: string, update: (item: EntrySummary) => EntrySummary): void {
    let changed = false;
    for (const source of [this.pages, this.stale]) {
      for (const [page, items] of source) {
        const i = items.findIndex((item) => item.id === id);
        if (i < 0) continue;
        const copy = items.slice();
        copy[i] = update(items[i]);
        source.set(page, copy);
        changed = true;
      }
    }
    if (changed) this.bump();
  }

  private loadPage(page: number): Promise<void> {
    if (this.pages.has(page)) return Promise.resolve();
    const running = this.loading.get(page);
    if (running) return running;

    const generation = this.generation;
    const request = this.load(this.filter, page * this.pageSize, this.pageSize).then(
      (result) => {
        if (generation !== this.generation) return;
        this.pages.set(page, result.items);
        this.stale.delete(page);
        if (result.total !== this.total) this.setTotal(result.total);
        this.error = null;
      },
      (error: unknown) => {
        if (generation === this.generation) this.error = toAppError(error);
      },
    );
    const tracked = request.finally(() => {
      if (generation !== this.generation) return;
      this.loading.delete(page);
      this.bump();
    });
    this.loading.set(page, tracked);
    return tracked;
  }

  /**
   * Forgets loaded pages far from first..last, so that scrolling through years of entries holds a
   * few hundred rows rather than all of them. Page 0 stays: new entries and refreshes show it.
   */
  private dropFarFrom(first: number, last: number): void {
    for (const source of [this.pages, this.stale]) {
      for (const page of [...source.keys()]) {
        if (page !== 0 && (page < first - KEEP_AROUND || page > last + KEEP_AROUND)) source.delete(page);
      }
    }
  }

  private setTotal(total: number): void {
    this.total = total;
    // Rows past the end are gone; stale pages there would resurrect them.
    const lastPage = Math.floor(Math.max(total - 1, 0) / this.pageSize);
    for (const source of [this.pages, this.stale]) {
      for (const page of [...source.keys()]) if (page > lastPage || total === 0) source.delete(page);
    }
  }

  private changed(): void {
    this.changes += 1;
    for (const listener of this.changeListeners) listener();
  }

  private bump(): void {
    this.version += 1;
    for (const listener of this.listeners) listener();
  }
}
