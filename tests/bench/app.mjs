// The whole-app benchmark: Quire against a blank Tauri window of the same size
// (examples/blank_window.rs), both launched for real under Xvfb through WebKitWebDriver with the
// end-to-end harness (tests/e2e/). It prints figures and asserts nothing about time; it fails only
// when something does not work (a journal that never becomes usable, a list that will not scroll).
//
//   scripts/with-test-session node tests/bench/app.mjs [--sizes 10000,100000] [--rounds 5] [--quick]
//
// 1. Prepares one journal per size: signs in once as `demo` against the local provider, quits, and
//    fills the journal with `examples/fill`. Then a few fresh sign-ins measure the redirect →
//    journal window time the app logs. Then the provider stops: Quire runs signed in and offline.
// 2. Launches every configuration once without measuring (a first WebKit start in a new HOME is
//    slower, and Quire analyses a freshly filled journal once; that catch-up is timed and awaited).
// 3. Launches them in turn, round after round (blank, blank with Quire's WebKit settings, Quire 10k,
//    Quire 100k, blank, …), measuring
//    spawn → window mapped, spawn → usable (with the page's own timings and Quire's log lines on
//    the way), PSS and CPU after an idle wait, and for Quire a scroll through the list and the PSS
//    after it. Other processes' CPU use meanwhile is recorded too, since the machine may be shared.
// Writes target/bench/app.json (every number), app.svg and app.png (the plot).
//
// QUIRE_BIN, QUIRE_BLANK_BIN and QUIRE_FILL_BIN name other builds of the three programs.

import { execFile } from 'node:child_process';
import { accessSync, constants as fsConstants, mkdirSync, readFileSync, realpathSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { appLogLines } from '../e2e/auth.mjs';
import { log, quireBinary, repoRoot, sleep, startHarness } from '../e2e/harness.mjs';
import { LAUNCH_TIMEOUT, launchAndSignIn } from '../e2e/journal.mjs';
import { isAlive } from '../e2e/processes.mjs';
import { fillCommand } from './journal.mjs';
import { appStartLines, cpuPercent, cpuTicks, findOurProcess, othersCpu, pageTimings, POLL_MS, pssOf, scrollThrough, usableMoment, waitUsable, watchLaunch } from './measure.mjs';
import { plotSvg, ratios, shortCount, summarise, table, writePlot } from './report.mjs';

const USAGE = `usage: node tests/bench/app.mjs [--sizes 10000,100000] [--rounds 5] [--quick]
  --sizes   journal sizes to measure, in entries (default 10000,100000)
  --rounds  measured launches of each configuration, alternating (default 5)
  --quick   the smoke version: --sizes 1000 --rounds 1, 2 s idle, scroll 300 entries`;

const outDir = join(repoRoot, 'target', 'bench');

/** A mistake on the command line: printed with the usage, without a stack. */
class UsageError extends Error {}

// ---------------------------------------------------------------------------
// Options and programs.

function parseArgs(argv) {
  const opts = { sizes: [10_000, 100_000], rounds: 5, idleMs: 10_000, scrollTarget: 5_000, quick: false };
  const number = (flag, text) => {
    const n = Number(String(text).replace(/[_,]/g, ''));
    if (!Number.isInteger(n) || n < 1) throw new UsageError(`${flag} wants a whole number above 0, not ${JSON.stringify(text)}`);
    return n;
  };
  let sizes = null;
  let rounds = null;
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split(/=(.*)/s);
    const value = () => inline ?? argv[++i] ?? (() => { throw new UsageError(`${flag} needs a value`); })();
    if (flag === '--help' || flag === '-h') return null;
    else if (flag === '--quick') opts.quick = true;
    else if (flag === '--sizes') sizes = value().split(/[, ]+/).filter(Boolean).map((s) => number('--sizes', s));
    else if (flag === '--rounds') rounds = number('--rounds', value());
    else throw new UsageError(`unknown argument ${JSON.stringify(argv[i])}`);
  }
  if (opts.quick) Object.assign(opts, { sizes: [1_000], rounds: 1, idleMs: 2_000, scrollTarget: 300 });
  if (sizes) opts.sizes = [...new Set(sizes)].sort((a, b) => a - b);
  if (rounds) opts.rounds = rounds;
  for (const size of opts.sizes) {
    if (size <= opts.scrollTarget) throw new UsageError(`a journal of ${size} entries is too small to scroll ${opts.scrollTarget} entries through`);
  }
  return opts;
}

