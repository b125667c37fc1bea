//! Encryption as the windows see it: the journal window's lock and its Security settings (passphrase,
//! "ask at every start", auto-lock, the recovery key), the lock window's unlock, the welcome window's
//! progress while the first start encrypts an older journal, and the desktop's own lock.
//!
//! Locking closes the journal window (every decrypted text in the page goes with it), drops the
//! store (the database closes and its key is wiped once the last query in flight ends) and opens
//! the lock window in its place. Unlocking runs offline: the passphrase or the recovery key opens
//! the account's key slot, never the network.

use std::sync::Mutex;
use std::time::Duration;

use serde::Serialize;
use tauri::{AppHandle, Manager, State};
use tauri_specta::Event;

use super::error::{AppError, ErrorCode};
use super::session_lock;
use super::state::{accounts_error, AuthState, JournalState};
use super::windows::{self, WindowLabel};
use quire_core::accounts::{self, Accounts};
use quire_core::keys::SlotKind;

/// The lock settings, as the Security dialog shows them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct Security {
    pub has_passphrase: bool,
    /// The journal opens only with the passphrase (its key is not kept in the keyring).
    pub ask_at_start: bool,
    /// Lock after this many idle minutes; only with a passphrase.
    pub auto_lock_minutes: Option<u32>,
    /// The person checked that they saved the recovery key.
    pub recovery_confirmed: bool,
}

/// A new recovery key, shown once.
#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct RecoveryKeyShown {
    pub key: String,
}

/// What the lock window shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct LockStatus {
    /// Whose journal it is, when known.
    pub who: Option<String>,
    pub has_passphrase: bool,
    /// How long before the next try is accepted, after wrong ones.
    pub wait_ms: u64,
}

/// How far the first start's encryption of an older journal has got.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
pub struct Upgrade {
    pub stage: String,
    pub done: u64,
    pub total: u64,
}

/// The journal window should lock (the desktop session locked).
#[derive(Debug, Clone, Serialize, specta::Type, tauri_specta::Event)]
#[serde(transparent)]
pub struct LockRequested(pub ());

/// The encryption of an older journal made progress, or finished (`None`).
#[derive(Debug, Clone, Serialize, specta::Type, tauri_specta::Event)]
#[serde(transparent)]
pub struct UpgradeProgress(pub Option<Upgrade>);

/// The upgrade in progress, if any.
#[derive(Default)]
pub struct UpgradeState(Mutex<Option<Upgrade>>);

impl UpgradeState {
    pub fn set(&self, upgrade: Option<Upgrade>) {
        *self
            .0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner) = upgrade;
    }

    pub fn get(&self) -> Option<Upgrade> {
        self.0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .clone()
    }
}

/// Locks the journal: the journal window closes, dropping every decrypted text, and the lock window
/// opens in its place.
#[tauri::command]
#[specta::specta]
pub async fn lock_journal(app: AppHandle) -> Result<(), AppError> {
    lock(&app)
}

/// Locks the journal window, if one is open with a passphrase set.
pub fn lock(app: &AppHandle) -> Result<(), AppError> {
    let journal = app.state::<JournalState>();
    let (_, slots) = journal.slots()?;
    if !slots.has(SlotKind::Passphrase) && !slots.has(SlotKind::Recovery) {
        return Err(AppError::invalid(
            "Set a passphrase first: it is what unlocks the journal.",
        ));
    }
    // The session goes on: the person stays signed in, and the journal window's close does not
    // count as leaving the journal. Sync stops first, so that it holds the database no longer.
    app.state::<super::sync_service::SyncService>().stop();
    journal.lock();
    windows::open_lock(app).map_err(|err| {
        AppError::internal(format!("Quire could not open the lock window: {err}."))
    })?;
    if let Some(window) = WindowLabel::Journal.get(app) {
        let _ = window.destroy();
    }
    Ok(())
}

#[tauri::command]
#[specta::specta]
pub async fn security_status(journal: State<'_, JournalState>) -> Result<Security, AppError> {
    status(&journal)
}

fn status(journal: &JournalState) -> Result<Security, AppError> {
    let (_, slots) = journal.slots()?;
    let auto_lock_minutes = journal
        .account()
        .and_then(|account| {
            Accounts::load(journal.root())
                .ok()?
                .get(&account.id)?
                .auto_lock_minutes
        })
        .filter(|_| slots.has(SlotKind::Passphrase));
    Ok(Security {
        has_passphrase: slots.has(SlotKind::Passphrase),
        ask_at_start: slots.has(SlotKind::Passphrase) && !slots.has(SlotKind::Keyring),
        auto_lock_minutes,
        recovery_confirmed: slots.recovery_confirmed(),
    })
}

