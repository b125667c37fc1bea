//! Quire: a private desktop journal that works offline.
//!
//! The crate is split by what each part talks to. [`shell`] is the only module that knows about Tauri:
//! windows, commands and app state. Everything else is plain Rust that tests reach without a window:
//! [`store`] keeps the journal in SQLite, [`config`] reads settings, [`logging`] sets up tracing, and
//! [`local_user`] stands in for sign-in.

pub mod config;
pub mod local_user;
pub mod logging;
pub mod shell;
pub mod store;

pub use shell::run;
