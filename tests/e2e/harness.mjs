// End-to-end harness for Quire: runs the real app binary under Xvfb, driven
// through WebKitWebDriver (Tauri's WebDriver support on Linux).
//
// Per test file:   const h = await startHarness();  ...  await h.stop();
// Per app launch:  const app = await h.launchApp({ dataDir, label });  ...  await app.quit();
//
// Everything listens on 127.0.0.1 only. HOME and the XDG directories point into
// a temp dir, and the app talks to a private D-Bus session bus started here, so
// nothing touches the real home or the desktop session. Every process started
// here is put in its own process group and killed on stop, on failure and on
// exit of the test process.

import { spawn, spawnSync, execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, readlinkSync, realpathSync, rmSync, writeFileSync, accessSync, constants as fsConstants, createWriteStream } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { WebDriverClient, WebDriverError } from './webdriver.mjs';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const artifactsDir = join(repoRoot, 'target', 'e2e');
const here = dirname(fileURLToPath(import.meta.url));

const t0 = Date.now();
/** Print a progress line, stamped with ms since the test process started. */
export function log(...parts) {
  const stamp = String(Date.now() - t0).padStart(6);
  console.log(`[e2e ${stamp} ms]`, ...parts);
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** CSS selector for a data-testid. */
export const tid = (id) => `[data-testid="${id}"]`;

// ---------------------------------------------------------------------------
// Process bookkeeping: every child goes in its own process group, and all of
// them are killed when the test process exits, however it exits.

const live = new Set(); // ChildProcess
const tempRoots = new Set(); // removed on exit unless QUIRE_E2E_KEEP is set

function track(child, name) {
  child.e2eName = name;
  live.add(child);
  child.once('exit', () => live.delete(child));
  return child;
}

function killGroup(child, signal) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    try {
      child.kill(signal);
    } catch {
      /* already gone */
    }
  }
}

process.once('exit', () => {
  for (const child of live) killGroup(child, 'SIGKILL');
  if (!process.env.QUIRE_E2E_KEEP) for (const dir of tempRoots) rmSync(dir, { recursive: true, force: true });
});
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.once(sig, () => {
    for (const child of live) killGroup(child, 'SIGKILL');
    process.exit(128 + (sig === 'SIGINT' ? 2 : sig === 'SIGTERM' ? 15 : 1));
  });
}

/** Wait for a child to exit; resolves true if it did within `ms`. */
function waitExit(child, ms) {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(true);
  return new Promise((res) => {
    const timer = setTimeout(() => res(false), ms);
    child.once('exit', () => {
      clearTimeout(timer);
      res(true);
    });
  });
}

/** SIGTERM the child's process group, then SIGKILL after `graceMs`. */
async function stopChild(child, graceMs = 3_000) {
  if (!child) return;
  killGroup(child, 'SIGTERM');
  if (!(await waitExit(child, graceMs))) {
    killGroup(child, 'SIGKILL');
    await waitExit(child, 2_000);
  }
}

// ---------------------------------------------------------------------------
// /proc helpers, to find the app process that WebKitWebDriver launched.

function procStat(pid) {
  try {
    const s = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const rest = s.slice(s.lastIndexOf(')') + 2).split(' ');
    return { state: rest[0], ppid: Number(rest[1]) };
  } catch {
    return null;
  }
}

/** True while `pid` exists and is not a zombie. */
export function isAlive(pid) {
  const st = procStat(pid);
  return st !== null && st.state !== 'Z' && st.state !== 'X';
}

/** All live descendants of `rootPid`. */
function descendants(rootPid) {
  const children = new Map();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const st = procStat(name);
    if (!st) continue;
    if (!children.has(st.ppid)) children.set(st.ppid, []);
    children.get(st.ppid).push(Number(name));
  }
  const out = [];
  const queue = [rootPid];
  while (queue.length) {
    for (const c of children.get(queue.shift()) ?? []) {
      out.push(c);
      queue.push(c);
    }
  }
  return out.filter(isAlive);
}

function exeOf(pid) {
  try {
    return readlinkSync(`/proc/${pid}/exe`).replace(/ \(deleted\)$/, '');
  } catch {
    return null;
  }
}

