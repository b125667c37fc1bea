// The sync benchmark: Quire's sync budgets measured between real apps under Xvfb (WebKitWebDriver,
// the end-to-end harness in tests/e2e/) and a real CouchDB-protocol server (PouchDB Server on
// 127.0.0.1, tests/e2e/couch.mjs). It prints figures and asserts nothing about time; it fails only
// when something does not work (an app that never syncs, an entry that never arrives, an import
// that fails).
//
//   scripts/with-test-session node tests/bench/sync.mjs [--entries 10000] [--samples 10] [--idle-seconds 30]
//
// Devices A and B sign in to one account with the sync environment; B joins A's journal with A's
// recovery key (as tests/e2e/sync.test.mjs does). Then:
// 1. Saved on A → shown on B, both online (budget ≤ 3 s): `--samples` times, a new entry is typed on
//    A; the moment A's save-status turns "Saved" is taken inside A's page (a MutationObserver), and
//    B's page polls every 20 ms for it, both in its list (entry-item) and through list_entries.
// 2. CPU while idle and synced (budget ≤ 1 % of a core): A's and B's processes (the app and its
//    WebKit children) over `--idle-seconds`, with other processes' CPU meanwhile (shared machine).
// 3. PSS while syncing (budget ≤ 30 MiB over idle): `--entries` entries are imported into A (quire
//    import of a jrnl file) and pushed (timed; B's download of them too). A third device C signs in;
//    its app process's PSS is read idle before the join, then every 100 ms while it downloads the
//    journal (first sync of N entries, budget 60 s at 10,000), and idle again after the download.
// Writes every number to target/bench/sync.json.

import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { isAlive, log, repoRoot, sleep, startHarness } from '../e2e/harness.mjs';
import { LAUNCH_TIMEOUT, launchToJournal, waitForEditor, waitForSaved } from '../e2e/journal.mjs';
import { confirmRecoveryKey } from '../e2e/security.mjs';
import {
  call, importFile, joinSync, jrnlExport, launchSyncing, missingServer, startCouch, syncAndSettle, syncEnv, syncStatus, syncUntil, waitForSync,
} from '../e2e/couch.mjs';
import { cpuPercent, cpuTicks, othersCpu, pssOf } from './measure.mjs';

const USAGE = `usage: node tests/bench/sync.mjs [--entries 10000] [--samples 10] [--idle-seconds 30]
  --entries       entries imported into A, then downloaded by a third device (default 10000)
  --samples       entries written on A and timed until they show on B (default 10)
  --idle-seconds  how long the idle CPU of A and B is measured (default 30)`;

const outDir = join(repoRoot, 'target', 'bench');
const DB = 'journal-bench';
const RUN = randomBytes(3).toString('hex');
const ALL = { journal: null, tag: null, from: null, to: null, starred: false, mood: null };

class UsageError extends Error {}

function parseArgs(argv) {
  const opts = { entries: 10_000, samples: 10, idleSeconds: 30 };
  const keys = { '--entries': 'entries', '--samples': 'samples', '--idle-seconds': 'idleSeconds' };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split(/=(.*)/s);
    if (flag === '--help' || flag === '-h') return null;
    if (!(flag in keys)) throw new UsageError(`unknown argument ${JSON.stringify(argv[i])}`);
    const text = inline ?? argv[++i];
    const n = Number(String(text).replace(/[_,]/g, ''));
    if (!Number.isInteger(n) || n < 1) throw new UsageError(`${flag} wants a whole number above 0, not ${JSON.stringify(text)}`);
    opts[keys[flag]] = n;
  }
  return opts;
}

// ---------------------------------------------------------------------------
// Small helpers.

const mib = (kb) => kb / 1024;
const f1 = (x) => (x == null ? '–' : x.toFixed(1));
/** Nearest-rank percentile (with 10 samples, p95 is the largest). */
function percentile(xs, p) {
  const s = xs.filter(Number.isFinite).sort((a, b) => a - b);
  return s.length ? s[Math.max(0, Math.ceil(p * s.length) - 1)] : null;
}
const median = (xs) => percentile(xs, 0.5);

