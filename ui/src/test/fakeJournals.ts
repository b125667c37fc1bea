// How the fake back end files its entries, answered as the real store does: the journals (with the
// undo of a deletion), the tags and their renames, a month of the calendar.
import type { AppError, CalendarMonth, Journal, JournalColour, JournalDeleted } from "../ipc/bindings";
import { isTagName, renameTagInText, tagKey } from "../journal/tags";
import { appErrors } from "./appErrors";
import type { CommandHandlers } from "./commands";
import { calendarMonth, countWords, hasTag, tagCounts } from "./fakeViews";
import type { FakeRow } from "./fakeViews";

/** An entry as the fake keeps it, deleted or not. */
export interface Row extends FakeRow {
  deleted: boolean;
  /** The journal it was deleted with, so that undoing that brings it back. */
  deletedWith: string | null;
}

export interface FakeJournal {
  id: string;
  name: string;
  colour: JournalColour;
  deleted: boolean;
  /** New entries' text; absent for none. */
  template?: string;
  /** The entries its deletion moved elsewhere, for the undo. */
  movedOut: string[];
}

/** What the fake keeps that these commands read and change. Read through calls, as tests may replace it. */
export interface JournalStore {
  /** Every entry, deleted ones too. */
  rows(): Row[];
  /** Every journal, deleted ones too. */
  journals(): FakeJournal[];
  /** Moves the fake's clock on and returns the new time, for an entry a rename changes. */
  tick(): number;
}

/** The commands answered here. */
type JournalCommandKey =
  | "listJournals"
  | "createJournal"
  | "updateJournal"
  | "setJournalTemplate"
  | "deleteJournal"
  | "undoDeleteJournal"
  | "listTags"
  | "renameTag"
  | "calendarMonth";

/** The back end's refusal, in its own words. */
function invalid(message: string): AppError {
  return { code: "invalid_input", message };
}

export class FakeJournals {
  private readonly store: JournalStore;
  /** Each tag's spelling, by key, once it was renamed; otherwise the oldest entry's spelling shows. */
  private readonly tagNames = new Map<string, string>();

  constructor(store: JournalStore) {
    this.store = store;
  }

  /** The entries not deleted, newest first by their date. */
  live(): Row[] {
    return this.store.rows().filter((r) => !r.deleted).sort((a, b) => b.datedAt - a.datedAt || b.createdAt - a.createdAt);
  }

  liveJournals(): FakeJournal[] {
    return this.store.journals().filter((j) => !j.deleted);
  }

  firstJournal(): FakeJournal {
    const first = this.liveJournals()[0];
    if (!first) throw new Error("no journal");
    return first;
  }

  /** A journal that is not deleted; the back end's words when there is none. */
  liveJournal(id: string): FakeJournal {
    const journal = this.liveJournals().find((j) => j.id === id);
    if (!journal) throw invalid("that journal no longer exists; pick another one");
    return journal;
  }

  journalOf(journal: FakeJournal): Journal {
    const entries = this.live().filter((r) => r.journalId === journal.id).length;
    return { id: journal.id, name: journal.name, colour: journal.colour, entries, template: journal.template ?? "" };
  }

  /** Adds a journal after the others, deleted ones included, so that no id comes back. */
  addJournal(name: string, colour: JournalColour): Journal {
    const journals = this.store.journals();
    const journal: FakeJournal = { id: `journal-${journals.length + 1}`, name, colour, deleted: false, movedOut: [] };
    journals.push(journal);
    return this.journalOf(journal);
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

  private calendar(month: string, journal: string | null): CalendarMonth {
    if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(month)) throw invalid(`"${month}" is not a month; use YYYY-MM`);
    if (journal !== null) this.liveJournal(journal);
    return calendarMonth(this.live().filter((r) => journal === null || r.journalId === journal), month);
  }

  readonly answers: Pick<CommandHandlers, JournalCommandKey> = {
    listJournals: () => this.liveJournals().map((j) => this.journalOf(j)),
    createJournal: (name, colour) => this.addJournal(this.journalName(name, null), colour),
    updateJournal: (id, name, colour) => {
      const journal = this.liveJournal(id);
      journal.name = this.journalName(name, id);
      journal.colour = colour;
      return this.journalOf(journal);
    },
    setJournalTemplate: (id, template) => {
      const journal = this.liveJournal(id);
      journal.template = template;
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
      const journal = this.store.journals().find((j) => j.id === id && j.deleted);
      if (!journal) throw appErrors.not_found;
      for (const row of this.store.rows()) {
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
        row.updatedAt = this.store.tick();
      }
      this.tagNames.set(tagKey(to), to);
      return { name: to, entries: having.length };
    },
    calendarMonth: (month, journal) => this.calendar(month, journal),
  };
}
