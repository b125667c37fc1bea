// End-to-end: the journal is encrypted on disk, and locking it takes it off the screen.
//
// Sign in, save the recovery key the journal shows at its first start, write an entry with a unique
// word and kill the app: no file in the data folder or the config folder holds the word in plain
// bytes (the journal file, its write-ahead log, keys.json, accounts.json, the logs). Offline, the next
// launch opens the journal from the keyring with nothing to type. The Lock button asks for a
// passphrase first (none is set yet), then locks: the journal window closes and the lock window
// (label `lock`, data-testid `locked`) shows nothing of the journal. A wrong passphrase is refused and
// the journal stays locked; the right one opens it. Ctrl+L locks again at once. Then a keyring that
// lacks the journal's key (a new keyring service for the same data folder, holding only the sign-in)
// starts locked, and the recovery key saved at the start unlocks it and puts the key back in that
// keyring, so the next launch opens straight away.
// Run from the repo root:  scripts/with-test-session node --test --test-concurrency=1 tests/e2e/encryption.test.mjs

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { log, startHarness, tid } from './harness.mjs';
import { journalKeys, refreshTokens } from './auth.mjs';
import { DATABASE_FILE, KEYS_FILE, accountDir, isSound, readAccounts, readJournal } from './db.mjs';
import { LAUNCH_TIMEOUT, launchAndSignIn, launchToJournal, openAndCheck, waitForEntryItem, writeEntry } from './journal.mjs';
import { holdersOf } from './processes.mjs';
import { RECOVERY_KEY_PATTERN, clickAndWaitGone, filesUnder, plainTextIn, switchToLocked, unlockWith } from './security.mjs';

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

const SQLITE_HEADER = Buffer.from('SQLite format 3\0', 'latin1');

/** In the Security dialog: click its Close button; answers whether there was one. */
const CLICK_CLOSE = `
  const dialog = document.querySelector('[data-testid="security-dialog"]');
  const button = dialog && Array.from(dialog.querySelectorAll('button')).find((b) => b.innerText.trim() === 'Close');
  if (!button) return false;
  button.click();
  return true;
`;

/** What the current window's page holds, as markup and as rendered text. */
const PAGE_TEXT = `return { html: document.documentElement.outerHTML, text: document.body.innerText };`;

