// The two passphrase fields (new, and again), shared by "Choose a passphrase to lock Quire" and the
// Security dialog. The fields are not kept in React state: the text stays in the inputs, is read once
// when the form is sent, and is cleared once it has been set.
import { useCallback, useId, useRef, useState } from "react";
import type { RefObject } from "react";

/** The fewest characters a passphrase may have. */
export const MIN_PASSPHRASE = 8;

type Field = "first" | "repeat";

export interface PassphraseProblem {
  field: Field;
  message: string;
}

/** Why `first` and `repeat` can't be set as the passphrase; null when they can. */
export function passphraseProblem(first: string, repeat: string): PassphraseProblem | null {
  // Characters as people count them, not UTF-16 units.
  if (Array.from(first).length < MIN_PASSPHRASE) {
    return { field: "first", message: `Use at least ${MIN_PASSPHRASE} characters.` };
  }
  if (repeat !== first) return { field: "repeat", message: "The two passphrases don't match." };
  return null;
}

export interface PassphraseForm {
  firstRef: RefObject<HTMLInputElement | null>;
  repeatRef: RefObject<HTMLInputElement | null>;
  /** Shown once the form has been sent with a problem, and kept up to date while typing after that. */
  problem: PassphraseProblem | null;
  onInput(): void;
  /** The passphrase when both fields agree and it is long enough; else shows why and focuses the field. */
  take(): string | null;
  /** Empties both fields, e.g. once the passphrase is set. */
  clear(): void;
}

/** `firstRef`: a ref the first field should use, e.g. a dialog's initial focus. */
export function usePassphraseForm(firstRef?: RefObject<HTMLInputElement | null>): PassphraseForm {
  const ownFirstRef = useRef<HTMLInputElement>(null);
  const first = firstRef ?? ownFirstRef;
  const repeatRef = useRef<HTMLInputElement>(null);
  const [problem, setProblem] = useState<PassphraseProblem | null>(null);
  const [checking, setChecking] = useState(false);

  const read = useCallback(
    () => passphraseProblem(first.current?.value ?? "", repeatRef.current?.value ?? ""),
    [first],
  );

  const onInput = useCallback(() => {
    if (checking) setProblem(read());
  }, [checking, read]);

  const take = useCallback((): string | null => {
    const found = read();
    setChecking(true);
    setProblem(found);
    if (found) {
      (found.field === "first" ? first : repeatRef).current?.focus();
      return null;
    }
    return first.current?.value ?? "";
  }, [first, read]);

  const clear = useCallback(() => {
    if (first.current) first.current.value = "";
    if (repeatRef.current) repeatRef.current.value = "";
    setChecking(false);
    setProblem(null);
  }, [first]);

  return { firstRef: first, repeatRef, problem, onInput, take, clear };
}

interface Props {
  form: PassphraseForm;
  firstLabel: string;
  repeatLabel: string;
  /** While the passphrase is being set: read-only rather than disabled, so the focus stays put. */
  busy?: boolean;
}

export function PassphraseFields({ form, firstLabel, repeatLabel, busy = false }: Props) {
  const firstId = useId();
  const repeatId = useId();
  const hintId = useId();
  const problemId = useId();
  const { problem } = form;
  const firstBad = problem?.field === "first";
  const repeatBad = problem?.field === "repeat";

  return (
    <div className="passphrase-fields">
      <label className="field-label" htmlFor={firstId}>
        {firstLabel}
      </label>
      <input
        ref={form.firstRef}
        id={firstId}
        type="password"
        className="field-input"
        autoComplete="new-password"
        spellCheck={false}
        readOnly={busy}
        aria-invalid={firstBad || undefined}
        aria-describedby={firstBad ? `${hintId} ${problemId}` : hintId}
        onChange={form.onInput}
      />
      <p id={hintId} className="field-hint">
        At least {MIN_PASSPHRASE} characters. A few unrelated words are easy to remember and hard to guess.
      </p>
      {firstBad && (
        <p id={problemId} className="field-problem" role="alert">
          {problem.message}
        </p>
      )}
      <label className="field-label" htmlFor={repeatId}>
        {repeatLabel}
      </label>
      <input
        ref={form.repeatRef}
        id={repeatId}
        type="password"
        className="field-input"
        autoComplete="new-password"
        spellCheck={false}
        readOnly={busy}
        aria-invalid={repeatBad || undefined}
        aria-describedby={repeatBad ? problemId : undefined}
        onChange={form.onInput}
      />
      {repeatBad && (
        <p id={problemId} className="field-problem" role="alert">
          {problem.message}
        </p>
      )}
    </div>
  );
}
