// Which journal the open entry is in, as a select with the journal's colour beside it; choosing
// another moves the entry there.
import { useId } from "react";
import type { Journal } from "../ipc/bindings";
import { JournalDot } from "../journals/JournalDot";

interface Props {
  /** Null until they are loaded. */
  journals: readonly Journal[] | null;
  journalId: string;
  disabled: boolean;
  onMove(journal: string): void;
}

export function JournalPicker({ journals, journalId, disabled, onMove }: Props) {
  const id = useId();
  // Nothing to choose between until the journals are known.
  if (!journals || journals.length === 0) return null;
  const current = journals.find((journal) => journal.id === journalId);

  return (
    <div className="journal-picker">
      <JournalDot colour={current?.colour ?? "grey"} />
      <label className="visually-hidden" htmlFor={id}>
        Journal
      </label>
      <select
        id={id}
        className="journal-select"
        data-testid="journal-picker"
        title="Move to another journal"
        value={journalId}
        disabled={disabled}
        onChange={(event) => {
          if (event.target.value !== journalId) onMove(event.target.value);
        }}
      >
        {!current && <option value={journalId}>…</option>}
        {journals.map((journal) => (
          <option key={journal.id} value={journal.id}>
            {journal.name}
          </option>
        ))}
      </select>
    </div>
  );
}
