//! The OS keyring as the app uses it: the real Secret Service from `scripts/with-test-session`, and a
//! clear error, with no fallback, when there is none, when its collection is locked and the unlock
//! prompt is dismissed, and when the service restarts under the app.

use std::path::Path;
use std::process::Command;

use quire_core::auth::secret::Secret;
use quire_core::auth::vault::{Vault, VaultError};

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
    let output =
        crate::support::step("keyring::without_a_secret_service_nothing_is_stored_anywhere")
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
#[ignore = "a step of without_a_secret_service_the_vault_says_what_is_missing, in its child process"]
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

fn walk(dir: &Path) -> Vec<std::path::PathBuf> {
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

/// Set in a child run by [`in_a_session_of_its_own`]: the case it runs.
const OWN_SESSION: &str = "QUIRE_TEST_OWN_KEYRING";

/// Runs the test `case` of this file again, in a session of its own from
/// `scripts/with-test-session` (a private bus, an unlocked gnome-keyring, a scratch home), so that
/// it may lock or stop that keyring without disturbing the tests running beside it. Without a
/// display, gnome-keyring's unlock prompt cannot open, and gnome-keyring reports it as dismissed:
/// what the app sees when a person presses Cancel on the unlock dialog.
fn in_a_session_of_its_own(case: &str) {
    let script = crate::support::repo().join("scripts/with-test-session");
    let output = Command::new(script)
        .arg(std::env::current_exe().unwrap())
        .args(crate::support::step_args(&format!("keyring::{case}")))
        .env(OWN_SESSION, case)
        .env_remove("QUIRE_TEST_SESSION")
        .env_remove("DISPLAY")
        .env_remove("WAYLAND_DISPLAY")
        .output()
        .unwrap();
    let out = String::from_utf8_lossy(&output.stdout);
    let err = String::from_utf8_lossy(&output.stderr);
    println!("{out}");
    // The child's own report, not the script's exit status: the script also fails when the
    // keyring it started is gone before it stops it, as in `restarted_keyring_case`.
    assert!(out.contains("test result: ok. 1 passed"), "{out}{err}");
}

/// True in the child that should run `case`; false (and nothing to do) anywhere else.
fn running_as(case: &str) -> bool {
    std::env::var(OWN_SESSION).is_ok_and(|c| c == case)
}

#[test]
fn a_locked_keyring_whose_unlock_prompt_is_dismissed_gives_advice_and_no_fallback() {
    in_a_session_of_its_own("locked_keyring_case");
}

#[test]
fn a_keyring_service_that_restarts_locked_gives_advice_and_no_fallback() {
    in_a_session_of_its_own("restarted_keyring_case");
}

#[test]
#[ignore = "a step of a_locked_keyring_whose_unlock_prompt_is_dismissed_gives_advice_and_no_fallback, in a session of its own"]
fn locked_keyring_case() {
    if !running_as("locked_keyring_case") {
        return;
    }
    let (vault, first) = (vault(), random_secret());
    vault.store(ACCOUNT, &first).expect("store while unlocked");
    let collection = secret_service(&["ReadAlias", "string:default"]);
    let collection = collection
        .split('"')
        .nth(1)
        .expect("the default collection's path");
    secret_service(&["Lock", &format!("array:objpath:{collection}")]);
    assert_refused_with_advice(&vault, &first);
}

#[test]
#[ignore = "a step of a_keyring_service_that_restarts_locked_gives_advice_and_no_fallback, in a session of its own"]
fn restarted_keyring_case() {
    if !running_as("restarted_keyring_case") {
        return;
    }
    let (vault, first) = (vault(), random_secret());
    vault.store(ACCOUNT, &first).expect("store while unlocked");
    // The daemon scripts/with-test-session started for this child's own session.
    let owner = dbus(
        "org.freedesktop.DBus",
        "/org/freedesktop/DBus",
        "org.freedesktop.DBus.GetConnectionUnixProcessID",
        &["string:org.freedesktop.secrets"],
    );
    let pid = owner
        .split("uint32")
        .nth(1)
        .map(str::trim)
        .expect("a process id");
    let pid: u32 = pid.parse().expect("a process id");
    let killed = Command::new("kill").arg(pid.to_string()).status().unwrap();
    assert!(killed.success());
    while running(pid) {
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    // The bus starts gnome-keyring again on the next call, from its service file; this one
    // was not given the password, so the collection on disk stays locked. Wait until the new
    // daemon answers: a call that lands while it starts can get no reply at all, which Quire
    // reports as a failure to try again, not as a locked keyring.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    while !answers_properties("org.freedesktop.secrets", "/org/freedesktop/secrets") {
        assert!(
            std::time::Instant::now() < deadline,
            "the Secret Service came back within 10 s"
        );
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    assert_refused_with_advice(&vault, &first);
}

/// True when `dest` answers a read of its `Collections` property (no unlocking needed).
fn answers_properties(dest: &str, path: &str) -> bool {
    Command::new("dbus-send")
        .args([
            "--session",
            "--print-reply",
            &format!("--dest={dest}"),
            path,
            "org.freedesktop.DBus.Properties.Get",
            "string:org.freedesktop.Secret.Service",
            "string:Collections",
        ])
        .output()
        .is_ok_and(|output| output.status.success())
}

/// True while process `pid` runs (a process that exited but was not reaped yet does not count).
fn running(pid: u32) -> bool {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
    let state = stat
        .rsplit_once(") ")
        .and_then(|(_, rest)| rest.chars().next());
    state.is_some_and(|state| state != 'Z')
}

const ACCOUNT: &str = "ada at http://id";

fn random_secret() -> Secret {
    Secret::new(format!(
        "rt-{}",
        openidconnect::CsrfToken::new_random().secret()
    ))
}

/// Storing, reading and deleting all fail with a message that says what to do; no copy of either
/// token is in any file of the scratch home (the keyring's own file is encrypted).
fn assert_refused_with_advice(vault: &Vault, first: &Secret) {
    let second = random_secret();
    let stored = vault.store(ACCOUNT, &second).unwrap_err();
    println!("storing: {stored}");
    assert!(matches!(stored, VaultError::Locked(_)), "{stored:?}");
    assert!(stored.to_string().contains("Unlock it"), "{stored}");
    let loaded = vault.load(ACCOUNT).unwrap_err();
    assert!(matches!(loaded, VaultError::Locked(_)), "{loaded:?}");
    let deleted = vault.delete(ACCOUNT).unwrap_err();
    assert!(matches!(deleted, VaultError::Locked(_)), "{deleted:?}");

    let home = std::env::var_os("HOME").expect("HOME");
    let files = walk(Path::new(&home));
    assert!(
        !files.is_empty(),
        "the keyring keeps a file in the scratch home"
    );
    for file in files {
        let bytes = std::fs::read(&file).unwrap_or_default();
        for token in [first, &second] {
            let token = token.expose().as_bytes();
            let found = bytes.windows(token.len()).any(|w| w == token);
            assert!(!found, "a token is in plain text in {}", file.display());
        }
    }
}

/// Calls a method of the Secret Service; its answer as `dbus-send` prints it.
fn secret_service(call: &[&str]) -> String {
    let method = format!("org.freedesktop.Secret.Service.{}", call[0]);
    let path = "/org/freedesktop/secrets";
    dbus("org.freedesktop.secrets", path, &method, &call[1..])
}

fn dbus(dest: &str, path: &str, method: &str, args: &[&str]) -> String {
    let output = Command::new("dbus-send")
        .args([
            "--session",
            "--print-reply",
            &format!("--dest={dest}"),
            path,
            method,
        ])
        .args(args)
        .output()
        .expect("dbus-send (scripts/with-test-session needs it too)");
    let out = String::from_utf8_lossy(&output.stdout).into_owned();
    let err = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{method}: {out}{err}");
    out
}
