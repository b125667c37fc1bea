// End-to-end: sync between real windows through a real CouchDB-protocol server (PouchDB Server on
// 127.0.0.1, see couch.mjs). Device A signs in with the sync environment, publishes its key slots and
// pushes; device B (same account, its own data folder and keyring) is asked for the recovery key and
// joins with A's; both apps run at once. Then: an entry written on A shows on B; the same entry edited
// on both while the server is down becomes a conflict on both, with both texts kept, and keeping one
// on A closes it on B; a third device killed with SIGKILL while it downloads A's journal (3,000 imported
// entries, or QUIRE_E2E_SYNC_BULK) ends with all of them after a relaunch; a unique word written on A is nowhere in the server's files (while a plain
// document's word is); and PouchDB itself replicates the database without error.
// Run from the repo root:  scripts/with-test-session node --test --test-concurrency=1 tests/e2e/sync.test.mjs

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { log, repoRoot, sleep, startHarness, tid } from './harness.mjs';
import { appLogLines } from './auth.mjs';
import { launchToJournal, openAndCheck, waitForEditor, waitForEntryItem, waitForSaved, writeEntry } from './journal.mjs';
import { RECOVERY_KEY_PATTERN, filesUnder, plainTextIn } from './security.mjs';
import { Keys } from './webdriver.mjs';
import {
  call, clickSyncNow, entryIdByTitle, entryText, importFile, joinSync, jrnlExport, launchSyncing, listAll,
  missingServer, startCouch, syncAndSettle, syncEnv, syncStatus, syncUntil, waitForStatusText, waitForSync,
} from './couch.mjs';

const DB = 'journal-demo';
const RUN = randomBytes(3).toString('hex');
const FIRST = `Harbour lights ${RUN}`;
const TEXT = `${FIRST}\nWritten on the first computer, read on the second.`;
/** Entries A imports for the third test; QUIRE_E2E_SYNC_BULK sets another number. */
const BULK = Number(process.env.QUIRE_E2E_SYNC_BULK ?? 3000);

let h;
let server;
let skip = null;
let env;
let A; // device A's app, running from test 1 on
let B; // device B's app, joined in test 1
let dirA;
let dirB;
/** The recovery key the key slots on the server open (A's; a joined device asks for no new one). */
let keyNow;
let joined = false;

before(async () => {
  skip = missingServer();
  if (skip) return;
  h = await startHarness();
  server = await startCouch(h.root);
  env = syncEnv(server, DB);
});
after(async () => {
  await server?.stop();
  await h?.stop();
});

/** Run one step; a failure names it, and leaves a screenshot and the sync lines of each app's log. */
async function step(n, title, fn) {
  const started = Date.now();
  log(`--- step ${n}: ${title}`);
  try {
    await fn();
  } catch (err) {
    err.message = `step ${n} (${title}) failed: ${err.message}`;
    for (const app of h?.apps ?? []) {
      const shot = await app.screenshot(`sync-failed-${n}-${app.label}`).catch((e) => `(screenshot failed: ${e.message})`);
      const lines = appLogLines(app.dataDir).filter((line) => /sync|join|conflict|server/i.test(line)).slice(-15);
      app.log(`screenshot: ${shot}\n  its log's last sync lines:\n    ${lines.join('\n    ') || '(none)'}`);
    }
    throw err;
  }
  log(`--- step ${n} passed (${Date.now() - started} ms)`);
}

/** Where a button is, and whether a click at its middle reaches it (it is in the window, and nothing covers it). */
const REACHABLE = `
  const button = arguments[0];
  const r = button.getBoundingClientRect();
  const hit = document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2);
  return {
    rect: { x: Math.round(r.x), y: Math.round(r.y), width: Math.round(r.width), height: Math.round(r.height) },
    window: innerWidth + 'x' + innerHeight,
    reachable: !!hit && (hit === button || button.contains(hit)),
  };
`;

/** The download's bar and the status beside it, or null while there is none. */
const PROGRESS_BAR = `
  const bar = document.querySelector('[data-testid="sync-progress"]');
  return bar ? { value: bar.value, max: bar.max, status: document.querySelector('[data-testid="sync-status"]')?.innerText } : null;
`;