/** An executable, from an environment variable or its place under target/release/. */
function program(envName, relative, what) {
  const path = process.env[envName] ? resolve(process.env[envName]) : join(repoRoot, relative);
  try {
    accessSync(path, fsConstants.X_OK);
  } catch {
    throw new Error(
      `${what} not found (or not executable) at ${path}.\nBuild it first, from the repo root:\n` +
        `    npm --prefix ui run build\n    cargo build --release --features custom-protocol --examples\n` +
        `or point ${envName} at an existing build.`,
    );
  }
  return realpathSync(path);
}

/** The harness, launching another binary than Quire's (its apps, IdP and desktop are shared). */
function harnessFor(h, bin) {
  return Object.create(h, { bin: { value: bin } });
}

function run(bin, args, { timeoutMs, env = process.env }) {
  return new Promise((res, rej) => {
    execFile(bin, args, { timeout: timeoutMs, maxBuffer: 1 << 24, env }, (err, stdout, stderr) => {
      if (err) rej(new Error(`${bin} ${args.join(' ')} failed (${err.code ?? err.signal}):\n${stderr || stdout}`));
      else res(stdout.trim());
    });
  });
}

/** How long after opening a journal the app waits before a catch-up analysis (shell/analysis_worker.rs). */
const CATCH_UP_GRACE_MS = 3_000;

const countLines = (dataDir, text) => appLogLines(dataDir).filter((l) => l.includes(text)).length;
const loadAverage = () => readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).map(Number);

// ---------------------------------------------------------------------------
// Launching and measuring.

/** Wait until no process of ours runs `bin` (the last launch is gone), so a new one is findable. */
async function noneRunning(bin) {
  const end = Date.now() + 10_000;
  while (findOurProcess(bin)) {
    if (Date.now() > end) throw new Error(`a process of ${bin} from an earlier launch is still running`);
    await sleep(50);
  }
}

/** Split a PSS reading into the app process, WebKit's web and network processes, and the rest. */
function byProcess(pss, appPid) {
  const sum = (pred) => pss.processes.filter(pred).reduce((s, p) => s + p.pss, 0);
  const isWeb = (p) => /^WebKitWebProces/.test(p.name);
  const isNetwork = (p) => /^WebKitNetworkPr/.test(p.name);
  return {
    appKb: sum((p) => p.pid === appPid),
    webKb: sum(isWeb),
    networkKb: sum(isNetwork),
    otherKb: sum((p) => p.pid !== appPid && !isWeb(p) && !isNetwork(p)),
  };
}

/**
 * One launch of a configuration, measured. With `warmUp`, only until usable (and, for Quire, until
 * any catch-up analysis has finished); resolves with the record of what was seen.
 */
