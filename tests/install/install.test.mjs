// The package as a person meets it: install the .deb that scripts/package built, check what it put
// on the system, launch the installed binary from /usr/bin under Xvfb, sign in against the local
// provider and write, upgrade a journal an older release left behind (a plain SQLite file, which the
// first start encrypts into the account's folder and then removes), then uninstall and check that
// the person's data folder is still there. The encrypted journal is read with
// target/release/examples/read_journal (tests/e2e/db.mjs), built by `cargo test --release
// --features custom-protocol` like examples/legacy_journal.
//
//   QUIRE_DEB=path/to/quire.deb node --test tests/install/   (as root; scripts/test runs it)
//
// Installing needs root. As anyone else the test is skipped, and says so.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { log, repoRoot, startHarness } from '../e2e/harness.mjs';
import { ACCOUNTS_FILE, DATABASE_FILE, KEYS_FILE, accountDir, isSound, readAccounts, readJournal } from '../e2e/db.mjs';
import { entryTexts, launchAndSignIn, launchToJournal, writeEntry } from '../e2e/journal.mjs';
import { filesUnder, plainTextIn } from '../e2e/security.mjs';

const INSTALLED_BIN = '/usr/bin/quire';
const isRoot = process.getuid?.() === 0;
const skip = isRoot ? false : 'installing a package needs root; run scripts/test as root (CI does)';

/** The newest .deb under target/package, or $QUIRE_DEB. */
function debPath() {
  if (process.env.QUIRE_DEB) return process.env.QUIRE_DEB;
  const dir = join(repoRoot, 'target', 'package');
  const debs = existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.deb')) : [];
  if (!debs.length) throw new Error(`no .deb in ${dir}: build it first with scripts/package`);
  return join(dir, debs.sort((a, b) => statSync(join(dir, b)).mtimeMs - statSync(join(dir, a)).mtimeMs)[0]);
}

