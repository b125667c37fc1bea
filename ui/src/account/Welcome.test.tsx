// The welcome window against the in-memory back end: signing in, waiting, failing, cancelling, setup help.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { act, cleanup, fireEvent, render, screen, waitFor } from "@testing-library/react";
import { clearMocks, mockIPC, mockWindows } from "@tauri-apps/api/mocks";
import { App } from "../app/App";
import { appErrors } from "../test/appErrors";
import { FakeBackend, SIGN_IN_CANCELLED } from "../test/fakeBackend";

let backend: FakeBackend;

beforeEach(() => {
  backend = new FakeBackend();
  mockIPC((cmd, args) => backend.handle(cmd, args), { shouldMockEvents: true });
});

afterEach(() => {
  cleanup();
  clearMocks();
});

async function openWelcome() {
  render(<App windowLabel="welcome" />);
  return screen.findByTestId<HTMLButtonElement>("sign-in-button");
}

describe("which window", () => {
  it("shows the Welcome screen in the `welcome` window and the journal elsewhere", async () => {
    mockWindows("welcome");
    render(<App />);
    const button = await screen.findByTestId<HTMLButtonElement>("sign-in-button");
    expect(button.textContent).toBe("Sign in with clerk.example.com");
    expect(screen.getByRole("heading", { name: "Quire" })).toBeTruthy();
    expect(screen.getByText("Your private journal. Sign in once, then write anywhere — even offline.")).toBeTruthy();
    expect(screen.getByText("Your entries stay on this computer.")).toBeTruthy();
    expect(screen.queryByTestId("journal")).toBeNull();
    cleanup();

    mockWindows("journal");
    render(<App />);
    expect(await screen.findByTestId("journal")).toBeTruthy();
    expect(screen.queryByTestId("sign-in-button")).toBeNull();
  });
});

describe("signing in", () => {
  it("can use the system browser this time, for providers that refuse embedded pages", async () => {
    backend.hold("sign_in");
    await openWelcome();
    fireEvent.click(screen.getByTestId("sign-in-browser"));
    const call = backend.calls.find((c) => c.cmd === "sign_in");
    expect(call?.args).toEqual({ browser: true });
    expect(screen.getByTestId("sign-in-status").textContent).toContain("Continue in your browser");
    expect(screen.queryByTestId("sign-in-browser")).toBeNull();
  });

  it("uses the configured mode from the main button", async () => {
    backend.hold("sign_in");
    fireEvent.click(await openWelcome());
    expect(backend.calls.find((c) => c.cmd === "sign_in")?.args).toEqual({ browser: false });
  });

  it("calls sign_in and says where to finish while it waits", async () => {
    const signIn = backend.hold("sign_in");
    const button = await openWelcome();
    expect(button.disabled).toBe(false);
    await waitFor(() => expect(document.activeElement).toBe(button));

    fireEvent.click(button);
    expect(backend.count("sign_in")).toBe(1);
    expect(button.disabled).toBe(true);
    const status = screen.getByTestId("sign-in-status");
    expect(status.textContent).toContain("Finish signing in in the window that opened…");
    expect(screen.getByRole("button", { name: "Cancel" })).toBeTruthy();

    await act(async () => signIn.release());
    await waitFor(() => expect(status.textContent).toContain("Opening your journal"));
    expect(button.disabled).toBe(true);
    expect(screen.queryByTestId("error-message")).toBeNull();
  });

  it("says to continue in the browser in browser mode, and a plain label without a provider", async () => {
    backend.auth = { ...backend.auth, mode: "browser", provider: null };
    backend.hold("sign_in");
    const button = await openWelcome();
    expect(button.textContent).toBe("Sign in");
    fireEvent.click(button);
    expect(screen.getByTestId("sign-in-status").textContent).toContain(
      "Continue in your browser. Quire is waiting for it…",
    );
  });

  it("shows a failure as it is and lets the person try again", async () => {
    backend.failures.set("sign_in", appErrors.offline);
    const button = await openWelcome();

    fireEvent.click(button);
    const error = await screen.findByTestId("error-message");
    expect(error.textContent).toBe(appErrors.offline.message);
    expect(error.getAttribute("role")).toBe("alert");
    await waitFor(() => expect(button.disabled).toBe(false));
    expect(screen.getByTestId("sign-in-status").textContent).toBe("");

    backend.failures.delete("sign_in");
    backend.hold("sign_in");
    fireEvent.click(button);
    expect(backend.count("sign_in")).toBe(2);
    expect(screen.queryByTestId("error-message")).toBeNull();
  });

  it("Cancel ends the wait with a calm notice, not an alarm", async () => {
    backend.hold("sign_in");
    const button = await openWelcome();
    fireEvent.click(button);
    const cancel = screen.getByRole("button", { name: "Cancel" });
    await waitFor(() => expect(document.activeElement).toBe(cancel));

    fireEvent.click(cancel);
    const notice = await screen.findByTestId("error-message");
    expect(backend.count("cancel_sign_in")).toBe(1);
    expect(notice.textContent).toBe(SIGN_IN_CANCELLED.message);
    expect(notice.getAttribute("role")).toBe("status");
    expect(notice.className).toContain("gentle");
    await waitFor(() => expect(button.disabled).toBe(false));
    await waitFor(() => expect(document.activeElement).toBe(button));
  });

  it("Enter signs in when nothing else has focus", async () => {
    backend.hold("sign_in");
    const button = await openWelcome();
    // The button shows before the journal's health is known; Enter counts once it can be used.
    await waitFor(() => expect(button.disabled).toBe(false));
    fireEvent.keyDown(document.body, { key: "Enter" });
    expect(backend.count("sign_in")).toBe(1);
    expect(button.disabled).toBe(true);
    fireEvent.keyDown(document.body, { key: "Enter" });
    expect(backend.count("sign_in")).toBe(1);
  });
});

