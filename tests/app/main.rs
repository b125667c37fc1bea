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
