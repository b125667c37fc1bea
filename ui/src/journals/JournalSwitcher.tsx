// The journal switcher at the top of the sidebar: a button with the journal in view, opening a listbox
// of All journals and each journal (arrows, Home/End, Enter, Escape, type-ahead), then "New journal…"
// and "Manage journals…".
import { useEffect, useId, useRef, useState } from "react";
import type { FocusEvent, KeyboardEvent } from "react";
import type { Journal } from "../ipc/bindings";
import { moveIndex } from "../ui/listKeys";
import { JournalDot } from "./JournalDot";
import "./journals.css";

interface Props {
  /** Null until they are loaded. */
  journals: readonly Journal[] | null;
  /** The journal in view; null for All journals. */
  current: string | null;
  onSelect(id: string | null): void;
  onNew(): void;
  onManage(): void;
}

export const ALL_JOURNALS = "All journals";

export function JournalSwitcher({ journals, current, onSelect, onNew, onManage }: Props) {
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const listRef = useRef<HTMLUListElement>(null);
  const popoverRef = useRef<HTMLDivElement>(null);
  const listId = useId();
  // Option 0 is All journals; the journals follow in their order.
  const options: { id: string | null; name: string; journal: Journal | null }[] = [
    { id: null, name: ALL_JOURNALS, journal: null },
    ...(journals ?? []).map((journal) => ({ id: journal.id, name: journal.name, journal })),
  ];
  const currentIndex = Math.max(
    0,
    options.findIndex((option) => option.id === current),
  );
  // A remembered journal shows its name once the journals are in, not All journals meanwhile.
  const loading = current !== null && journals === null;
  const shown = loading ? { id: current, name: "…", journal: null } : options[currentIndex]!;

  useEffect(() => {
    if (open) listRef.current?.focus();
  }, [open]);

  const openList = () => {
    setActive(currentIndex);
    setOpen(true);
  };
  const close = (refocus: boolean) => {
    setOpen(false);
    if (refocus) buttonRef.current?.focus();
  };
  const choose = (index: number) => {
    const option = options[index];
    if (!option) return;
    close(true);
    if (option.id !== current) onSelect(option.id);
  };
  const action = (run: () => void) => {
    close(true);
    run();
  };

  const onButtonKey = (event: KeyboardEvent<HTMLButtonElement>) => {
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      if (open) listRef.current?.focus();
      else openList();
    } else if (event.key === "Escape" && open) {
      // Shift+Tab from the list comes back here with the list still open.
      event.preventDefault();
      close(false);
    }
  };

  const onListKey = (event: KeyboardEvent<HTMLUListElement>) => {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    // j and k are letters to type here, not moves as in the entry list.
    const next = moveIndex(event.key === "j" || event.key === "k" ? "" : event.key, active, options.length, 5);
    if (next !== null) {
      event.preventDefault();
      setActive(next);
    } else if (event.key === "Enter" || event.key === " ") {
      event.preventDefault();
      choose(active);
    } else if (event.key.length === 1 && /\S/.test(event.key)) {
      // Type-ahead: the next option, after the active one, whose name starts with the letter.
      const letter = event.key.toLocaleLowerCase();
      for (let step = 1; step <= options.length; step++) {
        const index = (active + step) % options.length;
        if (options[index]!.name.toLocaleLowerCase().startsWith(letter)) {
          setActive(index);
          break;
        }
      }
    }
  };

  const onPopoverKey = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.key === "Escape") {
      event.preventDefault();
      event.stopPropagation();
      close(true);
    }
  };

  // Focus leaving the popover closes it, except to the button, whose click toggles it.
  const onPopoverBlur = (event: FocusEvent<HTMLDivElement>) => {
    const next = event.relatedTarget as Node | null;
    if (next && (popoverRef.current?.contains(next) || next === buttonRef.current)) return;
    setOpen(false);
  };

  return (
    <div className="journal-switcher">
      <button
        ref={buttonRef}
        type="button"
        className="journal-switcher-button"
        data-testid="journal-switcher"
        aria-haspopup="listbox"
        aria-expanded={open}
        aria-controls={open ? listId : undefined}
        aria-label={loading ? "Journal" : `Journal: ${shown.name}`}
        aria-busy={loading || undefined}
        onClick={() => (open ? close(false) : openList())}
        onKeyDown={onButtonKey}
      >
        {shown.journal ? <JournalDot colour={shown.journal.colour} /> : !loading && <AllIcon />}
        <span className="journal-switcher-name">{shown.name}</span>
        <ChevronIcon />
      </button>
      {open && (
        <div ref={popoverRef} className="journal-popover" onKeyDown={onPopoverKey} onBlur={onPopoverBlur}>
          <ul
            ref={listRef}
            id={listId}
            className="journal-options"
            role="listbox"
            aria-label="Journals"
            tabIndex={0}
            aria-activedescendant={`${listId}-${active}`}
            onKeyDown={onListKey}
          >
            {options.map((option, index) => (
              <li
                key={option.id ?? ""}
                id={`${listId}-${index}`}
                className={index === active ? "journal-option active" : "journal-option"}
                role="option"
                aria-selected={option.id === current}
                data-testid={option.id === null ? "journal-option-all" : "journal-option"}
                data-name={option.name}
                onMouseMove={() => setActive(index)}
                onClick={() => choose(index)}
              >
                {option.journal ? <JournalDot colour={option.journal.colour} /> : <AllIcon />}
                <span className="journal-option-name">{option.name}</span>
                {option.journal && <span className="journal-option-count">{option.journal.entries}</span>}
              </li>
            ))}
          </ul>
          <div className="journal-popover-actions">
            <button type="button" className="journal-popover-action" data-testid="new-journal" onClick={() => action(onNew)}>
              New journal…
            </button>
            <button
              type="button"
              className="journal-popover-action"
              data-testid="manage-journals"
              onClick={() => action(onManage)}
            >
              Manage journals…
            </button>
          </div>
        </div>
      )}
    </div>
  );
}

function AllIcon() {
  return (
    <svg className="journal-all-icon" width="12" height="12" viewBox="0 0 12 12" aria-hidden="true" focusable="false">
      <circle cx="3.5" cy="3.5" r="2" fill="currentColor" />
      <circle cx="8.5" cy="3.5" r="2" fill="currentColor" opacity="0.7" />
      <circle cx="3.5" cy="8.5" r="2" fill="currentColor" opacity="0.7" />
      <circle cx="8.5" cy="8.5" r="2" fill="currentColor" opacity="0.45" />
    </svg>
  );
}

function ChevronIcon() {
  return (
    <svg className="journal-chevron" width="12" height="12" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
      <path d="M6 9l6 6 6-6" fill="none" stroke="currentColor" strokeWidth="2.2" strokeLinecap="round" />
    </svg>
  );
}
