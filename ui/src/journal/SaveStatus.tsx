// The small save indicator in the editor header; its text is part of an outside test contract.
import type { SaveStatus as Status } from "./autosave";

const LABELS = { saved: "Saved", saving: "Saving…", unsaved: "Unsaved", error: "Couldn't save" } as const;

export function SaveStatus({ status }: { status: Status }) {
  return (
    <span
      className={`save-status save-status-${status.kind}`}
      data-testid="save-status"
      role="status"
      title={status.kind === "error" ? status.error.message : undefined}
    >
      {LABELS[status.kind]}
    </span>
  );
}