function needDevices() {
  if (!joined) throw new Error('the first test did not get A and B syncing one journal (see its failure)');
}

/** The key the journal window showed (and that was typed back) is the one on the server from now on. */
function newKey(key, who) {
  if (!key) return;
  assert.match(key, RECOVERY_KEY_PATTERN);
  keyNow = key;
  log(`  ${who} made a new recovery key; it opens the slots on the server from now on`);
}

test('B joins the journal A keeps on the server; an entry written on A shows on B', { timeout: 480_000 }, async (t) => {
  if (skip) return t.skip(skip);

  await step('1a', 'A signs in with the sync environment, publishes its key slots and syncs', async () => {
    dirA = h.newDataDir('sync-a');
    let key;
    ({ app: A, recoveryKey: key } = await launchSyncing(h, { dataDir: dirA, label: 'sync-a', env }));
    assert.ok(key, 'the new journal showed its recovery key, and it was typed back');
    newKey(key, 'A');
    const status = await syncAndSettle(A);
    assert.deepEqual(status.server, { url: server.dbUrl(DB), username: 'quire' }, 'the connection is the one the environment gave');
    await waitForStatusText(A, /^Synced/);
    const info = await server.request('GET', `/${DB}`);
    assert.equal(info.status, 200, `the database ${DB} was made on the server`);
    const keys = await server.request('GET', `/${DB}/quire-keys`);
    assert.equal(keys.status, 200, 'A published its key slots');
  });

  await step('1b', 'B signs in with the same account and server: it asks for the recovery key', async () => {
    dirB = h.newDataDir('sync-b');
    ({ app: B } = await launchSyncing(h, { dataDir: dirB, label: 'sync-b', env }));
    const status = await waitForSync(B, (s) => s.state === 'needs_key', { what: 'state "needs_key"' });
    B.log(`needs_key: ${status.message}`);
    await waitForStatusText(B, /^Enter your recovery key/);
  });

  await step('1c', "B joins with A's recovery key: its window is replaced and it syncs", async () => {
    const join = await joinSync(B, keyNow);
    assert.ok(!join.exited, 'joining replaces the journal window; the app goes on running');
    assert.equal(join.recoveryKey, null, "the joined journal keeps A's recovery key: the new window asks for no new one");
    await syncAndSettle(B);
    await waitForStatusText(B, /^Synced/);
    joined = true;
  });

  await step('1d', 'an entry written on A shows in the list on B', async () => {
    const ms = await writeEntry(A, TEXT);
    const saved = Date.now();
    A.log(`typing to Saved: ${ms} ms`);
    await waitForEntryItem(B, FIRST, 30_000);
    B.log(`FIGURE: from Saved (and listed) on A to listed on B: ${Date.now() - saved} ms`);
    const id = await entryIdByTitle(B, FIRST);
    assert.equal(await entryText(B, id), TEXT, 'B has the whole text');
  });
});

