//! Journals opened on many threads at once as a process starts. SQLite says it is ready before
//! SQLCipher has set itself up, and a key given on another thread in between must still be taken.
//! The set-up happens once per process, so each round is a fresh one: this test binary, running
//! only the child step.

use std::sync::{Arc, Barrier};
use std::thread;

use quire_core::keys::ContentKey;
use quire_core::store::Store;

const CHILD: &str = "QUIRE_TEST_OPENING_CHILD";
const THREADS: usize = 16;
const ROUNDS: usize = 25;

#[test]
fn journals_opened_on_many_threads_as_a_process_starts_all_open() {
    for round in 1..=ROUNDS {
        let child = crate::support::step("opening_at_once::opening_child")
            .env(CHILD, "1")
            .output()
            .unwrap();
        assert!(
            child.status.success(),
            "round {round} of {ROUNDS}: {}{}",
            String::from_utf8_lossy(&child.stdout),
            String::from_utf8_lossy(&child.stderr)
        );
    }
}

#[test]
#[ignore = "a step of journals_opened_on_many_threads_as_a_process_starts_all_open, in its child process"]
fn opening_child() {
    if std::env::var_os(CHILD).is_none() {
        return;
    }
    let dirs: Vec<_> = (0..THREADS).map(|_| tempfile::tempdir().unwrap()).collect();
    let start = Arc::new(Barrier::new(THREADS));
    let opening: Vec<_> = dirs
        .iter()
        .map(|dir| {
            let (dir, start) = (dir.path().to_owned(), Arc::clone(&start));
            thread::spawn(move || {
                start.wait();
                Store::open_in(&dir, &ContentKey::generate()).map(drop)
            })
        })
        .collect();
    let refused: Vec<String> = opening
        .into_iter()
        .filter_map(|thread| thread.join().unwrap().err().map(|err| err.to_string()))
        .collect();
    assert!(
        refused.is_empty(),
        "{} of {THREADS} refused: {refused:?}",
        refused.len()
    );
}
