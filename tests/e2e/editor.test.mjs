// End-to-end: the Markdown editor and Settings in the real window. Markdown typed through the
// keyboard is styled as it is typed (a heading larger, a list's marks quiet) and saved exactly as
// typed; a pasted 12-megapixel photo shows, is kept in the encrypted journal, and shows again after a
// SIGKILL and a relaunch; WebKitGTK's spell checker underlines a misspelt word (red pixels under it
// in a screenshot, none under a correct one); a setting changed in Settings applies at once, is
// written to the config file, and still applies after a restart.
// Run from the repo root:  scripts/with-test-session node --test --test-concurrency=1 tests/e2e/editor.test.mjs

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { startHarness, tid, log } from './harness.mjs';
import { Keys } from './webdriver.mjs';
import { launchAndSignIn, launchToJournal, openAndCheck, waitForEditor, waitForSaved, writeEntry } from './journal.mjs';
import { readJournal } from './db.mjs';
import { appLogLines } from './auth.mjs';
import { pastePicture, twelveMegapixelPhoto } from './pictures.mjs';

let h;
before(async () => {
  h = await startHarness();
});
after(async () => {
  await h?.stop();
});

/** Font size (px) and colour of the first element matching `selector` whose text includes `text`. */
function styleOf(app, selector, text) {
  return app.session.execute(
    `const el = [...document.querySelectorAll(arguments[0])].find((e) => e.textContent.includes(arguments[1]));
     if (!el) return null;
     const style = getComputedStyle(el);
     return { size: parseFloat(style.fontSize), weight: style.fontWeight, colour: style.color };`,
    [selector, text],
  );
}

/**
 * Red pixels in a window screenshot, in the band just under the first `.cm-line` text node range
 * holding `word`: where WebKit draws its spelling mark.
 */
async function redUnder(app, word, label) {
  const rect = await app.session.execute(
    `const line = [...document.querySelectorAll('.cm-line')].find((l) => l.textContent.includes(arguments[0]));
     const walker = document.createTreeWalker(line, NodeFilter.SHOW_TEXT);
     for (let node = walker.nextNode(); node; node = walker.nextNode()) {
       const at = node.data.indexOf(arguments[0]);
       if (at < 0) continue;
       const range = document.createRange();
       range.setStart(node, at);
       range.setEnd(node, at + arguments[0].length);
       const r = range.getBoundingClientRect();
       return { x: Math.round(r.left), y: Math.round(r.top), w: Math.round(r.width), h: Math.round(r.height) };
     }
     return null;`,
    [word],
  );
  assert.ok(rect, `"${word}" is on screen`);
  const shot = await app.screenshot(`editor-spelling-${label}`);
  // The lower third of the word's box and a few pixels below it.
  const band = { x: rect.x, y: rect.y + Math.round(rect.h * 0.6), w: rect.w, h: Math.round(rect.h * 0.5) + 4 };
  const raw = spawnSync('convert', [shot, '-crop', `${band.w}x${band.h}+${band.x}+${band.y}`, '+repage', '-depth', '8', 'rgb:-'], {
    maxBuffer: 1 << 24,
  });
  assert.equal(raw.status, 0, `convert could crop the screenshot: ${raw.stderr}`);
  let red = 0;
  for (let i = 0; i + 2 < raw.stdout.length; i += 3) {
    const [r, g, b] = [raw.stdout[i], raw.stdout[i + 1], raw.stdout[i + 2]];
    if (r > 150 && r - g > 80 && r - b > 80) red += 1;
  }
  log(`${label}: ${red} red pixels under "${word}" (${shot})`);
  return red;
}

test('Markdown is styled as it is typed, and saved as typed', { timeout: 180_000 }, async () => {
  const dataDir = h.newDataDir('editor');
  const { app } = await launchAndSignIn(h, { dataDir, label: 'editor' });
  await (await app.byTestId('new-entry')).click();
  const editor = await waitForEditor(app);
  await app.waitForTestId('editor-toolbar', { timeout: 5_000 });

  // Enter after a list item continues the list, so the second item is typed without its marker.
  await editor.sendKeys('# Harbour day\nWe walked to the **old pier** and saw:\n- gulls\nboats\n');
  const expected = '# Harbour day\nWe walked to the **old pier** and saw:\n- gulls\n- boats\n- ';
  let held = null;
  await app.waitFor(async () => (held = await editor.property('value')) === expected, {
    timeout: 5_000,
    what: () => `the editor to hold the typed Markdown (has ${JSON.stringify(held)})`,
  });
  // Enter on the empty item ends the list.
  await editor.sendKeys(Keys.ENTER);
  const text = '# Harbour day\nWe walked to the **old pier** and saw:\n- gulls\n- boats\n';
  await app.waitFor(async () => (held = await editor.property('value')) === text, {
    timeout: 5_000,
    what: () => `the empty list item to go (has ${JSON.stringify(held)})`,
  });

  const heading = await styleOf(app, '.cm-md-h1', 'Harbour day');
  const body = await styleOf(app, '.cm-line', 'We walked');
  const bold = await styleOf(app, '.cm-md-strong', 'old pier');
  const marker = await styleOf(app, '.cm-md-mark', '-');
  log(`styles: heading ${JSON.stringify(heading)}, body ${JSON.stringify(body)}, bold ${JSON.stringify(bold)}, list mark ${JSON.stringify(marker)}`);
  assert.ok(heading && body && heading.size >= body.size * 1.4, 'the heading is set larger than the text');
  assert.ok(bold && Number(bold.weight) >= 700, 'bold text is bold');
  assert.ok(marker && marker.colour !== body.colour, "the list's marker is drawn quieter than the text");
  assert.match(await app.textOf('word-count'), /^12 words$/);
  await app.screenshot('target/e2e/editor-markdown.png');

  await waitForSaved(app);
  const saved = readJournal(dataDir).entries.find((e) => e.content.startsWith('# Harbour day'));
  assert.equal(saved?.content, text, 'the entry is saved as the Markdown typed, marks and all');
  await app.quit();
});

