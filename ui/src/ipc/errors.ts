// Turns whatever a failed call threw into an AppError whose message a person can read and act on.
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
  wrong_secret: true,
  locked: true,
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

// Only for rejections that are not the back end's AppErrors: its messages already say what to do.
const RESTART = "If this keeps happening, restart Quire.";

/** What a person reads when nothing more is known about a failure. */
export const UNEXPECTED = `Something unexpected went wrong. ${RESTART}`;

/**
 * Never throws: every rejection the UI sees goes through here, including Tauri's own string errors.
 * An AppError keeps the back end's message as it is; anything else gets a message written here.
 */
export function toAppError(value: unknown): AppError {
  if (isAppError(value)) return { code: value.code, message: value.message || fallbackMessage(value.code) };
  if (value instanceof Error) return unexpected(value.message || value.name);
  if (typeof value === "string") return unexpected(value.trim());
  if (isRecord(value) && typeof value.message === "string") return unexpected(value.message);
  return unexpected("");
}

/** `detail`: what was thrown, in its own words; empty when it said nothing. */
function unexpected(detail: string): AppError {
  return { code: "internal", message: detail === "" ? UNEXPECTED : `${sentence(detail)} ${RESTART}` };
}

function fallbackMessage(code: ErrorCode): string {
  return code === "internal" ? UNEXPECTED : code.replaceAll("_", " ");
}

/** Account notices that are not alarms: the person chose them, or nothing went wrong. */
export function isGentle(code: ErrorCode): boolean {
  return code === "sign_in_cancelled" || code === "session_ended";
}

/** The message as a person reads it in a banner: as it is, ending like a sentence. */
export function describeError(error: AppError): string {
  return sentence(error.message);
}

function sentence(text: string): string {
  return /[.!?…]$/.test(text) ? text : `${text}.`;
}
