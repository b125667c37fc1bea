// End-to-end: Quire is started a second time while it runs, as a person double-clicking its icon
// would. The second process must hand over to the first and exit without opening the journal, so
// that two processes never write the same database; the first must notice and go on saving.
// Run from the repo root:  scripts/with-test-session node --test --test-concurrency=1 tests/e2e/second_launch.test.mjs

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { appLogLines } from './auth.mjs';
import { ACCOUNTS_FILE, DATABASE_FILE, accountDir } from './db.mjs';
import { startHarness } from './harness.mjs';
import { launchAndSignIn, waitForEditor, waitForSaved, welcomeError, writeEntry } from './journal.mjs';
import { holdersOf, readLineFrom, requireTool, stopChild, track } from './processes.mjs';

let h;
before(async () => {
  h = await startHarness();
});
after(async () => {
  await h?.stop();
});

const HANDED_OVER = 'another launch of Quire handed over to this one';

test('a second launch hands over to the running app and exits; only one process has the journal open', { timeout: 90_000 }, async (t) => {
  const dataDir = h.newDataDir('second-launch');
  const { app } = await launchAndSignIn(h, { dataDir, label: 'second-launch' });
  t.after(() => app.kill());
  const database = join(accountDir(dataDir), DATABASE_FILE);
  await writeEntry(app, 'Before the second launch\nThe first copy of Quire is writing.');
  assert.deepEqual(holdersOf(database), [app.appPid], 'the running app has the journal open');

  const env = h.env(h.homeFor(dataDir), { QUIRE_DATA_DIR: dataDir, QUIRE_KEYRING_SERVICE: app.keyringService });
  delete env.TAURI_WEBVIEW_AUTOMATION;
  const started = Date.now();
  const second = track(spawn(h.bin, [], { env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] }), 'second launch');
  let output = '';
  second.stdout.on('data', (chunk) => (output += chunk));
  second.stderr.on('data', (chunk) => (output += chunk));
  const exit = await new Promise((resolve) => {
    const timer = setTimeout(() => resolve({ timedOut: true }), 20_000);
    second.on('exit', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal });
    });
  });
  const ms = Date.now() - started;
  app.log(`second launch: ${JSON.stringify(exit)} after ${ms} ms`);
  if (exit.timedOut) second.kill('SIGKILL');
  assert.deepEqual(exit, { code: 0, signal: null }, `the second launch exits by itself, successfully (output: ${output.trim() || 'none'})`);

  await app.waitFor(async () => appLogLines(dataDir).some((line) => line.includes(HANDED_OVER)), {
    timeout: 5_000,
    what: `"${HANDED_OVER}" in the running app's log`,
  });
  assert.deepEqual(holdersOf(database), [app.appPid], 'still only the first app has the journal open');
  const starts = appLogLines(dataDir).filter((line) => line.includes('starting version=')).length;
  assert.equal(starts, 1, 'the second launch never got as far as starting (logging, the database)');

  // The first copy goes on as if nothing happened.
  const editor = await waitForEditor(app);
  await editor.sendKeys(' Still writing after the second launch.');
  await waitForSaved(app);
  await app.quit();
});

test('a copy that holds the journal but does not answer: the welcome window says so, and nothing is opened', { timeout: 60_000 }, async (t) => {
  requireTool('flock', 'util-linux');
  const dataDir = h.newDataDir('no-answer');
  // Holds Quire's lock on the folder, as a hung copy would, with nobody listening on its socket.
  const holder = track(
    spawn('flock', ['--nonblock', join(dataDir, 'quire.lock'), 'sh', '-c', 'echo locked; exec sleep 120'], {
      detached: true,
      stdio: ['ignore', 'pipe', 'inherit'],
    }),
    'lock holder',
  );
  t.after(() => stopChild(holder));
  await readLineFrom(holder.stdout, 5_000, 'the lock holder to say it holds the lock');

  const app = await h.launchApp({ dataDir, label: 'no-answer' });
  t.after(() => app.kill());
  const text = await welcomeError(app);
  assert.match(text, /already running with this journal/);
  assert.match(text, /Look for its window, or close it\. Then start Quire again\./);
  const button = await app.byTestId('sign-in-button');
  assert.equal(await button.enabled(), false, 'no sign-in into a journal another copy has');
  for (const name of [ACCOUNTS_FILE, 'accounts', DATABASE_FILE]) {
    assert.ok(!existsSync(join(dataDir, name)), `no journal was created or opened (${name} is not there)`);
  }
  await app.quit();
});
