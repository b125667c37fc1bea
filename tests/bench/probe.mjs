// Memory probe: where the processes' memory goes, Quire against the blank window, under variants of
// the environment. Prepares one journal (signs in as demo, fills it, waits for its analysis), then for
// each variant launches the blank window and Quire, and prints PSS by process and the web and app
// processes' biggest mappings (from /proc/PID/smaps): after 10 s idle, after each scroll stage, and
// 10 s after the last. A tool for finding out, not a benchmark: one launch per variant.
//
//   scripts/with-test-session node tests/bench/probe.mjs
//   PROBE_SIZE=100000                 entries in the journal
//   PROBE_STAGES='[1000,5000,10000]'  scroll from the top to each of these, reading PSS after each
//   PROBE_VARIANTS='[{"name":"comp","env":{"QUIRE_WEBKIT_COMPOSITING":"on"}}]'  extra environment
//   PROBE_ROUNDS=1
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { log, repoRoot, sleep, startHarness } from '../e2e/harness.mjs';
import { catchUpDone, filledJournal } from './journal.mjs';
import { pssOf, scrollThrough, waitUsable } from './measure.mjs';

const size = Number(process.env.PROBE_SIZE ?? 100000);
const variants = JSON.parse(process.env.PROBE_VARIANTS ?? '[{"name":"default","env":{}}]');
const blankBin = join(repoRoot, 'target/release/examples/blank_window');

function smapsByName(pid) {
  const text = readFileSync(`/proc/${pid}/smaps`, 'utf8');
  const groups = new Map();
  let name = null;
  for (const line of text.split('\n')) {
    const m = /^[0-9a-f]+-[0-9a-f]+ \S+ \S+ \S+ \S+\s*(.*)$/.exec(line);
    if (m) { name = m[1] || '[anon]'; name = name.replace(/.*\//, ''); continue; }
    const p = /^Pss:\s+(\d+) kB/.exec(line);
    if (p && name) groups.set(name, (groups.get(name) ?? 0) + Number(p[1]));
  }
  return groups;
}
function report(tag, app) {
  const pss = pssOf(app.appPid);
  const parts = pss.processes.map((p) => `${p.name} ${(p.pss / 1024).toFixed(1)}`).join(', ');
  log(`${tag}: total ${(pss.totalKb / 1024).toFixed(1)} MiB (${parts})`);
  const web = pss.processes.find((p) => /^WebKitWebProces/.test(p.name));
  const out = { total: pss.totalKb, procs: pss.processes.map((p) => ({ name: p.name, pss: p.pss })) };
  if (web) {
    const g = [...smapsByName(web.pid)].sort((a, b) => b[1] - a[1]).slice(0, 12);
    log(`  web top: ${g.map(([n, k]) => `${n} ${(k / 1024).toFixed(1)}`).join(', ')}`);
    out.webTop = g;
  }
  const appG = [...smapsByName(app.appPid)].sort((a, b) => b[1] - a[1]).slice(0, 8);
  log(`  app top: ${appG.map(([n, k]) => `${n} ${(k / 1024).toFixed(1)}`).join(', ')}`);
  return out;
}

const h = await startHarness();
const results = [];
try {
  const dataDir = await filledJournal(h, size, 'prepare');
  // warm-up + catch-up
  {
    const a = await h.launchApp({ dataDir, label: 'warm' });
    await waitUsable(a, ['journal', 'entry-item']);
    await catchUpDone(dataDir);
    await a.quit();
  }
  const blankH = Object.create(h, { bin: { value: blankBin } });
  const blankDir = h.newDataDir('blank');
  for (let round = 0; round < Number(process.env.PROBE_ROUNDS ?? 1); round++) {
    for (const v of variants) {
      const r = { variant: v.name };
      let b = await blankH.launchApp({ dataDir: blankDir, label: `blank-${v.name}`, env: v.env });
      await waitUsable(b, ['blank']);
      await sleep(10000);
      r.blank = report(`blank ${v.name}`, b);
      await b.quit();
      await sleep(1000);
      const a = await h.launchApp({ dataDir, label: `quire-${v.name}`, env: v.env });
      await waitUsable(a, ['journal', 'entry-item']);
      await sleep(10000);
      r.idle = report(`quire ${v.name} idle`, a);
      for (const stage of JSON.parse(process.env.PROBE_STAGES ?? '[5000]')) {
        const s = await scrollThrough(a, stage);
        log(`scrolled ${s.passed} in ${s.ms} ms`);
        r.scroll = report(`quire ${v.name} scrolled ${stage}`, a);
      }
      await sleep(10000);
      r.after = report(`quire ${v.name} 10 s after scroll`, a);
      await a.quit();
      await sleep(1000);
      log(`== ${v.name}: idle +${((r.idle.total - r.blank.total) / 1024).toFixed(1)}, scroll +${((r.scroll.total - r.blank.total) / 1024).toFixed(1)}, after +${((r.after.total - r.blank.total) / 1024).toFixed(1)} MiB`);
      results.push(r);
    }
  }
} finally {
  await h.stop();
}
for (const r of results) console.log(`${r.variant}: blank ${(r.blank.total / 1024).toFixed(1)}, idle +${((r.idle.total - r.blank.total) / 1024).toFixed(1)}, scroll +${((r.scroll.total - r.blank.total) / 1024).toFixed(1)}, after +${((r.after.total - r.blank.total) / 1024).toFixed(1)}`);
process.exit(0);
