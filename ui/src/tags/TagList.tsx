// The tags in the sidebar, each with how many entries carry it. Picking one filters the list to it
// (picking it again stops that); its context action, on a right click, Shift+F10, the context-menu
// key or its own small button, renames or merges it.
import { memo } from "react";
import type { KeyboardEvent } from "react";
import type { TagCount } from "../ipc/bindings";
import { tagKey } from "../journal/tags";
import { CollapsibleSection } from "../ui/CollapsibleSection";
import { formatCount } from "../ui/format";
import "./tags.css";

export const TAGS_OPEN_KEY = "quire.tags-open";

interface Props {
  /** Null until they are loaded. */
  tags: readonly TagCount[] | null;
  /** The tag the list is filtered to. */
  active: string | null;
  onSelect(tag: string | null): void;
  onRename(tag: string): void;
}

export const TagList = memo(function TagList({ tags, active, onSelect, onRename }: Props) {
  const activeKey = active === null ? null : tagKey(active);
  const onKeyDown = (event: KeyboardEvent<HTMLButtonElement>, name: string) => {
    if (event.key === "ContextMenu" || (event.key === "F10" && event.shiftKey)) {
      event.preventDefault();
      onRename(name);
    }
  };

  return (
    <CollapsibleSection
      title="Tags"
      storageKey={TAGS_OPEN_KEY}
      testId="tag-list"
      className="tags"
      note={tags && tags.length > 0 ? <span className="section-note">{formatCount(tags.length)}</span> : null}
    >
      {tags && tags.length === 0 && (
        <p className="section-empty" data-testid="no-tags">
          No tags yet. Write a #tag in an entry to add one.
        </p>
      )}
      {tags && tags.length > 0 && (
        <ul className="tag-items" aria-label="Tags">
          {tags.map(({ name, entries }) => {
            const selected = tagKey(name) === activeKey;
            return (
              <li key={tagKey(name)} className={selected ? "tag-item selected" : "tag-item"}>
                <button
                  type="button"
                  className="tag-button"
                  data-testid="tag"
                  data-name={name}
                  aria-pressed={selected}
                  aria-label={`#${name}, ${entries === 1 ? "1 entry" : `${formatCount(entries)} entries`}`}
                  aria-keyshortcuts="Shift+F10"
                  onClick={() => onSelect(selected ? null : name)}
                  onContextMenu={(event) => {
                    event.preventDefault();
                    onRename(name);
                  }}
                  onKeyDown={(event) => onKeyDown(event, name)}
                >
                  <span className="tag-name">#{name}</span>
                  <span className="tag-count">{formatCount(entries)}</span>
                </button>
                <button
                  type="button"
                  className="tag-action"
                  data-testid="tag-rename"
                  aria-label={`Rename or merge #${name}…`}
                  title="Rename or merge… (Shift+F10)"
                  // One tab stop per tag: from the keyboard, Shift+F10 on the tag does the same.
                  tabIndex={-1}
                  onClick={() => onRename(name)}
                >
                  <svg width="12" height="12" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
                    <path
                      d="M4 20h4L19 9l-4-4L4 16zM13.5 6.5l4 4"
                      fill="none"
                      stroke="currentColor"
                      strokeWidth="2"
                      strokeLinejoin="round"
                    />
                  </svg>
                </button>
              </li>
            );
          })}
        </ul>
      )}
    </CollapsibleSection>
  );
});
