// The back end's own errors, as a Rust test exports them (src/ipc/app-errors.json), so the tests show
// what people really read. Read the texts from here rather than copying them: the file is regenerated
// whenever a message changes.
import exported from "../ipc/app-errors.json";
import type { AppError } from "../ipc/bindings";
import { isAppError } from "../ipc/errors";

export type AppErrorKey = keyof typeof exported;

function checked(): Record<AppErrorKey, AppError> {
  for (const [key, value] of Object.entries(exported)) {
    if (!isAppError(value) || value.message === "") {
      throw new Error(`app-errors.json: "${key}" is not an AppError with a message`);
    }
  }
  return exported as Record<AppErrorKey, AppError>;
}

export const appErrors = checked();
