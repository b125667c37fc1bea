// Import and Export. Import: a file or folder picked in the native dialog, a preview of what it
// holds (entries, dates, journals, tags, pictures, what is already here and what will be skipped),
// the journal that receives it, then the import with a progress bar and Cancel. Export: a format and
// which entries (all, the journal in view, a tag, a date range), the reminder that an export is not
// encrypted, then the native save dialog and the export with a progress bar and Cancel. The work
// itself belongs to the window (`useExchangeJob`): closing the dialog leaves it running.
import { useId, useState } from "react";
import type { EntryFilter, ExportFormat, Journal, Problem } from "../ipc/api";
import { describeError } from "../ipc/errors";
import { ModalFrame } from "../ui/ModalFrame";
import { Segmented } from "../ui/Segmented";
import { useModal } from "../ui/useModal";
import type { ExchangeJob } from "./useExchangeJob";
import "./exchange.css";

export type ExchangeTab = "import" | "export";

interface Props {
  journals: readonly Journal[];
  /** The journal in view, for "This journal" and as the import's default; null for All journals. */
  journalInView: string | null;
  job: ExchangeJob;
  /** The tab it opens on; a job under way opens its own. */
  initialTab: ExchangeTab;
  onClose(): void;
}

const FORMATS: readonly { value: ExportFormat; label: string; about: string }[] = [
  { value: "quire", label: "Quire (zip)", about: "Everything, pictures included; Quire reads it back exactly." },
  { value: "markdownZip", label: "Markdown (zip)", about: "One Markdown file per entry with front matter, pictures beside; Joplin and Obsidian read it." },
  { value: "markdownFolder", label: "Markdown (folder)", about: "The same as files in a folder." },
  { value: "jrnlJson", label: "jrnl JSON", about: "jrnl's JSON export." },
  { value: "jrnlText", label: "jrnl journal file", about: "jrnl's plain-text journal, which `jrnl --import` reads." },
  { value: "dayOne", label: "Day One (zip)", about: "A zip in the shape of Day One's JSON export: one file per journal, with the photos." },
  { value: "pdf", label: "PDF (a printed book)", about: "A title page, then the entries by month with their pictures and page numbers, ready to read or print." },
];

type Scope = "all" | "journal" | "tag" | "dates";

function day(ms: number | null): string {
  return ms === null ? "" : new Date(ms).toLocaleDateString(undefined, { year: "numeric", month: "short", day: "numeric" });
}

/** Local midnight of `value` (YYYY-MM-DD) plus `days`, in ms. */
function dayStart(value: string, days = 0): number | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return null;
  return new Date(Number(match[1]), Number(match[2]) - 1, Number(match[3]) + days).getTime();
}

function Problems({ heading, problems }: { heading: string; problems: readonly Problem[] }) {
  if (problems.length === 0) return null;
  return (
    <details className="exchange-problems">
      <summary>
        {heading}: {problems.length}
      </summary>
      <ul>
        {problems.slice(0, 200).map((problem, i) => (
          <li key={i}>
            {problem.file}, {problem.entry}: {problem.reason}
          </li>
        ))}
        {problems.length > 200 && <li>… and {problems.length - 200} more.</li>}
      </ul>
    </details>
  );
}

