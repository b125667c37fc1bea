//! The journal's storage: one SQLCipher-encrypted SQLite file per account, opened once per launch.
//!
//! Plain Rust with no Tauri in it, so `cargo test` reaches every query without a window. Each table or
//! area has its own file (`users`, `entries`, `journals`, `tags`, `calendar`, `search`, `analyses`,
//! `history`, `ask`, `pictures`, `replica` for `crate::sync`, and `imports` for `crate::exchange`) holding `impl Store` blocks
//! with readable SQL.
//! Every query that touches journal text takes the [`UserId`] it works for; nothing here can list,
//! read or change another user's entries.
//!
//! Durability is the point of a journal, so the connection settings are chosen for it: WAL with
//! `synchronous=FULL` makes each commit durable before it returns (a power cut after `Saved` loses
//! nothing), and `foreign_keys` keeps entries tied to their user.
//!
//! Every connection is keyed with the account's [`ContentKey`] as SQLCipher's raw key before its
//! first statement, so the file, its write-ahead log and its backups hold only ciphertext. The store
//! keeps the key for the connections it opens later (checks and backups); dropping the store closes
//! every connection and wipes the key.

mod analyses;
mod ask;
mod backup;
mod calendar;
mod encrypt;
mod entries;
mod error;
mod filter;
mod history;
mod imports;
mod journals;
mod migrations;
mod pictures;
mod query;
mod replica;
mod replica_apply;
mod search;
mod sync_conflicts;
pub mod tag_text;
mod tags;
mod text;
mod users;

use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard, PoisonError};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use rusqlite::{Connection, OpenFlags};

use crate::keys::ContentKey;

pub use analyses::{
    analyse_batch, AnalysisBrief, AnalysisProgress, EntryAnalysis, PendingEntry, ANALYSIS_BATCH,
};
pub use ask::{Answer, AnswerSentence};
pub use backup::{
    backup_due, check_backup, damage_noted, list_backups, note_damage, restore, Backup,
    BACKUPS_DIR, BACKUP_INTERVAL, DAMAGED_DIR, DAMAGE_MARKER, KEEP_BACKUPS,
};
pub use calendar::{CalendarDay, CalendarMonth};
pub use encrypt::{encrypted_copy, plain_accounts, PlainAccount};
pub use entries::{Entry, EntryPage, EntrySummary, MAX_ENTRY_BYTES};
pub use error::StoreError;
pub use filter::{EntryFilter, EARLIEST_DATE, LATEST_DATE};
pub use history::{History, MoodCount, OnThisDay, Period, SentimentPoint, Streak};
pub(crate) use imports::{BatchOutcome, ExportedEntry, JournalTarget, NewImport};
pub use journals::{
    fill_template, Journal, JournalColour, JournalDeleted, MAX_JOURNAL_NAME, MAX_TEMPLATE_BYTES,
};
pub use migrations::{migrations, MIGRATION_COUNT};
pub use pictures::{
    prepare_picture, PictureBytes, PictureError, PictureInfo, PictureVariant, PreparedPicture,
    DISPLAY_MAX_SIDE, MAX_PICTURE_BYTES, MAX_PICTURE_PIXELS,
};
pub use query::{parse_query, HighlightTerm, ParsedQuery};
pub use replica::{
    Applied, DocBody, DocKind, EntryDoc, JournalDoc, PendingDoc, PictureData, PictureDoc,
    PulledVersion, SetAside, SyncCheckpoint,
};
pub use search::{SearchHit, SearchOrder, SearchPage, SearchRequest, SnippetPart};
pub use sync_conflicts::{ClosingRev, SyncConflict};
pub use tags::{TagCount, TagRenamed};
pub use text::plain_text;
pub use text::title as entry_title;
pub use users::{NewUser, User, UserId};

/// The database file's name inside the data folder.
pub const DATABASE_FILE: &str = "quire.sqlite3";

/// How long a statement waits for a lock held by another connection before it reports `Busy`.
const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

/// The journal database.
///
/// Two connections: writes go through one, reads through the other. In WAL mode a reader never waits
/// for a writer, so search-as-you-type stays responsive while an autosave commits.
pub struct Store {
    // Fields drop in order: the reader closes first, so that the writer, the last connection, folds
    // the write-ahead log back into the database and removes it. A read-only connection cannot.
    reader: Mutex<Connection>,
    writer: Mutex<Connection>,
    path: PathBuf,
    /// `None` only for a plain journal opened to be converted.
    key: Option<ContentKey>,
}

