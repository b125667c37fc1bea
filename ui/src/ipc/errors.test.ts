// The error normalizer: whatever was thrown, the UI gets an AppError with a readable message, and the
// back end's own messages are shown as they are.
import { describe, expect, it } from "vitest";
import { appErrors } from "../test/appErrors";
import { UNEXPECTED, describeError, toAppError } from "./errors";

const RESTART = "If this keeps happening, restart Quire.";

describe("toAppError", () => {
  it("passes AppErrors from the back end through", () => {
    for (const error of Object.values(appErrors)) expect(toAppError(error)).toEqual(error);
  });

  it("turns unknown codes, Errors, strings and junk into internal errors that say what to do", () => {
    expect(toAppError({ code: "teapot", message: "short and stout" })).toEqual({
      code: "internal",
      message: `short and stout. ${RESTART}`,
    });
    expect(toAppError(new TypeError("x is undefined"))).toEqual({
      code: "internal",
      message: `x is undefined. ${RESTART}`,
    });
    expect(toAppError("command save_entry not found")).toEqual({
      code: "internal",
      message: `command save_entry not found. ${RESTART}`,
    });
    for (const junk of [undefined, null, 42, "", {}, []]) {
      expect(toAppError(junk)).toEqual({ code: "internal", message: UNEXPECTED });
    }
    expect(UNEXPECTED).toContain(RESTART);
  });

  it("knows the account codes and shows their messages as they are", () => {
    expect(toAppError(appErrors.session_ended)).toEqual(appErrors.session_ended);
    expect(toAppError({ code: "sign_in_cancelled", message: "" }).message).toBe("sign in cancelled");
  });

  it("gives an empty back-end message a readable fallback", () => {
    expect(toAppError({ code: "read_only", message: "" }).message).not.toBe("");
    expect(toAppError({ code: "internal", message: "" }).message).toBe(UNEXPECTED);
  });
});

describe("describeError", () => {
  it("shows the back end's message as it is: it already says what to do", () => {
    for (const error of Object.values(appErrors)) {
      // At most a full stop is added, to a message that doesn't end like a sentence.
      expect([error.message, `${error.message}.`]).toContain(describeError(error));
    }
  });

  it("only ends a message like a sentence", () => {
    const clipped = appErrors.disk_full.message.replace(/[.!?…]+$/, "");
    expect(describeError({ ...appErrors.disk_full, message: clipped })).toBe(`${clipped}.`);
  });
});
