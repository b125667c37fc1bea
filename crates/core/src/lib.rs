//! Quire's core: everything the journal does that needs no window.
//!
//! [`store`] keeps a journal in SQLite, encrypted by SQLCipher under a key that [`keys`] keeps
//! wrapped; [`accounts`] gives each account a journal of its own; [`analyser`] reads entries for
//! mood and subject, [`exchange`] imports other journals' files and exports the journal,
//! [`sync`] syncs it through a CouchDB server, end-to-end encrypted, [`auth`] signs people in
//! and keeps their token in the OS keyring, [`config`] reads settings, [`fs`] makes private,
//! durable files, [`logging`] sets up tracing, and `instance` keeps one running copy per
//! data folder (on Unix; elsewhere the shell uses a Tauri plugin). This crate does not depend on
//! Tauri, so the desktop shell (the `quire` crate) is the only code that can import it.

pub mod accounts;
pub mod analyser;
pub mod auth;
pub mod config;
pub mod exchange;
pub mod fs;
#[cfg(unix)]
pub mod instance;
pub mod keys;
pub mod logging;
pub mod preferences;
pub mod store;
pub mod sync;
