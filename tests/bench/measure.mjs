// What the whole-app benchmark measures on one launch of a Tauri app (Quire or the blank window):
// when its process appeared and when its window was mapped (polling /proc and X11), when the page
// became usable (observed from inside the page), the PSS of the app and every process it started,
// and how long scrolling the journal's entry list takes.
//
// Times are wall-clock milliseconds (Date.now()): the page's Date.now() and performance.timeOrigin
// read the same clock as this process, so a moment seen inside the page and one seen here compare.

import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { tid } from '../e2e/app.mjs';
import { descendants, exeOf, sleep } from '../e2e/processes.mjs';

/** How long the launch watcher sleeps between two looks at /proc or X11. */
export const POLL_MS = 10;

// ---------------------------------------------------------------------------
// Spawn and window mapping, seen from outside the app.

/** The first live process started by this benchmark (any depth) whose executable is `bin`. */
export function findOurProcess(bin) {
  // Only our own descendants: other people may run the same binary on this machine meanwhile.
  return descendants(process.pid).find((pid) => exeOf(pid) === bin) ?? null;
}

/** Ids of the visible top-level X11 windows of `pid` (by _NET_WM_PID, as the e2e harness finds them). */
function visibleWindows(pid, display) {
  return new Promise((resolve) => {
    execFile('xdotool', ['search', '--onlyvisible', '--pid', String(pid)], { env: { ...process.env, DISPLAY: display } }, (_err, stdout) =>
      resolve((stdout ?? '').split('\n').filter(Boolean)),
    );
  });
}

/**
 * Start watching for a launch of `bin` before asking WebKitWebDriver for it. Every POLL_MS it
 * looks for the process, then for its first visible window. `result()` resolves with
 * { pid, spawnAt, mappedAt, xPollMs } (mappedAt null if no window showed within `timeoutMs`);
 * spawnAt is the first look that found the process, so it is late by at most one interval plus a
 * scan of /proc, and mappedAt likewise by one interval plus one xdotool run (xPollMs, its mean).
 */
export function watchLaunch(bin, display, { timeoutMs = 60_000 } = {}) {
  let stopped = false;
  const out = { pid: null, spawnAt: null, mappedAt: null, xPollMs: null };
  const done = (async () => {
    const end = Date.now() + timeoutMs;
    while (!stopped && Date.now() < end) {
      const pid = findOurProcess(bin);
      if (pid) {
        out.pid = pid;
        out.spawnAt = Date.now();
        break;
      }
      await sleep(POLL_MS);
    }
    let polls = 0;
    let pollTime = 0;
    while (!stopped && out.pid && Date.now() < end) {
      const asked = Date.now();
      const windows = await visibleWindows(out.pid, display);
      polls++;
      pollTime += Date.now() - asked;
      if (windows.length) {
        out.mappedAt = Date.now();
        break;
      }
      await sleep(POLL_MS);
    }
    out.xPollMs = polls ? pollTime / polls : null;
    return out;
  })();
  return {
    result: () => done,
    stop() {
      stopped = true;
    },
  };
}

// ---------------------------------------------------------------------------
// Usable, seen from inside the page.

/**
 * Runs in the page: resolves once every selector matches, with the time it noticed. A mutation
 * observer notices within the same task as the change. When everything matched already at the
 * first look, `already` says so (the moment itself is then earlier than `at`).
 */
const WAIT_FOR_SELECTORS = `
  const [selectors, waitMs, done] = arguments;
  if (location.protocol === 'about:') return done({ loading: true });
  const ready = () => selectors.every((s) => document.querySelector(s));
  const nav = performance.getEntriesByType('navigation')[0];
  const mounted = performance.getEntriesByName('quire:journal-mounted', 'mark')[0];
  const report = (already) => done({
    at: Date.now(),
    already,
    domInteractiveAt: nav ? performance.timeOrigin + nav.domInteractive : null,
    mountedAt: mounted ? performance.timeOrigin + mounted.startTime : null,
  });
  if (ready()) return report(true);
  const observer = new MutationObserver(() => {
    if (!ready()) return;
    observer.disconnect();
    clearTimeout(timer);
    report(false);
  });
  observer.observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-testid'] });
  const timer = setTimeout(() => { observer.disconnect(); done(null); }, waitMs);
`;

