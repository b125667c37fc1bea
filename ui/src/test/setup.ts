// Test environment: unmount rendered components between tests, and give every `findBy…` and
// `waitFor` three seconds, not one: on a loaded machine a lazily loaded dialog or a frame-late
// section can take longer than a second to appear in jsdom.
import { afterEach } from "vitest";
import { cleanup, configure } from "@testing-library/react";

configure({ asyncUtilTimeout: 3000 });

afterEach(() => {
  cleanup();
});
