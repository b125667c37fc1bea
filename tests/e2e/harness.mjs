// End-to-end harness for Quire: runs the real app binary under Xvfb, driven
// through WebKitWebDriver (Tauri's WebDriver support on Linux), signing in
// against the local test identity provider (tests/idp/server.mjs).
//
// Per test file:   const h = await startHarness();  ...  await h.stop();
// Per test:        const dataDir = h.newDataDir('name');   (also picks the test's keyring service)
// Per app launch:  const app = await h.launchApp({ dataDir, label });  ...  await app.quit();
//
// The journal in a data dir is encrypted; its key is kept wrapped in the account folder's keys.json,
// unwrapped by a key in the same keyring, under the same service, as the refresh token. db.mjs reads
// it there (newDataDir tells it the service and the bus).
//
// Everything listens on 127.0.0.1 only. Each data dir comes with its own HOME
// and XDG directories in a temp dir, so nothing touches the real home and no
// test sees another's WebKit cookies (the provider's sign-in session). The app
// keeps its refresh token in the Secret Service of the session bus from
// desktop.mjs, under a keyring service name unique to each data dir, so tests
// never see each other's tokens. Every process started here is killed on stop, on failure and on exit
// of the test process.
//
// The pieces: processes.mjs (children, /proc, logs), desktop.mjs (Xvfb, bus and
// keyring), idp.mjs (the provider), app.mjs (one running app), auth.mjs
// (signing in, the keyring, the app's log file), webdriver.mjs (the protocol).

