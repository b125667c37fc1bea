// The welcome window when the journal file is damaged: the backups instead of Sign in, a restore, and
// starting a new journal only after a confirmation.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { cleanup, fireEvent, render, screen, waitFor } from "@testing-library/react";
import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import { App } from "../app/App";
import { describeError } from "../ipc/errors";
import { appErrors } from "../test/appErrors";
import { FakeBackend } from "../test/fakeBackend";

let backend: FakeBackend;

const BACKUPS = [
  { name: "quire-2026-11-26T08-15-00Z.sqlite3", takenAt: "2026-11-26T08:15:00Z", bytes: 3_565_158 },
  { name: "quire-2026-11-25T08-15-00Z.sqlite3", takenAt: "2026-11-25T08:15:00Z", bytes: 3_400_000 },
];

beforeEach(() => {
  backend = new FakeBackend();
  backend.health = { ...backend.health, damaged: true, reason: "*** in database main ***", backups: BACKUPS };
  mockIPC((cmd, args) => backend.handle(cmd, args), { shouldMockEvents: true });
});

afterEach(() => {
  cleanup();
  clearMocks();
});

describe("a damaged journal", () => {
  it("offers its backups instead of Sign in, newest chosen", async () => {
    render(<App windowLabel="welcome" />);
    await screen.findByTestId("recovery");
    expect(screen.queryByTestId("sign-in-button")).toBeNull();
    expect(screen.getByText(/quire\.sqlite3/).textContent).toContain("/home/ada/.local/share/app.quire.journal/quire.sqlite3");
    expect(screen.getByText(/What was found/).textContent).toContain("*** in database main ***");
    const options = screen.getAllByTestId("backup-option");
    expect(options).toHaveLength(2);
    expect(options[0].textContent).toContain("2026");
    expect(options[0].textContent).toContain("3.4 MB");
    expect(options[0].querySelector("input")?.checked).toBe(true);
  });

  it("restores the chosen backup and then asks to sign in, saying where the damaged file is", async () => {
    backend.restored = { keptIn: "/data/damaged/1795000000000", backup: BACKUPS[1], journalOpened: false };
    render(<App windowLabel="welcome" />);
    await screen.findByTestId("recovery");
    fireEvent.click(screen.getAllByTestId("backup-option")[1].querySelector("input")!);
    fireEvent.click(screen.getByTestId("restore-backup"));
    const done = await screen.findByTestId("restored");
    expect(backend.calls.find((c) => c.cmd === "restore_journal")?.args).toEqual({ backup: BACKUPS[1].name });
    expect(done.textContent).toContain("/data/damaged/1795000000000");
    expect(done.textContent).toContain("Sign in");
    expect(screen.queryByTestId("recovery")).toBeNull();
    expect(await screen.findByTestId("sign-in-button")).toBeTruthy();
  });

  it("says so when the restore fails, and offers it again", async () => {
    backend.failures.set("restore_journal", appErrors.damaged);
    render(<App windowLabel="welcome" />);
    await screen.findByTestId("recovery");
    fireEvent.click(screen.getByTestId("restore-backup"));
    const error = await screen.findByTestId("error-message");
    expect(error.textContent).toContain(appErrors.damaged.message);
    expect((screen.getByTestId("restore-backup") as HTMLButtonElement).disabled).toBe(false);
  });

  it("starts a new journal only after a confirmation, when there is no backup", async () => {
    backend.health = { ...backend.health, backups: [] };
    render(<App windowLabel="welcome" />);
    await screen.findByTestId("no-backups");
    expect(screen.queryByTestId("restore-backup")).toBeNull();
    fireEvent.click(screen.getByTestId("start-new-journal"));
    expect(backend.count("restore_journal")).toBe(0);
    fireEvent.click(screen.getByRole("button", { name: "Start a new journal" }));
    await waitFor(() => expect(backend.count("restore_journal")).toBe(1));
    expect(backend.calls.find((c) => c.cmd === "restore_journal")?.args).toEqual({ backup: null });
    expect((await screen.findByTestId("restored")).textContent).toContain("A new, empty journal was started.");
  });
});

describe("a journal that cannot be opened", () => {
  it("says why and how to go on, and does not offer a sign-in that could not finish", async () => {
    backend.health = {
      ...backend.health,
      damaged: false,
      reason: null,
      backups: [],
      problem: appErrors.read_only,
    };
    render(<App windowLabel="welcome" />);
    const button = await screen.findByTestId<HTMLButtonElement>("sign-in-button");
    const error = screen.getByTestId("error-message");
    // The back end's message says how to go on; nothing is added to it.
    expect(error.textContent).toBe(describeError(appErrors.read_only));
    expect(button.disabled).toBe(true);
    expect(screen.queryByTestId("recovery")).toBeNull();
  });
});
