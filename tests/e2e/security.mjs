// Encryption as the end-to-end tests meet it: the recovery key the journal window asks to save at
// its first start, locking the journal and unlocking it in the lock window, and searching the files
// Quire leaves on disk for text that must only ever be there encrypted.
//
// The lock window (label `lock`) renders ui/src/security/LockScreen.tsx: data-testid `locked`, with
// `unlock-input`, `unlock-submit` and, after a wrong try, `error-message`. App.windows() calls it kind
// 'locked'. Locking and a right unlock make the app destroy a window, so those are clicked from a
// timer in the page (App.executeDetached), never with a WebDriver click.

import { lstatSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { tid } from './app.mjs';
import { log } from './processes.mjs';

/** A recovery key as the app shows it: eight groups of four Crockford base32 characters. */
export const RECOVERY_KEY_PATTERN = /^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){7}$/;

/** Runs in a window: calls one app command through Tauri's IPC; answers {ok, value} or {ok: false, failure}. */
const INVOKE = `
  const [cmd, args, done] = [arguments[0], arguments[1], arguments[arguments.length - 1]];
  Promise.resolve()
    .then(() => window.__TAURI_INTERNALS__.invoke(cmd, args))
    .then(
      (value) => done({ ok: true, value }),
      (e) => done({ ok: false, failure: e && typeof e === 'object' ? JSON.stringify(e) : String(e) }),
    );
`;

/**
 * Call an app command from the current window, as the page does. Resolves with {ok, value} or
 * {ok: false, failure} (`failure`, not `error`: WebDriver takes an answer with `error` for its own).
 */
export function invoke(app, cmd, args = {}, { timeoutMs = 20_000 } = {}) {
  return app.session.executeAsync(INVOKE, [cmd, args], { timeoutMs });
}

/** In the recovery key dialog: click its "I've saved it" button; answers whether there was one. */
const CLICK_SAVED_BUTTON = `
  const dialog = document.querySelector('[data-testid="recovery-dialog"]');
  const button = dialog && Array.from(dialog.querySelectorAll('button')).find((b) => /saved it/i.test(b.innerText));
  if (!button) return false;
  button.click();
  return true;
`;

/**
 * In the journal window (the session must be there): if the recovery key has not been checked yet,
 * the window shows it at start (RecoveryKeyDialog). Read it, say "I've saved it", type it back and
 * wait for the dialog to close, so that it stands in front of nothing the test does next.
 * Resolves with the key (also kept as app.recoveryKey and in h.recoveryKeys by data dir), or null
 * when the key was checked before and no dialog shows.
 */
export async function confirmRecoveryKey(app, { timeout = 15_000 } = {}) {
  const status = await invoke(app, 'security_status').catch((err) => ({ ok: false, failure: err.message }));
  if (status.ok && status.value?.recoveryConfirmed) return null;
  if (!status.ok) app.log(`security_status failed (${status.failure}); looking for the recovery key dialog anyway`);

  const dialog = await app
    .waitFor(
      async () => {
        const el = await app.session.tryFindElement(tid('recovery-dialog'));
        return el && (await app.textOf('recovery-key')) ? el : null;
      },
      { timeout: status.ok ? timeout : 3_000, what: 'the recovery key dialog showing the key (data-testid="recovery-dialog", "recovery-key")' },
    )
    .catch((err) => {
      if (status.ok) throw err;
      return null; // the status is unknown and no dialog came: nothing to confirm
    });
  if (!dialog) return null;
  const key = await app.textOf('recovery-key');
  app.log(`recovery key shown: ${key.length} characters`);
  await app.waitFor(() => app.session.execute(CLICK_SAVED_BUTTON), { timeout: 5_000, what: `the recovery key dialog's "I've saved it" button` });
  const input = await app.waitForTestId('recovery-check-input', { timeout: 5_000 });
  await input.sendKeys(`${key}\n`); // Enter sends the check
  await app.waitFor(async () => (await app.allByTestId('recovery-dialog')).length === 0, {
    timeout,
    what: 'the recovery key dialog to close once the key was typed back',
  });
  app.log('recovery key typed back and confirmed');
  app.recoveryKey = key;
  app.h.recoveryKeys.set(app.dataDir, key);
  return key;
}