/** The number of entries the app lists (one IPC call). */
const countOf = async (app) => (await call(app, 'list_entries', { filter: ALL, offset: 0, limit: 1 })).total;

/** The app process's own PSS and that of everything under it (WebKit's processes), in kB. */
function pssNow(pid) {
  const p = pssOf(pid);
  return { mainKb: p.processes.find((x) => x.pid === pid).pss, totalKb: p.totalKb };
}

/** `n` readings of pssNow one second apart; the medians. */
async function idlePss(pid, n = 5) {
  const rs = [];
  for (let i = 0; i < n; i++) {
    if (i) await sleep(1_000);
    rs.push(pssNow(pid));
  }
  return { mainKb: median(rs.map((r) => r.mainKb)), totalKb: median(rs.map((r) => r.totalKb)), readings: rs };
}

/** Both apps synced with nothing pending, without asking for a round (Sync now would disturb the figure). */
async function quiet(apps) {
  for (const app of apps) await waitForSync(app, (s) => s.state === 'synced' && s.pending === 0, { what: 'state "synced", nothing pending' });
}

/**
 * joinSync (couch.mjs), and when the join_sync call's answer is lost because the window it was
 * sent from closed under it (WebKitWebDriver: "Could not parse script result"), the new journal
 * window is awaited here instead. Resolves as joinSync does.
 */
async function joinAndAttach(app, secret, problem) {
  const old = await app.session.windowHandle();
  try {
    return await joinSync(app, secret);
  } catch (err) {
    if (!/Could not parse script result|no such window|window already closed/i.test(err.message) || !isAlive(app.appPid)) throw err;
    const why = /Could not parse script result/.test(err.message) ? 'WebKitWebDriver: "Could not parse script result"' : err.message.split('\n')[0];
    problem(`${app.label}: join_sync's answer never reached the page (${why}): the command closes the window that called it before answering; the new window was awaited instead`);
    await app.waitForWindowGone(old, { timeout: 20_000, what: 'the journal window to be replaced after join_sync' });
    await app.switchToWindow('journal', { timeout: LAUNCH_TIMEOUT });
    return { status: null, recoveryKey: await confirmRecoveryKey(app), exited: false };
  }
}

// ---------------------------------------------------------------------------
// In-page parts of figure 1.

/** Runs in A's journal window: records every change of save-status to "Saved" (wall clock). */
const WATCH_SAVE = `
  const status = () => document.querySelector('[data-testid="save-status"]')?.textContent ?? null;
  window.__benchSave?.observer.disconnect();
  const w = { last: status(), savedAt: [], observer: null };
  w.observer = new MutationObserver(() => {
    const t = status();
    if (t === w.last) return;
    if (t === 'Saved') w.savedAt.push(Date.now());
    w.last = t;
  });
  w.observer.observe(document.body, { subtree: true, childList: true, characterData: true });
  window.__benchSave = w;
  return w.last;
`;

/** Runs in A's window after the typing: once save-status steadily says Saved, the moment it turned so. */
const SAVED_AT = `
  const [since, waitMs, done] = arguments;
  const w = window.__benchSave;
  const started = Date.now();
  const look = () => {
    const at = w.savedAt[w.savedAt.length - 1];
    if (w.last === 'Saved' && at >= since) { w.observer.disconnect(); return done({ at, turns: w.savedAt.length }); }
    if (Date.now() - started > waitMs) return done({ error: 'save-status still ' + JSON.stringify(w.last) });
    setTimeout(look, 10);
  };
  look();
`;

/**
 * Runs in B's journal window: every 20 ms, looks for the entry titled `title` in the list (an
 * entry-item) and through list_entries; answers when each first saw it (wall clock).
 */
