// Keyboard movement shared by the entry list and the search results.

/** The index a key moves the cursor to, or null when the key does not move it. */
export function moveIndex(key: string, current: number, count: number, pageRows: number): number | null {
  if (count <= 0) return null;
  const last = count - 1;
  const from = Math.min(Math.max(current, -1), last);
  switch (key) {
    case "ArrowDown":
    case "j":
      return Math.min(from + 1, last);
    case "ArrowUp":
    case "k":
      return Math.max(from - 1, 0);
    case "PageDown":
      return Math.min(from + pageRows, last);
    case "PageUp":
      return Math.max(from - pageRows, 0);
    case "Home":
      return 0;
    case "End":
      return last;
    default:
      return null;
  }
}
