//! The journal encrypted at rest: every account's journal is a SQLCipher file under a content key of
//! its own, and nothing a person writes reaches the disk in the clear.
//!
//! - A word written through the store is in no file of the data folder, as bytes, while the journal
//!   is open (the write-ahead log included) and after it is closed, nor in its backups; yet it is
//!   in the file once decrypted, and search finds it.
//! - A journal opens only under its own key: another key, another account's key or no key at all is
//!   refused, and the refusal writes nothing. A plain SQLite file is refused by `Store::open`.
//!
//! The conversion of a journal from before encryption is in `conversion`, which shares the helpers
//! here. Keyrings are keyring-core's in-memory mock.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use keyring_core::mock;
use quire_core::accounts::{self};
use quire_core::auth::vault::Vault;
use quire_core::keys::ContentKey;
use quire_core::store::{self, damage_noted, NewUser, Store, StoreError, UserId, DATABASE_FILE};
use rusqlite::{Connection, OpenFlags};

use crate::support::sqlcipher::{self, contains};

pub(crate) const ISSUER: &str = "https://id.example.test";
pub(crate) const PASSPHRASE: &str = "correct horse battery staple";

/// Asserts that a value matches a pattern, and shows the value if not.
macro_rules! assert_is {
    ($value:expr, $pattern:pat $(if $guard:expr)?) => {{
        let value = $value;
        assert!(matches!(value, $pattern $(if $guard)?), "{value:?}");
    }};
}
pub(crate) use assert_is;

pub(crate) fn mock_vault() -> Vault {
    Vault::with_store(
        mock::Store::new().expect("mock keyring"),
        "quire-encryption-test",
    )
}

pub(crate) fn profile(subject: &str) -> NewUser {
    NewUser {
        issuer: ISSUER.into(),
        subject: subject.into(),
        email: Some(format!("{subject}@example.test")),
        display_name: Some(format!("{subject} of the tests")),
        ..NewUser::default()
    }
}

/// A word no journal holds by chance: `name` and 24 random hex digits, all lower case as the
/// search index keeps it.
pub(crate) fn unique_word(name: &str) -> String {
    let mut random = [0u8; 12];
    getrandom::getrandom(&mut random).expect("random bytes");
    let hex: String = random.iter().map(|b| format!("{b:02x}")).collect();
    format!("{name}{hex}")
}

/// The end of `word` that any copy of it holds: the search index stores a term after the part it
/// shares with the term before it, so only its end is sure to be there byte for byte.
pub(crate) fn tail(word: &str) -> &[u8] {
    &word.as_bytes()[word.len() - 16..]
}

/// Every file under `dir`, however deep.
pub(crate) fn files_under(dir: &Path) -> Vec<PathBuf> {
    let Ok(items) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    items
        .flatten()
        .flat_map(|item| {
            let path = item.path();
            if path.is_dir() {
                files_under(&path)
            } else {
                vec![path]
            }
        })
        .collect()
}

/// The files under `dir` whose bytes hold `needle`.
pub(crate) fn files_holding(dir: &Path, needle: &[u8]) -> Vec<PathBuf> {
    files_under(dir)
        .into_iter()
        .filter(|file| contains(&std::fs::read(file).unwrap_or_default(), needle))
        .collect()
}

pub(crate) fn wal(database: &Path) -> PathBuf {
    PathBuf::from(format!("{}-wal", database.display()))
}

/// Every entry of `user`, by id, with its text.
pub(crate) fn entries_of(store: &Store, user: &UserId) -> BTreeMap<String, String> {
    let mut entries = BTreeMap::new();
    loop {
        let offset = u32::try_from(entries.len()).unwrap();
        let page = store
            .list_entries(
                user,
                &quire_core::store::EntryFilter::default(),
                offset,
                500,
            )
            .expect("list entries");
        if page.items.is_empty() {
            return entries;
        }
        for summary in page.items {
            let text = store.get_entry(user, &summary.id).expect("read entry");
            entries.insert(summary.id, text.content);
        }
    }
}

