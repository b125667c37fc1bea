// The dialogs and the toast that finding one's way brings: managing journals, renaming a tag, and
// Undo after a journal was deleted.
import { Suspense } from "react";
import type { JournalActions } from "../journals/useJournalActions";
import type { TagRename } from "../tags/useTagRename";
import { Toast } from "../ui/Toast";
import { lazyNamed } from "../ui/lazyNamed";
import type { Navigation } from "./useNavigation";

// Each dialog loads when it first opens.
const JournalsDialog = lazyNamed(() => import("../journals/JournalsDialog"), "JournalsDialog");
const RenameTagDialog = lazyNamed(() => import("../tags/RenameTagDialog"), "RenameTagDialog");

interface Props {
  nav: Navigation;
  journals: JournalActions;
  tagRename: TagRename;
}

export function NavigationDialogs({ nav, journals, tagRename }: Props) {
  const { renaming } = tagRename;
  return (
    <>
      <Suspense fallback={null}>
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
      </Suspense>
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