async function measureLaunch(cfg, round, opts, { warmUp = false } = {}) {
  await noneRunning(cfg.bin);
  const label = `bench-${cfg.id}-${warmUp ? 'warm-up' : `r${round}`}`;
  const underWayBefore = cfg.size ? countLines(cfg.dataDir, 'analysis job under way') : 0;
  const finishedBefore = cfg.size ? countLines(cfg.dataDir, 'analysis job finished') : 0;
  const record = { config: cfg.id, round: warmUp ? 0 : round, loadAverage: loadAverage() };
  const others = othersCpu();
  const watch = watchLaunch(cfg.bin, cfg.harness.display);
  let app;
  try {
    app = await cfg.harness.launchApp({ dataDir: cfg.dataDir, label, env: cfg.env ?? {} });
    const usable = await waitUsable(app, cfg.usableIds, { timeout: LAUNCH_TIMEOUT });
    record.othersStartCpuPercent = others();
    // The window is mapped by now; give the watcher a moment to see it.
    const seen = await Promise.race([watch.result(), sleep(5_000).then(() => null)]);
    watch.stop();
    if (!seen?.spawnAt) throw new Error(`${label}: the app process never showed up under /proc`);
    if (!seen.mappedAt) throw new Error(`${label}: no visible X11 window of pid ${seen.pid} was seen (xdotool search --onlyvisible --pid)`);
    if (seen.pid !== app.appPid) throw new Error(`${label}: watched pid ${seen.pid}, but the harness found the app as pid ${app.appPid}`);
    const moment = usableMoment(usable, { isStatic: !!cfg.static });
    Object.assign(record, {
      pid: seen.pid,
      spawnAt: seen.spawnAt,
      mappedMs: seen.mappedAt - seen.spawnAt,
      usableMs: Math.round(moment.at - seen.spawnAt),
      usableUpperBound: moment.upperBound,
      xPollMs: seen.xPollMs,
      sessionMs: app.sessionMs,
    });
    log(`[${label}] mapped ${record.mappedMs} ms, usable ${record.usableMs} ms after spawn`);

    if (warmUp) {
      if (cfg.size) record.catchUpMs = await awaitCatchUp(cfg, underWayBefore, finishedBefore);
      return record;
    }

    Object.assign(record, await measureIdle(app, cfg, seen.spawnAt, opts));
    if (cfg.size) {
      if (!record.page.offline) log(`[${label}] warning: the journal does not show offline-indicator, though the provider is stopped`);
      Object.assign(record, await measureScroll(app, cfg, opts), {
        analysisRan: countLines(cfg.dataDir, 'analysis job under way') > underWayBefore,
      });
    }
    return record;
  } finally {
    watch.stop();
    if (app) await app.quit();
  }
}

/**
 * After the idle wait: PSS by process and kind, CPU over the wait's second half (when start-up
 * work should be over), the page's own timings, and for Quire the times of its first log lines.
 */
async function measureIdle(app, cfg, spawnAt, opts) {
  await sleep(opts.idleMs / 2);
  const [from, ticks] = [Date.now(), cpuTicks(app.appPid)];
  await sleep(opts.idleMs / 2);
  const cpu = cpuPercent(ticks, cpuTicks(app.appPid), Date.now() - from);
  const idle = pssOf(app.appPid);
  const groups = byProcess(idle, app.appPid);
  const page = await pageTimings(app);
  const since = (at) => (at ? Math.round(at - spawnAt) : null);
  const figures = {
    idleCpuPercent: cpu.total,
    idleCpuByProcess: idle.processes.map((p) => ({ pid: p.pid, name: p.name, percent: cpu.byPid.get(p.pid) ?? null })),
    idlePssKb: idle.totalKb,
    idleAppKb: groups.appKb,
    idleWebKb: groups.webKb,
    idleNetworkKb: groups.networkKb,
    idleOtherKb: groups.otherKb,
    idleAnonKb: idle.processes.reduce((sum, p) => sum + p.anon, 0),
    idleFileKb: idle.processes.reduce((sum, p) => sum + p.file, 0),
    idleProcesses: idle.processes,
    navigationMs: since(page.timeOrigin),
    domInteractiveMs: since(page.domInteractiveAt),
    fcpMs: since(page.firstContentfulPaintAt),
    scriptMs: since(page.marks?.['quire:script']),
    dataReadyMs: since(page.marks?.['quire:data-ready']),
    journalMountedMs: since(page.marks?.['quire:journal-mounted']),
    page,
  };
  if (cfg.size) {
    const lines = appStartLines(app.logPath, spawnAt);
    figures.appStartingMs = since(lines.startingAt);
    figures.journalOpenMs = since(lines.journalOpenAt);
  }
  app.log(`idle PSS ${(idle.totalKb / 1024).toFixed(1)} MiB (${idle.processes.map((p) => `${p.name} ${(p.pss / 1024).toFixed(1)}`).join(', ')}), CPU ${cpu.total.toFixed(1)}%`);
  return figures;
}

