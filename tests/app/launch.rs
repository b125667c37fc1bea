//! The Quire binary before it opens a window: what it says with no graphical session, and a second
//! launch handing over to the copy that has its data folder (`quire_core::instance`). Neither needs a
//! display: both end before GTK starts.
#![cfg(target_os = "linux")]

use std::path::Path;
use std::process::{Command, Output};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use quire_core::instance::{claim, Claim};

/// The binary, with a home of its own and nothing from the caller's session.
fn quire(home: &Path, data_dir: &Path) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_quire"));
    command
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("HOME", home)
        .env("QUIRE_DATA_DIR", data_dir);
    command
}

fn entries(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .map(|items| {
            items
                .map(|item| item.unwrap().file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    names
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn with_no_display_it_says_what_to_do_and_touches_nothing() {
    let home = tempfile::tempdir().unwrap();
    let data_dir = home.path().join("journal");
    let out = quire(home.path(), &data_dir).output().unwrap();
    let said = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{said}");
    assert!(said.contains("Quire needs a graphical desktop"), "{said}");
    assert!(said.contains("DISPLAY"), "{said}");
    assert!(!said.contains("panicked"), "no panic: {said}");
    assert!(!data_dir.exists(), "no data folder was made");
}

#[test]
fn a_second_launch_knocks_and_exits_before_anything_starts() {
    let home = tempfile::tempdir().unwrap();
    let data_dir = home.path().join("journal");
    std::fs::create_dir(&data_dir).unwrap();
    // This test is the running copy.
    let Claim::Ours(first) = claim(&data_dir) else {
        panic!("the folder is free");
    };
    let knocks = Arc::new(AtomicUsize::new(0));
    let counter = knocks.clone();
    first
        .answer_knocks(move || {
            counter.fetch_add(1, Ordering::SeqCst);
        })
        .unwrap();
    let before = entries(&data_dir);

    // A display that does not exist: were GTK to start, it would fail.
    let out = quire(home.path(), &data_dir)
        .env("DISPLAY", ":424242")
        .output()
        .unwrap();
    let said = stderr(&out);
    assert_eq!(out.status.code(), Some(0), "it exits cleanly: {said}");
    assert!(said.is_empty(), "it has nothing to say: {said}");
    assert_eq!(
        knocks.load(Ordering::SeqCst),
        1,
        "the first copy was asked to show itself"
    );
    assert_eq!(
        entries(&data_dir),
        before,
        "no log, no journal, nothing new"
    );
    assert_eq!(before, ["quire.lock", "quire.sock"]);
}
