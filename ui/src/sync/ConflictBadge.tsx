// "Conflict": the entry was changed on two devices and both versions were kept. In the entry list it
// only says so; above the editor it is a button that opens the versions side by side.
import "./sync.css";

const LABEL = "This entry was changed on two devices";

/** The badge on an entry's row in the list. */
export function ConflictBadge() {
  return (
    <span className="conflict-badge" data-testid="conflict-badge" role="img" aria-label={LABEL} title={LABEL}>
      <ConflictIcon />
      Conflict
    </span>
  );
}

/** The badge above the open entry: a click shows the versions. */
export function ConflictButton({ onOpen }: { onOpen(): void }) {
  return (
    <button
      type="button"
      className="conflict-badge conflict-button"
      data-testid="conflict-badge"
      aria-label={LABEL}
      aria-haspopup="dialog"
      title={`${LABEL}. Compare the versions and keep one.`}
      onClick={onOpen}
    >
      <ConflictIcon />
      Conflict
    </button>
  );
}

function ConflictIcon() {
  return (
    <svg width="12" height="12" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
      <path
        d="M6 3v8a4 4 0 0 0 4 4h1M18 3v8a4 4 0 0 1-4 4h-1M12 15v6"
        fill="none"
        stroke="currentColor"
        strokeWidth="2.2"
        strokeLinecap="round"
        strokeLinejoin="round"
      />
    </svg>
  );
}
