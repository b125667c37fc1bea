// End-to-end: bad input through the real IPC. From the journal window, through WebDriver's execute
// script, the test calls the app's commands the way a compromised or buggy page could, with
// `window.__TAURI_INTERNALS__.invoke`: texts with lone surrogates, a 10 MB text, texts at and just
// over MAX_ENTRY_BYTES, ids that are not entry ids, another account's entry ids, and FTS5 syntax as
// search input. Every call must answer with a clear error or a sane result, the app must stay up and
// keep saving, and the other account's entries must stay unread and unchanged on disk.
//
// Each account has a journal file of its own (accounts/<id>/quire.sqlite3, under its own key), so
// bob's entries are not in the file demo's session has open at all: the app must never open bob's
// file while demo is signed in, must leave its bytes alone, and must answer bob's entry ids as ids it
// does not know. Bob's journal is read here from a copy (readJournal's snapshot), so that reading it
// changes none of its files either.
//
// Big strings and lone surrogates are built inside the page (see `$text` below): WebDriver carries
// arguments as JSON, and a lone surrogate would not reach the page as itself.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startHarness, isAlive, log, repoRoot } from './harness.mjs';
import { signIn, signOut } from './auth.mjs';
import { launchAndSignIn, writeEntry } from './journal.mjs';
import { DATABASE_FILE, accountDir, accountId, isSound, readJournal } from './db.mjs';
import { holdersOf } from './processes.mjs';

/** MAX_ENTRY_BYTES, read from the store's source so the test follows it. */
const MAX_ENTRY_BYTES = (() => {
  const source = readFileSync(join(repoRoot, 'crates', 'core', 'src', 'store', 'entries.rs'), 'utf8');
  const m = /pub const MAX_ENTRY_BYTES: usize = ([\d_ *]+);/.exec(source);
  if (!m) throw new Error('MAX_ENTRY_BYTES not found in crates/core/src/store/entries.rs');
  return m[1].split('*').reduce((product, n) => product * Number(n.trim().replace(/_/g, '')), 1);
})();
const MiB = 1024 * 1024;

let h;
let app;
before(async () => {
  h = await startHarness();
});
after(async () => {
  await app?.kill();
  await h?.stop();
});

/**
 * Runs in the page: builds the arguments (`{$text: [...]}` becomes a string made of its parts: a
 * string as is, {code} as that UTF-16 code unit, {repeat, times} as repeated text), calls the command
 * and answers {ok, value | error, ms, sent}. Long strings in the answer come back as
 * {$length, $head, $tail}, and `sent` says what each built string was (length, lone surrogates).
 */
const INVOKE = `
  const [cmd, args, done] = [arguments[0], arguments[1], arguments[arguments.length - 1]];
  const sent = {};
  const build = (v, key) => {
    if (Array.isArray(v)) return v.map((x) => build(x, key));
    if (v && typeof v === 'object' && Array.isArray(v.$text)) {
      const s = v.$text.map((p) => typeof p === 'string' ? p : p.code !== undefined ? String.fromCharCode(p.code) : p.repeat.repeat(p.times)).join('');
      sent[key] = { length: s.length, utf8: new TextEncoder().encode(s).length, loneSurrogates: /\\p{Surrogate}/u.test(s) };
      return s;
    }
    if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, build(x, k)]));
    return v;
  };
  const shrink = (v) => {
    if (typeof v === 'string') return v.length > 300 ? { $length: v.length, $head: v.slice(0, 40), $tail: v.slice(-40) } : v;
    if (Array.isArray(v)) return v.map(shrink);
    if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, shrink(x)]));
    return v;
  };
  const started = performance.now();
  const ms = () => Math.round(performance.now() - started);
  let built;
  try {
    built = build(args, 'args');
  } catch (e) {
    done({ ok: false, failure: 'building the arguments failed: ' + e, ms: 0, sent });
    return;
  }
  Promise.resolve()
    .then(() => window.__TAURI_INTERNALS__.invoke(cmd, built))
    .then(
      (value) => done({ ok: true, value: shrink(value), ms: ms(), sent }),
      (error) => done({ ok: false, failure: shrink(error && typeof error === 'object' ? error : String(error)), ms: ms(), sent }),
    );
`;