/** Quire only: scroll through the entry list, then read the PSS again. */
async function measureScroll(app, cfg, opts) {
  const others = othersCpu();
  const scroll = await scrollThrough(app, opts.scrollTarget);
  const othersScrollCpuPercent = others();
  const after = pssOf(app.appPid);
  const groups = byProcess(after, app.appPid);
  app.log(`scrolled ${scroll.passed} entries in ${scroll.ms} ms (${scroll.steps} steps); PSS after it ${(after.totalKb / 1024).toFixed(1)} MiB`);
  return {
    scrollMs: scroll.ms,
    scroll,
    othersScrollCpuPercent,
    scrollPssKb: after.totalKb,
    scrollAppKb: groups.appKb,
    scrollWebKb: groups.webKb,
    scrollProcesses: after.processes,
  };
}

/**
 * A freshly filled journal is analysed once, in the background, after it opens. Wait for that,
 * so the measured launches find a journal in its everyday state. Resolves with how long it took,
 * or 0 when there was nothing to analyse.
 */
async function awaitCatchUp(cfg, underWayBefore, finishedBefore) {
  const started = Date.now();
  // The app starts a catch-up 3 s after the journal opens (GRACE_AFTER_OPEN in shell/analysis_worker.rs).
  await sleep(CATCH_UP_GRACE_MS + 2_000);
  if (countLines(cfg.dataDir, 'analysis job under way') === underWayBefore) return 0;
  log(`[${cfg.id}] waiting for the analysis of the filled journal (catch-up) to finish`);
  while (countLines(cfg.dataDir, 'analysis job finished') === finishedBefore) {
    if (Date.now() - started > 30 * 60_000) throw new Error(`${cfg.name}: the analysis catch-up did not finish within 30 minutes`);
    await sleep(500);
  }
  const ms = Date.now() - started;
  log(`[${cfg.id}] catch-up analysis finished after about ${(ms / 1000).toFixed(1)} s`);
  return ms;
}

