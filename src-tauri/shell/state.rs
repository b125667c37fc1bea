//! What the app holds while it runs, one managed struct per concern: the journal (store and whose it
//! is) and the account's sign-in (provider, keyring, connection, sign-in in progress).

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, PoisonError, RwLock};

use tokio::sync::mpsc;
use url::Url;

use super::error::{AppError, ErrorCode};
use super::events::{Connection, ConnectionState};
use quire_core::auth::oidc::Provider;
use quire_core::auth::vault::Vault;
use quire_core::config::{ProviderSettings, SignInMode};
use quire_core::store::{self, Store, StoreError, User, UserId};

/// The open database and the signed-in person whose journal the journal window shows.
pub struct JournalState {
    /// Replaced only by a restore, which happens while no store is open.
    store: RwLock<Result<Arc<Store>, AppError>>,
    user: RwLock<Option<User>>,
    data_dir: PathBuf,
}

impl JournalState {
    pub fn open(data_dir: &Path) -> Self {
        Self {
            store: RwLock::new(open_store(data_dir)),
            user: RwLock::new(None),
            data_dir: data_dir.to_path_buf(),
        }
    }

    /// A journal this process must not open (another copy of Quire has it): every command answers
    /// `problem`.
    pub fn unavailable(data_dir: &Path, problem: AppError) -> Self {
        Self {
            store: RwLock::new(Err(problem)),
            user: RwLock::new(None),
            data_dir: data_dir.to_path_buf(),
        }
    }

    pub fn store(&self) -> Result<Arc<Store>, AppError> {
        self.store
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    /// Opens the journal again after a restore put a file back in place.
    pub fn reopen(&self) -> Result<Arc<Store>, AppError> {
        let store = open_store(&self.data_dir);
        *self.store.write().unwrap_or_else(PoisonError::into_inner) = store.clone();
        store
    }

    pub fn data_dir(&self) -> &Path {
        &self.data_dir
    }

    /// Stops all use of a journal found damaged: every later command answers `damaged`, and the
    /// file is left as it is for a restore at the next launch.
    pub fn close_damaged(&self) {
        *self.store.write().unwrap_or_else(PoisonError::into_inner) =
            Err(AppError::from(StoreError::Corrupt));
    }

    /// The signed-in person, or `session_ended` when nobody is.
    pub fn user(&self) -> Result<User, AppError> {
        self.user
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
            .ok_or_else(|| {
                AppError::new(
                    ErrorCode::SessionEnded,
                    "Nobody is signed in to this journal. Sign in again to keep writing.",
                )
            })
    }

    pub fn set_user(&self, user: Option<User>) {
        *self.user.write().unwrap_or_else(PoisonError::into_inner) = user;
    }

    /// Opens the journal for `user`: they become the current user, and the entries they deleted
    /// in an earlier session are removed for good.
    pub fn open_for(&self, user: User) {
        if let Ok(store) = self.store() {
            match store.purge_deleted(&user.id) {
                Ok(purged) => tracing::info!(purged, "journal open"),
                Err(err) => tracing::warn!(%err, "could not purge deleted entries"),
            }
        }
        self.set_user(Some(user));
    }

    /// Runs `work` on a blocking thread against the store, for the signed-in user.
    pub async fn run<T, F>(&self, work: F) -> Result<T, AppError>
    where
        T: Send + 'static,
        F: FnOnce(&Store, &UserId) -> Result<T, StoreError> + Send + 'static,
    {
        let store = self.store()?;
        let user = self.user()?.id;
        let database = store.path().to_path_buf();
        tauri::async_runtime::spawn_blocking(move || work(&store, &user))
            .await
            .map_err(|err| {
                // Not the error itself: a panic's message may quote the entry's text.
                if matches!(&err, tauri::Error::JoinError(join) if join.is_panic()) {
                    tracing::error!("a store task panicked");
                } else {
                    tracing::error!("a store task was cancelled");
                }
                AppError::internal(
                    "Quire hit an internal error. Try again; your text is kept in the editor.",
                )
            })?
            .map_err(|err| {
                if matches!(err, StoreError::Corrupt) {
                    tracing::error!("a query met a damaged page of the journal");
                    store::note_damage(&database, "a query met a damaged page");
                    self.close_damaged();
                }
                AppError::from(err)
            })
    }
}

/// Opens the journal in `data_dir`, turning what went wrong into words for the window. A damaged
/// file is noted as damaged, so that it is never opened (and written to) again before a restore.
fn open_store(data_dir: &Path) -> Result<Arc<Store>, AppError> {
    Store::open_in(data_dir).map(Arc::new).map_err(|err| {
        tracing::error!(%err, "could not open the journal");
        if matches!(err, StoreError::Corrupt) {
            let database = data_dir.join(store::DATABASE_FILE);
            if store::damage_noted(&database).is_none() {
                store::note_damage(&database, "SQLite could not read the file");
            }
            return AppError::from(err);
        }
        let folder = data_dir.display();
        let AppError { code, message } = AppError::from(err);
        let message = match code {
            ErrorCode::ReadOnly => format!(
                "Quire could not open your journal in {folder}: it cannot write to its data folder. \
                 Check that the folder can be written to and that the disk is not read-only, then \
                 start Quire again."
            ),
            ErrorCode::DiskFull => format!(
                "Quire could not open your journal in {folder}: the disk is full. Free some space \
                 on the disk, then start Quire again."
            ),
            _ => format!(
                "Quire could not open your journal in {folder}. {message} Then start Quire again."
            ),
        };
        AppError::new(code, message)
    })
}

/// What a sign-in in progress is waiting for.
#[derive(Debug)]
pub enum SignInEvent {
    /// The provider redirected back to us with this URL.
    Redirect(Url),
    /// The person closed the sign-in window or pressed Cancel.
    Cancelled,
}

/// Signing in: who vouches for people, where their token is kept, the connection to them, and the
/// sign-in in progress.
pub struct AuthState {
    pub provider_settings: Result<ProviderSettings, String>,
    pub mode: SignInMode,
    pub vault: Vault,
    /// The redirect URI for the embedded window, from the app identifier.
    pub embedded_redirect: Url,
    provider: tokio::sync::Mutex<Option<Arc<Provider>>>,
    connection: Mutex<Connection>,
    pending: Mutex<Option<mpsc::Sender<SignInEvent>>>,
    notice: Mutex<Option<AppError>>,
    /// Changes whenever someone signs in, signs out or the session ends, so that work begun for an
    /// earlier session (a background refresh waiting on the network) never applies to a later one.
    generation: AtomicU64,
    /// Held by whatever reads, uses and replaces the refresh token: providers rotate it on every use
    /// and treat a replayed one as theft, so two users of it at once would end the session.
    pub token_lock: tokio::sync::Mutex<()>,
}

impl AuthState {
    pub fn new(
        provider_settings: Result<ProviderSettings, String>,
        mode: SignInMode,
        vault: Vault,
        embedded_redirect: Url,
    ) -> Self {
        Self {
            provider_settings,
            mode,
            vault,
            embedded_redirect,
            provider: tokio::sync::Mutex::new(None),
            connection: Mutex::new(Connection {
                state: ConnectionState::Checking,
                detail: None,
            }),
            pending: Mutex::new(None),
            notice: Mutex::new(None),
            generation: AtomicU64::new(0),
            token_lock: tokio::sync::Mutex::new(()),
        }
    }

