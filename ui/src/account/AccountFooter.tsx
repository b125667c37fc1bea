// The sidebar footer, in two rows: who is signed in (with an "Offline" pill while the account service
// can't be reached), then Security…, Settings…, the Import and Export menu, About Quire, Lock and
// Sign out; between them, what the window puts there (sync's line). The email has a row of its own
// so that the buttons and the pill never squeeze it out of a narrow sidebar.
import { memo } from "react";
import type { ReactNode } from "react";
import type { Connection } from "../ipc/api";
import { MenuButton } from "../ui/MenuButton";
import { shortcut } from "../ui/platform";

interface Props {
  userLabel: string;
  connection: Connection;
  signingOut: boolean;
  /** Saving and locking; the window closes when it is done. */
  locking: boolean;
  onSecurity(): void;
  onSettings(): void;
  onExchange(tab: "import" | "export"): void;
  onAbout(): void;
  onLock(): void;
  onSignOut(): void;
  /** A line between the account and the buttons. */
  children?: ReactNode;
}

const OFFLINE_HINT = "Quire can't reach your account right now. Writing works as usual.";

export const AccountFooter = memo(function AccountFooter({
  userLabel,
  connection,
  signingOut,
  locking,
  onSecurity,
  onSettings,
  onExchange,
  onAbout,
  onLock,
  onSignOut,
  children,
}: Props) {
  const offline = connection.state === "offline";
  return (
    <footer className="sidebar-footer">
      <div className="account-row">
        <span className="avatar" aria-hidden="true">
          {initialOf(userLabel)}
        </span>
        <span className="user-label" data-testid="user-email" title={userLabel}>
          {userLabel}
        </span>
        <span className="connection" role="status">
          {offline && (
            <span className="offline-pill" data-testid="offline-indicator" title={connection.detail ?? OFFLINE_HINT}>
              Offline
            </span>
          )}
        </span>
      </div>
      {children}
      <div className="account-actions">
        <button
          type="button"
          className="footer-icon-button"
          data-testid="security-button"
          onClick={onSecurity}
          aria-label="Security…"
          title="Security…"
        >
          <ShieldIcon />
        </button>
        <button
          type="button"
          className="footer-icon-button"
          data-testid="settings-button"
          onClick={onSettings}
          aria-label="Settings…"
          title={`Settings… (${shortcut(",")})`}
        >
          <GearIcon />
        </button>
        <MenuButton
          className="footer-icon-button"
          testId="exchange-button"
          label="Import and export"
          title="Import and export"
          items={[
            { label: "Import…", testId: "menu-import", onSelect: () => onExchange("import") },
            { label: "Export…", testId: "menu-export", onSelect: () => onExchange("export") },
          ]}
        >
          <ArrowsIcon />
        </MenuButton>
        <button
          type="button"
          className="footer-icon-button"
          data-testid="about-button"
          onClick={onAbout}
          aria-label="About Quire"
          title="About Quire"
        >
          <InfoIcon />
        </button>
        <button
          type="button"
          className="footer-button lock-button"
          data-testid="lock-button"
          onClick={onLock}
          disabled={locking}
          title={`Lock (${shortcut("L")})`}
        >
          <PadlockIcon />
          {locking ? "Locking…" : "Lock"}
        </button>
        <button
          type="button"
          className="footer-button sign-out"
          data-testid="sign-out"
          onClick={onSignOut}
          disabled={signingOut}
          title="Sign out of Quire"
        >
          <SignOutIcon />
          {signingOut ? "Signing out…" : "Sign out"}
        </button>
      </div>
    </footer>
  );
});

/** The first letter of the email or name, for the round badge beside it. */
function initialOf(label: string): string {
  const first = [...label.trim()][0];
  return first ? first.toLocaleUpperCase() : "";
}

function ArrowsIcon() {
  return (
    <svg width="15" height="15" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
      <path
        d="M7 20V5M3.5 8.5 7 5l3.5 3.5M17 4v15M13.5 15.5 17 19l3.5-3.5"
        fill="none"
        stroke="currentColor"
        strokeWidth="1.8"
        strokeLinecap="round"
        strokeLinejoin="round"
      />
    </svg>
  );
}

function GearIcon() {
  return (
    <svg width="15" height="15" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
      <circle cx="12" cy="12" r="3" fill="none" stroke="currentColor" strokeWidth="1.8" />
      <path
        d="M12 2.8v2.4M12 18.8v2.4M2.8 12h2.4M18.8 12h2.4M5.5 5.5l1.7 1.7M16.8 16.8l1.7 1.7M5.5 18.5l1.7-1.7M16.8 7.2l1.7-1.7"
        fill="none"
        stroke="currentColor"
        strokeWidth="1.8"
        strokeLinecap="round"
      />
    </svg>
  );
}

function ShieldIcon() {
  return (
    <svg width="15" height="15" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
      <path
        d="M12 3.5 5 6.2v5.3c0 4.4 2.9 7.9 7 9 4.1-1.1 7-4.6 7-9V6.2z"
        fill="none"
        stroke="currentColor"
        strokeWidth="1.8"
        strokeLinejoin="round"
      />
    </svg>
  );
}

function PadlockIcon() {
  return (
    <svg width="13" height="13" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
      <rect x="5" y="10.5" width="14" height="10" rx="2.5" fill="none" stroke="currentColor" strokeWidth="2" />
      <path d="M8.5 10.5V8a3.5 3.5 0 0 1 7 0v2.5" fill="none" stroke="currentColor" strokeWidth="2" />
    </svg>
  );
}

function SignOutIcon() {
  return (
    <svg width="13" height="13" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
      <path
        d="M14 4.5H7.5a2 2 0 0 0-2 2v11a2 2 0 0 0 2 2H14M11 12h9.5M17 8.5l3.5 3.5-3.5 3.5"
        fill="none"
        stroke="currentColor"
        strokeWidth="2"
        strokeLinecap="round"
        strokeLinejoin="round"
      />
    </svg>
  );
}

function InfoIcon() {
  return (
    <svg width="15" height="15" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
      <circle cx="12" cy="12" r="9" fill="none" stroke="currentColor" strokeWidth="1.8" />
      <path d="M12 11v6" fill="none" stroke="currentColor" strokeWidth="1.9" strokeLinecap="round" />
      <circle cx="12" cy="7.6" r="1.15" fill="currentColor" />
    </svg>
  );
}
