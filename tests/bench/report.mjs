// The whole-app benchmark's output: medians and ranges per figure and configuration, the table
// printed at the end, and the plot (an SVG drawn here by hand, turned into a PNG with ImageMagick).

import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';

/** Median, min and max of the numbers (nulls skipped); null when there are none. */
export function stats(values) {
  const xs = values.filter((v) => typeof v === 'number' && Number.isFinite(v)).sort((a, b) => a - b);
  if (!xs.length) return null;
  const mid = xs.length >> 1;
  const median = xs.length % 2 ? xs[mid] : (xs[mid - 1] + xs[mid]) / 2;
  return { median, min: xs[0], max: xs[xs.length - 1], n: xs.length };
}

/** "10k", "100k", "2.5k", "800". */
export function shortCount(n) {
  return n >= 1000 ? `${+(n / 1000).toFixed(1)}k` : String(n);
}

/** The figures each launch record may carry, as they are printed and summarised. */
export const FIGURES = [
  { key: 'othersStartCpuPercent', label: 'others\' CPU during start-up', unit: '% of a core' },
  { key: 'appStartingMs', label: 'spawn → app logs "starting"', unit: 'ms' },
  { key: 'journalOpenMs', label: 'spawn → journal opened (deleted purged)', unit: 'ms' },
  { key: 'mappedMs', label: 'spawn → window mapped', unit: 'ms' },
  { key: 'navigationMs', label: 'spawn → page navigation starts', unit: 'ms' },
  { key: 'domInteractiveMs', label: 'spawn → page parsed (domInteractive)', unit: 'ms' },
  { key: 'fcpMs', label: 'spawn → first contentful paint', unit: 'ms' },
  { key: 'scriptMs', label: 'spawn → script runs (mark)', unit: 'ms' },
  { key: 'dataReadyMs', label: 'spawn → session and first page in (mark)', unit: 'ms' },
  { key: 'journalMountedMs', label: 'spawn → journal committed (mark)', unit: 'ms' },
  { key: 'usableMs', label: 'spawn → usable', unit: 'ms' },
  { key: 'idleCpuPercent', label: 'CPU, 2nd half of the idle wait', unit: '% of a core' },
  { key: 'idlePssKb', label: 'idle PSS, all processes', unit: 'MiB' },
  { key: 'idleAppKb', label: '  app (UI) process', unit: 'MiB' },
  { key: 'idleWebKb', label: '  WebKitWebProcess', unit: 'MiB' },
  { key: 'idleNetworkKb', label: '  WebKitNetworkProcess', unit: 'MiB' },
  { key: 'idleOtherKb', label: '  other helpers', unit: 'MiB' },
  { key: 'idleAnonKb', label: '  anonymous (heaps, JIT, buffers)', unit: 'MiB' },
  { key: 'idleFileKb', label: '  file-backed (libraries, fonts)', unit: 'MiB' },
  { key: 'scrollMs', label: 'scroll N entries', unit: 'ms' },
  { key: 'othersScrollCpuPercent', label: 'others\' CPU during the scroll', unit: '% of a core' },
  { key: 'scrollPssKb', label: 'PSS after the scroll', unit: 'MiB' },
  { key: 'scrollAppKb', label: '  app (UI) process', unit: 'MiB' },
  { key: 'scrollWebKb', label: '  WebKitWebProcess', unit: 'MiB' },
];

/** summary[config][figure] = stats of that figure over the config's launches. */
export function summarise(configs, launches) {
  const summary = {};
  for (const { id } of configs) {
    const mine = launches.filter((l) => l.config === id);
    summary[id] = {};
    for (const { key } of FIGURES) {
      const s = stats(mine.map((l) => l[key]));
      if (s) summary[id][key] = s;
    }
  }
  return summary;
}

/**
 * Each round's time to usable over the yardstick's in the same round: launches alternate, so a
 * busy stretch of the machine slows both sides of a pair, where it can move either median alone.
 * Stats over the rounds; null without pairs.
 */
export function pairedRatio(launches, config, yardstick, key = 'usableMs') {
  const byRound = (id) => new Map(launches.filter((l) => l.config === id && l.round > 0).map((l) => [l.round, l[key]]));
  const theirs = byRound(yardstick);
  const pairs = [...byRound(config)].filter(([round, v]) => typeof v === 'number' && typeof theirs.get(round) === 'number');
  return stats(pairs.map(([round, v]) => v / theirs.get(round)));
}