/**
 * When the page became usable, from what `waitUsable` saw: { at, upperBound }. Usually the moment
 * the observer noticed. A page that was usable already at the first look was so earlier; then the
 * page's own record of the moment is used: the end of parsing for a static page, the journal's mount
 * mark for Quire (`ui/src/app/marks.ts`: set in the same task as the commit that put the journal and
 * its first rows in the page). Without such a record the look itself is an upper bound.
 */
export function usableMoment(usable, { isStatic }) {
  if (!usable.already) return { at: usable.at, upperBound: false };
  const recorded = isStatic ? usable.domInteractiveAt : usable.mountedAt;
  return recorded ? { at: recorded, upperBound: false } : { at: usable.at, upperBound: true };
}

/**
 * Wait until all `testIds` are in the page. Resolves with { at, already, domInteractiveAt, mountedAt, waitedMs }.
 * Throws (with a screenshot) after `timeout` ms.
 */
export async function waitUsable(app, testIds, { timeout = 30_000 } = {}) {
  const selectors = testIds.map(tid);
  const started = Date.now();
  let last = 'nothing yet';
  while (Date.now() - started < timeout) {
    try {
      const seen = await app.session.executeAsync(WAIT_FOR_SELECTORS, [selectors, 2_000], { timeoutMs: 10_000 });
      if (seen?.at) return { ...seen, waitedMs: Date.now() - started };
      last = seen?.loading ? 'the window still on about:blank' : `not all of ${testIds.join(', ')} present`;
    } catch (err) {
      // A page that is being replaced cannot answer; ask the new one.
      last = err.message;
      await sleep(POLL_MS);
    }
  }
  const shot = await app.screenshot(`timeout-${app.label}-usable`).catch((e) => `(screenshot failed: ${e.message})`);
  throw new Error(
    `${app.label} never became usable: ${testIds.join(' and ')} not present after ${timeout} ms (last seen: ${last})\n` +
      `  screenshot: ${shot}\n  app log: ${app.logPath}`,
  );
}

/** Runs in the page: its navigation and paint timings, as wall-clock times. */
const PAGE_TIMINGS = `
  const at = (t) => (t ? performance.timeOrigin + t : null);
  const nav = performance.getEntriesByType('navigation')[0];
  const fcp = performance.getEntriesByType('paint').find((e) => e.name === 'first-contentful-paint');
  return {
    timeOrigin: performance.timeOrigin,
    domInteractiveAt: at(nav?.domInteractive),
    loadEventEndAt: at(nav?.loadEventEnd),
    firstContentfulPaintAt: at(fcp?.startTime),
    // The journal window's own start-up marks (ui/src/app/marks.ts), by name.
    marks: Object.fromEntries(performance.getEntriesByType('mark').filter((m) => m.name.startsWith('quire:')).map((m) => [m.name, at(m.startTime)])),
    offline: !!document.querySelector('[data-testid="offline-indicator"]'),
    rows: document.querySelectorAll('[data-testid="entry-item"]').length,
  };
`;

export function pageTimings(app) {
  return app.session.execute(PAGE_TIMINGS, [], { idempotent: true });
}

// ---------------------------------------------------------------------------
// Memory.

const ROLLUP_FIELDS = { Pss: 'pss', Pss_Anon: 'anon', Pss_File: 'file', Pss_Shmem: 'shmem', Rss: 'rss' };