#[test]
fn a_written_word_is_in_no_file_of_the_data_folder_open_or_closed_and_search_finds_it() {
    let (data, vault) = (tempfile::tempdir().unwrap(), mock_vault());
    let (account, opened) = accounts::sign_in(data.path(), &vault, &profile("ada")).unwrap();
    let (store, ada) = opened.expect("a new account's journal opens from the keyring");
    let folder = accounts::folder(data.path(), &account.id);
    let database = folder.join(DATABASE_FILE);
    assert_eq!(store.path(), database);
    let word = unique_word("kestrel");
    let email = ada.email.clone().unwrap();

    // Typed in several autosaves, as the first line (the title) and in the text, and indexed.
    let entry = store.create_entry(&ada.id, None, None).unwrap();
    for text in [
        word.clone(),
        format!("{word}\nAt the weir at dawn"),
        format!("{word}\nAt the weir at dawn, and a second {word} by the mill"),
    ] {
        store.save_entry(&ada.id, &entry.id, &text).unwrap();
    }
    store
        .insert_entry(&ada.id, 1_000, &format!("An older page: {word}"))
        .unwrap();
    store.index_pending().unwrap();
    let backup = store.back_up(&folder).unwrap();
    // One more save after the backup, so that the log holds fresh pages with the word.
    store
        .save_entry(
            &ada.id,
            &entry.id,
            &format!("{word}\nEdited after the backup"),
        )
        .unwrap();
    let log = std::fs::metadata(wal(&database)).map_or(0, |m| m.len());
    assert!(log > 0, "the write-ahead log holds the latest writes");

    for needle in [word.as_bytes(), tail(&word), email.as_bytes()] {
        assert_eq!(
            files_holding(data.path(), needle),
            Vec::<PathBuf>::new(),
            "while the journal is open, in the database, its log or the backup"
        );
    }
    let hits = store.search_entries(&ada.id, &word, 20).unwrap();
    assert_eq!(hits.len(), 2, "search finds both entries");
    let key = store.key().expect("an encrypted journal").clone();
    drop(store);

    assert!(!wal(&database).exists(), "closing folded the log in");
    for needle in [word.as_bytes(), tail(&word), email.as_bytes()] {
        assert_eq!(
            files_holding(data.path(), needle),
            Vec::<PathBuf>::new(),
            "after the journal is closed"
        );
    }
    // The word is there, encrypted: the file and the backup hold it once decrypted.
    assert!(contains(
        &sqlcipher::decrypted(&database, &key),
        word.as_bytes()
    ));
    assert!(contains(
        &sqlcipher::decrypted(&backup.path, &key),
        word.as_bytes()
    ));

    let store = accounts::open_with_keyring(data.path(), &account, &vault)
        .unwrap()
        .expect("the journal opens again from the keyring");
    assert_eq!(store.search_entries(&ada.id, &word, 20).unwrap().len(), 2);
}

/// The search over files above finds what it looks for: the same writing in a plain journal (as
/// versions before encryption kept it) is found in its files.
#[test]
fn the_file_search_finds_a_word_in_a_plain_journal() {
    let dir = tempfile::tempdir().unwrap();
    let database = dir.path().join(DATABASE_FILE);
    let store = Store::open_unencrypted(&database).unwrap();
    assert!(store.key().is_none());
    let ada = store.sign_in(&profile("ada")).unwrap();
    let word = unique_word("kestrel");
    let entry = store.create_entry(&ada.id, None, None).unwrap();
    store
        .save_entry(&ada.id, &entry.id, &format!("{word}\nAt the weir at dawn"))
        .unwrap();
    assert!(
        !files_holding(dir.path(), word.as_bytes()).is_empty(),
        "while the plain journal is open"
    );
    drop(store);
    assert_eq!(
        files_holding(dir.path(), word.as_bytes()),
        vec![database.clone()]
    );
    assert!(contains(&std::fs::read(&database).unwrap(), tail(&word)));
}