/**
 * The ratios the budgets are written in, for each journal size against each yardstick (the blank
 * window as Tauri makes it, and with Quire's WebKit settings), from medians, and time to usable
 * also paired by round.
 */
export function ratios(configs, summary, launches = []) {
  const out = [];
  for (const y of configs.filter((c) => c.yardstick)) {
    const blank = summary[y.id];
    for (const c of configs.filter((c) => c.size)) {
      const q = summary[c.id];
      const mib = (kb) => kb / 1024;
      out.push({
        config: c.id,
        name: c.name,
        yardstick: y.id,
        yardstickName: y.name,
        usableOverBlankPaint: q.usableMs && blank.usableMs ? q.usableMs.median / blank.usableMs.median : null,
        usableOverBlankPaintPaired: pairedRatio(launches, c.id, y.id),
        // Paint against paint: the journal window paints nothing before the journal itself.
        paintedOverBlankPainted: q.fcpMs && blank.fcpMs ? q.fcpMs.median / blank.fcpMs.median : null,
        idleOverBlankMiB: q.idlePssKb && blank.idlePssKb ? mib(q.idlePssKb.median - blank.idlePssKb.median) : null,
        scrollOverBlankMiB: q.scrollPssKb && blank.idlePssKb ? mib(q.scrollPssKb.median - blank.idlePssKb.median) : null,
      });
    }
  }
  return out;
}

const fmt = (v, unit) => (unit === 'MiB' ? (v / 1024).toFixed(1) : unit === 'ms' ? String(Math.round(v)) : v.toFixed(1));

function cell(s, unit) {
  if (!s) return '—';
  const median = fmt(s.median, unit);
  return s.n > 1 ? `${median} (${fmt(s.min, unit)}–${fmt(s.max, unit)})` : median;
}

/** The table of medians and ranges, the sign-in figure and the ratios, as printable text. */
export function table({ configs, summary, signIn, ratios: rs, scrollTarget, rounds }) {
  const header = ['figure', ...configs.map((c) => c.name)];
  const rows = [];
  for (const f of FIGURES) {
    if (!configs.some((c) => summary[c.id][f.key])) continue;
    const label = f.key === 'scrollMs' ? `scroll ${scrollTarget.toLocaleString('en')} entries` : f.label;
    rows.push([`${label} (${f.unit})`, ...configs.map((c) => cell(summary[c.id][f.key], f.unit))]);
  }
  const widths = header.map((_, i) => Math.max(...[header, ...rows].map((r) => r[i].length)));
  const line = (r) => r.map((v, i) => (i === 0 ? v.padEnd(widths[i]) : v.padStart(widths[i]))).join('   ');
  const out = [
    `Medians over ${rounds} round${rounds === 1 ? '' : 's'}, range (min–max) in brackets:`,
    '',
    line(header),
    widths.map((w) => '─'.repeat(w)).join('   '),
    ...rows.map(line),
    '',
  ];
  const s = stats(signIn);
  out.push(`sign-in redirect → journal window (app log, elapsed_ms): ${s ? `${cell(s, 'ms')} ms over ${s.n} fresh sign-ins` : '—'}`);
  out.push('');
  out.push('Ratios (medians; "blank first paint" is that blank window\'s spawn → usable):');
  for (const r of rs) {
    const x = (v, f) => (v === null ? '—' : f(v));
    out.push(
      `  ${r.name} vs ${r.yardstickName}: time to usable / blank first paint = ${x(r.usableOverBlankPaint, (v) => `${v.toFixed(2)}×`)}` +
        ` (paired by round: ${x(r.usableOverBlankPaintPaired, (p) => `${p.median.toFixed(2)}×, ${p.min.toFixed(2)}–${p.max.toFixed(2)}`)}); ` +
        `first contentful paint / blank's = ${x(r.paintedOverBlankPainted, (v) => `${v.toFixed(2)}×`)}; ` +
        `idle PSS − blank = ${x(r.idleOverBlankMiB, (v) => `${v.toFixed(1)} MiB`)}; ` +
        `PSS after the scroll − blank = ${x(r.scrollOverBlankMiB, (v) => `${v.toFixed(1)} MiB`)}`,
    );
  }
  return out.join('\n');
}

// ---------------------------------------------------------------------------
// The plot.

const FONT = 'DejaVu Sans, Liberation Sans, sans-serif';
const esc = (s) => String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** A round step for about five ticks up to `max`. */
function tickStep(max) {
  const raw = max / 5;
  const mag = 10 ** Math.floor(Math.log10(raw || 1));
  return [1, 2, 2.5, 5, 10].map((m) => m * mag).find((s) => s >= raw);
}

