// Timing rules of the autosaver, driven by fake timers and hand-resolved save calls.
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { toAppError } from "../ipc/errors";
import { appErrors } from "../test/appErrors";
import { Autosaver } from "./autosave";

interface Call {
  id: string;
  content: string;
  resolve: () => void;
  reject: (error: unknown) => void;
}

/** A save function whose calls stay pending until the test settles them. */
function controlledSave() {
  const calls: Call[] = [];
  const save = vi.fn((id: string, content: string) => {
    return new Promise<string>((resolve, reject) => {
      calls.push({ id, content, resolve: () => resolve(content), reject });
    });
  });
  return { calls, save };
}

/** A save function that succeeds at once. */
function instantSave() {
  return vi.fn(async (_id: string, content: string) => content);
}

const diskFull = appErrors.disk_full;

beforeEach(() => {
  vi.useFakeTimers();
});

afterEach(() => {
  vi.useRealTimers();
});

describe("debounce", () => {
  it("saves once, 500 ms after the last keystroke", async () => {
    const save = instantSave();
    const saver = new Autosaver({ save });
    saver.open("a", "");

    saver.change("a", "H");
    await vi.advanceTimersByTimeAsync(300);
    saver.change("a", "He");
    await vi.advanceTimersByTimeAsync(300);
    saver.change("a", "Hey");
    expect(saver.status("a").kind).toBe("unsaved");
    await vi.advanceTimersByTimeAsync(499);
    expect(save).not.toHaveBeenCalled();

    await vi.advanceTimersByTimeAsync(1);
    expect(save).toHaveBeenCalledTimes(1);
    expect(save).toHaveBeenCalledWith("a", "Hey");
    expect(saver.status("a").kind).toBe("saved");

    await vi.advanceTimersByTimeAsync(10_000);
    expect(save).toHaveBeenCalledTimes(1);
  });

  it("does not save text that was typed back to what is stored", async () => {
    const save = instantSave();
    const saver = new Autosaver({ save });
    saver.open("a", "same");
    saver.change("a", "samey");
    saver.change("a", "same");
    expect(saver.status("a").kind).toBe("saved");
    await vi.advanceTimersByTimeAsync(5000);
    expect(save).not.toHaveBeenCalled();
  });
});

describe("max wait", () => {
  it("saves at least every 3 s while typing goes on", async () => {
    const save = instantSave();
    const saver = new Autosaver({ save });
    saver.open("a", "");

    let text = "";
    for (let t = 0; t < 6500; t += 100) {
      text += "x";
      saver.change("a", text);
      await vi.advanceTimersByTimeAsync(100);
    }
    // Keystrokes every 100 ms never let the 500 ms debounce fire; max wait does, twice.
    expect(save).toHaveBeenCalledTimes(2);
    expect(save.mock.calls[0]![1]).toHaveLength(30);
    expect(save.mock.calls[1]![1]).toHaveLength(60);

    await vi.advanceTimersByTimeAsync(500);
    expect(save).toHaveBeenCalledTimes(3);
    expect(save.mock.calls[2]![1]).toBe(text);
    expect(saver.status("a").kind).toBe("saved");
  });
});

describe("flush", () => {
  it("saves at once on blur and leaves no debounced save behind", async () => {
    const save = instantSave();
    const saver = new Autosaver({ save });
    saver.open("a", "");
    saver.change("a", "Dear diary");

    await saver.flush("a"); // what the textarea's blur handler does
    expect(save).toHaveBeenCalledTimes(1);
    expect(save).toHaveBeenCalledWith("a", "Dear diary");
    expect(saver.status("a").kind).toBe("saved");

    await vi.advanceTimersByTimeAsync(5000);
    expect(save).toHaveBeenCalledTimes(1);
  });

  it("resolves a switch only after the old entry's latest text is stored", async () => {
    const { calls, save } = controlledSave();
    const saver = new Autosaver({ save });
    saver.open("a", "");
    saver.change("a", "first");
    await vi.advanceTimersByTimeAsync(500); // a debounced save of "first" is now in flight
    saver.change("a", "first and last");

    const events: string[] = [];
    const switching = saver.flush("a").then(() => {
      events.push("switched");
      saver.open("b", "other entry");
    });

    await vi.advanceTimersByTimeAsync(0);
    expect(events).toEqual([]);
    calls[0]!.resolve();
    await vi.advanceTimersByTimeAsync(0);
    expect(events).toEqual([]); // "first" is stored, but not the latest text
    expect(calls[1]!.content).toBe("first and last");
    calls[1]!.resolve();
    await switching;

    expect(events).toEqual(["switched"]);
    expect(save).toHaveBeenCalledTimes(2);
    expect(saver.status("a").kind).toBe("saved");
  });

  it("is a no-op for an entry with nothing to save", async () => {
    const save = instantSave();
    const saver = new Autosaver({ save });
    saver.open("a", "stored");
    await saver.flush("a");
    await saver.flush("unknown");
    expect(save).not.toHaveBeenCalled();
  });
});

