//! The OS keyring as the app uses it: the real Secret Service from `scripts/with-test-session`, and a
//! clear error, with no fallback, when there is none.

use quire::auth::secret::Secret;
use quire::auth::vault::{Vault, VaultError};

fn vault() -> Vault {
    Vault::system(&format!("quire-test-{}", uuid::Uuid::now_v7()))
}

#[test]
fn tokens_are_stored_replaced_and_deleted() {
    let vault = vault();
    assert!(vault.problem().is_none(), "{:?}", vault.problem());
    assert_eq!(vault.load("ada at http://id").unwrap(), None);
    vault
        .store("ada at http://id", &Secret::new("first"))
        .unwrap();
    vault
        .store("ada at http://id", &Secret::new("second"))
        .unwrap();
    assert_eq!(
        vault.load("ada at http://id").unwrap().unwrap().expose(),
        "second"
    );
    assert_eq!(vault.load("bob at http://id").unwrap(), None);
    vault.delete("ada at http://id").unwrap();
    vault.delete("ada at http://id").unwrap();
    assert_eq!(vault.load("ada at http://id").unwrap(), None);
}

/// Runs `without_a_secret_service_nothing_is_stored_anywhere` again in a child process whose
/// session bus does not exist.
#[test]
fn without_a_secret_service_the_vault_says_what_is_missing() {
    if std::env::var_os("QUIRE_TEST_NO_KEYRING").is_some() {
        return;
    }
    let home = tempfile::tempdir().unwrap();
    let output = std::process::Command::new(std::env::current_exe().unwrap())
        .args([
            "--exact",
            "without_a_secret_service_nothing_is_stored_anywhere",
            "--nocapture",
        ])
        .env("QUIRE_TEST_NO_KEYRING", "1")
        .env(
            "DBUS_SESSION_BUS_ADDRESS",
            "unix:path=/nonexistent/quire-test-bus",
        )
        .env("HOME", home.path())
        .env("XDG_DATA_HOME", home.path().join("data"))
        .env("XDG_CONFIG_HOME", home.path().join("config"))
        .output()
        .unwrap();
    let out = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "{out}{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(out.contains("1 passed"), "{out}");
    let leftovers: Vec<_> = walk(home.path());
    assert!(
        leftovers.is_empty(),
        "nothing may be written instead: {leftovers:?}"
    );
}

#[test]
fn without_a_secret_service_nothing_is_stored_anywhere() {
    if std::env::var_os("QUIRE_TEST_NO_KEYRING").is_none() {
        return;
    }
    let vault = vault();
    let err = vault
        .store("ada at http://id", &Secret::new("t"))
        .unwrap_err();
    assert!(matches!(err, VaultError::Unavailable(_)), "{err:?}");
    let message = err.to_string();
    assert!(message.contains("never in a plain file"), "{message}");
    assert!(message.contains("GNOME Keyring"), "{message}");
    assert!(vault.load("ada at http://id").is_err());
}

fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .flatten()
                .flat_map(|e| {
                    let path = e.path();
                    if path.is_dir() {
                        walk(&path)
                    } else {
                        vec![path]
                    }
                })
                .collect()
        })
        .unwrap_or_default()
}
