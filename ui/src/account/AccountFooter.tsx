// The sidebar footer: who is signed in, an "Offline" pill while the account service can't be reached,
// About Quire, and Sign out.
import { memo } from "react";
import type { Connection } from "../ipc/api";

interface Props {
  userLabel: string;
  connection: Connection;
  signingOut: boolean;
  onAbout(): void;
  onSignOut(): void;
}

const OFFLINE_HINT = "Quire can't reach your account right now. Writing works as usual.";

export const AccountFooter = memo(function AccountFooter({
  userLabel,
  connection,
  signingOut,
  onAbout,
  onSignOut,
}: Props) {
  const offline = connection.state === "offline";
  return (
    <footer className="sidebar-footer">
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
      <button
        type="button"
        className="about-button"
        data-testid="about-button"
        onClick={onAbout}
        aria-label="About Quire"
        title="About Quire"
      >
        <InfoIcon />
      </button>
      <button
        type="button"
        className="sign-out"
        data-testid="sign-out"
        onClick={onSignOut}
        disabled={signingOut}
        title="Sign out of Quire"
      >
        {signingOut ? "Signing out…" : "Sign out"}
      </button>
    </footer>
  );
});

function InfoIcon() {
  return (
    <svg width="15" height="15" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
      <circle cx="12" cy="12" r="9" fill="none" stroke="currentColor" strokeWidth="1.8" />
      <path d="M12 11v6" fill="none" stroke="currentColor" strokeWidth="1.9" strokeLinecap="round" />
      <circle cx="12" cy="7.6" r="1.15" fill="currentColor" />
    </svg>
  );
}
