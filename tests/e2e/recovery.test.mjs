// End-to-end: a damaged journal file in the real app. The app makes its daily backup, the file's
// header is then broken, and the next launch must not open (or write to) it: the welcome window
// offers the backup, the restore moves the damaged file aside untouched and opens the journal with
// what the backup holds. Everything lives in the account's folder, accounts/<id>/: the encrypted
// journal, its backups/, the damage marker and damaged/.
// Run from the repo root:  scripts/with-test-session node --test --test-concurrency=1 tests/e2e/recovery.test.mjs

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startHarness, tid } from './harness.mjs';
import { DATABASE_FILE, accountDir } from './db.mjs';
import { LAUNCH_TIMEOUT, entryTexts, launchAndSignIn, launchToJournal, waitForEntryItem, writeEntry } from './journal.mjs';

let h;
before(async () => {
  h = await startHarness();
});
after(async () => {
  await h?.stop();
});

/** The backups in an account's folder. */
const backupsIn = (account) =>
  existsSync(join(account, 'backups')) ? readdirSync(join(account, 'backups')).filter((f) => f.endsWith('.sqlite3')) : [];

test('a damaged journal is kept aside and restored from the automatic backup', { timeout: 150_000 }, async (t) => {
  const dataDir = h.newDataDir('recovery');
  const KEPT = 'Written before the backup';

  let { app } = await launchAndSignIn(h, { dataDir, label: 'recovery-1' });
  t.after(() => app.kill());
  const account = accountDir(dataDir);
  const database = join(account, DATABASE_FILE);
  await writeEntry(app, `${KEPT}\nThis line is in the backup.`);
  await app.quit();
  assert.deepEqual(backupsIn(account), [], 'no backup within the first minutes of a launch');

  // The backup thread's first look, made immediate for the test.
  app = await launchToJournal(h, { dataDir, label: 'recovery-2', env: { QUIRE_BACKUP_DELAY_MS: '0' } });
  let backups = [];
  await app.waitFor(async () => (backups = backupsIn(account)).length === 1, { timeout: 20_000, what: `a backup file in ${join(account, 'backups')}` });
  app.log(`backup made: ${backups[0]}`);
  assert.match(backups[0], /^quire-\d{4}-\d\d-\d\dT\d\d-\d\d-\d\dZ\.sqlite3$/);
  const backupBytes = readFileSync(join(account, 'backups', backups[0]));
  assert.ok(!backupBytes.subarray(0, 16).equals(Buffer.from('SQLite format 3\0', 'latin1')), 'the backup is encrypted (no plain SQLite header)');
  assert.ok(!backupBytes.includes(Buffer.from(KEPT)), 'the backup holds no entry text in plain bytes');
  await app.quit();

  // Break the file's header (SQLCipher's salt), as a failing disk or a stray program might.
  const bytes = readFileSync(database);
  bytes.write('not a journal!!\0', 0, 'latin1');
  writeFileSync(database, bytes);
  const damaged = readFileSync(database);

  app = await h.launchApp({ dataDir, label: 'recovery-3' });
  await app.switchToWindow('welcome', { timeout: LAUNCH_TIMEOUT });
  await app.waitForTestId('recovery', { timeout: 10_000 });
  assert.equal(await app.session.tryFindElement(tid('sign-in-button')), null, 'no Sign in while the journal is damaged');
  const options = await app.textsOf('backup-option');
  app.log(`backups offered: ${JSON.stringify(options)}`);
  assert.equal(options.length, 1);
  const shot = await app.screenshot('recovery');
  app.log(`screenshot: ${shot}`);
  const now = readFileSync(database);
  const firstChange = now.findIndex((b, i) => b !== damaged[i]);
  assert.ok(now.equals(damaged), `the launch wrote nothing to the damaged file (${damaged.length} -> ${now.length} bytes, first change at ${firstChange}; files: ${readdirSync(account)})`);
  assert.ok(existsSync(join(account, 'quire.sqlite3.damaged')), 'the damage is noted beside the file');

  // The restore closes the welcome window and opens the journal: click from a detached script, so
  // no WebDriver command is left waiting inside the window being destroyed.
  await app.executeDetached(`document.querySelector('[data-testid="restore-backup"]').click();`);
  await app.switchToWindow('journal', { timeout: LAUNCH_TIMEOUT });
  await waitForEntryItem(app, KEPT, 10_000);
  app.log(`journal after the restore: ${JSON.stringify(await entryTexts(app))}`);

  const kept = readdirSync(join(account, 'damaged'));
  assert.equal(kept.length, 1, 'one folder for the damaged file');
  const keptFile = join(account, 'damaged', kept[0], DATABASE_FILE);
  assert.ok(readFileSync(keptFile).equals(damaged), 'the damaged file is kept byte for byte');
  assert.ok(!existsSync(join(account, 'quire.sqlite3.damaged')), 'the marker went with the file');
  assert.ok(!existsSync(join(dataDir, 'damaged')) && !existsSync(join(dataDir, 'backups')), 'nothing of the journal is outside the account folder');
  await app.quit();

  // And the restored journal is simply the journal from now on.
  app = await launchToJournal(h, { dataDir, label: 'recovery-4' });
  await waitForEntryItem(app, KEPT, 10_000);
  await app.quit();
});