const WAIT_ON_B = `
  const [title, waitMs, graceMs, done] = arguments;
  const filter = ${JSON.stringify(ALL)};
  const started = Date.now();
  let ipcAt = null, listAt = null, polls = 0;
  const inList = () => Array.from(document.querySelectorAll('[data-testid="entry-item"]')).some((el) => el.textContent.includes(title));
  const tick = async () => {
    polls++;
    if (!listAt && inList()) listAt = Date.now();
    if (!ipcAt) {
      const page = await window.__TAURI_INTERNALS__.invoke('list_entries', { filter, offset: 0, limit: 50 });
      if (page.items.some((e) => e.title === title)) ipcAt = Date.now();
    }
    const now = Date.now();
    if ((ipcAt && listAt) || now - started > waitMs || (ipcAt && now - ipcAt > graceMs)) return done({ ipcAt, listAt, polls });
    setTimeout(() => tick().catch((e) => done({ error: String(e) })), 20);
  };
  tick().catch((e) => done({ error: String(e) }));
`;

/** One sample of figure 1: an entry typed on A, from Saved on A to shown on B. */
async function sample(A, B, i) {
  const title = `Bench sync ${RUN} sample ${i} written on A`; // one line: a half-saved entry has another title
  await (await A.byTestId('new-entry')).click();
  const editor = await waitForEditor(A);
  await A.session.execute(WATCH_SAVE);
  const typedAt = Date.now();
  await editor.sendKeys(title);
  const value = await editor.property('value');
  if (value !== title) throw new Error(`A's editor does not hold what was typed: ${JSON.stringify(value)}`);
  await waitForSaved(A);
  const saved = await A.session.executeAsync(SAVED_AT, [typedAt, 10_000], { timeoutMs: 20_000 });
  if (!saved?.at) throw new Error(`sample ${i}: no "Saved" seen on A after the typing (${saved?.error ?? 'no answer'})`);
  const seen = await B.session.executeAsync(WAIT_ON_B, [title, 30_000, 5_000], { timeoutMs: 45_000 });
  if (seen?.error) throw new Error(`sample ${i}: polling B failed: ${seen.error}`);
  if (!seen?.ipcAt && !seen?.listAt) throw new Error(`sample ${i}: the entry written on A did not reach B within 30 s`);
  const r = {
    i,
    typingToSavedMs: saved.at - typedAt,
    listMs: seen.listAt ? seen.listAt - saved.at : null,
    ipcMs: seen.ipcAt ? seen.ipcAt - saved.at : null,
    polls: seen.polls,
  };
  log(`  sample ${i}: Saved on A → B's list ${r.listMs ?? '–'} ms, B's list_entries ${r.ipcMs ?? '–'} ms`);
  return r;
}

// ---------------------------------------------------------------------------
// Figure 2.

async function idleCpu(devices, seconds) {
  const others = othersCpu();
  const before = devices.map(({ app }) => cpuTicks(app.appPid));
  const from = Date.now();
  await sleep(seconds * 1_000);
  const ms = Date.now() - from;
  const othersPercent = others();
  const out = devices.map(({ name, app }, k) => {
    const cpu = cpuPercent(before[k], cpuTicks(app.appPid), ms);
    const pss = pssOf(app.appPid);
    const names = new Map(pss.processes.map((p) => [p.pid, p.name]));
    const byProcess = [...cpu.byPid].map(([pid, percent]) => ({ pid, name: pid === app.appPid ? 'quire' : names.get(pid) ?? '?', percent }));
    return { device: name, totalPercent: cpu.total, mainPercent: cpu.byPid.get(app.appPid) ?? 0, byProcess, pssKb: pss.totalKb };
  });
  return { ms, othersPercent, devices: out };
}

