// End-to-end: a journal one can find one's way around, in the real window. An entry backdated two
// years is found on that calendar day and in "On this day"; tags typed in the text and added as
// chips filter the list; an entry moves to another journal; and the 500th-newest match of a common
// word in a filled journal is reachable in the search results. Each step is checked against the
// encrypted journal on disk, read apart from the app (examples/read_journal).
// Run from the repo root:  scripts/with-test-session node --test --test-concurrency=1 tests/e2e/

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { startHarness, tid, repoRoot, log } from './harness.mjs';
import { Keys } from './webdriver.mjs';
import { clickItem, launchAndSignIn, launchToJournal, setValue, waitForEntryItem, waitForSaved, writeEntry } from './journal.mjs';
import { readJournal } from './db.mjs';

let h;
before(async () => {
  h = await startHarness();
});
after(async () => {
  await h?.stop();
});

const pad = (n) => String(n).padStart(2, '0');
/** `YYYY-MM-DD` of a local date. */
const localDay = (d) => `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;

/** The journal's entries as stored, read apart from the app. */
function stored(dataDir) {
  return readJournal(dataDir).entries.filter((e) => e.deletedAt === null);
}

/** The text of every entry-item in the list, waiting until it is exactly `expected` (in any order). */
async function waitForList(app, expected, what) {
  let seen = [];
  await app.waitFor(
    async () => {
      seen = (await app.textsOf('entry-item')).map((t) => t.replace(/\s+/g, ' '));
      return seen.length === expected.length && expected.every((e) => seen.some((s) => s.includes(e)));
    },
    { timeout: 10_000, what: () => `${what} (list shows ${JSON.stringify(seen)})` },
  );
}

test('backdate, calendar, on this day, tags and journals', { timeout: 240_000 }, async (t) => {
  const dataDir = h.newDataDir('organising');
  const { app } = await launchAndSignIn(h, { dataDir, label: 'organising' });
  t.after(() => app.kill());

  // Backdate an entry to this day two years ago, at noon, from the editor's date control.
  await writeEntry(app, 'Lighthouse visit\nWe climbed all the stairs. #travel #family');
  const today = new Date();
  const then = new Date(today.getFullYear() - 2, today.getMonth(), today.getDate(), 12, 0);
  const thenDay = localDay(then);
  await app.session.execute(`arguments[0].closest('button').click(); return true;`, [await app.byTestId('entry-date')]);
  const dateInput = await app.waitForTestId('entry-date-input', { timeout: 5_000 });
  await setValue(app, dateInput, thenDay);
  await setValue(app, await app.byTestId('entry-time-input'), '12:00');
  await dateInput.sendKeys(Keys.ENTER);
  await app.waitFor(
    async () => (await (await app.byTestId('entry-date')).attribute('datetime')) === then.toISOString(),
    { timeout: 5_000, what: `entry-date to read ${then.toISOString()}` },
  );
  await app.waitFor(() => stored(dataDir).some((e) => e.datedAt === then.getTime()), {
    timeout: 5_000,
    what: 'the new date to be stored',
  });
  const backdated = stored(dataDir).find((e) => e.datedAt === then.getTime());
  assert.match(backdated.content, /^Lighthouse visit/);
  assert.ok(backdated.updatedAt > 0);

  // The calendar: go to that month and year; the day shows one entry; picking it filters the list.
  await setValue(app, await app.byTestId('calendar-year'), String(then.getFullYear()));
  const day = await app.waitFor(`${tid('calendar-day')}[data-date="${thenDay}"]`, { timeout: 5_000, what: `calendar day ${thenDay}` });
  await app.waitFor(async () => (await day.attribute('data-count')) === '1', { timeout: 5_000, what: `${thenDay} to count one entry` });
  await day.click();
  await waitForList(app, ['Lighthouse visit'], `the list filtered to ${thenDay}`);
  await app.screenshot('target/e2e/calendar-day.png');
  await app.session.execute('arguments[0].click(); return true;', [await app.waitForTestId('date-filter-clear', { timeout: 5_000 })]);

  // "On this day" in History.
  await (await app.byTestId('nav-history')).click();
  const onThisDay = await app.waitForTestId('on-this-day-entry', { timeout: 10_000 });
  assert.match(await app.innerText(onThisDay), /Lighthouse visit/);
  assert.match(await app.textOf('on-this-day'), /2 years ago/i);
  await (await app.byTestId('nav-journal')).click();

  // Tags: a second entry, one tag typed in the text and one added as a chip.
  await writeEntry(app, 'Market day\nBread and cheese. #family');
  const tagInput = await app.waitForTestId('tag-input', { timeout: 5_000 });
  await tagInput.sendKeys('errands\n');
  await app.waitFor(`${tid('entry-editor')}`, { timeout: 1_000 });
  await app.waitFor(async () => (await (await app.byTestId('entry-editor')).property('value')).includes('#errands'), {
    timeout: 5_000,
    what: 'the chip to write #errands into the text',
  });
  await waitForSaved(app);
  await app.waitFor(() => stored(dataDir).some((e) => e.content.includes('#errands')), { timeout: 5_000, what: '#errands stored' });
  const tagCount = async (name) => {
    const el = await app.session.tryFindElement(`${tid('tag-list')} ${tid('tag')}[data-name="${name}"]`);
    return el ? app.innerText(el) : '';
  };
  await app.waitFor(async () => /2/.test(await tagCount('family')), { timeout: 10_000, what: '#family counted twice in the tag list' });
  await (await app.session.findElement(`${tid('tag-list')} ${tid('tag')}[data-name="family"]`)).click();
  await app.waitForTestId('tag-filter', { timeout: 5_000 });
  await waitForList(app, ['Lighthouse visit', 'Market day'], 'the list filtered to #family');
  await app.waitFor(`${tid('tag-list')} ${tid('tag')}[data-name="errands"]`, { timeout: 10_000 });
  await (await app.session.findElement(`${tid('tag-list')} ${tid('tag')}[data-name="errands"]`)).click();
  await waitForList(app, ['Market day'], 'the list filtered to #errands');
  await app.screenshot('target/e2e/tag-filter.png');
  await (await app.byTestId('tag-filter-clear')).click();

  // Journals: make "Work", move the lighthouse entry there, and see it alone in that journal.
  await (await app.byTestId('journal-switcher')).click();
  await (await app.waitForTestId('new-journal', { timeout: 5_000 })).click();
  const name = await app.waitForTestId('journal-name', { timeout: 5_000 });
  await name.sendKeys('Work\n');
  await app.waitFor(async () => !(await app.session.tryFindElement(tid('journal-form'))), { timeout: 5_000, what: 'the journal form to close' });
  // A new journal comes into view, empty; back to all of them to find the entry to move.
  await app.waitFor(async () => (await app.textOf('journal-switcher')).includes('Work'), { timeout: 5_000, what: 'Work in view' });
  await (await app.byTestId('journal-switcher')).click();
  await (await app.waitForTestId('journal-option-all', { timeout: 5_000 })).click();
  const lighthouse = await waitForEntryItem(app, 'Lighthouse visit');
  await clickItem(app, lighthouse);
  await app.waitFor(async () => (await (await app.byTestId('entry-editor')).property('value')).startsWith('Lighthouse visit'), {
    timeout: 5_000,
    what: 'the lighthouse entry to open',
  });
  const picker = await app.byTestId('journal-picker');
  const workId = await app.session.execute(
    `return Array.from(arguments[0].options).find((o) => o.textContent.includes('Work'))?.value ?? null;`,
    [picker],
  );
  assert.ok(workId, 'the picker offers the new journal');
  await setValue(app, picker, workId);
  await app.waitFor(() => stored(dataDir).some((e) => e.content.startsWith('Lighthouse') && e.journal === 'Work'), {
    timeout: 5_000,
    what: 'the entry to be stored in Work',
  });
  await (await app.byTestId('journal-switcher')).click();
  await (await app.waitFor(`${tid('journal-option')}[data-name="Work"]`, { timeout: 5_000 })).click();
  await waitForList(app, ['Lighthouse visit'], 'the Work journal to hold only the moved entry');
  await app.screenshot('target/e2e/journal-work.png');
  assert.equal(stored(dataDir).filter((e) => e.journal === 'Work').length, 1);
});

test('the 500th-newest match of a common word is in the search results', { timeout: 300_000 }, async (t) => {
  const dataDir = h.newDataDir('search-all');
  const { app: first } = await launchAndSignIn(h, { dataDir, label: 'search-fill' });
  await first.quit();
  const fill = join(repoRoot, 'target/release/examples/fill');
  const args = ['--data-dir', dataDir, '--entries', '1500', '--keyring-service', h.keyringServiceFor(dataDir)];
  log(execFileSync(fill, args, { env: h.env(h.homeFor(dataDir)) }).toString().trim());

  // What the search must find, from the journal itself: every entry with the word, newest first.
  const matches = stored(dataDir)
    .filter((e) => /\blunch\b/i.test(e.content))
    .sort((a, b) => b.datedAt - a.datedAt);
  log(`${matches.length} entries mention lunch`);
  assert.ok(matches.length > 500, `the filled journal has over 500 matches (${matches.length})`);

  const app = await launchToJournal(h, { dataDir, label: 'search-all' });
  t.after(() => app.kill());
  const search = await app.waitForTestId('search-input', { timeout: 10_000 });
  await search.sendKeys('lunch ');
  await app.waitForTestId('search-count', { timeout: 10_000 });
  const shown = () => app.session.execute(
    `return Array.from(document.querySelectorAll(arguments[0]), (e) => e.getAttribute('data-entry-id'));`,
    [`#search-results ${tid('entry-item')}`],
    { idempotent: true },
  );
  let ids = await shown();
  while (ids.length < 500) {
    const more = await app.waitForTestId('search-more', { timeout: 10_000 });
    const before = ids.length;
    await app.session.execute('arguments[0].scrollIntoView(); arguments[0].click(); return true;', [more]);
    await app.waitFor(async () => (ids = await shown()).length > before, { timeout: 10_000, what: `more than ${before} results` });
  }
  assert.deepEqual(ids.slice(0, 500), matches.slice(0, 500).map((e) => e.id), 'the first 500 results are the 500 newest matches, in order');
  app.log(`500th result: ${ids[499]} (${new Date(matches[499].datedAt).toISOString()})`);
  await app.screenshot('target/e2e/search-500.png');
});
