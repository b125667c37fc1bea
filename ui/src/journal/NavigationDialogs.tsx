// The dialogs and the toast that finding one's way brings: managing journals, renaming a tag, and
// Undo after a journal was deleted.
import { JournalsDialog } from "../journals/JournalsDialog";
import type { JournalActions } from "../journals/useJournalActions";
import { RenameTagDialog } from "../tags/RenameTagDialog";
import type { TagRename } from "../tags/useTagRename";
import { Toast } from "../ui/Toast";
import type { Navigation } from "./useNavigation";

interface Props {
  nav: Navigation;
  journals: JournalActions;
  tagRename: TagRename;
}

export function NavigationDialogs({ nav, journals, tagRename }: Props) {
  const { renaming } = tagRename;
  return (
    <>
      {journals.dialog && (
        <JournalsDialog
          start={journals.dialog}
          journals={nav.journals.value}
          onCreate={journals.create}
          onUpdate={journals.update}
          onDelete={journals.remove}
          onCreated={journals.created}
          onClose={journals.closeDialog}
        />
      )}
      {renaming !== null && (
        <RenameTagDialog
          from={renaming}
          tags={nav.tags.value ?? []}
          onRename={(to) => tagRename.rename(renaming, to)}
          onClose={tagRename.close}
        />
      )}
      {journals.deleted && (
        <Toast
          key={journals.deleted.journal.id}
          message={`Journal “${journals.deleted.journal.name}” deleted`}
          actionLabel="Undo"
          onAction={() => void journals.undo()}
          onDismiss={journals.dismissUndo}
        />
      )}
    </>
  );
}
