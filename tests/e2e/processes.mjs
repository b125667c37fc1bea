// Process and file plumbing for Quire's end-to-end tests: progress logging, starting children in
// their own process groups (all killed when the test process exits, however it exits), /proc
// look-ups to find the app that WebKitWebDriver launched, free ports, and log files under
// target/e2e/logs/.

import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, readdirSync, readlinkSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const artifactsDir = join(repoRoot, 'target', 'e2e');

const t0 = Date.now();
/** Print a progress line, stamped with ms since the test process started. */
export function log(...parts) {
  const stamp = String(Date.now() - t0).padStart(6);
  console.log(`[e2e ${stamp} ms]`, ...parts);
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// ---------------------------------------------------------------------------
// Children: each in its own process group, all killed on exit.

const live = new Set(); // ChildProcess
export const tempRoots = new Set(); // removed on exit unless QUIRE_E2E_KEEP is set

/** Remember a child (spawned with `detached: true`) so that it is killed on exit. */
export function track(child, name) {
  child.e2eName = name;
  live.add(child);
  child.once('exit', () => live.delete(child));
  return child;
}

/** Children still running. */
export function liveChildren() {
  return [...live];
}

export function killGroup(child, signal) {
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
export function waitExit(child, ms) {
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
export async function stopChild(child, graceMs = 3_000) {
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
export function descendants(rootPid) {
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

export function exeOf(pid) {
  try {
    return readlinkSync(`/proc/${pid}/exe`).replace(/ \(deleted\)$/, '');
  } catch {
    return null;
  }
}

/** The pids of every process (that this user may look at) with `file` open. */
export function holdersOf(file) {
  const pids = [];
  for (const pid of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    let fds = [];
    try {
      fds = readdirSync(`/proc/${pid}/fd`);
    } catch {
      continue; // gone, or not ours to read
    }
    const holds = fds.some((fd) => {
      try {
        return readlinkSync(`/proc/${pid}/fd/${fd}`) === file;
      } catch {
        return false;
      }
    });
    if (holds) pids.push(Number(pid));
  }
  return pids;
}

export async function waitGone(pid, ms) {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (!isAlive(pid)) return true;
    await sleep(50);
  }
  return !isAlive(pid);
}

// ---------------------------------------------------------------------------

/** Throw a clear error naming the Debian package when a command is missing. */
export function requireTool(cmd, pkg) {
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

/** Resolve with the first line written to `stream` (a child's stdout or an extra fd). */
export function readLineFrom(stream, ms, what) {
  return new Promise((res, rej) => {
    let buf = '';
    const timer = setTimeout(() => rej(new Error(`${what}: nothing written within ${ms} ms`)), ms);
    stream.setEncoding('utf8');
    const onData = (d) => {
      buf += d;
      const nl = buf.indexOf('\n');
      if (nl >= 0) {
        clearTimeout(timer);
        stream.off('data', onData);
        res(buf.slice(0, nl).trim());
      }
    };
    stream.on('data', onData);
    stream.on('end', () => {
      clearTimeout(timer);
      rej(new Error(`${what}: exited before writing (${buf.trim()})`));
    });
  });
}

/** Path of a log file in target/e2e/logs/. */
export function logFile(name) {
  const dir = join(artifactsDir, 'logs');
  mkdirSync(dir, { recursive: true });
  return join(dir, `${name}.log`);
}

/** The last `lines` lines of a file ('' if unreadable). */
export function tail(file, lines = 30) {
  try {
    return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '';
  }
}
