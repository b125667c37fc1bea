//! Backups and damaged journals, against real SQLCipher files: a backup is a checked, private copy,
//! encrypted under the journal's key and opened by no other; a damaged journal is refused at opening
//! and by the daily check; a restore moves the damaged file aside untouched and brings back what the
//! backup holds, and only from a backup the journal's key opens.

use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::Path;

use crate::support::journal::{connect, person};
use quire_core::keys::ContentKey;
use quire_core::store::{
    self, list_backups, Store, StoreError, User, BACKUPS_DIR, DAMAGED_DIR, DAMAGE_MARKER,
    DATABASE_FILE, KEEP_BACKUPS,
};

/// A journal in `dir`, encrypted under `key`, with `n` entries for one person.
fn journal_with(dir: &Path, key: &ContentKey, n: usize) -> (Store, User, Vec<String>) {
    let store = Store::open_in(dir, key).unwrap();
    let me = person(&store, "ada");
    let ids = (0..n)
        .map(|i| {
            let entry = store.create_entry(&me.id, None, None).unwrap();
            store
                .save_entry(&me.id, &entry.id, &format!("Entry {i}\nkept in the backup"))
                .unwrap();
            entry.id
        })
        .collect();
    (store, me, ids)
}

/// Overwrites the first bytes of the database file: SQLite no longer recognises it.
fn break_header(database: &Path) {
    let mut bytes = fs::read(database).unwrap();
    bytes[..16].copy_from_slice(b"not a journal!!\0");
    fs::write(database, bytes).unwrap();
}

