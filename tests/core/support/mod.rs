//! Helpers shared by the core's integration tests: a local OpenID provider (`tests/idp/server.mjs`,
//! the npm package `oidc-provider` on 127.0.0.1) and a scripted person who signs in through its
//! pages ([`idp`], [`browser`]), a scripted misbehaving provider ([`fake_provider`], [`faults`]),
//! a journal in a temporary folder with its people ([`journal`]) and read back whole ([`exchange`]), and SQLCipher's pages decrypted
//! for a look at everything an encrypted file holds ([`sqlcipher`]).
#![allow(dead_code, unused_imports, unused_macros)]

pub mod browser;
pub mod couch;
pub mod exchange;
pub mod fake_provider;
pub mod fake_tokens;
pub mod faults;
pub mod idp;
pub mod journal;
pub mod sqlcipher;

use std::path::PathBuf;

/// The arguments that make this test binary run one test, `step` ("module::test"), alone and with its
/// output shown, ignored or not: for a test that runs part of itself in a child process.
pub fn step_args(step: &str) -> [&str; 5] {
    [
        "--exact",
        step,
        "--include-ignored",
        "--nocapture",
        "--test-threads=1",
    ]
}

/// This test binary, set to run the one test `step` (see [`step_args`]).
pub fn step(step: &str) -> std::process::Command {
    let mut command = std::process::Command::new(std::env::current_exe().unwrap());
    command.args(step_args(step));
    command
}

/// The repository's root folder, where `scripts/` and `tests/idp/` are.
pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

pub use browser::{deny_consent, sign_in_through_forms};
pub use fake_provider::{Behaviour, FakeProvider, Kind, Recorded, Reply};
pub use idp::Idp;

/// An HTTP client for talking to 127.0.0.1 in tests: no proxy from the environment, no redirects
/// followed, no pooled connections (a test's runtime may be gone before the next call).
pub fn http_client() -> reqwest::Client {
    reqwest::Client::builder()
        .no_proxy()
        .redirect(reqwest::redirect::Policy::none())
        .pool_max_idle_per_host(0)
        .timeout(std::time::Duration::from_secs(15))
        .build()
        .expect("build a test HTTP client")
}