/**
 * One panel of grouped bars with min–max whiskers. groups: [{label, bars: [{series, stat,
 * segments?: [{series, value}]}]}]; values are already in the panel's unit.
 */
function panel({ x, y, w, h, title, unit, groups, series }) {
  const colour = Object.fromEntries(series.map((s) => [s.name, s.colour]));
  // The axis stops at 2.5 times the largest median, so that one slow launch cannot flatten every
  // bar; a whisker that goes beyond ends in an arrow with its value.
  const bars = groups.flatMap((g) => g.bars);
  const reach = Math.min(Math.max(...bars.map((b) => b.stat.max), 1), 2.5 * Math.max(...bars.map((b) => b.stat.median), 1));
  const step = tickStep(reach);
  const top = Math.ceil(reach / step) * step;
  const left = x + 56;
  const bottom = y + h - 40;
  const plotH = h - 80;
  const plotW = w - 70;
  const sy = (v) => bottom - (v / top) * plotH;
  const parts = [`<text x="${x + w / 2}" y="${y + 18}" text-anchor="middle" font-size="15" font-weight="bold">${esc(title)}</text>`];
  for (let v = 0; v <= top + 1e-9; v += step) {
    parts.push(`<line x1="${left}" x2="${left + plotW}" y1="${sy(v)}" y2="${sy(v)}" stroke="#ddd"/>`);
    parts.push(`<text x="${left - 6}" y="${sy(v) + 4}" text-anchor="end" font-size="11" fill="#555">${+v.toFixed(2)}</text>`);
  }
  parts.push(`<text x="${x + 12}" y="${y + h / 2}" font-size="12" fill="#555" transform="rotate(-90 ${x + 12} ${y + h / 2})" text-anchor="middle">${esc(unit)}</text>`);
  const groupW = plotW / groups.length;
  groups.forEach((g, gi) => {
    const gx = left + gi * groupW;
    const barW = Math.min(46, (groupW - 24) / Math.max(g.bars.length, 1));
    const start = gx + (groupW - barW * g.bars.length) / 2;
    g.bars.forEach((b, bi) => {
      const bx = start + bi * barW;
      let base = 0;
      for (const seg of b.segments ?? [{ series: b.series, value: b.stat.median }]) {
        parts.push(`<rect x="${bx + 2}" y="${sy(base + seg.value)}" width="${barW - 4}" height="${Math.max(0, sy(base) - sy(base + seg.value))}" fill="${colour[seg.series]}"/>`);
        base += seg.value;
      }
      const cx = bx + barW / 2;
      const round = (v) => (v >= 100 ? Math.round(v) : +v.toFixed(1));
      const clipped = b.stat.max > top;
      if (b.stat.n > 1) {
        const high = Math.min(b.stat.max, top);
        parts.push(`<line x1="${cx}" x2="${cx}" y1="${sy(b.stat.min)}" y2="${sy(high)}" stroke="#222" stroke-width="1.5"/>`);
        parts.push(`<line x1="${cx - 6}" x2="${cx + 6}" y1="${sy(b.stat.min)}" y2="${sy(b.stat.min)}" stroke="#222" stroke-width="1.5"/>`);
        if (clipped) {
          parts.push(`<path d="M ${cx - 5} ${sy(top) + 7} L ${cx} ${sy(top)} L ${cx + 5} ${sy(top) + 7} Z" fill="#222"/>`);
          parts.push(`<text x="${cx}" y="${sy(top) - 4}" text-anchor="middle" font-size="9" fill="#a00">max ${round(b.stat.max)}</text>`);
        } else parts.push(`<line x1="${cx - 6}" x2="${cx + 6}" y1="${sy(b.stat.max)}" y2="${sy(b.stat.max)}" stroke="#222" stroke-width="1.5"/>`);
      }
      // The median's value sits just above its bar, haloed so a whisker does not hide it.
      parts.push(
        `<text x="${cx}" y="${sy(b.stat.median) - 4}" text-anchor="middle" font-size="10" font-weight="bold" fill="#222" ` +
          `stroke="white" stroke-width="3" paint-order="stroke">${round(b.stat.median)}</text>`,
      );
      if (b.label) parts.push(`<text x="${cx}" y="${bottom + 11}" text-anchor="middle" font-size="9" fill="#555">${esc(b.label)}</text>`);
    });
    const under = g.bars.some((b) => b.label) ? 24 : 18;
    parts.push(`<text x="${gx + groupW / 2}" y="${bottom + under}" text-anchor="middle" font-size="12">${esc(g.label)}</text>`);
  });
  parts.push(`<line x1="${left}" x2="${left + plotW}" y1="${bottom}" y2="${bottom}" stroke="#333"/>`);
  // Legend, under the axis (about 6.5 px a character at this size).
  let lx = left;
  for (const s of series) {
    parts.push(`<rect x="${lx}" y="${bottom + 29}" width="10" height="10" fill="${s.colour}"/>`);
    parts.push(`<text x="${lx + 14}" y="${bottom + 38}" font-size="11">${esc(s.name)}</text>`);
    lx += 30 + s.name.length * 6.5;
  }
  return parts.join('\n');
}

