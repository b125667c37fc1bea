// End-to-end: the real Quire binary under Xvfb, driven through WebKitWebDriver.
// Run from tests/:  dbus-run-session -- npm run e2e
// Needs target/release/quire (cargo build --release --features custom-protocol) or QUIRE_BIN.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startHarness, log, tid } from './harness.mjs';

/** First launch of WebKit in a fresh HOME is the slowest step. */
const LAUNCH_TIMEOUT = 30_000;
const SAVE_TIMEOUT = 10_000;

let h;
before(async () => {
  h = await startHarness();
});
after(async () => {
  await h?.stop();
});

/** Launch the app on dataDir and wait until the journal is usable. */
async function launchToJournal(dataDir, label) {
  const started = Date.now();
  const app = await h.launchApp({ dataDir, label });
  await app.waitForTestId('journal', { timeout: LAUNCH_TIMEOUT });
  app.log(`launch-to-journal: ${Date.now() - started} ms`);
  return app;
}

/** Rendered texts of all entry-items. */
function entryTexts(app) {
  return app.textsOf('entry-item');
}

/** Wait for the entry-item whose text contains `needle`; resolves with the element. */
async function waitForEntryItem(app, needle, timeout = 5_000) {
  let seen = [];
  return app.waitFor(
    async () => {
      const items = await app.allByTestId('entry-item');
      seen = [];
      for (const el of items) {
        const text = await app.innerText(el);
        seen.push(text);
        if (text.includes(needle)) return el;
      }
      return null;
    },
    { timeout, what: () => `an entry-item containing "${needle}" (items seen: ${JSON.stringify(seen)})` },
  );
}

async function waitForSaved(app, timeout = SAVE_TIMEOUT) {
  const started = Date.now();
  let status;
  await app.waitFor(async () => (status = await app.textOf('save-status')) === 'Saved', {
    timeout,
    what: () => `save-status to read exactly "Saved" (last read: ${JSON.stringify(status)})`,
  });
  app.log(`save-status = Saved after ${Date.now() - started} ms`);
}

/** Open the entry whose list item contains `firstLine`, wait until the editor holds exactly `text`. */
async function openAndCheck(app, firstLine, text) {
  const item = await waitForEntryItem(app, firstLine);
  // Clicking a list item only swaps the editor's content; it destroys no window, so a WebDriver click is safe.
  await item.click();
  let value;
  await app.waitFor(
    async () => {
      const ed = await app.session.tryFindElement(tid('entry-editor'));
      value = ed ? await ed.property('value') : undefined;
      return value === text;
    },
    { timeout: 5_000, what: 'entry-editor to hold the full saved text' },
  ).catch((err) => {
    throw new Error(`${err.message}\n  expected: ${JSON.stringify(text)}\n  actual:   ${JSON.stringify(value)}`);
  });
  app.log('opened entry: editor holds the full text');
}

test('a new entry is saved, survives a restart and is found by search', { timeout: 90_000 }, async (t) => {
  const WORD = 'zanzibarquokka';
  const FIRST_LINE = 'Harbour walk at dawn';
  const TEXT = `${FIRST_LINE}\nA ${WORD} was sunning itself on the sea wall.\nCome back tomorrow with the good camera.`;
  const dataDir = h.newDataDir('journal');

  let app = await launchToJournal(dataDir, 'journal-1');
  t.after(() => app.kill()); // on failure too; a no-op once quit

  const before = await entryTexts(app);
  app.log(`fresh data dir: ${before.length} entry-item(s) listed`);
  assert.ok(!before.some((s) => s.includes(FIRST_LINE)), 'a fresh data dir must not contain the entry yet');

  app.log('click new-entry');
  await (await app.byTestId('new-entry')).click();
  const editor = await app.waitForTestId('entry-editor', { timeout: 5_000 });

  app.log(`type ${TEXT.length} chars (${TEXT.split('\n').length} lines)`);
  const typed = Date.now();
  await editor.sendKeys(TEXT);
  assert.equal(await editor.property('value'), TEXT, 'the editor holds exactly what was typed');
  await waitForSaved(app);
  app.log(`typed-to-Saved: ${Date.now() - typed} ms`);

  await waitForEntryItem(app, FIRST_LINE);
  app.log('entry-item shows the first line');

  const q1 = await app.quit();
  assert.ok(q1.appExited, `the app process must exit when the session ends (pid ${app.appPid})`);

  app = await launchToJournal(dataDir, 'journal-2');
  const items = (await entryTexts(app)).filter((s) => s.includes(FIRST_LINE));
  assert.equal(items.length, 1, `exactly one entry-item with the first line after relaunch, got: ${JSON.stringify(await entryTexts(app))}`);
  await openAndCheck(app, FIRST_LINE, TEXT);

  const prefix = WORD.slice(0, 9); // "zanzibarq"
  app.log(`search for "${prefix}"`);
  const search = await app.waitForTestId('search-input', { timeout: 5_000 });
  await search.sendKeys(prefix);
  let marks = [];
  await app.waitFor(
    async () => {
      const els = await app.session.findElements(`${tid('entry-item')} mark`);
      marks = await Promise.all(els.map((el) => app.innerText(el)));
      return marks.some((m) => m.trim().toLowerCase() === WORD);
    },
    { timeout: 5_000, what: () => `a search result entry-item with <mark>${WORD}</mark> (marks seen: ${JSON.stringify(marks)})` },
  );
  const results = await entryTexts(app);
  assert.ok(results.some((s) => s.includes(WORD)), `a result snippet contains "${WORD}": ${JSON.stringify(results)}`);
  app.log(`search result marks: ${JSON.stringify(marks)}`);

  const shot = await app.screenshot('target/e2e/journal.png');
  app.log(`screenshot: ${shot}`);

  const q2 = await app.quit();
  assert.ok(q2.appExited, `the app process must exit when the session ends (pid ${app.appPid})`);
});

test('text typed right before the window is closed is not lost', { timeout: 60_000 }, async (t) => {
  const FIRST_LINE = 'Written in a hurry';
  const LAST_WORD = `lastword${Date.now().toString(36)}`;
  const TEXT = `${FIRST_LINE}\nbefore closing the window: ${LAST_WORD}`;
  const dataDir = h.newDataDir('close');

  let app = await launchToJournal(dataDir, 'close-1');
  t.after(() => app.kill());

  await (await app.byTestId('new-entry')).click();
  const editor = await app.waitForTestId('entry-editor', { timeout: 5_000 });
  await editor.sendKeys(TEXT);
  const status = await app.textOf('save-status');
  // A real close request, as from a window manager's close button (WM_DELETE_WINDOW).
  const closeStarted = Date.now();
  const wins = app.requestClose();
  app.log(`typed ${TEXT.length} chars and sent WM_DELETE_WINDOW to ${wins.join(', ')} at once (save-status was "${status}")`);
  if (status === 'Saved') app.log('note: autosave had already finished, so this run does not exercise the close-handler flush');

  const exited = await app.waitForAppExit(15_000);
  assert.ok(exited, `the app must exit after its window got a close request (pid ${app.appPid} still running after 15 s)`);
  app.log(`app exited ${Date.now() - closeStarted} ms after the close request`);
  await app.quit(); // stops the driver; the session is already gone with the app

  app = await launchToJournal(dataDir, 'close-2');
  await openAndCheck(app, FIRST_LINE, TEXT);

  const q = await app.quit();
  assert.ok(q.appExited, `the app process must exit when the session ends (pid ${app.appPid})`);
});