test('the journal is encrypted on disk; locking, a wrong and a right passphrase, and the recovery key on a keyring without the key', { timeout: 300_000 }, async (t) => {
  const WORD = `thornquill${Date.now().toString(36)}`;
  const FIRST_LINE = 'Kept under lock';
  const TEXT = `${FIRST_LINE}\nThe ${WORD} sleeps between these covers.`;
  const PASSPHRASE = 'copper kettle by the tide';
  const WRONG = 'copper kettle by the moon';
  const dataDir = h.newDataDir('encryption');
  const configDir = h.configDirFor(dataDir);
  let app;
  t.after(() => app?.kill());
  let recoveryKey;
  let account;

  /** No file in the data folder or the config folder holds any of `needles` in plain bytes. */
  const assertNotOnDisk = (needles, what) => {
    const files = [...filesUnder(dataDir), ...filesUnder(configDir)];
    log(`  searching ${files.length} files for ${what}: ${files.map((f) => relative(h.root, f)).join(', ')}`);
    assert.deepEqual(plainTextIn(files, needles), [], `${what} must not be in plain bytes in any file of the data or config folder`);
    // Elsewhere in this HOME (WebKit's own storage and caches): reported, not a failure of Quire's files.
    const elsewhere = filesUnder(h.homeFor(dataDir)).filter((f) => !f.startsWith(configDir));
    const found = plainTextIn(elsewhere, needles);
    if (found.length) log(`  NOTE: ${what} is in plain bytes in WebKit's files: ${JSON.stringify(found.map((hit) => relative(h.root, hit.file)))}`);
    return files;
  };

  await step(1, 'sign in, save the recovery key, write an entry, kill the app: the word is nowhere on disk in plain bytes', async () => {
    let signedIn;
    ({ app, signedIn } = await launchAndSignIn(h, { dataDir, label: 'encryption-1' }));
    recoveryKey = signedIn.recoveryKey;
    assert.ok(recoveryKey, 'the new journal showed its recovery key at the start (data-testid "recovery-key"), and it was typed back');
    assert.match(recoveryKey, RECOVERY_KEY_PATTERN, 'the recovery key is eight groups of four');
    account = accountDir(dataDir);
    await writeEntry(app, TEXT);
    const crashed = await app.crash();
    app.log(`killed ${crashed.pids.length} processes`);

    const database = join(account, DATABASE_FILE);
    assert.ok(!readFileSync(database).subarray(0, 16).equals(SQLITE_HEADER), 'the journal file does not start as a plain SQLite file');
    const wal = `${database}-wal`;
    assert.ok(existsSync(wal) && readFileSync(wal).length > 0, 'the kill left the write-ahead log with the entry in it, to be searched too');
    const files = assertNotOnDisk([WORD, FIRST_LINE, recoveryKey], `"${WORD}", the entry's first line and the recovery key`);
    assert.ok(files.includes(database) && files.includes(wal) && files.includes(join(account, KEYS_FILE)), 'the journal, its log and keys.json were among the files searched');
    // The check above means something only if the entry is in those files: read them with the key.
    const journal = readJournal(dataDir, { snapshot: true });
    assert.ok(isSound(journal), `the journal is sound after the kill: ${JSON.stringify(journal.integrity)}`);
    assert.ok(journal.entries.some((e) => e.content === TEXT), 'the journal file, decrypted with its key, holds the entry');
  });

  await step(2, 'offline, the next launch opens the journal from the keyring with the entry', async () => {
    await h.idp.stop();
    app = await launchToJournal(h, { dataDir, label: 'encryption-2' });
    await waitForEntryItem(app, FIRST_LINE, 10_000);
    assert.deepEqual((await app.windows()).map((w) => w.kind), ['journal'], 'no lock window: no passphrase is set');
    await app.switchToWindow('journal');
  });

  await step(3, 'Security says no passphrase is set; Lock asks for one, sets it and locks: the lock window shows nothing of the journal', async () => {
    await (await app.byTestId('security-button')).click();
    await app.waitForTestId('security-dialog', { timeout: 5_000 });
    let said = '';
    await app.waitFor(async () => /No passphrase is set/.test((said = await app.textOf('security-dialog'))), {
      timeout: 5_000,
      what: () => `the Security dialog to say no passphrase is set (it says ${JSON.stringify(said.slice(0, 300))})`,
    });
    await app.waitFor(() => app.session.execute(CLICK_CLOSE), { timeout: 5_000, what: "the Security dialog's Close button" });
    await app.waitFor(async () => (await app.allByTestId('security-dialog')).length === 0, { timeout: 5_000, what: 'the Security dialog to close' });

    // Without a passphrase, Lock first asks for one (ChoosePassphraseDialog).
    await (await app.byTestId('lock-button')).click();
    await app.waitForTestId('choose-passphrase', { timeout: 5_000 });
    const fields = await app.session.findElements(`${tid('choose-passphrase')} input[type="password"]`);
    assert.equal(fields.length, 2, 'the passphrase and its repetition');
    for (const field of fields) await field.sendKeys(PASSPHRASE);
    const journalHandle = await app.session.windowHandle();
    const started = Date.now();
    await clickAndWaitGone(app, `${tid('choose-passphrase')} button[type="submit"]`, 'the journal window to close as Quire locks');
    app.log(`journal window gone ${Date.now() - started} ms after "Set passphrase and lock" (handle ${journalHandle})`);
    await switchToLocked(app);
    const kinds = (await app.windows()).map((w) => w.kind);
    assert.deepEqual(kinds, ['locked'], 'the lock window is the only window');
    await app.switchToWindow('locked');
    const page = await app.session.execute(PAGE_TEXT);
    app.log(`lock window says: ${JSON.stringify(page.text)}`);
    for (const secret of [WORD, FIRST_LINE]) {
      assert.ok(!page.html.includes(secret), `the lock window's page holds nothing of the entry ("${secret}")`);
    }
    app.log(`screenshot: ${await app.screenshot('locked')}`);
    // Locked means closed: the app lets go of the journal file (its key goes with the connection).
    const database = join(account, DATABASE_FILE);
    await app.waitFor(() => !holdersOf(database).includes(app.appPid), {
      timeout: 10_000,
      what: () => `the app to close the journal file once locked (holders: ${JSON.stringify(holdersOf(database))})`,
    });
  });

  await step(4, 'a wrong passphrase is refused and the journal stays locked; the right one opens it with the entry', async () => {
    const error = await unlockWith(app, WRONG, { expect: 'refused' });
    app.log(`wrong passphrase: ${JSON.stringify(error)}`);
    assert.ok(error.length > 0, 'the lock window says why');
    assert.ok(!error.includes(WRONG), 'the error does not repeat what was typed');
    assert.deepEqual((await app.windows()).map((w) => w.kind), ['locked'], 'still locked: no journal window');
    await app.switchToWindow('locked');
    assert.equal(await (await app.byTestId('unlock-input')).property('value'), '', 'the field was emptied');

    await unlockWith(app, PASSPHRASE, { expect: 'open' });
    await openAndCheck(app, FIRST_LINE, TEXT);
    assert.deepEqual((await app.windows()).map((w) => w.kind), ['journal'], 'the lock window gave way to the journal');
    await app.switchToWindow('journal');
  });

  await step(5, 'Ctrl+L locks at once now that a passphrase is set', async () => {
    // A keydown on the page, as the shortcut sees it, sent from a timer: locking destroys this window.
    const handle = await app.session.windowHandle();
    await app.executeDetached(
      `(document.activeElement ?? document.body).dispatchEvent(new KeyboardEvent('keydown', { key: 'l', code: 'KeyL', ctrlKey: true, bubbles: true, cancelable: true }));`,
    );
    await app.waitForWindowGone(handle, { timeout: 20_000, what: 'the journal window to close after Ctrl+L' });
    await switchToLocked(app);
    const page = await app.session.execute(PAGE_TEXT);
    assert.ok(!page.html.includes(WORD), 'the lock window holds nothing of the entry');
    const q = await app.quit();
    assert.ok(q.appExited, 'the app exits when the session ends');
  });

  await step(6, "a keyring without the journal's key (a new keyring service, holding only the sign-in): the app starts locked and the recovery key opens it", async () => {
    const oldService = h.keyringServiceFor(dataDir);
    const freshService = `${oldService}-new-keyring`;
    h.keyringServices.add(freshService); // removed on stop with the others
    // Carry the sign-in over, so that it is the journal's key alone that this keyring lacks (without a
    // sign-in, a launch asks to sign in first).
    const [token] = refreshTokens(h, oldService);
    assert.ok(token?.secret, 'the sign-in is in the old keyring');
    const { issuer, subject } = readAccounts(dataDir).accounts[0];
    const username = `${subject} at ${issuer}`; // quire_core::auth::vault::account_name
    const stored = spawnSync('secret-tool', ['store', `--label=keyring:${username}@${freshService}`, 'service', freshService, 'username', username], {
      input: token.secret,
      encoding: 'utf8',
      env: { ...process.env, DBUS_SESSION_BUS_ADDRESS: h.bus.address },
      timeout: 10_000,
    });
    assert.equal(stored.status, 0, `secret-tool store: ${stored.stderr}`);
    assert.equal(refreshTokens(h, freshService).length, 1, 'the new keyring has the sign-in');
    assert.equal(journalKeys(h, freshService).length, 0, "the new keyring has no journal key");

    app = await h.launchApp({ dataDir, label: 'encryption-3', keyringService: freshService });
    await switchToLocked(app, { timeout: LAUNCH_TIMEOUT });
    assert.deepEqual((await app.windows()).map((w) => w.kind), ['locked'], 'the lock window is the first and only window');
    await app.switchToWindow('locked');
    await unlockWith(app, recoveryKey, { expect: 'open' });
    await openAndCheck(app, FIRST_LINE, TEXT);
    assert.equal(journalKeys(h, freshService).length, 1, "unlocking put the journal's key in this keyring");
    const q = await app.quit();
    assert.ok(q.appExited, 'the app exits when the session ends');

    app = await launchToJournal(h, { dataDir, label: 'encryption-4', keyringService: freshService });
    await waitForEntryItem(app, FIRST_LINE, 10_000);
    app.log('the next launch on that keyring opened the journal with nothing to type');
    await app.quit();
    const journal = readJournal(dataDir, { keyringService: freshService });
    assert.ok(isSound(journal), JSON.stringify(journal.integrity));
    assert.deepEqual(journal.entries.map((e) => e.content), [TEXT]);
  });

  await step(7, 'the passphrases and the recovery key typed along the way are nowhere on disk either', async () => {
    assertNotOnDisk([WORD, PASSPHRASE, WRONG, recoveryKey], 'the word, the passphrase, the wrong passphrase and the recovery key');
  });
});
