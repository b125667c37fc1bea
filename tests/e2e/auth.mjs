// Signing in, for the end-to-end tests: drive the welcome window and the provider's pages in the
// sign-in window until the journal opens (and its recovery key is saved, see security.mjs); read the
// refresh token the app stored in the keyring; read the app's own log file
// (<data dir>/logs/quire.<date>.log).

import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { isWindowGone, tid } from './app.mjs';
import { sleep } from './processes.mjs';
import { confirmRecoveryKey, switchToLocked } from './security.mjs';

export const SIGN_IN_TIMEOUT = 30_000;
const REDIRECT_LINE = 'journal window open after the sign-in redirect';

// ---------------------------------------------------------------------------
// The app's log file.

/** The app's log files in its data dir, oldest first. */
export function appLogFiles(dataDir) {
  const dir = join(dataDir, 'logs');
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => /^quire\..*log/.test(f))
    .sort()
    .map((f) => join(dir, f));
}

/** All lines of the app's log files. */
export function appLogLines(dataDir) {
  return appLogFiles(dataDir).flatMap((f) => readFileSync(f, 'utf8').split('\n').filter(Boolean));
}

/** The elapsed_ms of every "journal window open after the sign-in redirect" line so far. */
export function signInTimings(dataDir) {
  return appLogLines(dataDir)
    .filter((line) => line.includes(REDIRECT_LINE))
    .map((line) => Number(/elapsed_ms=(\d+)/.exec(line)?.[1] ?? NaN));
}

// ---------------------------------------------------------------------------
// The provider's pages (oidc-provider's devInteractions): a login form, then a consent form, both
// with a hidden input `prompt` saying which. A form this helper submitted is marked on `window`,
// so the page is not submitted twice before it navigates.

const READ_PAGE = `
  const form = document.querySelector('form input[name="prompt"]')?.form ?? null;
  return {
    url: location.href,
    ready: document.readyState,
    prompt: form ? form.elements.prompt.value : null,
    submitted: !!window.__quireE2eSubmitted,
  };
`;

/**
 * Fill in and submit the provider's form in the current (sign-in) window, from a timer, so the
 * command returns before the navigation (the last one makes the app destroy this window).
 */
const SUBMIT_PAGE = `
  const [login, password] = arguments;
  const form = document.querySelector('form input[name="prompt"]').form;
  if (form.elements.login) form.elements.login.value = login;
  if (form.elements.password) form.elements.password.value = password;
  window.__quireE2eSubmitted = true;
  setTimeout(() => form.submit(), 0);
  return form.elements.prompt.value;
`;

/**
 * Sign in from the welcome window, as `login`, and wait for the journal. A journal whose recovery
 * key was never checked shows it at start: it is read, typed back and confirmed (confirmRecoveryKey).
 *
 * With `opens: 'locked'`, the sign-in leads to the lock window instead (label `lock`, data-testid
 * `locked`), as it does when this keyring lacks the journal's key (a new computer, a reset keyring):
 * the session is left there, its unlock field ready, and nothing is typed into it.
 *
 * Leaves the session on the journal window (or the lock window). Resolves with
 * { elapsedMs: the app's logged time from the captured redirect to the journal (or lock) window,
 *   pages: the provider's pages submitted, e.g. ['login', 'consent'],
 *   totalMs: from the click to the journal showing user-email (or the lock window its unlock field),
 *   recoveryKey: the key the journal showed and that was confirmed, or null if none was shown }.
 *
 * @param {import('./app.mjs').App} app
 * @param {{login?: string, password?: string, timeout?: number, opens?: 'journal'|'locked',
 *          onSignInWindow?: (app) => Promise<void>}} [opts]
 *   opens: the window the sign-in ends on; onSignInWindow: runs with the session on the sign-in
 *   window, before the login form is filled.
 */
