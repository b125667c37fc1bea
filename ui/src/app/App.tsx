// The one place that decides what this window shows: the Welcome screen in the `welcome` window, the
// unlock screen in the `lock` window, the journal everywhere else.
import { WelcomeWindow } from "../account/WelcomeWindow";
import type { Boot } from "../ipc/bindings";
import { LOCK, WELCOME, currentWindowLabel } from "../ipc/windowLabel";
import { LockScreen } from "../security/LockScreen";
import { JournalWindow } from "./JournalWindow";

interface Props {
  /** Tests pass the label; the app reads it from Tauri. */
  windowLabel?: string;
  /** The journal window's first screen, when the shell handed it over (see boot.ts). */
  boot?: Boot | null;
}

export function App({ windowLabel = currentWindowLabel(), boot = null }: Props) {
  if (windowLabel === WELCOME) return <WelcomeWindow />;
  if (windowLabel === LOCK) return <LockScreen />;
  return <JournalWindow boot={boot} />;
}