async function waitGone(pid, ms) {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (!isAlive(pid)) return true;
    await sleep(50);
  }
  return !isAlive(pid);
}

// ---------------------------------------------------------------------------

/** The app binary: $QUIRE_BIN or <repo>/target/release/quire. Throws with build instructions if missing. */
export function quireBinary() {
  const bin = process.env.QUIRE_BIN ? resolve(process.env.QUIRE_BIN) : join(repoRoot, 'target', 'release', 'quire');
  try {
    accessSync(bin, fsConstants.X_OK);
  } catch {
    throw new Error(
      `Quire binary not found (or not executable) at ${bin}.\n` +
        `Build it first, from the repo root:\n` +
        `    cargo build --release --features custom-protocol\n` +
        `(the custom-protocol feature bundles ui/dist into the binary; build the UI into ui/dist before that),\n` +
        `or point QUIRE_BIN at an existing build.`,
    );
  }
  return realpathSync(bin);
}

function requireTool(cmd, pkg) {
  const r = spawnSync('sh', ['-c', `command -v ${cmd}`], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`'${cmd}' is not installed; the e2e tests need it (Debian package: ${pkg}).`);
}

/** A free TCP port on 127.0.0.1. */
export function freePort() {
  return new Promise((res, rej) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', rej);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => res(port));
    });
  });
}

/** Read the first line a child writes to the given fd (stdio index). */
function readLineFrom(stream, ms, what) {
  return new Promise((res, rej) => {
    let buf = '';
    const timer = setTimeout(() => rej(new Error(`${what}: nothing written within ${ms} ms`)), ms);
    stream.setEncoding('utf8');
    stream.on('data', (d) => {
      buf += d;
      const nl = buf.indexOf('\n');
      if (nl >= 0) {
        clearTimeout(timer);
        res(buf.slice(0, nl).trim());
      }
    });
    stream.on('end', () => {
      clearTimeout(timer);
      rej(new Error(`${what}: exited before writing (${buf.trim()})`));
    });
  });
}

function logFile(name) {
  const dir = join(artifactsDir, 'logs');
  mkdirSync(dir, { recursive: true });
  return join(dir, `${name}.log`);
}

function tail(file, lines = 30) {
  try {
    return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '';
  }
}

/** Start Xvfb on a free display (Xvfb picks it, -displayfd), wait until it answers. */
async function startXvfb() {
  requireTool('Xvfb', 'xvfb');
  requireTool('xdpyinfo', 'x11-utils');
  const logPath = logFile('xvfb');
  const out = createWriteStream(logPath);
  const child = track(
    spawn('Xvfb', ['-displayfd', '3', '-screen', '0', '1280x800x24', '-nolisten', 'tcp', '-noreset'], {
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe', 'pipe'],
    }),
    'Xvfb',
  );
  child.stdout.pipe(out);
  child.stderr.pipe(out);
  let display;
  try {
    display = ':' + (await readLineFrom(child.stdio[3], 10_000, 'Xvfb'));
  } catch (err) {
    await stopChild(child);
    throw new Error(`${err.message}\n${tail(logPath)}`);
  }
  const end = Date.now() + 10_000;
  for (;;) {
    if (spawnSync('xdpyinfo', ['-display', display], { stdio: 'ignore' }).status === 0) break;
    if (Date.now() > end || child.exitCode !== null) {
      await stopChild(child);
      throw new Error(`Xvfb on ${display} did not come up\n${tail(logPath)}`);
    }
    await sleep(50);
  }
  return { child, display };
}

/** Start a private D-Bus session bus, so the app never sees the real desktop session. */
async function startDbus(dir) {
  requireTool('dbus-daemon', 'dbus');
  const socket = join(dir, 'bus');
  const out = createWriteStream(logFile('dbus'));
  const child = track(
    spawn('dbus-daemon', ['--session', '--nofork', '--nopidfile', `--address=unix:path=${socket}`, '--print-address=3'], {
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe', 'pipe'],
    }),
    'dbus-daemon',
  );
  child.stdout.pipe(out);
  child.stderr.pipe(out);
  const address = await readLineFrom(child.stdio[3], 10_000, 'dbus-daemon');
  return { child, address };
}