export function ExchangeDialog({ journals, journalInView, job, initialTab, onClose }: Props) {
  const { dialogRef, initialFocusRef, onKeyDown } = useModal<HTMLButtonElement>(onClose);
  const titleId = useId();
  const textId = useId();
  const { step } = job;
  const [tab, setTab] = useState<ExchangeTab>(() => {
    if (step.kind === "working") return step.what;
    if (step.kind === "exported") return "export";
    if (step.kind === "idle") return initialTab;
    return "import";
  });
  const [target, setTarget] = useState<string>("");
  const [format, setFormat] = useState<ExportFormat>("quire");
  const [scope, setScope] = useState<Scope>(journalInView ? "journal" : "all");
  const [tag, setTag] = useState("");
  const [from, setFrom] = useState("");
  const [to, setTo] = useState("");
  const working = job.busy;
  const filter = (): EntryFilter | null => {
    const none: EntryFilter = { journal: null, tag: null, from: null, to: null, starred: false, mood: null };
    switch (scope) {
      case "all":
        return none;
      case "journal":
        return { ...none, journal: journalInView };
      case "tag":
        return tag.trim() ? { ...none, tag: tag.trim().replace(/^#/, "") } : null;
      case "dates": {
        const start = from ? dayStart(from) : null;
        const end = to ? dayStart(to, 1) : null;
        if ((from && start === null) || (to && end === null) || (start === null && end === null)) return null;
        if (start !== null && end !== null && end <= start) return null;
        return { ...none, from: start, to: end };
      }
    }
  };

  const runExport = () => {
    const chosen = filter();
    if (chosen) void job.runExport(format, chosen);
  };

  const journalName = journals.find((journal) => journal.id === journalInView)?.name;

  return (
    <ModalFrame
      dialogRef={dialogRef}
      onKeyDown={onKeyDown}
      onDismiss={onClose}
      labelledBy={titleId}
      describedBy={textId}
      className="exchange-dialog"
      testId="exchange-dialog"
    >
      <h2 id={titleId} className="dialog-title">
        Import and export
      </h2>
      <p id={textId} className="dialog-text">
        Bring in entries from Day One, Joplin, jrnl, Mini Diary, Markdown files (Obsidian) or a Quire export,
        or take your journal with you.
      </p>
      <Segmented
        label="Import or export"
        options={[
          { value: "import", label: "Import" },
          { value: "export", label: "Export" },
        ]}
        value={tab}
        onChange={(next) => {
          setTab(next);
          job.reset();
        }}
        disabled={working}
        testId="exchange-tabs"
      />

      {tab === "import" ? (
        <section className="exchange-section">
          <label className="exchange-field">
            Put the entries in
            <select
              className="field-select"
              value={target}
              disabled={working}
              data-testid="import-journal"
              onChange={(event) => {
                setTarget(event.target.value);
                if (step.kind === "preview") void job.preview(step.path, event.target.value);
              }}
            >
              <option value="">the journals the file names (made when missing)</option>
              {journals.map((journal) => (
                <option key={journal.id} value={journal.id}>
                  {journal.name}
                </option>
              ))}
            </select>
          </label>
          <div className="exchange-buttons">
            <button type="button" className="button" disabled={working} onClick={() => void job.choose(false, target)} data-testid="import-file">
              Choose a file…
            </button>
            <button type="button" className="button" disabled={working} onClick={() => void job.choose(true, target)}>
              Choose a folder…
            </button>
          </div>
          {step.kind === "reading" && <p role="status">Reading the file…</p>}
          {step.kind === "preview" && (
            <div className="exchange-preview" data-testid="import-preview">
              <p>
                <strong>{step.preview.file}</strong> ({step.preview.format}): {step.preview.entries.toLocaleString()}{" "}
                {step.preview.entries === 1 ? "entry" : "entries"}
                {step.preview.firstDate !== null && (
                  <>
                    , {day(step.preview.firstDate)} to {day(step.preview.lastDate)}
                  </>
                )}
                .
              </p>
              <ul className="exchange-facts">
                <li>{(step.preview.entries - step.preview.alreadyThere).toLocaleString()} new, {step.preview.alreadyThere.toLocaleString()} already in your journal</li>
                {step.preview.journals.map((journal) => (
                  <li key={journal.name}>
                    {journal.entries.toLocaleString()} into “{journal.name}”{journal.exists ? "" : " (a new journal)"}
                  </li>
                ))}
                {step.preview.tags.length > 0 && (
                  <li>
                    Tags: {step.preview.tags.slice(0, 12).map((t) => `#${t.name}`).join(" ")}
                    {step.preview.tags.length > 12 ? ` and ${step.preview.tags.length - 12} more` : ""}
                  </li>
                )}
                {step.preview.pictures > 0 && <li>{step.preview.pictures.toLocaleString()} pictures</li>}
              </ul>
              <Problems heading="Will be skipped" problems={step.preview.skipped} />
              <Problems heading="Will be left out of their entries" problems={step.preview.notes} />
              <button
                type="button"
                className="button button-primary"
                data-testid="import-start"
                disabled={step.preview.entries === step.preview.alreadyThere}
                onClick={() => void job.runImport(step.path, target)}
              >
                {step.preview.entries === step.preview.alreadyThere ? "Everything is already here" : "Import"}
              </button>
            </div>
          )}
          {step.kind === "imported" && (
            <div role="status" data-testid="import-done">
              <p>
                Imported {step.report.added.toLocaleString()} {step.report.added === 1 ? "entry" : "entries"}
                {step.report.pictures > 0 ? ` and ${step.report.pictures.toLocaleString()} pictures` : ""}
                {step.report.alreadyThere > 0 ? `; ${step.report.alreadyThere.toLocaleString()} were already here` : ""}.
                {step.report.cancelled ? " Cancelled: import the file again to finish; nothing is added twice." : ""}
              </p>
              <Problems heading="Skipped" problems={step.report.skipped} />
              <Problems heading="Left out of their entries" problems={step.report.notes} />
            </div>
          )}
        </section>
      ) : (
        <section className="exchange-section">
          <label className="exchange-field">
            Format
            <select className="field-select" value={format} disabled={working} data-testid="export-format" onChange={(event) => setFormat(event.target.value as ExportFormat)}>
              {FORMATS.map((option) => (
                <option key={option.value} value={option.value}>
                  {option.label}
                </option>
              ))}
            </select>
          </label>
          <p className="exchange-hint">{FORMATS.find((option) => option.value === format)?.about}</p>
          <label className="exchange-field">
            Entries
            <select className="field-select" value={scope} disabled={working} onChange={(event) => setScope(event.target.value as Scope)}>
              <option value="all">All journals</option>
              {journalInView && <option value="journal">This journal ({journalName})</option>}
              <option value="tag">With a tag</option>
              <option value="dates">Between two dates</option>
            </select>
          </label>
          {scope === "tag" && (
            <label className="exchange-field">
              Tag
              <input className="field-input" value={tag} placeholder="#travel" onChange={(event) => setTag(event.target.value)} />
            </label>
          )}
          {scope === "dates" && (
            <div className="exchange-dates">
              <label className="exchange-field">
                From
                <input type="date" className="field-input" value={from} onChange={(event) => setFrom(event.target.value)} />
              </label>
              <label className="exchange-field">
                To (included)
                <input type="date" className="field-input" value={to} onChange={(event) => setTo(event.target.value)} />
              </label>
            </div>
          )}
          <p className="exchange-warning" data-testid="export-warning">
            An export is a plain file: it is not encrypted. Keep it somewhere only you can read.
          </p>
          <button type="button" className="button button-primary" disabled={working || filter() === null} onClick={runExport} data-testid="export-start">
            Export…
          </button>
          {step.kind === "exported" && (
            <p role="status" data-testid="export-done">
              {step.report.cancelled
                ? "Cancelled; nothing was written."
                : `Exported ${step.report.entries.toLocaleString()} ${step.report.entries === 1 ? "entry" : "entries"}${step.report.pictures > 0 ? ` and ${step.report.pictures.toLocaleString()} pictures` : ""} to ${step.path}.`}
            </p>
          )}
        </section>
      )}

      {step.kind === "working" && (
        <div className="exchange-progress" role="status" data-testid="exchange-progress">
          <progress max={Math.max(step.total, 1)} value={step.done} />
          <span>
            {step.total > 0 ? `${step.done.toLocaleString()} of ${step.total.toLocaleString()}` : "Starting…"}
          </span>
          <button type="button" className="button" onClick={job.cancel}>
            Cancel
          </button>
        </div>
      )}
      {step.kind === "failed" && (
        <p className="field-problem" role="alert" data-testid="exchange-error">
          {describeError(step.error)}
        </p>
      )}
      <div className="dialog-actions">
        {step.kind === "working" && <span className="exchange-hint">You can close this and go on writing; the progress stays at the bottom of the window.</span>}
        <button type="button" className="button" ref={initialFocusRef} onClick={onClose}>
          Close
        </button>
      </div>
    </ModalFrame>
  );
}
