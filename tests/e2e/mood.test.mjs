// End-to-end: the offline analysis in the real window. A clearly happy and a clearly sad entry get
// moods of the right kind on their cards, the history view charts them, and "ask your journal"
// answers from them. Everything runs on this machine; the only network is the local demo provider
// used to sign in.
// Run from the repo root:  scripts/with-test-session node --test --test-concurrency=1 tests/e2e/

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startHarness, tid } from './harness.mjs';
import { launchAndSignIn, writeEntry } from './journal.mjs';

const GOOD = ['joyful', 'grateful', 'calm', 'hopeful', 'proud', 'loving', 'excited', 'content'];
const BAD = ['down', 'sad', 'anxious', 'angry', 'lonely', 'tired'];
/** The analysis runs 1.5 s after the last save, on a background thread. */
const ANALYSIS_TIMEOUT = 15_000;

let h;
before(async () => {
  h = await startHarness();
});
after(async () => {
  await h?.stop();
});

/** [card text, data-mood of its mood chip or null] for every entry card. */
function cardMoods(app) {
  return app.session.execute(
    `return Array.from(document.querySelectorAll(arguments[0]), (card) => {
       const chip = card.querySelector(arguments[1]);
       return [card.innerText, chip ? chip.getAttribute('data-mood') : null];
     });`,
    [tid('entry-item'), tid('mood-chip')],
    { idempotent: true },
  );
}

async function waitForMood(app, needle, kinds, what) {
  let seen = [];
  await app.waitFor(
    async () => {
      seen = await cardMoods(app);
      const card = seen.find(([text]) => text.includes(needle));
      return card && kinds.includes(card[1]);
    },
    { timeout: ANALYSIS_TIMEOUT, what: () => `${what} (cards: ${JSON.stringify(seen)})` },
  );
  const mood = seen.find(([text]) => text.includes(needle))[1];
  app.log(`"${needle}" → ${mood}`);
  return mood;
}

test('happy and sad entries get their moods, the chart and an answer', { timeout: 120_000 }, async (t) => {
  const HAPPY = 'Wedding day in the garden\nBest day in years! Everyone we love was there and I am so happy and grateful.';
  const SAD = 'The funeral was this morning\nI miss her so much. I cried all evening and everything feels hopeless and sad.';
  const dataDir = h.newDataDir('mood');
  const { app } = await launchAndSignIn(h, { dataDir, label: 'mood' });
  t.after(() => app.kill());

  await writeEntry(app, HAPPY);
  await writeEntry(app, SAD);

  const happy = await waitForMood(app, 'Wedding day', GOOD, 'the happy entry to show a good mood');
  const sad = await waitForMood(app, 'The funeral', BAD, 'the sad entry to show a bad mood');
  await app.waitForTestId('analysis-panel', { timeout: 5_000 });
  const panel = await app.textOf('analysis-panel');
  assert.match(panel, new RegExp(sad, 'i'), `the panel beside the open (sad) entry names its mood: ${JSON.stringify(panel)}`);
  await app.screenshot('target/e2e/moods.png');

  // History: a chart of the two entries and both moods counted.
  await (await app.byTestId('nav-history')).click();
  await app.waitForTestId('history-view', { timeout: 10_000 });
  await app.waitFor(
    async () =>
      app.session.execute(
        'const c = document.querySelector(arguments[0]); return !!c && c.querySelectorAll("svg path, svg circle").length > 0;',
        [tid('sentiment-chart')],
        { idempotent: true },
      ),
    { timeout: 10_000, what: 'the sentiment chart to draw its line' },
  );
  const label = await app.session.execute(
    'const c = document.querySelector(arguments[0]); return c.getAttribute("aria-label") || c.innerText;',
    [tid('sentiment-chart')],
    { idempotent: true },
  );
  assert.ok(label && label.length > 0, 'the chart has an accessible label');
  const counted = await app.session.execute(
    'return Array.from(document.querySelectorAll(arguments[0] + " [data-mood]"), (e) => e.getAttribute("data-mood"));',
    [tid('mood-counts')],
    { idempotent: true },
  );
  assert.ok(counted.includes(happy) && counted.includes(sad), `mood counts list ${happy} and ${sad}: ${JSON.stringify(counted)}`);
  await app.screenshot('target/e2e/history.png');

  // Ask: a local answer with the question's words marked, linked to the entry.
  await (await app.byTestId('nav-ask')).click();
  const input = await app.waitForTestId('ask-input', { timeout: 5_000 });
  await input.sendKeys('When was the wedding?\n');
  let marks = [];
  await app.waitFor(
    async () => {
      const els = await app.session.findElements(`${tid('ask-answer')} mark`);
      marks = await Promise.all(els.map((el) => app.innerText(el)));
      return marks.some((m) => m.toLowerCase() === 'wedding');
    },
    { timeout: 5_000, what: () => `an answer with <mark>wedding</mark> (marks: ${JSON.stringify(marks)})` },
  );
  const view = await app.textOf('ask-view');
  assert.match(view, /not an AI model/i, 'the ask view says plainly it is a local search');
  await app.screenshot('target/e2e/ask.png');

  const q = await app.quit();
  assert.ok(q.appExited, 'the app exits');
});
