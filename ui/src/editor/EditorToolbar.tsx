// The formatting toolbar: the same commands as the shortcuts, for the mouse. Its buttons never take
// the focus from the text, so the caret stays where the person was writing.
import { memo, useRef } from "react";
import type { ReactNode } from "react";
import type { StateCommand } from "@codemirror/state";
import { shortcut } from "../ui/platform";
import {
  cycleHeading,
  insertLink,
  insertRule,
  toggleBold,
  toggleBulletList,
  toggleInlineCode,
  toggleItalic,
  toggleNumberedList,
  toggleQuote,
  toggleTaskList,
} from "./commands";

interface Tool {
  label: string;
  keys?: string;
  command: StateCommand;
  icon: ReactNode;
}

const stroke = { fill: "none", stroke: "currentColor", strokeWidth: 1.7, strokeLinecap: "round", strokeLinejoin: "round" } as const;

function Icon({ children }: { children: ReactNode }) {
  return (
    <svg width="18" height="18" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
      {children}
    </svg>
  );
}

const GROUPS: Tool[][] = [
  [
    { label: "Heading", command: cycleHeading, icon: <span className="tool-glyph">H</span> },
    { label: "Bold", keys: "B", command: toggleBold, icon: <span className="tool-glyph tool-bold">B</span> },
    { label: "Italic", keys: "I", command: toggleItalic, icon: <span className="tool-glyph tool-italic">I</span> },
    {
      label: "Link",
      keys: "K",
      command: insertLink,
      icon: (
        <Icon>
          <path d="M10 14a4 4 0 0 0 5.7 0l3-3a4 4 0 0 0-5.7-5.7l-1 1M14 10a4 4 0 0 0-5.7 0l-3 3a4 4 0 0 0 5.7 5.7l1-1" {...stroke} />
        </Icon>
      ),
    },
    {
      label: "Code",
      command: toggleInlineCode,
      icon: (
        <Icon>
          <path d="M9 7l-5 5 5 5M15 7l5 5-5 5" {...stroke} />
        </Icon>
      ),
    },
  ],
  [
    {
      label: "Bulleted list",
      keys: "Shift+8",
      command: toggleBulletList,
      icon: (
        <Icon>
          <path d="M10 6h10M10 12h10M10 18h10" {...stroke} />
          <circle cx="5" cy="6" r="1.3" fill="currentColor" />
          <circle cx="5" cy="12" r="1.3" fill="currentColor" />
          <circle cx="5" cy="18" r="1.3" fill="currentColor" />
        </Icon>
      ),
    },
    {
      label: "Numbered list",
      keys: "Shift+7",
      command: toggleNumberedList,
      icon: (
        <Icon>
          <path d="M10 6h10M10 12h10M10 18h10M4 5l1.5-1v5M3.8 14.2a1.4 1.4 0 1 1 2.3 1.4L4 18h2.5" {...stroke} />
        </Icon>
      ),
    },
    {
      label: "Task list",
      command: toggleTaskList,
      icon: (
        <Icon>
          <rect x="3.5" y="4.5" width="6" height="6" rx="1.2" {...stroke} />
          <path d="M4.8 16.5l1.6 1.6 3-3.2M13 7.5h7M13 16.5h7" {...stroke} />
        </Icon>
      ),
    },
    {
      label: "Quote",
      command: toggleQuote,
      icon: (
        <Icon>
          <path d="M5 6v12M10 8h9M10 12h9M10 16h6" {...stroke} />
        </Icon>
      ),
    },
    {
      label: "Divider",
      command: insertRule,
      icon: (
        <Icon>
          <path d="M4 12h16" {...stroke} />
        </Icon>
      ),
    },
  ],
];

function title(tool: Tool): string {
  if (!tool.keys) return tool.label;
  const [first, second] = tool.keys.split("+");
  return `${tool.label} (${second ? shortcut(second, true) : shortcut(first)})`;
}

interface Props {
  disabled: boolean;
  onCommand(command: StateCommand): void;
  /** Pictures picked from the file chooser. */
  onPictures(files: File[]): void;
  onHide(): void;
}

/** Memoised: the editor re-renders as the entry changes, and the toolbar never needs to. */
export const EditorToolbar = memo(function EditorToolbar({ disabled, onCommand, onPictures, onHide }: Props) {
  const picker = useRef<HTMLInputElement>(null);
  return (
    <div className="editor-toolbar" role="toolbar" aria-label="Formatting" data-testid="editor-toolbar">
      {GROUPS.map((group, index) => (
        <div className="tool-group" key={index}>
          {group.map((tool) => (
            <button
              key={tool.label}
              type="button"
              className="tool-button"
              aria-label={tool.label}
              title={title(tool)}
              disabled={disabled}
              onMouseDown={(event) => event.preventDefault()}
              onClick={() => onCommand(tool.command)}
            >
              {tool.icon}
            </button>
          ))}
        </div>
      ))}
      <div className="tool-group">
        <button
          type="button"
          className="tool-button"
          aria-label="Add a picture"
          title="Add a picture (or paste or drop one)"
          disabled={disabled}
          onMouseDown={(event) => event.preventDefault()}
          onClick={() => picker.current?.click()}
        >
          <Icon>
            <rect x="3.5" y="5" width="17" height="14" rx="2" {...stroke} />
            <circle cx="9" cy="10" r="1.6" {...stroke} />
            <path d="M4 17l5-5 4 4 2.5-2.5L20 18" {...stroke} />
          </Icon>
        </button>
        <input
          ref={picker}
          type="file"
          accept="image/png,image/jpeg,image/webp,image/gif"
          multiple
          hidden
          data-testid="picture-picker"
          onChange={(event) => {
            const files = [...(event.target.files ?? [])];
            event.target.value = "";
            if (files.length > 0) onPictures(files);
          }}
        />
      </div>
      <button type="button" className="tool-button tool-hide" aria-label="Hide toolbar" title="Hide toolbar" onClick={onHide}>
        <Icon>
          <path d="M7 7l10 10M17 7L7 17" {...stroke} />
        </Icon>
      </button>
    </div>
  );
});
