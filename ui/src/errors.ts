// Turns whatever a failed call threw into an AppError, and says in plain words what a person can do about it.
import type { AppError, ErrorCode } from "./bindings";

const CODES: ReadonlySet<string> = new Set<ErrorCode>([
  "not_found",
  "invalid_input",
  "storage",
  "disk_full",
  "read_only",
  "busy",
  "internal",
]);

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null;
}

export function isAppError(value: unknown): value is AppError {
  return (
    isRecord(value) &&
    typeof value.code === "string" &&
    CODES.has(value.code) &&
    typeof value.message === "string"
  );
}

/** Never throws: every rejection the UI sees goes through here, including Tauri's own string errors. */
export function toAppError(value: unknown): AppError {
  if (isAppError(value)) return { code: value.code, message: value.message || fallbackMessage(value.code) };
  if (value instanceof Error) return { code: "internal", message: value.message || value.name };
  if (typeof value === "string" && value.trim() !== "") return { code: "internal", message: value.trim() };
  if (isRecord(value) && typeof value.message === "string" && value.message !== "") {
    return { code: "internal", message: value.message };
  }
  return { code: "internal", message: "Something unexpected went wrong." };
}

function fallbackMessage(code: ErrorCode): string {
  return code === "internal" ? "Something unexpected went wrong." : code.replace("_", " ");
}

/** A next step to show after the message; empty when the message already says enough. */
export function adviceFor(code: ErrorCode): string {
  switch (code) {
    case "disk_full":
      return "Check the disk has space.";
    case "read_only":
      return "The journal folder can't be written to; check its permissions.";
    case "busy":
      return "The journal is busy for a moment.";
    case "storage":
      return "Check that the disk is connected and working.";
    case "not_found":
      return "The entry may have been deleted.";
    case "invalid_input":
      return "";
    case "internal":
      return "If this keeps happening, restart Quire.";
  }
}

/** "message. advice" with sensible punctuation, for banners. */
export function describeError(error: AppError): string {
  const message = /[.!?…]$/.test(error.message) ? error.message : `${error.message}.`;
  const advice = adviceFor(error.code);
  return advice ? `${message} ${advice}` : message;
}
