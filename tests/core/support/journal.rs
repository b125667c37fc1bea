//! The journal store in a temporary folder, with its people and the analysis driven as the app
//! drives it. The app's tests include this file too (`tests/app/main.rs`).
#![allow(dead_code)]

use quire_core::analyser::Analyser;
use quire_core::store::{analyse_batch, NewUser, Store, User, UserId, ANALYSIS_BATCH};
use tempfile::TempDir;

pub struct Journal {
    pub dir: TempDir,
    pub store: Store,
}

pub fn journal() -> Journal {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = Store::open_in(dir.path()).expect("open store");
    Journal { dir, store }
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
