//! Import and Export in the journal window: the native file dialogs, the preview, and the import or
//! export itself on a blocking thread, with its progress sent as [`ExchangeProgress`] and a Cancel.
//! The work is `quire_core::exchange`'s; one import or export runs at a time.

use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use serde::{Deserialize, Serialize};
use tauri::{AppHandle, Manager, State};
use tauri_plugin_dialog::DialogExt;
use tauri_specta::Event;

use super::error::{AppError, ErrorCode};
use super::state::JournalState;
use super::windows::WindowLabel;
use quire_core::exchange::{
    self, ExchangeError, ExportFormat, ExportReport, ImportOptions, ImportReport, Preview,
    Progress, Source,
};
use quire_core::store::EntryFilter;

/// How far the import or export under way is.
#[derive(Debug, Clone, Serialize, Deserialize, specta::Type, tauri_specta::Event)]
#[serde(rename_all = "camelCase")]
pub struct ExchangeProgress {
    pub done: u64,
    pub total: u64,
}

/// The import or export under way, if any: its Cancel.
#[derive(Default)]
pub struct ExchangeState {
    running: Arc<AtomicBool>,
    cancel: Arc<AtomicBool>,
}

/// Clears the "under way" mark however the work ends.
struct Running(Arc<AtomicBool>);

impl Drop for Running {
    fn drop(&mut self) {
        self.0.store(false, Ordering::SeqCst);
    }
}

impl ExchangeState {
    fn start(&self) -> Result<(Running, Arc<AtomicBool>), AppError> {
        if self.running.swap(true, Ordering::SeqCst) {
            return Err(AppError::new(
                ErrorCode::Busy,
                "An import or export is already under way. Wait for it to finish, or cancel it.",
            ));
        }
        self.cancel.store(false, Ordering::SeqCst);
        Ok((Running(self.running.clone()), self.cancel.clone()))
    }
}

fn exchange_error(err: ExchangeError) -> AppError {
    match err {
        ExchangeError::Store(err) => err.into(),
        err @ ExchangeError::Write { .. } => AppError::new(ErrorCode::Storage, err.to_string()),
        err => AppError::invalid(err.to_string()),
    }
}

/// Runs `work` on a blocking thread with the journal and the signed-in person.
async fn on_journal<T: Send + 'static>(
    state: &JournalState,
    work: impl FnOnce(&quire_core::store::Store, &quire_core::store::UserId) -> Result<T, ExchangeError>
        + Send
        + 'static,
) -> Result<T, AppError> {
    let store = state.store()?;
    let user = state.user()?.id;
    tauri::async_runtime::spawn_blocking(move || work(&store, &user))
        .await
        .map_err(|_| AppError::internal("Quire hit an internal error. Try again."))?
        .map_err(exchange_error)
}

fn progress_sender(app: &AppHandle) -> impl FnMut(Progress) + Send + 'static {
    let app = app.clone();
    move |progress: Progress| {
        let _ = ExchangeProgress {
            done: progress.done,
            total: progress.total,
        }
        .emit_to(&app, WindowLabel::Journal.as_str());
    }
}

/// Asks for a file (or, with `folder`, a folder) to import, in the native dialog. `None` when the
/// person closed it.
#[tauri::command]
#[specta::specta]
pub async fn choose_import(app: AppHandle, folder: bool) -> Result<Option<String>, AppError> {
    let (tx, rx) = tokio::sync::oneshot::channel();
    let mut dialog = app.dialog().file().set_title(if folder {
        "Import a folder of Markdown files"
    } else {
        "Import a journal"
    });
    if let Some(window) = WindowLabel::Journal.get(&app) {
        dialog = dialog.set_parent(&window);
    }
    let done = move |path: Option<tauri_plugin_dialog::FilePath>| {
        let _ = tx.send(path.and_then(|path| path.into_path().ok()));
    };
    if folder {
        dialog.pick_folder(done);
    } else {
        dialog
            .add_filter("Journals", &["json", "zip", "txt", "md", "jex", "tar"])
            .pick_file(done);
    }
    let path = rx.await.unwrap_or(None);
    Ok(path.map(|path| path.to_string_lossy().into_owned()))
}

