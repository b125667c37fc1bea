// The editor's budgets, measured in the real window: keystroke to paint in a 20,000-word entry (p95),
// opening that entry, pasting a 12-megapixel photo until it shows, and the window's PSS while idle
// with the entry open. Prints figures; asserts nothing (these machines are shared and noisy).
//
//   scripts/with-test-session node tests/bench/editor.mjs [--words 20000] [--keys 300] [--opens 20] [--pastes 5]
//       [--keys-only]
//
// The long entry is put in by one paste of plain text, as a person pasting a long piece would.
// Keystrokes are sent one at a time through WebDriver, at the end of the text and in its middle;
// each is timed in the page from its keydown reaching the page to the paint of the frame that shows
// it (KEY_TIMER).
import { rmSync } from 'node:fs';
import { log, sleep, startHarness } from '../e2e/harness.mjs';
import { clickItem, launchAndSignIn, waitForEditor, waitForEntryItem, waitForSaved } from '../e2e/journal.mjs';
import { pastePicture, twelveMegapixelPhoto } from '../e2e/pictures.mjs';
import { pssOf } from './measure.mjs';
import { stats } from './report.mjs';

const args = process.argv.slice(2);
const option = (flag, fallback) => {
  const i = args.indexOf(flag);
  return i < 0 ? fallback : Number(args[i + 1]);
};
const words = option('--words', 20_000);
const keys = option('--keys', 300);
const opens = option('--opens', 20);
const pastes = option('--pastes', 5);
const only = args.includes('--keys-only');

const WORDS = 'the harbour was quiet and a ferry left at dusk while gulls circled over the old pier'.split(' ');
/** `n` words in paragraphs of about 120, some with Markdown, as a long entry has. */
function longText(n) {
  const out = ['# A long entry', ''];
  let paragraph = [];
  for (let i = 0; i < n - 3; i += 1) {
    const word = WORDS[i % WORDS.length];
    paragraph.push(i % 37 === 0 ? `**${word}**` : i % 53 === 0 ? `*${word}*` : word);
    if (paragraph.length === 120) {
      out.push(`${paragraph.join(' ')}.`, '');
      paragraph = [];
    }
  }
  out.push(paragraph.join(' '));
  return out.join('\n');
}

function pasteText(app, text) {
  return app.session.execute(
    `const data = new DataTransfer();
     data.setData('text/plain', arguments[0]);
     const editor = document.querySelector('[data-testid="entry-editor"]');
     editor.focus();
     editor.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
     return editor.value.length;`,
    [text],
    { timeoutMs: 60_000 },
  );
}

/**
 * Installs the keystroke timer. For each keydown, from the moment the page gets it: the time until the
 * page's work for it is done (the task that handled it, and the render after it), and until the
 * frame that shows it has been painted (a frame callback runs just before the paint; a task queued
 * from it runs after). Also how long the key took to reach the page (from the event's own time
 * stamp), which is WebDriver's and WebKit's delivery, not the editor's work.
 */
const KEY_TIMER = `
  window.__keyTimes = [];
  window.__keyWork = [];
  window.__keyDelivery = [];
  window.addEventListener('keydown', (event) => {
    const start = performance.now();
    window.__keyDelivery.push(start - event.timeStamp);
    setTimeout(() => window.__keyWork.push(performance.now() - start), 0);
    requestAnimationFrame(() => setTimeout(() => window.__keyTimes.push(performance.now() - start), 0));
  }, { capture: true });
  return true;
`;

/** Puts the caret at `where` (0..1 of the text) through the editor, as a click there would. */
function caretAt(app, where) {
  return app.session.execute(
    `const editor = document.querySelector('[data-testid="entry-editor"]');
     const lines = editor.querySelectorAll('.cm-line');
     editor.focus();
     const line = lines[Math.min(lines.length - 1, Math.floor(lines.length * arguments[0]))];
     line.scrollIntoView({ block: 'center' });
     const range = document.createRange();
     range.selectNodeContents(line);
     range.collapse(false);
     getSelection().removeAllRanges();
     getSelection().addRange(range);
     return true;`,
    [where],
  );
}

