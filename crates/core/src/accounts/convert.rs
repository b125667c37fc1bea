//! Encrypting a journal written before encryption, at the first start of this version.
//!
//! Such a journal is one plain file, `quire.sqlite3` in the data folder, shared by every account
//! that signed in, with its backups beside it. Each account gets an encrypted copy of its own part,
//! and of its part of every backup, under a new key kept in a keyring slot. The copies are written
//! and checked in `accounts/<id>.partial/`, which one rename turns into `accounts/<id>/`; the
//! account list is written next; the plain files are wiped and removed last. A kill at any moment
//! leaves a working journal: before the rename the plain one (the next start begins that account
//! again), after it the encrypted one (the next start skips it and finishes the rest).

use std::path::{Path, PathBuf};

use super::{folder, Account, Accounts, AccountsError, ACCOUNTS_DIR};
use crate::auth::vault::Vault;
use crate::keys::{ContentKey, KeySlots};
use crate::store::{
    check_backup, encrypted_copy, list_backups, plain_accounts, Store, StoreError, BACKUPS_DIR,
    DAMAGED_DIR, DATABASE_FILE,
};

/// The plain journal's name while it is being wiped, once every account has its encrypted copy.
const WIPING: &str = "quire.sqlite3.wiping";

/// How far a conversion has got, for the progress bar.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Progress {
    /// What it is doing, as a person reads it.
    pub stage: String,
    pub done: u64,
    pub total: u64,
}

/// What a conversion did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Converted {
    /// The accounts whose journal was encrypted by this run.
    pub accounts: Vec<Account>,
    /// Entries copied, over every account's journal (backups not counted).
    pub entries: u64,
}

/// Whether the data folder still holds a journal from before encryption.
pub fn plain_journal_left(data_dir: &Path) -> bool {
    data_dir.join(DATABASE_FILE).exists()
}

/// Encrypts the plain journal in `data_dir` (and its backups), one encrypted journal per account,
/// then wipes and removes the plain files. Does nothing when there is none. Safe to run again
/// after it was stopped at any point.
#[tracing::instrument(skip_all, err)]
pub fn convert_plain_journal(
    data_dir: &Path,
    vault: &Vault,
    mut progress: impl FnMut(Progress),
) -> Result<Converted, AccountsError> {
    let plain = data_dir.join(DATABASE_FILE);
    // A wipe that a kill interrupted: every account was converted before it began.
    scrub(&data_dir.join(WIPING))?;
    if !plain.exists() {
        return Ok(Converted::default());
    }
    progress(Progress {
        stage: "Checking your journal".to_owned(),
        done: 0,
        total: 0,
    });
    let source = readable_source(data_dir, &plain)?;
    let people = plain_accounts(&source)?;
    let backups: Vec<PathBuf> = list_backups(data_dir)
        .into_iter()
        .map(|backup| backup.path)
        .filter(|path| check_backup(path, None).is_ok())
        .collect();
    let total = (people.len() * (1 + backups.len())) as u64;
    let mut done = 0;
    let mut converted = Converted::default();
    let mut accounts = Accounts::load(data_dir)?;
    let accounts_dir = data_dir.join(ACCOUNTS_DIR);
    crate::fs::ensure_private_dir(&accounts_dir)?;

    for (index, person) in people.iter().enumerate() {
        let id = person.user.as_str().to_owned();
        let stage = if people.len() > 1 {
            format!("Encrypting journal {} of {}", index + 1, people.len())
        } else {
            "Encrypting your journal".to_owned()
        };
        let finished = folder(data_dir, &id);
        if !finished.exists() {
            let partial = accounts_dir.join(format!("{id}.partial"));
            if partial.exists() {
                std::fs::remove_dir_all(&partial)?;
            }
            crate::fs::ensure_private_dir(&partial)?;
            let key = ContentKey::generate();
            let target = partial.join(DATABASE_FILE);
            converted.entries += encrypted_copy(&source, &target, &key, &person.user)?;
            done += 1;
            progress(Progress {
                stage: stage.clone(),
                done,
                total,
            });
            let backup_dir = partial.join(BACKUPS_DIR);
            crate::fs::ensure_private_dir(&backup_dir)?;
            for backup in &backups {
                let name = backup.file_name().unwrap_or_default();
                if let Err(err) = encrypted_copy(backup, &backup_dir.join(name), &key, &person.user)
                {
                    tracing::warn!(%err, "a backup could not be encrypted; it is left out");
                    let _ = std::fs::remove_file(backup_dir.join(name));
                }
                done += 1;
                progress(Progress {
                    stage: stage.clone(),
                    done,
                    total,
                });
            }
            crate::fs::sync_dir(&backup_dir)?;
            let mut slots = KeySlots::new(&id);
            slots.add_keyring(&key, vault)?;
            slots.save(&partial)?;
            crate::fs::sync_dir(&partial)?;
            std::fs::rename(&partial, &finished)?;
            crate::fs::sync_dir(&accounts_dir)?;
        } else {
            done += 1 + backups.len() as u64;
        }
        let account = match accounts.find(&person.issuer, &person.subject) {
            Some(account) => account.clone(),
            None => {
                let account = Account {
                    id: id.clone(),
                    issuer: person.issuer.clone(),
                    subject: person.subject.clone(),
                    auto_lock_minutes: None,
                };
                accounts.accounts.push(account.clone());
                account
            }
        };
        if person.signed_in && accounts.signed_in.is_none() {
            accounts.signed_in = Some(account.id.clone());
        }
        converted.accounts.push(account);
    }
    accounts.save(data_dir)?;
    tracing::info!(
        accounts = converted.accounts.len(),
        entries = converted.entries,
        "journal encrypted"
    );

    progress(Progress {
        stage: "Removing the unencrypted copy".to_owned(),
        done: total,
        total,
    });
    remove_plain_files(data_dir, &plain)?;
    Ok(converted)
}

