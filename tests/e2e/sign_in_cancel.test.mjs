// End-to-end: closing the sign-in window cancels the sign-in. The welcome window says so and its
// button works again: closed once with a window manager's close request (X11 WM_DELETE_WINDOW, as
// from the title bar's close button), once with WebDriver's Close Window, then signed in for real.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startHarness, tid } from './harness.mjs';
import { signIn } from './auth.mjs';
import { LAUNCH_TIMEOUT } from './journal.mjs';

let h;
before(async () => {
  h = await startHarness();
});
after(async () => {
  await h?.stop();
});

/** Click sign-in-button on the welcome window and wait for the provider's page. Resolves with both handles. */
async function openSignInWindow(app) {
  const welcome = await app.switchToWindow('welcome', { timeout: LAUNCH_TIMEOUT });
  const button = await app.waitFor(
    async () => {
      const el = await app.session.tryFindElement(tid('sign-in-button'));
      return el && (await el.enabled()) ? el : null;
    },
    { timeout: 10_000, what: 'an enabled sign-in-button' },
  );
  await button.click();
  const signin = await app.switchToWindow('signin', { timeout: 10_000 });
  await app.waitFor(() => app.session.execute('return document.readyState === "complete" && !!document.querySelector("input[name=login]")'), {
    timeout: 10_000,
    what: "the provider's login form in the sign-in window",
  });
  return { welcome, signin };
}

/** After the sign-in window is gone: the welcome window says the sign-in was cancelled. Resolves with the text. */
async function expectCancelledNotice(app, welcome, { timeout = 10_000 } = {}) {
  await app.session.switchToWindow(welcome);
  let notice = '';
  await app.waitFor(
    async () => {
      notice = [await app.textOf('error-message'), await app.textOf('sign-in-status')].join(' | ');
      return /cancell?ed/i.test(notice);
    },
    { timeout, what: () => `error-message (or sign-in-status) saying the sign-in was cancelled (last read: ${JSON.stringify(notice)})` },
  );
  assert.deepEqual((await app.windows()).map((w) => w.kind), ['welcome'], 'only the welcome window is left');
  await app.session.switchToWindow(welcome);
  return notice;
}

test('closing the sign-in window cancels the sign-in, and Sign in works again', { timeout: 90_000 }, async (t) => {
  const dataDir = h.newDataDir('cancel');
  const app = await h.launchApp({ dataDir, label: 'cancel' });
  t.after(() => app.kill());

  for (const attempt of [1, 2]) {
    // The close button of the window (a window manager's close request). The session waits on
    // the welcome window meanwhile: nothing is sent into the closing window.
    const { welcome, signin } = await openSignInWindow(app);
    await app.session.switchToWindow(welcome);
    const sent = app.requestClose({ name: '^Sign in to Quire' });
    app.log(`attempt ${attempt}: sent WM_DELETE_WINDOW to the sign-in window (X11 ${sent.join(', ')})`);
    await app.waitForWindowGone(signin, { what: 'the sign-in window to close after its close request' });
    app.log(`attempt ${attempt}: welcome window says ${JSON.stringify(await expectCancelledNotice(app, welcome))}`);
    if (attempt === 1) app.log(`screenshot: ${await app.screenshot('sign-in-cancelled')}`);
  }

  // The button still works: a whole sign-in.
  const signedIn = await signIn(app, { login: 'demo' });
  app.log(`signed in after two cancelled attempts; elapsed_ms=${signedIn.elapsedMs}`);
  assert.equal(await app.textOf('user-email'), 'demo@example.test');
  const q = await app.quit();
  assert.ok(q.appExited, 'the app exits when the session ends');
});

// A page in the sign-in window may close itself (window.close(), or WebDriver's Close Window, which
// goes the same way). WebKit would close the page but leave a blank window with no Destroyed event;
// the app turns window.close() into a navigation to its own "closed" address, which cancels.
test('a sign-in page that closes itself (window.close()) cancels the sign-in', {
  timeout: 60_000,
}, async (t) => {
  const dataDir = h.newDataDir('self-close');
  const app = await h.launchApp({ dataDir, label: 'self-close' });
  t.after(() => app.kill());
  const { welcome } = await openSignInWindow(app);
  await app.executeDetached('window.close();');
  app.log('the sign-in page called window.close()');
  await app.session.switchToWindow(welcome);
  let titles = [];
  await app.waitFor(() => (titles = app.x11Titles()).length === 1, {
    timeout: 5_000,
    what: () => `the sign-in window to go away (X11 windows: ${JSON.stringify(titles)})`,
  }).catch(async (err) => {
    // The whole screen: the blank sign-in window is there, and WebDriver no longer lists it.
    const shot = await app.screenshot('target/e2e/sign-in-self-closed.png', { screen: true }).catch((e) => e.message);
    throw new Error(`${err.message}\n  screen: ${shot}`);
  });
  await expectCancelledNotice(app, welcome, { timeout: 5_000 });
  await app.quit();
});
