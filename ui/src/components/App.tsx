// The one place that decides what this window shows: the Welcome screen in the `welcome` window,
// the journal everywhere else.
import { WELCOME, currentWindowLabel } from "../windowLabel";
import { JournalWindow } from "./JournalWindow";
import { Welcome } from "./Welcome";

interface Props {
  /** Tests pass the label; the app reads it from Tauri. */
  windowLabel?: string;
}

export function App({ windowLabel = currentWindowLabel() }: Props) {
  return windowLabel === WELCOME ? <Welcome /> : <JournalWindow />;
}
