//! The commands behind the analysis: the panel beside the editor, the history view, "ask your
//! journal" and the journal-wide re-analysis. Each is scoped to the signed-in person.

use serde::Serialize;
use tauri::State;

use super::analysis_worker::AnalysisWorker;
use super::commands::journal_id;
use super::error::AppError;
use super::state::JournalState;
use quire_core::store::{
    AnalysisProgress, Answer, EntryAnalysis, History, OnThisDay, Period, Streak,
};

/// Longest question accepted, in characters.
const MAX_QUESTION_CHARS: usize = 500;

/// "On this day" and the writing streak.
#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct Highlights {
    /// Today's local date, `YYYY-MM-DD`.
    pub today: String,
    pub on_this_day: Vec<OnThisDay>,
    pub streak: Streak,
}

/// The entry's analysis; `None` until it has been analysed.
#[tauri::command]
#[specta::specta]
pub async fn entry_analysis(
    state: State<'_, JournalState>,
    id: String,
) -> Result<Option<EntryAnalysis>, AppError> {
    let id = super::commands::entry_id(id)?;
    state
        .run(move |store, user| store.entry_analysis(user, &id))
        .await
}

/// Sentiment by period and mood counts, for entries written since `since` (ms), or all.
#[tauri::command]
#[specta::specta]
pub async fn history(
    state: State<'_, JournalState>,
    period: Period,
    since: Option<i64>,
    journal: Option<String>,
) -> Result<History, AppError> {
    let journal = journal.map(journal_id).transpose()?;
    state
        .run(move |store, user| store.history(user, period, since, journal.as_deref()))
        .await
}

#[tauri::command]
#[specta::specta]
pub async fn highlights(
    state: State<'_, JournalState>,
    journal: Option<String>,
) -> Result<Highlights, AppError> {
    let journal = journal.map(journal_id).transpose()?;
    state
        .run(move |store, user| {
            let today = store.local_today()?;
            let journal = journal.as_deref();
            Ok(Highlights {
                on_this_day: store.on_this_day(user, &today, journal)?,
                streak: store.streak(user, &today, journal)?,
                today,
            })
        })
        .await
}

/// Answers a question from the person's entries: a local search, not a language model.
#[tauri::command]
#[specta::specta]
pub async fn ask_journal(
    state: State<'_, JournalState>,
    question: String,
    journal: Option<String>,
) -> Result<Answer, AppError> {
    let journal = journal.map(journal_id).transpose()?;
    if question.chars().count() > MAX_QUESTION_CHARS {
        return Err(AppError::invalid(format!(
            "Questions are limited to {MAX_QUESTION_CHARS} characters. Shorten the question."
        )));
    }
    state
        .run(move |store, user| store.ask(user, &question, journal.as_deref()))
        .await
}

/// Starts re-analysing every entry; progress arrives as `AnalysisJobChanged` events.
#[tauri::command]
#[specta::specta]
pub async fn reanalyse_all(
    state: State<'_, JournalState>,
    worker: State<'_, AnalysisWorker>,
) -> Result<(), AppError> {
    worker.everything(state.user()?.id);
    Ok(())
}

/// Stops the journal-wide analysis; what it finished is kept.
#[tauri::command]
#[specta::specta]
pub async fn cancel_analysis(
    state: State<'_, JournalState>,
    worker: State<'_, AnalysisWorker>,
) -> Result<(), AppError> {
    worker.cancel(state.user()?.id);
    Ok(())
}

/// The journal-wide analysis's progress; `None` when none runs.
#[tauri::command]
#[specta::specta]
pub async fn analysis_status(
    state: State<'_, JournalState>,
    worker: State<'_, AnalysisWorker>,
) -> Result<Option<AnalysisProgress>, AppError> {
    state.user()?;
    Ok(worker.progress())
}