function run(cmd, args, { allowFail = false } = {}) {
  const r = spawnSync(cmd, args, { encoding: 'utf8', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  const out = `${r.stdout ?? ''}${r.stderr ?? ''}`.trim();
  log(`$ ${cmd} ${args.join(' ')}${out ? `\n${out.split('\n').map((l) => `    ${l}`).join('\n')}` : ''}`);
  if (r.status !== 0 && !allowFail) throw new Error(`${cmd} ${args.join(' ')} failed (${r.status}):\n${out}`);
  return { status: r.status, out };
}

const packageStatus = () => run('dpkg-query', ['-W', '-f=${Status} ${Version}', 'quire'], { allowFail: true }).out;

/** The text of every legacy entry examples/legacy_journal writes ("Legacy entry N, written before the upgrade."). */
const LEGACY_TEXT = 'written before the upgrade';

let h;
let dataDir;
before(async () => {
  if (skip) {
    log(`install test skipped: ${skip}`);
    return;
  }
  const deb = debPath();
  if (packageStatus().startsWith('install ok installed')) run('dpkg', ['--remove', 'quire']);
  log(`installing ${deb}`);
  run('dpkg', ['--install', deb], { allowFail: true });
  // dpkg does not fetch dependencies; apt-get completes the installation (a no-op when all are there).
  run('apt-get', ['--fix-broken', 'install', '-y', '-q']);
  process.env.QUIRE_BIN = INSTALLED_BIN;
  h = await startHarness();
});

after(async () => {
  await h?.stop();
  if (isRoot && packageStatus().startsWith('install ok installed')) run('dpkg', ['--remove', 'quire'], { allowFail: true });
});

test('the package installs the app, its desktop entry, icons and notices', { skip }, () => {
  assert.match(packageStatus(), /^install ok installed 0\.\d+\.\d+/);
  const files = run('dpkg', ['-L', 'quire']).out.split('\n');
  for (const f of [INSTALLED_BIN, '/usr/share/applications/Quire.desktop', '/usr/share/doc/quire/THIRD-PARTY-NOTICES.md']) {
    assert.ok(files.includes(f), `the package has ${f}`);
    assert.ok(existsSync(f), `${f} is on disk`);
  }
  const icons = files.filter((f) => /^\/usr\/share\/icons\/hicolor\/.+\/apps\/quire\.(png|svg)$/.test(f));
  assert.ok(icons.length >= 8, `icons at every size, found: ${icons.join(', ')}`);
  const desktop = readFileSync('/usr/share/applications/Quire.desktop', 'utf8');
  assert.match(desktop, /^Exec=quire$/m);
  assert.match(desktop, /^Icon=quire$/m);
  assert.match(desktop, /^Categories=.*Office;/m);
  const validate = run('desktop-file-validate', ['/usr/share/applications/Quire.desktop'], { allowFail: true });
  assert.equal(validate.status, 0, `desktop-file-validate: ${validate.out}`);
  const notices = readFileSync('/usr/share/doc/quire/THIRD-PARTY-NOTICES.md', 'utf8');
  assert.match(notices, /VADER/);
  assert.match(notices, /Hutto/);
  const control = run('dpkg-query', ['-W', '-f=${Depends}\n${Section}\n${Maintainer}\n${Description}', 'quire']).out;
  assert.match(control, /libwebkit2gtk-4\.1-0/);
  assert.match(control, /private desktop journal/);
});

test('the installed app upgrades an older journal, signs in and saves', { skip }, async () => {
  dataDir = h.newDataDir('installed');
  const legacy = join(repoRoot, 'target', 'release', 'examples', 'legacy_journal');
  log(execFileSync(legacy, ['--data-dir', dataDir, '--issuer', h.idp.issuer, '--subject', 'demo', '--schema', '2', '--entries', '3'], { encoding: 'utf8' }).trim());
  assert.ok(readFileSync(join(dataDir, DATABASE_FILE)).includes(Buffer.from(LEGACY_TEXT)), 'the older journal is plain: its text is in the file');

  // The first start encrypts it (the welcome window shows the progress), then the person signs in.
  const { app } = await launchAndSignIn(h, { dataDir, label: 'installed' });
  assert.equal(app.appPid && readFileSync(`/proc/${app.appPid}/cmdline`, 'utf8').split('\0')[0], INSTALLED_BIN, 'the app runs from /usr/bin');
  const before = await entryTexts(app);
  assert.equal(before.length, 3, `the older release's entries are listed: ${JSON.stringify(before)}`);
  assert.ok(before.every((t) => t.includes('Legacy entry')), JSON.stringify(before));

  // Converted: one account, its encrypted journal and key slots in its folder, the plain files gone.
  const accounts = readAccounts(dataDir);
  log(`${ACCOUNTS_FILE}: ${JSON.stringify(accounts)}`);
  assert.equal(accounts.accounts.length, 1, 'one account for the one person in the older journal');
  assert.equal(accounts.accounts[0].subject, 'demo');
  const account = accountDir(dataDir);
  for (const name of [DATABASE_FILE, KEYS_FILE]) assert.ok(existsSync(join(account, name)), `${name} is in the account folder ${account}`);
  for (const suffix of ['', '-wal', '-shm']) assert.ok(!existsSync(join(dataDir, `${DATABASE_FILE}${suffix}`)), `the plain ${DATABASE_FILE}${suffix} is gone`);
  const files = filesUnder(dataDir);
  log(`data folder after the upgrade: ${files.map((f) => relative(dataDir, f)).join(', ')}`);
  assert.deepEqual(plainTextIn(files, [LEGACY_TEXT]), [], 'no file in the data folder holds the older entries in plain bytes');
  const converted = readJournal(dataDir);
  assert.ok(isSound(converted), `the encrypted journal is sound: ${JSON.stringify({ integrity: converted.integrity, fts: converted.fts })}`);
  assert.equal(converted.entries.length, 3, 'the encrypted journal holds the three older entries');

  await writeEntry(app, 'Written with the installed app.');
  await app.screenshot('installed');
  await app.quit();

  const again = await launchToJournal(h, { dataDir, label: 'installed-again' });
  const after = await entryTexts(again);
  assert.equal(after.length, 4, JSON.stringify(after));
  assert.ok(after.some((t) => t.includes('Written with the installed app.')));
  await again.quit();
});

test('uninstalling removes the app and leaves the data folder', { skip }, () => {
  assert.ok(dataDir, 'the previous test wrote a journal');
  run('apt-get', ['remove', '-y', '-q', 'quire']);
  assert.ok(!existsSync(INSTALLED_BIN), `${INSTALLED_BIN} is gone`);
  assert.doesNotMatch(packageStatus(), /^install ok installed/);
  assert.ok(existsSync(join(accountDir(dataDir), DATABASE_FILE)), 'the journal is still there');
  assert.ok(existsSync(join(accountDir(dataDir), KEYS_FILE)), 'and its key slots');
  const journal = readJournal(dataDir);
  assert.equal(journal.entries.length, 4, JSON.stringify(journal.entries.map((e) => e.content)));
  assert.ok(isSound(journal));
});
