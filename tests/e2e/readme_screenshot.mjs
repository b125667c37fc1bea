// Makes docs/screenshot.png, the README's picture of the journal window: a few entries written in
// the real window, with tags, a second journal, a star and the calendar.
// Run from the repo root, after a release build:
//   scripts/with-test-session node tests/e2e/readme_screenshot.mjs

import { join } from 'node:path';
import { startHarness, repoRoot } from './harness.mjs';
import { launchAndSignIn, writeEntry } from './journal.mjs';

const ENTRIES = [
  'Sunday market\nBought bread from the stall by the fountain, and talked with Maria about her garden. #family',
  'Long run by the river\nSix miles before breakfast, the first frost on the grass. Legs tired, head clear. #running',
  'Lighthouse weekend\nWe climbed all two hundred stairs and watched the ferries cross the bay until dark. #travel #family',
  'A quiet evening\nRead by the window with tea while the rain came down. Grateful for a slow day. #reading',
];

const h = await startHarness();
try {
  const dataDir = h.newDataDir('screenshot');
  const { app } = await launchAndSignIn(h, { dataDir, label: 'screenshot' });
  for (const text of ENTRIES) await writeEntry(app, text);
  await (await app.byTestId('star-toggle')).click();
  // Give the analysis a moment to colour the calendar and the cards.
  await new Promise((resolve) => setTimeout(resolve, 4_000));
  await app.screenshot(join(repoRoot, 'docs/screenshot.png'));
  await app.quit();
} finally {
  await h.stop();
}