    /// The current session's number.
    pub fn generation(&self) -> u64 {
        self.generation.load(Ordering::SeqCst)
    }

    /// Starts a new session number; returns it.
    pub fn next_generation(&self) -> u64 {
        self.generation.fetch_add(1, Ordering::SeqCst) + 1
    }

    /// The provider, discovered on first use and kept for the rest of the run.
    pub async fn provider(&self) -> Result<Arc<Provider>, AppError> {
        let settings = self
            .provider_settings
            .as_ref()
            .map_err(|help| AppError::new(ErrorCode::NotConfigured, help.clone()))?;
        let mut cached = self.provider.lock().await;
        if let Some(provider) = cached.as_ref() {
            return Ok(Arc::clone(provider));
        }
        let provider = Provider::discover(&settings.issuer, &settings.client_id)
            .await
            .map(Arc::new)
            .map_err(|err| {
                let code = match err {
                    quire_core::auth::error::OidcError::Unreachable(_) => ErrorCode::Offline,
                    _ => ErrorCode::SignInFailed,
                };
                AppError::new(
                    code,
                    format!(
                        "Quire could not reach the account service at {}: {err}. Check your \
                         internet connection, then try again.",
                        settings.label()
                    ),
                )
            })?;
        *cached = Some(Arc::clone(&provider));
        Ok(provider)
    }

    pub fn connection(&self) -> Connection {
        lock(&self.connection).clone()
    }

    /// Records the connection state; true when it changed.
    pub fn set_connection(&self, connection: Connection) -> bool {
        let mut current = lock(&self.connection);
        let changed = *current != connection;
        *current = connection;
        changed
    }

    /// Starts waiting for a sign-in; `None` if one is already in progress.
    pub fn begin_sign_in(&self) -> Option<mpsc::Receiver<SignInEvent>> {
        let mut pending = lock(&self.pending);
        if pending.as_ref().is_some_and(|tx| !tx.is_closed()) {
            return None;
        }
        let (tx, rx) = mpsc::channel(4);
        *pending = Some(tx);
        Some(rx)
    }

    /// A handle that delivers events to the sign-in in progress.
    pub fn sign_in_sender(&self) -> Option<mpsc::Sender<SignInEvent>> {
        lock(&self.pending).clone()
    }

    pub fn end_sign_in(&self) {
        *lock(&self.pending) = None;
    }

    /// Why the welcome window is showing, until the next sign-in.
    pub fn notice(&self) -> Option<AppError> {
        lock(&self.notice).clone()
    }

    pub fn set_notice(&self, notice: Option<AppError>) {
        *lock(&self.notice) = notice;
    }
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}
