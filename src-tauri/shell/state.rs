//! What the app holds while it runs, one managed struct per concern: the journal (the signed-in
//! account's encrypted store, or why it is not open, and whose it is) and the account's sign-in
//! (provider, keyring, connection, sign-in in progress).

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, PoisonError, RwLock};
use std::time::{Duration, Instant};

use tokio::sync::mpsc;
use url::Url;

use super::error::{capitalize, AppError, ErrorCode};
use super::events::{Connection, ConnectionState};
use quire_core::accounts::{self, Account};
use quire_core::auth::oidc::Provider;
use quire_core::auth::vault::Vault;
use quire_core::config::{ProviderSettings, SignInMode};
use quire_core::keys::{ContentKey, KeyError, KeySlots};
use quire_core::store::{self, NewUser, Store, StoreError, User, UserId};
use quire_core::sync::SyncKey;

/// The signed-in account's journal: its open database (or why there is none: locked, damaged, nobody
/// signed in), the person it belongs to, and its content key while it is open.
pub struct JournalState {
    store: RwLock<Result<Arc<Store>, AppError>>,
    user: RwLock<Option<User>>,
    /// The signed-in account, whether its journal is open or locked.
    account: RwLock<Option<Account>>,
    /// The profile a sign-in brought while the journal was locked: written once it is unlocked.
    pending_profile: Mutex<Option<NewUser>>,
    /// Wrong secrets typed at the lock screen since the last unlock, and when the next try may come.
    failures: Mutex<(u32, Option<Instant>)>,
    /// The data folder, which holds every account's folder.
    root: PathBuf,
}

/// What opening an account's journal came to.
pub enum Opened {
    /// Open, for this person (`None` if the journal has no user row yet).
    Open(Option<Box<User>>),
    /// It waits for the passphrase or the recovery key.
    Locked,
}

impl JournalState {
    /// Nothing open yet: the launch decides which account's journal opens, if any.
    pub fn new(root: &Path) -> Self {
        Self::unavailable(root, not_signed_in())
    }

    /// A journal this process must not open (another copy of Quire has it): every command answers
    /// `problem`.
    pub fn unavailable(root: &Path, problem: AppError) -> Self {
        Self {
            store: RwLock::new(Err(problem)),
            user: RwLock::new(None),
            account: RwLock::new(None),
            pending_profile: Mutex::new(None),
            failures: Mutex::new((0, None)),
            root: root.to_path_buf(),
        }
    }

