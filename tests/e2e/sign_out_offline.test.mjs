// End-to-end: signing out while the account service cannot be reached. The sign-out still finishes on
// this computer (the refresh token leaves the keyring, the welcome window comes back), and the welcome
// window says that the account service was not told, instead of staying silent.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startHarness } from './harness.mjs';
import { refreshTokens } from './auth.mjs';
import { launchAndSignIn } from './journal.mjs';

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

test('signing out with the account service down finishes locally and says revocation did not happen', { timeout: 90_000 }, async (t) => {
  const dataDir = h.newDataDir('sign-out-offline');
  const { app } = await launchAndSignIn(h, { dataDir, label: 'sign-out-offline' });
  t.after(() => app.kill());
  assert.equal(refreshTokens(h, app.keyringService).length, 1, "demo's refresh token is in the keyring");

  await h.idp.stop();
  await (await app.byTestId('sign-out')).click();
  const confirm = await app.waitFor(() => app.session.execute(FIND_CONFIRM), { timeout: 5_000, what: 'the sign-out dialog with its Sign out button' });
  const journalHandle = await app.session.windowHandle();
  const started = Date.now();
  await app.executeDetached('arg.click();', confirm);

  await app.waitForWindowGone(journalHandle, { timeout: 30_000, what: 'the journal window to close after signing out' });
  app.log(`journal window gone ${Date.now() - started} ms after confirming the sign-out`);
  await app.switchToWindow('welcome');
  await app.waitForTestId('sign-in-button');
  let notice = '';
  await app.waitFor(
    async () => {
      notice = await app.textOf('error-message');
      return notice !== '';
    },
    { timeout: 5_000, what: 'a notice on the welcome window' },
  );
  app.log(`welcome window after sign-out; error-message: ${JSON.stringify(notice)}`);
  assert.match(notice, /You are signed out/);
  assert.match(notice, /could not\s+tell the account service/);
  assert.match(notice, /the account service could not be reached/);
  assert.equal(refreshTokens(h, app.keyringService).length, 0, 'signing out removed the refresh token from the keyring');
});
