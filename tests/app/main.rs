//! The app crate's tests, in one binary: the IPC surface (generated bindings, capabilities, the
//! error JSON the UI tests read), the commands' input checks, and the binary before its window.
//! `web_environment.rs` is a binary of its own, since it changes the process's environment. The
//! windows themselves are tested in `tests/e2e/`.

#[path = "../core/support/journal.rs"]
mod journal;

mod errors;
mod ipc;
mod ipc_input;
mod launch;

/// Checks a file the app generates for the UI (`path`, from the repository root) against its
/// checked-in copy. With `QUIRE_UPDATE_BINDINGS` set, the copy is rewritten first.
fn assert_checked_in(path: &str, fresh: &str, made_from: &str) {
    let file = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(path);
    if std::env::var_os("QUIRE_UPDATE_BINDINGS").is_some() {
        std::fs::write(&file, fresh).unwrap();
        eprintln!("wrote {}", file.display());
    }
    let checked_in = std::fs::read_to_string(&file).unwrap_or_default();
    assert!(
        checked_in == fresh,
        "{path} is out of date with {made_from}. Regenerate it with:\n  \
         QUIRE_UPDATE_BINDINGS=1 cargo test --test app_tests\nand commit the result."
    );
}
