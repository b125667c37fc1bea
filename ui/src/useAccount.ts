// The signed-in person as the journal shows them; follows the back end's account-changed event.
import { useState } from "react";
import { backendEvents } from "./api";
import type { UserProfile } from "./api";
import { useBackendEvent } from "./useBackendEvent";

export function useAccount(initial: UserProfile): UserProfile {
  const [user, setUser] = useState(initial);
  useBackendEvent(backendEvents.accountChanged, setUser);
  return user;
}

/** What the sidebar shows for a person. */
export function userLabel(user: UserProfile): string {
  return user.email ?? user.displayName ?? "Local journal";
}
