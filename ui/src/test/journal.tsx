// Shared set-up for journal window tests: a fresh in-memory back end behind the mocked Tauri IPC.
import { afterEach, beforeEach, expect } from "vitest";
import { act, cleanup, render, screen, waitFor } from "@testing-library/react";
import { EditorView } from "@codemirror/view";
import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import { options } from "preact";
import { App } from "../app/App";
import { FakeBackend } from "./fakeBackend";

export const slow = { timeout: 3000 };

/** Registers the hooks; call at the top of a test file and read the back end through the getter. */
export function withFakeBackend(): () => FakeBackend {
  let backend = new FakeBackend();
  beforeEach(() => {
    backend = new FakeBackend();
    mockIPC((cmd, args) => backend.handle(cmd, args), { shouldMockEvents: true });
  });
  afterEach(() => {
    cleanup(); // unmount while the IPC mocks still answer
    clearMocks();
    delete (globalThis as { isTauri?: boolean }).isTauri;
  });
  return () => backend;
}

/**
 * Holds the re-renders that state changes ask for from now on, as if the page were busy, until
 * `release`: the gap between a change of state and the screen showing it.
 */
export function holdRenders(): { release(): void } {
  const held: (() => void)[] = [];
  const before = options.debounceRendering;
  options.debounceRendering = (render) => {
    held.push(render);
  };
  return {
    release() {
      options.debounceRendering = before;
      act(() => held.forEach((render) => render()));
    },
  };
}

/** Types into the editor outside `act`, so no re-render held back by `holdRenders` runs with it. */
export function typeWhileHeld(editor: HTMLElement, value: string): void {
  const view = EditorView.findFromDOM(editor);
  if (!view) throw new Error("the element is not the editor's text");
  view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: value }, userEvent: "input.type" });
}

/** Replaces the editor's whole text as typing would: one change through CodeMirror, which reports it. */
export function setEditorText(editor: HTMLElement, value: string): void {
  const view = EditorView.findFromDOM(editor);
  if (!view) throw new Error("the element is not the editor's text");
  act(() => view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: value }, userEvent: "input.type" }));
}

/** Opens the journal on its newest entry and waits for the editor to show `text`. */
export async function openJournalOn(text: string): Promise<HTMLTextAreaElement> {
  render(<App windowLabel="journal" />);
  await screen.findByTestId("journal", {}, slow);
  // The editor is a chunk of its own, loaded after the journal's first paint.
  const editor = await screen.findByTestId<HTMLTextAreaElement>("entry-editor", {}, slow);
  await waitFor(() => expect(editor.value).toBe(text));
  // The calendar and the tags come a frame after the journal.
  await screen.findByTestId("calendar", {}, slow);
  return editor;
}

/** Lets promise callbacks run, but no timer or scheduler task, so React has not re-rendered yet. */
export async function microtasksUntil(done: () => boolean): Promise<void> {
  for (let i = 0; i < 1000 && !done(); i += 1) await Promise.resolve();
  expect(done()).toBe(true);
}

/**
 * jsdom does no layout; gives the entry list's scroll container a window-sized height so its rows
 * render. Registers the hooks; call at the top of a test file.
 */
export function withListHeight(): void {
  const clientHeight = Object.getOwnPropertyDescriptor(Element.prototype, "clientHeight");
  beforeEach(() => {
    Object.defineProperty(Element.prototype, "clientHeight", {
      configurable: true,
      get(this: Element) {
        return this.classList.contains("entry-list") ? 700 : 0;
      },
    });
  });
  afterEach(() => {
    if (clientHeight) Object.defineProperty(Element.prototype, "clientHeight", clientHeight);
  });
}
