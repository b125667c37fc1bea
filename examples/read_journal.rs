//! The end-to-end tests' window onto an encrypted journal: prints, as one line of JSON, the checks
//! and the rows the tests compare with what the app showed, read straight from the SQLCipher file
//! and not through the app.
//!
//! ```sh
//! cargo run --release --features custom-protocol --example read_journal -- \
//!     --data-dir DIR [--account ID] [--snapshot] [--keyring-service NAME]
//! ```
//!
//! It reads the journal of the account signed in in `DIR` (from `accounts.json`), or of `--account`,
//! in `DIR/accounts/<id>/quire.sqlite3`. The journal's key comes out of its keyring slot
//! (`keys.json`), with the wrapping key from the OS keyring under the app's keyring service: the one
//! `QUIRE_KEYRING_SERVICE` (or the config file) names, as for the app, unless `--keyring-service`
//! says otherwise. So it runs on the same session bus as the app it checks, and a journal that only
//! a passphrase or the recovery key opens is reported as locked, not read.
//!
//! The answer is `{integrity, foreignKeyProblems, fts, entries: [{id, userId, content, deletedAt,
//! updatedAt, datedAt, journal, starred}], users: [{id, email}], pictures: [{id, entryId, mime,
//! byteLen, hasDisplay}]}` (`journal` is the journal's name): `integrity` is what `PRAGMA integrity_check` says (`["ok"]` when sound), `fts` is `"ok"`
//! or the full-text index's own check's error, and the entries are in the order they were added.
//! The connection is read-write, beside the running app's, because the full-text check is an
//! `INSERT`; it runs in a transaction that is rolled back, so nothing changes.
//!
//! `--snapshot` copies the file and its write-ahead log to a temporary folder and reads the copy:
//! for after a kill, where opening the copy replays the log as the app's next launch will, while the
//! real files stay exactly as the kill left them. A failure is said on stderr, with exit status 1.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Duration;

use quire_core::accounts::{self, Accounts};
use quire_core::auth::vault::Vault;
use quire_core::config::Settings;
use quire_core::keys::{ContentKey, KeySlots};
use quire_core::store::DATABASE_FILE;
use rusqlite::types::ValueRef;
use rusqlite::{Connection, OpenFlags};
use serde::Serialize;
use serde_json::Value;

const USAGE: &str = "usage: read_journal --data-dir DIR [--account ID] [--snapshot] \
                     [--keyring-service NAME]";

/// The app's identifier, which names its config folder (for the keyring service set there).
const APP_IDENTIFIER: &str = "app.quire.journal";

/// How long a statement waits for the running app's lock, as the tests' old reader did.
const BUSY_TIMEOUT: Duration = Duration::from_secs(10);

