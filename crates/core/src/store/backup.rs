//! Backups, and what happens when the database file is damaged.
//!
//! Quire keeps rolling copies of the journal in `backups/` inside the journal's folder. Each copy is
//! made with `VACUUM INTO` on a connection of its own (SQLCipher writes it encrypted under the
//! journal's own key), so it is consistent (one read transaction) and never
//! blocks an autosave; it is written under a temporary name, checked, synced and only then given its
//! final name, so a crash mid-backup leaves no half-written copy that looks complete. Before each copy
//! the journal itself is checked (`PRAGMA quick_check`); a damaged journal is never copied over the
//! good backups, which are pruned only after a new one has been checked.
//!
//! Damage is noted in a marker file beside the database ([`DAMAGE_MARKER`]). The marker matters for
//! damage found while the app runs (by the daily check, or by a query that met a broken page): the
//! next launch sees it and offers a restore instead of opening the file again. Damage that makes the
//! file unreadable (a broken header) is found at opening by SQLite itself.
//!
//! A restore never deletes anything: the damaged file, with its write-ahead log, is moved into
//! `damaged/<time>/` and the chosen backup is copied into place. The same steps by hand are in
//! `docs/reliability.md`.

use std::fs;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use rusqlite::{Connection, OpenFlags};

use super::{apply_key, migrations::MIGRATION_COUNT, now_ms, Store, StoreError, DATABASE_FILE};
use crate::fs::{ensure_private_dir, private_and_synced, sync_dir, write_synced};
use crate::keys::ContentKey;

/// The folder, inside the data folder, that holds the rolling backups.
pub const BACKUPS_DIR: &str = "backups";
/// The folder, inside the data folder, that damaged database files are moved into by a restore.
pub const DAMAGED_DIR: &str = "damaged";
/// Beside the database: present when the database was found damaged. Holds what was found.
pub const DAMAGE_MARKER: &str = "quire.sqlite3.damaged";
/// How many backups are kept; with one a day, a week of them.
pub const KEEP_BACKUPS: usize = 7;
/// How old the newest backup may be before another is due.
pub const BACKUP_INTERVAL: Duration = Duration::from_secs(24 * 60 * 60);

const BACKUP_PREFIX: &str = "quire-";
const BACKUP_SUFFIX: &str = ".sqlite3";
const PARTIAL_SUFFIX: &str = ".partial";

/// One backup file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Backup {
    pub path: PathBuf,
    /// When it was taken, as written in its name: `2026-11-27T08:15:00Z` (UTC).
    pub taken_at: String,
    pub bytes: u64,
}

/// The backups in `data_dir`, newest first. Files that are not finished backups are left out.
pub fn list_backups(data_dir: &Path) -> Vec<Backup> {
    let Ok(dir) = fs::read_dir(data_dir.join(BACKUPS_DIR)) else {
        return Vec::new();
    };
    let mut backups: Vec<Backup> = dir
        .filter_map(Result::ok)
        .filter_map(|item| {
            let name = item.file_name().into_string().ok()?;
            let stamp = name
                .strip_prefix(BACKUP_PREFIX)?
                .strip_suffix(BACKUP_SUFFIX)?;
            let taken_at = taken_at_from_stamp(stamp)?;
            let bytes = item.metadata().ok().filter(|m| m.is_file())?.len();
            Some(Backup {
                path: item.path(),
                taken_at,
                bytes,
            })
        })
        .collect();
    // The stamp sorts the same way as the time it names.
    backups.sort_by(|a, b| b.path.cmp(&a.path));
    backups
}

/// Whether the newest backup is older than [`BACKUP_INTERVAL`], or there is none.
pub fn backup_due(data_dir: &Path) -> bool {
    let newest = list_backups(data_dir)
        .into_iter()
        .next()
        .and_then(|backup| fs::metadata(backup.path).ok()?.modified().ok());
    match newest {
        Some(modified) => SystemTime::now()
            .duration_since(modified)
            .is_ok_and(|age| age >= BACKUP_INTERVAL),
        None => true,
    }
}

/// What the damage marker beside `database` says, if there is one.
pub fn damage_noted(database: &Path) -> Option<String> {
    let marker = marker_path(database);
    fs::read_to_string(marker).ok().map(|text| {
        let text = text.trim();
        if text.is_empty() {
            "the database was found damaged".to_owned()
        } else {
            text.to_owned()
        }
    })
}

