// End-to-end: Quire started on a data folder it cannot write to (a read-only file system, mounted for
// the test; root only, as in CI; anyone else gets a printed skip). The welcome window must say what is
// wrong and what to do, and must not offer a sign-in that could not finish.
// Run from the repo root:  scripts/with-test-session node --test --test-concurrency=1 tests/e2e/read_only.test.mjs

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { IS_ROOT, startHarness } from './harness.mjs';
import { welcomeError } from './journal.mjs';

let h;
before(async () => {
  if (IS_ROOT) h = await startHarness();
});
after(async () => {
  await h?.stop();
});

test('a read-only data folder: the welcome window says so and offers no sign-in', { timeout: 60_000 }, async (t) => {
  if (!IS_ROOT) {
    t.skip('mounting a read-only file system for the data folder needs root (CI runs as root)');
    return;
  }
  const dataDir = h.newTmpfsDataDir(t, 'read-only', 'size=1m,ro');

  const app = await h.launchApp({ dataDir, label: 'read-only' });
  t.after(() => app.kill());
  const text = await welcomeError(app);
  assert.match(text, /could not open your journal/);
  assert.match(text, /cannot write to its data folder/);
  assert.match(text, /start Quire again/);
  const button = await app.byTestId('sign-in-button');
  assert.equal(await button.enabled(), false, 'no sign-in while the journal cannot be written');
  app.log(`screenshot: ${await app.screenshot('read-only')}`);
  // No accounts.json, no accounts/ (nor a journal in either layout): the folder is as it was mounted.
  assert.deepEqual(readdirSync(dataDir), [], 'nothing was written');
  await app.quit();
});
