//! The refresh token's home: the operating system's keyring (Secret Service on Linux, the Keychain
//! on macOS, Credential Manager on Windows), through `keyring-core` and each platform's store.
//!
//! One credential per account, named by issuer and subject, under a service name that tests and
//! scripts can change (`QUIRE_KEYRING_SERVICE`) so they never touch a person's real entries. Only the
//! refresh token is stored: it fits Windows' 2,560-byte limit, where a bundle of JWTs may not. If the
//! keyring cannot be used, the vault says so; there is no fallback to a file.

use std::sync::Arc;

use keyring_core::{CredentialStore, Entry, Error as KeyringError};

use super::secret::Secret;

/// The default keyring service name: the app identifier.
pub const DEFAULT_SERVICE: &str = "app.quire.journal";

#[derive(Debug, Clone, thiserror::Error)]
pub enum VaultError {
    #[error(
        "no system keyring is available ({0}). Quire keeps your sign-in only in the system keyring, \
         never in a plain file: install and start a Secret Service such as GNOME Keyring or KWallet, \
         then sign in again"
    )]
    Unavailable(String),
    /// Locked, and the unlock prompt was dismissed or could not be shown.
    #[error(
        "the system keyring is locked or refused access ({0}). Unlock it: answer its password \
         prompt, or unlock it in your desktop's passwords app (such as Passwords and Keys), then \
         try again (or start Quire again)"
    )]
    Locked(String),
    #[error(
        "the system keyring failed ({0}). Try again; if it keeps failing, restart your session"
    )]
    Failed(String),
}

/// Reads and writes refresh tokens in the OS keyring.
#[derive(Clone)]
pub struct Vault {
    store: Result<Arc<CredentialStore>, VaultError>,
    service: String,
}

impl std::fmt::Debug for Vault {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Vault")
            .field("service", &self.service)
            .field("available", &self.store.is_ok())
            .finish()
    }
}

impl Vault {
    /// The platform keyring. If it cannot be reached, every call reports why.
    pub fn system(service: &str) -> Self {
        Self {
            store: platform_store().map_err(|err| VaultError::Unavailable(err.to_string())),
            service: service.to_owned(),
        }
    }

    /// A vault over a given credential store (tests use keyring-core's mock store).
    pub fn with_store(store: Arc<CredentialStore>, service: &str) -> Self {
        Self {
            store: Ok(store),
            service: service.to_owned(),
        }
    }

    pub fn service(&self) -> &str {
        &self.service
    }

    /// Why the keyring cannot be used, if it cannot.
    pub fn problem(&self) -> Option<VaultError> {
        self.store.as_ref().err().cloned()
    }

    /// Stores (or replaces) the account's refresh token.
    #[tracing::instrument(skip_all, err)]
    pub fn store(&self, account: &str, token: &Secret) -> Result<(), VaultError> {
        self.entry(account)?
            .set_password(token.expose())
            .map_err(classify)
    }

    /// The account's refresh token, or `None` if there is none.
    #[tracing::instrument(skip_all, err)]
    pub fn load(&self, account: &str) -> Result<Option<Secret>, VaultError> {
        match self.entry(account)?.get_password() {
            Ok(token) => Ok(Some(Secret::new(token))),
            Err(KeyringError::NoEntry) => Ok(None),
            Err(err) => Err(classify(err)),
        }
    }

    /// Removes the account's refresh token; removing one that is not there is fine.
    #[tracing::instrument(skip_all, err)]
    pub fn delete(&self, account: &str) -> Result<(), VaultError> {
        match self.entry(account)?.delete_credential() {
            Ok(()) | Err(KeyringError::NoEntry) => Ok(()),
            Err(err) => Err(classify(err)),
        }
    }

    fn entry(&self, account: &str) -> Result<Entry, VaultError> {
        let store = self.store.as_ref().map_err(Clone::clone)?;
        Entry::new_in_store(store, &self.service, account).map_err(classify)
    }
}

/// The keyring account name for a person: who vouches for them, and their id there.
pub fn account_name(issuer: &str, subject: &str) -> String {
    format!("{subject} at {issuer}")
}

fn classify(err: KeyringError) -> VaultError {
    match err {
        KeyringError::NoStorageAccess(inner) => VaultError::Locked(inner.to_string()),
        KeyringError::NoDefaultStore => VaultError::Unavailable(err.to_string()),
        KeyringError::PlatformFailure(inner) => VaultError::Failed(inner.to_string()),
        other => VaultError::Failed(other.to_string()),
    }
}

#[cfg(target_os = "linux")]
fn platform_store() -> keyring_core::Result<Arc<CredentialStore>> {
    Ok(zbus_secret_service_keyring_store::Store::new()?)
}

#[cfg(target_os = "macos")]
fn platform_store() -> keyring_core::Result<Arc<CredentialStore>> {
    Ok(apple_native_keyring_store::keychain::Store::new()?)
}

#[cfg(target_os = "windows")]
fn platform_store() -> keyring_core::Result<Arc<CredentialStore>> {
    Ok(windows_native_keyring_store::Store::new()?)
}

#[cfg(not(any(target_os = "linux", target_os = "macos", target_os = "windows")))]
fn platform_store() -> keyring_core::Result<Arc<CredentialStore>> {
    Err(KeyringError::NotSupportedByStore(
        "this operating system has no supported keyring".into(),
    ))
}
