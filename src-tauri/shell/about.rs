//! The About dialog: which Quire this is and where it keeps things, and showing the data folder in
//! the person's file manager.
//!
//! The folder is shown through `tauri-plugin-opener`: revealed by the desktop's file manager service
//! where there is one, otherwise opened with the platform's opener. The path is the app's own,
//! never one from the window. When neither works, the error names the folder so that the person
//! can open it by hand.

use std::path::{Path, PathBuf};

use serde::Serialize;
use tauri::{AppHandle, State};
use tauri_plugin_opener::OpenerExt;

use super::error::{AppError, ErrorCode};
use super::state::JournalState;
use quire_core::logging;
use quire_core::store::DATABASE_FILE;

/// What the About dialog shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct About {
    /// Quire's version, from the package.
    pub version: String,
    /// The folder holding the journals and the logs.
    pub data_dir: String,
    /// The open journal's encrypted database file, inside the data folder; null when none is open.
    pub database_file: Option<String>,
    /// The folder the daily log files go to.
    pub logs_dir: String,
    /// The log file being written now; null when there is none (logs go to stderr only).
    pub log_file: Option<String>,
}

impl About {
    /// The facts for the data folder `data_dir`, with the journal kept in `journal_dir` if any.
    pub fn for_data_dir(data_dir: &Path, journal_dir: Option<&Path>) -> Self {
        let logs_dir = logging::logs_dir(data_dir);
        Self {
            version: env!("CARGO_PKG_VERSION").to_owned(),
            data_dir: shown(data_dir),
            database_file: journal_dir.map(|dir| shown(&dir.join(DATABASE_FILE))),
            log_file: logging::current_log_file(&logs_dir).as_deref().map(shown),
            logs_dir: shown(&logs_dir),
        }
    }
}

fn shown(path: &Path) -> String {
    path.display().to_string()
}

/// Which Quire this is, and where it keeps the journal and its logs.
#[tauri::command]
#[specta::specta]
pub async fn about(state: State<'_, JournalState>) -> Result<About, AppError> {
    let journal_dir = state.account().map(|_| state.data_dir());
    Ok(About::for_data_dir(state.root(), journal_dir.as_deref()))
}

/// Shows the data folder in the file manager.
#[tauri::command]
#[specta::specta]
pub async fn open_data_folder(
    app: AppHandle,
    state: State<'_, JournalState>,
) -> Result<(), AppError> {
    let dir = folder_to_show(state.root())?;
    tauri::async_runtime::spawn_blocking(move || {
        let opener = app.opener();
        opener
            .reveal_item_in_dir(&dir)
            .or_else(|err| {
                tracing::info!(%err, "no file manager revealed the folder; opening it instead");
                opener.open_path(dir.to_string_lossy(), None::<&str>)
            })
            .map_err(|err| {
                tracing::warn!(%err, "could not show the data folder");
                not_shown(&dir, &err.to_string())
            })
    })
    .await
    .map_err(|err| {
        tracing::error!(%err, "the folder opener task failed");
        AppError::internal("Quire hit an internal error while opening the data folder.")
    })?
}

/// The data folder as the file manager is given it: absolute, and there. A missing folder is an
/// error of its own, since no file manager could show it.
pub fn folder_to_show(dir: &Path) -> Result<PathBuf, AppError> {
    let dir = std::path::absolute(dir).unwrap_or_else(|_| dir.to_path_buf());
    if !dir.is_dir() {
        return Err(AppError::new(
            ErrorCode::OpenFailed,
            format!(
                "Quire's data folder {} is missing. Restart Quire to create it again.",
                dir.display()
            ),
        ));
    }
    Ok(dir)
}

/// What the person reads when no file manager showed `dir`: why, and the folder to open by hand.
pub fn not_shown(dir: &Path, why: &str) -> AppError {
    AppError::new(
        ErrorCode::OpenFailed,
        format!(
            "Quire couldn't show the folder in your file manager ({why}). Open this folder by \
             hand: {}",
            dir.display()
        ),
    )
}
