//! The commands the journal window may call. Each checks its input and hands one call to the store.

use serde::{Deserialize, Serialize};
use tauri::State;

use super::analysis_worker::AnalysisWorker;
use super::error::AppError;
use super::state::JournalState;
use quire_core::store::{
    Entry, EntryFilter, EntryPage, EntrySummary, SearchPage, SearchRequest, User, MAX_ENTRY_BYTES,
};

/// Longest search input accepted, in characters.
pub const MAX_QUERY_CHARS: usize = 500;

/// Who the journal belongs to, as the window shows it.
#[derive(Debug, Clone, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct UserProfile {
    pub id: String,
    pub email: Option<String>,
    pub display_name: Option<String>,
}

/// Whose journal is open, and where it lives.
#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct JournalOwner {
    pub user: UserProfile,
    /// The folder holding the database and the logs.
    pub data_dir: String,
}

impl JournalOwner {
    /// The signed-in person and where their journal lives; fails when the journal is not open or
    /// nobody is signed in.
    pub fn of(journal: &JournalState) -> Result<Self, AppError> {
        journal.store()?;
        Ok(Self {
            user: UserProfile::from(&journal.user()?),
            data_dir: journal.root().display().to_string(),
        })
    }
}

impl From<&User> for UserProfile {
    fn from(user: &User) -> Self {
        Self {
            id: user.id.as_str().to_owned(),
            email: user.email.clone(),
            display_name: user.display_name.clone(),
        }
    }
}

#[tauri::command]
#[specta::specta]
pub async fn journal_owner(state: State<'_, JournalState>) -> Result<JournalOwner, AppError> {
    JournalOwner::of(&state)
}

/// A page of the entries that pass `filter`, newest first by their date.
#[tauri::command]
#[specta::specta]
pub async fn list_entries(
    state: State<'_, JournalState>,
    filter: EntryFilter,
    offset: u32,
    limit: u32,
) -> Result<EntryPage, AppError> {
    let filter = entry_filter(filter)?;
    state
        .run(move |store, user| store.list_entries(user, &filter, offset, limit))
        .await
}

#[tauri::command]
#[specta::specta]
pub async fn get_entry(state: State<'_, JournalState>, id: String) -> Result<Entry, AppError> {
    let id = entry_id(id)?;
    state
        .run(move |store, user| store.get_entry(user, &id))
        .await
}

/// A new, empty entry in `journal` (or the first journal), dated `dated_at` (or now).
#[tauri::command]
#[specta::specta]
pub async fn create_entry(
    state: State<'_, JournalState>,
    journal: Option<String>,
    dated_at: Option<i64>,
) -> Result<Entry, AppError> {
    let journal = journal.map(journal_id).transpose()?;
    state
        .run(move |store, user| store.create_entry(user, journal.as_deref(), dated_at))
        .await
}

/// Resolves once the text is durable on disk.
#[tauri::command]
#[specta::specta]
pub async fn save_entry(
    state: State<'_, JournalState>,
    worker: State<'_, AnalysisWorker>,
    sync: State<'_, super::sync_service::SyncService>,
    id: String,
    content: String,
) -> Result<EntrySummary, AppError> {
    let id = entry_id(id)?;
    if content.len() > MAX_ENTRY_BYTES {
        return Err(AppError::invalid(format!(
            "This entry is over {} MB, too long to save as one. Split it into several entries.",
            MAX_ENTRY_BYTES / (1024 * 1024)
        )));
    }
    let user = state.user()?.id;
    let entry = id.clone();
    let saved = state
        .run(move |store, user| store.save_entry(user, &entry, &content))
        .await?;
    worker.saved(user, id);
    sync.nudge();
    Ok(saved)
}

#[tauri::command]
#[specta::specta]
pub async fn delete_entry(state: State<'_, JournalState>, id: String) -> Result<(), AppError> {
    let id = entry_id(id)?;
    state
        .run(move |store, user| store.delete_entry(user, &id))
        .await
}

#[tauri::command]
#[specta::specta]
pub async fn restore_entry(
    state: State<'_, JournalState>,
    id: String,
) -> Result<EntrySummary, AppError> {
    let id = entry_id(id)?;
    state
        .run(move |store, user| store.restore_entry(user, &id))
        .await
}

/// Every match, a page at a time: pass the page's `next` as the next request's `cursor`.
#[tauri::command]
#[specta::specta]
pub async fn search_entries(
    state: State<'_, JournalState>,
    request: SearchRequest,
) -> Result<SearchPage, AppError> {
    let request = SearchRequest {
        text: search_input(request.text)?,
        filter: entry_filter(request.filter)?,
        ..request
    };
    state
        .run(move |store, user| store.search(user, &request))
        .await
}

/// Search input as the store takes it: at most [`MAX_QUERY_CHARS`] characters, without NUL. FTS5
/// reads a query only up to its first NUL, so a word with one in it became an "unterminated string"
/// and the search failed as if the database were broken; a NUL is nothing anyone means to search for.
pub fn search_input(query: String) -> Result<String, AppError> {
    if query.chars().count() > MAX_QUERY_CHARS {
        return Err(AppError::invalid(format!(
            "Searches are limited to {MAX_QUERY_CHARS} characters. Shorten the search."
        )));
    }
    Ok(if query.contains('\0') {
        query.replace('\0', "")
    } else {
        query
    })
}

/// Entry ids are UUIDs; anything else is refused before it reaches SQL.
pub fn entry_id(id: String) -> Result<String, AppError> {
    uuid::Uuid::parse_str(&id)
        .map(|_| id)
        .map_err(|_| AppError::invalid("That is not an entry id. Reload the entry list."))
}

/// Journal ids are UUIDs too.
pub fn journal_id(id: String) -> Result<String, AppError> {
    uuid::Uuid::parse_str(&id)
        .map(|_| id)
        .map_err(|_| AppError::invalid("That is not a journal. Pick one from the journal list."))
}

/// Longest tag name accepted in a filter or a rename, in characters.
pub const MAX_TAG_CHARS: usize = 100;

/// A tag name as the store takes it: of a sensible length, without NUL.
pub fn tag_input(tag: String) -> Result<String, AppError> {
    if tag.chars().count() > MAX_TAG_CHARS || tag.contains('\0') {
        return Err(AppError::invalid(
            "That is too long to be a tag. Pick a tag from the tag list.",
        ));
    }
    Ok(tag)
}

/// A filter as the store takes it: a journal id that is one, a tag of a sensible length.
pub fn entry_filter(filter: EntryFilter) -> Result<EntryFilter, AppError> {
    Ok(EntryFilter {
        journal: filter.journal.map(journal_id).transpose()?,
        tag: filter.tag.map(tag_input).transpose()?,
        ..filter
    })
}
