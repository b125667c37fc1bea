// The error normalizer: whatever was thrown, the UI gets an AppError with a readable message.
import { describe, expect, it } from "vitest";
import type { AppError } from "./bindings";
import { describeError, toAppError } from "./errors";

describe("toAppError", () => {
  it("passes AppErrors from the back end through", () => {
    expect(toAppError({ code: "disk_full", message: "No space left on device" })).toEqual({
      code: "disk_full",
      message: "No space left on device",
    });
  });

  it("turns unknown codes, Errors, strings and junk into internal errors", () => {
    expect(toAppError({ code: "teapot", message: "short and stout" })).toEqual({
      code: "internal",
      message: "short and stout",
    });
    expect(toAppError(new TypeError("x is undefined"))).toEqual({ code: "internal", message: "x is undefined" });
    expect(toAppError("command save_entry not found")).toEqual({
      code: "internal",
      message: "command save_entry not found",
    });
    for (const junk of [undefined, null, 42, "", {}, []]) {
      const error = toAppError(junk);
      expect(error.code).toBe("internal");
      expect(error.message.length).toBeGreaterThan(0);
    }
  });

  it("knows the account codes and shows their messages as they are", () => {
    const ended: AppError = { code: "session_ended", message: "Your session ended. Sign in again to open your journal." };
    expect(toAppError(ended)).toEqual(ended);
    expect(describeError(ended)).toBe(ended.message);
    expect(toAppError({ code: "sign_in_cancelled", message: "" }).message).toBe("sign in cancelled");
  });

  it("gives an empty back-end message a readable fallback", () => {
    expect(toAppError({ code: "read_only", message: "" }).message).not.toBe("");
  });
});

describe("describeError", () => {
  it("adds the next step for a person", () => {
    expect(describeError({ code: "disk_full", message: "No space left on device" })).toBe(
      "No space left on device. Free some space on the disk, then try again.",
    );
    expect(describeError({ code: "invalid_input", message: "Entry is too long." })).toBe("Entry is too long.");
  });

  it("adds nothing to a message that already says what to do", () => {
    const inUse: AppError = {
      code: "in_use",
      message: "Quire is already running with this journal, but that copy did not answer. Look for its window, or close it.",
    };
    expect(toAppError(inUse)).toEqual(inUse);
    expect(describeError(inUse)).toBe(inUse.message);
  });
});
