// Whether this version's first start is encrypting an existing journal, following its progress events.
import { useCallback, useRef, useState } from "react";
import { api, backendEvents } from "../ipc/api";
import type { Upgrade } from "../ipc/api";
import { useBackendEvent } from "../ipc/useBackendEvent";

/** "checking" until the back end has said; "none" when there is nothing (left) to encrypt. */
export type UpgradeState = { kind: "checking" } | { kind: "upgrading"; upgrade: Upgrade } | { kind: "none" };

function stateOf(upgrade: Upgrade | null): UpgradeState {
  return upgrade ? { kind: "upgrading", upgrade } : { kind: "none" };
}

export function useUpgrade(): UpgradeState {
  const [state, setState] = useState<UpgradeState>({ kind: "checking" });
  // An event is newer than any answer to the first question, so once one came the answer is moot.
  const heard = useRef(false);

  const onProgress = useCallback((upgrade: Upgrade | null) => {
    heard.current = true;
    setState(stateOf(upgrade));
  }, []);

  // Asked only once listening has started, so progress in between can't be missed.
  const askNow = useCallback(() => {
    api.upgradeStatus().then(
      (now) => !heard.current && setState(stateOf(now)),
      () => !heard.current && setState({ kind: "none" }), // unknown: the welcome screen says what it can
    );
  }, []);

  useBackendEvent(backendEvents.upgradeProgress, onProgress, askNow);
  return state;
}
