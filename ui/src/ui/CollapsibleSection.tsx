// A sidebar section whose heading opens and closes it (the calendar, the tags); whether it is open is
// remembered under `storageKey`.
import { useId } from "react";
import type { ReactNode } from "react";
import { useStoredFlag } from "./useStoredFlag";

interface Props {
  title: string;
  storageKey: string;
  testId: string;
  className?: string;
  /** Beside the title, e.g. a count. */
  note?: ReactNode;
  children: ReactNode;
}

export function CollapsibleSection({ title, storageKey, testId, className, note, children }: Props) {
  const [open, setOpen] = useStoredFlag(storageKey, true);
  const bodyId = useId();
  const headingId = useId();
  return (
    <section
      className={className ? `sidebar-section ${className}` : "sidebar-section"}
      data-testid={testId}
      aria-labelledby={headingId}
    >
      <h2 className="sidebar-section-heading" id={headingId}>
        <button
          type="button"
          className="sidebar-section-toggle"
          data-testid={`${testId}-toggle`}
          aria-expanded={open}
          aria-controls={bodyId}
          onClick={() => setOpen(!open)}
        >
          <svg
            className={open ? "section-chevron open" : "section-chevron"}
            width="12"
            height="12"
            viewBox="0 0 24 24"
            aria-hidden="true"
            focusable="false"
          >
            <path d="M9 6l6 6-6 6" fill="none" stroke="currentColor" strokeWidth="2.4" strokeLinecap="round" />
          </svg>
          {title}
          {note}
        </button>
      </h2>
      {open && (
        <div id={bodyId} className="sidebar-section-body">
          {children}
        </div>
      )}
    </section>
  );
}
