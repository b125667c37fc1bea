// Test environment: unmount rendered components between tests, and give every `findBy…` and
// `waitFor` three seconds, not one: on a loaded machine a lazily loaded dialog or a frame-late
// section can take longer than a second to appear in jsdom. And the little layout CodeMirror asks for.
import { afterEach } from "vitest";
import { cleanup, configure } from "@testing-library/react";

configure({ asyncUtilTimeout: 3000 });

// jsdom lays nothing out; CodeMirror measures text ranges, and finds none.
if (typeof Range !== "undefined" && !Range.prototype.getClientRects) {
  Range.prototype.getClientRects = () => [] as unknown as DOMRectList;
  Range.prototype.getBoundingClientRect = () => new DOMRect();
}

afterEach(() => {
  cleanup();
});