/** Call a command from the journal window; resolves with {ok, value | error, ms, sent}. */
async function call(cmd, args, { timeoutMs = 120_000 } = {}) {
  // The page says `failure`, not `error`: WebDriver answers whose value has an `error` are errors.
  const { failure, ...r } = await app.session.executeAsync(INVOKE, [cmd, args], { timeoutMs });
  if (!r.ok) r.error = failure;
  const shown = JSON.stringify(r.ok ? r.value : r.error);
  log(`  ${cmd}(${describeArgs(args)}) -> ${r.ok ? 'ok' : 'error'} ${shown.length > 200 ? `${shown.slice(0, 200)}…` : shown} (${r.ms} ms)`);
  return r;
}

/** No filter: every journal, tag and date. */
const ALL = { journal: null, tag: null, from: null, to: null, starred: false, mood: null };

/** `list_entries` with no filter. */
function listEntries(offset, limit) {
  return call('list_entries', { filter: ALL, offset, limit });
}

/** `search_entries` for `text` (a string or a `text(…)` part), the first page, newest first. */
function search(text, limit) {
  return call('search_entries', { request: { text, filter: ALL, order: 'newest', cursor: null, limit } });
}

function describeArgs(args) {
  return JSON.stringify(args, (k, v) => (typeof v === 'string' && v.length > 60 ? `${v.slice(0, 40)}…(${v.length})` : v)).slice(0, 160);
}

/** Text parts for the page: `text(' abc', {code: 0xD800})`. */
const text = (...parts) => ({ $text: parts });

/** The error is one a person can act on: the app's {code, message} with one of `codes`, or Tauri's refusal of malformed arguments. */
function assertClearError(r, codes, what) {
  assert.equal(r.ok, false, `${what}: must be refused, got ${JSON.stringify(r.value)}`);
  if (typeof r.error === 'string') {
    assert.match(r.error, /invalid args|invalid type|missing required key/i, `${what}: Tauri's error names the bad argument`);
  } else {
    assert.ok(codes.includes(r.error?.code), `${what}: error code ${r.error?.code} is one of ${codes.join(', ')} (${JSON.stringify(r.error)})`);
    assert.ok(typeof r.error.message === 'string' && r.error.message.length > 10, `${what}: the error has a message`);
  }
}

/** The app process is still running and a plain save of `own` still works and reaches the disk. */
async function assertStillSaving(own, dataDir, note) {
  assert.ok(isAlive(app.appPid), `the app is still running after ${note}`);
  const marker = `still saving after ${note} ${Date.now()}`;
  const r = await call('save_entry', { id: own, content: marker });
  assert.equal(r.ok, true, `a normal save works after ${note}: ${JSON.stringify(r.error)}`);
  assert.equal(readJournal(dataDir).entries.find((e) => e.id === own)?.content, marker, `the normal save after ${note} is on disk`);
}

// Shared between the tests below, which run in order.
const dataDir = () => state.dataDir;
const state = { dataDir: null, own: null, bob: null, bobLive: null, bobDeleted: null, bobWord: null, bobBefore: null, bobFiles: null };

/** Bob's two entries as they are on disk now, in his own journal (read from a copy). */
function bobsEntries() {
  return readJournal(dataDir(), { account: state.bob, snapshot: true }).entries.filter((e) => e.id === state.bobLive || e.id === state.bobDeleted);
}

/** Bob's journal file and its write-ahead log and shared memory, if any: {name: sha256}. */
function bobsFiles() {
  const folder = accountDir(dataDir(), { id: state.bob });
  return Object.fromEntries(
    ['', '-wal', '-shm']
      .map((suffix) => join(folder, `${DATABASE_FILE}${suffix}`))
      .filter((file) => existsSync(file))
      .map((file) => [file, createHash('sha256').update(readFileSync(file)).digest('hex')]),
  );
}

