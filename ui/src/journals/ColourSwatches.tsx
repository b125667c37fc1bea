// A row of colour swatches to pick a journal's colour: real radio buttons underneath (as Segmented
// has), so arrow keys, Tab and screen readers treat them as the one choice they are.
import { useId } from "react";
import type { JournalColour } from "../ipc/bindings";
import { JOURNAL_COLOURS, colourVar } from "./colours";

interface Props {
  value: JournalColour;
  onChange(colour: JournalColour): void;
  disabled?: boolean;
}

export function ColourSwatches({ value, onChange, disabled = false }: Props) {
  const name = useId();
  return (
    <fieldset className="colour-swatches" data-testid="colour-swatches" disabled={disabled}>
      <legend className="field-label">Colour</legend>
      <div className="colour-swatch-row">
        {JOURNAL_COLOURS.map((colour) => (
          <label key={colour.value} className="colour-swatch" title={colour.label}>
            <input
              type="radio"
              name={name}
              value={colour.value}
              data-testid="colour-swatch"
              checked={colour.value === value}
              onChange={() => onChange(colour.value)}
            />
            <span className="colour-swatch-dot" style={{ backgroundColor: colourVar(colour.value) }} aria-hidden="true" />
            <span className="visually-hidden">{colour.label}</span>
          </label>
        ))}
      </div>
    </fieldset>
  );
}