/// Notes that `database` is damaged, so that the next launch offers a restore before opening it.
/// A marker that cannot be written is logged: the journal is closed for writing all the same, and
/// a file SQLite cannot read is found again at the next opening.
pub fn note_damage(database: &Path, what: &str) {
    if let Err(err) = write_synced(&marker_path(database), what.as_bytes()) {
        tracing::error!(%err, "could not note the damage beside the journal");
    }
}

fn marker_path(database: &Path) -> PathBuf {
    database.with_file_name(DAMAGE_MARKER)
}

impl Store {
    /// Reads the whole journal and checks its structure (`PRAGMA quick_check`), on a connection of
    /// its own so that saves and searches go on meanwhile.
    /// On damage, notes it beside the database and answers [`StoreError::Corrupt`].
    pub fn check(&self) -> Result<(), StoreError> {
        self.check_on(&connect_read_only(&self.path, self.key())?)
    }

    fn check_on(&self, conn: &Connection) -> Result<(), StoreError> {
        quick_check(conn)?.map_err(|problem| {
            tracing::error!(%problem, "the journal failed its check");
            note_damage(&self.path, &problem);
            StoreError::Corrupt
        })
    }

    /// Checks the journal, writes a consistent copy of it into `backups/` in `data_dir`, checks the
    /// copy, and then removes the oldest backups beyond [`KEEP_BACKUPS`].
    pub fn back_up(&self, data_dir: &Path) -> Result<Backup, StoreError> {
        let conn = connect_read_only(&self.path, self.key())?;
        self.check_on(&conn)?;
        let dir = data_dir.join(BACKUPS_DIR);
        ensure_private_dir(&dir).map_err(|source| StoreError::Folder {
            path: dir.clone(),
            source,
        })?;
        let (stamp, taken_at): (String, String) = conn.query_row(
            "SELECT strftime('%Y-%m-%dT%H-%M-%SZ', ?1 / 1000, 'unixepoch'),
                    strftime('%Y-%m-%dT%H:%M:%SZ', ?1 / 1000, 'unixepoch')",
            [now_ms()],
            |row| Ok((row.get(0)?, row.get(1)?)),
        )?;
        let path = dir.join(format!("{BACKUP_PREFIX}{stamp}{BACKUP_SUFFIX}"));
        let partial = dir.join(format!(
            "{BACKUP_PREFIX}{stamp}{BACKUP_SUFFIX}{PARTIAL_SUFFIX}"
        ));
        remove_partials(&dir);
        let written = write_backup(&conn, &partial).and_then(|()| {
            check_backup(&partial, self.key())?;
            private_and_synced(&partial)?;
            fs::rename(&partial, &path)?;
            sync_dir(&dir)?;
            Ok(())
        });
        if let Err(err) = written {
            let _ = fs::remove_file(&partial);
            return Err(err);
        }
        let bytes = fs::metadata(&path)?.len();
        for old in list_backups(data_dir).into_iter().skip(KEEP_BACKUPS) {
            if let Err(err) = fs::remove_file(&old.path) {
                tracing::warn!(%err, file = %old.path.display(), "could not remove an old backup");
            }
        }
        tracing::info!(bytes, "journal backed up");
        Ok(Backup {
            path,
            taken_at,
            bytes,
        })
    }
}

/// Checks that `backup` is a sound Quire journal this version can open: readable under `key`,
/// passing `quick_check`, and not from a newer Quire.
pub fn check_backup(backup: &Path, key: Option<&ContentKey>) -> Result<(), StoreError> {
    let conn = connect_read_only(backup, key)?;
    quick_check(&conn)?.map_err(|problem| {
        tracing::warn!(%problem, file = %backup.display(), "a backup failed its check");
        StoreError::Corrupt
    })?;
    let version: i64 = conn.query_row("PRAGMA user_version", [], |row| row.get(0))?;
    if usize::try_from(version).map_or(true, |version| version > MIGRATION_COUNT) {
        return Err(StoreError::Unsupported(
            "that backup was made by a newer version of Quire; update Quire to restore it"
                .to_owned(),
        ));
    }
    Ok(())
}

/// Moves the database in `data_dir` (with its write-ahead log and shared-memory file) and the
/// damage marker into a new folder under `damaged/`, then copies `backup` into its place: or, with
/// no backup, leaves the place empty so that a new journal starts there. Returns the folder the
/// damaged files were moved to. The store must not be open.
pub fn restore(
    data_dir: &Path,
    backup: Option<&Path>,
    key: &ContentKey,
) -> Result<PathBuf, StoreError> {
    if let Some(backup) = backup {
        check_backup(backup, Some(key))?;
    }
    let database = data_dir.join(DATABASE_FILE);
    let kept = keep_aside(data_dir, &database)?;
    if let Some(backup) = backup {
        let incoming = database.with_extension("sqlite3.restoring");
        fs::copy(backup, &incoming)?;
        private_and_synced(&incoming)?;
        fs::rename(&incoming, &database)?;
        sync_dir(data_dir)?;
    }
    tracing::info!(kept = %kept.display(), restored = backup.is_some(), "journal restored");
    Ok(kept)
}

