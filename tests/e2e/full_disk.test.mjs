// End-to-end: the disk fills up while someone writes. The journal's data folder is a small tmpfs
// mounted for the test (root only, as in CI; anyone else gets a printed skip). The editor must keep
// every typed character, the window must say the disk is full and offer Retry, and once there is room
// the retry saves the text, which is there after a relaunch.
// Run from the repo root:  scripts/with-test-session node --test --test-concurrency=1 tests/e2e/full_disk.test.mjs

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { closeSync, openSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { IS_ROOT, startHarness } from './harness.mjs';
import { launchAndSignIn, launchToJournal, openAndCheck, waitForEditor, waitForSaved, writeEntry } from './journal.mjs';

let h;
before(async () => {
  if (IS_ROOT) h = await startHarness();
});
after(async () => {
  await h?.stop();
});

/** Writes zeros to `file` until the file system says it is full; resolves with the bytes written. */
function fill(file) {
  const fd = openSync(file, 'w');
  const block = Buffer.alloc(64 * 1024);
  let written = 0;
  try {
    for (;;) written += writeSync(fd, block);
  } catch (err) {
    if (err.code !== 'ENOSPC') throw err;
  } finally {
    closeSync(fd);
  }
  return written;
}

const BANNER = `(() => {
  const banner = document.querySelector('[data-testid="error-message"]');
  const editor = document.querySelector('[data-testid="entry-editor"]');
  const status = document.querySelector('[data-testid="save-status"]');
  return { banner: banner ? banner.textContent : null, editor: editor ? editor.value : null, status: status ? status.textContent : null };
})()`;

test('a full disk keeps the text in the editor, says so, and Retry saves it once there is room', { timeout: 120_000 }, async (t) => {
  if (!IS_ROOT) {
    t.skip('mounting a small file system for the data folder needs root (CI runs as root)');
    return;
  }
  const dataDir = h.newTmpfsDataDir(t, 'full-disk', 'size=3m');

  const FIRST = 'A day by the sea\nSaved before the disk filled up.';
  let { app } = await launchAndSignIn(h, { dataDir, label: 'full-disk-1' });
  t.after(() => app.kill());
  await writeEntry(app, FIRST);

  const filler = join(dataDir, 'filler');
  app.log(`filled the disk with ${fill(filler)} bytes`);

  const MORE = ' Then the tide came in and I wrote about it at length.';
  const editor = await waitForEditor(app);
  await editor.sendKeys(MORE);
  let seen;
  await app.waitFor(async () => (seen = await app.session.execute(`return ${BANNER};`, [])).status === "Couldn't save", {
    timeout: 15_000,
    what: () => `save-status "Couldn't save" (last seen: ${JSON.stringify(seen)})`,
  });
  app.log(`while full: ${JSON.stringify(seen)}`);
  assert.equal(seen.editor, FIRST + MORE, 'the editor keeps every typed character');
  assert.match(seen.banner, /your text is kept here/);
  assert.match(seen.banner, /The disk is full/);
  const shot = await app.screenshot('full-disk');
  app.log(`screenshot: ${shot}`);

  // Room again; Retry saves at once instead of waiting for the next automatic attempt.
  rmSync(filler);
  await app.session.execute(
    `const retry = [...document.querySelectorAll('button')].find((b) => b.textContent.trim() === 'Retry');
     if (!retry) throw new Error('no Retry button');
     retry.click();
     return true;`,
    [],
  );
  await waitForSaved(app);
  await app.quit();

  app = await launchToJournal(h, { dataDir, label: 'full-disk-2' });
  await openAndCheck(app, 'A day by the sea', FIRST + MORE);
  await app.quit();
});
