// End-to-end: what the web views refuse, in the real app against the local provider (tests/idp).
// From a page in the sign-in window: navigating to another local server or to a file, opening a new
// window, downloading a file and asking for a permission (its IPC probe is in sign_in.test.mjs). Then, after signing in, the same from the journal window, which may show only the
// app's own pages. A tiny server on 127.0.0.1 counts the requests that reach it: a navigation the
// app let through would show up there.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { startHarness, log, sleep } from './harness.mjs';
import { appLogLines, signIn } from './auth.mjs';
import { LAUNCH_TIMEOUT } from './journal.mjs';

let h;
let target;
before(async () => {
  h = await startHarness();
  target = await startCountingServer();
});
after(async () => {
  await target?.close();
  await h?.stop();
});

/** A server on 127.0.0.1 that answers every request with a page and counts them by path. */
function startCountingServer() {
  const hits = [];
  const server = createServer((req, res) => {
    hits.push(req.url);
    res.writeHead(200, { 'content-type': 'text/html' });
    res.end('<!doctype html><title>elsewhere</title><p>Not Quire.</p>');
  });
  return new Promise((res, rej) => {
    server.on('error', rej);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      log(`[target] counting server on http://127.0.0.1:${port}`);
      res({
        port,
        url: (path) => `http://127.0.0.1:${port}${path}`,
        hits,
        close: () => new Promise((done) => server.close(done)),
      });
    });
  });
}

/** Lines of the app's log written since `from` (an index into appLogLines). */
function logSince(app, from) {
  return appLogLines(app.dataDir).slice(from);
}

/** Wait until the app logs a line containing every one of `parts`; resolves with that line. */
async function waitForLogLine(app, from, parts, what) {
  let line;
  await app.waitFor(() => (line = logSince(app, from).find((l) => parts.every((p) => l.includes(p)))), {
    timeout: 10_000,
    what: () => `${what}: a log line with ${JSON.stringify(parts)} (lines since: ${JSON.stringify(logSince(app, from))})`,
  });
  app.log(`  logged: ${line.replace(/^.*?(WARN|INFO)/, '$1')}`);
  return line;
}

/**
 * From the current window's page: set location.href to `url` (from a timer, so the command returns
 * first), wait for the app to log the refusal, then check the page is still the one it was.
 * `logged`: false for URLs WebKit itself refuses before asking the app (then nothing is logged).
 */