/// What importing `path` would do, written nowhere. `journal`: every entry into that journal.
#[tauri::command]
#[specta::specta]
pub async fn preview_import(
    state: State<'_, JournalState>,
    path: String,
    journal: Option<String>,
) -> Result<Preview, AppError> {
    let options = ImportOptions {
        journal,
        ..ImportOptions::default()
    };
    on_journal(&state, move |store, user| {
        let source = Source::detect(&PathBuf::from(path))?;
        exchange::preview(store, user, &source, &options)
    })
    .await
}

/// Imports `path`, sending its progress; Cancel ([`cancel_exchange`]) stops it between batches.
#[tauri::command]
#[specta::specta]
pub async fn import_entries(
    app: AppHandle,
    state: State<'_, JournalState>,
    exchange_state: State<'_, ExchangeState>,
    path: String,
    journal: Option<String>,
) -> Result<ImportReport, AppError> {
    let (_running, cancel) = exchange_state.start()?;
    let options = ImportOptions {
        journal,
        ..ImportOptions::default()
    };
    let mut progress = progress_sender(&app);
    on_journal(&state, move |store, user| {
        let source = Source::detect(&PathBuf::from(path))?;
        exchange::import(store, user, &source, &options, &mut progress, &cancel)
    })
    .await
}

/// Asks where to write an export of `format`, in the native dialog. `None` when the person closed it.
#[tauri::command]
#[specta::specta]
pub async fn choose_export(
    app: AppHandle,
    format: ExportFormat,
) -> Result<Option<String>, AppError> {
    let (tx, rx) = tokio::sync::oneshot::channel();
    let today = chrono::Local::now().format("%Y-%m-%d");
    let mut dialog = app.dialog().file().set_title("Export the journal");
    if let Some(window) = WindowLabel::Journal.get(&app) {
        dialog = dialog.set_parent(&window);
    }
    let (name, filter): (String, Option<(&str, &[&str])>) = match format {
        ExportFormat::Quire => (
            format!("Quire {today}.zip"),
            Some(("Quire export", &["zip"])),
        ),
        ExportFormat::MarkdownZip => (
            format!("Quire Markdown {today}.zip"),
            Some(("Zip", &["zip"])),
        ),
        ExportFormat::DayOne => (
            format!("Quire Day One {today}.zip"),
            Some(("Day One export", &["zip"])),
        ),
        ExportFormat::MarkdownFolder => (format!("Quire Markdown {today}"), None),
        ExportFormat::JrnlText => (format!("Quire {today}.txt"), Some(("Text", &["txt"]))),
        ExportFormat::Pdf => (format!("Quire {today}.pdf"), Some(("PDF", &["pdf"]))),
        _ => (format!("Quire {today}.json"), Some(("JSON", &["json"]))),
    };
    let done = move |path: Option<tauri_plugin_dialog::FilePath>| {
        let _ = tx.send(path.and_then(|path| path.into_path().ok()));
    };
    let dialog = dialog.set_file_name(name);
    match filter {
        Some((label, extensions)) => dialog.add_filter(label, extensions).save_file(done),
        None => dialog.save_file(done),
    }
    let path = rx.await.unwrap_or(None);
    Ok(path.map(|path| path.to_string_lossy().into_owned()))
}

/// Exports the entries that pass `filter` to `path`, sending its progress; Cancel stops it and
/// leaves nothing at `path`.
#[tauri::command]
#[specta::specta]
pub async fn export_entries(
    app: AppHandle,
    state: State<'_, JournalState>,
    exchange_state: State<'_, ExchangeState>,
    format: ExportFormat,
    filter: EntryFilter,
    path: String,
) -> Result<ExportReport, AppError> {
    let (_running, cancel) = exchange_state.start()?;
    let mut progress = progress_sender(&app);
    on_journal(&state, move |store, user| {
        exchange::export(
            store,
            user,
            &filter,
            format,
            &PathBuf::from(path),
            &mut progress,
            &cancel,
        )
    })
    .await
}

/// Stops the import or export under way at its next batch.
#[tauri::command]
#[specta::specta]
pub fn cancel_exchange(exchange_state: State<'_, ExchangeState>) {
    exchange_state.cancel.store(true, Ordering::SeqCst);
}

/// Registers the state the commands use.
pub fn manage(app: &AppHandle) {
    app.manage(ExchangeState::default());
}