describe("on opening", () => {
  it("shows why the window is showing", async () => {
    backend.auth = { ...backend.auth, notice: appErrors.session_ended };
    const button = await openWelcome();
    const notice = screen.getByTestId("error-message");
    expect(notice.textContent).toBe(appErrors.session_ended.message);
    expect(notice.getAttribute("role")).toBe("alert");
    expect(notice.className).toContain("gentle");
    expect(button.disabled).toBe(false);
  });

  it("shows a keyring problem as an alert", async () => {
    backend.auth = { ...backend.auth, notice: appErrors.keyring };
    await openWelcome();
    const error = screen.getByTestId("error-message");
    expect(error.textContent).toBe(appErrors.keyring.message);
    expect(error.getAttribute("role")).toBe("alert");
  });

  it("shows exactly what to set when sign-in isn't configured, and no usable button", async () => {
    const setupHelp = "Set these, then start Quire again:\n  QUIRE_OIDC_ISSUER=https://clerk.example.com\n  QUIRE_OIDC_CLIENT_ID=…";
    backend.auth = { configured: false, provider: null, mode: "embedded", setupHelp, notice: null };
    render(<App windowLabel="welcome" />);

    const setup = await screen.findByTestId("setup-help");
    const code = setup.querySelector("pre");
    expect(code?.textContent).toBe(setupHelp);
    expect(setup.textContent).toContain("See “Sign-in setup” in the README.");
    const button = screen.queryByTestId<HTMLButtonElement>("sign-in-button");
    if (button) {
      expect(button.disabled).toBe(true);
      fireEvent.click(button);
    }
    fireEvent.keyDown(document.body, { key: "Enter" });
    expect(backend.count("sign_in")).toBe(0);
  });

  it("still offers Sign in when the back end can't say how sign-in is set up", async () => {
    backend.failures.set("auth_status", appErrors.internal);
    const button = await openWelcome();
    expect(button.textContent).toBe("Sign in");
    expect(button.disabled).toBe(false);
    expect(screen.getByTestId("error-message").textContent).toBe(appErrors.internal.message);
  });
});
