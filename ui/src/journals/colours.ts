// The colours a journal can have, in the order the swatches show them. Each is a CSS variable with a
// shade for the light theme and one for the dark (theme.css).
import type { JournalColour } from "../ipc/bindings";

export const JOURNAL_COLOURS = [
  { value: "grey", label: "Grey" },
  { value: "red", label: "Red" },
  { value: "orange", label: "Orange" },
  { value: "yellow", label: "Yellow" },
  { value: "green", label: "Green" },
  { value: "teal", label: "Teal" },
  { value: "blue", label: "Blue" },
  { value: "purple", label: "Purple" },
  { value: "pink", label: "Pink" },
] as const satisfies readonly { value: JournalColour; label: string }[];

export function colourVar(colour: JournalColour): string {
  return `var(--journal-${colour})`;
}

/** The first colour no journal has yet, so that a new journal stands out; blue when all are taken. */
export function freeColour(taken: readonly JournalColour[]): JournalColour {
  return JOURNAL_COLOURS.find((colour) => colour.value !== "grey" && !taken.includes(colour.value))?.value ?? "blue";
}