#[test]
fn a_journal_opens_under_its_own_key_only_and_a_refusal_writes_nothing() {
    let (data, vault) = (tempfile::tempdir().unwrap(), mock_vault());
    let (ada_account, opened) = accounts::sign_in(data.path(), &vault, &profile("ada")).unwrap();
    let (store, ada) = opened.unwrap();
    let entry = store.insert_entry(&ada.id, 1, "Ada's page").unwrap();
    let ada_folder = accounts::folder(data.path(), &ada_account.id);
    let backup = store.back_up(&ada_folder).unwrap();
    drop(store);
    let (_, opened) = accounts::sign_in(data.path(), &vault, &profile("bob")).unwrap();
    let (store, _) = opened.unwrap();
    let bob_key = store.key().unwrap().clone();
    drop(store);
    let ada_key = accounts::slots(data.path(), &ada_account.id)
        .unwrap()
        .open_with_keyring(&vault)
        .unwrap()
        .expect("Ada's key is in the keyring");
    assert_ne!(
        ada_key.expose(),
        bob_key.expose(),
        "every account has a key of its own"
    );

    let database = ada_folder.join(DATABASE_FILE);
    let before = std::fs::read(&database).unwrap();
    for (whose, key) in [
        ("Bob's key", &bob_key),
        ("a new key", &ContentKey::generate()),
    ] {
        assert_is!(Store::open(&database, key).err(), Some(StoreError::Corrupt));
        assert_is!(
            store::check_backup(&backup.path, Some(key)),
            Err(StoreError::Corrupt)
        );
        assert_eq!(
            std::fs::read(&database).unwrap(),
            before,
            "opening under {whose} wrote nothing to the file"
        );
        assert!(!wal(&database).exists(), "nor started a log beside it");
        assert_eq!(damage_noted(&database), None, "nor called it damaged");
    }
    // Without a key, SQLite sees no database at all.
    let plain = Connection::open_with_flags(&database, OpenFlags::SQLITE_OPEN_READ_ONLY).unwrap();
    let refused = plain.query_row("SELECT count(*) FROM sqlite_schema", [], |r| {
        r.get::<_, i64>(0)
    });
    assert_is!(refused.map_err(StoreError::from), Err(StoreError::Corrupt));
    drop(plain);
    assert_eq!(std::fs::read(&database).unwrap(), before);

    let store = Store::open(&database, &ada_key).unwrap();
    assert_eq!(
        store.get_entry(&ada.id, &entry.id).unwrap().content,
        "Ada's page"
    );
}

#[test]
fn store_open_refuses_a_plain_journal_and_leaves_it_as_it_was() {
    let dir = tempfile::tempdir().unwrap();
    let database = dir.path().join(DATABASE_FILE);
    let (ada, entry) = {
        let store = Store::open_unencrypted(&database).unwrap();
        let ada = store.sign_in(&profile("ada")).unwrap();
        let entry = store
            .insert_entry(&ada.id, 1, "Written before encryption")
            .unwrap();
        (ada, entry)
    };
    let before = std::fs::read(&database).unwrap();
    assert!(
        before.starts_with(b"SQLite format 3\0"),
        "a plain SQLite file"
    );

    for refused in [
        Store::open(&database, &ContentKey::generate()),
        Store::open_in(dir.path(), &ContentKey::generate()),
    ] {
        let refused = refused
            .err()
            .expect("a plain journal is not opened as an encrypted one");
        assert_is!(refused, StoreError::Unsupported(ref why) if why.contains("not encrypted"));
    }
    assert_eq!(
        std::fs::read(&database).unwrap(),
        before,
        "the file is untouched"
    );
    assert!(!wal(&database).exists());

    // It still opens as the plain journal it is, for the conversion; and an encrypted journal is
    // not taken for a plain one.
    let store = Store::open_unencrypted(&database).unwrap();
    assert_eq!(
        store.get_entry(&ada.id, &entry.id).unwrap().content,
        "Written before encryption"
    );
    let other = tempfile::tempdir().unwrap();
    drop(Store::open_in(other.path(), &ContentKey::generate()).unwrap());
    assert_is!(
        Store::open_unencrypted(&other.path().join(DATABASE_FILE)).err(),
        Some(StoreError::Corrupt)
    );
}
