// A search snippet with the matching words in <mark>; text only, never HTML.
import type { SnippetPart } from "../bindings";
import { mergeSnippet } from "../search";

export function Snippet({ parts }: { parts: readonly SnippetPart[] }) {
  return (
    <p className="snippet">
      {mergeSnippet(parts).map((part, i) => (part.hit ? <mark key={i}>{part.text}</mark> : <span key={i}>{part.text}</span>))}
    </p>
  );
}