async function typeTimed(app, count, label, { testId = 'entry-editor', text = 'and then the tide came in ' } = {}) {
  await app.session.execute('window.__keyTimes = []; window.__keyWork = []; window.__keyDelivery = []; return true;');
  const editor = await app.byTestId(testId);
  for (let i = 0; i < count; i += 1) {
    await editor.sendKeys(text[i % text.length]);
    await sleep(30);
  }
  await sleep(300);
  const times = await app.session.execute('return window.__keyTimes;');
  const work = await app.session.execute('return window.__keyWork;');
  const delivery = stats(await app.session.execute('return window.__keyDelivery;'));
  const p95 = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length * 0.95)];
  const s = stats(times);
  const w = stats(work);
  log(
    `keystroke → paint, ${label}: n=${times.length} median ${s.median.toFixed(1)} ms, p95 ${p95(times).toFixed(1)} ms, ` +
      `max ${s.max.toFixed(1)} ms; the page's work alone: median ${w.median.toFixed(1)} ms, p95 ${p95(work).toFixed(1)} ms; ` +
      `delivery to the page before that: median ${delivery.median.toFixed(1)} ms`,
  );
  return { label, n: times.length, median: s.median, p95: p95(times), max: s.max, workMedian: w.median, workP95: p95(work) };
}

/** Clicks the list item of `firstLine` and times, in the page, until the editor holds `length` characters and has painted. */
async function openTimed(app, firstLine, length) {
  const item = await waitForEntryItem(app, firstLine);
  await app.session.execute('arguments[0].scrollIntoView({ block: "center" }); return true;', [item]);
  return app.session.executeAsync(
    `const [item, length, done] = arguments;
     const started = performance.now();
     item.click();
     const look = () => {
       const editor = document.querySelector('[data-testid="entry-editor"]');
       if (editor && editor.value.length === length && editor.querySelector('.cm-line')) {
         requestAnimationFrame(() => done(performance.now() - started));
       } else setTimeout(look, 0);
     };
     look();`,
    [item, length],
    { timeoutMs: 30_000 },
  );
}

const h = await startHarness();
const results = {};
try {
  const dataDir = h.newDataDir('editor-bench');
  const { app } = await launchAndSignIn(h, { dataDir, label: 'editor-bench' });

  // A short entry to switch away to, then the long one.
  await (await app.byTestId('new-entry')).click();
  await (await waitForEditor(app)).sendKeys('A short entry');
  await waitForSaved(app);
  await (await app.byTestId('new-entry')).click();
  await waitForEditor(app);
  const text = longText(words);
  const length = await pasteText(app, text);
  await waitForSaved(app);
  log(`long entry: ${words} words, ${length} characters`);

  await app.session.execute(KEY_TIMER);
  // The floor: a plain text field in the same window (the tag field; letters only, so no tag is made).
  results.keysField = await typeTimed(app, Math.min(keys, 100), 'in a plain text field (the floor)', { testId: 'tag-input', text: 'harbour' });
  await app.session.execute('const f = document.querySelector(\'[data-testid="tag-input"]\'); f.value = ""; f.blur(); return true;');
  await caretAt(app, 1);
  results.keysEnd = await typeTimed(app, keys, 'at the end of 20k words');
  await caretAt(app, 0.5);
  results.keysMiddle = await typeTimed(app, keys, 'in the middle of 20k words');
  await waitForSaved(app);
  const finalLength = await app.session.execute('return document.querySelector(\'[data-testid="entry-editor"]\').value.length;');

  if (only) {
    await app.quit();
    process.exit(0);
  }
  const openTimes = [];
  for (let i = 0; i < opens; i += 1) {
    await clickItem(app, await waitForEntryItem(app, 'A short entry'));
    await sleep(200);
    openTimes.push(await openTimed(app, 'A long entry', finalLength));
    await sleep(200);
  }
  const o = stats(openTimes);
  log(`open the 20k-word entry: median ${o.median.toFixed(1)} ms, min ${o.min.toFixed(1)}, max ${o.max.toFixed(1)} (n=${o.n})`);
  results.open = o;

  await sleep(5_000);
  const idle = pssOf(app.appPid);
  log(`idle PSS with the long entry open: ${(idle.totalKb / 1024).toFixed(1)} MiB`);
  results.idlePssMiB = idle.totalKb / 1024;

  const photo = twelveMegapixelPhoto();
  const pasteTimes = [];
  for (let i = 0; i < pastes; i += 1) {
    await (await app.byTestId('new-entry')).click();
    await waitForEditor(app);
    const pasted = await pastePicture(app, photo);
    pasteTimes.push(pasted.ms);
    await waitForSaved(app);
  }
  rmSync(photo, { force: true });
  const p = stats(pasteTimes);
  log(`paste a 12-megapixel JPEG until it shows: median ${p.median} ms, min ${p.min}, max ${p.max} (n=${p.n})`);
  results.paste = p;
  await app.quit();
} finally {
  await h.stop();
}
console.log(JSON.stringify(results, null, 2));
