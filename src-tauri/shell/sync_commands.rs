//! Sync as the journal window sees it: its status and Sync now, connecting to a server and
//! forgetting it, joining the journal another device keeps there, and settling conflicts.

use std::path::Path;
use std::time::Duration;

use serde::Serialize;
use tauri::{AppHandle, Manager, State};

use super::analysis_worker::AnalysisWorker;
use super::commands::entry_id;
use super::error::{AppError, ErrorCode};
use super::state::{accounts_error, AuthState, JournalState};
use super::sync_connection::{
    forget_connection, load_connection, save_connection, sync_error, Connection,
};
use super::sync_service::{self, SyncService, SyncState, SyncStatus};
use super::windows::{self, WindowLabel};
use quire_core::keys::{KeyError, KeySlots, KEYS_FILE};
use quire_core::store::{now_ms, DocBody, EntrySummary, NewUser, Store, DATABASE_FILE};
use quire_core::sync::{fetch_keys, KeysOnServer, Syncer};

/// Another version of an entry, kept by a sync conflict (or the entry's own, `current`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ConflictVersion {
    pub rev: String,
    pub content: String,
    pub dated_at: i64,
    pub updated_at: i64,
    /// The version this computer shows now.
    pub current: bool,
}

/// Where sync stands now.
#[tauri::command]
#[specta::specta]
pub async fn sync_status(
    service: State<'_, SyncService>,
    journal: State<'_, JournalState>,
) -> Result<SyncStatus, AppError> {
    let mut status = service.status();
    if status.state == SyncState::Off {
        if let (Ok(store), Ok(user)) = (journal.store(), journal.user()) {
            status.conflicts = store.sync_conflicted_entries(&user.id)?;
        }
    }
    Ok(status)
}

/// Syncs now, without waiting for the next round; answers at once.
#[tauri::command]
#[specta::specta]
pub async fn sync_now(service: State<'_, SyncService>) -> Result<(), AppError> {
    if service.status().state == SyncState::Off {
        return Err(AppError::invalid(
            "Sync is not set up. Connect to a server in Settings, under Sync.",
        ));
    }
    service.nudge();
    Ok(())
}

/// Checks the server with these credentials (creating the database when allowed), keeps them in
/// the keyring, and starts syncing.
#[tauri::command]
#[specta::specta]
pub async fn connect_sync(
    app: AppHandle,
    url: String,
    username: String,
    password: String,
) -> Result<SyncStatus, AppError> {
    if username.trim().is_empty() || password.is_empty() {
        return Err(AppError::invalid(
            "Type the user name and password of your account on the sync server.",
        ));
    }
    let connection = Connection {
        url: url.trim().to_owned(),
        username: username.trim().to_owned(),
        password,
    };
    let server = connection.server()?;
    let journal = app.state::<JournalState>();
    let auth = app.state::<AuthState>();
    let store = journal.store()?;
    let user = journal.user()?.id;
    let key = journal.sync_key()?;
    let syncer = Syncer::with_key(store, user, server, key).map_err(|err| sync_error(&err))?;
    let keys = syncer
        .keys_on_server()
        .await
        .map_err(|err| sync_error(&err))?;
    drop(syncer);
    save_connection(&journal, &auth.vault, &connection)?;
    tracing::info!("sync connected");
    sync_service::start(&app);
    let mut status = app.state::<SyncService>().status();
    status.state = match keys {
        KeysOnServer::Other(_) => SyncState::NeedsKey,
        _ => SyncState::Syncing,
    };
    status.server = Some(super::sync_service::SyncServer {
        url: connection.url,
        username: connection.username,
    });
    Ok(status)
}

/// Stops syncing and forgets the server and its password. The journal stays.
#[tauri::command]
#[specta::specta]
pub async fn disconnect_sync(app: AppHandle) -> Result<(), AppError> {
    let service = app.state::<SyncService>();
    service.stop();
    let journal = app.state::<JournalState>();
    forget_connection(&journal, &app.state::<AuthState>().vault)?;
    sync_service::announce(&app, SyncStatus::default());
    tracing::info!("sync disconnected");
    Ok(())
}

