// One running Quire app under test and its WebDriver session: finding elements by data-testid,
// waiting with useful timeout messages, screenshots, switching between the app's windows
// (welcome, sign-in, journal, lock), X11 close requests, and quitting.
//
// Created by Harness.launchApp (harness.mjs); not constructed directly.

import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { artifactsDir, descendants, isAlive, killGroup, log, repoRoot, requireTool, sleep, stopChild, waitGone } from './processes.mjs';
import { WebDriverError } from './webdriver.mjs';

const here = dirname(fileURLToPath(import.meta.url));

/** CSS selector for a data-testid. */
export const tid = (id) => `[data-testid="${id}"]`;

/**
 * What a window shows, from inside it: its URL and which of the app's views it has.
 * The welcome, journal and lock windows load the bundled UI (tauri://); the sign-in window loads the
 * provider's page (http://127.0.0.1:…). The lock window (label `lock`) shows data-testid `locked`.
 */
const DESCRIBE_WINDOW = `
  const q = (id) => !!document.querySelector('[data-testid="' + id + '"]');
  const url = location.href;
  const external = /^https?:/.test(url);
  const kind = external ? 'signin' : q('journal') ? 'journal' : q('locked') ? 'locked' : q('welcome') ? 'welcome' : 'loading';
  return { url, kind, title: document.title, ready: document.readyState };
`;

/** True for WebDriver errors that mean "that window is gone". */
export function isWindowGone(err) {
  return err instanceof WebDriverError && /no such window|no such frame|target window already closed/i.test(`${err.error} ${err.message}`);
}

export class App {
  constructor(harness, { label, dataDir, keyringService, driver, client, logPath }) {
    this.h = harness;
    this.label = label;
    this.dataDir = dataDir;
    this.keyringService = keyringService;
    this.driver = driver;
    this.client = client;
    this.logPath = logPath; // WebKitWebDriver's output and the app's stderr
    this.session = null;
    this.appPid = null;
  }

  log(...parts) {
    log(`[${this.label}]`, ...parts);
  }

  /** Find one element by data-testid (throws if absent). */
  byTestId(id) {
    return this.session.findElement(tid(id));
  }
  allByTestId(id) {
    return this.session.findElements(tid(id));
  }

  /**
   * Poll until a CSS selector matches (resolves with the element) or a
   * function returns a truthy value (resolves with it).
   * On timeout, throws an Error naming what was awaited, the last thing seen,
   * any visible error-message, and the path of a screenshot.
   * @param {string|(() => any)} target
   * @param {{timeout?: number, what?: string|(() => string), interval?: number}} [opts]
   *   what: description for the error; a function is called at timeout (to report the last state)
   */
  async waitFor(target, { timeout = 10_000, what, interval = 100 } = {}) {
    const describe = () =>
      (typeof what === 'function' ? what() : what) ?? (typeof target === 'string' ? `element ${target}` : target.name || 'condition');
    const end = Date.now() + timeout;
    let last;
    for (;;) {
      try {
        if (typeof target === 'string') {
          const el = await this.session.tryFindElement(target);
          if (el) return el;
          last = 'no such element';
        } else {
          const v = await target();
          if (v) return v;
          last = `returned ${JSON.stringify(v)}`;
        }
      } catch (err) {
        if (err instanceof WebDriverError && /invalid session id|session not created/.test(err.error ?? '')) throw err;
        if (err instanceof WebDriverError && /cannot reach the driver/.test(err.message)) throw err;
        last = `threw ${err.message}`;
      }
      if (Date.now() >= end) break;
      await sleep(interval);
    }
    const label = describe();
    const shot = await this.screenshot(`timeout-${this.label}-${label.slice(0, 40)}`).catch((e) => `(screenshot failed: ${e.message})`);
    let appError = '';
    try {
      const els = await this.session.findElements(tid('error-message'));
      const texts = await Promise.all(els.map((e) => this.innerText(e)));
      if (texts.some((t) => t.trim())) appError = `\n  app shows error-message: ${texts.join(' | ')}`;
    } catch {
      /* best effort */
    }
    throw new Error(`Timed out after ${timeout} ms waiting for ${label}\n  last seen: ${last}${appError}\n  screenshot: ${shot}\n  app log: ${this.logPath}`);
  }

  /** Wait for an element by data-testid. */
  waitForTestId(id, opts = {}) {
    return this.waitFor(tid(id), { what: `data-testid="${id}"`, ...opts });
  }

  /**
   * The rendered text of an element: its `innerText`. (WebKitWebDriver's own
   * "Get Element Text" drops text in `overflow: hidden` boxes, such as the
   * ellipsised first line of an entry row, so it is not used for assertions.)
   */
  innerText(el) {
    return this.session.execute('return arguments[0].innerText;', [el], { idempotent: true });
  }

  /** Rendered text of the element with this data-testid ('' if absent). */
  async textOf(id) {
    const el = await this.session.tryFindElement(tid(id));
    return el ? (await this.innerText(el)).trim() : '';
  }

