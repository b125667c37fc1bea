//! The accounts on this computer, each with an encrypted journal of its own, and which one is signed
//! in.
//!
//! The data folder holds `accounts.json`, the only plain metadata: for each account its id, issuer
//! and subject, and its lock setting; and which account is signed in. Each account's journal lives in
//! `accounts/<id>/`: the SQLCipher file, its key slots (`keys.json`), its backups and the damaged
//! copies a restore set aside. No text, title or tag is ever written outside that file.
//!
//! A journal opens with nothing to type when its keyring slot can be read; otherwise it stays locked
//! until the person types the passphrase or the recovery key ([`unlock`]). `convert` encrypts a
//! journal written before encryption, at the first start of this version.

mod convert;

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::auth::vault::{Vault, VaultError};
use crate::keys::{ContentKey, KeyError, KeySlots, SlotKind};
use crate::store::{NewUser, Store, StoreError, User, DATABASE_FILE};

pub use convert::{convert_plain_journal, plain_journal_left, Converted, Progress};

/// The account list, in the data folder.
pub const ACCOUNTS_FILE: &str = "accounts.json";
/// The folder, in the data folder, that holds one folder per account.
pub const ACCOUNTS_DIR: &str = "accounts";

#[derive(Debug, thiserror::Error)]
pub enum AccountsError {
    #[error(
        "the account list {0} is damaged. Move it aside and start Quire again; your journals in \
         the accounts folder are kept"
    )]
    Damaged(PathBuf),
    #[error("{0}")]
    Keys(#[from] KeyError),
    #[error("{0}")]
    Store(#[from] StoreError),
    #[error("{0}")]
    Keyring(#[from] VaultError),
    #[error("a file in the data folder could not be written or read: {0}")]
    Io(#[from] std::io::Error),
}

/// One account's entry in the list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Account {
    /// Names the account's folder. A new UUID, or the user id of a journal from before encryption.
    pub id: String,
    pub issuer: String,
    pub subject: String,
    /// Lock the journal after this many idle minutes (only with a passphrase set).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub auto_lock_minutes: Option<u32>,
}

/// Every account on this computer, and which one is signed in.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Accounts {
    #[serde(default)]
    pub signed_in: Option<String>,
    #[serde(default)]
    pub accounts: Vec<Account>,
}

impl Accounts {
    /// The list in `data_dir`; an empty one when there is none yet.
    pub fn load(data_dir: &Path) -> Result<Self, AccountsError> {
        let path = data_dir.join(ACCOUNTS_FILE);
        match std::fs::read(&path) {
            Ok(bytes) => serde_json::from_slice(&bytes).map_err(|_| AccountsError::Damaged(path)),
            Err(err) if err.kind() == std::io::ErrorKind::NotFound => Ok(Self::default()),
            Err(err) => Err(err.into()),
        }
    }

    /// Replaces the list in `data_dir` in one step: a crash leaves the old list or the new one.
    pub fn save(&self, data_dir: &Path) -> Result<(), AccountsError> {
        let json = serde_json::to_vec_pretty(self).map_err(std::io::Error::other)?;
        crate::fs::ensure_private_dir(data_dir)?;
        crate::fs::replace_synced(&data_dir.join(ACCOUNTS_FILE), &json)?;
        Ok(())
    }

    pub fn signed_in(&self) -> Option<&Account> {
        let id = self.signed_in.as_deref()?;
        self.get(id)
    }

    pub fn get(&self, id: &str) -> Option<&Account> {
        self.accounts.iter().find(|account| account.id == id)
    }

    pub fn get_mut(&mut self, id: &str) -> Option<&mut Account> {
        self.accounts.iter_mut().find(|account| account.id == id)
    }

    pub fn find(&self, issuer: &str, subject: &str) -> Option<&Account> {
        self.accounts
            .iter()
            .find(|account| account.issuer == issuer && account.subject == subject)
    }

    /// The account for this issuer and subject, added with a new random id if it is not listed.
    pub fn find_or_add(&mut self, issuer: &str, subject: &str) -> Account {
        if let Some(account) = self.find(issuer, subject) {
            return account.clone();
        }
        let account = Account {
            id: uuid::Uuid::now_v7().to_string(),
            issuer: issuer.to_owned(),
            subject: subject.to_owned(),
            auto_lock_minutes: None,
        };
        self.accounts.push(account.clone());
        account
    }
}

/// The folder holding `account_id`'s journal.
pub fn folder(data_dir: &Path, account_id: &str) -> PathBuf {
    data_dir.join(ACCOUNTS_DIR).join(account_id)
}

/// The account's journal with its key from the keyring, creating both for a new account (a new
/// random key, kept in a keyring slot). `None` when the journal exists but its key is not in this
/// keyring: it opens with the passphrase or the recovery key ([`unlock`]).
#[tracing::instrument(skip_all, err)]
pub fn open_with_keyring(
    data_dir: &Path,
    account: &Account,
    vault: &Vault,
) -> Result<Option<Store>, AccountsError> {
    let dir = folder(data_dir, &account.id);
    let slots = match KeySlots::load(&dir)? {
        Some(slots) => slots,
        None if dir.join(DATABASE_FILE).exists() => return Err(missing_keys(&dir)),
        None => {
            let key = ContentKey::generate();
            let mut slots = KeySlots::new(&account.id);
            slots.add_keyring(&key, vault)?;
            crate::fs::ensure_private_dir(&dir)?;
            slots.save(&dir)?;
            tracing::info!("new encrypted journal");
            return Ok(Some(Store::open_in(&dir, &key)?));
        }
    };
    match slots.open_with_keyring(vault)? {
        Some(key) => Ok(Some(Store::open_in(&dir, &key)?)),
        None => Ok(None),
    }
}

/// Opens the account's journal with its passphrase or recovery key. A journal meant to open from
/// the keyring whose key this keyring lacks (a new computer, a reset keyring) gets it back here.
#[tracing::instrument(skip_all, err)]
pub fn unlock(
    data_dir: &Path,
    account: &Account,
    secret: &str,
    vault: &Vault,
) -> Result<(Store, ContentKey), AccountsError> {
    let dir = folder(data_dir, &account.id);
    let mut slots = KeySlots::load(&dir)?.ok_or_else(|| missing_keys(&dir))?;
    let key = slots.unlock(secret)?;
    let store = Store::open_in(&dir, &key)?;
    if slots.has(SlotKind::Keyring) && matches!(slots.open_with_keyring(vault), Ok(None)) {
        match slots
            .add_keyring(&key, vault)
            .and_then(|()| slots.save(&dir))
        {
            Ok(()) => tracing::info!("journal key put back in the keyring"),
            Err(err) => tracing::warn!(%err, "could not put the journal key in the keyring"),
        }
    }
    Ok((store, key))
}

/// The account's key slots.
pub fn slots(data_dir: &Path, account_id: &str) -> Result<KeySlots, AccountsError> {
    let dir = folder(data_dir, account_id);
    KeySlots::load(&dir)?.ok_or_else(|| missing_keys(&dir))
}

/// The error for a journal folder whose key file is missing.
pub fn missing_keys(dir: &Path) -> AccountsError {
    KeyError::Damaged(format!(
        "the journal's key file ({}) is missing from {}. Put it back from a copy of this folder, \
         then start Quire again",
        crate::keys::KEYS_FILE,
        dir.display()
    ))
    .into()
}

/// Records the account of `profile` as the signed-in one (adding it when new) and opens its journal
/// with the keyring, writing the user row there. The journal and the row, or `None` with the
/// account when the journal must first be unlocked.
#[tracing::instrument(skip_all, err)]
pub fn sign_in(
    data_dir: &Path,
    vault: &Vault,
    profile: &NewUser,
) -> Result<(Account, Option<(Store, User)>), AccountsError> {
    let mut accounts = Accounts::load(data_dir)?;
    let account = accounts.find_or_add(&profile.issuer, &profile.subject);
    let opened = match open_with_keyring(data_dir, &account, vault)? {
        Some(store) => {
            let user = store.sign_in(profile)?;
            Some((store, user))
        }
        None => None,
    };
    accounts.signed_in = Some(account.id.clone());
    accounts.save(data_dir)?;
    Ok((account, opened))
}

/// Forgets who is signed in. Every journal stays.
pub fn sign_out(data_dir: &Path) -> Result<(), AccountsError> {
    let mut accounts = Accounts::load(data_dir)?;
    if accounts.signed_in.take().is_some() {
        accounts.save(data_dir)?;
    }
    Ok(())
}