/// Opens the journal already on the server with its recovery key or passphrase; this computer's
/// journal, which must have no entries yet, is replaced by it, and the journal window opens again
/// as it downloads.
#[tauri::command]
#[specta::specta]
pub async fn join_sync(app: AppHandle, secret: String) -> Result<SyncStatus, AppError> {
    let journal = app.state::<JournalState>();
    let auth = app.state::<AuthState>();
    let connection = load_connection(&journal, &auth.vault)?.ok_or_else(|| {
        AppError::invalid("Connect to a sync server first, in Settings, under Sync.")
    })?;
    let server = connection.server()?;
    let slots = fetch_keys(&server)
        .await
        .map_err(|err| sync_error(&err))?
        .ok_or_else(|| {
            AppError::invalid(
                "The server holds no journal to join yet. Sync this computer's journal to it \
                 instead: it starts when you connect.",
            )
        })?;
    let store = journal.store()?;
    let user = journal.user()?;
    let written = store.entries_written(&user.id)?;
    if written > 0 {
        return Err(AppError::invalid(format!(
            "This computer's journal already has {written} entries of its own, under another key \
             than the journal on the server. Export them (Export… at the bottom of the journal), \
             then join from a new journal: sign in on a fresh Quire data folder, join, and import \
             the export there."
        )));
    }
    drop(store);
    // Argon2id for a passphrase takes a moment: off the async threads.
    let opened =
        tauri::async_runtime::spawn_blocking(move || slots.unlock(&secret).map(|key| (slots, key)))
            .await
            .map_err(|_| AppError::internal("Joining stopped unexpectedly. Try again."))?;
    let (mut slots, key) = match opened {
        Ok(opened) => opened,
        Err(KeyError::WrongSecret) => {
            return Err(AppError::new(
                ErrorCode::WrongSecret,
                "That is not the recovery key or the passphrase of the journal on the server. \
                 Check that Caps Lock is off and type it again; a recovery key is eight groups of \
                 four letters and digits.",
            ))
        }
        Err(err) => return Err(accounts_error(err.into())),
    };
    app.state::<SyncService>().stop();
    let dir = journal.data_dir();
    let (_, old_slots) = journal.slots()?;
    journal.set_unavailable(AppError::new(
        ErrorCode::Busy,
        "Quire is opening the journal from the sync server. Wait a moment.",
    ));
    // The journal this replaces is kept aside, not deleted; if the new one cannot be made, it is
    // put back and opened again.
    let aside = dir.join("replaced").join(now_ms().to_string());
    let joined = set_aside(&dir, &aside).and_then(|()| {
        // Its recovery key was shown, and saved, on the computer that made the journal: asking for
        // a new one here would leave the other computers with one that no longer matches.
        slots.assume_recovery_saved();
        slots
            .add_keyring(&key, &auth.vault)
            .and_then(|()| slots.save(&dir))
            .map_err(|err| accounts_error(err.into()))?;
        let store = Store::open_in(&dir, &key)?;
        let user = store.sign_in(&NewUser::from(&user))?;
        Ok((store, user))
    });
    let (store, user) = match joined {
        Ok(joined) => joined,
        Err(err) => {
            tracing::error!(%err, "could not make the joined journal; the replaced one is back");
            put_back(&dir, &aside);
            match journal.reopen(&auth.vault) {
                Ok(()) => journal.open_for(user.clone()),
                Err(reopen) => {
                    tracing::error!(%reopen, "could not open the journal that was put back");
                }
            }
            sync_service::start(&app);
            return Err(err);
        }
    };
    if let Err(err) = remove_old_keyring_slot(old_slots, &slots, &auth.vault) {
        tracing::warn!(%err, "could not remove the replaced journal's key from the keyring");
    }
    journal.replace_store(store);
    journal.open_for(user.clone());
    app.state::<AnalysisWorker>().opened(user.id.clone());
    tracing::info!("joined the journal on the sync server");
    sync_service::start(&app);
    // A new window reads the new journal from the start, once this answer has reached the old one.
    let handle = app.clone();
    tauri::async_runtime::spawn(async move {
        tokio::time::sleep(Duration::from_millis(100)).await;
        if let Err(err) = replace_journal_window(&handle).await {
            tracing::error!(%err, "could not open the journal window after joining");
        }
    });
    Ok(app.state::<SyncService>().status())
}