/// Sets or changes the passphrase.
#[tauri::command]
#[specta::specta]
pub async fn set_passphrase(
    sync: State<'_, super::sync_service::SyncService>,
    journal: State<'_, JournalState>,
    passphrase: String,
) -> Result<Security, AppError> {
    let store = journal.store()?;
    let key = store
        .key()
        .cloned()
        .ok_or_else(|| AppError::internal("The journal is not encrypted."))?;
    let (dir, mut slots) = journal.slots()?;
    // Argon2id at 64 MiB takes a moment: off the async threads.
    let saved = tauri::async_runtime::spawn_blocking(move || {
        slots.set_passphrase(&key, &passphrase)?;
        slots.save(&dir)
    })
    .await
    .map_err(|_| AppError::internal("Setting the passphrase stopped unexpectedly. Try again."))?;
    saved.map_err(|err| accounts_error(err.into()))?;
    tracing::info!("passphrase set");
    sync.keys_changed();
    status(&journal)
}

/// Removes the passphrase; the journal opens from the keyring again.
#[tauri::command]
#[specta::specta]
pub async fn remove_passphrase(
    sync: State<'_, super::sync_service::SyncService>,
    journal: State<'_, JournalState>,
    auth: State<'_, AuthState>,
) -> Result<Security, AppError> {
    let store = journal.store()?;
    let (dir, mut slots) = journal.slots()?;
    if !slots.has(SlotKind::Keyring) {
        let key = store
            .key()
            .ok_or_else(|| AppError::internal("The journal is not encrypted."))?;
        slots
            .add_keyring(key, &auth.vault)
            .map_err(|err| accounts_error(err.into()))?;
    }
    slots.remove_passphrase();
    slots.save(&dir).map_err(|err| accounts_error(err.into()))?;
    set_auto_lock(&journal, None)?;
    tracing::info!("passphrase removed");
    sync.keys_changed();
    status(&journal)
}

/// "Ask for my passphrase at every start" (which takes the key out of the keyring) and auto-lock.
#[tauri::command]
#[specta::specta]
pub async fn set_lock_options(
    journal: State<'_, JournalState>,
    auth: State<'_, AuthState>,
    ask_at_start: bool,
    auto_lock_minutes: Option<u32>,
) -> Result<Security, AppError> {
    let store = journal.store()?;
    let (dir, mut slots) = journal.slots()?;
    if !slots.has(SlotKind::Passphrase) && (ask_at_start || auto_lock_minutes.is_some()) {
        return Err(AppError::invalid(
            "Set a passphrase first: it is what unlocks the journal.",
        ));
    }
    if auto_lock_minutes.is_some_and(|minutes| !(1..=24 * 60).contains(&minutes)) {
        return Err(AppError::invalid(
            "Choose between 1 minute and 24 hours for the auto-lock.",
        ));
    }
    if ask_at_start && slots.has(SlotKind::Keyring) {
        slots
            .remove_keyring(&auth.vault)
            .map_err(|err| accounts_error(err.into()))?;
    } else if !ask_at_start && !slots.has(SlotKind::Keyring) {
        let key = store
            .key()
            .ok_or_else(|| AppError::internal("The journal is not encrypted."))?;
        slots
            .add_keyring(key, &auth.vault)
            .map_err(|err| accounts_error(err.into()))?;
    }
    slots.save(&dir).map_err(|err| accounts_error(err.into()))?;
    set_auto_lock(&journal, auto_lock_minutes)?;
    status(&journal)
}

fn set_auto_lock(journal: &JournalState, minutes: Option<u32>) -> Result<(), AppError> {
    let account = journal.account().ok_or_else(|| {
        AppError::new(
            ErrorCode::SessionEnded,
            "Nobody is signed in to this journal.",
        )
    })?;
    let mut list = Accounts::load(journal.root()).map_err(accounts_error)?;
    if let Some(entry) = list.get_mut(&account.id) {
        if entry.auto_lock_minutes != minutes {
            entry.auto_lock_minutes = minutes;
            list.save(journal.root()).map_err(accounts_error)?;
        }
    }
    Ok(())
}

/// Makes a new recovery key, replacing the old one, and returns it; it is never shown again.
#[tauri::command]
#[specta::specta]
pub async fn new_recovery_key(
    sync: State<'_, super::sync_service::SyncService>,
    journal: State<'_, JournalState>,
) -> Result<RecoveryKeyShown, AppError> {
    let store = journal.store()?;
    let key = store
        .key()
        .ok_or_else(|| AppError::internal("The journal is not encrypted."))?;
    let (dir, mut slots) = journal.slots()?;
    let recovery = slots.set_recovery(key);
    slots.save(&dir).map_err(|err| accounts_error(err.into()))?;
    tracing::info!("new recovery key made");
    sync.keys_changed();
    Ok(RecoveryKeyShown {
        key: recovery.to_string(),
    })
}

