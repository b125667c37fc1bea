// The desktop the app runs on in the end-to-end tests: an Xvfb display, and a D-Bus session bus
// with an unlocked Secret Service (gnome-keyring) on it, where the app keeps its refresh token.
//
// Under scripts/with-test-session (how scripts/test runs the e2e tests) DBUS_SESSION_BUS_ADDRESS
// is already that bus, with the keyring running, and it is used as it is. Run standalone
// (`cd tests && npm run e2e`), a private bus and an unlocked gnome-keyring are started here, the
// same way scripts/with-test-session does it.

import { spawn, spawnSync } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { logFile, readLineFrom, requireTool, sleep, stopChild, tail, track } from './processes.mjs';

/** Start Xvfb on a free display (Xvfb picks it, -displayfd), wait until it answers. */
export async function startXvfb() {
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
  return { child, display, stop: () => stopChild(child) };
}

/** True when `name` has an owner on the bus at `address`. */
function nameHasOwner(address, name) {
  const r = spawnSync(
    'dbus-send',
    ['--session', '--print-reply', '--dest=org.freedesktop.DBus', '/', 'org.freedesktop.DBus.NameHasOwner', `string:${name}`],
    { encoding: 'utf8', env: { ...process.env, DBUS_SESSION_BUS_ADDRESS: address }, timeout: 5_000 },
  );
  return r.status === 0 && /boolean true/.test(r.stdout);
}

async function waitForSecretService(address, ms, why) {
  const end = Date.now() + ms;
  while (!nameHasOwner(address, 'org.freedesktop.secrets')) {
    if (Date.now() > end) throw new Error(`no Secret Service (org.freedesktop.secrets) on the session bus ${address} after ${ms} ms${why()}`);
    await sleep(50);
  }
}

/**
 * The session bus for the app, with an unlocked Secret Service on it.
 * @param {string} dir a private folder for the bus socket and the keyring's files (standalone only)
 * @returns {Promise<{address: string, shared: boolean, stop(): Promise<void>}>}
 */
export async function startSessionBus(dir) {
  requireTool('dbus-send', 'dbus');
  const inherited = process.env.DBUS_SESSION_BUS_ADDRESS;
  if (inherited) {
    // scripts/with-test-session: its bus and keyring live as long as the whole run.
    await waitForSecretService(inherited, 10_000, () =>
      '.\nThe e2e tests keep the sign-in in a Secret Service: run them with scripts/with-test-session, ' +
      'or unset DBUS_SESSION_BUS_ADDRESS so that they start their own bus and gnome-keyring.',
    );
    return { address: inherited, shared: true, stop: async () => {} };
  }

  requireTool('dbus-daemon', 'dbus');
  requireTool('gnome-keyring-daemon', 'gnome-keyring');
  const socket = join(dir, 'bus');
  const busOut = createWriteStream(logFile('dbus'));
  const bus = track(
    spawn('dbus-daemon', ['--session', '--nofork', '--nopidfile', `--address=unix:path=${socket}`, '--print-address=3'], {
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe', 'pipe'],
    }),
    'dbus-daemon',
  );
  bus.stdout.pipe(busOut);
  bus.stderr.pipe(busOut);
  const address = await readLineFrom(bus.stdio[3], 10_000, 'dbus-daemon');

  // The keyring keeps its files under its own HOME, so nothing lands in a real home.
  const home = join(dir, 'keyring-home');
  mkdirSync(join(home, '.local', 'share'), { recursive: true, mode: 0o700 });
  const keyringLog = logFile('gnome-keyring');
  const keyringOut = createWriteStream(keyringLog);
  const keyring = track(
    spawn('gnome-keyring-daemon', ['--foreground', '--unlock', '--components=secrets'], {
      detached: true,
      stdio: ['pipe', 'pipe', 'pipe'],
      env: {
        ...process.env,
        DBUS_SESSION_BUS_ADDRESS: address,
        HOME: home,
        XDG_DATA_HOME: join(home, '.local', 'share'),
        XDG_RUNTIME_DIR: dir,
      },
    }),
    'gnome-keyring-daemon',
  );
  keyring.stdout.pipe(keyringOut);
  keyring.stderr.pipe(keyringOut);
  keyring.stdin.end('quire-e2e'); // the throwaway password it unlocks with
  const stop = async () => {
    await stopChild(keyring);
    await stopChild(bus);
  };
  try {
    await waitForSecretService(address, 10_000, () => `\n--- ${keyringLog}:\n${tail(keyringLog)}`);
  } catch (err) {
    await stop();
    throw err;
  }
  return { address, shared: false, stop };
}

/**
 * Remove every secret stored under a keyring service (best effort; needs secret-tool). The
 * keyring of scripts/with-test-session outlives each test file, so the tests tidy up after
 * themselves.
 */
export function clearSecrets(address, service) {
  const r = spawnSync('secret-tool', ['clear', 'service', service], {
    encoding: 'utf8',
    env: { ...process.env, DBUS_SESSION_BUS_ADDRESS: address },
    timeout: 5_000,
  });
  return r.status === 0;
}
