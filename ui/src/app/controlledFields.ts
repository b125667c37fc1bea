// Form fields the page sets (`value` or `checked`) show what the page says and nothing else, as in
// React: after a change, the page renders at once, and a field whose value the page kept (a year the
// calendar can't show, a tag taken out of the box, a journal move that failed) shows the kept value
// again, not what was typed or picked. Preact on its own would leave the typed value in the field
// until something else rendered it. Imported by main.tsx, and by the tests' set-up.
import { options } from "preact";
import type { Ref, VNode } from "preact";
import { flushSync } from "preact/compat";

interface Kept {
  value: unknown;
  checked: unknown;
}

const FIELDS = new Set(["input", "select", "textarea"]);
const HANDLERS = ["onChange", "onInput"];
/** What the latest render of each field gave it. */
const kept = new WeakMap<Element, Kept>();

function showKept(field: HTMLInputElement): void {
  const now = kept.get(field);
  if (!now) return;
  if (now.value != null && field.value !== String(now.value)) field.value = String(now.value);
  if (now.checked != null && field.checked !== Boolean(now.checked)) field.checked = Boolean(now.checked);
}

const next = options.vnode;
options.vnode = (vnode: VNode) => {
  const props = vnode.props as Record<string, unknown>;
  const ref = vnode.ref as Ref<Element> | null | undefined;
  // A field with a callback ref keeps it untouched: wrapping would call it at every render.
  if (
    typeof vnode.type === "string" &&
    FIELDS.has(vnode.type) &&
    (props.value != null || props.checked != null) &&
    typeof ref !== "function"
  ) {
    const state: Kept = { value: props.value, checked: props.checked };
    for (const name of HANDLERS) {
      const handler = props[name];
      if (typeof handler !== "function") continue;
      props[name] = (event: Event) => {
        const field = event.currentTarget as HTMLInputElement;
        flushSync(() => handler(event));
        showKept(field);
      };
    }
    // An object ref stands in for the page's own, to learn which element this render made.
    vnode.ref = {
      get current() {
        return ref?.current ?? null;
      },
      set current(field: Element | null) {
        if (field) kept.set(field, state);
        if (ref) ref.current = field;
      },
    } as Ref<Element>;
  }
  next?.(vnode);
};
