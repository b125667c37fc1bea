//! Helpers shared by the integration tests: a local OpenID provider (`tests/idp/server.mjs`, the
//! npm package `oidc-provider` on 127.0.0.1) and a scripted person who signs in through its pages.
//!
//! Use from a test crate `tests/NAME.rs` with `mod support;`. Each test crate uses only part of
//! this, hence the `allow`s.
#![allow(dead_code, unused_imports, unused_macros)]

pub mod browser;
pub mod fake_provider;
pub mod faults;
pub mod idp;

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
