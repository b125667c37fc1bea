//! Quire: a private desktop journal that works offline.
//!
//! The crate is split by what each part talks to. [`shell`] is the only module that knows about Tauri:
//! windows, commands and app state. Everything else is plain Rust that tests reach without a window:
//! [`store`] keeps the journal in SQLite, [`analysis`] reads entries for mood and subject, [`auth`]
//! signs people in and keeps their token in the OS keyring, [`config`] reads settings, [`logging`]
//! sets up tracing, and `instance` keeps one running copy per data folder (on Unix; elsewhere a
//! Tauri plugin does it).

pub mod analysis;
pub mod auth;
pub mod config;
#[cfg(unix)]
pub mod instance;
pub mod logging;
pub mod sample;
pub mod shell;
pub mod store;

pub use shell::run;