// ---------------------------------------------------------------------------

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  if (!opts) return console.log(USAGE);
  const why = missingServer();
  if (why) throw new Error(why);
  mkdirSync(outDir, { recursive: true });
  const result = {
    meta: { started: new Date().toISOString(), options: opts, run: RUN, machine: { cpus: cpus().length, cpuModel: cpus()[0]?.model, memoryMiB: Math.round(totalmem() / 2 ** 20) } },
    problems: [],
  };
  const problem = (text) => {
    log(`PROBLEM: ${text}`);
    result.problems.push(text);
  };
  log(`sync benchmark: ${opts.samples} samples, ${opts.idleSeconds} s idle, ${opts.entries} entries`);

  const h = await startHarness();
  let server;
  try {
    server = await startCouch(h.root);
    const env = syncEnv(server, DB);

    // A and B, joined and synced.
    const dirA = h.newDataDir('bench-a');
    const { app: A, recoveryKey } = await launchSyncing(h, { dataDir: dirA, label: 'bench-a', env });
    if (!recoveryKey) throw new Error("A's new journal showed no recovery key");
    let keyNow = recoveryKey;
    await syncAndSettle(A);
    const dirB = h.newDataDir('bench-b');
    let { app: B } = await launchSyncing(h, { dataDir: dirB, label: 'bench-b', env });
    await waitForSync(B, (s) => s.state === 'needs_key', { what: 'state "needs_key"' });
    const joinB = await joinAndAttach(B, keyNow, problem);
    if (joinB.exited) {
      problem('B exited when it joined instead of replacing its journal window; relaunched');
      B = await launchToJournal(h, { dataDir: dirB, label: 'bench-b-2' });
      keyNow = B.recoveryKey ?? keyNow;
    } else keyNow = joinB.recoveryKey ?? keyNow;
    await syncAndSettle(B);
    await syncAndSettle(A);

    // 1. Saved on A → shown on B.
    log(`--- 1. ${opts.samples} entries written on A, timed until B shows them`);
    const samples = [];
    for (let i = 1; i <= opts.samples; i++) {
      await quiet([A, B]);
      await sleep(1_000);
      samples.push(await sample(A, B, i));
    }
    const listMs = samples.map((s) => s.listMs).filter(Number.isFinite);
    const ipcMs = samples.map((s) => s.ipcMs).filter(Number.isFinite);
    if (listMs.length < samples.length) problem(`${samples.length - listMs.length} of ${samples.length} entries reached B's list_entries but never showed in its entry list within 5 s`);
    const spread = (xs) => ({ median: median(xs), p95: percentile(xs, 0.95), max: xs.length ? Math.max(...xs) : null, n: xs.length });
    result.propagation = { samples, list: spread(listMs), ipc: spread(ipcMs) };

    // 2. Idle CPU, both synced.
    log(`--- 2. CPU of A and B over ${opts.idleSeconds} s, synced and idle`);
    await quiet([A, B]);
    await sleep(5_000);
    result.idle = await idleCpu([{ name: 'A', app: A }, { name: 'B', app: B }], opts.idleSeconds);

    // 3. N entries into A, pushed; B downloads them; then C joins and downloads, its PSS read.
    log(`--- 3. ${opts.entries} entries imported into A and pushed; a third device joins and downloads them`);
    const file = join(h.root, 'bench-import.json');
    writeFileSync(file, jrnlExport(opts.entries, `Bench import ${RUN}`));
    const importStarted = Date.now();
    let imported;
    let attempts = 0;
    for (attempts = 1; attempts <= 5; attempts++) {
      imported = importFile(h, dirA, file);
      if (imported.status === 0 || !/busy/.test(imported.stderr)) break;
      log(`  the import stopped on a busy database while A syncs (attempt ${attempts}); the same file again adds what is missing`);
    }
    if (imported.status !== 0) throw new Error(`quire import failed (${imported.status ?? imported.signal}): ${imported.stderr?.trim()}`);
    const importedAt = Date.now();
    const longWait = 120_000 + opts.entries * 60;
    await syncUntil(A, (s) => s.state === 'synced' && s.pending === 0 && s.lastSyncedAt >= importedAt, { what: `A to push the ${opts.entries} entries`, timeout: longWait });
    const pushedAt = Date.now();
    const countA = await countOf(A);
    if (countA < opts.entries) throw new Error(`A lists ${countA} entries after importing ${opts.entries}`);
    let countB = 0;
    await B.waitFor(async () => (countB = await countOf(B)) === countA && (await syncStatus(B)).state === 'synced', {
      timeout: longWait, interval: 500, what: () => `B to list A's ${countA} entries (has ${countB})`,
    });
    const bAt = Date.now();
    result.bulk = {
      entries: opts.entries, countA, importMs: importedAt - importStarted, importAttempts: attempts,
      pushAfterImportMs: pushedAt - importedAt, bReceivedAfterImportMs: bAt - importedAt,
    };
    log(`  import ${result.bulk.importMs} ms (${attempts} run(s)); A pushed ${result.bulk.pushAfterImportMs} ms after it; B listed all ${result.bulk.bReceivedAfterImportMs} ms after it`);
    await quiet([A, B]);

    const dirC = h.newDataDir('bench-c');
    let { app: C } = await launchSyncing(h, { dataDir: dirC, label: 'bench-c', env });
    await waitForSync(C, (s) => s.state === 'needs_key', { what: 'state "needs_key"' });
    await sleep(5_000);
    const before = await idlePss(C.appPid);
    const pssSamples = [];
    const sampler = setInterval(() => {
      try {
        pssSamples.push({ at: Date.now(), pid: C.appPid, ...pssNow(C.appPid) });
      } catch {
        /* between two processes, if C exited */
      }
    }, 100);
    const progress = [];
    let joinAt;
    let windowUpAt;
    let doneAt;
    let firstSyncingAt = null;
    try {
      joinAt = Date.now();
      const joinC = await joinAndAttach(C, keyNow, problem);
      if (joinC.exited) {
        problem('C exited when it joined instead of replacing its journal window; relaunched (its PSS is then of two processes)');
        C = await launchToJournal(h, { dataDir: dirC, label: 'bench-c-2' });
      }
      windowUpAt = Date.now();
      let last;
      let countC = 0;
      await C.waitFor(
        async () => {
          last = await syncStatus(C);
          if (last.state === 'syncing') firstSyncingAt ??= Date.now();
          if (last.progress) progress.push({ at: Date.now(), ...last.progress });
          if (last.state === 'error' || last.state === 'needs_key') throw new Error(`C's sync stopped: ${last.state}: ${last.message}`);
          return last.state === 'synced' && (countC = await countOf(C)) === countA;
        },
        { timeout: 600_000, interval: 250, what: () => `C to sync all ${countA} entries (has ${countC}; last status ${JSON.stringify(last)})` },
      );
      doneAt = Date.now();
    } finally {
      clearInterval(sampler);
    }
    const during = pssSamples.filter((s) => s.at >= joinAt && s.at <= doneAt);
    if (!during.length) throw new Error('no PSS reading of C was taken during its download');
    const peak = during.reduce((m, s) => (s.mainKb > m.mainKb ? s : m), during[0]);
    const peakTotal = Math.max(...during.map((s) => s.totalKb));
    const atWindowUp = pssSamples.find((s) => s.at >= windowUpAt) ?? null;
    await sleep(5_000);
    const after = await idlePss(C.appPid);
    result.download = {
      countA, joinToDoneMs: doneAt - joinAt, windowUpToDoneMs: doneAt - windowUpAt, joinToWindowUpMs: windowUpAt - joinAt,
      firstSyncingAfterJoinMs: firstSyncingAt ? firstSyncingAt - joinAt : null,
      idleBefore: before, atWindowUp, peak: { mainKb: peak.mainKb, atMsAfterJoin: peak.at - joinAt, totalKb: peakTotal }, idleAfter: after,
      overIdleMiB: mib(peak.mainKb - before.mainKb), samples: pssSamples, progress,
    };
    if (!progress.length && doneAt - joinAt > 2_000) problem('C never reported download progress (sync_status.progress) while it was polled every 250 ms');
    result.meta.finished = new Date().toISOString();

    // Report.
    const p = result.propagation;
    const d = result.download;
    const rows = [
      ['Saved on A → shown in B\'s list', '≤ 3 s', `median ${p.list.median ?? '–'} ms, p95 ${p.list.p95 ?? '–'} ms, max ${p.list.max ?? '–'} ms (n=${p.list.n})`, 'save-status observed in A\'s page; B\'s page polls entry-item every 20 ms'],
      ['Saved on A → in B\'s list_entries', '≤ 3 s', `median ${p.ipc.median ?? '–'} ms, p95 ${p.ipc.p95 ?? '–'} ms, max ${p.ipc.max ?? '–'} ms (n=${p.ipc.n})`, 'list_entries from B\'s page every 20 ms'],
      ...result.idle.devices.map((x) => [
        `CPU idle and synced, device ${x.device}`, '≤ 1 %', `${f1(x.totalPercent)} % (quire ${f1(x.mainPercent)} %, ${x.byProcess.filter((b) => b.name !== 'quire').map((b) => `${b.name} ${f1(b.percent)} %`).join(', ')})`,
        `/proc ticks of the app and its children over ${(result.idle.ms / 1000).toFixed(0)} s`,
      ]),
      ['PSS peak while C downloads, over idle', '≤ 30 MiB', `${f1(d.overIdleMiB)} MiB (idle ${f1(mib(d.idleBefore.mainKb))} → peak ${f1(mib(d.peak.mainKb))} MiB)`, 'app process\'s smaps_rollup: 5 reads idle before join_sync; every 100 ms until synced'],
      [`C's first sync of ${countA} entries`, opts.entries === 10_000 ? '≤ 60 s' : '(60 s at 10,000)', `${f1(d.joinToDoneMs / 1000)} s (${f1(d.windowUpToDoneMs / 1000)} s from its new window)`, 'join_sync called → status synced and list total = A\'s (polled every 250 ms)'],
      [`A pushes ${opts.entries} imported entries`, '–', `${f1(result.bulk.pushAfterImportMs / 1000)} s after the import (import ${f1(result.bulk.importMs / 1000)} s)`, 'quire import ended → A synced, nothing pending'],
      [`B (online) has all ${countA}`, '–', `${f1(result.bulk.bReceivedAfterImportMs / 1000)} s after the import`, 'list total on B polled every 500 ms'],
    ];
    const widths = [0, 1, 2].map((c) => Math.max(...rows.map((r) => r[c].length), ['figure', 'budget', 'measured'][c].length));
    const line = (r) => r.map((cell, c) => (c < 3 ? cell.padEnd(widths[c]) : cell)).join('  ');
    console.log(`\n${line(['figure', 'budget', 'measured', 'how'])}\n${line(widths.map((w) => '-'.repeat(w)).concat('---'))}\n${rows.map(line).join('\n')}\n`);
    console.log(`Other processes' CPU during the idle measurement: ${f1(result.idle.othersPercent)} % of a core (${cpus().length} CPUs).`);
    console.log(
      `C's app process PSS: idle before join ${f1(mib(d.idleBefore.mainKb))} MiB; at its new window ${d.atWindowUp ? f1(mib(d.atWindowUp.mainKb)) : '–'} MiB; ` +
        `peak ${f1(mib(d.peak.mainKb))} MiB (${f1(d.peak.atMsAfterJoin / 1000)} s after join_sync); idle after the download ${f1(mib(d.idleAfter.mainKb))} MiB ` +
        `(peak over that ${f1(mib(d.peak.mainKb - d.idleAfter.mainKb))} MiB).`,
    );
    console.log(
      `C with its WebKit processes: idle before ${f1(mib(d.idleBefore.totalKb))} MiB, peak ${f1(mib(d.peak.totalKb))} MiB, after ${f1(mib(d.idleAfter.totalKb))} MiB. ` +
        `First "syncing" ${d.firstSyncingAfterJoinMs ?? '–'} ms after join_sync; ${d.progress.length} progress readings; ${d.samples.length} PSS readings.`,
    );
    console.log(`Typing → Saved on A: median ${median(p.samples.map((s) => s.typingToSavedMs))} ms. p95 is by nearest rank (of ${p.samples.length} samples).`);
    for (const text of result.problems) console.log(`problem: ${text}`);
    const jsonPath = join(outDir, 'sync.json');
    writeFileSync(jsonPath, `${JSON.stringify(result, null, 2)}\n`);
    console.log(`Raw numbers: ${jsonPath}`);
  } finally {
    await h.stop();
    await server?.stop();
  }
}

main().then(
  () => process.exit(0),
  (err) => {
    if (err instanceof UsageError) {
      console.error(`sync benchmark: ${err.message}\n${USAGE}`);
      process.exit(2);
    }
    console.error(`\nsync benchmark failed: ${err?.stack ?? err}`);
    process.exit(1);
  },
);
