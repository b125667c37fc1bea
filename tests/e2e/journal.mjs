// Journal-window steps shared by the end-to-end tests: launch and get to a usable journal (signing
// in on a fresh data dir), write an entry and wait for `Saved`, find and open entries.

import { signIn } from './auth.mjs';
import { tid } from './app.mjs';
import { confirmRecoveryKey } from './security.mjs';

/** First launch of WebKit in a fresh HOME is the slowest step. */
export const LAUNCH_TIMEOUT = 30_000;
export const SAVE_TIMEOUT = 10_000;

/**
 * Launch the app on a fresh data dir, which shows the welcome window, and sign in.
 * Resolves with {app, signedIn} (signedIn: what signIn() resolved with). The session is left on
 * the journal window.
 */
export async function launchAndSignIn(h, { dataDir, label, login = 'demo' }) {
  const started = Date.now();
  const app = await h.launchApp({ dataDir, label });
  const signedIn = await signIn(app, { login, timeout: LAUNCH_TIMEOUT });
  await app.waitForTestId('journal', { timeout: LAUNCH_TIMEOUT });
  app.log(`launch-to-journal (with sign-in): ${Date.now() - started} ms`);
  return { app, signedIn };
}

/**
 * Launch the app for someone who signed in before: the journal must be the first window.
 * `env`: extra environment for the app; `keyringService`: another keyring service than the data
 * dir's. Resolves with the app, its session on the journal window (with the recovery key confirmed
 * if the window asked for it: see confirmRecoveryKey).
 */
export async function launchToJournal(h, { dataDir, label, env = {}, keyringService }) {
  const started = Date.now();
  const app = await h.launchApp({ dataDir, label, env, keyringService });
  await app.switchToWindow('journal', { timeout: LAUNCH_TIMEOUT });
  app.log(`launch-to-journal: ${Date.now() - started} ms`);
  await confirmRecoveryKey(app);
  return app;
}

/** Rendered texts of all entry-items. */
/**
 * A launch that opened the welcome window with an error instead of the journal: the error's text,
 * once it shows.
 */
export async function welcomeError(app) {
  await app.switchToWindow('welcome', { timeout: LAUNCH_TIMEOUT });
  let error;
  await app.waitFor(async () => (error = await app.session.tryFindElement(tid('error-message'))), {
    timeout: 10_000,
    what: 'an error-message in the welcome window',
  });
  const text = await app.innerText(error);
  app.log(`welcome window says: ${text}`);
  return text;
}

export function entryTexts(app) {
  return app.textsOf('entry-item');
}

/** Wait for the entry-item whose text contains `needle`; resolves with the element. */
export async function waitForEntryItem(app, needle, timeout = 5_000) {
  let seen = [];
  return app.waitFor(
    async () => {
      const items = await app.allByTestId('entry-item');
      seen = [];
      for (const el of items) {
        const text = await app.innerText(el);
        seen.push(text);
        if (text.includes(needle)) return el;
      }
      return null;
    },
    { timeout, what: () => `an entry-item containing "${needle}" (items seen: ${JSON.stringify(seen)})` },
  );
}

export async function waitForSaved(app, timeout = SAVE_TIMEOUT) {
  const started = Date.now();
  let status;
  await app.waitFor(async () => (status = await app.textOf('save-status')) === 'Saved', {
    timeout,
    what: () => `save-status to read exactly "Saved" (last read: ${JSON.stringify(status)})`,
  });
  app.log(`save-status = Saved after ${Date.now() - started} ms`);
}

/** The entry editor once it takes typing: it is read-only while the window switches entries. */
export function waitForEditor(app, { timeout = 5_000 } = {}) {
  return app.waitFor(`${tid('entry-editor')}[contenteditable="true"]`, { timeout, what: 'the entry editor, editable' });
}

/** New entry, type `text`, wait for `Saved` and for its list item. Resolves with ms from typing to Saved. */
export async function writeEntry(app, text) {
  await (await app.byTestId('new-entry')).click();
  const editor = await waitForEditor(app);
  app.log(`type ${text.length} chars (${text.split('\n').length} lines)`);
  const typed = Date.now();
  await editor.sendKeys(text);
  const value = await editor.property('value');
  if (value !== text) throw new Error(`the editor does not hold what was typed:\n  expected: ${JSON.stringify(text)}\n  actual:   ${JSON.stringify(value)}`);
  await waitForSaved(app);
  const ms = Date.now() - typed;
  await waitForEntryItem(app, text.split('\n')[0]);
  return ms;
}

/**
 * Clicks an entry-item as a person would, after scrolling it to the middle of its list: the list
 * shares the sidebar with the calendar and the tags, and a row at its edge may be out of view.
 */
export async function clickItem(app, item) {
  await app.session.execute('arguments[0].scrollIntoView({ block: "center" }); return true;', [item]);
  await item.click();
}

/** Open the entry whose list item contains `firstLine`, wait until the editor holds exactly `text`. */
export async function openAndCheck(app, firstLine, text) {
  const item = await waitForEntryItem(app, firstLine);
  // Clicking a list item only swaps the editor's content; it destroys no window, so a WebDriver click is safe.
  await clickItem(app, item);
  let value;
  await app.waitFor(
    async () => {
      const ed = await app.session.tryFindElement(tid('entry-editor'));
      value = ed ? await ed.property('value') : undefined;
      return value === text;
    },
    { timeout: 5_000, what: 'entry-editor to hold the full saved text' },
  ).catch((err) => {
    throw new Error(`${err.message}\n  expected: ${JSON.stringify(text)}\n  actual:   ${JSON.stringify(value)}`);
  });
  app.log('opened entry: editor holds the full text');
}

/** Sets a form control's value as a person would: `input` (what text fields read), then `change` (lists). */
export function setValue(app, el, value) {
  return app.session.execute(
    `const el = arguments[0];
     const proto = el instanceof HTMLSelectElement ? HTMLSelectElement.prototype : HTMLInputElement.prototype;
     Object.getOwnPropertyDescriptor(proto, 'value').set.call(el, arguments[1]);
     el.dispatchEvent(new Event('input', { bubbles: true }));
     el.dispatchEvent(new Event('change', { bubbles: true }));
     return el.value;`,
    [el, value],
  );
}
