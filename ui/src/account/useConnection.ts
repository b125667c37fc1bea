// Whether the account service can be reached, for the journal's "Offline" pill. Writing never depends on it.
import { useCallback, useRef, useState } from "react";
import { api, backendEvents } from "../ipc/api";
import type { Connection } from "../ipc/api";
import { useBackendEvent } from "../ipc/useBackendEvent";

const CHECKING: Connection = { state: "checking", detail: null };

export function useConnection(): Connection {
  const [connection, setConnection] = useState<Connection>(CHECKING);
  // An event is newer than any answer to the first question, so once one came the answer is moot.
  const heard = useRef(false);

  const onChange = useCallback((next: Connection) => {
    heard.current = true;
    setConnection(next);
  }, []);

  // Asked only once listening has started, so a change in between can't be missed.
  const askNow = useCallback(() => {
    api.connectionStatus().then(
      (now) => !heard.current && setConnection(now),
      () => undefined, // unknown stays "checking": no pill, and writing works as always
    );
  }, []);

  useBackendEvent(backendEvents.connectionChanged, onChange, askNow);
  return connection;
}