/** The plot as SVG text: time to window and to usable, and memory, per configuration. */
export function plotSvg({ configs, summary, title, subtitle }) {
  const mib = (s) => s && { median: s.median / 1024, min: s.min / 1024, max: s.max / 1024, n: s.n };
  const timeSeries = [
    { name: 'spawn → window mapped', colour: '#9ecae1' },
    { name: 'spawn → usable', colour: '#3182bd' },
  ];
  const timeGroups = configs.map((c) => ({
    label: c.name,
    bars: [
      { series: timeSeries[0].name, stat: summary[c.id].mappedMs },
      { series: timeSeries[1].name, stat: summary[c.id].usableMs },
    ].filter((b) => b.stat),
  }));
  const memSeries = [
    { name: 'app process', colour: '#fdae6b' },
    { name: 'WebKitWebProcess', colour: '#e6550d' },
    { name: 'network + other', colour: '#a1d99b' },
  ];
  // Each bar is stacked by process from the medians of each part; the whisker is the total's range.
  const memGroups = configs.map((c) => {
    const s = summary[c.id];
    const seg = (key) => s[key]?.median / 1024 || 0;
    const idle = {
      label: 'idle',
      stat: mib(s.idlePssKb),
      segments: [
        { series: 'app process', value: seg('idleAppKb') },
        { series: 'WebKitWebProcess', value: seg('idleWebKb') },
        { series: 'network + other', value: seg('idleNetworkKb') + seg('idleOtherKb') },
      ],
    };
    if (!s.scrollPssKb) return { label: c.name, bars: [idle].filter((b) => b.stat) };
    const [app, web] = [seg('scrollAppKb'), seg('scrollWebKb')];
    const scrolled = {
      label: 'scrolled',
      stat: mib(s.scrollPssKb),
      segments: [
        { series: 'app process', value: app },
        { series: 'WebKitWebProcess', value: web },
        { series: 'network + other', value: Math.max(0, s.scrollPssKb.median / 1024 - app - web) },
      ],
    };
    return { label: c.name, bars: [idle, scrolled].filter((b) => b.stat) };
  });
  const W = 1000;
  const H = 470;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="${FONT}">`,
    `<rect width="${W}" height="${H}" fill="white"/>`,
    `<text x="${W / 2}" y="26" text-anchor="middle" font-size="18" font-weight="bold">${esc(title)}</text>`,
    `<text x="${W / 2}" y="46" text-anchor="middle" font-size="12" fill="#555">${esc(subtitle)}</text>`,
    panel({ x: 10, y: 60, w: 480, h: 400, title: 'Start-up (ms from spawn)', unit: 'ms', groups: timeGroups, series: timeSeries }),
    panel({ x: 510, y: 60, w: 480, h: 400, title: 'PSS of all the app\'s processes (MiB)', unit: 'MiB', groups: memGroups, series: memSeries }),
    '</svg>',
    '',
  ].join('\n');
}

/**
 * Write the SVG and convert it to PNG with ImageMagick (which reads SVG through librsvg's
 * rsvg-convert). Resolves with {svg, png}; png is null, with `warning`, when the conversion failed.
 */
export function writePlot(svgText, svgPath, pngPath) {
  writeFileSync(svgPath, svgText);
  const r = spawnSync('convert', [svgPath, pngPath], { encoding: 'utf8', timeout: 60_000 });
  if (r.status === 0) return { svg: svgPath, png: pngPath };
  const why = r.error?.message ?? r.stderr?.trim() ?? `exit status ${r.status}`;
  return {
    svg: svgPath,
    png: null,
    warning:
      `could not convert the plot to PNG with ImageMagick's convert: ${why.split('\n')[0]}\n` +
      `  (ImageMagick reads SVG through rsvg-convert: install the Debian package librsvg2-bin)`,
  };
}