describe("one save in flight", () => {
  it("never marks newer text as saved when an older save answers", async () => {
    const { calls, save } = controlledSave();
    const saver = new Autosaver({ save });
    saver.open("a", "");
    saver.change("a", "old");
    await vi.advanceTimersByTimeAsync(500);
    expect(saver.status("a").kind).toBe("saving");

    saver.change("a", "old and new");
    calls[0]!.resolve(); // the answer for "old"
    await vi.advanceTimersByTimeAsync(0);
    expect(saver.status("a").kind).not.toBe("saved");
    expect(saver.text("a")).toBe("old and new");
  });

  it("waits for the running save, then saves the latest text once", async () => {
    const { calls, save } = controlledSave();
    const saver = new Autosaver({ save });
    saver.open("a", "");
    saver.change("a", "one");
    await vi.advanceTimersByTimeAsync(500);
    saver.change("a", "one two");
    await vi.advanceTimersByTimeAsync(500);
    saver.change("a", "one two three");
    await vi.advanceTimersByTimeAsync(3000);
    expect(save).toHaveBeenCalledTimes(1); // still waiting for the first answer

    calls[0]!.resolve();
    await vi.advanceTimersByTimeAsync(0);
    expect(save).toHaveBeenCalledTimes(2);
    expect(calls[1]!.content).toBe("one two three");
    expect(saver.status("a").kind).toBe("saving");

    calls[1]!.resolve();
    await vi.advanceTimersByTimeAsync(0);
    expect(saver.status("a").kind).toBe("saved");
    expect(save).toHaveBeenCalledTimes(2);
  });
});

describe("failures", () => {
  it("shows the error, keeps the text, retries with backoff and recovers", async () => {
    let failing = true;
    const save = vi.fn(async (_id: string, content: string) => {
      if (failing) throw diskFull;
      return content;
    });
    const saver = new Autosaver({ save, retryDelaysMs: [1000, 2000, 5000] });
    saver.open("a", "");
    saver.change("a", "precious words");
    await vi.advanceTimersByTimeAsync(500);

    expect(save).toHaveBeenCalledTimes(1);
    expect(saver.status("a")).toEqual({ kind: "error", error: diskFull, retryInMs: 1000 });
    expect(saver.text("a")).toBe("precious words");

    await vi.advanceTimersByTimeAsync(1000);
    expect(save).toHaveBeenCalledTimes(2);
    expect(saver.status("a")).toMatchObject({ kind: "error", retryInMs: 2000 });

    saver.change("a", "precious words, more"); // typing does not cut the backoff short
    await vi.advanceTimersByTimeAsync(1999);
    expect(save).toHaveBeenCalledTimes(2);

    failing = false;
    await vi.advanceTimersByTimeAsync(1);
    expect(save).toHaveBeenCalledTimes(3);
    expect(save).toHaveBeenLastCalledWith("a", "precious words, more");
    expect(saver.status("a").kind).toBe("saved");
    expect(saver.text("a")).toBe("precious words, more");
  });

  it("lets Retry and flush try at once, and rejects a flush that fails", async () => {
    const save = vi.fn<(id: string, content: string) => Promise<string>>(async () => {
      throw new Error("database is locked");
    });
    const saver = new Autosaver({ save });
    saver.open("a", "");
    saver.change("a", "text");

    await expect(saver.flush("a")).rejects.toEqual(toAppError(new Error("database is locked")));
    expect(saver.hasUnsaved()).toBe(true);
    expect(saver.forget("a")).toBe(false); // unsaved text is never dropped quietly

    save.mockImplementation(async (_id, content) => content);
    await saver.retry("a");
    expect(saver.status("a").kind).toBe("saved");
    expect(saver.hasUnsaved()).toBe(false);
  });

  it("keeps unsaved text when the entry is opened again", async () => {
    const save = vi.fn(async (): Promise<string> => {
      throw diskFull;
    });
    const saver = new Autosaver({ save });
    saver.open("a", "stored");
    saver.change("a", "stored plus unsaved");
    await expect(saver.flush("a")).rejects.toEqual(diskFull);
    expect(saver.open("a", "stored")).toBe("stored plus unsaved");
  });

  it("rejects flushAll when any entry could not be saved", async () => {
    const save = vi.fn(async (id: string, content: string) => {
      if (id === "b") throw diskFull;
      return content;
    });
    const saver = new Autosaver({ save });
    saver.open("a", "");
    saver.open("b", "");
    saver.change("a", "fine");
    saver.change("b", "stuck");
    await expect(saver.flushAll()).rejects.toEqual(diskFull);
    expect(saver.status("a").kind).toBe("saved");
    expect(saver.status("b").kind).toBe("error");
  });
});

describe("listeners", () => {
  it("are told about status changes of an entry", async () => {
    const save = instantSave();
    const saver = new Autosaver({ save });
    saver.open("a", "");
    const seen: string[] = [];
    saver.subscribe((id) => seen.push(`${id}:${saver.status(id).kind}`));
    saver.change("a", "x");
    await vi.advanceTimersByTimeAsync(500);
    expect(seen).toEqual(["a:unsaved", "a:saving", "a:saved"]);
  });
});