fn keep_aside(data_dir: &Path, database: &Path) -> Result<PathBuf, StoreError> {
    let stamp = now_ms();
    let kept = data_dir.join(DAMAGED_DIR).join(stamp.to_string());
    ensure_private_dir(&kept).map_err(|source| StoreError::Folder {
        path: kept.clone(),
        source,
    })?;
    let name = |suffix: &str| format!("{DATABASE_FILE}{suffix}");
    for file in [name(""), name("-wal"), name("-shm")] {
        let from = data_dir.join(&file);
        if from.exists() {
            fs::rename(&from, kept.join(&file))?;
        }
    }
    let marker = marker_path(database);
    if marker.exists() {
        fs::rename(&marker, kept.join(DAMAGE_MARKER))?;
    }
    sync_dir(data_dir)?;
    Ok(kept)
}

fn connect_read_only(path: &Path, key: Option<&ContentKey>) -> Result<Connection, StoreError> {
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    if let Some(key) = key {
        apply_key(&conn, key)?;
    }
    conn.busy_timeout(Duration::from_secs(5))?;
    Ok(conn)
}

/// `Ok(Ok(()))` when `quick_check` answers `ok`, `Ok(Err(findings))` when it finds damage (or SQLite
/// reports damage while reading), and `Err` when the check could not run at all (busy, I/O).
fn quick_check(conn: &Connection) -> Result<Result<(), String>, StoreError> {
    let findings = conn
        .prepare("PRAGMA quick_check(5)")
        .and_then(|mut statement| {
            statement
                .query_map([], |row| row.get::<_, String>(0))?
                .collect::<Result<Vec<_>, _>>()
        });
    match findings {
        Ok(findings) if findings.len() == 1 && findings[0] == "ok" => Ok(Ok(())),
        Ok(findings) => Ok(Err(findings.join("; "))),
        Err(err) => match StoreError::from(err) {
            StoreError::Corrupt => Ok(Err(
                "SQLite reported the file damaged while reading it".to_owned()
            )),
            other => Err(other),
        },
    }
}

fn write_backup(conn: &Connection, to: &Path) -> Result<(), StoreError> {
    let to = to
        .to_str()
        .ok_or_else(|| StoreError::Unsupported("the data folder's path is not UTF-8".to_owned()))?;
    conn.execute("VACUUM INTO ?1", [to])?;
    Ok(())
}

/// Removes what backups interrupted by a crash or a kill left behind.
fn remove_partials(dir: &Path) {
    let Ok(items) = fs::read_dir(dir) else {
        return;
    };
    for item in items.filter_map(Result::ok) {
        if item.file_name().to_string_lossy().ends_with(PARTIAL_SUFFIX) {
            let _ = fs::remove_file(item.path());
        }
    }
}

/// `2026-11-27T08-15-00Z` (a file name cannot hold `:` everywhere) → `2026-11-27T08:15:00Z`.
fn taken_at_from_stamp(stamp: &str) -> Option<String> {
    let (date, time) = stamp.split_once('T')?;
    let time = time.strip_suffix('Z')?;
    let fields: Vec<&str> = time.split('-').collect();
    let digits = |s: &str, n: usize| s.len() == n && s.bytes().all(|b| b.is_ascii_digit());
    let date_ok = {
        let parts: Vec<&str> = date.split('-').collect();
        parts.len() == 3 && digits(parts[0], 4) && digits(parts[1], 2) && digits(parts[2], 2)
    };
    if !date_ok || fields.len() != 3 || !fields.iter().all(|f| digits(f, 2)) {
        return None;
    }
    Some(format!("{date}T{}Z", fields.join(":")))
}

#[cfg(test)]
mod tests {
    use super::taken_at_from_stamp;

    #[test]
    fn stamps_read_back_as_times() {
        assert_eq!(
            taken_at_from_stamp("2026-11-27T08-15-00Z").as_deref(),
            Some("2026-11-27T08:15:00Z")
        );
        for bad in [
            "",
            "2026-11-27",
            "2026-11-27T08-15Z",
            "x026-11-27T08-15-00Z",
        ] {
            assert_eq!(taken_at_from_stamp(bad), None, "{bad}");
        }
    }
}