/** Bob's files are exactly as they were when demo signed in, and the app does not have them open. */
function assertBobUntouched(note) {
  assert.deepEqual(bobsFiles(), state.bobFiles, `bob's journal files are byte for byte as they were (${note})`);
  for (const file of Object.keys(state.bobFiles)) {
    assert.deepEqual(holdersOf(file), [], `no process has bob's ${file} open (${note})`);
  }
}

test('setup: bob writes two entries (one deleted), then demo signs in on the same computer, with a journal of his own', { timeout: 120_000 }, async () => {
  state.dataDir = h.newDataDir('bad-input');
  state.bobWord = `gullfinch${Date.now().toString(36)}`;
  ({ app } = await launchAndSignIn(h, { dataDir: dataDir(), label: 'bad-input', login: 'bob' }));
  await writeEntry(app, `Bob's own page\nThe ${state.bobWord} is bob's secret.`);
  const created = await call('create_entry', {});
  assert.equal(created.ok, true, 'bob can create a second entry');
  assert.equal((await call('save_entry', { id: created.value.id, content: `Bob's deleted page ${state.bobWord}` })).ok, true);
  assert.equal((await call('delete_entry', { id: created.value.id })).ok, true, 'bob deletes his second entry');
  const page = await listEntries(0, 10);
  state.bobLive = page.value.items.find((e) => e.title === "Bob's own page")?.id;
  state.bobDeleted = created.value.id;
  assert.ok(state.bobLive, `bob's entry is listed: ${JSON.stringify(page.value)}`);

  state.bob = accountId(dataDir());
  const bobsDatabase = join(accountDir(dataDir(), { id: state.bob }), DATABASE_FILE);

  await signOut(app);
  await signIn(app, { login: 'demo' });
  await writeEntry(app, 'Demo writes here\nfirst words');
  const own = await listEntries(0, 10);
  assert.equal(own.value.items.length, 1, `demo sees only his own entry: ${JSON.stringify(own.value.items.map((e) => e.title))}`);
  state.own = own.value.items[0].id;
  const demo = accountId(dataDir());
  assert.notEqual(demo, state.bob, 'demo has an account, and a journal, of his own');
  assert.equal(accountId(dataDir(), { subject: 'bob' }), state.bob, "accounts.json lists bob's account");
  // The app lets go of bob's journal once he signs out (when the work in flight for him is done).
  await app.waitFor(() => holdersOf(bobsDatabase).length === 0, {
    timeout: 15_000,
    what: () => `the app to close bob's journal after he signed out (holders: ${JSON.stringify(holdersOf(bobsDatabase))})`,
  });
  state.bobFiles = bobsFiles();
  state.bobBefore = bobsEntries();
  assert.equal(state.bobBefore.length, 2, "bob's two entries are on disk, in his journal");
  const demosJournal = readJournal(dataDir());
  assert.deepEqual(demosJournal.entries.map((e) => e.id), [state.own], "demo's journal holds only demo's entry");
  assert.equal(demosJournal.users.length, 1, `demo's journal knows only demo: ${JSON.stringify(demosJournal.users)}`);
  assert.ok(!JSON.stringify(demosJournal).includes(state.bobWord), "nothing of bob's is in demo's journal");
  log(`demo's entry ${state.own} in account ${demo}; bob's entries ${state.bobLive} (live), ${state.bobDeleted} (deleted) in account ${state.bob}`);
});

