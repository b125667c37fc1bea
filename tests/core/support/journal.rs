//! The journal store in a temporary folder, encrypted under a random key of its own, with its
//! people and the analysis driven as the app drives it. The app's tests include this file too
//! (`tests/app/main.rs`).
#![allow(dead_code)]

use std::path::Path;

use quire_core::analyser::Analyser;
use quire_core::keys::ContentKey;
use quire_core::store::{analyse_batch, NewUser, Store, User, UserId, ANALYSIS_BATCH};
use rusqlite::Connection;
use tempfile::TempDir;

pub struct Journal {
    pub dir: TempDir,
    pub store: Store,
}

/// A new journal in a temporary folder, under a new random key (`journal.store.key()`).
pub fn journal() -> Journal {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = Store::open_in(dir.path(), &ContentKey::generate()).expect("open store");
    Journal { dir, store }
}

/// The key of an encrypted store, for opening its file again.
pub fn key_of(store: &Store) -> ContentKey {
    store.key().expect("an encrypted journal").clone()
}

/// A connection of the test's own to the journal file at `path`, keyed as the store keys its
/// connections (SQLCipher's raw key, before the first statement), to look at or change what the
/// store's API does not show. `None` opens a plain file.
pub fn connect(path: &Path, key: Option<&ContentKey>) -> Connection {
    let conn = Connection::open(path).expect("open the journal file");
    if let Some(key) = key {
        conn.pragma_update(None, "key", raw_key(key))
            .expect("key the connection");
    }
    conn
}

/// [`connect`] to the store's own file, with its key.
pub fn connect_to(store: &Store) -> Connection {
    connect(store.path(), store.key())
}

/// `x'<64 hex digits>'`: a key as SQLCipher's raw-key literal.
pub fn raw_key(key: &ContentKey) -> String {
    let hex: String = key.expose().iter().map(|b| format!("{b:02x}")).collect();
    format!("x'{hex}'")
}

pub fn person(store: &Store, subject: &str) -> User {
    store
        .upsert_user(
            &NewUser {
                issuer: "https://id.example.test".into(),
                subject: subject.into(),
                email: Some(format!("{subject}@example.test")),
                ..NewUser::default()
            },
            true,
        )
        .expect("upsert user")
}

/// Epoch milliseconds for noon, local time, on a `YYYY-MM-DD` date.
pub fn local_noon(date: &str) -> i64 {
    let conn = rusqlite::Connection::open_in_memory().unwrap();
    conn.query_row(
        "SELECT CAST(strftime('%s', ?1 || ' 12:00:00', 'utc') AS INTEGER) * 1000",
        [date],
        |row| row.get(0),
    )
    .unwrap()
}

/// Analyses one entry the way the app does after a save.
pub fn analyse(store: &Store, analyser: &Analyser, user: &UserId, id: &str) -> bool {
    let entry = store.pending_entry(user, id).unwrap();
    store
        .save_analysis(user, &entry, analyser.analyse(&entry.content).as_ref())
        .unwrap()
}

/// Runs the journal-wide job to the end, as the worker does; returns the batches it took.
pub fn run_job(store: &Store, analyser: &Analyser, user: &UserId, everything: bool) -> usize {
    let Some(mut progress) = store.begin_analysis_job(user, everything).unwrap() else {
        return 0;
    };
    let mut batches = 0;
    loop {
        let batch = store
            .analysis_batch(user, &progress, ANALYSIS_BATCH)
            .unwrap();
        if batch.is_empty() {
            store.end_analysis_job(user).unwrap();
            return batches;
        }
        progress = store
            .commit_analysis_batch(user, &analyse_batch(analyser, batch))
            .unwrap()
            .expect("job still there");
        batches += 1;
    }
}
