//! Backups on a schedule, and restoring a damaged journal from one.
//!
//! A background thread checks the journal and backs it up once a day (see `store::backup`): the first
//! time a few minutes after launch, so that start-up never waits for it, and then every hour it looks
//! whether a day has passed. When the check finds damage, the journal is closed for writing at once:
//! every later command answers `damaged`, the editor keeps its text, and the next launch offers a
//! restore in the welcome window.
//!
//! The welcome window's two commands: `journal_health` says whether the journal is damaged and which
//! backups there are (or why it could not be opened at all); `restore_journal` moves the damaged file aside and puts a backup (or nothing,
//! for a new journal) in its place. Backups are named by their file name, never by a path from the
//! window.

use std::path::Path;
use std::time::Duration;

use serde::Serialize;
use tauri::{AppHandle, Manager, State};

use super::error::{AppError, ErrorCode};
use super::state::{accounts_error, AuthState, JournalState};
use quire_core::keys::ContentKey;
use quire_core::store::{self, Backup, StoreError, DATABASE_FILE};

/// How long after launch the first backup check waits. `QUIRE_BACKUP_DELAY_MS` changes it, for
/// tests and for anyone who wants a backup now.
const FIRST_CHECK_AFTER: Duration = Duration::from_secs(5 * 60);
/// How often the thread looks whether a backup is due.
const CHECK_EVERY: Duration = Duration::from_secs(60 * 60);

/// One backup, as the welcome window lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct BackupInfo {
    /// The file's name in the backups folder; what `restore_journal` takes.
    pub name: String,
    /// When it was taken, in UTC: `2026-11-27T08:15:00Z`.
    pub taken_at: String,
    pub bytes: u64,
}

impl From<&Backup> for BackupInfo {
    fn from(backup: &Backup) -> Self {
        Self {
            name: file_name(&backup.path),
            taken_at: backup.taken_at.clone(),
            bytes: backup.bytes,
        }
    }
}

/// Whether the journal can be used, and if not, what can be done.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct JournalHealth {
    /// True when the journal file was found damaged and waits for a restore.
    pub damaged: bool,
    /// What was found, in SQLite's words; null when nothing is wrong.
    pub reason: Option<String>,
    /// The journal's database file.
    pub database_file: String,
    /// The folder the backups are in.
    pub backups_dir: String,
    /// Newest first.
    pub backups: Vec<BackupInfo>,
    /// Why the journal could not be opened when it is not damaged (a read-only or full disk, a folder
    /// that cannot be created); null when it opened.
    pub problem: Option<AppError>,
}

/// What a restore did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct Restored {
    /// The folder the damaged file was moved to; nothing in it was changed.
    pub kept_in: String,
    /// The backup put in place; null when a new, empty journal was started.
    pub backup: Option<BackupInfo>,
    /// True when the journal window opened (the person was signed in and still is); false when they
    /// need to sign in first.
    pub journal_opened: bool,
}

#[tauri::command]
#[specta::specta]
pub async fn journal_health(journal: State<'_, JournalState>) -> Result<JournalHealth, AppError> {
    Ok(health(&journal))
}

#[tauri::command]
#[specta::specta]
pub async fn restore_journal(
    app: AppHandle,
    journal: State<'_, JournalState>,
    auth: State<'_, AuthState>,
    backup: Option<String>,
) -> Result<Restored, AppError> {
    let data_dir = journal.data_dir();
    if !health(&journal).damaged {
        return Err(AppError::invalid(
            "Your journal is not damaged, so there is nothing to restore.",
        ));
    }
    let chosen = match backup {
        Some(name) => Some(
            store::list_backups(&data_dir)
                .into_iter()
                .find(|backup| file_name(&backup.path) == name)
                .ok_or_else(|| {
                    AppError::invalid("That backup is no longer there. Choose another one.")
                })?,
        ),
        None => None,
    };
    let from = chosen.as_ref().map(|backup| backup.path.clone());
    let key = journal_key(&journal, &auth)?;
    let kept = tauri::async_runtime::spawn_blocking(move || {
        store::restore(&data_dir, from.as_deref(), &key)
    })
    .await
    .map_err(|_| AppError::internal("The restore stopped unexpectedly. Nothing was removed."))?
    .map_err(restore_error)?;
    journal.reopen(&auth.vault)?;
    let journal_opened = super::start::resume_journal(&app, &journal, &auth).map_err(|err| {
        AppError::internal(format!("Quire could not open the journal window: {err}."))
    })?;
    Ok(Restored {
        kept_in: kept.display().to_string(),
        backup: chosen.as_ref().map(BackupInfo::from),
        journal_opened,
    })
}

