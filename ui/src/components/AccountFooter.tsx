// The sidebar footer: who is signed in, an "Offline" pill while the account service can't be reached,
// and Sign out.
import { memo } from "react";
import type { Connection } from "../api";

interface Props {
  userLabel: string;
  connection: Connection;
  signingOut: boolean;
  onSignOut(): void;
}

const OFFLINE_HINT = "Quire can't reach your account right now. Writing works as usual.";

export const AccountFooter = memo(function AccountFooter({ userLabel, connection, signingOut, onSignOut }: Props) {
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
