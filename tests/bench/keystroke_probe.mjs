// Where a keystroke's time goes in the real window: the editor's own work (CodeMirror's update and
// measure, timed on the live view), against a bare contenteditable and a textarea of the same size
// and font in the same window. Prints figures; asserts nothing.
//
//   scripts/with-test-session node tests/bench/keystroke_probe.mjs [--words 20000] [--keys 150]
import { log, sleep, startHarness } from '../e2e/harness.mjs';
import { clickItem, launchAndSignIn, waitForEditor, waitForEntryItem, waitForSaved } from '../e2e/journal.mjs';

const args = process.argv.slice(2);
const option = (flag, fallback) => {
  const i = args.indexOf(flag);
  return i < 0 ? fallback : Number(args[i + 1]);
};
const words = option('--words', 20_000);
const keys = option('--keys', 150);
const WORDS = 'the harbour was quiet and a ferry left at dusk while gulls circled over the old pier'.split(' ');

function longText(n) {
  const out = ['# A long entry', ''];
  let paragraph = [];
  for (let i = 0; i < n - 3; i += 1) {
    paragraph.push(WORDS[i % WORDS.length]);
    if (paragraph.length === 120) {
      out.push(`${paragraph.join(' ')}.`, '');
      paragraph = [];
    }
  }
  out.push(paragraph.join(' '));
  return out.join('\n');
}

/** Timers for each keydown: phases stamped by the patched view, then the frame's paint. */
const PROBE = `
  const content = document.querySelector('[data-testid="entry-editor"]');
  const view = content.cmTile.root.view;
  window.__probe = [];
  let current = null;
  const wrap = (name) => {
    const original = view[name].bind(view);
    view[name] = (...a) => {
      const t0 = performance.now();
      const r = original(...a);
      if (current) current[name] = (current[name] || 0) + performance.now() - t0;
      return r;
    };
  };
  wrap('update');
  wrap('measure');
  window.addEventListener('keydown', () => {
    const start = performance.now();
    const row = { start };
    current = row;
    window.__probe.push(row);
    document.addEventListener('input', () => { row.input = performance.now() - start; }, { once: true, capture: true });
    setTimeout(() => { row.task = performance.now() - start; }, 0);
    requestAnimationFrame(() => {
      row.frame = performance.now() - start;
      setTimeout(() => { row.paint = performance.now() - start; }, 0);
    });
  }, { capture: true });
  return true;
`;

const FIELDS = `
  const style = 'position:fixed;left:300px;top:60px;width:600px;height:300px;z-index:9999;background:Canvas;font:16px serif;overflow:auto;white-space:pre-wrap';
  const div = document.createElement('div');
  div.contentEditable = 'true';
  div.spellcheck = true;
  div.setAttribute('data-testid', 'probe-editable');
  div.style.cssText = style;
  div.textContent = arguments[0];
  document.body.append(div);
  const area = document.createElement('textarea');
  area.setAttribute('data-testid', 'probe-area');
  area.style.cssText = style + ';top:380px';
  area.value = arguments[0];
  document.body.append(area);
  return true;
`;

async function typeProbe(app, testId, label, { place } = {}) {
  await app.session.execute('window.__probe = []; return true;');
  const el = await app.byTestId(testId);
  if (place) await app.session.execute(place);
  const text = 'and then the tide came in ';
  for (let i = 0; i < keys; i += 1) {
    await el.sendKeys(text[i % text.length]);
    await sleep(40);
  }
  await sleep(300);
  const rows = (await app.session.execute('return window.__probe;')).slice(5);
  const p = (name, q) => {
    const v = rows.map((r) => r[name] ?? 0).sort((a, b) => a - b);
    return v[Math.min(v.length - 1, Math.floor(v.length * q))];
  };
  const line = ['input', 'update', 'task', 'measure', 'frame', 'paint']
    .map((n) => `${n} ${p(n, 0.5).toFixed(1)}/${p(n, 0.95).toFixed(1)}`)
    .join(', ');
  log(`${label} (n=${rows.length}, median/p95 ms from keydown): ${line}`);
}