/// The damaged journal's key, from its keyring slot: a restore writes the backup under it.
fn journal_key(journal: &JournalState, auth: &AuthState) -> Result<ContentKey, AppError> {
    let (_, slots) = journal.slots()?;
    slots
        .open_with_keyring(&auth.vault)
        .map_err(|err| accounts_error(err.into()))?
        .ok_or_else(|| {
            AppError::new(
                ErrorCode::Keyring,
                "Quire could not read this journal's key from the system keyring, so it cannot \
                 restore a backup now. Unlock the system keyring, then start Quire again.",
            )
        })
}

fn health(journal: &JournalState) -> JournalHealth {
    let data_dir = journal.data_dir();
    let data_dir = data_dir.as_path();
    let database = data_dir.join(DATABASE_FILE);
    let reason = store::damage_noted(&database);
    let opened = journal.store();
    // Another copy of Quire has the journal: whatever its state, this copy must not touch it.
    let ours = !matches!(&opened, Err(err) if err.code == ErrorCode::InUse);
    JournalHealth {
        damaged: reason.is_some() && opened.is_err() && ours,
        // Nobody signed in yet, or a locked journal, is no problem with the journal itself.
        problem: opened.err().filter(|err| {
            reason.is_none() && !matches!(err.code, ErrorCode::SessionEnded | ErrorCode::Locked)
        }),
        reason,
        database_file: database.display().to_string(),
        backups_dir: data_dir.join(store::BACKUPS_DIR).display().to_string(),
        backups: store::list_backups(data_dir)
            .iter()
            .map(BackupInfo::from)
            .collect(),
    }
}

fn restore_error(err: StoreError) -> AppError {
    match err {
        StoreError::Corrupt => AppError::new(
            ErrorCode::Damaged,
            "That backup is damaged too, so nothing was changed. Choose an older backup.",
        ),
        other => {
            let AppError { code, message } = AppError::from(other);
            AppError::new(code, format!("The restore did not happen. {message}"))
        }
    }
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|name| name.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// Starts the thread that keeps the backups.
pub fn spawn_backups(app: AppHandle) {
    let first = std::env::var("QUIRE_BACKUP_DELAY_MS")
        .ok()
        .and_then(|ms| ms.parse().ok())
        .map(Duration::from_millis)
        .unwrap_or(FIRST_CHECK_AFTER);
    let spawned = std::thread::Builder::new()
        .name("backups".into())
        .spawn(move || {
            std::thread::sleep(first);
            loop {
                back_up_if_due(&app);
                std::thread::sleep(CHECK_EVERY);
            }
        });
    if let Err(err) = spawned {
        tracing::error!(%err, "could not start the backup thread; no backups will be made");
    }
}

fn back_up_if_due(app: &AppHandle) {
    let journal = app.state::<JournalState>();
    let Ok(store) = journal.store() else {
        return;
    };
    let data_dir = journal.data_dir();
    if !store::backup_due(&data_dir) {
        return;
    }
    match store.back_up(&data_dir) {
        Ok(backup) => tracing::info!(file = %file_name(&backup.path), "backup made"),
        Err(StoreError::Corrupt) => journal.close_damaged(),
        Err(err) => tracing::warn!(%err, "could not make a backup; trying again in an hour"),
    }
}