/**
 * Start the shared pieces for one test file: Xvfb, a private D-Bus, a temp
 * root with HOME / XDG dirs. Returns a Harness; call stop() in `after`.
 */
export async function startHarness() {
  const bin = quireBinary();
  requireTool('WebKitWebDriver', 'webkit2gtk-driver');
  mkdirSync(artifactsDir, { recursive: true });
  const root = mkdtempSync(join(tmpdir(), 'quire-e2e-'));
  tempRoots.add(root);
  const h = new Harness(bin, root);
  try {
    const started = Date.now();
    h.xvfb = await startXvfb();
    h.dbus = await startDbus(root);
    log(`Xvfb on ${h.xvfb.display}, private D-Bus, temp root ${root} (${Date.now() - started} ms)`);
  } catch (err) {
    await h.stop();
    throw err;
  }
  return h;
}

export class Harness {
  constructor(bin, root) {
    this.bin = bin;
    this.root = root;
    this.apps = new Set();
    this.home = join(root, 'home');
    for (const d of ['home', 'home/.local/share', 'home/.cache', 'home/.config', 'home/.local/state', 'runtime', 'data']) {
      mkdirSync(join(root, d), { recursive: true, mode: 0o700 });
    }
  }

  get display() {
    return this.xvfb?.display;
  }

  /** A fresh, empty data directory for one test. */
  newDataDir(name) {
    const dir = mkdtempSync(join(this.root, 'data', `${name}-`));
    return dir;
  }

  /** Environment for WebKitWebDriver, which the app inherits. */
  env(extra = {}) {
    const env = {
      ...process.env,
      DISPLAY: this.display,
      GDK_BACKEND: 'x11',
      HOME: this.home,
      XDG_DATA_HOME: join(this.home, '.local/share'),
      XDG_CACHE_HOME: join(this.home, '.cache'),
      XDG_CONFIG_HOME: join(this.home, '.config'),
      XDG_STATE_HOME: join(this.home, '.local/state'),
      XDG_RUNTIME_DIR: join(this.root, 'runtime'),
      DBUS_SESSION_BUS_ADDRESS: this.dbus.address,
      NO_AT_BRIDGE: '1',
      NO_COLOR: '1', // plain app logs in target/e2e/logs
      TAURI_WEBVIEW_AUTOMATION: 'true',
      ...extra,
    };
    delete env.WAYLAND_DISPLAY;
    delete env.DBUS_SYSTEM_BUS_ADDRESS;
    return env;
  }

  /**
   * Launch the app with a WebDriver session on it.
   * @param {{dataDir: string, label?: string, env?: object, args?: string[]}} opts
   *   env: extra environment for the app; args: extra command-line arguments
   * @returns {Promise<App>}
   */
  async launchApp({ dataDir, label = 'app', env = {}, args = [] }) {
    if (!dataDir) throw new Error('launchApp: dataDir is required');
    const started = Date.now();
    let lastErr;
    for (let attempt = 1; attempt <= 3; attempt++) {
      const port = await freePort();
      const logPath = logFile(label);
      const out = createWriteStream(logPath, { flags: 'a' });
      out.write(`--- ${new Date().toISOString()} WebKitWebDriver on 127.0.0.1:${port}, QUIRE_DATA_DIR=${dataDir}\n`);
      const driver = track(
        spawn('WebKitWebDriver', [`--port=${port}`, '--host=127.0.0.1'], {
          detached: true,
          stdio: ['ignore', 'pipe', 'pipe'],
          env: this.env({ QUIRE_DATA_DIR: dataDir, ...env }),
        }),
        `WebKitWebDriver(${label})`,
      );
      driver.stdout.pipe(out, { end: false });
      driver.stderr.pipe(out, { end: false });
      driver.once('close', () => out.end());
      const client = new WebDriverClient(`http://127.0.0.1:${port}`, { log });
      const app = new App(this, { label, dataDir, driver, client, logPath });
      this.apps.add(app);
      try {
        // Wait for the driver to listen.
        const readyBy = Date.now() + 10_000;
        for (;;) {
          if (driver.exitCode !== null || driver.signalCode !== null) {
            throw new Error(`WebKitWebDriver exited (${driver.exitCode ?? driver.signalCode}) before listening:\n${tail(logPath)}`);
          }
          try {
            const st = await client.status({ timeoutMs: 1_000 });
            if (st?.ready) break;
          } catch {
            /* not listening yet */
          }
          if (Date.now() > readyBy) throw new Error(`WebKitWebDriver did not become ready on port ${port}:\n${tail(logPath)}`);
          await sleep(50);
        }
        app.session = await client.newSession(
          { alwaysMatch: { 'webkitgtk:browserOptions': { binary: this.bin, args } } },
          { timeoutMs: 60_000 },
        );
        app.appPid = descendants(driver.pid).find((pid) => exeOf(pid) === this.bin) ?? null;
        app.sessionMs = Date.now() - started;
        log(`[${label}] app up: session ${app.session.id.slice(0, 8)}, pid ${app.appPid ?? '?'}, ${app.sessionMs} ms`);
        return app;
      } catch (err) {
        lastErr = err;
        await app.kill();
        // A port stolen between freePort() and bind shows as an early exit; try again.
        if (attempt < 3 && /exited .* before listening|did not become ready/.test(err.message)) {
          log(`[${label}] driver start failed, retrying: ${err.message.split('\n')[0]}`);
          continue;
        }
        throw new Error(`Launching the app failed: ${err.message}\n--- log tail (${logPath}):\n${tail(logPath)}`, { cause: err });
      }
    }
    throw lastErr;
  }

