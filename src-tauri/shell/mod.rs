//! The Tauri shell: the only module that talks to Tauri.
//!
//! It resolves the data folder, starts logging, opens the journal, registers the commands and opens
//! the window. Everything it calls is plain Rust in the sibling modules.

pub mod bindings;
pub mod commands;
pub mod error;
pub mod state;
pub mod windows;

use tauri::Manager;

use crate::{config, logging};
use state::JournalState;

/// Starts the app and returns when its last window has closed.
pub fn run() {
    let ipc = bindings::builder();
    let result = tauri::Builder::default()
        .invoke_handler(ipc.invoke_handler())
        .setup(move |app| {
            ipc.mount_events(app);
            let data_dir = config::data_dir(app.path().app_data_dir().ok())?;
            // Before logging, which would otherwise create the folder with default permissions.
            config::ensure_private_dir(&data_dir)?;
            logging::init(&data_dir.join("logs"));
            tracing::info!(version = env!("CARGO_PKG_VERSION"), data_dir = %data_dir.display(), "starting");
            app.manage(JournalState::open(&data_dir));
            windows::open_journal(app.handle())?;
            Ok(())
        })
        .run(tauri::generate_context!());
    if let Err(err) = result {
        eprintln!("Quire could not start: {err}");
        std::process::exit(1);
    }
}