  /** Rendered texts of all elements with this data-testid, in document order. */
  textsOf(id) {
    return this.session.execute(
      'return Array.from(document.querySelectorAll(arguments[0]), (e) => e.innerText);',
      [tid(id)],
      { idempotent: true },
    );
  }

  /**
   * Run `fn` in the page a moment after this command returns, and return at once. For clicks and
   * form submissions that make the app destroy the window: a WebDriver click that does so can hang.
   * @param {string} body function body; `arguments[0]` is `arg`
   */
  async executeDetached(body, arg = null) {
    await this.session.execute(
      `const arg = arguments[0]; setTimeout(() => { (function () { ${body} }).call(null, arg); }, 0); return true;`,
      [arg],
    );
  }

  // -------------------------------------------------------------------------
  // Windows. The app has welcome, signin (the provider's page), journal and lock (the locked
  // journal, in the journal window's place). WebDriver commands go to the current one; these switch
  // between them.

  /** What every open window shows: [{handle, kind, url, title}]; kind is welcome|journal|locked|signin|loading|gone. */
  async windows() {
    const handles = await this.session.windowHandles();
    const out = [];
    for (const handle of handles) {
      try {
        await this.session.switchToWindow(handle);
        out.push({ handle, ...(await this.session.execute(DESCRIBE_WINDOW, [], { idempotent: true })) });
      } catch (err) {
        if (!isWindowGone(err)) throw err;
        out.push({ handle, kind: 'gone' });
      }
    }
    return out;
  }

  /**
   * Wait until a window of this kind is open (and, for welcome, journal and locked, rendered), and make it
   * the current window. Resolves with its handle.
   * @param {'welcome'|'journal'|'locked'|'signin'} kind
   */
  async switchToWindow(kind, { timeout = 15_000 } = {}) {
    let seen = [];
    const found = await this.waitFor(
      async () => {
        // The current window first: usually it is the one, and this avoids switching around.
        try {
          const here = await this.session.execute(DESCRIBE_WINDOW, [], { idempotent: true });
          if (here.kind === kind) return await this.session.windowHandle();
        } catch (err) {
          if (!isWindowGone(err)) throw err;
        }
        seen = await this.windows();
        const match = seen.find((w) => w.kind === kind);
        if (!match) return null;
        await this.session.switchToWindow(match.handle);
        return match.handle;
      },
      { timeout, interval: 100, what: () => `a ${kind} window (windows seen: ${JSON.stringify(seen)})` },
    );
    this.currentWindow = kind;
    return found;
  }

  /**
   * Wait until the window `handle` is gone and another one is open, listing handles only: a command
   * sent into a window while the app destroys it can hang (and the session's end with it), so
   * nothing is sent into the closing window. Resolves with the remaining handles.
   */
  async waitForWindowGone(handle, { timeout = 15_000, what = 'the window to close' } = {}) {
    let handles = [];
    return this.waitFor(
      async () => {
        handles = await this.session.windowHandles();
        return !handles.includes(handle) && handles.length > 0 ? handles : null;
      },
      { timeout, what: () => `${what} (handle ${handle}; handles now: ${JSON.stringify(handles)}; X11 windows: ${JSON.stringify(this.x11Titles())})` },
    );
  }

  // -------------------------------------------------------------------------

  /**
   * Save a screenshot of the current window (WebDriver), falling back to the whole
   * X screen (ImageMagick `import`). `name` is a path from the repo root when it ends in
   * `.png` and has a folder in it (`target/e2e/journal.png`); anything else is a label,
   * made safe as a file name in target/e2e/ (a wait's label may hold a `/`).
   * `screen: true` takes the whole X screen (every window) right away.
   * Resolves with the path written.
   */
  async screenshot(name, { screen = false } = {}) {
    const isPath = name.includes('/') && name.endsWith('.png');
    const file = isPath
      ? resolve(repoRoot, name)
      : join(artifactsDir, `${name.replace(/\.png$/, '').replace(/[^\w.@-]+/g, '_').slice(0, 100)}.png`);
    mkdirSync(dirname(file), { recursive: true });
    try {
      if (screen) throw new Error('whole screen asked for');
      if (!this.session || this.session.deleted) throw new Error('no session');
      await this.settle();
      writeFileSync(file, await this.session.screenshot());
    } catch (err) {
      const r = spawnSync('import', ['-display', this.h.display, '-window', 'root', file], { encoding: 'utf8', timeout: 15_000 });
      if (r.status !== 0) throw new Error(`screenshot failed (webdriver: ${err.message}; import: ${r.stderr?.trim() || r.error?.message})`);
    }
    return file;
  }

