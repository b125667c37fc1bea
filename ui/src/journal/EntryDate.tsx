// The entry's date and time in the editor header: a button that opens a small popover with a date and
// a time field. Enter applies, Escape cancels, "Now" dates the entry now.
import { useEffect, useId, useRef, useState } from "react";
import type { KeyboardEvent } from "react";
import { formatLongDay, formatTime } from "../ui/format";

interface Props {
  /** When the entry is about, ms since the epoch. */
  datedAt: number;
  disabled: boolean;
  onChange(datedAt: number): void;
}

interface Draft {
  date: string;
  time: string;
}

function pad(n: number): string {
  return String(n).padStart(2, "0");
}

/** `YYYY-MM-DD` and `HH:MM` in local time, as the date and time fields take them. */
export function toFields(ms: number): Draft {
  const d = new Date(ms);
  return {
    date: `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`,
    time: `${pad(d.getHours())}:${pad(d.getMinutes())}`,
  };
}

/** The moment the fields name, local time; null when either is not filled in properly. */
export function fromFields({ date, time }: Draft): number | null {
  const day = /^(\d{4,})-(\d{2})-(\d{2})$/.exec(date);
  const clock = /^(\d{2}):(\d{2})/.exec(time);
  if (!day || !clock) return null;
  const [year, month, dayOfMonth] = [Number(day[1]), Number(day[2]), Number(day[3])];
  const ms = new Date(year, month - 1, dayOfMonth, Number(clock[1]), Number(clock[2])).getTime();
  // new Date rolls 31 February over into March; the field would never send it, but a typed one might.
  return Number.isNaN(ms) || new Date(ms).getDate() !== dayOfMonth ? null : ms;
}

export function EntryDate({ datedAt, disabled, onChange }: Props) {
  const [draft, setDraft] = useState<Draft | null>(null);
  const [invalid, setInvalid] = useState(false);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const popoverRef = useRef<HTMLDivElement>(null);
  const dateRef = useRef<HTMLInputElement>(null);
  const id = useId();
  const open = draft !== null;

  useEffect(() => {
    if (open) dateRef.current?.focus();
  }, [open]);

  // A click elsewhere cancels, as Escape does (without taking the focus back from where it went).
  useEffect(() => {
    if (!open) return;
    const onDown = (event: MouseEvent) => {
      const target = event.target as Node;
      if (!popoverRef.current?.contains(target) && !buttonRef.current?.contains(target)) setDraft(null);
    };
    document.addEventListener("mousedown", onDown);
    return () => document.removeEventListener("mousedown", onDown);
  }, [open]);

  const close = () => {
    setDraft(null);
    setInvalid(false);
    buttonRef.current?.focus();
  };

  const apply = () => {
    if (!draft) return;
    const ms = fromFields(draft);
    if (ms === null) {
      setInvalid(true);
      return;
    }
    // Unchanged to the minute: leave the seconds the entry has alone.
    if (ms !== fromFields(toFields(datedAt))) onChange(ms);
    close();
  };

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.key === "Escape") {
      event.preventDefault();
      event.stopPropagation();
      close();
    } else if (event.key === "Enter" && event.target instanceof HTMLInputElement) {
      event.preventDefault();
      apply();
    }
  };

  const day = formatLongDay(datedAt);
  return (
    <div className="entry-date">
      <h1 className="editor-date">
        <button
          ref={buttonRef}
          type="button"
          className="entry-date-button"
          aria-haspopup="dialog"
          aria-expanded={open}
          aria-controls={open ? id : undefined}
          title="Change the date and time"
          disabled={disabled}
          onClick={() => (open ? close() : setDraft(toFields(datedAt)))}
        >
          <time data-testid="entry-date" dateTime={new Date(datedAt).toISOString()}>
            {day}
            <span className="editor-time">{formatTime(datedAt)}</span>
          </time>
        </button>
      </h1>
      {draft && (
        <div ref={popoverRef} id={id} className="date-popover" role="dialog" aria-label="Date and time of this entry" onKeyDown={onKeyDown}>
          <div className="date-popover-fields">
            <label className="date-field">
              <span>Date</span>
              <input
                ref={dateRef}
                type="date"
                className="date-input"
                data-testid="entry-date-input"
                required
                aria-invalid={invalid}
                value={draft.date}
                onChange={(event) => setDraft({ ...draft, date: event.target.value })}
              />
            </label>
            <label className="date-field">
              <span>Time</span>
              <input
                type="time"
                className="date-input"
                data-testid="entry-time-input"
                required
                aria-invalid={invalid}
                value={draft.time}
                onChange={(event) => setDraft({ ...draft, time: event.target.value })}
              />
            </label>
          </div>
          {invalid && (
            <p className="date-popover-error" role="alert">
              Enter a whole date and time.
            </p>
          )}
          <div className="date-popover-actions">
            <button
              type="button"
              className="button"
              onClick={() => {
                onChange(Date.now());
                close();
              }}
            >
              Now
            </button>
            <span className="date-popover-spacer" />
            <button type="button" className="button" onClick={close}>
              Cancel
            </button>
            <button type="button" className="button button-primary" onClick={apply}>
              Apply
            </button>
          </div>
        </div>
      )}
    </div>
  );
}