/// Swaps the journal window for a new one; the app must not quit in the moment between the two.
async fn replace_journal_window(app: &AppHandle) -> tauri::Result<()> {
    let service = app.state::<SyncService>();
    service.set_replacing_window(true);
    if let Some(old) = WindowLabel::Journal.get(app) {
        let _ = old.destroy();
    }
    for _ in 0..100 {
        if WindowLabel::Journal.get(app).is_none() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let opened = windows::open_journal(app);
    service.set_replacing_window(false);
    opened.map(|_| ())
}

/// The files of a journal, as they are moved aside and back.
fn journal_files() -> [String; 4] {
    [
        DATABASE_FILE.to_owned(),
        format!("{DATABASE_FILE}-wal"),
        format!("{DATABASE_FILE}-shm"),
        KEYS_FILE.to_owned(),
    ]
}

fn set_aside(dir: &Path, aside: &Path) -> Result<(), AppError> {
    std::fs::create_dir_all(aside).map_err(storage)?;
    for name in journal_files() {
        let from = dir.join(&name);
        if from.exists() {
            std::fs::rename(&from, aside.join(&name)).map_err(storage)?;
        }
    }
    Ok(())
}

/// Undoes [`set_aside`], dropping whatever the failed join made in its place.
fn put_back(dir: &Path, aside: &Path) {
    for name in journal_files() {
        let _ = std::fs::remove_file(dir.join(&name));
        let kept = aside.join(&name);
        if kept.exists() {
            if let Err(err) = std::fs::rename(&kept, dir.join(&name)) {
                tracing::error!(%err, file = %name, "could not put a journal file back");
            }
        }
    }
    let _ = std::fs::remove_dir(aside);
}

fn remove_old_keyring_slot(
    mut old: KeySlots,
    new: &KeySlots,
    vault: &quire_core::auth::vault::Vault,
) -> Result<(), KeyError> {
    if old.account_id() != new.account_id() {
        old.remove_keyring(vault)?;
    }
    Ok(())
}

fn storage(err: std::io::Error) -> AppError {
    AppError::new(
        ErrorCode::Storage,
        format!(
            "Quire could not set this computer's journal aside to join the one on the server: \
             {err}. Check that the data folder can be written to, then try again."
        ),
    )
}

/// The other versions of an entry kept by a sync conflict, after its own.
#[tauri::command]
#[specta::specta]
pub async fn entry_conflicts(
    journal: State<'_, JournalState>,
    id: String,
) -> Result<Vec<ConflictVersion>, AppError> {
    let id = entry_id(id)?;
    journal
        .run(move |store, user| {
            let own = store.get_entry(user, &id)?;
            let mut versions = vec![ConflictVersion {
                rev: String::new(),
                content: own.content,
                dated_at: own.dated_at,
                updated_at: own.updated_at,
                current: true,
            }];
            for kept in store.sync_conflicts(user, Some(&id))? {
                if let DocBody::Entry(entry) = kept.body {
                    versions.push(ConflictVersion {
                        rev: kept.rev,
                        content: entry.content,
                        dated_at: entry.dated_at,
                        updated_at: entry.updated_at,
                        current: false,
                    });
                }
            }
            Ok(versions)
        })
        .await
}

/// Keeps `content` as the entry's text and closes its conflict on every device.
#[tauri::command]
#[specta::specta]
pub async fn resolve_conflict(
    app: AppHandle,
    id: String,
    content: String,
) -> Result<EntrySummary, AppError> {
    let id = entry_id(id)?;
    let journal = app.state::<JournalState>();
    let entry = id.clone();
    let summary = journal
        .run(move |store, user| store.sync_resolve(user, &entry, &content))
        .await?;
    app.state::<AnalysisWorker>().saved(journal.user()?.id, id);
    app.state::<SyncService>().nudge();
    sync_service::refresh_conflicts(&app);
    Ok(summary)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_join_that_fails_puts_the_replaced_journal_back_as_it_was() {
        let dir = tempfile::tempdir().unwrap();
        let aside = dir.path().join("replaced").join("1");
        std::fs::write(dir.path().join(DATABASE_FILE), b"old journal").unwrap();
        std::fs::write(dir.path().join(KEYS_FILE), b"old keys").unwrap();
        set_aside(dir.path(), &aside).unwrap();
        assert!(!dir.path().join(DATABASE_FILE).exists());
        assert_eq!(std::fs::read(aside.join(KEYS_FILE)).unwrap(), b"old keys");

        // What the failed join got as far as making.
        std::fs::write(dir.path().join(KEYS_FILE), b"new keys").unwrap();
        std::fs::write(dir.path().join(format!("{DATABASE_FILE}-wal")), b"new log").unwrap();
        put_back(dir.path(), &aside);
        assert_eq!(
            std::fs::read(dir.path().join(DATABASE_FILE)).unwrap(),
            b"old journal"
        );
        assert_eq!(
            std::fs::read(dir.path().join(KEYS_FILE)).unwrap(),
            b"old keys"
        );
        assert!(!dir.path().join(format!("{DATABASE_FILE}-wal")).exists());
        assert!(!aside.exists());
    }
}
