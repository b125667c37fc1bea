// Marked text from a search: the matching words in <mark>, everything as text nodes, never HTML.
import type { SnippetPart } from "../ipc/bindings";
import { mergeSnippet } from "./search";

/** The parts inline, for a caller that provides the element around them. */
export function MarkedText({ parts }: { parts: readonly SnippetPart[] }) {
  return (
    <>
      {mergeSnippet(parts).map((part, i) => (part.hit ? <mark key={i}>{part.text}</mark> : <span key={i}>{part.text}</span>))}
    </>
  );
}

/** A search snippet, clamped to two lines. */
export function Snippet({ parts }: { parts: readonly SnippetPart[] }) {
  return (
    <p className="snippet">
      <MarkedText parts={parts} />
    </p>
  );
}
