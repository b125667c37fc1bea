//! The errors the UI's tests show, made by the real conversions and written to
//! `ui/src/ipc/app-errors.json`, so that the UI's tests read the messages people see rather than
//! strings written for the tests. The file is checked in; this test fails when it drifts and
//! rewrites it when run with `QUIRE_UPDATE_BINDINGS=1`, like the bindings.

use std::collections::BTreeMap;

use keyring_core::mock;
use quire::shell::error::AppError;
use quire::shell::state::{JournalState, Opened};
use quire_core::accounts::Account;
use quire_core::auth::error::OidcError;
use quire_core::auth::flow::{SignInFailure, Step};
use quire_core::auth::vault::{Vault, VaultError};
use quire_core::store::{StoreError, MAX_ENTRY_BYTES};

const ERRORS_PATH: &str = "ui/src/ipc/app-errors.json";

fn failure(step: Step, err: OidcError) -> AppError {
    AppError::from(SignInFailure {
        step,
        unreachable: matches!(err, OidcError::Unreachable(_)),
        reason: err.to_string(),
    })
}

/// One of each kind of error a person can meet, keyed by its code.
fn examples() -> BTreeMap<&'static str, AppError> {
    let dir = tempfile::tempdir().unwrap();
    let vault = Vault::with_store(mock::Store::new().unwrap(), "quire-app-errors");
    let journal = JournalState::new(dir.path());
    let account = Account {
        id: "ada".into(),
        issuer: "http://127.0.0.1:1".into(),
        subject: "ada".into(),
        auto_lock_minutes: None,
    };
    assert!(matches!(
        journal.open_account(account, &vault).unwrap(),
        Opened::Open(None)
    ));
    let session_ended = journal.user().unwrap_err();
    let store = journal.store().unwrap();
    let me = crate::journal::person(&store, "ada");
    let (folder, mut slots) = journal.slots().unwrap();
    slots
        .set_passphrase(store.key().unwrap(), "correct horse battery staple")
        .unwrap();
    slots.save(&folder).unwrap();
    let entry = store.create_entry(&me.id, None, None).unwrap();
    let too_long = "a".repeat(MAX_ENTRY_BYTES + 1);
    let invalid = store.save_entry(&me.id, &entry.id, &too_long).unwrap_err();

    journal.set_user(Some(me));
    let panicked = tauri::async_runtime::block_on(
        journal.run(|_, _| -> Result<(), StoreError> { panic!("a store task fails") }),
    );
    drop(store);
    journal.lock();
    let Err(locked) = journal.store() else {
        panic!("a locked journal has no store")
    };
    let wrong_secret = journal.unlock("not the passphrase", &vault).unwrap_err();

    let io = rusqlite::Error::SqliteFailure(
        rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_IOERR),
        None,
    );
    BTreeMap::from([
        ("busy", StoreError::Busy.into()),
        ("damaged", StoreError::Corrupt.into()),
        ("disk_full", StoreError::DiskFull.into()),
        ("internal", panicked.unwrap_err()),
        ("invalid_input", invalid.into()),
        ("locked", locked),
        (
            "keyring",
            VaultError::Locked("the unlock prompt was dismissed".into()).into(),
        ),
        ("not_found", StoreError::NotFound.into()),
        (
            "offline",
            failure(
                Step::Exchange,
                OidcError::Unreachable("connection refused".into()),
            ),
        ),
        ("read_only", StoreError::ReadOnly.into()),
        ("session_ended", session_ended),
        (
            "sign_in_failed",
            failure(
                Step::VerifyIdToken,
                OidcError::InvalidIdToken("the signature does not match".into()),
            ),
        ),
        ("storage", StoreError::from(io).into()),
        ("wrong_secret", wrong_secret),
    ])
}

#[test]
fn the_ui_tests_read_the_errors_people_see() {
    let examples = examples();
    for (key, error) in &examples {
        let code = serde_json::to_value(error.code).unwrap();
        assert_eq!(code, *key, "each example is keyed by its code");
    }
    let fresh = serde_json::to_string_pretty(&examples).unwrap() + "\n";
    crate::assert_checked_in(ERRORS_PATH, &fresh, "the Rust messages");
}