// ---------------------------------------------------------------------------
// The lock window.

/**
 * Send the current window's page a click on `selector` (from a timer: the click makes the app close
 * this window) and wait until the window is gone. Resolves with the remaining handles.
 */
export async function clickAndWaitGone(app, selector, what) {
  const handle = await app.session.windowHandle();
  await app.executeDetached(`document.querySelector(arg).click();`, selector);
  return app.waitForWindowGone(handle, { timeout: 20_000, what });
}

/** Wait for the lock window and make it the current window, its unlock field ready. */
export async function switchToLocked(app, { timeout = 20_000 } = {}) {
  await app.switchToWindow('locked', { timeout });
  await app.waitForTestId('unlock-input', { timeout });
}

/**
 * In the lock window: type `secret` and send it. `expect: 'open'` waits for the lock window to give
 * way to the journal (the session is left there); `expect: 'refused'` waits for the error it shows
 * and resolves with its text, the session still on the lock window.
 */
export async function unlockWith(app, secret, { expect }) {
  // After a wrong try the back end makes the next one wait: the button is disabled until then.
  await app.waitFor(
    async () => {
      const button = await app.session.tryFindElement(tid('unlock-submit'));
      return button && (await button.enabled()) ? button : null;
    },
    { timeout: 60_000, what: 'an enabled unlock-submit (after a wrong try the next one waits)' },
  );
  const input = await app.byTestId('unlock-input');
  await input.clear();
  await input.sendKeys(secret);
  if (expect === 'open') {
    await clickAndWaitGone(app, tid('unlock-submit'), 'the lock window to close after unlocking');
    await app.switchToWindow('journal', { timeout: 20_000 });
    await app.waitForTestId('journal', { timeout: 20_000 });
    return null;
  }
  const before = await app.textsOf('error-message');
  if (before.length) throw new Error(`unlockWith(refused) needs a lock window that shows no error yet; it shows ${JSON.stringify(before)}`);
  await app.executeDetached(`document.querySelector(arg).click();`, tid('unlock-submit'));
  let shown = '';
  let button = '';
  await app.waitFor(
    async () => {
      shown = (await app.textsOf('error-message')).join(' | ');
      button = await app.textOf('unlock-submit');
      // Answered: the error shows and the button no longer says it is unlocking.
      return shown !== '' && !/unlocking/i.test(button);
    },
    { timeout: 30_000, what: () => `an error-message in the lock window after a wrong secret (last: ${JSON.stringify(shown)}, button ${JSON.stringify(button)})` },
  );
  return shown;
}

// ---------------------------------------------------------------------------
// Looking for plain text on disk.

/** Every regular file under `dir`, recursively (sockets, links and the like are left out). */
export function filesUnder(dir) {
  const out = [];
  let names;
  try {
    names = readdirSync(dir);
  } catch (err) {
    if (err.code === 'ENOENT') return out;
    throw err;
  }
  for (const name of names) {
    const path = join(dir, name);
    let st;
    try {
      st = lstatSync(path);
    } catch {
      continue; // gone meanwhile
    }
    if (st.isDirectory()) out.push(...filesUnder(path));
    else if (st.isFile()) out.push(path);
  }
  return out;
}

/**
 * Which of `files` hold any of `needles` in plain bytes (UTF-8, or UTF-16 as browsers store text).
 * Resolves with [{file, needle, encoding}]; empty when none does.
 */
export function plainTextIn(files, needles) {
  const hits = [];
  for (const file of files) {
    let bytes;
    try {
      bytes = readFileSync(file);
    } catch (err) {
      if (err.code === 'ENOENT') continue;
      throw err;
    }
    for (const needle of needles) {
      for (const encoding of ['utf8', 'utf16le']) {
        if (bytes.includes(Buffer.from(needle, encoding))) hits.push({ file, needle, encoding, size: bytes.length });
      }
    }
  }
  if (hits.length) log(`plain text found: ${JSON.stringify(hits)}`);
  return hits;
}
