// The one place that decides what this window shows: the Welcome screen in the `welcome` window,
// the journal everywhere else.
import { Welcome } from "../account/Welcome";
import type { Boot } from "../ipc/bindings";
import { WELCOME, currentWindowLabel } from "../ipc/windowLabel";
import { JournalWindow } from "./JournalWindow";

interface Props {
  /** Tests pass the label; the app reads it from Tauri. */
  windowLabel?: string;
  /** The journal window's first screen, when the shell handed it over (see boot.ts). */
  boot?: Boot | null;
}

export function App({ windowLabel = currentWindowLabel(), boot = null }: Props) {
  return windowLabel === WELCOME ? <Welcome /> : <JournalWindow boot={boot} />;
}
