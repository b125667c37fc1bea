// Sync for the end-to-end tests: a real CouchDB-protocol server (PouchDB Server, as the Rust tests
// in tests/core/support/couch.rs start it), the environment that presets a connection in the app,
// and the steps the sync tests share: reading the sync status through IPC, Sync now, joining the
// journal on the server from a second device, counting entries, importing many at once.
//
//   const server = await startCouch(h.root);      // on a free port of 127.0.0.1, with one admin
//   const env = syncEnv(server, 'journal-demo');  // QUIRE_SYNC_URL / _USERNAME / _PASSWORD
//   await server.stop(); await server.start();    // offline, then back on the same port and files
//
// The server is tracked like every other child (processes.mjs): killed on exit however it ends.

import { spawn, spawnSync } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, mkdtempSync } from 'node:fs';
import { connect } from 'node:net';
import { join, resolve } from 'node:path';
import { signIn } from './auth.mjs';
import { tid } from './app.mjs';
import { quireBinary } from './harness.mjs';
import { LAUNCH_TIMEOUT } from './journal.mjs';
import { freePort, isAlive, log, logFile, repoRoot, sleep, stopChild, tail, track } from './processes.mjs';
import { confirmRecoveryKey, invoke } from './security.mjs';

export const ADMIN = 'quire';
export const PASSWORD = 'sync-test-password';
/** Sync rounds, pulls and the server's restarts on a shared machine: generous. */
export const SYNC_TIMEOUT = 90_000;

/** The program: $QUIRE_POUCHDB_SERVER, or the one npm installed in tests/node_modules (scripts/setup). */
export function pouchdbServerProgram() {
  return process.env.QUIRE_POUCHDB_SERVER
    ? resolve(process.env.QUIRE_POUCHDB_SERVER)
    : join(repoRoot, 'tests', 'node_modules', '.bin', 'pouchdb-server');
}

/**
 * Why the sync tests cannot run here, or null when they can. CI installs the server
 * (scripts/setup), so under CI=true a missing one throws instead.
 */
export function missingServer() {
  const program = pouchdbServerProgram();
  if (existsSync(program)) return null;
  const why = `pouchdb-server is not installed at ${program} (scripts/setup installs it)`;
  if (process.env.CI === 'true') throw new Error(`${why}; CI must run the sync tests`);
  log(`${why}: skipping the sync tests`);
  return why;
}

/** A PouchDB Server on 127.0.0.1 keeping its databases in a folder of `parent`. */
export class CouchServer {
  constructor(parent) {
    this.root = mkdtempSync(join(parent, 'couch-'));
    this.dataDir = join(this.root, 'data');
    mkdirSync(this.dataDir, { recursive: true });
    this.logPath = logFile('pouchdb-server');
    this.child = null;
    this.port = null;
  }

  get origin() {
    return `http://127.0.0.1:${this.port}`;
  }

  /** The database's address as the app takes it (the last segment is the database). */
  dbUrl(db) {
    return `${this.origin}/${db}`;
  }

  /** The same with the admin's credentials in it, for PouchDB. */
  dbUrlWithAuth(db) {
    return `http://${ADMIN}:${PASSWORD}@127.0.0.1:${this.port}/${db}`;
  }

  get running() {
    return !!this.child && this.child.exitCode === null && this.child.signalCode === null;
  }

  /** Start it (again: on the same port, over the same files) and wait until it takes connections. */
  async start() {
    if (this.running) throw new Error('pouchdb-server is running already');
    this.port ??= await freePort();
    const out = createWriteStream(this.logPath, { flags: 'a' });
    out.write(`--- ${new Date().toISOString()} pouchdb-server on 127.0.0.1:${this.port}, --dir ${this.dataDir}\n`);
    const started = Date.now();
    const child = track(
      spawn(pouchdbServerProgram(), ['--host', '127.0.0.1', '--port', String(this.port), '--dir', this.dataDir], {
        cwd: this.root, // its config.json (with the admin) and log.txt
        detached: true,
        stdio: ['ignore', 'pipe', 'pipe'],
      }),
      'pouchdb-server',
    );
    child.stdout.pipe(out, { end: false });
    child.stderr.pipe(out, { end: false });
    child.once('close', () => out.end());
    this.child = child;
    const readyBy = Date.now() + 30_000;
    while (!(await listening(this.port))) {
      if (!this.running) throw new Error(`pouchdb-server exited (${child.exitCode ?? child.signalCode}) before listening:\n${tail(this.logPath)}`);
      if (Date.now() > readyBy) throw new Error(`pouchdb-server did not listen on ${this.port} within 30 s:\n${tail(this.logPath)}`);
      await sleep(100);
    }
    log(`pouchdb-server up on ${this.origin} (${Date.now() - started} ms), data in ${this.dataDir}`);
  }