struct Args {
    data_dir: PathBuf,
    account: Option<String>,
    snapshot: bool,
    keyring_service: Option<String>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Report {
    integrity: Vec<String>,
    foreign_key_problems: usize,
    fts: String,
    entries: Vec<EntryRow>,
    users: Vec<UserRow>,
    pictures: Vec<PictureRow>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PictureRow {
    id: Value,
    entry_id: Value,
    mime: Value,
    byte_len: Value,
    /// Whether it has a display copy besides the original.
    has_display: Value,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct EntryRow {
    id: Value,
    user_id: Value,
    content: Value,
    deleted_at: Value,
    updated_at: Value,
    dated_at: Value,
    journal: Value,
    starred: Value,
}

#[derive(Serialize)]
struct UserRow {
    id: Value,
    email: Value,
}

fn main() -> ExitCode {
    let args = match parse(std::env::args().skip(1)) {
        Ok(args) => args,
        Err(message) => {
            eprintln!("read_journal: {message}\n{USAGE}");
            return ExitCode::FAILURE;
        }
    };
    match run(&args).and_then(|report| serde_json::to_string(&report).map_err(|e| e.to_string())) {
        Ok(json) => {
            println!("{json}");
            ExitCode::SUCCESS
        }
        Err(message) => {
            eprintln!("read_journal: {message}");
            ExitCode::FAILURE
        }
    }
}

fn parse(mut raw: impl Iterator<Item = String>) -> Result<Args, String> {
    let (mut data_dir, mut account, mut snapshot, mut keyring_service) = (None, None, false, None);
    while let Some(flag) = raw.next() {
        let mut value = || raw.next().ok_or_else(|| format!("{flag} needs a value"));
        match flag.as_str() {
            "--data-dir" => data_dir = Some(PathBuf::from(value()?)),
            "--account" => account = Some(value()?),
            "--snapshot" => snapshot = true,
            "--keyring-service" => keyring_service = Some(value()?),
            other => return Err(format!("unknown argument {other:?}")),
        }
    }
    Ok(Args {
        data_dir: data_dir.ok_or("--data-dir is required")?,
        account,
        snapshot,
        keyring_service,
    })
}

fn run(args: &Args) -> Result<Report, String> {
    let account_id = match &args.account {
        Some(id) => id.clone(),
        None => Accounts::load(&args.data_dir)
            .map_err(|err| err.to_string())?
            .signed_in()
            .map(|account| account.id.clone())
            .ok_or_else(|| {
                format!(
                    "nobody is signed in in {} (its accounts.json names no signed-in account); \
                     name one with --account",
                    args.data_dir.display()
                )
            })?,
    };
    let folder = accounts::folder(&args.data_dir, &account_id);
    let database = folder.join(DATABASE_FILE);
    if !database.exists() {
        return Err(format!("there is no journal at {}", database.display()));
    }
    let service = args
        .keyring_service
        .clone()
        .unwrap_or_else(|| Settings::for_app(APP_IDENTIFIER).keyring_service);
    let key = key_from_keyring(&folder, &service)?;

    if args.snapshot {
        let scratch = tempfile::Builder::new()
            .prefix("quire-db-")
            .tempdir()
            .map_err(|err| format!("cannot make a folder for the copy: {err}"))?;
        let copy = scratch.path().join("copy.sqlite3");
        for suffix in ["", "-wal"] {
            let from = with_suffix(&database, suffix);
            if from.exists() {
                std::fs::copy(&from, with_suffix(&copy, suffix))
                    .map_err(|err| format!("cannot copy {}: {err}", from.display()))?;
            }
        }
        // The folder and the copy go when `scratch` is dropped, after the connection is closed.
        read(&copy, &format!("a copy of {}", database.display()), &key)
    } else {
        read(&database, &database.display().to_string(), &key)
    }
}

/// `path` with `suffix` added to its file name: the database's `-wal` beside it.
fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}

/// The journal's content key, from its keyring slot and the OS keyring.
fn key_from_keyring(folder: &Path, service: &str) -> Result<ContentKey, String> {
    let slots = KeySlots::load(folder)
        .map_err(|err| err.to_string())?
        .ok_or_else(|| format!("there is no keys.json in {}", folder.display()))?;
    let vault = Vault::system(service);
    slots
        .open_with_keyring(&vault)
        .map_err(|err| format!("cannot read the journal's key from the keyring: {err}"))?
        .ok_or_else(|| {
            format!(
                "the keyring (service {service:?}) holds no key for the journal in {}: it opens \
                 only with its passphrase or recovery key. Set QUIRE_KEYRING_SERVICE to the \
                 app's, and DBUS_SESSION_BUS_ADDRESS to its session bus",
                folder.display()
            )
        })
}

/// Every check and row the tests look at, from the journal at `path` (called `name` in errors).
fn read(path: &Path, name: &str, key: &ContentKey) -> Result<Report, String> {
    let at = |err: rusqlite::Error| format!("{name}: {err}");
    let conn = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_WRITE).map_err(at)?;
    // SQLCipher's raw key, before the first statement: no key derivation runs.
    conn.pragma_update(None, "key", raw_key_literal(key))
        .map_err(at)?;
    conn.busy_timeout(BUSY_TIMEOUT).map_err(at)?;
    let integrity = column::<String>(&conn, "PRAGMA integrity_check").map_err(|err| {
        let hint = match err.sqlite_error_code() {
            Some(rusqlite::ErrorCode::NotADatabase) => {
                ": the key does not open it, or its first page is damaged"
            }
            _ => "",
        };
        format!("{name}: {err}{hint}")
    })?;
    let foreign_key_problems = rows(&conn, "PRAGMA foreign_key_check").map_err(at)?.len();

    conn.execute_batch("BEGIN").map_err(at)?;
    // Rank 0: the index's own structure, whatever edits still wait to be merged.
    let fts = match conn.execute(
        "INSERT INTO entries_fts (entries_fts, rank) VALUES ('integrity-check', 0)",
        [],
    ) {
        Ok(_) => "ok".to_owned(),
        Err(err) => err.to_string(),
    };
    let entries = rows(
        &conn,
        "SELECT e.id, e.user_id, e.content, e.deleted_at, e.updated_at, e.dated_at, j.name, e.starred
         FROM entries e LEFT JOIN journals j ON j.seq = e.journal_seq ORDER BY e.seq",
    )
    .map_err(at)?
    .into_iter()
    .map(|mut row| EntryRow {
        starred: row.pop().unwrap_or_default(),
        journal: row.pop().unwrap_or_default(),
        dated_at: row.pop().unwrap_or_default(),
        updated_at: row.pop().unwrap_or_default(),
        deleted_at: row.pop().unwrap_or_default(),
        content: row.pop().unwrap_or_default(),
        user_id: row.pop().unwrap_or_default(),
        id: row.pop().unwrap_or_default(),
    })
    .collect();
    let users = rows(&conn, "SELECT id, email FROM users")
        .map_err(at)?
        .into_iter()
        .map(|mut row| UserRow {
            email: row.pop().unwrap_or_default(),
            id: row.pop().unwrap_or_default(),
        })
        .collect();
    let pictures = rows(
        &conn,
        "SELECT id, entry_id, mime, length(data), display IS NOT NULL FROM pictures ORDER BY created_at",
    )
    .map_err(at)?
    .into_iter()
    .map(|row| {
        let mut row = row.into_iter();
        let mut next = || row.next().unwrap_or_default();
        PictureRow {
            id: next(),
            entry_id: next(),
            mime: next(),
            byte_len: next(),
            has_display: next(),
        }
    })
    .collect();
    conn.execute_batch("ROLLBACK").map_err(at)?;
    conn.close().map_err(|(_, err)| at(err))?;
    Ok(Report {
        integrity,
        foreign_key_problems,
        fts,
        entries,
        users,
        pictures,
    })
}

/// `x'<64 hex digits>'`: the key as SQLCipher's raw-key literal.
fn raw_key_literal(key: &ContentKey) -> String {
    let hex: String = key
        .expose()
        .iter()
        .map(|byte| format!("{byte:02x}"))
        .collect();
    format!("x'{hex}'")
}

/// The first column of every row of `sql`.
fn column<T: rusqlite::types::FromSql>(conn: &Connection, sql: &str) -> rusqlite::Result<Vec<T>> {
    let mut statement = conn.prepare(sql)?;
    let values = statement
        .query_map([], |row| row.get(0))?
        .collect::<rusqlite::Result<Vec<T>>>()?;
    Ok(values)
}

/// Every row of `sql`, each column as JSON: text as text (any invalid UTF-8 replaced), integers and
/// reals as numbers, NULL as null, a blob as the list of its bytes.
fn rows(conn: &Connection, sql: &str) -> rusqlite::Result<Vec<Vec<Value>>> {
    let mut statement = conn.prepare(sql)?;
    let width = statement.column_count();
    let values = statement
        .query_map([], |row| {
            (0..width)
                .map(|i| row.get_ref(i).map(json))
                .collect::<rusqlite::Result<Vec<Value>>>()
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(values)
}

fn json(value: ValueRef<'_>) -> Value {
    match value {
        ValueRef::Null => Value::Null,
        ValueRef::Integer(n) => Value::from(n),
        ValueRef::Real(x) => Value::from(x),
        ValueRef::Text(bytes) => Value::from(String::from_utf8_lossy(bytes).into_owned()),
        ValueRef::Blob(bytes) => Value::from(bytes.to_vec()),
    }
}