test('a pasted photo shows, and is still there after a SIGKILL and a relaunch', { timeout: 240_000 }, async () => {
  const dataDir = h.newDataDir('pictures');
  const { app } = await launchAndSignIn(h, { dataDir, label: 'pictures' });
  await (await app.byTestId('new-entry')).click();
  const editor = await waitForEditor(app);
  await editor.sendKeys('Harbour at dusk\n');
  const photo = twelveMegapixelPhoto();
  const pasted = await pastePicture(app, photo);
  log(`paste → shown: ${pasted.ms} ms, shown ${pasted.width} px wide`);
  assert.ok(pasted.ms !== null, 'the pasted photo shows');
  assert.equal(pasted.width, 2048, 'what shows is the display copy, 2048 px on its long side');
  const text = await editor.property('value');
  const id = /!\[harbour\]\(picture:([0-9a-f-]{36})\)/.exec(text)?.[1];
  assert.ok(id, `the entry's Markdown refers to the picture (${JSON.stringify(text)})`);
  await waitForSaved(app);
  await app.screenshot('target/e2e/editor-picture.png');

  const stored = readJournal(dataDir, { snapshot: true });
  const picture = stored.pictures.find((p) => p.id === id);
  assert.ok(picture, 'the picture is in the journal');
  assert.equal(picture.byteLen, readFileSync(photo).length, 'the original is kept whole');
  assert.equal(picture.hasDisplay, 1, 'with a smaller copy to show');
  await app.crash();

  const again = await launchToJournal(h, { dataDir, label: 'pictures-again' });
  await openAndCheck(again, 'Harbour at dusk', text);
  const shown = await again.waitFor(
    () =>
      again.session.execute(
        `const img = document.querySelector('[data-testid="entry-picture"][data-picture-id="${id}"]');
         return img && img.complete && img.naturalWidth > 0 ? img.naturalWidth : null;`,
      ),
    { timeout: 10_000, what: 'the picture to show after the relaunch' },
  );
  assert.equal(shown, 2048);
  await again.quit();
  rmSync(photo, { force: true });
});

test('a misspelt word is underlined by the spell checker', { timeout: 180_000 }, async () => {
  const dataDir = h.newDataDir('spelling');
  const { app } = await launchAndSignIn(h, { dataDir, label: 'spelling' });
  // The checker is turned on a moment after the journal window opens.
  await app.waitFor(() => appLogLines(dataDir).some((line) => line.includes('spell checking')), {
    timeout: 10_000,
    what: 'the app to turn the spell checker on',
  });
  await (await app.byTestId('new-entry')).click();
  const editor = await waitForEditor(app);
  await editor.sendKeys('The water was quiet and I beleive the ferry had gone. ');
  await waitForSaved(app);
  // The checker marks a word once the caret has left it; give it a moment to paint.
  let wrong = 0;
  await app.waitFor(async () => (wrong = await redUnder(app, 'beleive', 'misspelt')) > 5, {
    timeout: 10_000,
    interval: 500,
    what: () => `a red underline under "beleive" (${wrong} red pixels)`,
  });
  const right = await redUnder(app, 'quiet', 'correct');
  assert.ok(right <= 1, `a correct word is not underlined (${right} red pixels)`);
  await app.quit();
});

test('a setting applies at once, is saved, and holds after a restart', { timeout: 240_000 }, async () => {
  const dataDir = h.newDataDir('settings');
  const { app } = await launchAndSignIn(h, { dataDir, label: 'settings' });
  await writeEntry(app, 'Harbour day\nWe walked to the **old pier** and watched the boats.');
  const background = () => app.session.execute('return getComputedStyle(document.body).backgroundColor;');
  const light = await background();

  await (await app.byTestId('settings-button')).click();
  await app.waitForTestId('settings-dialog', { timeout: 5_000 });
  const dark = await app.waitFor(
    () => app.session.tryFindElement(`${tid('setting-appearance')} input[value="dark"]`),
    { timeout: 5_000, what: 'the Dark choice' },
  );
  await app.session.execute('arguments[0].click(); return true;', [dark]);
  await app.waitFor(async () => (await app.session.execute('return document.documentElement.dataset.appearance ?? null;')) === 'dark', {
    timeout: 5_000,
    what: 'the window to turn dark',
  });
  const darkBackground = await background();
  assert.notEqual(darkBackground, light, 'the page is drawn in other colours at once');
  const larger = await app.session.findElement('[aria-label="Larger text"]');
  await larger.click();
  await app.waitFor(async () => (await app.textOf('setting-editor-font-size')) === '19 px', { timeout: 5_000, what: 'the text size to read 19 px' });

  const config = readFileSync(join(h.configDirFor(dataDir), 'config.toml'), 'utf8');
  assert.match(config, /^appearance = "dark"$/m);
  assert.match(config, /^editor_font_size = 19$/m);
  await app.quit();

  const again = await launchToJournal(h, { dataDir, label: 'settings-again' });
  assert.equal(await again.session.execute('return document.documentElement.dataset.appearance ?? null;'), 'dark');
  assert.equal(await again.session.execute('return getComputedStyle(document.body).backgroundColor;'), darkBackground);
  assert.equal(
    await again.session.execute("return getComputedStyle(document.documentElement).getPropertyValue('--editor-font-size').trim();"),
    '19px',
  );
  await again.screenshot('target/e2e/editor-dark.png');
  await again.quit();
});