// ---------------------------------------------------------------------------

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  if (!opts) {
    console.log(USAGE);
    return;
  }
  const quire = quireBinary();
  const blank = program('QUIRE_BLANK_BIN', 'target/release/examples/blank_window', 'The blank window example');
  const fill = program('QUIRE_FILL_BIN', 'target/release/examples/fill', 'The fill example');
  mkdirSync(outDir, { recursive: true });
  const meta = {
    started: new Date().toISOString(),
    options: opts,
    machine: { cpus: cpus().length, cpuModel: cpus()[0]?.model, memoryMiB: Math.round(totalmem() / 2 ** 20) },
    programs: { quire, blank, fill },
    pollMs: POLL_MS,
    loadAverageAtStart: loadAverage(),
  };
  log(`app benchmark: sizes ${opts.sizes.join(', ')}, ${opts.rounds} round(s), idle ${opts.idleMs} ms, scroll ${opts.scrollTarget} entries`);

  const h = await startHarness();
  try {
    const configs = [
      { id: 'blank', name: 'blank', bin: blank, harness: harnessFor(h, blank), dataDir: h.newDataDir('blank'), usableIds: ['blank'], static: true, yardstick: true },
      // The same, with the WebKit settings Quire gives its windows (compositing off): what Quire's
      // own page and code cost, apart from that choice.
      {
        id: 'blank-quire', name: 'blank, like Quire', bin: blank, harness: harnessFor(h, blank), dataDir: h.newDataDir('blank-quire'),
        usableIds: ['blank'], static: true, yardstick: true, env: { QUIRE_BLANK_LIKE_QUIRE: '1' },
      },
    ];
    // 1. The journals, and the sign-in figure, while the provider runs.
    const signIn = { prepare: [], rounds: [], clickToJournalMs: [] };
    for (const size of opts.sizes) {
      const dataDir = h.newDataDir(`journal-${size}`);
      const { app, signedIn } = await launchAndSignIn(h, { dataDir, label: `bench-prepare-${size}` });
      signIn.prepare.push(signedIn.elapsedMs);
      await app.quit();
      const started = Date.now();
      const { args, env } = fillCommand(h, dataDir, size);
      const said = await run(fill, args, { timeoutMs: 20 * 60_000, env });
      log(`[fill ${size}] ${said.split('\n').join(' ')} (${Date.now() - started} ms)`);
      configs.push({
        id: `quire-${size}`, name: `Quire ${shortCount(size)}`, size, bin: h.bin, harness: h, dataDir, usableIds: ['journal', 'entry-item'],
      });
    }
    for (let r = 1; r <= opts.rounds; r++) {
      const { app, signedIn } = await launchAndSignIn(h, { dataDir: h.newDataDir(`sign-in-${r}`), label: `bench-sign-in-${r}` });
      signIn.rounds.push(signedIn.elapsedMs);
      signIn.clickToJournalMs.push(signedIn.totalMs);
      await app.quit();
    }
    await h.idp.stop();

    // 2. One launch of each, unmeasured.
    const warmUps = [];
    for (const cfg of configs) warmUps.push(await measureLaunch(cfg, 0, opts, { warmUp: true }));

    // 3. The measured rounds, alternating.
    const launches = [];
    for (let round = 1; round <= opts.rounds; round++) {
      for (const cfg of configs) {
        launches.push(await measureLaunch(cfg, round, opts));
        await sleep(1_000); // let the last app's exit settle
      }
    }
    meta.loadAverageAtEnd = loadAverage();
    meta.finished = new Date().toISOString();

    // 4. Figures, plot, raw numbers.
    const summary = summarise(configs, launches);
    const rs = ratios(configs, summary, launches);
    const printable = configs.map(({ id, name, size }) => ({ id, name, size }));
    console.log(`\n${table({ configs: printable, summary, signIn: signIn.rounds, ratios: rs, scrollTarget: opts.scrollTarget, rounds: opts.rounds })}\n`);
    const catchUps = warmUps.filter((w) => w.catchUpMs).map((w) => `${w.config}: ${(w.catchUpMs / 1000).toFixed(1)} s`);
    if (catchUps.length) console.log(`Analysis catch-up after filling (warm-up launch, not measured): ${catchUps.join(', ')}`);
    const upper = launches.filter((l) => l.usableUpperBound).length;
    if (upper) console.log(`note: ${upper} launch(es) were already usable at the first look; their time to usable is an upper bound`);
    if (launches.some((l) => l.analysisRan)) console.log('note: an analysis job ran during some measured launches (see analysisRan in app.json)');
    const xPoll = launches.map((l) => l.xPollMs).filter(Number.isFinite);
    console.log(
      `Window mapping: /proc and X11 polled every ${POLL_MS} ms; one xdotool poll takes ${(xPoll.reduce((a, b) => a + b, 0) / xPoll.length).toFixed(1)} ms ` +
        `on average, so each time is late by at most ~${Math.ceil(POLL_MS + Math.max(...xPoll))} ms.`,
    );
    console.log(`Load average at start ${meta.loadAverageAtStart.join(' ')}, at end ${meta.loadAverageAtEnd.join(' ')} (${meta.machine.cpus} CPUs).`);

    const subtitle =
      `medians, whiskers min–max; ${opts.rounds} round(s); idle ${opts.idleMs / 1000} s; scroll ${opts.scrollTarget.toLocaleString('en')} entries; ` +
      `${meta.machine.cpus} CPUs; ${meta.started.slice(0, 16).replace('T', ' ')} UTC`;
    const plot = writePlot(plotSvg({ configs: printable, summary, title: 'Quire vs a blank Tauri window (offline, signed in)', subtitle }), join(outDir, 'app.svg'), join(outDir, 'app.png'));
    const jsonPath = join(outDir, 'app.json');
    writeFileSync(jsonPath, `${JSON.stringify({ meta, signIn, warmUps, launches, summary, ratios: rs }, null, 2)}\n`);
    console.log(`Raw numbers: ${jsonPath}\nPlot: ${plot.svg}${plot.png ? ` and ${plot.png}` : ''}`);
    if (plot.warning) console.log(`warning: ${plot.warning}`);
  } finally {
    await h.stop();
  }
  for (const bin of [quire, blank]) {
    const left = findOurProcess(bin);
    if (left && isAlive(left)) throw new Error(`process ${left} (${bin}) is still running after the harness stopped`);
  }
}

main().then(
  () => process.exit(0),
  (err) => {
    if (err instanceof UsageError) {
      console.error(`app benchmark: ${err.message}\n${USAGE}`);
      process.exit(2);
    }
    console.error(`\napp benchmark failed: ${err?.stack ?? err}`);
    process.exit(1);
  },
);
