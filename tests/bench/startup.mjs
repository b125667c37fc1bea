// Start-up probe: time to a usable journal for one or more builds of Quire against the blank window,
// launched in turn in one run, with the journal window's own start-up marks. Only start-up is
// measured (no idle wait, no scroll), so a comparison of builds is much quicker than with
// tests/bench/app.mjs. A tool for finding out where start-up time goes; prints, asserts nothing.
//
//   scripts/with-test-session node tests/bench/startup.mjs [--size 100000] [--rounds 8] [--gap 500]
//       [--blank-like-quire] [name=path[,VAR=value...] ...]
//
// Each `name=path` is a build of Quire to compare (default: target/release/quire as "quire"). All of
// them open the same journal, prepared once with the first: signed in as the demo account, filled
// with examples/fill, analysed, then the provider stops.
import { realpathSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { log, quireBinary, repoRoot, sleep, startHarness } from '../e2e/harness.mjs';
import { appLogLines } from '../e2e/auth.mjs';
import { catchUpDone, filledJournal } from './journal.mjs';
import { pairedRatio, stats } from './report.mjs';
import { pageTimings, usableMoment, waitUsable, watchLaunch } from './measure.mjs';

const args = process.argv.slice(2);
const option = (flag, fallback) => {
  const i = args.indexOf(flag);
  if (i < 0) return fallback;
  const [value] = args.splice(i, 2).slice(1);
  return Number(value);
};
const size = option('--size', 100_000);
const rounds = option('--rounds', 8);
// ms between one app's exit and the next launch.
const gap = option('--gap', 500);
// Also the blank window with Quire's WebKit settings (see examples/blank_window.rs).
const likeQuire = args.includes('--blank-like-quire') && args.splice(args.indexOf('--blank-like-quire'), 1).length > 0;
// `name=path[,VAR=value…]`: a build, with environment of its own.
const builds = args.length
  ? args.map((a) => {
      const [build, ...vars] = a.split(',');
      const [name, path] = build.split('=');
      const env = Object.fromEntries(vars.map((v) => v.split('=')));
      return { name, bin: realpathSync(resolve(path)), env };
    })
  : [{ name: 'quire', bin: quireBinary() }];
const blankBin = join(repoRoot, 'target/release/examples/blank_window');

/** One launch until usable: spawn → mapped, page parsed, marks, usable (ms after spawn). */
async function launch(h, cfg, label, { whileOpen } = {}) {
  const watch = watchLaunch(cfg.bin, h.display);
  const app = await Object.create(h, { bin: { value: cfg.bin } }).launchApp({ dataDir: cfg.dataDir, label, env: cfg.env ?? {} });
  try {
    const usable = await waitUsable(app, cfg.ids);
    const seen = await Promise.race([watch.result(), sleep(5_000).then(() => null)]);
    if (!seen?.spawnAt) throw new Error(`${label}: the process never showed up`);
    const page = await pageTimings(app);
    const since = (at) => (at ? Math.round(at - seen.spawnAt) : null);
    const { at } = usableMoment(usable, { isStatic: !!cfg.static });
    if (whileOpen) await whileOpen(app);
    return {
      mapped: since(seen.mappedAt),
      navigation: since(page.timeOrigin),
      parsed: since(page.domInteractiveAt),
      bundle: since(page.marks['quire:bundle']),
      script: since(page.marks['quire:script']),
      data: since(page.marks['quire:data-ready']),
      mounted: since(page.marks['quire:journal-mounted']),
      usable: since(at),
      painted: since(page.firstContentfulPaintAt),
      marks: Object.fromEntries(Object.entries(page.marks).map(([name, at]) => [name.replace('quire:', ''), since(at)]).sort((a, b) => a[1] - b[1])),
    };
  } finally {
    watch.stop();
    await app.quit();
  }
}

const h = await startHarness();
const results = new Map();
try {
  const dataDir = await filledJournal(h, size, 'startup-prepare');
  const configs = [
    { name: 'blank', bin: realpathSync(blankBin), dataDir: h.newDataDir('blank'), ids: ['blank'], static: true },
    ...(likeQuire
      ? [{ name: 'blank-like-quire', bin: realpathSync(blankBin), dataDir: h.newDataDir('blankq'), ids: ['blank'], static: true, env: { QUIRE_BLANK_LIKE_QUIRE: '1' } }]
      : []),
    ...builds.map((b) => ({ ...b, dataDir, ids: ['journal', 'entry-item'] })),
  ];
  // Warm-up: a first WebKit start is slower, and a filled journal is analysed once (the first
  // build's warm-up stays open until that is done).
  const catchUp = () => catchUpDone(dataDir);
  const firstBuild = configs.find((cfg) => !cfg.static);
  for (const cfg of configs) await launch(h, cfg, `startup-warm-${cfg.name}`, { whileOpen: cfg === firstBuild ? catchUp : null });
  for (let round = 1; round <= rounds; round++) {
    for (const cfg of configs) {
      const r = await launch(h, cfg, `startup-${cfg.name}-r${round}`);
      log(`[${cfg.name} r${round}] ${JSON.stringify(r)}`);
      if (!results.has(cfg.name)) results.set(cfg.name, []);
      results.get(cfg.name).push(r);
      await sleep(gap);
    }
  }
  // How long the shell took before the first window, by step (its own log line).
  for (const line of appLogLines(dataDir).filter((l) => l.includes('first window built')).slice(-rounds)) log(line);
} finally {
  await h.stop();
}
const median = (xs) => stats(xs)?.median ?? null;
const blank = median(results.get('blank').map((r) => r.usable));
// In the shape report.mjs pairs by round.
const launches = [...results].flatMap(([config, rs]) => rs.map((r, i) => ({ config, round: i + 1, usableMs: r.usable })));
console.log(`\nmedians over ${rounds} rounds, ms after spawn (${size} entries); usable ÷ blank's first paint, of the medians and paired by round`);
for (const [name, rs] of results) {
  const m = Object.fromEntries(['mapped', 'navigation', 'parsed', 'bundle', 'script', 'data', 'mounted', 'usable', 'painted'].map((k) => [k, median(rs.map((r) => r[k]))]));
  const paired = pairedRatio(launches, name, 'blank');
  console.log(
    `${name.padEnd(12)} ${Object.entries(m).map(([k, v]) => `${k} ${v ?? '-'}`).join('  ')}  ratio ${(m.usable / blank).toFixed(2)}` +
      `  paired ${paired ? `${paired.median.toFixed(2)} (${paired.min.toFixed(2)}–${paired.max.toFixed(2)})` : '-'}`,
  );
}
process.exit(0);
