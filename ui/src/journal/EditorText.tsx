// The entry's text area, and behind it, while an entry opened from a search is shown, a copy of the
// text with the search's words marked: same font, padding, wrapping and scroll position, so the marks
// sit under the words. The textarea's own text is never changed by this.
import { useCallback, useLayoutEffect, useMemo, useRef } from "react";
import type { Ref } from "react";
import type { HighlightTerm } from "../ipc/bindings";
import { highlightParts } from "../search/highlight";

interface Props {
  text: string;
  /** The words to mark; empty for none. */
  terms: readonly HighlightTerm[];
  readOnly: boolean;
  textareaRef: Ref<HTMLTextAreaElement>;
  onChange(text: string): void;
  onBlur(): void;
}

function assign<T>(ref: Ref<T> | undefined, value: T | null): void {
  if (typeof ref === "function") ref(value);
  else if (ref) ref.current = value;
}

export function EditorText({ text, terms, readOnly, textareaRef, onChange, onBlur }: Props) {
  const area = useRef<HTMLTextAreaElement | null>(null);
  const backdrop = useRef<HTMLDivElement>(null);
  const marking = terms.length > 0;
  const parts = useMemo(() => (marking ? highlightParts(text, terms) : []), [marking, text, terms]);

  const setArea = useCallback(
    (node: HTMLTextAreaElement | null) => {
      area.current = node;
      assign(textareaRef, node);
    },
    [textareaRef],
  );

  // The backdrop takes the textarea's inner size (without its scroll bar, so lines wrap alike) and
  // its scroll position.
  const align = useCallback(() => {
    const from = area.current;
    const to = backdrop.current;
    if (!from || !to) return;
    to.style.width = `${from.clientWidth}px`;
    to.style.height = `${from.clientHeight}px`;
    to.scrollTop = from.scrollTop;
    to.scrollLeft = from.scrollLeft;
  }, []);

  useLayoutEffect(() => {
    if (!marking) return;
    align();
    const from = area.current;
    window.addEventListener("resize", align);
    const observer = typeof ResizeObserver === "function" && from ? new ResizeObserver(align) : null;
    if (from) observer?.observe(from);
    return () => {
      window.removeEventListener("resize", align);
      observer?.disconnect();
    };
  }, [marking, align]);

  // Typing can add a scroll bar or scroll the text; follow at once, not a frame late.
  useLayoutEffect(() => {
    if (marking) align();
  }, [marking, parts, align]);

  return (
    <div className="editor-body">
      {marking && (
        <div ref={backdrop} className="editor-text editor-backdrop" aria-hidden="true" data-testid="editor-highlights">
          {parts.map((part, i) => (part.hit ? <mark key={i}>{part.text}</mark> : <span key={i}>{part.text}</span>))}
          {/* A final newline only makes a line in the textarea; this makes it here too. */}
          {"\u200b"}
        </div>
      )}
      <textarea
        ref={setArea}
        className={marking ? "editor-text editor-text-marked" : "editor-text"}
        data-testid="entry-editor"
        aria-label="Entry text"
        placeholder="Write what's on your mind…"
        value={text}
        readOnly={readOnly}
        spellCheck
        onChange={(event) => onChange(event.target.value)}
        onScroll={marking ? align : undefined}
        onBlur={onBlur}
      />
    </div>
  );
}