/// Overwrites the start of the page that holds the root of the entries table, leaving the first
/// page (SQLCipher's salt and the header) intact.
fn break_entries_table(database: &Path, key: &ContentKey) {
    let conn = connect(database, Some(key));
    // Pages lie in the file at multiples of SQLCipher's page size (which it gives as text).
    let page_size: String = conn
        .query_row("PRAGMA cipher_page_size", [], |r| r.get(0))
        .unwrap();
    let page_size: i64 = page_size.parse().unwrap();
    let root: i64 = conn
        .query_row(
            "SELECT rootpage FROM sqlite_schema WHERE name = 'entries'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    drop(conn);
    let mut bytes = fs::read(database).unwrap();
    let start = usize::try_from((root - 1) * page_size).unwrap();
    for (i, byte) in bytes[start..start + 64].iter_mut().enumerate() {
        *byte = 0xA5 ^ (i as u8);
    }
    fs::write(database, bytes).unwrap();
}

fn mode(path: &Path) -> u32 {
    fs::metadata(path).unwrap().permissions().mode() & 0o777
}

#[test]
fn a_backup_is_a_checked_private_copy_of_every_entry() {
    let (dir, key) = (tempfile::tempdir().unwrap(), ContentKey::generate());
    let (store, me, ids) = journal_with(dir.path(), &key, 25);
    assert!(
        store::backup_due(dir.path()),
        "with no backup yet, one is due"
    );

    let backup = store.back_up(dir.path()).unwrap();
    assert!(!store::backup_due(dir.path()), "a backup was just made");
    assert_eq!(backup.path.parent().unwrap(), dir.path().join(BACKUPS_DIR));
    assert_eq!(mode(&backup.path), 0o600, "the copy holds private writing");
    assert_eq!(mode(&dir.path().join(BACKUPS_DIR)), 0o700);
    assert!(
        backup.taken_at.ends_with('Z') && backup.taken_at.len() == 20,
        "{}",
        backup.taken_at
    );
    assert_eq!(list_backups(dir.path()), vec![backup.clone()]);

    // The copy is encrypted under the journal's key: no other key opens it, nor none.
    store::check_backup(&backup.path, Some(&key)).unwrap();
    assert!(matches!(
        store::check_backup(&backup.path, Some(&ContentKey::generate())),
        Err(StoreError::Corrupt)
    ));
    assert!(
        store::check_backup(&backup.path, None).is_err(),
        "a backup is not a plain SQLite file"
    );

    // The copy opens as a journal of its own, with the same key and the same entries.
    let copy_dir = tempfile::tempdir().unwrap();
    fs::copy(&backup.path, copy_dir.path().join(DATABASE_FILE)).unwrap();
    let copy = Store::open_in(copy_dir.path(), &key).unwrap();
    assert_eq!(
        copy.list_entries(&me.id, &quire_core::store::EntryFilter::default(), 0, 1)
            .unwrap()
            .total,
        25
    );
    for id in &ids {
        assert_eq!(
            copy.get_entry(&me.id, id).unwrap().content,
            store.get_entry(&me.id, id).unwrap().content
        );
    }
}

#[test]
fn only_the_newest_backups_are_kept_and_unfinished_ones_are_cleared() {
    let dir = tempfile::tempdir().unwrap();
    let (store, _, _) = journal_with(dir.path(), &ContentKey::generate(), 3);
    let backups = dir.path().join(BACKUPS_DIR);
    fs::create_dir_all(&backups).unwrap();
    // Older backups, named as Quire names them, and a copy a crash left unfinished.
    for day in 1..=9 {
        fs::write(
            backups.join(format!("quire-2020-01-{day:02}T00-00-00Z.sqlite3")),
            b"old",
        )
        .unwrap();
    }
    let partial = backups.join("quire-2020-02-01T00-00-00Z.sqlite3.partial");
    fs::write(&partial, b"half").unwrap();

    let newest = store.back_up(dir.path()).unwrap();
    let kept = list_backups(dir.path());
    assert_eq!(kept.len(), KEEP_BACKUPS);
    assert_eq!(kept[0], newest, "newest first");
    assert_eq!(kept[1].taken_at, "2020-01-09T00:00:00Z");
    assert_eq!(kept.last().unwrap().taken_at, "2020-01-04T00:00:00Z");
    assert!(!partial.exists(), "an unfinished copy is removed");
}

#[test]
fn a_journal_with_a_broken_header_is_refused_and_restored_from_its_backup() {
    let (dir, key) = (tempfile::tempdir().unwrap(), ContentKey::generate());
    let database = dir.path().join(DATABASE_FILE);
    let wal = dir.path().join(format!("{DATABASE_FILE}-wal"));
    let (me, ids) = {
        let (store, me, ids) = journal_with(dir.path(), &key, 10);
        store.back_up(dir.path()).unwrap();
        store
            .save_entry(&me.id, &ids[0], "Written after the backup")
            .unwrap();
        // A killed run: the connections are never closed, so the write-ahead log stays.
        std::mem::forget(store);
        (me, ids)
    };
    break_header(&database);
    let damaged_bytes = fs::read(&database).unwrap();
    let wal_bytes = fs::read(&wal).unwrap();
    assert!(!wal_bytes.is_empty(), "the killed run left its log");

    assert!(matches!(
        Store::open_in(dir.path(), &key),
        Err(StoreError::Corrupt)
    ));
    assert_eq!(
        fs::read(&database).unwrap(),
        damaged_bytes,
        "opening wrote nothing to the damaged file"
    );
    assert_eq!(fs::read(&wal).unwrap(), wal_bytes, "nor folded its log in");

    let backup = list_backups(dir.path()).remove(0);
    let kept = store::restore(dir.path(), Some(&backup.path), &key).unwrap();
    assert_eq!(kept.parent().unwrap(), dir.path().join(DAMAGED_DIR));
    assert_eq!(
        fs::read(kept.join(DATABASE_FILE)).unwrap(),
        damaged_bytes,
        "the damaged file is kept, byte for byte"
    );
    assert_eq!(
        fs::read(kept.join(format!("{DATABASE_FILE}-wal"))).unwrap(),
        wal_bytes,
        "with its log"
    );
    assert_eq!(mode(&kept), 0o700);

    let store = Store::open_in(dir.path(), &key).unwrap();
    assert_eq!(
        store
            .list_entries(&me.id, &quire_core::store::EntryFilter::default(), 0, 1)
            .unwrap()
            .total,
        10
    );
    assert_eq!(
        store.get_entry(&me.id, &ids[3]).unwrap().content,
        "Entry 3\nkept in the backup"
    );
    assert_eq!(mode(&database), 0o600);
    assert!(
        list_backups(dir.path()).contains(&backup),
        "the backup stays"
    );
}

#[test]
fn damage_inside_the_file_is_found_by_the_check_and_remembered() {
    let (dir, key) = (tempfile::tempdir().unwrap(), ContentKey::generate());
    let database = dir.path().join(DATABASE_FILE);
    {
        let (store, _, _) = journal_with(dir.path(), &key, 200);
        store.back_up(dir.path()).unwrap();
    }
    let before = list_backups(dir.path());
    break_entries_table(&database, &key);

    // The first page is fine, so the journal opens; the check reads every page and finds the damage
    // (the broken page no longer passes SQLCipher's authentication).
    let store = Store::open_in(dir.path(), &key).unwrap();
    assert!(matches!(store.check(), Err(StoreError::Corrupt)));
    let noted = fs::read_to_string(dir.path().join(DAMAGE_MARKER)).unwrap();
    assert!(!noted.trim().is_empty(), "the marker says what was found");
    // A backup of a damaged journal is refused, and the good backups are left alone.
    assert!(matches!(
        store.back_up(dir.path()),
        Err(StoreError::Corrupt)
    ));
    assert_eq!(list_backups(dir.path()), before);
    drop(store);

    // The next opening refuses the file until it is restored.
    assert!(matches!(
        Store::open_in(dir.path(), &key),
        Err(StoreError::Corrupt)
    ));
    let kept = store::restore(dir.path(), Some(&before[0].path), &key).unwrap();
    assert!(
        kept.join(DAMAGE_MARKER).exists(),
        "the marker goes with the file"
    );
    assert!(!dir.path().join(DAMAGE_MARKER).exists());
    let store = Store::open_in(dir.path(), &key).unwrap();
    store.check().unwrap();
}

#[test]
fn a_damaged_backup_is_refused_and_nothing_is_moved() {
    let (dir, key) = (tempfile::tempdir().unwrap(), ContentKey::generate());
    let database = dir.path().join(DATABASE_FILE);
    {
        let (store, _, _) = journal_with(dir.path(), &key, 5);
        store.back_up(dir.path()).unwrap();
    }
    let backup = list_backups(dir.path()).remove(0);
    break_header(&backup.path);
    break_header(&database);
    let damaged_bytes = fs::read(&database).unwrap();

    assert!(matches!(
        store::restore(dir.path(), Some(&backup.path), &key),
        Err(StoreError::Corrupt)
    ));
    assert_eq!(fs::read(&database).unwrap(), damaged_bytes);
    assert!(!dir.path().join(DAMAGED_DIR).exists(), "nothing was moved");
}

#[test]
fn with_no_backup_a_new_journal_starts_and_the_damaged_file_is_kept() {
    let (dir, key) = (tempfile::tempdir().unwrap(), ContentKey::generate());
    let database = dir.path().join(DATABASE_FILE);
    drop(journal_with(dir.path(), &key, 5));
    break_header(&database);
    let damaged_bytes = fs::read(&database).unwrap();

    let kept = store::restore(dir.path(), None, &key).unwrap();
    assert_eq!(fs::read(kept.join(DATABASE_FILE)).unwrap(), damaged_bytes);
    let store = Store::open_in(dir.path(), &key).unwrap();
    let me = person(&store, "ada");
    assert_eq!(
        store
            .list_entries(&me.id, &quire_core::store::EntryFilter::default(), 0, 1)
            .unwrap()
            .total,
        0
    );
}

#[test]
fn a_backup_from_a_newer_quire_is_refused() {
    let (dir, key) = (tempfile::tempdir().unwrap(), ContentKey::generate());
    {
        let (store, _, _) = journal_with(dir.path(), &key, 1);
        store.back_up(dir.path()).unwrap();
    }
    let backup = list_backups(dir.path()).remove(0);
    connect(&backup.path, Some(&key))
        .execute_batch("PRAGMA user_version = 999")
        .unwrap();
    let refused = store::check_backup(&backup.path, Some(&key)).unwrap_err();
    assert!(
        refused.to_string().contains("newer version of Quire"),
        "{refused}"
    );
}

#[test]
fn a_backup_under_another_key_is_refused_and_nothing_is_moved() {
    let (dir, key) = (tempfile::tempdir().unwrap(), ContentKey::generate());
    let database = dir.path().join(DATABASE_FILE);
    // Another journal's backup, say one copied over from another account's folder.
    let (other_dir, other_key) = (tempfile::tempdir().unwrap(), ContentKey::generate());
    let foreign = {
        let (store, _, _) = journal_with(other_dir.path(), &other_key, 3);
        store.back_up(other_dir.path()).unwrap()
    };
    let (_, me, ids) = journal_with(dir.path(), &key, 4);
    let before = fs::read(&database).unwrap();

    assert!(matches!(
        store::restore(dir.path(), Some(&foreign.path), &key),
        Err(StoreError::Corrupt)
    ));
    assert_eq!(
        fs::read(&database).unwrap(),
        before,
        "the journal is untouched"
    );
    assert!(!dir.path().join(DAMAGED_DIR).exists(), "nothing was moved");
    let store = Store::open_in(dir.path(), &key).unwrap();
    assert_eq!(
        store
            .list_entries(&me.id, &quire_core::store::EntryFilter::default(), 0, 1)
            .unwrap()
            .total,
        4
    );
    assert!(store.get_entry(&me.id, &ids[0]).is_ok());
}