/** Times opening the long entry from the short one, phase by phase. */
async function openProbe(app, length) {
  const rows = [];
  for (let i = 0; i < 12; i += 1) {
    await clickItem(app, await waitForEntryItem(app, 'A short entry'));
    await sleep(300);
    const item = await waitForEntryItem(app, 'A long entry');
    rows.push(
      await app.session.executeAsync(
        `const [item, length, done] = arguments;
         const internals = window.__TAURI_INTERNALS__;
         const invoke = internals.invoke;
         const row = {};
         const view = document.querySelector('[data-testid="entry-editor"]').cmTile.root.view;
         const setState = view.setState;
         const started = performance.now();
         internals.invoke = (cmd, ...a) => {
           const t0 = performance.now() - started;
           const p = invoke(cmd, ...a);
           if (cmd === 'get_entry') { row.ipcStart = t0; p.then(() => { row.ipcEnd = performance.now() - started; }); }
           return p;
         };
         view.setState = (s) => { row.setStateStart = performance.now() - started; setState.call(view, s); row.setStateEnd = performance.now() - started; };
         item.click();
         const look = () => {
           if (view.state.doc.length === length) {
             requestAnimationFrame(() => setTimeout(() => {
               row.painted = performance.now() - started;
               internals.invoke = invoke; delete view.setState;
               done(row);
             }, 0));
           } else setTimeout(look, 0);
         };
         look();`,
        [item, length],
        { timeoutMs: 30_000 },
      ),
    );
    await sleep(300);
  }
  const med = (k) => {
    const v = rows.map((r) => r[k] ?? NaN).sort((a, b) => a - b);
    return v[Math.floor(v.length / 2)].toFixed(1);
  };
  log(`open the long entry (median ms from the click): get_entry sent ${med('ipcStart')}, answered ${med('ipcEnd')}, ` +
    `setState ${med('setStateStart')}–${med('setStateEnd')}, painted ${med('painted')}`);
}

const h = await startHarness();
try {
  const { app } = await launchAndSignIn(h, { dataDir: h.newDataDir('keystroke-probe'), label: 'probe' });
  await (await app.byTestId('new-entry')).click();
  await (await waitForEditor(app)).sendKeys('A short entry');
  await waitForSaved(app);
  await (await app.byTestId('new-entry')).click();
  await waitForEditor(app);
  const text = longText(words);
  await app.session.execute(
    `const data = new DataTransfer(); data.setData('text/plain', arguments[0]);
     const editor = document.querySelector('[data-testid="entry-editor"]'); editor.focus();
     editor.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
     return true;`,
    [text],
    { timeoutMs: 60_000 },
  );
  await waitForSaved(app);
  await sleep(3000);
  await openProbe(app, text.length);
  await app.session.execute(PROBE);
  const toEnd = `const e = document.querySelector('[data-testid="entry-editor"]'); e.focus();
    const v = e.cmTile.root.view; v.dispatch({ selection: { anchor: v.state.doc.length }, scrollIntoView: true }); return true;`;
  await typeProbe(app, 'entry-editor', `editor, ${words} words, at the end`, { place: toEnd });
  await typeProbe(app, 'entry-editor', `editor, ${words} words, again`);
  await clickItem(app, await waitForEntryItem(app, 'A short entry'));
  await sleep(1000);
  await app.session.execute(`const e = document.querySelector('[data-testid="entry-editor"]'); e.focus(); return true;`);
  await typeProbe(app, 'entry-editor', 'editor, a short entry');
  await app.session.execute(FIELDS, [text.slice(0, 4000)]);
  await typeProbe(app, 'probe-editable', 'bare contenteditable, 4,000 characters', {
    place: `const d = document.querySelector('[data-testid="probe-editable"]'); d.focus();
      const r = document.createRange(); r.selectNodeContents(d); r.collapse(false); getSelection().removeAllRanges(); getSelection().addRange(r); return true;`,
  });
  await typeProbe(app, 'probe-area', 'textarea, 4,000 characters');
  // The editor's own DOM and styles without its script: a copy of what it shows, typed into.
  await app.session.execute(`document.querySelector('[data-testid="probe-editable"]').remove(); document.querySelector('[data-testid="probe-area"]').remove();
    const editor = document.querySelector('.cm-editor');
    const copy = editor.cloneNode(true);
    editor.parentNode.replaceChild(copy, editor);
    const content = copy.querySelector('.cm-content');
    content.setAttribute('data-testid', 'probe-copy');
    content.setAttribute('contenteditable', 'true');
    return true;`);
  await typeProbe(app, 'probe-copy', "a copy of the editor's DOM, without its script", {
    place: `const d = document.querySelector('[data-testid="probe-copy"]'); d.focus();
      const lines = d.querySelectorAll('.cm-line'); const line = lines[lines.length - 1];
      const r = document.createRange(); r.selectNodeContents(line); r.collapse(false); getSelection().removeAllRanges(); getSelection().addRange(r); return true;`,
  });
  await app.quit();
} finally {
  await h.stop();
}
