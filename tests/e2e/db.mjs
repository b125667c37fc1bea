// The app's encrypted journal, read from the end-to-end tests: its integrity checks and its entries,
// straight from the file, not through the app. SQLCipher files are read with the repository's own
// reader, examples/read_journal.rs (built by `cargo test --release --features custom-protocol`, or
// `cargo build --release --features custom-protocol --example read_journal`), which takes the
// journal's key from its keyring slot the way the app does.
//
//   readJournal(dataDir)                      // the live database (a connection beside the running app's)
//   readJournal(dataDir, { snapshot: true })  // a copy of the database and its write-ahead log
//   readJournal(dataDir, { account: id })     // another account's journal than the signed-in one's
//
// A snapshot is for after a kill: opening the copy replays the log the way the app's next launch
// will, and leaves the real files exactly as the kill left them for the app to open.
//
// The key's wrapping key is in the keyring of the session bus the app uses, under the keyring
// service of the data dir: the harness says which for each data dir it makes (rememberKeyring), and
// `keyringService` / `busAddress` override that.
//
// The layout: <data>/accounts.json names the accounts and the signed-in one; each account's journal
// is <data>/accounts/<id>/quire.sqlite3, with keys.json, backups/ and damaged/ beside it.

import { spawnSync } from 'node:child_process';
import { accessSync, constants as fsConstants, existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { repoRoot } from './processes.mjs';

export const DATABASE_FILE = 'quire.sqlite3';
export const ACCOUNTS_FILE = 'accounts.json';
export const KEYS_FILE = 'keys.json';

/** The reader: $QUIRE_READ_JOURNAL or <repo>/target/release/examples/read_journal. */
export function readJournalBinary() {
  const bin = process.env.QUIRE_READ_JOURNAL ? resolve(process.env.QUIRE_READ_JOURNAL) : join(repoRoot, 'target', 'release', 'examples', 'read_journal');
  try {
    accessSync(bin, fsConstants.X_OK);
  } catch {
    throw new Error(
      `The journal reader is not built (or not executable) at ${bin}.\n` +
        `Build it first, from the repo root:\n` +
        `    cargo build --release --features custom-protocol --example read_journal\n` +
        `(\`cargo test --release --features custom-protocol\` builds it too), or point QUIRE_READ_JOURNAL at one.`,
    );
  }
  return bin;
}

/** Per data dir: the keyring service and session bus its journal keys are under. */
const keyrings = new Map();

/** Say where the journal keys of `dataDir` are (the harness does, for each data dir it makes). */
export function rememberKeyring(dataDir, { service, busAddress }) {
  keyrings.set(resolve(dataDir), { service, busAddress });
}

/** accounts.json of `dataDir`: {signed_in, accounts: [{id, issuer, subject, auto_lock_minutes?}]}. */
export function readAccounts(dataDir) {
  const file = join(dataDir, ACCOUNTS_FILE);
  if (!existsSync(file)) return { signed_in: null, accounts: [] };
  return JSON.parse(readFileSync(file, 'utf8'));
}

/** The id of the account signed in in `dataDir`, or of the one whose subject is `subject`. Throws if there is none. */
export function accountId(dataDir, { subject } = {}) {
  const list = readAccounts(dataDir);
  const id = subject === undefined ? list.signed_in : list.accounts.find((a) => a.subject === subject)?.id;
  if (!id) {
    throw new Error(
      `${subject === undefined ? 'nobody is signed in' : `no account with subject ${subject}`} in ${dataDir} ` +
        `(accounts.json: ${JSON.stringify(list)})`,
    );
  }
  return id;
}

/** The folder of an account's journal: the signed-in one's, or `{id}`'s, or `{subject}`'s. */
export function accountDir(dataDir, { id, subject } = {}) {
  return join(dataDir, 'accounts', id ?? accountId(dataDir, { subject }));
}

/**
 * Read the journal in `dataDir`: the signed-in account's, or `account`'s (an account id).
 * Resolves with {integrity: string[] (['ok'] when sound), foreignKeyProblems, fts ('ok' or the error),
 * entries: [{id, userId, content, deletedAt, updatedAt}] in insertion order, users: [{id, email}]}.
 */
export function readJournal(dataDir, { snapshot = false, account, keyringService, busAddress } = {}) {
  const bin = readJournalBinary();
  const known = keyrings.get(resolve(dataDir)) ?? {};
  const service = keyringService ?? known.service;
  const bus = busAddress ?? known.busAddress ?? process.env.DBUS_SESSION_BUS_ADDRESS;
  if (!service) throw new Error(`readJournal: no keyring service known for ${dataDir}; make it with h.newDataDir or pass {keyringService}`);
  const args = ['--data-dir', dataDir, '--keyring-service', service];
  if (account) args.push('--account', account);
  if (snapshot) args.push('--snapshot');
  const r = spawnSync(bin, args, {
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
    timeout: 60_000,
    env: { ...process.env, DBUS_SESSION_BUS_ADDRESS: bus, QUIRE_KEYRING_SERVICE: service },
  });
  if (r.status !== 0) {
    throw new Error(`reading the journal in ${dataDir}${account ? ` (account ${account})` : ''} failed (${r.status ?? r.error?.message}):\n${r.stderr}`);
  }
  return JSON.parse(r.stdout);
}

/** True when every check of a readJournal() answer passed. */
export function isSound(journal) {
  return journal.integrity.length === 1 && journal.integrity[0] === 'ok' && journal.foreignKeyProblems === 0 && journal.fts === 'ok';
}