impl Store {
    /// Opens (creating if needed) the journal in `dir`, encrypted under `key`, and brings its schema
    /// up to date. A folder it creates is readable by its owner only: it holds private writing.
    pub fn open_in(dir: &Path, key: &ContentKey) -> Result<Self, StoreError> {
        crate::fs::ensure_private_dir(dir).map_err(|source| StoreError::Folder {
            path: dir.to_path_buf(),
            source,
        })?;
        Self::open(&dir.join(DATABASE_FILE), key)
    }

    /// Opens (creating if needed) the journal at `path`, encrypted under `key`, and brings its schema
    /// up to date. A database noted as damaged ([`damage_noted`]) is not opened: it waits for a
    /// restore. A plain, unencrypted SQLite file is refused: it is converted at start (see `accounts`).
    #[tracing::instrument(skip_all, err)]
    pub fn open(path: &Path, key: &ContentKey) -> Result<Self, StoreError> {
        if damage_noted(path).is_some() {
            return Err(StoreError::Corrupt);
        }
        if is_plain_sqlite(path)? {
            return Err(StoreError::Unsupported(
                "this journal file is not encrypted; Quire encrypts it when it starts".to_owned(),
            ));
        }
        check_readable(path, key).map_err(|err| explain_cannot_open(err, path))?;
        Self::open_with(path, Some(key.clone()))
    }

    /// Opens a plain (unencrypted) journal, as versions before encryption wrote it, bringing its
    /// schema up to date. Only the conversion to an encrypted journal, and tests that make a journal
    /// to convert, use it.
    pub fn open_unencrypted(path: &Path) -> Result<Self, StoreError> {
        if damage_noted(path).is_some() || !has_sqlite_header(path)? {
            return Err(StoreError::Corrupt);
        }
        Self::open_with(path, None)
    }

    fn open_with(path: &Path, key: Option<ContentKey>) -> Result<Self, StoreError> {
        crate::fs::create_private(path)?;
        let mut writer = connect(
            path,
            OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_CREATE,
            key.as_ref(),
        )
        .map_err(|err| explain_cannot_open(err, path))?;
        migrations().to_latest(&mut writer)?;
        // A log left by a run that did not close cleanly (or by a migration) is folded in now, so
        // readers do not scan it on every query until the next write.
        writer.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))?;
        // Every write transaction takes the write lock when it begins: one that began as a read
        // would fail at once, with no wait, if another process (the app and `quire import`, say)
        // wrote in between.
        writer.set_transaction_behavior(rusqlite::TransactionBehavior::Immediate);
        let reader = connect(path, OpenFlags::SQLITE_OPEN_READ_ONLY, key.as_ref())?;
        Ok(Self {
            reader: Mutex::new(reader),
            writer: Mutex::new(writer),
            path: path.to_path_buf(),
            key,
        })
    }

    /// Where the database file lives.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The key the journal is encrypted under; `None` for a plain journal.
    pub fn key(&self) -> Option<&ContentKey> {
        self.key.as_ref()
    }

    /// The write connection. A panic while it was held leaves no open transaction behind (a dropped
    /// `Transaction` rolls back), so a poisoned lock is safe to take over.
    /// Folds the write-ahead log into the database, on a connection of its own so that writes
    /// neither wait for it nor hold it up. A bulk rewrite ([`Store::rename_tag`]) leaves its log
    /// for this to do off the person's wait; otherwise the next write would.
    #[tracing::instrument(skip_all, err)]
    pub fn checkpoint(&self) -> Result<(), StoreError> {
        let conn = connect(
            &self.path,
            OpenFlags::SQLITE_OPEN_READ_WRITE,
            self.key.as_ref(),
        )?;
        conn.query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |_| Ok(()))?;
        Ok(())
    }

    fn writer(&self) -> MutexGuard<'_, Connection> {
        self.writer.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn reader(&self) -> MutexGuard<'_, Connection> {
        self.reader.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

fn connect(
    path: &Path,
    flags: OpenFlags,
    key: Option<&ContentKey>,
) -> Result<Connection, StoreError> {
    let conn = Connection::open_with_flags(path, flags | OpenFlags::SQLITE_OPEN_NO_MUTEX)?;
    if let Some(key) = key {
        apply_key(&conn, key)?;
    }
    conn.busy_timeout(BUSY_TIMEOUT)?;
    // These are per-connection settings, so they live here rather than in a migration.
    let mode: String = conn.query_row("PRAGMA journal_mode = WAL", [], |row| row.get(0))?;
    if !mode.eq_ignore_ascii_case("wal") {
        return Err(StoreError::Unsupported(format!(
            "the database refused write-ahead logging (journal_mode is {mode})"
        )));
    }
    conn.execute_batch(
        "PRAGMA synchronous = FULL;
         PRAGMA foreign_keys = ON;
         PRAGMA secure_delete = FAST;",
    )?;
    Ok(conn)
}