  /**
   * Let the page paint what the DOM already shows: wait for two animation
   * frames (a screenshot taken right after a DOM change can show the frame
   * before it). Best effort; never throws.
   */
  async settle({ timeoutMs = 2_000 } = {}) {
    try {
      await this.session.executeAsync(
        'const done = arguments[arguments.length - 1]; requestAnimationFrame(() => requestAnimationFrame(() => done(true)));',
        [],
        { timeoutMs },
      );
    } catch {
      /* a page that cannot animate still gets its screenshot */
    }
  }

  /**
   * X11 ids of the app's visible top-level windows (via _NET_WM_PID), optionally only those whose
   * title matches `name` (a regular expression, as xdotool takes it).
   */
  x11Windows({ name } = {}) {
    if (!this.appPid) return [];
    const args = ['search', '--onlyvisible', '--pid', String(this.appPid)];
    // xdotool ORs its conditions unless told --all.
    if (name) args.push('--all', '--name', name);
    const r = spawnSync('xdotool', args, { encoding: 'utf8', env: { ...process.env, DISPLAY: this.h.display } });
    return (r.stdout ?? '').split('\n').filter(Boolean);
  }

  /** Titles of the app's visible X11 windows. Involves no WebDriver, so it is safe while windows come and go. */
  x11Titles() {
    return this.x11Windows().map((id) => {
      const r = spawnSync('xdotool', ['getwindowname', id], { encoding: 'utf8', env: { ...process.env, DISPLAY: this.h.display } });
      return r.status === 0 ? r.stdout.trim() : `(window ${id} gone)`;
    });
  }

  /**
   * Ask the app to close windows the way a window manager does when the
   * user clicks the close button: an ICCCM WM_DELETE_WINDOW client message
   * (GTK turns it into delete-event, i.e. Tauri's CloseRequested).
   * `name`: only the windows whose title matches. Resolves with the window ids it was sent to.
   */
  requestClose({ name } = {}) {
    requireTool('python3', 'python3');
    requireTool('xdotool', 'xdotool');
    const wins = this.x11Windows({ name });
    if (!wins.length) throw new Error(`no visible X11 window${name ? ` titled /${name}/` : ''} found for app pid ${this.appPid}`);
    for (const w of wins) {
      execFileSync('python3', [join(here, 'x11-close.py'), w], { env: { ...process.env, DISPLAY: this.h.display }, stdio: 'pipe' });
    }
    return wins;
  }

  /** Wait until the app process has exited. Resolves true if it did within `ms`. */
  async waitForAppExit(ms = 10_000) {
    if (!this.appPid) return true;
    return waitGone(this.appPid, ms);
  }

  /**
   * Quit: delete the WebDriver session (which kills the app: no close handler
   * runs, so wait for `Saved` first), make sure the app process is gone, stop
   * the driver. Resolves with {appExited: boolean (on its own, without being
   * killed), ms}.
   */
  async quit({ timeout = 10_000 } = {}) {
    const started = Date.now();
    let deleteError = null;
    if (this.session && !this.session.deleted) {
      try {
        await this.session.delete({ timeoutMs: timeout });
      } catch (err) {
        deleteError = err;
      }
    }
    const appExited = this.appPid ? await waitGone(this.appPid, timeout) : true;
    await this.kill();
    const ms = Date.now() - started;
    this.log(`quit in ${ms} ms (app exited on its own: ${appExited}${deleteError ? `; delete session: ${deleteError.message}` : ''})`);
    return { appExited, ms, deleteError };
  }

  /**
   * Kill the app without warning, as a crash, the OOM killer or a power cut would: SIGKILL to the
   * app, to every process under it (WebKit's web and network processes) and to the driver's process
   * group, one right after the other, with no SIGTERM first, so no close handler or flush runs.
   * Resolves with {pids: the processes killed, ms: until all were gone}. The session is dead after.
   */
  async crash() {
    const started = Date.now();
    const pids = this.appPid ? [this.appPid, ...descendants(this.appPid)] : [];
    for (const pid of pids) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        /* gone already */
      }
    }
    if (this.driver) killGroup(this.driver, 'SIGKILL');
    if (this.session) this.session.deleted = true; // nobody left to answer a delete
    const stragglers = [];
    for (const pid of pids) if (!(await waitGone(pid, 5_000))) stragglers.push(pid);
    await this.kill();
    if (stragglers.length) throw new Error(`processes ${stragglers.join(', ')} survived SIGKILL for 5 s`);
    return { pids, ms: Date.now() - started };
  }

  /** Kill the driver and everything it launched (idempotent). */
  async kill() {
    const pids = this.driver?.pid ? descendants(this.driver.pid) : [];
    if (this.appPid && !pids.includes(this.appPid)) pids.push(this.appPid);
    if (this.driver) await stopChild(this.driver, 2_000);
    // Stragglers that left the process group.
    for (const pid of pids) {
      if (isAlive(pid)) {
        try {
          process.kill(pid, 'SIGKILL');
        } catch {
          /* gone */
        }
      }
    }
    this.h.apps.delete(this);
  }
}