test('texts with lone surrogates are refused whole and never reach the disk; a NUL and a valid pair are kept', { timeout: 60_000 }, async () => {
  // Tauri sends the arguments as JSON, where a lone surrogate can only be a `\uD800` escape, and
  // serde_json refuses those: the call fails before the command runs, so nothing is stored.
  const lone = [
    { what: "'\\uD800'", content: text({ code: 0xd800 }) },
    { what: "'a\\uDC00b'", content: text('a', { code: 0xdc00 }, 'b') },
    { what: "'x\\uDC00\\uD800y' (a pair the wrong way round)", content: text('x', { code: 0xdc00 }, { code: 0xd800 }, 'y') },
  ];
  const before = readJournal(dataDir()).entries.find((e) => e.id === state.own).content;
  for (const c of lone) {
    const r = await call('save_entry', { id: state.own, content: c.content });
    const disk = readJournal(dataDir()).entries.find((e) => e.id === state.own)?.content;
    log(`  ${c.what}: sent with lone surrogates: ${r.sent.content?.loneSurrogates}; ${r.ok ? 'saved' : `refused (${JSON.stringify(r.error)})`}; on disk: ${JSON.stringify(disk)}`);
    assert.equal(r.sent.content.loneSurrogates, true, `${c.what}: the page really sent a lone surrogate`);
    assert.equal(r.ok, false, `${c.what} is refused, not stored (stored as ${JSON.stringify(disk)})`);
    assert.match(String(r.error), /surrogate|hex escape/i, `${c.what}: the error names the malformed text`);
    assert.equal(disk, before, `${c.what}: the entry on disk is left as it was`);
  }
  const kept = [
    { what: 'a valid surrogate pair (U+1F600)', content: text('ok ', { code: 0xd83d }, { code: 0xde00 }), stored: 'ok \u{1F600}' },
    { what: 'a NUL inside the text', content: text('before', { code: 0 }, 'after'), stored: 'before\u0000after' },
  ];
  for (const c of kept) {
    const r = await call('save_entry', { id: state.own, content: c.content });
    assert.equal(r.ok, true, `${c.what} is saved: ${JSON.stringify(r.error)}`);
    assert.equal(readJournal(dataDir()).entries.find((e) => e.id === state.own)?.content, c.stored, `${c.what} is on disk exactly`);
    assert.equal((await call('get_entry', { id: state.own })).value.content, c.stored, `${c.what} reads back exactly`);
  }
  await assertStillSaving(state.own, dataDir(), 'lone surrogates');
});

test('a 10 MB text is saved whole; the limit is in UTF-8 bytes and one byte over is refused', { timeout: 300_000 }, async () => {
  const tenMB = await call('save_entry', { id: state.own, content: text('ten megabytes\n', { repeat: 'x', times: 10 * MiB }) });
  assert.equal(tenMB.ok, true, `a 10 MB text is saved: ${JSON.stringify(tenMB.error)}`);
  let disk = readJournal(dataDir()).entries.find((e) => e.id === state.own).content;
  assert.equal(disk.length, 14 + 10 * MiB, 'all of the 10 MB text is on disk');
  const back = await call('get_entry', { id: state.own });
  assert.equal(back.value.content.$length, 14 + 10 * MiB, 'get_entry gives all of it back');

  const atLimit = await call('save_entry', { id: state.own, content: text('at the limit', { repeat: 'y', times: MAX_ENTRY_BYTES - 12 }) });
  assert.equal(atLimit.sent.content.utf8, MAX_ENTRY_BYTES);
  assert.equal(atLimit.ok, true, `a text of exactly MAX_ENTRY_BYTES (${MAX_ENTRY_BYTES}) is saved: ${JSON.stringify(atLimit.error)}`);
  const limitOnDisk = readJournal(dataDir()).entries.find((e) => e.id === state.own).content;
  assert.equal(limitOnDisk.length, MAX_ENTRY_BYTES);

  const over = [
    { what: 'MAX_ENTRY_BYTES + 1 ASCII bytes', content: text('one over', { repeat: 'z', times: MAX_ENTRY_BYTES - 7 }) },
    // Half as many characters as bytes: a limit counted in UTF-16 units would let this through.
    { what: 'MAX_ENTRY_BYTES + 1 bytes of two-byte characters', content: text('a', { repeat: '\u00e9', times: MAX_ENTRY_BYTES / 2 }) },
  ];
  for (const c of over) {
    const r = await call('save_entry', { id: state.own, content: c.content });
    assert.equal(r.sent.content.utf8, MAX_ENTRY_BYTES + 1, `${c.what}: the text sent is one byte over`);
    assertClearError(r, ['invalid_input'], c.what);
    assert.match(r.error.message, /split it/i, `${c.what}: the message says what to do`);
    disk = readJournal(dataDir()).entries.find((e) => e.id === state.own).content;
    assert.equal(disk, limitOnDisk, `${c.what}: the stored text is left as it was`);
  }
  const create = await call('create_entry', {});
  assert.equal(create.ok, true);
  const overNew = await call('save_entry', { id: create.value.id, content: text({ repeat: 'q', times: MAX_ENTRY_BYTES + 1 }) });
  assertClearError(overNew, ['invalid_input'], 'over the limit into a new entry');
  assert.equal((await call('delete_entry', { id: create.value.id })).ok, true);
  await assertStillSaving(state.own, dataDir(), 'the size limit');
});

