// End-to-end: the sign-in scenario, step by step, in the real app against the local provider
// (tests/idp): sign in through the embedded sign-in window (which must not reach any app command
// or any of Tauri's own),
// write, keep the refresh token in the keyring and nowhere else (and the entry's text and the
// person's email nowhere in the data folder in plain bytes: the journal is encrypted), open offline
// as the returning person, get sent back to the welcome window when the provider ends the session,
// sign in again and find the entry.
// Screenshots: target/e2e/welcome.png, offline.png, session-ended.png.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { startHarness, log } from './harness.mjs';
import { journalKeys, refreshTokens, signIn } from './auth.mjs';
import { ACCOUNTS_FILE, DATABASE_FILE, KEYS_FILE, accountDir } from './db.mjs';
import { filesUnder, plainTextIn } from './security.mjs';
import { LAUNCH_TIMEOUT, launchToJournal, openAndCheck, waitForEntryItem, writeEntry } from './journal.mjs';

let h;
before(async () => {
  h = await startHarness();
});
after(async () => {
  await h?.stop();
});

/** Run one numbered step, printing its start and end; a failure names the step. */
async function step(n, title, fn) {
  const started = Date.now();
  log(`--- step ${n}: ${title}`);
  try {
    await fn();
  } catch (err) {
    err.message = `step ${n} (${title}) failed: ${err.message}`;
    throw err;
  }
  log(`--- step ${n} passed (${Date.now() - started} ms)`);
}

/**
 * Commands a page in the sign-in window tries to call, the app's and Tauri's own (events, closing
 * or destroying a window, listing web views); the window has no capability.
 */
const PROBES = [
  ['list_entries', { filter: { journal: null, tag: null, from: null, to: null, starred: false, mood: null }, offset: 0, limit: 10 }],
  ['auth_status', {}],
  ['journal_owner', {}],
  ['plugin:event|listen', { event: 'connection-changed', target: { kind: 'Any' }, handler: 1 }],
  ['plugin:event|emit', { event: 'connection-changed', payload: null }],
  ['plugin:window|close', { label: 'welcome' }],
  ['plugin:window|close', {}],
  ['plugin:window|destroy', {}],
  ['plugin:webview|get_all_webviews', {}],
];

/** Runs in the sign-in window: call each app command through Tauri's IPC, report what happened. */
const PROBE_SCRIPT = `
  const [probes, done] = [arguments[0], arguments[arguments.length - 1]];
  const internals = window.__TAURI_INTERNALS__;
  if (!internals || typeof internals.invoke !== 'function') {
    done({ internals: typeof internals, results: [] });
    return;
  }
  Promise.all(probes.map(([cmd, args]) =>
    Promise.resolve()
      .then(() => internals.invoke(cmd, args))
      .then((value) => ({ cmd, outcome: 'allowed', value: JSON.stringify(value) }), (e) => ({ cmd, outcome: String(e) }))
  )).then((results) => done({ internals: 'object', results }));
`;

/**
 * The data folder and what Quire keeps in it are its owner's alone (0700 folders, 0600 files), as
 * every start makes them; this is the second start on the folder, so the first run's log is included.
 * The layout: accounts.json, quire.lock, quire.sock and logs/ in the data folder; the account's
 * encrypted journal (with its write-ahead log and shared memory, the app being open) and keys.json
 * in accounts/<id>/.
 */
function assertPrivate(app, dataDir) {
  const modeOf = (path) => statSync(path).mode & 0o777;
  const account = accountDir(dataDir);
  const folders = [dataDir, join(dataDir, 'logs'), join(dataDir, 'accounts'), account];
  const files = [ACCOUNTS_FILE, 'quire.lock', 'quire.sock']
    .map((name) => join(dataDir, name))
    .concat([DATABASE_FILE, `${DATABASE_FILE}-wal`, `${DATABASE_FILE}-shm`, KEYS_FILE].map((name) => join(account, name)))
    .concat(readdirSync(join(dataDir, 'logs')).map((name) => join(dataDir, 'logs', name)));
  for (const [paths, mode] of [[folders, 0o700], [files, 0o600]]) {
    for (const path of paths) {
      app.log(`  ${relative(dataDir, path) || '.'}: ${modeOf(path).toString(8)}`);
      assert.equal(modeOf(path), mode, `${path} is private`);
    }
  }
  // Anything else Quire put there (backups, a folder made since) is private too.
  for (const path of filesUnder(dataDir)) {
    assert.equal(modeOf(path) & 0o077, 0, `${path} is readable by its owner only (mode ${modeOf(path).toString(8)})`);
  }
}

/**
 * Every place on disk (and the app's stderr) where the token must not be: every file in the data
 * folder (the journal and its write-ahead log, keys.json, accounts.json, the logs), and `stderrLogs`.
 */
function placesToSearch(app, stderrLogs) {
  const database = join(accountDir(app.dataDir), DATABASE_FILE);
  assert.ok(existsSync(database), `the database ${database} exists`);
  return [...filesUnder(app.dataDir), ...stderrLogs];
}

