//! Sync in the background while the journal is open: one task per open journal, which syncs, then
//! waits for a local change, a change on the server (the longpoll feed), or Sync now, and syncs
//! again. Failures retry with a growing pause; nothing here ever waits on the window or blocks a
//! save, which writes to the journal first exactly as without sync.
//!
//! The connection it uses is in `sync_connection`.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Mutex, PoisonError};
use std::time::{Duration, Instant};

use serde::Serialize;
use tauri::{AppHandle, Manager};
use tauri_specta::Event;
use tokio::sync::{watch, Notify};

use super::error::{AppError, ErrorCode};
use super::state::{AuthState, JournalState};
use super::sync_connection::{load_connection, sync_error, Connection};
use quire_core::keys::SlotKind;
use quire_core::store::{now_ms, UserId};
use quire_core::sync::{self as core_sync, KeysOnServer, SyncError, Syncer};

const FIRST_RETRY: Duration = Duration::from_secs(5);
const LONGEST_RETRY: Duration = Duration::from_secs(5 * 60);
/// How long one longpoll waits on the server before asking again.
const LONGPOLL: Duration = Duration::from_secs(50);
/// How often the journal is checked for changes a command did not announce.
const LOCAL_CHECK: Duration = Duration::from_secs(2);
/// A save is pushed this long after the last one, so that typing sends one version, not ten.
const SETTLE: Duration = Duration::from_millis(300);
/// Progress reaches the window at most this often.
const PROGRESS_EVERY: Duration = Duration::from_millis(200);

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum SyncState {
    /// No server is set up.
    Off,
    Syncing,
    Synced,
    /// The server cannot be reached; sync tries again.
    Offline,
    /// The server refused, or answered something sync cannot go on with; the message says what to do.
    Error,
    /// The server holds this account's journal from another device: unlock it to join.
    NeedsKey,
}

/// Which way the round under way is going.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum SyncPhase {
    Pushing,
    Pulling,
}

/// How far the round under way has got; `total` is not known while pulling changes after the first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
pub struct SyncProgress {
    pub phase: SyncPhase,
    pub done: u32,
    pub total: Option<u32>,
}

/// The server, as the settings show it (never the password).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
pub struct SyncServer {
    pub url: String,
    pub username: String,
}

/// Where sync stands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct SyncStatus {
    pub state: SyncState,
    /// What went wrong and what to do, when offline, stopped or waiting for the key.
    pub message: Option<String>,
    /// Local changes not yet on the server.
    pub pending: u32,
    pub progress: Option<SyncProgress>,
    /// When the last sync finished (ms since the epoch).
    pub last_synced_at: Option<i64>,
    /// Entries with versions kept from a conflict.
    pub conflicts: Vec<String>,
    pub server: Option<SyncServer>,
    /// Something the last round did that the person should know, said once.
    pub notice: Option<String>,
}

impl Default for SyncStatus {
    fn default() -> Self {
        Self::off()
    }
}

impl SyncStatus {
    fn off() -> Self {
        Self {
            state: SyncState::Off,
            message: None,
            pending: 0,
            progress: None,
            last_synced_at: None,
            conflicts: Vec::new(),
            server: None,
            notice: None,
        }
    }
}

/// Sync's status changed.
#[derive(Debug, Clone, Serialize, specta::Type, tauri_specta::Event)]
#[serde(transparent)]
pub struct SyncChanged(pub SyncStatus);

/// A pull wrote these entries: the list reads them again, and the open entry too when it has no
/// edits of its own.
#[derive(Debug, Clone, Serialize, specta::Type, tauri_specta::Event)]
#[serde(rename_all = "camelCase")]
pub struct EntriesSynced {
    pub entry_ids: Vec<String>,
}

/// The running sync, one per app.
#[derive(Default)]
pub struct SyncService {
    status: Mutex<Option<SyncStatus>>,
    /// Bumped to stop the running task (lock, sign-out, a new connection); a task watches it.
    generation: watch::Sender<u64>,
    /// Sync now, or a local change.
    wake: Notify,
    /// The key slots changed (a new passphrase or recovery key): publish them again.
    republish: AtomicBool,
    /// A join is swapping the journal window for a new one: closing the old one is not quitting.
    replacing_window: AtomicBool,
}

