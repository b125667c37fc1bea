// The tag grammar against the cases the Rust store is tested with, and the editor's tag edits.
import { describe, expect, it } from "vitest";
import fixture from "../../../tests/fixtures/tags.json";
import { addTagToText, extractTags, isTagName, removeTagFromText, renameTagInText, tagKey } from "./tags";

describe("extractTags", () => {
  it.each(fixture.cases)("reads $text", ({ text, tags }) => {
    expect(extractTags(text)).toEqual(tags);
  });

  it("reads letters as Rust's char::is_alphabetic does", () => {
    // A vowel sign is Alphabetic; a combining accent is not, so it ends the tag as it does in Rust.
    expect(extractTags("#हिंदी #cafe\u0301")).toEqual(["हिंदी", "cafe"]);
  });
});

describe("renameTagInText", () => {
  it.each(fixture.renames)("renames #$from to #$to in $text", ({ text, from, to, result }) => {
    expect(renameTagInText(text, from, to)).toBe(result);
  });
});

describe("tagKey and isTagName", () => {
  it("treats spellings that differ in case as one tag", () => {
    expect(tagKey("Work")).toBe(tagKey("WORK"));
    expect(tagKey("Café")).toBe("café");
  });

  it("accepts what the grammar reads as a whole tag, and nothing else", () => {
    for (const name of ["walk", "Sea-side", "a/b", "y2k", "_under", "日本"]) expect(isTagName(name)).toBe(true);
    for (const name of ["", "2024", "-dash", "trailing-", "two words", "a#b", "x".repeat(65)]) {
      expect(isTagName(name)).toBe(false);
    }
    expect(isTagName("x".repeat(64))).toBe(true);
  });
});

describe("addTagToText", () => {
  it("adds to a last line made only of tags", () => {
    expect(addTagToText("Walked far.\n\n#walk #sea", "rain")).toBe("Walked far.\n\n#walk #sea #rain");
    expect(addTagToText("Walked far.\n#walk  \n\n", "rain")).toBe("Walked far.\n#walk #rain");
  });

  it("starts a line of tags after a blank line otherwise", () => {
    expect(addTagToText("Walked far.", "walk")).toBe("Walked far.\n\n#walk");
    expect(addTagToText("Walked far. #sea", "walk")).toBe("Walked far. #sea\n\n#walk");
    expect(addTagToText("", "walk")).toBe("#walk");
    expect(addTagToText("  \n", "walk")).toBe("#walk");
  });

  it("leaves text that has the tag in any spelling as it is", () => {
    const text = "A #Walk by the sea";
    expect(addTagToText(text, "walk")).toBe(text);
  });
});

describe("removeTagFromText", () => {
  it("takes out every occurrence in any spelling, with one space beside it", () => {
    expect(removeTagFromText("A #walk by the #Walk sea #walk.", "walk")).toBe("A by the sea.");
    expect(removeTagFromText("#walk first, then #sea", "walk")).toBe("first, then #sea");
  });

  it("leaves other tags and things that are not tags alone", () => {
    const text = "a#walk #workout #walk/plan http://x.org/#walk";
    expect(removeTagFromText(text, "walk")).toBe(text);
  });

  it("drops a line the tag leaves empty, and blank lines it leaves at the end", () => {
    expect(removeTagFromText("Walked far.\n\n#walk", "walk")).toBe("Walked far.");
    expect(removeTagFromText("One\n#walk\nTwo", "walk")).toBe("One\nTwo");
    expect(removeTagFromText("One\n\n#walk #sea", "walk")).toBe("One\n\n#sea");
  });

  it("undoes addTagToText", () => {
    for (const text of ["Walked far.", "Walked far.\n\n#sea", "", "Text #sea"]) {
      expect(removeTagFromText(addTagToText(text, "walk"), "walk")).toBe(text);
    }
  });
});