test('an entry edited on both devices while the server is down shows a conflict with both versions; keeping one closes it on both', { timeout: 480_000 }, async (t) => {
  if (skip) return t.skip(skip);
  needDevices();
  const EDIT_A = ` Edited on A, offline ${RUN}.`;
  const EDIT_B = ` Changed on B, offline ${RUN}.`;
  const ids = new Map();
  let places = [];
  const unreachable = () => places.filter((p) => !p.reachable).map((p) => `a conflict-keep at ${JSON.stringify(p.rect)} in a ${p.window} window`);

  await step('2a', 'both synced on the entry; the server stops; A and B edit it differently and save', async () => {
    for (const app of [A, B]) {
      await syncAndSettle(app);
      ids.set(app, await entryIdByTitle(app, FIRST));
    }
    log(`  entry id on A ${ids.get(A)}, on B ${ids.get(B)}`);
    await server.stop();
    for (const [app, edit] of [[A, EDIT_A], [B, EDIT_B]]) {
      await openAndCheck(app, FIRST, TEXT);
      const editor = await waitForEditor(app);
      // Control is pressed for End, then released (a modifier in a key sequence toggles).
      await editor.sendKeys(Keys.CONTROL + Keys.END + Keys.CONTROL + edit);
      await waitForSaved(app);
      let saved;
      await app.waitFor(async () => (saved = await entryText(app, ids.get(app))) === TEXT + edit, {
        timeout: 10_000,
        what: () => `${app.label} to have saved its edit (get_entry: ${JSON.stringify(saved)})`,
      });
    }
  });

  await step('2b', 'each says Offline, with its change waiting', async () => {
    for (const app of [A, B]) {
      await clickSyncNow(app);
      const status = await waitForSync(app, (s) => s.state === 'offline' && s.pending > 0, { what: 'state "offline" with a change pending' });
      app.log(`offline: ${JSON.stringify(status.message)}`);
      await waitForStatusText(app, /^Offline/);
    }
  });

  await step('2c', 'the server comes back; both sync and show the conflict, with both texts kept', async () => {
    await server.start();
    for (const app of [A, B]) await clickSyncNow(app);
    for (const app of [A, B]) {
      await syncUntil(app, (s) => s.conflicts.includes(ids.get(app)), { what: `the entry ${ids.get(app)} among the conflicts`, timeout: 120_000 });
      await app.waitFor(`${tid('entry-item')} ${tid('conflict-badge')}`, { timeout: 30_000, what: 'a conflict-badge on the entry row' });
      await app.waitFor(`button${tid('conflict-badge')}`, { timeout: 30_000, what: "a conflict-badge in the open entry's header" });
      const versions = await call(app, 'entry_conflicts', { id: ids.get(app) });
      app.log(`entry_conflicts: ${JSON.stringify(versions.map((v) => ({ current: v.current, content: v.content })))}`);
      const texts = versions.map((v) => v.content);
      assert.ok(texts.includes(TEXT + EDIT_A), `${app.label} keeps A's version`);
      assert.ok(texts.includes(TEXT + EDIT_B), `${app.label} keeps B's version`);
      assert.equal(versions.filter((v) => v.current).length, 1, 'one version is the one shown');
    }
    const shown = await Promise.all([A, B].map(async (app) => entryText(app, ids.get(app))));
    assert.equal(shown[0], shown[1], 'both devices show the same version while the conflict is open');
  });

  await step('2d', "A keeps its own version in the conflict view; the badge goes on A and on B", async () => {
    // Open the view from the header's badge and read its columns (this computer's own version need
    // not be the one shown). Each column's conflict-keep must be where a click reaches it.
    let seen = [];
    const columns = await A.waitFor(
      async () => {
        if ((await A.allByTestId('conflict-view')).length === 0) {
          const badge = await A.session.tryFindElement(`button${tid('conflict-badge')}`);
          if (badge) await badge.click();
          return null;
        }
        const found = await A.allByTestId('conflict-version');
        seen = await Promise.all(found.map(async (column) => (await column.find('textarea')).property('value')));
        return seen.includes(TEXT + EDIT_A) ? found : null;
      },
      { timeout: 30_000, interval: 500, what: () => `the conflict view with A's text among its columns (columns: ${JSON.stringify(seen)})` },
    );
    assert.deepEqual([...seen].sort(), [TEXT + EDIT_A, TEXT + EDIT_B].sort(), 'the two versions side by side');
    // The whole screen: WebDriver's screenshot of a window with a dialog open can hang for its 15 s timeout.
    await A.screenshot('target/e2e/sync-conflict-view.png', { screen: true });
    places = await Promise.all(columns.map(async (column) => A.session.execute(REACHABLE, [await column.find(tid('conflict-keep'))])));
    A.log(`conflict-keep buttons (window ${places[0].window}): ${JSON.stringify(places.map((p, i) => ({ text: seen[i].slice(-30), ...p.rect, reachable: p.reachable })))}`);
    const mine = seen.indexOf(TEXT + EDIT_A);
    if (places[mine].reachable) {
      await (await columns[mine].find(tid('conflict-keep'))).click();
    } else {
      // Noted (the test fails with it at its end); the command the button calls settles it instead.
      A.log("NOTE: the conflict-keep of A's version cannot be clicked; resolve_conflict is called instead");
      await call(A, 'resolve_conflict', { id: ids.get(A), content: TEXT + EDIT_A });
      await A.session.execute(`Array.from(document.querySelectorAll('[data-testid="conflict-view"] button')).find((b) => b.innerText.trim() === 'Close')?.click(); return true;`);
    }
    await A.waitFor(async () => (await A.allByTestId('conflict-view')).length === 0, { timeout: 15_000, what: 'the conflict view to close' });
    await A.waitFor(async () => (await A.allByTestId('conflict-badge')).length === 0, { timeout: 15_000, what: 'no conflict-badge left on A' });
    assert.equal(await entryText(A, ids.get(A)), TEXT + EDIT_A, "A's text is the kept one");
    await syncAndSettle(A);
    await syncUntil(B, (s) => !s.conflicts.includes(ids.get(B)), { what: 'the conflict closed on B', timeout: 120_000 });
    await B.waitFor(async () => (await B.allByTestId('conflict-badge')).length === 0, { timeout: 30_000, what: 'no conflict-badge left on B' });
    assert.equal(await entryText(B, ids.get(B)), TEXT + EDIT_A, 'B shows the kept text');
    assert.equal((await call(B, 'entry_conflicts', { id: ids.get(B) })).length, 1, 'B keeps no other version');
  });
  assert.deepEqual(unreachable(), [], "every version's conflict-keep can be clicked in the conflict view");
});

