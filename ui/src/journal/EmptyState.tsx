// Shown in place of the editor when the journal has no entries yet.
import { shortcut } from "../ui/platform";

export function EmptyState({ onNew }: { onNew(): void }) {
  return (
    <div className="empty-state">
      <h1 className="empty-title">A fresh page</h1>
      <p className="empty-text">Nothing written yet. Whatever is on your mind today is a fine place to start.</p>
      <button type="button" className="button button-primary" onClick={onNew}>
        Start writing
      </button>
      <p className="empty-hint">
        or press <kbd>{shortcut("N")}</kbd> any time for a new entry
      </p>
    </div>
  );
}
