// Focus for a control that appears in a dialog already open (a form step, the merged text): a ref
// whose element takes the focus each time it appears. The `autofocus` attribute alone moves focus
// only while a page loads, never for an element added later.
import { useLayoutEffect, useRef } from "react";
import type { RefObject } from "react";

/** `shown`: whether the element is rendered now; it takes the focus when this turns true. */
export function useFocusWhenShown<T extends HTMLElement>(shown = true): RefObject<T | null> {
  const ref = useRef<T>(null);
  useLayoutEffect(() => {
    if (shown) ref.current?.focus();
  }, [shown]);
  return ref;
}