test(`a third device killed with SIGKILL while it downloads ${BULK} entries has every one after a relaunch`, { timeout: 720_000 }, async (t) => {
  if (skip) return t.skip(skip);
  needDevices();
  const TITLE = `Bulk walk ${RUN}`;
  const dirC = h.newDataDir('sync-c');
  let C;
  t.after(() => C?.kill());
  let countA;

  await step('3a', `A gets ${BULK} entries from a jrnl file (quire import) and pushes them`, async () => {
    const file = join(h.root, 'bulk.json');
    writeFileSync(file, jrnlExport(BULK, TITLE));
    // The import writes while A's sync does: each waits for the other's transaction.
    const imported = importFile(h, dirA, file);
    assert.equal(imported.status, 0, `the import succeeds while A syncs: ${imported.stderr}`);
    const started = Date.now();
    await syncUntil(A, (s) => s.state === 'synced' && s.pending === 0 && s.lastSyncedAt >= started, { what: `A to push the ${BULK} entries`, timeout: 240_000 });
    A.log(`FIGURE: ${BULK} imported entries pushed ${Date.now() - started} ms after the import`);
    countA = (await listAll(A)).total;
    assert.equal(countA, BULK + 1, `A lists the ${BULK} imported entries and the first test's`);
  });

  await step('3b', 'C signs in, joins, and is killed with SIGKILL as it downloads', async () => {
    ({ app: C } = await launchSyncing(h, { dataDir: dirC, label: 'sync-c', env }));
    await waitForSync(C, (s) => s.state === 'needs_key', { what: 'state "needs_key"' });
    const joinedAt = Date.now();
    const join = await joinSync(C, keyNow, { confirm: false });
    assert.ok(!join.exited, 'joining replaces the journal window; the app goes on running');
    // Kill at the first sight of the download's bar, or once the status says the download is over.
    let seen = null;
    let over = null; // the status, once it says the download is over
    const until = Date.now() + 15_000;
    for (let round = 0; !seen && !over && Date.now() < until; round += 1) {
      seen = await C.session.execute(PROGRESS_BAR, [], { idempotent: true }).catch(() => null);
      if (!seen && round % 25 === 24) over = await syncStatus(C).then((s) => (s.state === 'synced' ? s : null), () => null);
      if (!seen) await sleep(20);
    }
    const { pids } = await C.crash();
    C.log(
      `SIGKILL to ${pids.length} processes ${Date.now() - joinedAt} ms after join_sync; ` +
        (seen
          ? `sync-progress showed ${JSON.stringify(seen)}`
          : `NOTE: sync-progress never showed: the download was over before the kill (${over ? 'status synced' : 'not seen within 15 s'}; more entries: QUIRE_E2E_SYNC_BULK)`),
    );
  });

  await step('3c', "C relaunched syncs to the end: as many entries as A, their texts whole", async () => {
    C = await launchToJournal(h, { dataDir: dirC, label: 'sync-c-3' });
    newKey(C.recoveryKey, 'C');
    const started = Date.now();
    let countC = 0;
    await syncUntil(C, (s) => s.state === 'synced' && s.pending === 0 && s.lastSyncedAt >= started, { what: 'C synced after the relaunch', timeout: 240_000 });
    await C.waitFor(async () => (countC = (await listAll(C)).total) === countA, {
      timeout: 60_000,
      what: () => `C to list as many entries as A (${countA}; C has ${countC})`,
    });
    C.log(`FIGURE: relaunch to synced with all ${countC} entries: ${Date.now() - started} ms`);
    await waitForStatusText(C, /^Synced/);
    const picks = [1, 137, 256, BULK].filter((i) => i <= BULK).map((i) => `${TITLE} ${i}.`);
    for (const title of [...picks, FIRST]) {
      const [onA, onC] = await Promise.all([A, C].map(async (app) => entryText(app, await entryIdByTitle(app, title))));
      assert.equal(onC, onA, `"${title}" is whole on C`);
    }
    await C.quit();
    C = null;
  });
});