export async function signIn(app, { login = 'demo', password = 'correct horse', timeout = SIGN_IN_TIMEOUT, opens = 'journal', onSignInWindow } = {}) {
  if (opens !== 'journal' && opens !== 'locked') throw new Error(`signIn: opens must be 'journal' or 'locked', not ${JSON.stringify(opens)}`);
  const started = Date.now();
  const timingsBefore = signInTimings(app.dataDir).length;

  const welcomeHandle = await app.switchToWindow('welcome', { timeout });
  const button = await app.waitFor(
    async () => {
      const el = await app.session.tryFindElement(tid('sign-in-button'));
      return el && (await el.enabled()) ? el : null;
    },
    { timeout, what: 'an enabled sign-in-button' },
  );
  // The click only starts the sign-in (it destroys no window), so a WebDriver click is safe.
  await button.click();
  app.log(`sign in as ${login}: clicked sign-in-button`);

  const signinHandle = await app.switchToWindow('signin', { timeout: 10_000 });
  app.log(`sign-in window open after ${Date.now() - started} ms`);
  if (onSignInWindow) await onSignInWindow(app);

  // Submit the provider's pages: login (when the provider has no session yet), then consent.
  // Submitting consent makes the app capture the redirect and destroy the window; a command sent to
  // a window while it is destroyed can hang (and then the session's end hangs too), so after that
  // submission the session moves to the welcome window and only lists the handles.
  const pages = [];
  const end = Date.now() + timeout;
  let last = null;
  const timedOut = async () => {
    const shot = await app.screenshot(`timeout-${app.label}-sign-in-pages`).catch((e) => `(screenshot failed: ${e.message})`);
    return new Error(
      `the sign-in window did not finish within ${timeout} ms (pages submitted: ${JSON.stringify(pages)}, last seen: ${JSON.stringify(last)})\n` +
        `  screenshot: ${shot}\n  app log: ${app.logPath}`,
    );
  };
  while (pages.at(-1) !== 'consent') {
    if (Date.now() > end) throw await timedOut();
    if (!(await app.session.windowHandles()).includes(signinHandle)) break; // finished without consent
    try {
      last = await app.session.execute(READ_PAGE, [], { idempotent: true, timeoutMs: 5_000 });
      if (last.ready === 'complete' && last.prompt && !last.submitted) {
        if (last.prompt !== 'login' && last.prompt !== 'consent') throw new Error(`unexpected provider page: ${JSON.stringify(last)}`);
        const what = await app.session.execute(SUBMIT_PAGE, [login, password]);
        pages.push(what);
        app.log(`submitted the provider's ${what} page`);
        continue;
      }
    } catch (err) {
      if (!isWindowGone(err) && !/no answer within/.test(err.message)) throw err;
      app.log(`reading the sign-in window: ${err.message.replace(/^.*failed[^:]*: /, '')}`);
    }
    await sleep(100);
  }
  await app.session.switchToWindow(welcomeHandle).catch(() => {}); // gone already if the journal is open
  while ((await app.session.windowHandles()).includes(signinHandle)) {
    if (Date.now() > end) throw await timedOut();
    await sleep(100);
  }
  app.log(`sign-in window closed after ${Date.now() - started} ms (pages: ${pages.join(', ') || 'none'})`);

  // The app opens the journal (or the lock window), then destroys the welcome window: wait for that
  // by the handles alone (on a timeout, the welcome window's error-message is reported).
  const email = `${login}@example.test`;
  await app.waitForWindowGone(welcomeHandle, { timeout, what: `the welcome window to give way to the ${opens === 'locked' ? 'lock window' : 'journal'}` });
  if (opens === 'locked') {
    await switchToLocked(app, { timeout });
  } else {
    await app.switchToWindow('journal', { timeout });
    let shown;
    await app.waitFor(async () => (shown = await app.textOf('user-email')) === email, {
      timeout,
      what: () => `user-email to read ${email} (last read: ${JSON.stringify(shown)})`,
    });
  }
  const totalMs = Date.now() - started;

  let timings = [];
  await app.waitFor(() => (timings = signInTimings(app.dataDir)).length > timingsBefore, {
    timeout: 5_000,
    what: `the log line "${REDIRECT_LINE}" in ${join(app.dataDir, 'logs')}`,
  });
  const elapsedMs = timings[timings.length - 1];
  app.log(`signed in as ${email}: ${REDIRECT_LINE}, elapsed_ms=${elapsedMs} (click to ${opens === 'locked' ? 'lock window' : 'journal'}: ${totalMs} ms)`);
  const recoveryKey = opens === 'locked' ? null : await confirmRecoveryKey(app);
  return { elapsedMs, pages, totalMs, recoveryKey };
}