function smapsRollup(pid) {
  let text;
  try {
    text = readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8');
  } catch {
    return null; // gone meanwhile
  }
  const out = {};
  for (const m of text.matchAll(/^(\w+):\s+(\d+) kB$/gm)) if (m[1] in ROLLUP_FIELDS) out[ROLLUP_FIELDS[m[1]]] = Number(m[2]);
  return out;
}

function commOf(pid) {
  try {
    return readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
  } catch {
    return '?';
  }
}

/**
 * PSS of the app and everything it started (WebKit's web and network processes, …), in kB:
 * { totalKb, processes: [{pid, name, pss, anon, file, shmem, rss}] }. The app's parent,
 * WebKitWebDriver, is not counted.
 */
export function pssOf(appPid) {
  const processes = [];
  for (const pid of [appPid, ...descendants(appPid)]) {
    const rollup = smapsRollup(pid);
    if (rollup) processes.push({ pid, name: commOf(pid), ...rollup });
  }
  if (!processes.some((p) => p.pid === appPid)) throw new Error(`the app (pid ${appPid}) is gone: no PSS to read`);
  return { totalKb: processes.reduce((sum, p) => sum + p.pss, 0), processes };
}

/** CPU time so far (user + system, in clock ticks) of the app and everything it started, by pid. */
export function cpuTicks(appPid) {
  const ticks = new Map();
  for (const pid of [appPid, ...descendants(appPid)]) {
    try {
      const rest = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ').pop().split(' ');
      ticks.set(pid, Number(rest[11]) + Number(rest[12])); // utime, stime
    } catch {
      /* gone meanwhile */
    }
  }
  return ticks;
}

/**
 * Share of one core (%) the app's processes used between two cpuTicks readings `ms` apart:
 * { total, byPid: Map(pid → %) }. Linux counts CPU time in ticks of 1/100 s (USER_HZ).
 */
export function cpuPercent(before, after, ms, ticksPerSecond = 100) {
  const byPid = new Map();
  for (const [pid, t] of after) byPid.set(pid, (100 * (t - (before.get(pid) ?? 0))) / ticksPerSecond / (ms / 1000));
  return { total: [...byPid.values()].reduce((a, b) => a + b, 0), byPid };
}

/** utime, stime, cutime, cstime of a process, in ticks (0 if it is gone). */
function ticksWithChildren(pid) {
  try {
    const rest = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ').pop().split(' ');
    return Number(rest[11]) + Number(rest[12]) + Number(rest[13]) + Number(rest[14]);
  } catch {
    return 0;
  }
}

/** Busy ticks of the whole machine (every CPU) so far, from /proc/stat. */
function machineBusyTicks() {
  const [user, nice, system, , , irq, softirq, steal] = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
  return user + nice + system + irq + softirq + steal;
}

/**
 * Start measuring how much CPU other processes than this benchmark and what it started (its
 * descendants, and the children it has reaped) use; calling the result gives their share of one
 * core (%) since. On a shared machine this tells which launches ran beside someone else's work.
 */
export function othersCpu() {
  const ours = () => ticksWithChildren(process.pid) + descendants(process.pid).reduce((sum, pid) => sum + ticksWithChildren(pid), 0);
  const [at, machine, mine] = [Date.now(), machineBusyTicks(), ours()];
  return () => {
    const ticks = machineBusyTicks() - machine - (ours() - mine);
    return Math.max(0, (100 * ticks) / 100 / ((Date.now() - at) / 1000));
  };
}

// ---------------------------------------------------------------------------
// The app's own account of its start, from its log (stderr, in the launch's log file).

/**
 * Wall-clock times of Quire's "starting" and "journal open" log lines for the launch that began at
 * `spawnAt` (the log file may hold earlier launches too). Nulls when absent.
 */
