// End-to-end: Quire's command line, `quire import` and `quire export`, on the journal of a person
// signed in through the real window, with the real keyring. With the app open, an import shows in
// its window at once, on the calendar's right days; importing the same file again adds nothing; a damaged file writes nothing and
// says which file; exports are written while the app is open and after it has quit, and the exit
// statuses are the ones the README documents.
// Run from the repo root:  scripts/with-test-session node --test --test-concurrency=1 tests/e2e/cli.test.mjs

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { log, quireBinary, startHarness, tid } from './harness.mjs';
import { launchAndSignIn, setValue, waitForEntryItem, writeEntry } from './journal.mjs';
import { readJournal } from './db.mjs';

let h;
let work;
before(async () => {
  h = await startHarness();
  work = mkdtempSync(join(tmpdir(), 'quire-cli-'));
});
after(async () => {
  await h?.stop();
  if (work) rmSync(work, { recursive: true, force: true });
});

/** A jrnl JSON export, as `jrnl --export json` writes it, with `n` entries. */
function jrnlExport(n) {
  const entries = [];
  for (let i = 0; i < n; i += 1) {
    const day = String(1 + (i % 28)).padStart(2, '0');
    entries.push({
      title: `Imported walk ${i + 1}.`,
      body: `Along the river with @walk and @friends, number ${i + 1}.`,
      date: `2021-03-${day}`,
      time: '08:30',
      tags: ['@walk', '@friends'],
      starred: i === 0,
    });
  }
  return JSON.stringify({ tags: { '@walk': n, '@friends': n }, entries }, null, 2);
}

/** Runs `quire ARGS` as a person would on the same computer: same data folder, keyring and bus. */
function quire(dataDir, args) {
  const result = spawnSync(quireBinary(), args, {
    encoding: 'utf8',
    timeout: 120_000,
    env: h.env(h.homeFor(dataDir), { QUIRE_DATA_DIR: dataDir, QUIRE_KEYRING_SERVICE: h.keyringServiceFor(dataDir) }),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  log(`quire ${args.join(' ')} -> ${result.status}\n  stdout: ${result.stdout.trim()}\n  stderr: ${result.stderr.trim()}`);
  return result;
}

test('import and export from the command line, with the app open and closed', { timeout: 180_000 }, async () => {
  const dataDir = h.newDataDir('cli');
  const { app } = await launchAndSignIn(h, { dataDir, label: 'cli' });
  await writeEntry(app, 'Written in the window\nbefore any import');

  const file = join(work, 'walks.json');
  writeFileSync(file, jrnlExport(3));

  const dry = quire(dataDir, ['import', file, '--dry-run']);
  assert.equal(dry.status, 0, 'a dry run succeeds');
  assert.match(dry.stdout, /3 entries, 3 new, 0 already in the journal/);
  assert.match(dry.stdout, /Nothing was written/);
  assert.equal(readJournal(dataDir).entries.length, 1, 'the dry run wrote nothing');

  const first = quire(dataDir, ['import', file, '--journal', 'Walks']);
  assert.equal(first.status, 0, 'the import succeeds');
  assert.match(first.stdout, /Imported 3 entries/);
  assert.match(first.stderr, /its window lists the new entries/, 'the running app was told');
  // The open window lists them without a restart, and its calendar shows them on their own days.
  await waitForEntryItem(app, 'Imported walk 3.', 10_000);
  await setValue(app, await app.byTestId('calendar-year'), '2021');
  await setValue(app, await app.byTestId('calendar-month'), '3');
  for (const date of ['2021-03-01', '2021-03-02', '2021-03-03']) {
    const day = await app.waitFor(`${tid('calendar-day')}[data-date="${date}"]`, { timeout: 5_000, what: `calendar day ${date}` });
    await app.waitFor(async () => (await day.attribute('data-count')) === '1', { timeout: 5_000, what: `${date} to count one entry` });
  }
  const empty = await app.waitFor(`${tid('calendar-day')}[data-date="2021-03-04"]`, { timeout: 5_000, what: 'calendar day 2021-03-04' });
  assert.equal(await empty.attribute('data-count'), '0', 'no entry on a day the file has none');
  await app.screenshot('target/e2e/cli-import-calendar.png');
  const stored = readJournal(dataDir).entries.filter((e) => e.journal === 'Walks');
  assert.equal(stored.length, 3, 'three entries in the new journal Walks');
  const walk = stored.find((e) => e.content.startsWith('Imported walk 1.'));
  assert.ok(walk, 'the title is the first line');
  assert.match(walk.content, /#walk/, "jrnl's @walk is a tag");
  assert.ok(walk.starred, 'the star is kept');
  assert.equal(new Date(walk.datedAt).getFullYear(), 2021, 'the date is the entry’s own');

  const again = quire(dataDir, ['import', file]);
  assert.equal(again.status, 0);
  assert.match(again.stdout, /Imported 0 entries .*3 already in the journal/, 'importing the same file again adds nothing');
  assert.equal(readJournal(dataDir).entries.length, 4);

  const broken = join(work, 'broken.json');
  writeFileSync(broken, jrnlExport(2).slice(0, 180));
  const bad = quire(dataDir, ['import', broken, '--format', 'jrnl-json']);
  assert.equal(bad.status, 4, 'a damaged file exits with 4');
  assert.match(bad.stderr, /broken\.json/, 'the message names the file');
  assert.equal(readJournal(dataDir).entries.length, 4, 'the damaged file wrote nothing');

  const zip = join(work, 'walks.zip');
  const exported = quire(dataDir, ['export', '--format', 'markdown', '--output', zip, '--journal', 'Walks']);
  assert.equal(exported.status, 0, 'exporting while the app is open works');
  assert.match(exported.stdout, /Exported 3 entries/);
  assert.ok(statSync(zip).size > 0, 'the zip is written');

  const book = join(work, 'book.pdf');
  assert.equal(quire(dataDir, ['export', '--format', 'pdf', '--output', book]).status, 0, 'the PDF export works');
  assert.equal(readFileSync(book).subarray(0, 5).toString('latin1'), '%PDF-', 'the book is a PDF');
  assert.equal(quire(dataDir, ['export', '--format', 'word', '--output', join(work, 'x.doc')]).status, 2, 'an unknown format is a usage error');
  assert.equal(quire(dataDir, ['import']).status, 2, 'import without a file is a usage error');
  assert.equal(quire(dataDir, ['export', '--format', 'jrnl', '--output', join(work, 'x.json'), '--journal', 'Nope']).status, 2);

  await app.quit();
  const json = join(work, 'all.json');
  const closed = quire(dataDir, ['export', '--format', 'jrnl', '--output', json, '--from', '2021-03-02', '--to', '2021-03-03']);
  assert.equal(closed.status, 0, 'exporting with the app closed works');
  const back = JSON.parse(readFileSync(json, 'utf8'));
  assert.deepEqual(
    back.entries.map((e) => e.title).sort(),
    ['Imported walk 2.', 'Imported walk 3.'],
    'the date range keeps the 2nd and 3rd of March',
  );
  assert.ok(!existsSync(`${json}.partial`), 'no partial file is left');

  const nobody = quire(h.newDataDir('cli-nobody'), ['export', '--format', 'jrnl', '--output', join(work, 'none.json')]);
  assert.equal(nobody.status, 3, 'with no one signed in the status is 3');
  assert.match(nobody.stderr, /sign in/);
});
