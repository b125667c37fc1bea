// The package as a person meets it: install the .deb that scripts/package built, check what it put
// on the system, launch the installed binary from /usr/bin under Xvfb, sign in against the local
// provider and write, upgrade a journal an older release left behind, then uninstall and check that
// the person's data folder is still there.
//
//   QUIRE_DEB=path/to/quire.deb node --test tests/install/   (as root; scripts/test runs it)
//
// Installing needs root. As anyone else the test is skipped, and says so.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { log, repoRoot, startHarness } from '../e2e/harness.mjs';
import { entryTexts, launchAndSignIn, launchToJournal, writeEntry } from '../e2e/journal.mjs';

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

/** How many entries the journal in `dataDir` holds, read straight from the file. */
function countEntries(dataDir) {
  const script = 'import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute("select count(*) from entries").fetchone()[0])';
  return Number(execFileSync('python3', ['-c', script, join(dataDir, 'quire.sqlite3')], { encoding: 'utf8' }).trim());
}

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

  const { app } = await launchAndSignIn(h, { dataDir, label: 'installed' });
  assert.equal(app.appPid && readFileSync(`/proc/${app.appPid}/cmdline`, 'utf8').split('\0')[0], INSTALLED_BIN, 'the app runs from /usr/bin');
  const before = await entryTexts(app);
  assert.equal(before.length, 3, `the older release's entries are listed: ${JSON.stringify(before)}`);
  assert.ok(before.every((t) => t.includes('Legacy entry')), JSON.stringify(before));
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
  assert.ok(existsSync(join(dataDir, 'quire.sqlite3')), 'the journal is still there');
  assert.equal(countEntries(dataDir), 4);
});
