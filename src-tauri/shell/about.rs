//! The About dialog: which Quire this is and where it keeps things, and showing the data folder in
//! the person's file manager.
//!
//! The folder is opened with the platform's own opener (`xdg-open`, `open` or `explorer`), run
//! directly with the data folder as its one argument: no shell, and no path that came from the
//! window. When the opener cannot be started or reports a failure, the error names the folder so
//! that the person can open it by hand.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use serde::Serialize;
use tauri::State;

use super::error::{AppError, ErrorCode};
use super::launch::{launch, Launched};
use super::state::JournalState;
use crate::logging;
use crate::store::DATABASE_FILE;

/// What the About dialog shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct About {
    /// Quire's version, from the package.
    pub version: String,
    /// The folder holding the database and the logs.
    pub data_dir: String,
    /// The journal's database file, inside the data folder.
    pub database_file: String,
    /// The folder the daily log files go to.
    pub logs_dir: String,
    /// The log file being written now; null when there is none (logs go to stderr only).
    pub log_file: Option<String>,
}

impl About {
    /// The facts for a journal kept in `data_dir`.
    pub fn for_data_dir(data_dir: &Path) -> Self {
        let logs_dir = logging::logs_dir(data_dir);
        Self {
            version: env!("CARGO_PKG_VERSION").to_owned(),
            data_dir: shown(data_dir),
            database_file: shown(&data_dir.join(DATABASE_FILE)),
            log_file: logging::current_log_file(&logs_dir).as_deref().map(shown),
            logs_dir: shown(&logs_dir),
        }
    }
}

fn shown(path: &Path) -> String {
    path.display().to_string()
}

/// The program that shows a folder in the file manager on this platform.
#[cfg(target_os = "macos")]
pub const FOLDER_OPENER: &str = "open";
/// The program that shows a folder in the file manager on this platform.
#[cfg(target_os = "windows")]
pub const FOLDER_OPENER: &str = "explorer";
/// The program that shows a folder in the file manager on this platform.
#[cfg(not(any(target_os = "macos", target_os = "windows")))]
pub const FOLDER_OPENER: &str = "xdg-open";

/// How long an opener has to report a failure. Openers hand the folder to the file manager and
/// exit at once; one still running after this is taken to be showing the folder itself.
const OPENER_VERDICT: Duration = Duration::from_secs(3);

/// Which Quire this is, and where it keeps the journal and its logs.
#[tauri::command]
#[specta::specta]
pub async fn about(state: State<'_, JournalState>) -> Result<About, AppError> {
    Ok(About::for_data_dir(state.data_dir()))
}

/// Shows the data folder in the file manager. Resolves once the opener has started (or finished).
#[tauri::command]
#[specta::specta]
pub async fn open_data_folder(state: State<'_, JournalState>) -> Result<(), AppError> {
    let dir = state.data_dir().to_path_buf();
    tauri::async_runtime::spawn_blocking(move || open_folder_with(FOLDER_OPENER, &dir))
        .await
        .map_err(|err| {
            tracing::error!(%err, "the folder opener task failed");
            AppError::internal("Quire hit an internal error while opening the data folder.")
        })?
}

/// Runs `opener` with `dir` as its only argument and waits a moment for its verdict, without ever
/// waiting for a file manager that runs in the foreground ([`launch`]).
pub fn open_folder_with(opener: &str, dir: &Path) -> Result<(), AppError> {
    // Absolute, so that the argument can never read as an option.
    let dir: PathBuf = std::path::absolute(dir).unwrap_or_else(|_| dir.to_path_buf());
    let by_hand = |why: String| {
        AppError::new(
            ErrorCode::OpenFailed,
            format!("{why} Open this folder by hand: {}", dir.display()),
        )
    };
    if !dir.is_dir() {
        return Err(AppError::new(
            ErrorCode::OpenFailed,
            format!(
                "Quire's data folder {} is missing. Restart Quire to create it again.",
                dir.display()
            ),
        ));
    }
    let mut command = Command::new(opener);
    command.arg(&dir);
    match launch(command, OPENER_VERDICT) {
        Err(err) => {
            tracing::warn!(opener, %err, "could not start the file manager");
            Err(by_hand(format!(
                "Quire couldn't start your file manager ({opener}: {err})."
            )))
        }
        // Explorer exits with 1 even when it opened the folder, so only its start counts there.
        Ok(Launched::Exited(status)) if status.success() || cfg!(target_os = "windows") => Ok(()),
        Ok(Launched::Exited(status)) => {
            tracing::warn!(opener, %status, "the file manager did not open the data folder");
            Err(by_hand(format!(
                "Your file manager didn't open the folder ({opener} ended with {status})."
            )))
        }
        Ok(Launched::Running) => Ok(()),
    }
}