test('sign in, write, token only in the keyring, offline, session ended, sign in again', { timeout: 150_000 }, async (t) => {
  const WORD = `quillwren${Date.now().toString(36)}`;
  const FIRST_LINE = 'First entry after signing in';
  const TEXT = `${FIRST_LINE}\nA ${WORD} nested in the gutter above the study window.`;
  const EMAIL = 'demo@example.test';
  const dataDir = h.newDataDir('sign-in');
  // As a folder that another program made first would be; Quire makes it private at start.
  chmodSync(dataDir, 0o755);
  const timings = [];
  let app;
  t.after(() => app?.kill());

  await step(1, 'launch signed out: the welcome window shows sign-in-button and there is no journal', async () => {
    app = await h.launchApp({ dataDir, label: 'sign-in-1' });
    await app.switchToWindow('welcome', { timeout: LAUNCH_TIMEOUT });
    await app.waitForTestId('sign-in-button');
    const wins = await app.windows();
    app.log(`windows: ${JSON.stringify(wins.map((w) => w.kind))}`);
    assert.deepEqual(wins.map((w) => w.kind), ['welcome'], 'the welcome window is the only window');
    await app.switchToWindow('welcome');
    assert.equal((await app.allByTestId('journal')).length, 0, 'no journal in the welcome window');
    app.log(`screenshot: ${await app.screenshot('target/e2e/welcome.png')}`);
  });

  let signedIn;
  await step(2, 'sign in: the sign-in window can call no app or core command; log in as demo and consent', async () => {
    signedIn = await signIn(app, {
      login: 'demo',
      onSignInWindow: async () => {
        const url = await app.session.url();
        assert.ok(url.startsWith(h.idp.issuer), `the sign-in window shows the provider's page (url: ${url})`);
        const probe = await app.session.executeAsync(PROBE_SCRIPT, [PROBES], { timeoutMs: 10_000 });
        app.log(`IPC from the sign-in window: __TAURI_INTERNALS__ is ${probe.internals}`);
        for (const r of probe.results) app.log(`  invoke('${r.cmd}') -> ${r.outcome}${r.value ? ` ${r.value}` : ''}`);
        assert.equal(probe.internals, 'object', 'the probe needs Tauri IPC in the window, to show that it is refused');
        assert.equal(probe.results.length, PROBES.length, 'every probe answered');
        for (const r of probe.results) {
          assert.notEqual(r.outcome, 'allowed', `the sign-in window must not be able to call ${r.cmd} (it answered ${r.value})`);
          assert.match(r.outcome, /not allowed|not found|denied/i, `${r.cmd} is refused as not allowed/not found`);
        }
        const kinds = (await app.windows()).map((w) => w.kind).sort();
        assert.deepEqual(kinds, ['signin', 'welcome'], 'the welcome and sign-in windows are still open after the close attempts');
        await app.switchToWindow('signin');
      },
    });
    assert.deepEqual(signedIn.pages, ['login', 'consent'], 'a fresh sign-in goes through the login and consent pages');
  });

  await step(3, `the journal opens with user-email = ${EMAIL}`, async () => {
    await app.waitForTestId('journal');
    assert.equal(await app.textOf('user-email'), EMAIL);
    await app.waitFor(async () => (await app.session.windowHandles()).length === 1, { timeout: 5_000, what: 'the welcome window to close' });
    const wins = await app.windows();
    assert.deepEqual(wins.map((w) => w.kind), ['journal'], 'the journal is the only window left');
    timings.push(signedIn.elapsedMs);
    log(`elapsed_ms (redirect captured -> journal window open), first sign-in: ${signedIn.elapsedMs}`);
  });

  await step(4, `write an entry with the word ${WORD}; wait for Saved`, async () => {
    const ms = await writeEntry(app, TEXT);
    app.log(`typed-to-Saved: ${ms} ms`);
  });

  let token;
  await step(5, 'the refresh token is in the keyring, and nowhere in the data dir, the logs or stderr; the entry and the email are not in the data dir in plain bytes', async () => {
    const items = refreshTokens(h, app.keyringService);
    const keys = journalKeys(h, app.keyringService);
    app.log(`keyring items under service ${app.keyringService}: ${items.length} refresh token(s), ${keys.length} journal key(s) (${[...items, ...keys].map((i) => i.label).join('; ')})`);
    assert.equal(items.length, 1, 'exactly one refresh token for this sign-in');
    assert.equal(keys.length, 1, "one keyring item for the journal's key slot");
    assert.notEqual(keys[0].secret, items[0].secret);
    token = items[0].secret;
    assert.ok(token && token.length >= 16, `the stored refresh token is non-empty (length ${token?.length ?? 0})`);
    const needle = Buffer.from(token, 'utf8');
    const places = placesToSearch(app, [app.logPath]);
    for (const file of places) {
      const bytes = readFileSync(file);
      app.log(`  ${basename(file)}: ${bytes.length} bytes, token found: ${bytes.includes(needle)}`);
      assert.ok(!bytes.includes(needle), `the refresh token must not appear in ${file}`);
    }
    assert.ok(places.some((f) => f.endsWith('-wal')), 'the WAL file was searched too (the app is running)');
    // The journal is encrypted: its file, its log and everything else in the data folder hold neither
    // the entry's text nor whose journal it is.
    const dataFiles = filesUnder(dataDir);
    app.log(`  plain text search over ${dataFiles.length} files: ${dataFiles.map((f) => relative(dataDir, f)).join(', ')}`);
    assert.deepEqual(plainTextIn(dataFiles, [WORD, FIRST_LINE, EMAIL]), [], `neither "${WORD}", the entry's first line nor ${EMAIL} is in plain bytes in any file of the data folder`);
  });

  await step(6, 'quit, stop the IdP, relaunch: the journal opens directly, with the entry, and shows offline-indicator', async () => {
    await app.quit();
    await h.idp.stop();
    app = await launchToJournal(h, { dataDir, label: 'sign-in-2' });
    await waitForEntryItem(app, FIRST_LINE);
    assert.equal(await app.textOf('user-email'), EMAIL);
    const shownAt = Date.now();
    await app.waitForTestId('offline-indicator', { timeout: 10_000 });
    app.log(`offline-indicator shown ${Date.now() - shownAt} ms after the journal; it says ${JSON.stringify(await app.textOf('offline-indicator'))}`);
    const wins = await app.windows();
    assert.deepEqual(wins.map((w) => w.kind), ['journal'], 'no welcome window while offline');
    await app.switchToWindow('journal');
    app.log(`screenshot: ${await app.screenshot('target/e2e/offline.png')}`);
    assert.equal(refreshTokens(h, app.keyringService)[0]?.secret, token, 'offline, the stored token is kept as it is');
    assertPrivate(app, dataDir);
  });

  await step(7, 'quit, restart the IdP (grants lost) and revoke demo, relaunch: the welcome window says the session ended', async () => {
    await app.quit();
    await h.idp.restart();
    const revoked = await h.idp.revoke('demo');
    log(`[idp] revoke demo: ${JSON.stringify(revoked)}`);
    const launched = Date.now();
    app = await h.launchApp({ dataDir, label: 'sign-in-3' });
    // The returning person gets the journal first; it closes once the refresh hears invalid_grant.
    // Only handles and X11 titles are read until then: a command sent into the window while the
    // app destroys it can hang.
    // The journal may close before WebDriver first lists the windows, so the X11 titles say when it
    // has: the journal's is "Quire", the welcome window's "Welcome to Quire".
    app.log(`first window: ${JSON.stringify(app.x11Titles())}`);
    await app.waitFor(
      () => {
        const titles = app.x11Titles();
        return !titles.includes('Quire') && titles.includes('Welcome to Quire');
      },
      { timeout: 15_000, what: () => `the journal window to close and the welcome window to open (X11 windows: ${JSON.stringify(app.x11Titles())})` },
    );
    app.log(`the first window closed ${Date.now() - launched} ms after the launch; X11 windows now: ${JSON.stringify(app.x11Titles())}`);
    await app.switchToWindow('welcome', { timeout: 15_000 });
    let notice = '';
    await app.waitFor(async () => /session ended/i.test((notice = await app.textOf('error-message'))), {
      timeout: 15_000,
      what: () => `error-message saying the session ended (last read: ${JSON.stringify(notice)})`,
    });
    app.log(`error-message: ${JSON.stringify(notice)}`);
    assert.equal((await app.windows()).map((w) => w.kind).join(), 'welcome', 'only the welcome window is left');
    await app.switchToWindow('welcome');
    app.log(`screenshot: ${await app.screenshot('target/e2e/session-ended.png')}`);
    assert.equal(refreshTokens(h, app.keyringService).length, 0, 'the dead refresh token was removed from the keyring');
    assert.equal(journalKeys(h, app.keyringService).length, 1, "the journal's key stays: the journal is the same person's when they sign in again");
  });

  await step(8, 'sign in again as demo: the journal opens with the entry from step 4', async () => {
    const again = await signIn(app, { login: 'demo' });
    timings.push(again.elapsedMs);
    log(`elapsed_ms (redirect captured -> journal window open), second sign-in: ${again.elapsedMs}`);
    assert.deepEqual(again.pages, ['login', 'consent'], 'the restarted provider asks for the login again');
    await openAndCheck(app, FIRST_LINE, TEXT);
    const items = refreshTokens(h, app.keyringService);
    assert.equal(items.length, 1, 'one refresh token after signing in again');
    assert.notEqual(items[0].secret, token, 'a new refresh token replaced the dead one');
    const q = await app.quit();
    assert.ok(q.appExited, 'the app exits when the session ends');
  });

  log(`sign-in timings, elapsed_ms from the captured redirect to the journal window: ${timings.join(', ')}`);
});
