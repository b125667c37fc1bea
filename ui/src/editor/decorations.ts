// What the editor draws over the Markdown besides its token colours: the words of the search an entry
// was opened from, and whole-line styles for quotes, code blocks and rules (a token's class styles
// only its own text, not the line it sits on).
import { RangeSetBuilder, StateEffect, StateField } from "@codemirror/state";
import type { EditorState, Extension } from "@codemirror/state";
import { Decoration, EditorView, ViewPlugin } from "@codemirror/view";
import type { DecorationSet, ViewUpdate } from "@codemirror/view";
import { syntaxTree } from "@codemirror/language";
import type { HighlightTerm } from "../ipc/bindings";
import { matchRanges } from "../search/highlight";

/** Marks these terms' matches in the text as it is now; an empty list clears the marks. */
export const setSearchTerms = StateEffect.define<readonly HighlightTerm[]>();

const searchMark = Decoration.mark({ class: "cm-search-hit" });

interface SearchMarks {
  terms: readonly HighlightTerm[];
  marks: DecorationSet;
}

/** The marks for the text between `from` and `to`, found in that text alone. */
function marksIn(state: EditorState, terms: readonly HighlightTerm[], from: number, to: number) {
  return matchRanges(state.sliceDoc(from, to), terms).map(([start, end]) => searchMark.range(from + start, from + end));
}

/**
 * The marks follow the text as the person types: the lines an edit touched are searched again, the
 * rest keep theirs, so a long entry costs no more per keystroke than a short one.
 */
export const searchMarks = StateField.define<SearchMarks>({
  create: () => ({ terms: [], marks: Decoration.none }),
  update(value, tr) {
    for (const effect of tr.effects) {
      if (effect.is(setSearchTerms)) {
        const terms = effect.value;
        return { terms, marks: terms.length === 0 ? Decoration.none : Decoration.set(marksIn(tr.state, terms, 0, tr.state.doc.length)) };
      }
    }
    if (!tr.docChanged || value.terms.length === 0) return value;
    let marks = value.marks.map(tr.changes);
    tr.changes.iterChangedRanges((_fromA, _toA, fromB, toB) => {
      const from = tr.state.doc.lineAt(fromB).from;
      const to = tr.state.doc.lineAt(toB).to;
      marks = marks.update({ filterFrom: from, filterTo: to, filter: () => false, add: marksIn(tr.state, value.terms, from, to), sort: true });
    });
    return { terms: value.terms, marks };
  },
  provide: (field) => EditorView.decorations.from(field, (value) => value.marks),
});

const LINE_CLASSES: Record<string, string> = {
  Blockquote: "cm-md-quote-line",
  FencedCode: "cm-md-code-line",
  CodeBlock: "cm-md-code-line",
  HorizontalRule: "cm-md-rule-line",
};

const lineDecorations = new Map(Object.entries(LINE_CLASSES).map(([node, cls]) => [node, Decoration.line({ class: cls })]));

/** Line classes for the block nodes in view; only the visible part of a long entry is walked. */
function blockLines(view: EditorView): DecorationSet {
  const builder = new RangeSetBuilder<Decoration>();
  const tree = syntaxTree(view.state);
  const doc = view.state.doc;
  for (const { from, to } of view.visibleRanges) {
    let nextLine = -1;
    tree.iterate({
      from,
      to,
      enter(node) {
        const deco = lineDecorations.get(node.name);
        if (!deco) return undefined;
        const start = Math.max(node.from, from);
        const end = Math.min(node.to, to);
        for (let pos = doc.lineAt(start).from; pos <= end; ) {
          const line = doc.lineAt(pos);
          // Lines are added in order and once: nested blocks (a code block in a quote) keep the outer class.
          if (line.from > nextLine) {
            builder.add(line.from, line.from, deco);
            nextLine = line.from;
          }
          pos = line.to + 1;
        }
        return false;
      },
    });
  }
  return builder.finish();
}

const blockLineStyles = ViewPlugin.fromClass(
  class {
    decorations: DecorationSet;
    constructor(view: EditorView) {
      this.decorations = blockLines(view);
    }
    update(update: ViewUpdate) {
      if (update.docChanged || update.viewportChanged || syntaxTree(update.startState) !== syntaxTree(update.state)) {
        this.decorations = blockLines(update.view);
      }
    }
  },
  { decorations: (plugin) => plugin.decorations },
);

export function markdownDecorations(): Extension {
  return [searchMarks, blockLineStyles];
}
