// Renaming (or merging) a tag: the dialog's state, and the rename itself. The open entry is saved
// first, so the rename sees its latest text, and read again after, so its text shows the new name.
import { useCallback, useMemo, useRef, useState } from "react";
import { api } from "../ipc/api";
import type { AppError, TagRenamed } from "../ipc/bindings";
import type { EntryPages } from "../journal/entryPages";
import type { CurrentEntry } from "../journal/useCurrentEntry";
import type { Navigation } from "../journal/useNavigation";
import { tagKey } from "../journal/tags";

const NOT_SAVED: AppError = {
  code: "storage",
  message: "The open entry couldn't be saved first, so nothing was renamed",
};

export interface TagRename {
  /** The tag whose rename dialog is open. */
  renaming: string | null;
  open(tag: string): void;
  close(): void;
  rename(from: string, to: string): Promise<TagRenamed>;
}

export function useTagRename(pages: EntryPages, current: CurrentEntry, nav: Navigation): TagRename {
  const [renaming, setRenaming] = useState<string | null>(null);
  const latest = useRef({ current, nav });
  latest.current = { current, nav };

  const close = useCallback(() => setRenaming(null), []);

  const rename = useCallback(
    async (from: string, to: string) => {
      const { current } = latest.current;
      if (!(await current.flush())) throw NOT_SAVED;
      const result = await api.renameTag(from, to);
      const { nav } = latest.current;
      // A list filtered by the old name follows it to the new one.
      if (nav.view.tag !== null && tagKey(nav.view.tag) === tagKey(from)) nav.selectTag(result.name);
      await Promise.all([pages.refresh(), current.reload()]);
      nav.tags.retry();
      return result;
    },
    [pages],
  );

  return useMemo(() => ({ renaming, open: setRenaming, close, rename }), [renaming, close, rename]);
}
