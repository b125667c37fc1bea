// The signed-in person as the journal shows them; follows the back end's account-changed event.
import { useState } from "react";
import { backendEvents } from "../ipc/api";
import type { UserProfile } from "../ipc/api";
import { useBackendEvent } from "../ipc/useBackendEvent";

export function useAccount(initial: UserProfile): UserProfile {
  const [user, setUser] = useState(initial);
  useBackendEvent(backendEvents.accountChanged, setUser);
  return user;
}

/** What the sidebar shows for a person. */
export function userLabel(user: UserProfile): string {
  return user.email ?? user.displayName ?? "Local journal";
}
