// Turns whatever a failed call threw into an AppError, and says in plain words what a person can do about it.
import type { AppError, ErrorCode } from "./bindings";

// A record, not a list, so the compiler says when the generated ErrorCode gains a code this file misses.
const KNOWN: Record<ErrorCode, true> = {
  not_found: true,
  invalid_input: true,
  storage: true,
  disk_full: true,
  read_only: true,
  busy: true,
  internal: true,
  not_configured: true,
  sign_in_cancelled: true,
  sign_in_denied: true,
  sign_in_failed: true,
  offline: true,
  keyring: true,
  session_ended: true,
  open_failed: true,
  damaged: true,
  in_use: true,
};
const CODES: ReadonlySet<string> = new Set(Object.keys(KNOWN));

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
  return code === "internal" ? "Something unexpected went wrong." : code.replaceAll("_", " ");
}

/** A next step to show after the message; empty when the message already says enough. */
export function adviceFor(code: ErrorCode): string {
  switch (code) {
    case "disk_full":
      return "Free some space on the disk, then try again.";
    case "read_only":
      return "Check that the data folder can be written to and the disk is not read-only.";
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
    // Account messages are written for people by the back end and already say what to do next.
    case "not_configured":
    case "sign_in_cancelled":
    case "sign_in_denied":
    case "sign_in_failed":
    case "offline":
    case "keyring":
    case "session_ended":
      return "";
    // The message already names the folder to open by hand, says how to restore, or which window to
    // look for.
    case "open_failed":
    case "damaged":
    case "in_use":
      return "";
  }
}

/** Account notices that are not alarms: the person chose them, or nothing went wrong. */
export function isGentle(code: ErrorCode): boolean {
  return code === "sign_in_cancelled" || code === "session_ended";
}

/** "message. advice" with sensible punctuation, for banners. */
export function describeError(error: AppError): string {
  const message = /[.!?…]$/.test(error.message) ? error.message : `${error.message}.`;
  const advice = adviceFor(error.code);
  return advice ? `${message} ${advice}` : message;
}