test('a unique word written on A appears nowhere in the server’s files; a plain document’s word does', { timeout: 240_000 }, async (t) => {
  if (skip) return t.skip(skip);
  needDevices();
  const WORD = `brindlequay${RUN}${Date.now().toString(36)}`;
  const LINE = `Lantern notes ${RUN}`;
  const CONTROL = `plainmarker${RUN}${Date.now().toString(36)}`;

  await step('4a', 'write the word on A and sync', async () => {
    await writeEntry(A, `${LINE}\nThe ${WORD} stays between us.`);
    await syncAndSettle(A);
    await waitForEntryItem(B, LINE, 30_000);
  });

  await step('4b', "the server's files hold neither the word nor the first line; a plain document's word is there", async () => {
    const files = filesUnder(server.dataDir);
    log(`  ${files.length} files under ${server.dataDir}`);
    assert.ok(files.length > 0, 'the server keeps files');
    assert.deepEqual(plainTextIn(files, [WORD, LINE]), [], 'the entry is not in plain bytes in any file of the server');

    assert.equal((await server.request('PUT', '/quire-control')).status, 201, 'a control database is made');
    const put = await server.request('PUT', '/quire-control/plain', { text: `The ${CONTROL} is stored as sent.` });
    assert.equal(put.status, 201, `the plain document is stored: ${JSON.stringify(put.body)}`);
    const found = plainTextIn(filesUnder(server.dataDir), [CONTROL]);
    assert.ok(found.length > 0, 'the search finds a word the server was sent in plain text');
  });
});

test('PouchDB replicates the synced database without error', { timeout: 240_000 }, async (t) => {
  if (skip) return t.skip(skip);
  needDevices();
  await syncAndSettle(A);
  const entries = (await listAll(A)).total;
  const started = Date.now();
  const r = spawnSync(process.execPath, [join(repoRoot, 'tests', 'sync', 'pouchdb-replicate.mjs'), server.dbUrlWithAuth(DB), join(h.root, 'pouchdb-replica')], {
    cwd: repoRoot,
    encoding: 'utf8',
    timeout: 180_000,
  });
  log(`pouchdb-replicate -> ${r.status ?? r.signal} in ${Date.now() - started} ms\n  stdout: ${r.stdout?.trim()}\n  stderr: ${r.stderr?.trim()}`);
  assert.equal(r.status, 0, 'the replication succeeds');
  const result = JSON.parse(r.stdout.trim().split('\n').at(-1));
  assert.equal(result.conflicted, 0, 'no document has a conflict left after the one settled on A');
  assert.ok(result.doc_count >= entries, `at least one document per entry (${result.doc_count} documents, ${entries} entries)`);
});