async function tryToNavigate(app, url, { logged = true } = {}) {
  const before = await app.session.url();
  const from = appLogLines(app.dataDir).length;
  await app.session.execute('window.__quireStay = true; return true;');
  await app.executeDetached('window.location.href = arg;', url);
  if (logged) {
    const line = await waitForLogLine(app, from, ['navigation refused', url.replace(/[?#].*$/, '')], `refusing ${url}`);
    assert.ok(!/[?#]/.test(line.split('url=')[1] ?? ''), `the logged URL has no query or fragment: ${line}`);
  } else {
    // Let the attempt play out, whatever WebKit does with it.
    await sleep(1_000);
    app.log(`  ${url}: the app logged ${logSince(app, from).filter((l) => l.includes('navigation refused')).length} refusal(s)`);
  }
  const after = await app.session.url();
  const stayed = await app.session.execute('return window.__quireStay === true;');
  app.log(`  after trying ${url}: the window shows ${after.replace(/[?#].*$/, '')} (same page: ${stayed})`);
  assert.equal(after, before, `the window still shows the page it showed before trying ${url}`);
  assert.ok(stayed, `the page was not replaced (trying ${url})`);
}

/** Every file under `dir` whose name matches `re`. */
function findFiles(dir, re) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true }).filter((f) => re.test(String(f).split('/').pop())).map((f) => join(dir, String(f)));
}

/**
 * Runs in a window: start a download with a link's `download` attribute (of a file from the page's
 * own origin, or of a blob the page makes), and add three controls
 * for WebDriver to click, since WebKit lets a page open windows and ask for permissions only from
 * a click: a button that calls window.open, a link with target=_blank, and a button that asks to
 * show notifications. Each records what the page saw on `window.__quireE2e`.
 */
const EXTRAS_SCRIPT = `
  const [sameOrigin, fromBlob] = arguments;
  const seen = (window.__quireE2e = { opened: 'not clicked', notification: 'not clicked' });
  const download = document.createElement('a');
  download.href = fromBlob ? URL.createObjectURL(new Blob(['made by the page'])) : sameOrigin + '?saved-by=download';
  download.download = 'quire-e2e-download.txt';
  document.body.append(download);
  download.click();
  const bar = document.createElement('div');
  bar.style.cssText = 'position:fixed;top:0;left:0;z-index:2147483647;background:#fff;font-size:20px';
  const open = document.createElement('button');
  open.id = 'quire-e2e-open';
  open.textContent = 'open';
  open.onclick = () => {
    const w = window.open(sameOrigin + '?opened-by=window.open');
    seen.opened = w === null ? null : typeof w;
  };
  const blank = document.createElement('a');
  blank.id = 'quire-e2e-blank';
  blank.textContent = 'blank';
  blank.href = sameOrigin + '?opened-by=target-blank';
  blank.target = '_blank';
  const ask = document.createElement('button');
  ask.id = 'quire-e2e-ask';
  ask.textContent = 'ask';
  ask.onclick = () => {
    seen.notification = 'asked';
    Promise.resolve()
      .then(() => (typeof Notification === 'function' ? Notification.requestPermission() : 'no Notification API'))
      .then((r) => (seen.notification = r), (e) => (seen.notification = 'threw ' + e));
  };
  bar.append(open, ' ', blank, ' ', ask);
  document.body.prepend(bar);
  return true;
`;

/**
 * The new-window, download and permission probes in the current window, with their checks.
 * `fromBlob`: download a blob the page makes, which the app refuses as a navigation (a page of the
 * app cannot download a file of its own origin: WebKit starts no download for the app's scheme).
 */
async function tryExtras(app, { sameOrigin, kind, fromBlob = false }) {
  const handlesBefore = await app.session.windowHandles();
  const x11Before = app.x11Titles();
  const from = appLogLines(app.dataDir).length;
  await app.session.execute(EXTRAS_SCRIPT, [sameOrigin, fromBlob]);
  const refusal = fromBlob ? ['navigation refused', 'url=blob:'] : ['a download was refused', sameOrigin];
  await waitForLogLine(app, from, refusal, `${kind}: the download`);
  for (const id of ['quire-e2e-open', 'quire-e2e-blank', 'quire-e2e-ask']) {
    await (await app.session.findElement(`#${id}`)).click();
  }
  await app.waitFor(() => logSince(app, from).filter((l) => l.includes('a new window was refused')).length >= 2, {
    timeout: 10_000,
    what: () => `${kind}: two new windows refused (window.open and target=_blank); lines: ${JSON.stringify(logSince(app, from))}`,
  });
  await waitForLogLine(app, from, ['a permission request was refused', 'Notification'], `${kind}: the notification permission`);
  let seen;
  await app.waitFor(async () => (seen = await app.session.execute('return window.__quireE2e;')).notification !== 'asked', {
    timeout: 10_000,
    what: () => `${kind}: an answer to Notification.requestPermission() (seen: ${JSON.stringify(seen)})`,
  });
  app.log(`  ${kind}: window.open returned ${seen.opened}; Notification.requestPermission() -> ${seen.notification}`);
  assert.equal(seen.opened, null, `window.open in the ${kind} window opens nothing`);
  assert.equal(seen.notification, 'denied', `${kind}: the notification permission is denied`);
  assert.deepEqual(await app.session.windowHandles(), handlesBefore, `${kind}: no new window appeared (WebDriver)`);
  assert.deepEqual(app.x11Titles(), x11Before, `${kind}: no new window appeared (X11)`);
  const home = h.homeFor(app.dataDir);
  const saved = findFiles(home, /^quire-e2e-download/);
  app.log(`  ${kind}: files named quire-e2e-download* under the test HOME: ${saved.length}`);
  assert.deepEqual(saved, [], 'the refused download saved no file');
}

test('the sign-in and journal windows refuse other pages, new windows, downloads and permissions', { timeout: 150_000 }, async (t) => {
  const dataDir = h.newDataDir('web-views');
  const app = await h.launchApp({ dataDir, label: 'web-views' });
  t.after(() => app.kill());

  // The counting server counts: a request from here reaches it.
  await fetch(target.url('/control'));
  assert.deepEqual(target.hits, ['/control'], 'the counting server sees requests');
  target.hits.length = 0;

  const issuer = new URL(h.idp.issuer);
  await app.switchToWindow('welcome', { timeout: LAUNCH_TIMEOUT });
  await signIn(app, {
    login: 'demo',
    onSignInWindow: async () => {
      await app.waitFor(() => app.session.execute('return document.readyState === "complete" && !!document.querySelector("input[name=login]")'), {
        timeout: 10_000,
        what: "the provider's login form in the sign-in window",
      });
      const loginPage = await app.session.url();
      log(`--- the sign-in window shows ${loginPage.replace(/[?#].*$/, '')}`);

      // The title names the page's host: the window has no address bar.
      const title = `Sign in to Quire \u2014 ${issuer.host}`;
      await app.waitFor(() => app.x11Titles().includes(title), { timeout: 5_000, what: () => `a window titled "${title}" (X11 windows: ${JSON.stringify(app.x11Titles())})` });
      app.log(`X11 title: ${title}`);

      log('--- navigations the sign-in window refuses');
      await tryToNavigate(app, target.url('/from-sign-in?code=SECRETCODE#frag'));
      await tryToNavigate(app, 'file:///etc/hostname', { logged: false });
      await tryToNavigate(app, 'data:text/html,<p>elsewhere</p>');
      assert.deepEqual(target.hits, [], 'no request from the sign-in window reached the other server');
      const secretLogged = appLogLines(dataDir).some((l) => l.includes('SECRETCODE'));
      assert.ok(!secretLogged, 'the query of a refused URL is not logged');

      log('--- new windows, downloads and permissions from the sign-in window');
      await tryExtras(app, { sameOrigin: `${h.idp.issuer}/.well-known/openid-configuration`, kind: 'sign-in' });
      assert.equal(await app.session.url(), loginPage, 'the sign-in window still shows the login page');
    },
  });

  log('--- the journal window');
  await app.waitForTestId('journal');
  const journalUrl = await app.session.url();
  app.log(`the journal window shows ${journalUrl}`);
  assert.match(journalUrl, /^tauri:\/\/localhost\/?/, 'a release build serves the app at tauri://localhost on Linux');
  await tryToNavigate(app, target.url('/from-journal'));
  await tryToNavigate(app, `${h.idp.issuer}/.well-known/openid-configuration`);
  await tryToNavigate(app, 'file:///etc/hostname', { logged: false });
  assert.deepEqual(target.hits, [], 'no request from the journal window reached the other server');
  await tryExtras(app, { sameOrigin: 'tauri://localhost/quire.svg', kind: 'journal', fromBlob: true });
  assert.ok(await app.session.tryFindElement('[data-testid="journal"]'), 'the journal is still shown');

  const q = await app.quit();
  assert.ok(q.appExited, 'the app exits when the session ends');
  log(`counting server: ${target.hits.length} request(s) from the app`);
});