test('ids that are not entry ids are refused by every command that takes one', { timeout: 120_000 }, async () => {
  const ids = [
    { what: 'not a UUID', id: 'not-a-uuid' },
    { what: 'empty', id: '' },
    { what: 'huge (1,000,000 chars)', id: text({ repeat: 'f', times: 1_000_000 }) },
    { what: 'SQL', id: "' OR 1=1 --" },
    { what: 'a path', id: '../../quire.sqlite3' },
    { what: 'a NUL', id: text('0190aaaa-0000-7000-8000-00000000000', { code: 0 }) },
    { what: 'a UUID nobody has', id: '00000000-0000-4000-8000-000000000000' },
    { what: 'demo\'s id in upper case', id: state.own.toUpperCase() },
    { what: 'demo\'s id in braces', id: `{${state.own}}` },
    { what: 'demo\'s id without hyphens', id: state.own.replace(/-/g, '') },
    { what: 'a number', id: 42 },
    { what: 'null', id: null },
  ];
  const commands = [
    ['get_entry', (id) => ({ id })],
    ['save_entry', (id) => ({ id, content: 'overwritten?' })],
    ['delete_entry', (id) => ({ id })],
    ['restore_entry', (id) => ({ id })],
    ['set_entry_date', (id) => ({ id, datedAt: 0 })],
    ['set_entry_starred', (id) => ({ id, starred: true })],
    ['move_entry', (id) => ({ id, journal: '00000000-0000-4000-8000-000000000000' })],
  ];
  const before = readJournal(dataDir()).entries;
  let calls = 0;
  for (const { what, id } of ids) {
    for (const [cmd, args] of commands) {
      const r = await call(cmd, args(id));
      assertClearError(r, ['invalid_input', 'not_found'], `${cmd} with an id that is ${what}`);
      calls++;
    }
  }
  const missing = await call('get_entry', {});
  assertClearError(missing, [], 'get_entry without an id');
  assert.deepEqual(readJournal(dataDir()).entries, before, 'no entry changed on disk');
  log(`  ${calls + 1} calls with bad ids, all refused; nothing changed on disk`);
  await assertStillSaving(state.own, dataDir(), 'bad ids');
});

test("another account's entries cannot be read, changed, deleted or restored", { timeout: 60_000 }, async () => {
  for (const [what, id] of [['live', state.bobLive], ['deleted', state.bobDeleted]]) {
    for (const [cmd, args] of [
      ['get_entry', { id }],
      ['save_entry', { id, content: 'demo was here' }],
      ['delete_entry', { id }],
      ['restore_entry', { id }],
    ]) {
      const r = await call(cmd, args);
      assertClearError(r, ['not_found'], `${cmd} on bob's ${what} entry`);
      assert.ok(!JSON.stringify(r.error).includes(state.bobWord), `${cmd}: the error does not quote bob's text`);
    }
  }
  for (const [cmd, args] of [
    ['list_entries', { filter: ALL, offset: 0, limit: 500 }],
    ['search_entries', { request: { text: state.bobWord, filter: ALL, order: 'newest', cursor: null, limit: 200 } }],
    ['search_entries', { request: { text: "Bob's", filter: ALL, order: 'newest', cursor: null, limit: 200 } }],
  ]) {
    const r = await call(cmd, args);
    assert.equal(r.ok, true, `${cmd} answers`);
    // A search's answer repeats the words searched for (to mark them); its hits are what it found.
    const shown = JSON.stringify(cmd === 'search_entries' ? r.value.hits : r.value);
    assert.ok(!shown.includes(state.bobLive) && !shown.includes(state.bobDeleted) && !shown.includes(state.bobWord), `${cmd} shows nothing of bob's: ${shown.slice(0, 300)}`);
  }
  assert.deepEqual(bobsEntries(), state.bobBefore, "bob's entries are unchanged on disk, the deleted one still deleted");
  assertBobUntouched("after demo's calls on bob's ids");
});

