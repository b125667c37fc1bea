// The app's SQLite database, read from the end-to-end tests with python3's sqlite3 module: its
// integrity checks and its entries, straight from the file, not through the app.
//
//   readJournal(dataDir)                      // the live database (a connection beside the running app's)
//   readJournal(dataDir, { snapshot: true })  // a copy of the database and its write-ahead log
//
// A snapshot is for after a kill: opening the copy replays the log the way the app's next launch
// will, and leaves the real files exactly as the kill left them for the app to open.

import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { requireTool } from './processes.mjs';

export const DATABASE_FILE = 'quire.sqlite3';

const READ_JOURNAL = String.raw`
import json, os, shutil, sqlite3, sys, tempfile

path, snapshot = sys.argv[1], sys.argv[2] == '1'
scratch = None
if snapshot:
    scratch = tempfile.mkdtemp(prefix='quire-db-')
    for suffix in ('', '-wal'):
        if os.path.exists(path + suffix):
            shutil.copyfile(path + suffix, os.path.join(scratch, 'copy.sqlite3' + suffix))
    conn = sqlite3.connect(os.path.join(scratch, 'copy.sqlite3'))
else:
    # Not read-only: FTS5's check is an INSERT (rolled back below, it changes nothing).
    conn = sqlite3.connect(path, timeout=10)
try:
    integrity = [row[0] for row in conn.execute('PRAGMA integrity_check')]
    foreign_key_problems = len(conn.execute('PRAGMA foreign_key_check').fetchall())
    try:
        # rank 0: the index's own structure, whatever edits still wait in fts_pending.
        conn.execute("INSERT INTO entries_fts (entries_fts, rank) VALUES ('integrity-check', 0)")
        fts = 'ok'
    except sqlite3.DatabaseError as err:
        fts = str(err)
    entries = [
        {'id': r[0], 'userId': r[1], 'content': r[2], 'deletedAt': r[3], 'updatedAt': r[4]}
        for r in conn.execute('SELECT id, user_id, content, deleted_at, updated_at FROM entries ORDER BY seq')
    ]
    users = [{'id': r[0], 'email': r[1]} for r in conn.execute('SELECT id, email FROM users')]
    conn.rollback()
finally:
    conn.close()
    if scratch:
        shutil.rmtree(scratch, ignore_errors=True)
json.dump({'integrity': integrity, 'foreignKeyProblems': foreign_key_problems, 'fts': fts,
           'entries': entries, 'users': users}, sys.stdout)
`;

/**
 * Read the journal in `dataDir`.
 * Resolves with {integrity: string[] (['ok'] when sound), foreignKeyProblems, fts ('ok' or the error),
 * entries: [{id, userId, content, deletedAt, updatedAt}] in insertion order, users: [{id, email}]}.
 */
export function readJournal(dataDir, { snapshot = false } = {}) {
  requireTool('python3', 'python3');
  const db = join(dataDir, DATABASE_FILE);
  const r = spawnSync('python3', ['-c', READ_JOURNAL, db, snapshot ? '1' : '0'], {
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
    timeout: 60_000,
  });
  if (r.status !== 0) throw new Error(`reading ${db} with python3 failed (${r.status ?? r.error?.message}):\n${r.stderr}`);
  return JSON.parse(r.stdout);
}

/** True when every check of a readJournal() answer passed. */
export function isSound(journal) {
  return journal.integrity.length === 1 && journal.integrity[0] === 'ok' && journal.foreignKeyProblems === 0 && journal.fts === 'ok';
}