impl SyncService {
    /// The status now (off when no task runs).
    pub fn status(&self) -> SyncStatus {
        lock(&self.status).clone().unwrap_or_else(SyncStatus::off)
    }

    /// Asks the running task to sync soon (a local change or Sync now).
    pub fn nudge(&self) {
        self.wake.notify_one();
    }

    /// The journal's passphrase or recovery key changed: the server gets the new slots, so that
    /// an old passphrase no longer opens the journal on another device.
    pub fn keys_changed(&self) {
        self.republish.store(true, Ordering::SeqCst);
        self.nudge();
    }

    fn generation(&self) -> u64 {
        *self.generation.borrow()
    }

    pub fn set_replacing_window(&self, replacing: bool) {
        self.replacing_window.store(replacing, Ordering::SeqCst);
    }

    /// Whether the journal window is being replaced, so that the app stays open without it.
    pub fn replacing_window(&self) -> bool {
        self.replacing_window.load(Ordering::SeqCst)
    }

    /// Stops the running task, if any; its store goes with it.
    pub fn stop(&self) {
        self.generation.send_modify(|generation| *generation += 1);
        *lock(&self.status) = None;
    }
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

/// Sets the status and tells the window.
pub fn announce(app: &AppHandle, status: SyncStatus) {
    let service = app.state::<SyncService>();
    *lock(&service.status) = (status.state != SyncState::Off).then(|| status.clone());
    if let Err(err) = SyncChanged(status).emit(app) {
        tracing::warn!(%err, "could not tell the window how sync stands");
    }
}

/// Reads the entries in conflict again (one was settled) and tells the window.
pub fn refresh_conflicts(app: &AppHandle) {
    let journal = app.state::<JournalState>();
    let (Ok(store), Ok(user)) = (journal.store(), journal.user()) else {
        return;
    };
    let mut status = app.state::<SyncService>().status();
    match store.sync_conflicted_entries(&user.id) {
        Ok(conflicts) => status.conflicts = conflicts,
        Err(err) => tracing::warn!(%err, "could not read the entries in conflict"),
    }
    announce(app, status);
}

/// Starts syncing the open journal, if a server is set up; stops any earlier task first.
pub fn start(app: &AppHandle) {
    let service = app.state::<SyncService>();
    service.stop();
    let stopped = service.generation.subscribe();
    let app = app.clone();
    tauri::async_runtime::spawn(async move {
        run(&app, stopped).await;
    });
}

/// One task's life: connect, then sync and wait, until stopped.
async fn run(app: &AppHandle, mut stopped: watch::Receiver<u64>) {
    let generation = *stopped.borrow_and_update();
    let service = app.state::<SyncService>();
    let journal = app.state::<JournalState>();
    let connection = {
        let app = app.clone();
        tauri::async_runtime::spawn_blocking(move || {
            load_connection(
                &app.state::<JournalState>(),
                &app.state::<AuthState>().vault,
            )
        })
        .await
    };
    let connection = match connection {
        Ok(Ok(Some(connection))) => connection,
        Ok(Ok(None)) => return,
        Ok(Err(err)) => {
            tracing::warn!(%err, "could not read the sync connection");
            return;
        }
        Err(_) => return,
    };
    let mut status = SyncStatus {
        server: Some(connection.view()),
        state: SyncState::Syncing,
        ..SyncStatus::off()
    };
    let publish = |status: &SyncStatus| {
        if service.generation() != generation {
            return;
        }
        *lock(&service.status) = Some(status.clone());
        if let Err(err) = SyncChanged(status.clone()).emit(app) {
            tracing::warn!(%err, "could not tell the window how sync stands");
        }
    };
    let mut backoff = FIRST_RETRY;
    let mut keys_checked = false;
    loop {
        if service.generation() != generation {
            return;
        }
        let made = make_syncer(&journal, &connection);
        let (syncer, user) = match made {
            Ok(made) => made,
            Err(err) if err.code == ErrorCode::Locked || err.code == ErrorCode::SessionEnded => {
                return
            }
            Err(err) => {
                status.state = SyncState::Error;
                status.message = Some(err.message);
                publish(&status);
                return;
            }
        };
        let outcome = tokio::select! {
            outcome = round(&service, &journal, &syncer, &mut keys_checked, &mut status, &publish) => outcome,
            _ = stopped.changed() => return,
        };
        if let Ok(store) = journal.store() {
            status.pending = store.sync_pending_count(&user).unwrap_or(0) as u32;
            status.conflicts = store.sync_conflicted_entries(&user).unwrap_or_default();
        }
        let retry = match outcome {
            Round::Synced(entries) => {
                backoff = FIRST_RETRY;
                status.progress = None;
                publish(&status);
                status.notice = None;
                if !entries.is_empty() {
                    if let Err(err) = (EntriesSynced { entry_ids: entries }).emit(app) {
                        tracing::warn!(%err, "could not tell the window of synced entries");
                    }
                }
                None
            }
            Round::NeedsKey => {
                status.state = SyncState::NeedsKey;
                status.progress = None;
                status.message = Some(
                    "This server holds your journal from another computer. Enter its recovery key \
                     or passphrase in Settings, under Sync, to open it here."
                        .to_owned(),
                );
                publish(&status);
                // Nothing to do until a join or a new connection starts another task.
                drop(syncer);
                let _ = stopped.changed().await;
                return;
            }
            Round::NoPortableKey => {
                status.state = SyncState::Error;
                status.progress = None;
                status.message = Some(
                    "Before this journal can sync, give it a recovery key or a passphrase \
                     (Settings, under Security): it is what opens the journal on your other \
                     computers."
                        .to_owned(),
                );
                publish(&status);
                Some(LONGEST_RETRY)
            }
            Round::Failed(err) => {
                status.progress = None;
                let shown = sync_error(&err);
                status.state = if shown.code == ErrorCode::Offline {
                    SyncState::Offline
                } else {
                    SyncState::Error
                };
                status.message = Some(shown.message);
                publish(&status);
                tracing::info!(error = ?err, retry_in = ?backoff, "sync will try again");
                let pause = backoff;
                backoff = (backoff * 2).min(LONGEST_RETRY);
                Some(pause)
            }
        };
        let woken = tokio::select! {
            woken = wait_for_work(&service, &syncer, &journal, &user, status.pending, retry) => woken,
            _ = stopped.changed() => return,
        };
        drop(syncer);
        if woken == Woken::Local {
            tokio::time::sleep(SETTLE).await;
        }
    }
}

enum Round {
    /// Synced; these entries were written by the pull.
    Synced(Vec<String>),
    NeedsKey,
    /// The journal has neither a recovery key nor a passphrase: nothing could open it elsewhere.
    NoPortableKey,
    Failed(SyncError),
}

async fn round(
    service: &SyncService,
    journal: &JournalState,
    syncer: &Syncer,
    keys_checked: &mut bool,
    status: &mut SyncStatus,
    publish: &(dyn Fn(&SyncStatus) + Sync),
) -> Round {
    let republish = service.republish.swap(false, Ordering::SeqCst);
    if !*keys_checked || republish {
        let publish_own = match syncer.keys_on_server().await {
            Ok(KeysOnServer::Ours) => republish,
            Ok(KeysOnServer::None) => true,
            Ok(KeysOnServer::Other(_)) => return Round::NeedsKey,
            Err(err) => return Round::Failed(err),
        };
        if publish_own {
            let slots = match journal.slots() {
                Ok((_, slots)) => slots,
                Err(err) => return Round::Failed(SyncError::Protocol(err.message)),
            };
            if !slots.has(SlotKind::Recovery) && !slots.has(SlotKind::Passphrase) {
                return Round::NoPortableKey;
            }
            if let Err(err) = syncer.publish_keys(&slots).await {
                return Round::Failed(err);
            }
        }
        *keys_checked = true;
    }
    status.state = SyncState::Syncing;
    status.message = None;
    status.pending = syncer.pending_count().unwrap_or(0) as u32;
    publish(status);
    let mut last = Instant::now() - PROGRESS_EVERY;
    let mut shown = status.clone();
    let mut progress = |step: core_sync::SyncProgress| {
        let view = match step {
            core_sync::SyncProgress::Pushing { done, total } => SyncProgress {
                phase: SyncPhase::Pushing,
                done: done as u32,
                total: Some(total as u32),
            },
            core_sync::SyncProgress::Pulling { seen, total } => SyncProgress {
                phase: SyncPhase::Pulling,
                done: seen as u32,
                total: total.map(|total| total as u32),
            },
        };
        if last.elapsed() < PROGRESS_EVERY {
            return;
        }
        last = Instant::now();
        shown.progress = Some(view);
        publish(&shown);
    };
    match syncer.sync_once(&mut progress).await {
        Ok(report) => {
            status.state = SyncState::Synced;
            status.message = None;
            status.last_synced_at = Some(now_ms());
            if report.edits_over_deletes > 0 {
                status.notice = Some(if report.edits_over_deletes == 1 {
                    "An entry deleted on one device had been edited on another, so it was kept. \
                     Delete it again if you meant to."
                        .to_owned()
                } else {
                    format!(
                        "{} entries deleted on one device had been edited on another, so they \
                         were kept. Delete them again if you meant to.",
                        report.edits_over_deletes
                    )
                });
            }
            if report.set_aside > 0 {
                tracing::warn!(count = report.set_aside, "documents were set aside");
                let unread = format!(
                    "{} on the server could not be read (written by another program, or by a \
                     newer Quire) and {} set aside; nothing here was changed by {}. Update Quire \
                     if it is not the newest.",
                    if report.set_aside == 1 {
                        "A document".to_owned()
                    } else {
                        format!("{} documents", report.set_aside)
                    },
                    if report.set_aside == 1 { "was" } else { "were" },
                    if report.set_aside == 1 { "it" } else { "them" },
                );
                status.notice = Some(match status.notice.take() {
                    Some(first) => format!("{first} {unread}"),
                    None => unread,
                });
            }
            Round::Synced(report.entries)
        }
        Err(err) => Round::Failed(err),
    }
}

#[derive(Debug, PartialEq, Eq)]
enum Woken {
    Local,
    Server,
    Retry,
}

/// Waits for a reason to sync again: a local change (announced, or seen by a cheap count every
/// few seconds: more than the `left` the last round could not send), a change on the server, or
/// the end of a retry pause.
async fn wait_for_work(
    service: &SyncService,
    syncer: &Syncer,
    journal: &JournalState,
    user: &UserId,
    left: u32,
    retry: Option<Duration>,
) -> Woken {
    if let Some(pause) = retry {
        return tokio::select! {
            () = tokio::time::sleep(pause) => Woken::Retry,
            () = service.wake.notified() => Woken::Local,
        };
    }
    let local = async {
        loop {
            tokio::time::sleep(LOCAL_CHECK).await;
            let pending = journal
                .store()
                .ok()
                .and_then(|store| store.sync_pending_count(user).ok())
                .unwrap_or(0);
            if pending > u64::from(left) {
                return Woken::Local;
            }
        }
    };
    let server = async {
        loop {
            match syncer.wait_for_server(LONGPOLL).await {
                Ok(true) => return Woken::Server,
                Ok(false) => continue,
                // Offline while waiting: the next round says so, and retries.
                Err(_) => return Woken::Retry,
            }
        }
    };
    tokio::select! {
        woken = server => woken,
        woken = local => woken,
        () = service.wake.notified() => Woken::Local,
    }
}

fn make_syncer(
    journal: &JournalState,
    connection: &Connection,
) -> Result<(Syncer, UserId), AppError> {
    let store = journal.store()?;
    let user = journal.user()?.id;
    let key = journal.sync_key()?;
    let server = connection.server()?;
    let syncer =
        Syncer::with_key(store, user.clone(), server, key).map_err(|err| sync_error(&err))?;
    Ok((syncer, user))
}