export function appStartLines(logPath, spawnAt) {
  const found = { startingAt: null, journalOpenAt: null };
  let text = '';
  try {
    text = readFileSync(logPath, 'utf8');
  } catch {
    return found;
  }
  for (const m of text.matchAll(/^(\d{4}-\d\d-\d\dT[\d:.]+Z)\s+\w+\s+\S+: (starting|journal open)\b/gm)) {
    const at = Date.parse(m[1]);
    if (!(at >= spawnAt - 1_000)) continue;
    const key = m[2] === 'starting' ? 'startingAt' : 'journalOpenAt';
    found[key] ??= at;
  }
  return found;
}

// ---------------------------------------------------------------------------
// Scrolling the journal's entry list.

/**
 * Runs in the journal window: scroll the entry list down one screen at a time; after each step,
 * wait (frame by frame) until every row in view is a rendered entry rather than a placeholder.
 * Stops when the first row in view is at index `target`, at the end of the list, or after
 * `budgetMs` (the caller then calls again). Resolves with { passed, steps, ms, end } or { error }.
 */
const SCROLL_LIST = `
  const [target, budgetMs, stepTimeoutMs, done] = arguments;
  const list = document.querySelector('[data-testid="entry-list"]');
  const sample = list?.querySelector('[role="option"]');
  if (!list || !sample) return done({ error: 'no entry-list with rows in the journal window' });
  const rowHeight = sample.getBoundingClientRect().height;
  const total = Number(sample.getAttribute('aria-setsize'));
  const frame = () => new Promise((r) => { requestAnimationFrame(() => r()); setTimeout(r, 100); });
  const firstInView = () => Math.floor(list.scrollTop / rowHeight);
  const rendered = () => {
    const last = Math.min(total - 1, Math.floor((list.scrollTop + list.clientHeight - 1) / rowHeight));
    for (let i = firstInView(); i <= last; i++) {
      if (document.getElementById('entry-option-' + i)?.dataset.testid !== 'entry-item') return false;
    }
    return true;
  };
  const started = performance.now();
  let steps = 0;
  (async () => {
    while (firstInView() < target && performance.now() - started < budgetMs) {
      const before = list.scrollTop;
      list.scrollTop = before + list.clientHeight;
      if (list.scrollTop <= before) return done({ passed: firstInView(), steps, ms: performance.now() - started, end: true });
      steps++;
      const stepStarted = performance.now();
      do {
        await frame();
        if (performance.now() - stepStarted > stepTimeoutMs) {
          return done({ error: 'rows ' + firstInView() + '… were still placeholders after ' + stepTimeoutMs + ' ms' });
        }
      } while (!rendered());
    }
    done({ passed: firstInView(), steps, ms: performance.now() - started, end: false, viewport: list.clientHeight, rowHeight });
  })().catch((e) => done({ error: String(e) }));
`;

/**
 * Scroll the journal's entry list from the top until `target` entries have passed the top of the
 * view, one screen per step, waiting for each screen's rows. Resolves with
 * { ms (wall clock, including the WebDriver round trips), pageMs (inside the page), steps, passed }.
 */
export async function scrollThrough(app, target, { stepTimeoutMs = 10_000 } = {}) {
  await app.session.execute(`document.querySelector('[data-testid="entry-list"]').scrollTop = 0; return true;`);
  const started = Date.now();
  let steps = 0;
  let pageMs = 0;
  let last = null;
  for (;;) {
    const chunk = await app.session.executeAsync(SCROLL_LIST, [target, 15_000, stepTimeoutMs], { timeoutMs: 15_000 + stepTimeoutMs + 10_000 });
    if (!chunk || chunk.error) throw new Error(`scrolling the entry list failed: ${chunk?.error ?? 'no answer from the page'}`);
    steps += chunk.steps;
    pageMs += chunk.ms;
    last = chunk;
    if (chunk.passed >= target) break;
    if (chunk.end) throw new Error(`the entry list ended after ${chunk.passed} entries, before ${target} had passed`);
  }
  return { ms: Date.now() - started, pageMs: Math.round(pageMs), steps, passed: last.passed, viewport: last.viewport, rowHeight: last.rowHeight };
}
