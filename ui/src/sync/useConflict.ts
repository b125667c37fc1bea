// One entry's conflict: its versions, read when the view opens (this computer's first, then the
// others, newest first), and keeping one text, which closes the conflict on every device.
import { useCallback, useEffect, useState } from "react";
import { api } from "../ipc/api";
import type { AppError, ConflictVersion, EntrySummary } from "../ipc/api";
import { toAppError } from "../ipc/errors";

export type ConflictStep =
  | { kind: "reading" }
  | { kind: "choosing"; versions: ConflictVersion[] }
  | { kind: "keeping"; versions: ConflictVersion[] }
  | { kind: "failed"; versions: ConflictVersion[] | null; error: AppError };

export interface Conflict {
  step: ConflictStep;
  keep(content: string): Promise<void>;
}

function ordered(versions: ConflictVersion[]): ConflictVersion[] {
  return [...versions].sort((a, b) => Number(b.current) - Number(a.current) || b.updatedAt - a.updatedAt);
}

/** The versions one after another, each apart from the next by a blank line and a `---` line. */
export function mergedText(versions: readonly ConflictVersion[]): string {
  return versions.map((version) => version.content.replace(/\n+$/, "")).join("\n\n---\n\n");
}

export function useConflict(id: string, onResolved: (summary: EntrySummary) => void): Conflict {
  const [step, setStep] = useState<ConflictStep>({ kind: "reading" });

  useEffect(() => {
    let live = true;
    api.entryConflicts(id).then(
      (versions) => live && setStep({ kind: "choosing", versions: ordered(versions) }),
      (error: unknown) => live && setStep({ kind: "failed", versions: null, error: toAppError(error) }),
    );
    return () => {
      live = false;
    };
  }, [id]);

  const versions = step.kind === "reading" ? null : step.versions;
  const keep = useCallback(
    async (content: string) => {
      if (!versions) return;
      setStep({ kind: "keeping", versions });
      try {
        onResolved(await api.resolveConflict(id, content));
      } catch (error) {
        setStep({ kind: "failed", versions, error: toAppError(error) });
      }
    },
    [id, versions, onResolved],
  );

  return { step, keep };
}
