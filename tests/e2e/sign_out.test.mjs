// End-to-end: signing out and signing in as someone else on the same computer. Sign out asks first,
// forgets the refresh token, clears the sign-in page's cookies (so the provider asks who you are
// again) and brings back the welcome window; the next account sees only its own journal.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startHarness } from './harness.mjs';
import { refreshTokens, signIn } from './auth.mjs';
import { entryTexts, launchAndSignIn, writeEntry } from './journal.mjs';

let h;
before(async () => {
  h = await startHarness();
});
after(async () => {
  await h?.stop();
});

/** In the sign-out dialog: the confirm button (the one that is not Cancel). */
const FIND_CONFIRM = `
  const dialog = document.querySelector('[role="dialog"]');
  if (!dialog || !/sign out/i.test(dialog.innerText)) return null;
  return Array.from(dialog.querySelectorAll('button')).find((b) => /^sign out$/i.test(b.innerText.trim())) ?? null;
`;

test('sign out, then another account signs in and sees only its own journal', { timeout: 90_000 }, async (t) => {
  const WORD = `marrowlark${Date.now().toString(36)}`;
  const FIRST_LINE = 'Only demo may read this';
  const dataDir = h.newDataDir('sign-out');

  const { app } = await launchAndSignIn(h, { dataDir, label: 'sign-out' });
  t.after(() => app.kill());
  await writeEntry(app, `${FIRST_LINE}\nThe ${WORD} is demo's secret.`);
  assert.equal(refreshTokens(h, app.keyringService).length, 1, "demo's refresh token is in the keyring");

  // Sign out asks first; the dialog's confirm makes the app close this window, so it is clicked
  // from a timer in the page rather than with a WebDriver click.
  await (await app.byTestId('sign-out')).click();
  const confirm = await app.waitFor(() => app.session.execute(FIND_CONFIRM), { timeout: 5_000, what: 'the sign-out dialog with its Sign out button' });
  const dialogText = await app.session.execute('return document.querySelector(\'[role="dialog"]\').innerText;');
  app.log(`sign-out dialog: ${JSON.stringify(dialogText)}`);
  const journalHandle = await app.session.windowHandle();
  await app.executeDetached('arg.click();', confirm);
  app.log('confirmed sign-out');

  await app.waitForWindowGone(journalHandle, { what: 'the journal window to close after signing out' });
  await app.switchToWindow('welcome');
  await app.waitForTestId('sign-in-button');
  const notice = await app.textOf('error-message');
  app.log(`welcome window after sign-out; error-message: ${JSON.stringify(notice)}`);
  assert.deepEqual((await app.windows()).map((w) => w.kind), ['welcome'], 'only the welcome window after signing out');
  assert.equal(refreshTokens(h, app.keyringService).length, 0, 'signing out removed the refresh token from the keyring');

  const bob = await signIn(app, { login: 'bob' });
  assert.deepEqual(bob.pages, ['login', 'consent'], 'after sign-out the provider asks for the login again (its cookies were cleared)');
  assert.equal(await app.textOf('user-email'), 'bob@example.test');

  // Bob's journal is empty: the empty state shows, no entry-item, and searching for demo's word finds nothing.
  await app.waitFor('.empty-state', { timeout: 5_000, what: "bob's empty journal (the empty state)" });
  assert.deepEqual(await entryTexts(app), [], 'bob sees no entries');
  const search = await app.waitForTestId('search-input', { timeout: 5_000 });
  await search.sendKeys(WORD);
  let listed;
  await app.waitFor(
    async () => {
      listed = await app.session.execute(`return document.querySelector('p.sidebar-message[role="status"]')?.innerText ?? null;`);
      return listed === 'No entries match';
    },
    { timeout: 5_000, what: () => `search for demo's word to say "No entries match" (last: ${JSON.stringify(listed)})` },
  );
  assert.deepEqual(await entryTexts(app), [], "searching for demo's word finds nothing for bob");
  app.log(`bob's journal is empty; search for "${WORD}": ${listed}`);

  const items = refreshTokens(h, app.keyringService);
  assert.equal(items.length, 1, "bob's refresh token is the only one in the keyring");
  assert.match(items[0].attributes?.username ?? items[0].label ?? '', /^(keyring:)?bob /, `the keyring item is bob's: ${items[0].label}`);
  await app.screenshot('sign-out-bob');
  const q = await app.quit();
  assert.ok(q.appExited, 'the app exits when the session ends');
});