import { execFileSync, spawn } from 'node:child_process';
import { accessSync, constants as fsConstants, createWriteStream, mkdirSync, mkdtempSync, realpathSync, rmSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { App } from './app.mjs';
import { rememberKeyring } from './db.mjs';
import { clearSecrets, startSessionBus, startXvfb } from './desktop.mjs';
import { CLIENT_ID, startIdp } from './idp.mjs';
import { artifactsDir, descendants, exeOf, freePort, liveChildren, log, logFile, repoRoot, requireTool, sleep, stopChild, tail, tempRoots, track } from './processes.mjs';
import { WebDriverClient } from './webdriver.mjs';

export { App, tid } from './app.mjs';
/** The app's identifier (tauri.conf.json): names its config folder. */
export const APP_IDENTIFIER = 'app.quire.journal';
/** Mounting a small file system for a data dir (newTmpfsDataDir) needs root, as CI runs. */
export const IS_ROOT = process.getuid?.() === 0;
export { artifactsDir, isAlive, log, repoRoot, sleep } from './processes.mjs';

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

/**
 * Start the shared pieces for one test file: Xvfb, the session bus with its
 * keyring, the identity provider, a temp root with HOME / XDG dirs. Returns a
 * Harness; call stop() in `after`.
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
    h.bus = await startSessionBus(root);
    h.idp = await startIdp();
    log(
      `Xvfb on ${h.xvfb.display}, ${h.bus.shared ? 'the session bus and keyring of with-test-session' : 'a private bus and gnome-keyring'}, ` +
        `IdP ${h.idp.issuer}, temp root ${root} (${Date.now() - started} ms)`,
    );
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
    this.keyringServices = new Set(); // cleared on stop
    this.recoveryKeys = new Map(); // data dir -> the recovery key a test typed back (security.mjs)
    this.runId = randomBytes(4).toString('hex');
    for (const d of ['runtime', 'data', 'homes']) mkdirSync(join(root, d), { recursive: true, mode: 0o700 });
  }

  get display() {
    return this.xvfb?.display;
  }

  /**
   * A fresh, empty data directory for one test (with a HOME of its own, see homeFor, and a keyring
   * service of its own, see keyringServiceFor, which db.mjs is told about).
   */
  newDataDir(name) {
    const dir = mkdtempSync(join(this.root, 'data', `${name}-`));
    rememberKeyring(dir, { service: this.keyringServiceFor(dir), busAddress: this.bus?.address });
    return dir;
  }

  /**
   * A fresh data directory that is a tmpfs of its own, for tests of a full or read-only disk.
   * `options` are tmpfs mount options such as 'size=3m' or 'size=1m,ro'. Unmounted when the test
   * `t` ends. Needs root (see IS_ROOT).
   */
  newTmpfsDataDir(t, name, options) {
    const dir = this.newDataDir(name);
    execFileSync('mount', ['-t', 'tmpfs', '-o', `${options},mode=0700`, 'tmpfs', dir]);
    t.after(() => execFileSync('umount', ['-l', dir]));
    return dir;
  }

  /**
   * The HOME for a data dir: the same for every launch on that data dir (like one person's
   * computer), and only for it. WebKit keeps its cookies and caches there.
   */
  homeFor(dataDir) {
    const home = join(this.root, 'homes', basename(dataDir));
    for (const d of ['.local/share', '.cache', '.config', '.local/state']) mkdirSync(join(home, d), { recursive: true, mode: 0o700 });
    return home;
  }

  /** The app's config folder for a data dir (its config.toml, the windows' places): in its HOME. */
  configDirFor(dataDir) {
    return join(this.homeFor(dataDir), '.config', APP_IDENTIFIER);
  }

  /**
   * The keyring service name for a data dir: unique to this run and this data
   * dir, so every launch on the same data dir finds its own token and no other.
   */
  keyringServiceFor(dataDir) {
    return `quire-e2e-${this.runId}-${basename(dataDir)}`;
  }

  /** Environment for WebKitWebDriver, which the app inherits. */
  env(home, extra = {}) {
    const env = {
      ...process.env,
      DISPLAY: this.display,
      GDK_BACKEND: 'x11',
      HOME: home,
      XDG_DATA_HOME: join(home, '.local/share'),
      XDG_CACHE_HOME: join(home, '.cache'),
      XDG_CONFIG_HOME: join(home, '.config'),
      XDG_STATE_HOME: join(home, '.local/state'),
      XDG_RUNTIME_DIR: join(this.root, 'runtime'),
      DBUS_SESSION_BUS_ADDRESS: this.bus.address,
      QUIRE_OIDC_ISSUER: this.idp.issuer,
      QUIRE_OIDC_CLIENT_ID: CLIENT_ID,
      NO_AT_BRIDGE: '1',
      NO_COLOR: '1', // plain app logs
      TAURI_WEBVIEW_AUTOMATION: 'true',
      ...extra,
    };
    delete env.WAYLAND_DISPLAY;
    delete env.DBUS_SYSTEM_BUS_ADDRESS;
    delete env.QUIRE_SIGN_IN; // the embedded sign-in window, never a browser
    return env;
  }

  /**
   * Launch the app with a WebDriver session on it.
   * @param {{dataDir: string, label?: string, env?: object, args?: string[], keyringService?: string}} opts
   *   env: extra environment for the app; args: extra command-line arguments; keyringService: another
   *   keyring service than the data dir's own (as a new computer's keyring would be; removed on stop too)
   * @returns {Promise<App>}
   */
  async launchApp({ dataDir, label = 'app', env = {}, args = [], keyringService: service }) {
    if (!dataDir) throw new Error('launchApp: dataDir is required');
    const keyringService = service ?? this.keyringServiceFor(dataDir);
    this.keyringServices.add(keyringService);
    const started = Date.now();
    let lastErr;
    for (let attempt = 1; attempt <= 3; attempt++) {
      const port = await freePort();
      const logPath = logFile(label);
      const out = createWriteStream(logPath, { flags: 'a' });
      out.write(`--- ${new Date().toISOString()} WebKitWebDriver on 127.0.0.1:${port}, QUIRE_DATA_DIR=${dataDir}, QUIRE_KEYRING_SERVICE=${keyringService}\n`);
      const driver = track(
        spawn('WebKitWebDriver', [`--port=${port}`, '--host=127.0.0.1'], {
          detached: true,
          stdio: ['ignore', 'pipe', 'pipe'],
          env: this.env(this.homeFor(dataDir), { QUIRE_DATA_DIR: dataDir, QUIRE_KEYRING_SERVICE: keyringService, ...env }),
        }),
        `WebKitWebDriver(${label})`,
      );
      driver.stdout.pipe(out, { end: false });
      driver.stderr.pipe(out, { end: false });
      driver.once('close', () => out.end());
      const client = new WebDriverClient(`http://127.0.0.1:${port}`, { log });
      const app = new App(this, { label, dataDir, keyringService, driver, client, logPath });
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

  /**
   * Stop every app still running, then the IdP, the bus (if ours) and Xvfb; remove the temp root
   * and this run's keyring entries (both kept with QUIRE_E2E_KEEP=1).
   */
  async stop({ keepTemp = !!process.env.QUIRE_E2E_KEEP } = {}) {
    for (const app of this.apps) await app.kill();
    if (this.bus && !keepTemp) for (const service of this.keyringServices) clearSecrets(this.bus.address, service);
    await this.idp?.stop();
    await this.bus?.stop();
    await this.xvfb?.stop();
    // Whatever else is left (should be nothing).
    for (const child of liveChildren()) await stopChild(child, 1_000);
    if (!keepTemp) {
      rmSync(this.root, { recursive: true, force: true });
      tempRoots.delete(this.root);
    } else log(`keeping temp root ${this.root}`);
  }
}
