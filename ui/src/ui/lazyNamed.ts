// A component loaded on first render from its own chunk, by its named export: what the journal
// window does not need for its first paint (other windows, dialogs) stays out of the start-up bundle.
import { lazy } from "react";
import type { ComponentType, LazyExoticComponent } from "react";

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- React's own bound for lazy components
export function lazyNamed<M extends Record<K, ComponentType<any>>, K extends keyof M>(
  load: () => Promise<M>,
  name: K,
): LazyExoticComponent<M[K]> {
  return lazy(() => load().then((module) => ({ default: module[name] })));
}
