// The one place that decides what this window shows: the Welcome screen in the `welcome` window, the
// unlock screen in the `lock` window, the journal everywhere else. The first two come from chunks of
// their own, so the journal window's start-up bundle holds only the journal.
import { Suspense } from "react";
import type { Boot } from "../ipc/bindings";
import { LOCK, WELCOME, currentWindowLabel } from "../ipc/windowLabel";
import { lazyNamed } from "../ui/lazyNamed";
import { JournalWindow } from "./JournalWindow";

const WelcomeWindow = lazyNamed(() => import("../account/WelcomeWindow"), "WelcomeWindow");
const LockScreen = lazyNamed(() => import("../security/LockScreen"), "LockScreen");

interface Props {
  /** Tests pass the label; the app reads it from Tauri. */
  windowLabel?: string;
  /** The journal window's first screen, when the shell handed it over (see boot.ts). */
  boot?: Boot | null;
}

export function App({ windowLabel = currentWindowLabel(), boot = null }: Props) {
  if (windowLabel === WELCOME || windowLabel === LOCK) {
    return <Suspense fallback={null}>{windowLabel === WELCOME ? <WelcomeWindow /> : <LockScreen />}</Suspense>;
  }
  return <JournalWindow boot={boot} />;
}