test('search input with FTS5 syntax gives results or a clear error, never a crash', { timeout: 120_000 }, async () => {
  assert.equal((await call('save_entry', { id: state.own, content: 'Demo writes here\nnear the harbour, or not: a quick "quoted" fox' })).ok, true);
  const queries = [
    '"', '""', '"""', '*', '**', 'a*', '*a', 'NEAR(', 'NEAR(a b)', 'NEAR(near harbour, 2)', 'OR', 'a OR', 'OR a', 'AND', 'NOT', 'near OR harbour',
    '-', '-harbour', 'harbour -fox', '^', '^harbour', 'content:fox', 'entries_fts:fox', '{content}: fox', '(', ')', '(fox', 'fox)', "'", "fox'; DROP TABLE entries; --",
    '\\', '%', '_', ':', '+', '"quoted', 'quoted"', '"quoted"', 'fox"*', 'NEAR', 'near', 'harb', 'HARBOUR', 'härbour', '🦊', 'fox\u0000', ' ', '\t\n',
    '"'.repeat(500), 'NEAR('.repeat(100), 'a OR '.repeat(100), 'x'.repeat(500), 'fox '.repeat(125),
  ];
  const tooLong = ['x'.repeat(501), 'NEAR('.repeat(1_000), text({ repeat: 'a ', times: 100_000 })];
  let answered = 0;
  for (const query of queries) {
    const r = await search(query, 50);
    assert.equal(r.ok, true, `search for ${JSON.stringify(query.slice(0, 40))} answers with results: ${JSON.stringify(r.error)}`);
    assert.ok(Array.isArray(r.value.hits), 'results are a list');
    for (const hit of r.value.hits) assert.equal(hit.entry.id, state.own, 'only demo\'s entry can be found');
    answered++;
  }
  const lone = await search(text('fox', { code: 0xd800 }), 50);
  assert.ok(lone.ok || typeof lone.error === 'string', `a query with a lone surrogate answers or is refused as bad arguments: ${JSON.stringify(lone.error)}`);
  const nul = await search('harbour\u0000', 50);
  assert.equal(nul.value?.hits.length, 1, `a NUL in the search is ignored: "harbour\\0" still finds the entry (${JSON.stringify(nul.error)})`);
  const found = await search('harb', 50);
  assert.equal(found.value.hits.length, 1, 'a plain prefix search still finds the entry');
  for (const query of tooLong) {
    const r = await search(query, 50);
    assertClearError(r, ['invalid_input'], `a search of ${typeof query === 'string' ? query.length : 'a 200,000'} characters`);
  }
  for (const limit of [0, 4_294_967_295]) {
    const r = await search('fox', limit);
    assert.equal(r.ok, true, `limit ${limit} is answered`);
  }
  for (const limit of [-1, 4_294_967_296, 1.5, 'ten']) assertClearError(await search('fox', limit), [], `limit ${limit}`);
  for (const [offset, limit] of [[4_294_967_295, 4_294_967_295], [0, 0]]) assert.equal((await listEntries(offset, limit)).ok, true, `list_entries(${offset}, ${limit}) answers`);
  log(`  ${answered} odd searches answered, ${tooLong.length} over-long ones refused`);
  await assertStillSaving(state.own, dataDir(), 'odd searches');
});

test('after all that, typing in the window still saves, and the database is sound', { timeout: 60_000 }, async () => {
  await app.switchToWindow('journal');
  await writeEntry(app, `Typed at the end\nthe app still saves ${Date.now()}`);
  const journal = readJournal(dataDir());
  assert.ok(isSound(journal), `integrity ${journal.integrity.join(',')}, foreign keys ${journal.foreignKeyProblems}, fts ${journal.fts}`);
  assert.deepEqual(bobsEntries(), state.bobBefore, "bob's entries are still unchanged on disk");
  assertBobUntouched('at the end');
  const q = await app.quit();
  assert.ok(q.appExited, 'the app exits when the session ends');
});
