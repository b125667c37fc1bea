//! The commands that organise the journal: an entry's date, star and journal; the journals
//! themselves; tags; and the calendar. Each checks its input and hands one call to the store.

use tauri::State;

use super::commands::{entry_id, journal_id, tag_input};
use super::error::AppError;
use super::state::JournalState;
use quire_core::store::{
    CalendarMonth, EntrySummary, Journal, JournalColour, JournalDeleted, TagCount, TagRenamed,
    MAX_JOURNAL_NAME,
};

/// Gives the entry another date and time (ms since the epoch).
#[tauri::command]
#[specta::specta]
pub async fn set_entry_date(
    state: State<'_, JournalState>,
    id: String,
    dated_at: i64,
) -> Result<EntrySummary, AppError> {
    let id = entry_id(id)?;
    state
        .run(move |store, user| store.set_entry_date(user, &id, dated_at))
        .await
}

#[tauri::command]
#[specta::specta]
pub async fn set_entry_starred(
    state: State<'_, JournalState>,
    id: String,
    starred: bool,
) -> Result<EntrySummary, AppError> {
    let id = entry_id(id)?;
    state
        .run(move |store, user| store.set_entry_starred(user, &id, starred))
        .await
}

/// Moves the entry to another journal.
#[tauri::command]
#[specta::specta]
pub async fn move_entry(
    state: State<'_, JournalState>,
    id: String,
    journal: String,
) -> Result<EntrySummary, AppError> {
    let id = entry_id(id)?;
    let journal = journal_id(journal)?;
    state
        .run(move |store, user| store.move_entry(user, &id, &journal))
        .await
}

/// The person's journals, in their order, each with its number of entries.
#[tauri::command]
#[specta::specta]
pub async fn list_journals(state: State<'_, JournalState>) -> Result<Vec<Journal>, AppError> {
    state.run(|store, user| store.list_journals(user)).await
}

#[tauri::command]
#[specta::specta]
pub async fn create_journal(
    state: State<'_, JournalState>,
    name: String,
    colour: JournalColour,
) -> Result<Journal, AppError> {
    let name = journal_name(name)?;
    state
        .run(move |store, user| store.create_journal(user, &name, colour))
        .await
}

/// Renames and recolours a journal.
#[tauri::command]
#[specta::specta]
pub async fn update_journal(
    state: State<'_, JournalState>,
    id: String,
    name: String,
    colour: JournalColour,
) -> Result<Journal, AppError> {
    let id = journal_id(id)?;
    let name = journal_name(name)?;
    state
        .run(move |store, user| store.update_journal(user, &id, &name, colour))
        .await
}

/// Sets the template new entries in the journal start with (Markdown, with `{{date}}` and
/// `{{time}}`); an empty one for none.
#[tauri::command]
#[specta::specta]
pub async fn set_journal_template(
    state: State<'_, JournalState>,
    id: String,
    template: String,
) -> Result<Journal, AppError> {
    let id = journal_id(id)?;
    state
        .run(move |store, user| store.set_journal_template(user, &id, &template))
        .await
}

/// Deletes a journal, moving its entries to `move_to`, or deleting them with it when `move_to` is
/// null. `undo_delete_journal` brings it all back until the next launch.
#[tauri::command]
#[specta::specta]
pub async fn delete_journal(
    state: State<'_, JournalState>,
    id: String,
    move_to: Option<String>,
) -> Result<JournalDeleted, AppError> {
    let id = journal_id(id)?;
    let move_to = move_to.map(journal_id).transpose()?;
    state
        .run(move |store, user| store.delete_journal(user, &id, move_to.as_deref()))
        .await
}

#[tauri::command]
#[specta::specta]
pub async fn undo_delete_journal(
    state: State<'_, JournalState>,
    id: String,
) -> Result<Journal, AppError> {
    let id = journal_id(id)?;
    state
        .run(move |store, user| store.undo_delete_journal(user, &id))
        .await
}

/// Every tag in use, by name, with how many entries carry it.
#[tauri::command]
#[specta::specta]
pub async fn list_tags(state: State<'_, JournalState>) -> Result<Vec<TagCount>, AppError> {
    state.run(|store, user| store.list_tags(user)).await
}

/// Renames a tag in the text of every entry that has it, in one transaction; renaming it to a tag
/// that exists merges the two.
#[tauri::command]
#[specta::specta]
pub async fn rename_tag(
    state: State<'_, JournalState>,
    from: String,
    to: String,
) -> Result<TagRenamed, AppError> {
    let from = tag_input(from)?;
    let to = tag_input(to)?;
    let renamed = state
        .run(move |store, user| store.rename_tag(user, &from, &to))
        .await?;
    // The rewrite's log is folded into the journal after the answer, not before it.
    if let Ok(store) = state.store() {
        tauri::async_runtime::spawn_blocking(move || {
            if let Err(err) = store.checkpoint() {
                tracing::warn!(%err, "could not fold the log in after a tag rename; the next write will");
            }
        });
    }
    Ok(renamed)
}

/// One month (`YYYY-MM`) of the calendar: the days with entries, their counts and moods.
#[tauri::command]
#[specta::specta]
pub async fn calendar_month(
    state: State<'_, JournalState>,
    month: String,
    journal: Option<String>,
) -> Result<CalendarMonth, AppError> {
    let journal = journal.map(journal_id).transpose()?;
    if month.len() != 7 {
        return Err(AppError::invalid(
            "That is not a month. Pick one in the calendar.",
        ));
    }
    state
        .run(move |store, user| store.calendar_month(user, &month, journal.as_deref()))
        .await
}

/// Journal names are short; the store checks the rest.
fn journal_name(name: String) -> Result<String, AppError> {
    if name.chars().count() > MAX_JOURNAL_NAME * 4 {
        return Err(AppError::invalid(format!(
            "Journal names are at most {MAX_JOURNAL_NAME} characters. Choose a shorter name."
        )));
    }
    Ok(name)
}