/// Checks that the person saved the recovery key; `wrong_secret` when the typed key is not the one.
#[tauri::command]
#[specta::specta]
pub async fn confirm_recovery_key(
    journal: State<'_, JournalState>,
    key: String,
) -> Result<Security, AppError> {
    journal.store()?;
    let (dir, mut slots) = journal.slots()?;
    slots.confirm_recovery(&key).map_err(|err| match err {
        quire_core::keys::KeyError::WrongSecret => AppError::new(
            ErrorCode::WrongSecret,
            "That is not the recovery key shown above. Check each group, then try again.",
        ),
        other => accounts_error(other.into()),
    })?;
    slots.save(&dir).map_err(|err| accounts_error(err.into()))?;
    status(&journal)
}

#[tauri::command]
#[specta::specta]
pub async fn lock_status(journal: State<'_, JournalState>) -> Result<LockStatus, AppError> {
    let (_, slots) = journal.slots()?;
    let who = journal
        .user()
        .ok()
        .and_then(|user| user.display_name.or(user.email));
    Ok(LockStatus {
        who,
        has_passphrase: slots.has(SlotKind::Passphrase),
        wait_ms: journal.unlock_wait().as_millis() as u64,
    })
}

/// Opens the journal with its passphrase or recovery key; the journal window then opens and the lock
/// window closes. `wrong_secret` when it does not open it; each further wrong try waits longer.
#[tauri::command]
#[specta::specta]
pub async fn unlock_journal(app: AppHandle, secret: String) -> Result<(), AppError> {
    let handle = app.clone();
    // Argon2id takes a moment: off the async threads.
    let user = tauri::async_runtime::spawn_blocking(move || {
        let journal = handle.state::<JournalState>();
        let auth = handle.state::<AuthState>();
        journal.unlock(&secret, &auth.vault)
    })
    .await
    .map_err(|_| AppError::internal("Unlocking stopped unexpectedly. Try again."))??;
    super::start::opened(&app, user, Duration::ZERO).map_err(|err| {
        AppError::internal(format!("Quire could not open the journal window: {err}."))
    })?;
    if let Some(window) = WindowLabel::Lock.get(&app) {
        let _ = window.destroy();
    }
    Ok(())
}

/// Non-null while the first start of this version encrypts an existing journal.
#[tauri::command]
#[specta::specta]
pub async fn upgrade_status(upgrade: State<'_, UpgradeState>) -> Result<Option<Upgrade>, AppError> {
    Ok(upgrade.get())
}

/// Encrypts the journal an older version left, showing progress in the welcome window, then goes
/// on as a launch would. Runs on a thread of its own.
pub fn upgrade(app: AppHandle) {
    let spawned = std::thread::Builder::new()
        .name("encrypt".into())
        .spawn(move || {
            let journal = app.state::<JournalState>();
            let auth = app.state::<AuthState>();
            let report = |progress: accounts::Progress| {
                let upgrade = Upgrade {
                    stage: progress.stage,
                    done: progress.done,
                    total: progress.total,
                };
                app.state::<UpgradeState>().set(Some(upgrade.clone()));
                let _ = UpgradeProgress(Some(upgrade)).emit(&app);
            };
            let converted = accounts::convert_plain_journal(journal.root(), &auth.vault, report);
            app.state::<UpgradeState>().set(None);
            let _ = UpgradeProgress(None).emit(&app);
            match converted {
                Ok(done) => {
                    tracing::info!(accounts = done.accounts.len(), "older journal encrypted");
                    let handle = app.clone();
                    let _ = app.run_on_main_thread(move || {
                        let journal = handle.state::<JournalState>();
                        let auth = handle.state::<AuthState>();
                        if let Err(err) = super::start::resume_journal(&handle, &journal, &auth) {
                            tracing::error!(%err, "could not open the journal window");
                        }
                    });
                }
                Err(err) => {
                    tracing::error!(%err, "could not encrypt the older journal");
                    let problem = accounts_error(err);
                    auth.set_notice(Some(AppError::new(
                        problem.code,
                        format!(
                            "Quire could not encrypt your journal: {} Your journal is unchanged. \
                             Fix this, then start Quire again.",
                            problem.message
                        ),
                    )));
                    journal.set_unavailable(problem);
                }
            }
        });
    if let Err(err) = spawned {
        tracing::error!(%err, "could not start encrypting the older journal");
    }
}

/// Tells the journal window to lock when the desktop session locks (logind's `Lock` signal for this
/// session, or the freedesktop screen saver turning on).
pub fn watch_session_lock(app: AppHandle) {
    tauri::async_runtime::spawn(async move {
        if let Err(err) = session_lock::watch(move || {
            if WindowLabel::Journal.get(&app).is_some() {
                tracing::info!("the desktop session locked");
                let _ = LockRequested(()).emit(&app);
            }
        })
        .await
        {
            tracing::info!(%err, "not watching the desktop's lock: auto-lock on idle still works");
        }
    });
}
