//! Quire's desktop app: the Tauri shell over `quire_core`.
//!
//! [`shell`] holds everything that talks to Tauri: windows, commands and app state. The journal,
//! sign-in, analysis and settings are in the `quire-core` crate, which has no Tauri in it.

pub mod cli;
pub mod shell;

pub use shell::run;