/// The plain journal to copy from: the journal itself when it opens (its schema brought up to date
/// and its write-ahead log folded in), or else its newest sound backup. A damaged journal is moved
/// into `damaged/`, as a restore does, so nothing is lost.
fn readable_source(data_dir: &Path, plain: &Path) -> Result<PathBuf, AccountsError> {
    match Store::open_unencrypted(plain) {
        Ok(store) => {
            drop(store);
            return Ok(plain.to_path_buf());
        }
        Err(StoreError::Corrupt) => {
            tracing::error!("the journal to encrypt is damaged; using its newest sound backup");
        }
        Err(err) => return Err(err.into()),
    }
    let damaged = data_dir.join(DAMAGED_DIR);
    crate::fs::ensure_private_dir(&damaged)?;
    let newest = list_backups(data_dir)
        .into_iter()
        .map(|backup| backup.path)
        .find(|path| check_backup(path, None).is_ok())
        .ok_or(StoreError::Corrupt)?;
    let staged = data_dir.join(format!("{DATABASE_FILE}.restored"));
    std::fs::copy(&newest, &staged)?;
    for suffix in ["", "-wal", "-shm"] {
        let from = PathBuf::from(format!("{}{suffix}", plain.display()));
        if from.exists() {
            std::fs::rename(&from, damaged.join(format!("{DATABASE_FILE}{suffix}")))?;
        }
    }
    let _ = std::fs::remove_file(data_dir.join(crate::store::DAMAGE_MARKER));
    std::fs::rename(&staged, plain)?;
    Store::open_unencrypted(plain)?;
    Ok(plain.to_path_buf())
}

/// Overwrites each plain file with zeros, makes that durable, and removes it: the backups first,
/// the journal last, so that a kill part-way leaves the journal for the next start to finish with.
fn remove_plain_files(data_dir: &Path, plain: &Path) -> Result<(), AccountsError> {
    for backup in list_backups(data_dir) {
        scrub(&backup.path)?;
    }
    let backups = data_dir.join(BACKUPS_DIR);
    if backups.exists() {
        let _ = std::fs::remove_dir(&backups);
    }
    for suffix in ["-wal", "-shm"] {
        scrub(&PathBuf::from(format!("{}{suffix}", plain.display())))?;
    }
    // Renamed before it is overwritten: a journal half overwritten under its own name would look
    // damaged to the next start. Under this name, the next start only finishes the wipe.
    let wiping = data_dir.join(WIPING);
    std::fs::rename(plain, &wiping)?;
    crate::fs::sync_dir(data_dir)?;
    scrub(&wiping)?;
    crate::fs::sync_dir(data_dir)?;
    Ok(())
}

/// Overwrites the file at `path` with zeros, syncs it, and removes it. On a copy-on-write or
/// journalling file system old blocks may survive; the overwrite still takes the text out of the
/// file's own extent on the common ones (ext4, xfs).
fn scrub(path: &Path) -> std::io::Result<()> {
    use std::io::Write;
    let len = match std::fs::metadata(path) {
        Ok(meta) => meta.len(),
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(err) => return Err(err),
    };
    let mut file = std::fs::OpenOptions::new().write(true).open(path)?;
    let zeros = vec![0u8; 1 << 20];
    let mut left = len;
    while left > 0 {
        let n = left.min(zeros.len() as u64) as usize;
        file.write_all(&zeros[..n])?;
        left -= n as u64;
    }
    file.sync_all()?;
    drop(file);
    std::fs::remove_file(path)
}
