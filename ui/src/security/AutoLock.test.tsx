// Auto-lock: after the chosen minutes without a key press, pointer or wheel, the journal saves and locks;
// never without a passphrase.
import { afterEach, describe, expect, it, vi } from "vitest";
import { act, fireEvent, renderHook, screen, waitFor } from "@testing-library/react";
import { openJournalOn, withFakeBackend, setEditorText } from "../test/journal";
import { useAutoLock } from "./useAutoLock";

const MINUTE = 60_000;

afterEach(() => {
  vi.useRealTimers();
});

describe("useAutoLock", () => {
  it("calls back after the minutes without activity, counted from the last activity", () => {
    vi.useFakeTimers();
    const onIdle = vi.fn();
    renderHook(() => useAutoLock(5, onIdle));

    vi.advanceTimersByTime(4 * MINUTE);
    fireEvent.keyDown(window, { key: "a" });
    vi.advanceTimersByTime(4 * MINUTE);
    fireEvent.pointerMove(document.body);
    vi.advanceTimersByTime(4 * MINUTE);
    fireEvent.wheel(document.body);
    vi.advanceTimersByTime(4 * MINUTE);
    fireEvent.pointerDown(document.body);
    vi.advanceTimersByTime(5 * MINUTE - 1);
    expect(onIdle).not.toHaveBeenCalled();

    vi.advanceTimersByTime(1);
    expect(onIdle).toHaveBeenCalledTimes(1);
    // A lock that didn't happen (a save failed) is tried again after another idle period.
    vi.advanceTimersByTime(5 * MINUTE);
    expect(onIdle).toHaveBeenCalledTimes(2);
  });

  it("counts activity that a control stopped from bubbling", () => {
    vi.useFakeTimers();
    const onIdle = vi.fn();
    renderHook(() => useAutoLock(1, onIdle));
    const input = document.createElement("input");
    input.addEventListener("keydown", (event) => event.stopPropagation());
    document.body.append(input);
    try {
      vi.advanceTimersByTime(MINUTE - 10);
      fireEvent.keyDown(input, { key: "a" });
      vi.advanceTimersByTime(MINUTE - 10);
      expect(onIdle).not.toHaveBeenCalled();
    } finally {
      input.remove();
    }
  });

  it("does nothing when off, and stops when turned off or unmounted", () => {
    vi.useFakeTimers();
    const onIdle = vi.fn();
    const { rerender, unmount } = renderHook(({ minutes }) => useAutoLock(minutes, onIdle), {
      initialProps: { minutes: null as number | null },
    });
    vi.advanceTimersByTime(120 * MINUTE);
    expect(onIdle).not.toHaveBeenCalled();

    rerender({ minutes: 1 });
    vi.advanceTimersByTime(MINUTE / 2);
    rerender({ minutes: null });
    vi.advanceTimersByTime(10 * MINUTE);
    expect(onIdle).not.toHaveBeenCalled();

    rerender({ minutes: 1 });
    unmount();
    vi.advanceTimersByTime(10 * MINUTE);
    expect(onIdle).not.toHaveBeenCalled();
  });
});

describe("auto-lock in the journal window", () => {
  const backend = withFakeBackend();

  /** The journal, open and having read its lock settings, on fake timers that still move on their own. */
  async function openIdleJournal() {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    backend().add("Morning pages");
    const editor = await openJournalOn("Morning pages");
    await waitFor(() => expect(backend().count("security_status")).toBe(1));
    return editor;
  }

  it("saves and locks after the chosen minutes idle", async () => {
    backend().security = { ...backend().security, hasPassphrase: true, autoLockMinutes: 5 };
    const editor = await openIdleJournal();
    setEditorText(editor, "Morning pages, then coffee");

    await act(() => vi.advanceTimersByTimeAsync(4 * MINUTE));
    fireEvent.keyDown(editor, { key: "Shift" });
    await act(() => vi.advanceTimersByTimeAsync(4 * MINUTE));
    expect(backend().count("lock_journal")).toBe(0);

    await act(() => vi.advanceTimersByTimeAsync(MINUTE));
    await waitFor(() => expect(backend().count("lock_journal")).toBe(1));
    expect(backend().rows[0]!.content).toBe("Morning pages, then coffee");
    expect(screen.getByTestId("lock-button").textContent).toBe("Locking…");
  });

  it("never locks without a passphrase, whatever the setting says", async () => {
    backend().security = { ...backend().security, hasPassphrase: false, autoLockMinutes: 1 };
    await openIdleJournal();
    await act(() => vi.advanceTimersByTimeAsync(30 * MINUTE));
    expect(backend().count("lock_journal")).toBe(0);
    expect(screen.queryByRole("dialog")).toBeNull();
  });

  it("does not lock when auto-lock is off", async () => {
    backend().security = { ...backend().security, hasPassphrase: true, autoLockMinutes: null };
    await openIdleJournal();
    await act(() => vi.advanceTimersByTimeAsync(120 * MINUTE));
    expect(backend().count("lock_journal")).toBe(0);
  });
});
