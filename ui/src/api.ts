// The only place that talks to the generated IPC bindings, so a regenerated bindings.ts touches one file.
import { commands } from "./bindings";
import type { Entry, EntryPage, EntrySummary, SearchHit, Session } from "./bindings";
import { toAppError } from "./errors";

export type { AppError, Entry, EntryPage, EntrySummary, SearchHit, Session, SnippetPart } from "./bindings";
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
  session: (): Promise<Session> => call(() => commands.session()),
  listEntries: (offset: number, limit: number): Promise<EntryPage> =>
    call(() => commands.listEntries(offset, limit)),
  getEntry: (id: string): Promise<Entry> => call(() => commands.getEntry(id)),
  createEntry: (): Promise<Entry> => call(() => commands.createEntry()),
  saveEntry: (id: string, content: string): Promise<EntrySummary> =>
    call(() => commands.saveEntry(id, content)),
  deleteEntry: async (id: string): Promise<void> => {
    await call(() => commands.deleteEntry(id));
  },
  restoreEntry: (id: string): Promise<EntrySummary> => call(() => commands.restoreEntry(id)),
  searchEntries: (query: string, limit: number): Promise<SearchHit[]> =>
    call(() => commands.searchEntries(query, limit)),
};

export type Api = typeof api;