// ---------------------------------------------------------------------------
// The keyring.

/**
 * The secrets stored under a keyring service, through `secret-tool search --all` on the session
 * bus the app uses. Resolves with [{path, label, secret, attributes?}] (attributes only when there
 * is exactly one item, since secret-tool prints them apart from the items).
 */
export function keyringSecrets(h, service) {
  const probe = spawnSync('sh', ['-c', 'command -v secret-tool'], { encoding: 'utf8' });
  if (probe.status !== 0) {
    throw new Error("'secret-tool' is not installed; the sign-in test reads the keyring with it. Install the Debian package libsecret-tools (scripts/setup does it).");
  }
  const r = spawnSync('secret-tool', ['search', '--all', '--unlock', 'service', service], {
    encoding: 'utf8',
    env: { ...process.env, DBUS_SESSION_BUS_ADDRESS: h.bus.address },
    timeout: 10_000,
  });
  if (r.error) throw new Error(`secret-tool failed: ${r.error.message}`);
  // One block per item on stdout ("[path]", "label = …", "secret = …", …); the attributes go to
  // stderr ("attribute.service = …"). No match: exit status 1 and nothing printed.
  const items = [];
  for (const line of r.stdout.split('\n')) {
    if (/^\[.*\]$/.test(line.trim())) {
      items.push({ path: line.trim(), secret: null });
      continue;
    }
    const m = /^(\w+) = (.*)$/.exec(line);
    if (m && items.length) items[items.length - 1][m[1]] = m[2];
  }
  const attributes = [...r.stderr.matchAll(/^attribute\.(\w+) = (.*)$/gm)].map((m) => [m[1], m[2]]);
  if (items.length === 1) items[0].attributes = Object.fromEntries(attributes);
  if (r.status !== 0 && items.length === 0 && r.stderr.trim()) throw new Error(`secret-tool search failed (${r.status}): ${r.stderr.trim()}`);
  return items;
}

/**
 * Whether a keyring item holds a journal's key-slot key ("journal key for <account id>", see
 * crates/core/src/keys/slots.rs) rather than a refresh token. keyring-core labels its items
 * `keyring:<user>@<service>`.
 */
export function isJournalKey(item) {
  return /^journal key for /.test(item.attributes?.username ?? '') || /^keyring:journal key for /.test(item.label ?? '');
}

/** The refresh tokens under a keyring service: its items other than the journals' keys. */
export function refreshTokens(h, service) {
  return keyringSecrets(h, service).filter((item) => !isJournalKey(item));
}

/** The journals' keys under a keyring service (one per account whose journal opens from the keyring). */
export function journalKeys(h, service) {
  return keyringSecrets(h, service).filter(isJournalKey);
}

// ---------------------------------------------------------------------------
// Signing out.

/** In the sign-out dialog: the confirm button (the one that is not Cancel). */
const FIND_SIGN_OUT_CONFIRM = `
  const dialog = document.querySelector('[role="dialog"]');
  if (!dialog || !/sign out/i.test(dialog.innerText)) return null;
  return Array.from(dialog.querySelectorAll('button')).find((b) => /^sign out$/i.test(b.innerText.trim())) ?? null;
`;

/**
 * Sign out from the journal window and wait for the welcome window with its sign-in-button (the
 * session is left there). The dialog's confirm makes the app close the journal window, so it is
 * clicked from a timer in the page rather than with a WebDriver click.
 */
export async function signOut(app) {
  await app.switchToWindow('journal');
  await (await app.byTestId('sign-out')).click();
  const confirm = await app.waitFor(() => app.session.execute(FIND_SIGN_OUT_CONFIRM), { timeout: 5_000, what: 'the sign-out dialog with its Sign out button' });
  const journalHandle = await app.session.windowHandle();
  await app.executeDetached('arg.click();', confirm);
  await app.waitForWindowGone(journalHandle, { what: 'the journal window to close after signing out' });
  await app.switchToWindow('welcome');
  await app.waitForTestId('sign-in-button');
  app.log('signed out: the welcome window is back');
}
