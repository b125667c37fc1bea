// The welcome window while this version's first start encrypts an existing journal: progress instead
// of signing in, then the usual welcome once it is done.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { act, cleanup, render, screen, waitFor } from "@testing-library/react";
import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import { emit } from "@tauri-apps/api/event";
import { App } from "../app/App";
import type { UpgradeProgress } from "../ipc/bindings";
import { FakeBackend } from "../test/fakeBackend";

let backend: FakeBackend;

beforeEach(() => {
  backend = new FakeBackend();
  mockIPC((cmd, args) => backend.handle(cmd, args), { shouldMockEvents: true });
});

afterEach(() => {
  cleanup();
  clearMocks();
});

async function progress(payload: UpgradeProgress) {
  await act(() => emit("upgrade-progress", payload));
}

describe("encrypting an existing journal", () => {
  it("shows the stage and a progress bar instead of signing in, following the events", async () => {
    backend.upgrade = { stage: "Encrypting your entries", done: 120, total: 480 };
    render(<App windowLabel="welcome" />);

    expect(await screen.findByRole("heading", { name: "Encrypting your journal" })).toBeTruthy();
    expect(screen.getByTestId("upgrade-stage").textContent).toBe("Encrypting your entries");
    const bar = screen.getByRole<HTMLProgressElement>("progressbar", { name: "Encrypting your journal" });
    expect(bar.value).toBe(120);
    expect(bar.max).toBe(480);
    expect(screen.getByTestId("upgrade-percent").textContent).toBe("25%");
    expect(
      screen.getByText("Don't turn off your computer. If Quire is stopped, it picks up where it left off."),
    ).toBeTruthy();
    expect(screen.queryByTestId("sign-in-button")).toBeNull();
    expect(backend.count("auth_status")).toBe(0);
    expect(backend.count("journal_health")).toBe(0);

    await progress({ stage: "Checking the encrypted copy", done: 479, total: 480 });
    expect(screen.getByTestId("upgrade-stage").textContent).toBe("Checking the encrypted copy");
    expect(bar.value).toBe(479);
    expect(screen.getByTestId("upgrade-percent").textContent).toBe("99%");
  });

  it("goes back to the welcome flow when it is finished, reading the sign-in status then", async () => {
    backend.upgrade = { stage: "Encrypting your entries", done: 1, total: 2 };
    render(<App windowLabel="welcome" />);
    await screen.findByRole("heading", { name: "Encrypting your journal" });

    backend.upgrade = null;
    await progress(null);
    const button = await screen.findByTestId<HTMLButtonElement>("sign-in-button");
    expect(button.textContent).toBe("Sign in with clerk.example.com");
    expect(screen.queryByRole("progressbar")).toBeNull();
    await waitFor(() => expect(backend.count("auth_status")).toBe(1));
  });

  it("shows a bar without a value while the total is not known", async () => {
    backend.upgrade = { stage: "Preparing", done: 0, total: 0 };
    render(<App windowLabel="welcome" />);
    const bar = await screen.findByRole<HTMLProgressElement>("progressbar");
    expect(bar.hasAttribute("value")).toBe(false);
    expect(screen.queryByTestId("upgrade-percent")).toBeNull();
  });

  it("shows the welcome as usual when there is nothing to encrypt", async () => {
    render(<App windowLabel="welcome" />);
    await screen.findByTestId("sign-in-button");
    expect(backend.count("upgrade_status")).toBe(1);
    expect(screen.queryByRole("progressbar")).toBeNull();
  });
});
