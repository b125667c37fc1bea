// A small set of choices shown side by side (Day / Week / Month). Real radio buttons underneath, so
// arrow keys, Tab and screen readers behave as they do for any radio group.
import { useId } from "react";

interface Option<T extends string> {
  value: T;
  label: string;
}

interface Props<T extends string> {
  /** Read out for the group; not shown. */
  label: string;
  options: readonly Option<T>[];
  value: T;
  onChange(value: T): void;
  testId?: string;
  disabled?: boolean;
}

export function Segmented<T extends string>({ label, options, value, onChange, testId, disabled }: Props<T>) {
  const name = useId();
  return (
    <fieldset className="segmented" data-testid={testId} disabled={disabled}>
      <legend className="visually-hidden">{label}</legend>
      {options.map((option) => (
        <label key={option.value} className="segmented-option">
          <input
            type="radio"
            name={name}
            value={option.value}
            checked={option.value === value}
            onChange={() => onChange(option.value)}
          />
          <span>{option.label}</span>
        </label>
      ))}
    </fieldset>
  );
}