  /** Stop every app still running, then the private bus and Xvfb; remove the temp root. */
  async stop({ keepTemp = !!process.env.QUIRE_E2E_KEEP } = {}) {
    for (const app of this.apps) await app.kill();
    if (this.dbus) await stopChild(this.dbus.child);
    if (this.xvfb) await stopChild(this.xvfb.child);
    // Whatever else is left (should be nothing).
    for (const child of live) await stopChild(child, 1_000);
    if (!keepTemp) {
      rmSync(this.root, { recursive: true, force: true });
      tempRoots.delete(this.root);
    } else log(`keeping temp root ${this.root}`);
  }
}

export class App {
  constructor(harness, { label, dataDir, driver, client, logPath }) {
    this.h = harness;
    this.label = label;
    this.dataDir = dataDir;
    this.driver = driver;
    this.client = client;
    this.logPath = logPath;
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
   * Save a screenshot of the app window (WebDriver), falling back to the whole
   * X screen (ImageMagick `import`). `name` is a file name in target/e2e/ or a path.
   * Resolves with the path written.
   */
  async screenshot(name) {
    const safe = name.includes('/') ? name : name.replace(/[^\w.@-]+/g, '_').slice(0, 100);
    const file = safe.includes('/') ? resolve(repoRoot, safe) : join(artifactsDir, safe.endsWith('.png') ? safe : `${safe}.png`);
    mkdirSync(dirname(file), { recursive: true });
    try {
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

  /** X11 ids of the app's visible top-level windows (via _NET_WM_PID). */
  x11Windows() {
    if (!this.appPid) return [];
    const r = spawnSync('xdotool', ['search', '--onlyvisible', '--pid', String(this.appPid)], {
      encoding: 'utf8',
      env: { ...process.env, DISPLAY: this.h.display },
    });
    return (r.stdout ?? '').split('\n').filter(Boolean);
  }

  /**
   * Ask the app to close its windows the way a window manager does when the
   * user clicks the close button: an ICCCM WM_DELETE_WINDOW client message
   * (GTK turns it into delete-event, i.e. Tauri's CloseRequested).
   * Resolves with the window ids it was sent to.
   */
  requestClose() {
    requireTool('python3', 'python3');
    requireTool('xdotool', 'xdotool');
    const wins = this.x11Windows();
    if (!wins.length) throw new Error(`no visible X11 window found for app pid ${this.appPid}`);
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
   * Quit: delete the WebDriver session (which closes the app), make sure the
   * app process is gone, stop the driver. Resolves with
   * {appExited: boolean (on its own, without being killed), ms}.
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
