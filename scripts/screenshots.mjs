// Takes the README's screenshots of the journal window, in the light and the dark appearance, from a
// fresh journal with a few tagged entries, a star, and a Markdown entry with a picture, under the test
// session's Xvfb (after a release build):
//
//   scripts/with-test-session node scripts/screenshots.mjs
//
// Writes docs/screenshot.png (light) and docs/screenshot-dark.png.
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sleep, startHarness } from '../tests/e2e/harness.mjs';
import { launchAndSignIn, launchToJournal, waitForEditor, waitForSaved, writeEntry } from '../tests/e2e/journal.mjs';
import { pastePicture } from '../tests/e2e/pictures.mjs';

const ENTRY = `# A morning at the harbour

The ferry left at **seven**, and the gulls followed it out past the *old pier*. Ana says the water is warmer than last year; I am not convinced.

- coffee at the kiosk
- [x] postcards for Ana
- [ ] call the boatyard about the mooring

> The sea is never the same twice.

#travel #harbour
`;

const OTHERS = [
  'Slow Sunday\nRain all day. Finished the second book of the trilogy and made soup. #reading',
  'Work notes\nThe release went out on time; the team earned the long lunch. #work',
  'Garden\nThe tomatoes finally turned red. Picked the first basket. #garden',
];

function pasteText(app, text) {
  return app.session.execute(
    `const data = new DataTransfer();
     data.setData('text/plain', arguments[0]);
     const editor = document.querySelector('[data-testid="entry-editor"]');
     editor.focus();
     editor.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
     return true;`,
    [text],
  );
}

const photo = join(tmpdir(), `quire-harbour-${process.pid}.jpg`);
const made = spawnSync('convert', ['-size', '1200x700', 'plasma:lightskyblue-steelblue', '-blur', '0x6', '-quality', '85', photo]);
if (made.status !== 0) throw new Error(`convert could not make the picture: ${made.stderr}`);

const h = await startHarness();
try {
  const dataDir = h.newDataDir('screenshots');
  const { app } = await launchAndSignIn(h, { dataDir, label: 'screenshots' });
  for (const text of OTHERS) await writeEntry(app, text);
  await (await app.byTestId('new-entry')).click();
  await waitForEditor(app);
  await pasteText(app, ENTRY);
  await pastePicture(app, photo);
  await waitForSaved(app);
  await (await app.byTestId('star-toggle')).click();
  // Give the analysis a moment to colour the calendar and the cards.
  await sleep(4_000);
  await app.quit();

  for (const [appearance, file] of [
    ['light', 'docs/screenshot.png'],
    ['dark', 'docs/screenshot-dark.png'],
  ]) {
    const shown = await launchToJournal(h, { dataDir, label: `screenshots-${appearance}`, env: { QUIRE_APPEARANCE: appearance } });
    await waitForEditor(shown);
    await shown.session.execute('document.activeElement?.blur(); return true;');
    await sleep(2500);
    console.log(`${appearance}: ${await shown.screenshot(file)}`);
    await shown.quit();
  }
} finally {
  await h.stop();
  rmSync(photo, { force: true });
}
