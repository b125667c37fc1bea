import { describe, expect, it } from "vitest";
import { wellFormed } from "./wellFormed";

describe("wellFormed", () => {
  it("replaces lone surrogates and keeps pairs and everything else", () => {
    expect(wellFormed("a\uD800b")).toBe("a\uFFFDb");
    expect(wellFormed("a\uDC00b")).toBe("a\uFFFDb");
    expect(wellFormed("end\uD83D")).toBe("end\uFFFD");
    expect(wellFormed("\uDE00\uD83D")).toBe("\uFFFD\uFFFD");
    expect(wellFormed("tea 🍵 and 日本語 and \u0000")).toBe("tea 🍵 and 日本語 and \u0000");
    expect(wellFormed("")).toBe("");
  });
});