  /** Stop it (SIGTERM, SIGKILL after 1 s), as a server going down would: the apps see the connection refused. */
  async stop() {
    if (!this.child) return;
    await stopChild(this.child, 1_000);
    this.child = null;
    log('pouchdb-server stopped');
  }

  /** A request as the admin; resolves with {status, body} (body parsed when JSON). */
  async request(method, path, body, { auth = true } = {}) {
    const headers = { 'content-type': 'application/json' };
    if (auth) headers.authorization = `Basic ${Buffer.from(`${ADMIN}:${PASSWORD}`).toString('base64')}`;
    const res = await fetch(`${this.origin}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await res.text();
    let parsed = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      /* not JSON */
    }
    return { status: res.status, body: parsed };
  }
}

/** A server started in `parent` with the admin made (PUT /_config/admins/quire, as the admin party allows). */
export async function startCouch(parent) {
  const server = new CouchServer(parent);
  await server.start();
  const made = await server.request('PUT', `/_config/admins/${ADMIN}`, PASSWORD, { auth: false });
  if (made.status !== 200) throw new Error(`making the admin failed: ${made.status} ${JSON.stringify(made.body)}`);
  return server;
}

function listening(port) {
  return new Promise((res) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      res(true);
    });
    socket.once('error', () => res(false));
  });
}

/** The environment that presets the app's connection (moved into its keyring at first use). */
export function syncEnv(server, db) {
  return { QUIRE_SYNC_URL: server.dbUrl(db), QUIRE_SYNC_USERNAME: ADMIN, QUIRE_SYNC_PASSWORD: PASSWORD };
}

// ---------------------------------------------------------------------------
// One app's sync.

/** Call a command and answer its value, or throw with the app's failure. */
export async function call(app, cmd, args = {}, opts) {
  const r = await invoke(app, cmd, args, opts);
  if (!r.ok) throw new Error(`${cmd} failed: ${r.failure}`);
  return r.value;
}

export const syncStatus = (app) => call(app, 'sync_status');

/**
 * Wait until sync_status satisfies `check` (state, pending…). Resolves with that status; a timeout
 * names the last one seen.
 */
export async function waitForSync(app, check, { timeout = SYNC_TIMEOUT, what = 'the sync status' } = {}) {
  let last;
  return app.waitFor(
    async () => {
      last = await syncStatus(app);
      return check(last) ? last : null;
    },
    { timeout, interval: 250, what: () => `${what} (last: ${JSON.stringify(last)})` },
  );
}

/**
 * Ask for Sync now (at most every 5 s, never while a round runs) until the status satisfies
 * `check`: a round that ended before the wait began is not missed. Resolves with that status.
 */
export async function syncUntil(app, check, { timeout = SYNC_TIMEOUT, what = 'the sync status' } = {}) {
  let last;
  let nudged = 0;
  return app.waitFor(
    async () => {
      last = await syncStatus(app);
      if (check(last)) return last;
      if (Date.now() - nudged > 5_000 && last.state !== 'syncing' && last.state !== 'off') {
        nudged = Date.now();
        await invoke(app, 'sync_now'); // refused only when off
      }
      return null;
    },
    { timeout, interval: 250, what: () => `${what} (last: ${JSON.stringify(last)})` },
  );
}

/** Synced with nothing left to send, by a round that finished after this call: the server has all this device's changes. */
export function syncAndSettle(app, { timeout } = {}) {
  const asked = Date.now();
  return syncUntil(app, (s) => s.state === 'synced' && s.pending === 0 && (s.lastSyncedAt ?? 0) >= asked, {
    timeout,
    what: `state "synced", nothing pending, after ${new Date(asked).toISOString()}`,
  });
}

/** Click the window's Sync now button once it is enabled (it is not while a round runs). */
export async function clickSyncNow(app, { timeout = SYNC_TIMEOUT } = {}) {
  const button = await app.waitFor(
    async () => {
      const el = await app.session.tryFindElement(tid('sync-now'));
      return el && (await el.enabled()) ? el : null;
    },
    { timeout, what: 'an enabled sync-now button' },
  );
  await button.click();
  app.log('clicked sync-now');
}

/** Wait until the footer's sync-status text matches `pattern`; resolves with it. */
export async function waitForStatusText(app, pattern, { timeout = SYNC_TIMEOUT } = {}) {
  let text = '';
  await app.waitFor(async () => pattern.test((text = await app.textOf('sync-status'))), {
    timeout,
    what: () => `sync-status to match ${pattern} (last: ${JSON.stringify(text)})`,
  });
  app.log(`sync-status: ${JSON.stringify(text)}`);
  return text;
}

/**
 * Sign in on a fresh data dir with the sync environment; resolves with {app, recoveryKey} (the key
 * that data dir's own new journal showed and that was typed back).
 */
export async function launchSyncing(h, { dataDir, label, env }) {
  const started = Date.now();
  const app = await h.launchApp({ dataDir, label, env });
  const { recoveryKey } = await signIn(app, { timeout: LAUNCH_TIMEOUT });
  app.log(`launch-to-journal with sync (with sign-in): ${Date.now() - started} ms`);
  return { app, recoveryKey };
}

/**
 * Join the journal on the server with `secret` (`join_sync`): the journal window is to be replaced
 * by a new one, which the session moves to. With `confirm` (the default) the new window's recovery
 * key dialog, if it shows, is answered. Resolves with {status, recoveryKey: the key it showed or
 * null, exited: false}, or, when the app exits instead of showing a new window, {exited: true} (its
 * WebDriver session is gone with it; the driver is stopped).
 */
export async function joinSync(app, secret, { confirm = true } = {}) {
  const old = await app.session.windowHandle();
  const started = Date.now();
  const answer = await invoke(app, 'join_sync', { secret }, { timeoutMs: 60_000 }).catch((err) => ({ ok: false, failure: err.message }));
  app.log(`join_sync answered in ${Date.now() - started} ms: ${JSON.stringify(answer)}`);
  const exited = async () => {
    app.log(`the app (pid ${app.appPid}) exited ${Date.now() - started} ms after join_sync, instead of opening a new journal window`);
    await app.kill();
    return { exited: true, status: answer.value ?? null, recoveryKey: null };
  };
  if (!answer.ok) {
    if (!isAlive(app.appPid)) return exited();
    throw new Error(`join_sync failed: ${answer.failure}`);
  }
  // Handles only, until the old window is gone (a command sent into a closing window can hang).
  let handles = [];
  const until = Date.now() + 20_000;
  for (;;) {
    if (!isAlive(app.appPid)) return exited();
    handles = await app.session.windowHandles().catch(() => handles);
    if (!handles.includes(old) && handles.length > 0) break;
    if (Date.now() > until) throw new Error(`the journal window was not replaced within 20 s after joining (handles: ${JSON.stringify(handles)}; X11 windows: ${JSON.stringify(app.x11Titles())})`);
    await sleep(50);
  }
  await app.switchToWindow('journal', { timeout: LAUNCH_TIMEOUT });
  app.log(`new journal window ${Date.now() - started} ms after join_sync`);
  const recoveryKey = confirm ? await confirmRecoveryKey(app) : null;
  return { status: answer.value, recoveryKey, exited: false };
}

// ---------------------------------------------------------------------------
// Entries through IPC.

const ALL = { journal: null, tag: null, from: null, to: null, starred: false, mood: null };

/** Every entry summary (newest first) and the total, as the list would page them. */
export async function listAll(app) {
  const items = [];
  let total = 0;
  for (let offset = 0; ; offset += 500) {
    const page = await call(app, 'list_entries', { filter: ALL, offset, limit: 500 });
    total = page.total;
    items.push(...page.items);
    if (page.items.length === 0 || items.length >= total) break;
  }
  return { total, items };
}

/** The id of the entry whose title (first line) is `title`; throws if there is none. */
export async function entryIdByTitle(app, title) {
  const { items } = await listAll(app);
  const found = items.find((e) => e.title === title);
  if (!found) throw new Error(`no entry titled ${JSON.stringify(title)} among ${items.length} (first titles: ${JSON.stringify(items.slice(0, 5).map((e) => e.title))})`);
  return found.id;
}

export async function entryText(app, id) {
  return (await call(app, 'get_entry', { id })).content;
}

/**
 * A jrnl JSON export with `n` entries titled `${title} ${i}.` (1-based), one a day from 2000-01-01:
 * all older than what a test writes today, which so stays at the top of the list.
 */
export function jrnlExport(n, title) {
  const entries = [];
  for (let i = 1; i <= n; i += 1) {
    const day = new Date(Date.UTC(2000, 0, i));
    entries.push({
      title: `${title} ${i}.`,
      body: `Body of number ${i}, with a few more words to carry: ${'lorem ipsum '.repeat(1 + (i % 7))}`.trim(),
      date: day.toISOString().slice(0, 10),
      time: '07:15',
      tags: [],
      starred: false,
    });
  }
  return JSON.stringify({ tags: {}, entries }, null, 1);
}

/** `quire import FILE` on the same data folder, keyring and bus as the app on `dataDir` (see cli.test.mjs). */
export function importFile(h, dataDir, file) {
  const started = Date.now();
  const r = spawnSync(quireBinary(), ['import', file], {
    encoding: 'utf8',
    timeout: 180_000,
    env: h.env(h.homeFor(dataDir), { QUIRE_DATA_DIR: dataDir, QUIRE_KEYRING_SERVICE: h.keyringServiceFor(dataDir) }),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  log(`quire import ${file} -> ${r.status} in ${Date.now() - started} ms\n  stdout: ${r.stdout?.trim()}\n  stderr: ${r.stderr?.trim()}`);
  return r;
}