    pub fn store(&self) -> Result<Arc<Store>, AppError> {
        self.store
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    fn set_store(&self, store: Result<Arc<Store>, AppError>) {
        *self.store.write().unwrap_or_else(PoisonError::into_inner) = store;
    }

    /// Opens `store` as the account's journal (after a join).
    pub fn replace_store(&self, store: Store) {
        self.set_store(Ok(Arc::new(store)));
    }

    /// The key sync encrypts with, derived from the open journal's content key.
    pub fn sync_key(&self) -> Result<SyncKey, AppError> {
        let store = self.store()?;
        let key = store
            .key()
            .ok_or_else(|| AppError::internal("The journal is not encrypted."))?;
        Ok(SyncKey::derive(key))
    }

    /// The data folder.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// The folder of the signed-in account's journal (the data folder when nobody is signed in).
    pub fn data_dir(&self) -> PathBuf {
        match self.account() {
            Some(account) => accounts::folder(&self.root, &account.id),
            None => self.root.clone(),
        }
    }

    pub fn account(&self) -> Option<Account> {
        self.account
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    /// Opens `account`'s journal with its key from the keyring. When the keyring does not have it,
    /// or the person asked to type their passphrase at every start, the journal stays locked.
    pub fn open_account(&self, account: Account, vault: &Vault) -> Result<Opened, AppError> {
        *self.account.write().unwrap_or_else(PoisonError::into_inner) = Some(account.clone());
        self.set_user(None);
        let dir = accounts::folder(&self.root, &account.id);
        let key = match KeySlots::load(&dir).map_err(key_error)? {
            Some(slots) => slots.open_with_keyring(vault).map_err(key_error)?,
            None if !dir.join(store::DATABASE_FILE).exists() => {
                // A new account: a new key, kept in a keyring slot, and a new journal.
                let store = accounts::open_with_keyring(&self.root, &account, vault)
                    .map_err(accounts_error)?
                    .ok_or_else(locked)?;
                self.set_store(Ok(Arc::new(store)));
                return Ok(Opened::Open(None));
            }
            // The journal is there but its key file is not: say where it should be.
            None => return Err(accounts_error(accounts::missing_keys(&dir))),
        };
        let Some(key) = key else {
            self.set_store(Err(locked()));
            return Ok(Opened::Locked);
        };
        let store = open_store(&dir, &key)?;
        let user = store.signed_in_user().map_err(AppError::from)?;
        self.set_store(Ok(store));
        Ok(Opened::Open(user.map(Box::new)))
    }

    /// Nothing can be opened: every command answers `problem`.
    pub fn set_unavailable(&self, problem: AppError) {
        self.set_store(Err(problem));
    }

    /// Locks the journal: the database closes once the last query in flight ends, and its key is
    /// wiped with it. The person stays signed in.
    pub fn lock(&self) {
        self.set_store(Err(locked()));
        tracing::info!("journal locked");
    }

    /// True while the signed-in account's journal waits to be unlocked.
    pub fn is_locked(&self) -> bool {
        matches!(&*self.store.read().unwrap_or_else(PoisonError::into_inner), Err(err) if err.code == ErrorCode::Locked)
    }

    /// How long the lock screen must wait before the next try; zero when it may try now.
    pub fn unlock_wait(&self) -> Duration {
        let failures = lock(&self.failures);
        failures
            .1
            .map(|at| at.saturating_duration_since(Instant::now()))
            .unwrap_or_default()
    }

    /// Unlocks the journal with the passphrase or the recovery key, offline. Each wrong secret
    /// makes the next try wait longer.
    pub fn unlock(&self, secret: &str, vault: &Vault) -> Result<User, AppError> {
        let account = self.account().ok_or_else(not_signed_in)?;
        let wait = self.unlock_wait();
        if !wait.is_zero() {
            return Err(AppError::new(
                ErrorCode::WrongSecret,
                format!(
                    "Wait {} seconds, then try again.",
                    wait.as_secs_f64().ceil() as u64
                ),
            ));
        }
        let (store, _key) = match accounts::unlock(&self.root, &account, secret, vault) {
            Ok(opened) => opened,
            Err(accounts::AccountsError::Keys(KeyError::WrongSecret)) => {
                let mut failures = lock(&self.failures);
                failures.0 += 1;
                let wait = unlock_delay(failures.0);
                failures.1 = Some(Instant::now() + wait);
                tracing::warn!(tries = failures.0, "a wrong passphrase or recovery key");
                return Err(AppError::new(
                    ErrorCode::WrongSecret,
                    "That passphrase or recovery key does not open this journal. Check that Caps \
                     Lock is off and type it again; a recovery key is eight groups of four letters \
                     and digits.",
                ));
            }
            Err(err) => return Err(accounts_error(err)),
        };
        *lock(&self.failures) = (0, None);
        let pending = lock(&self.pending_profile).take();
        let user = match pending {
            Some(profile) => store.sign_in(&profile)?,
            None => store.signed_in_user()?.ok_or_else(not_signed_in)?,
        };
        self.set_store(Ok(Arc::new(store)));
        tracing::info!("journal unlocked");
        Ok(user)
    }

    /// Keeps the profile of a sign-in whose journal is locked, to write once it is unlocked.
    pub fn set_pending_profile(&self, profile: Option<NewUser>) {
        *lock(&self.pending_profile) = profile;
    }

    /// The account's key slots.
    pub fn slots(&self) -> Result<(PathBuf, KeySlots), AppError> {
        let account = self.account().ok_or_else(not_signed_in)?;
        let slots = accounts::slots(&self.root, &account.id).map_err(accounts_error)?;
        Ok((accounts::folder(&self.root, &account.id), slots))
    }

    /// Forgets the account (signed out): nothing is open any more.
    pub fn close(&self) {
        self.set_store(Err(not_signed_in()));
        *self.account.write().unwrap_or_else(PoisonError::into_inner) = None;
        self.set_pending_profile(None);
        self.set_user(None);
    }

    /// Opens the journal again after a restore put a file back in place.
    pub fn reopen(&self, vault: &Vault) -> Result<(), AppError> {
        let account = self.account().ok_or_else(not_signed_in)?;
        self.open_account(account, vault).map(|_| ())
    }

    /// Stops all use of a journal found damaged: every later command answers `damaged`, and the
    /// file is left as it is for a restore at the next launch.
    pub fn close_damaged(&self) {
        self.set_store(Err(AppError::from(StoreError::Corrupt)));
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

/// How long the lock screen waits after the `tries`-th wrong secret in a row: nothing for the first
/// two, then 2, 4, 8… seconds, up to five minutes.
pub fn unlock_delay(tries: u32) -> Duration {
    match tries {
        0..=2 => Duration::ZERO,
        n => Duration::from_secs((1u64 << (n - 2).min(9)).min(300)),
    }
}

fn not_signed_in() -> AppError {
    AppError::new(
        ErrorCode::SessionEnded,
        "Nobody is signed in to this journal. Sign in again to keep writing.",
    )
}

fn locked() -> AppError {
    AppError::new(
        ErrorCode::Locked,
        "Your journal is locked. Unlock it with your passphrase or recovery key, then try again.",
    )
}

fn key_error(err: KeyError) -> AppError {
    accounts_error(accounts::AccountsError::Keys(err))
}

/// What went wrong with an account's keys or list, in words for the window.
pub fn accounts_error(err: accounts::AccountsError) -> AppError {
    use accounts::AccountsError;
    match err {
        AccountsError::Store(err) => AppError::from(err),
        AccountsError::Keyring(err) | AccountsError::Keys(KeyError::Keyring(err)) => {
            AppError::from(err)
        }
        AccountsError::Keys(KeyError::WrongSecret) => AppError::new(
            ErrorCode::WrongSecret,
            "That is not the passphrase or the recovery key of this journal. Try again.",
        ),
        AccountsError::Keys(KeyError::WeakPassphrase(why)) => AppError::invalid(capitalize(&why)),
        other => {
            tracing::error!(%other, "the journal's keys could not be used");
            AppError::new(ErrorCode::Storage, capitalize(&other.to_string()) + ".")
        }
    }
}

/// Opens the journal in `dir`, turning what went wrong into words for the window. A damaged file is
/// noted as damaged, so that it is never opened (and written to) again before a restore.
fn open_store(dir: &Path, key: &ContentKey) -> Result<Arc<Store>, AppError> {
    Store::open_in(dir, key).map(Arc::new).map_err(|err| {
        tracing::error!(%err, "could not open the journal");
        if matches!(err, StoreError::Corrupt) {
            let database = dir.join(store::DATABASE_FILE);
            if store::damage_noted(&database).is_none() {
                store::note_damage(&database, "SQLite could not read the file");
            }
            return AppError::from(err);
        }
        let folder = dir.display();
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
    /// How the provider's page is shown; Settings can change it while the app runs.
    mode: Mutex<SignInMode>,
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
            mode: Mutex::new(mode),
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
    pub fn mode(&self) -> SignInMode {
        *self
            .mode
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    pub fn set_mode(&self, mode: SignInMode) {
        *self
            .mode
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner()) = mode;
    }

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
