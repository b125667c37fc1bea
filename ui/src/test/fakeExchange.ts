// Import and export as the fake back end does them: the "file" a test hands over is a list of entry
// texts; the native dialogs answer with the paths a test sets (null: the person closed them).
import type { ExportReport, ImportReport, Preview } from "../ipc/bindings";
import type { CommandHandlers } from "./commands";

export class FakeExchange {
  /** What the native dialogs answer. */
  importPath: string | null = "/home/me/journal.json";
  exportPath: string | null = "/home/me/Quire.zip";
  /** The entries in the file to import, as texts. */
  file: string[] = [];
  /** Texts imported before: the preview counts them as already there. */
  imported = new Set<string>();
  /** Every export, as the window asked for it. */
  exports: Parameters<CommandHandlers["exportEntries"]>[] = [];

  constructor(
    private readonly addEntry: (content: string) => void,
    private readonly count: () => number,
  ) {}

  preview(): Preview {
    const already = this.file.filter((text) => this.imported.has(text)).length;
    return {
      format: "jrnlJson",
      file: "journal.json",
      entries: this.file.length,
      alreadyThere: already,
      firstDate: this.file.length ? Date.UTC(2021, 2, 1) : null,
      lastDate: this.file.length ? Date.UTC(2021, 2, 3) : null,
      journals: [{ name: "Journal", entries: this.file.length, exists: true }],
      tags: [{ name: "walk", entries: this.file.length }],
      pictures: 0,
      skipped: [],
      notes: [],
    };
  }

  readonly answers: Pick<
    CommandHandlers,
    "chooseImport" | "previewImport" | "importEntries" | "chooseExport" | "exportEntries" | "cancelExchange"
  > = {
    chooseImport: () => this.importPath,
    previewImport: () => this.preview(),
    importEntries: (): ImportReport => {
      let added = 0;
      for (const text of this.file) {
        if (this.imported.has(text)) continue;
        this.imported.add(text);
        this.addEntry(text);
        added += 1;
      }
      return { added, alreadyThere: this.file.length - added, pictures: 0, journalsMade: [], skipped: [], notes: [], cancelled: false };
    },
    chooseExport: () => this.exportPath,
    exportEntries: (...args): ExportReport => {
      this.exports.push(args);
      return { entries: this.count(), pictures: 0, cancelled: false };
    },
    cancelExchange: () => null,
  };
}
