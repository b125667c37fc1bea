// Test environment: unmount rendered components between tests, and give every `findBy…` and
// `waitFor` three seconds, not one: on a loaded machine a lazily loaded dialog or a frame-late
// section can take longer than a second to appear in jsdom. And the little layout CodeMirror asks
// for, the app's controlled fields, and a timer for effects (below).
import { afterEach } from "vitest";
import { cleanup, configure } from "@testing-library/react";
import { options } from "preact";
import "../app/controlledFields";

configure({ asyncUtilTimeout: 3000 });

// jsdom lays nothing out; CodeMirror measures text ranges, and finds none.
if (typeof Range !== "undefined" && !Range.prototype.getClientRects) {
  Range.prototype.getClientRects = () => [] as unknown as DOMRectList;
  Range.prototype.getBoundingClientRect = () => new DOMRect();
}

// Effects run after the next frame, which Preact waits for with requestAnimationFrame and a timer.
// Here they run on the next timer, fake or real, whichever comes first: a test with fake timers runs
// them as it moves its clock, and a fake timer dropped at a test's end can't hold back every later
// effect in the file, as the real one, taken before any test fakes one, runs them anyway.
const realTimeout = globalThis.setTimeout.bind(globalThis);
(options as { requestAnimationFrame?: (callback: () => void) => void }).requestAnimationFrame = (callback) => {
  let ran = false;
  const once = () => {
    if (ran) return;
    ran = true;
    callback();
  };
  realTimeout(once, 0);
  globalThis.setTimeout(once, 0);
};

afterEach(() => {
  cleanup();
});
