// Text the back end can take. A lone UTF-16 surrogate (half of a pair, as a broken paste or input
// method can leave) cannot cross IPC: the JSON decoder refuses the whole message, so every autosave
// of that entry would fail. It becomes U+FFFD, as String.prototype.toWellFormed would do.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

export function wellFormed(text: string): string {
  return text.replace(LONE_SURROGATE, "\uFFFD");
}