/// Keys a new connection with the raw key, before its first statement. SQLCipher reads nothing
/// yet: the first query finds out whether the key opens the file (a wrong key and a damaged first
/// page both answer "not a database", reported as [`StoreError::Corrupt`]).
pub(crate) fn apply_key(conn: &Connection, key: &ContentKey) -> Result<(), StoreError> {
    sqlcipher_ready();
    // SQLCipher's own log (process-wide) would print every failed page check to stderr; the error
    // itself reaches the caller, which says what it means.
    conn.pragma_update(None, "cipher_log_level", "NONE")?;
    conn.pragma_update(None, "key", key.sqlcipher_literal().as_str())?;
    Ok(())
}

extern "C" {
    /// SQLCipher's own set-up, which SQLite runs at the end of its first `sqlite3_initialize`.
    fn sqlcipher_extra_init(arg: *const std::ffi::c_char) -> std::ffi::c_int;
}

/// Waits until SQLCipher is set up in this process, or sets it up. SQLite marks itself ready
/// before it runs SQLCipher's set-up, so a connection keyed on another thread meanwhile has its
/// key refused ("An error occurred with PRAGMA key or rekey"), as when several journals open at
/// once as a process starts. The set-up runs once, under SQLite's main mutex; a later call only
/// finds it done.
fn sqlcipher_ready() {
    // SAFETY: the argument is unused (null is allowed); the function serialises itself on
    // SQLite's static main mutex, which exists once any connection is open, as the caller's is.
    // Its result is the set-up's; a failed set-up refuses the key next, which the caller reports.
    unsafe {
        sqlcipher_extra_init(std::ptr::null());
    }
}

/// Reads the first page of an existing journal through a read-only connection before anything opens
/// it for writing. A damaged journal (or one under another key) must be kept exactly as it was found,
/// and a read-write connection that fails to read it would still fold a write-ahead log left by a
/// killed run into it when it closes; a read-only connection never does.
fn check_readable(path: &Path, key: &ContentKey) -> Result<(), StoreError> {
    if std::fs::metadata(path).map_or(true, |m| m.len() == 0) {
        return Ok(());
    }
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    apply_key(&conn, key)?;
    conn.query_row("SELECT count(*) FROM sqlite_schema", [], |_| Ok(()))?;
    Ok(())
}

/// Whether the file at `path` is a plain SQLite database: it starts with SQLite's header, which an
/// encrypted file never shows (its first bytes are a random salt).
fn is_plain_sqlite(path: &Path) -> Result<bool, StoreError> {
    Ok(has_sqlite_header(path)? && std::fs::metadata(path).is_ok_and(|m| m.len() > 0))
}

/// Whether the file at `path` starts as every SQLite database does (or does not exist yet, or is
/// empty). Checked before SQLite opens it: on closing a connection to a file it could not read,
/// SQLite would still fold a write-ahead log left by a killed run into it, and a damaged file must
/// be kept exactly as it was found.
fn has_sqlite_header(path: &Path) -> Result<bool, StoreError> {
    use std::io::Read;
    const MAGIC: &[u8; 16] = b"SQLite format 3\0";
    let mut file = match std::fs::File::open(path) {
        Ok(file) => file,
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => return Ok(true),
        Err(err) => return Err(err.into()),
    };
    let mut start = Vec::with_capacity(MAGIC.len());
    file.by_ref()
        .take(MAGIC.len() as u64)
        .read_to_end(&mut start)?;
    Ok(start.is_empty() || start == MAGIC)
}

/// SQLite says only "unable to open database file" when it cannot create the write-ahead log beside
/// the database. When the folder cannot be written to (a read-only file system, or permissions), say
/// that instead, so the person knows what to fix.
fn explain_cannot_open(err: StoreError, path: &Path) -> StoreError {
    let cannot_open = matches!(
        &err,
        StoreError::Sqlite(e) if e.sqlite_error_code() == Some(rusqlite::ErrorCode::CannotOpen)
    );
    let Some(dir) = path.parent().filter(|_| cannot_open) else {
        return err;
    };
    let probe = dir.join(".quire-write-check");
    match std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&probe)
    {
        Ok(_) => {
            let _ = std::fs::remove_file(&probe);
            err
        }
        Err(io) => match StoreError::from(io) {
            StoreError::Io(_) => err,
            explained => explained,
        },
    }
}

/// Milliseconds since the Unix epoch, the unit of every timestamp in the database.
pub fn now_ms() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
        .unwrap_or(0)
}
