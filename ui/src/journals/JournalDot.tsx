// A journal's colour as a small dot, beside its name or on the entries of the All journals view.
import type { JournalColour } from "../ipc/bindings";
import { colourVar } from "./colours";

interface Props {
  colour: JournalColour;
  /** Read out when the dot stands alone (on an entry); left out beside the journal's written name. */
  label?: string;
}

export function JournalDot({ colour, label }: Props) {
  return (
    <span
      className="journal-dot"
      data-colour={colour}
      style={{ backgroundColor: colourVar(colour) }}
      role={label ? "img" : undefined}
      aria-label={label}
      aria-hidden={label ? undefined : true}
      title={label}
    />
  );
}
