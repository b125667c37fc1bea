// The lock window: whose journal is locked, one field for the passphrase or recovery key, and a wait
// that grows after each wrong one.
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { act, cleanup, fireEvent, render, screen, waitFor } from "@testing-library/react";
import { clearMocks, mockIPC, mockWindows } from "@tauri-apps/api/mocks";
import { App } from "../app/App";
import { appErrors } from "../test/appErrors";
import { FakeBackend } from "../test/fakeBackend";
import { enter } from "../test/enter";

let backend: FakeBackend;

beforeEach(() => {
  backend = new FakeBackend();
  backend.passphrase = "correct horse battery";
  mockIPC((cmd, args) => backend.handle(cmd, args), { shouldMockEvents: true });
});

afterEach(() => {
  cleanup();
  clearMocks();
  vi.useRealTimers();
});

async function openLock() {
  render(<App windowLabel="lock" />);
  await screen.findByText("Journal of ada@example.com");
  return {
    input: screen.getByTestId<HTMLInputElement>("unlock-input"),
    button: screen.getByTestId<HTMLButtonElement>("unlock-submit"),
  };
}

describe("the lock window", () => {
  it("is shown in the `lock` window, says whose journal is locked and takes the focus", async () => {
    mockWindows("lock");
    render(<App />);
    const locked = await screen.findByTestId("locked");
    expect(screen.getByRole("heading", { name: "Quire is locked" })).toBeTruthy();
    expect(await screen.findByText("Journal of ada@example.com")).toBeTruthy();
    const input = screen.getByLabelText<HTMLInputElement>("Passphrase or recovery key");
    expect(input).toBe(screen.getByTestId("unlock-input"));
    expect(input.type).toBe("password");
    expect(document.activeElement).toBe(input);
    expect(screen.getByTestId("unlock-submit").textContent).toBe("Unlock");
    expect(locked.contains(input)).toBe(true);
    expect(screen.queryByTestId("journal")).toBeNull();
  });

  it("asks for the recovery key when there is no passphrase", async () => {
    backend.lock = { ...backend.lock, hasPassphrase: false };
    render(<App windowLabel="lock" />);
    expect(await screen.findByLabelText("Recovery key")).toBe(screen.getByTestId("unlock-input"));
  });

  it("unlocks with the passphrase on Enter, showing Unlocking… meanwhile, and forgets what was typed", async () => {
    const { input, button } = await openLock();
    const unlocking = backend.hold("unlock_journal");
    enter(input, "correct horse battery");
    fireEvent.submit(input.form!);

    expect(backend.calls.find((c) => c.cmd === "unlock_journal")?.args).toEqual({ secret: "correct horse battery" });
    expect(button.textContent).toBe("Unlocking…");
    expect(button.disabled).toBe(true);
    expect(input.value).toBe("");

    await act(async () => unlocking.release());
    // The shell opens the journal window and closes this one; until then it stays as it is.
    expect(screen.queryByRole("alert")).toBeNull();
    expect(button.textContent).toBe("Unlocking…");
  });

  it("says a wrong secret is wrong, clears and refocuses the field, and counts down the wait", async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    const { input, button } = await openLock();
    enter(input, "wrong horse");
    fireEvent.click(button);

    const alert = await screen.findByRole("alert");
    expect(alert.textContent).toBe(appErrors.wrong_secret.message);
    expect(input.value).toBe("");
    expect(document.activeElement).toBe(input);
    expect(input.getAttribute("aria-invalid")).toBe("true");
    await waitFor(() => expect(backend.count("lock_status")).toBe(2));
    await waitFor(() => expect(button.textContent).toBe("Try again in 1 s"));
    expect(button.disabled).toBe(true);

    // Enter does nothing while the wait lasts.
    enter(input, "another guess");
    fireEvent.submit(input.form!);
    expect(backend.count("unlock_journal")).toBe(1);

    await act(() => vi.advanceTimersByTimeAsync(1000));
    expect(button.textContent).toBe("Unlock");
    expect(button.disabled).toBe(false);

    // The next wrong try waits longer.
    fireEvent.submit(input.form!);
    await waitFor(() => expect(button.textContent).toBe("Try again in 2 s"));
    await act(() => vi.advanceTimersByTimeAsync(1000));
    expect(button.textContent).toBe("Try again in 1 s");
    await act(() => vi.advanceTimersByTimeAsync(1000));
    expect(button.textContent).toBe("Unlock");

    enter(input, "correct horse battery");
    fireEvent.submit(input.form!);
    await waitFor(() => expect(backend.count("unlock_journal")).toBe(3));
    expect(backend.wrongTries).toBe(0);
  });

  it("waits at once when the back end says an earlier wrong try still holds", async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    backend.lock = { ...backend.lock, waitMs: 4500 };
    const { button } = await openLock();
    expect(button.textContent).toBe("Try again in 5 s");
    expect(button.disabled).toBe(true);
    await vi.advanceTimersByTimeAsync(4500);
    expect(button.textContent).toBe("Unlock");
  });

  it("shows other errors as the back end wrote them", async () => {
    backend.failures.set("unlock_journal", appErrors.keyring);
    const { input, button } = await openLock();
    enter(input, "correct horse battery");
    fireEvent.click(button);
    expect((await screen.findByRole("alert")).textContent).toBe(appErrors.keyring.message);
    await waitFor(() => expect(button.textContent).toBe("Unlock"));
  });

  it("sends nothing when the field is empty", async () => {
    const { button } = await openLock();
    fireEvent.click(button);
    expect(backend.count("unlock_journal")).toBe(0);
  });
});
