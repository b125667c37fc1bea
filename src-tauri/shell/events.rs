//! Events the app sends to its windows, typed and exported with the bindings.

use serde::{Deserialize, Serialize};

use super::commands::UserProfile;
use quire_core::store::{AnalysisProgress, EntryAnalysis};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum ConnectionState {
    /// Launch: the background check has not answered yet.
    Checking,
    /// The account service answered and the session is current.
    Online,
    /// The account service could not be reached; everything local still works.
    Offline,
}

/// Whether the account service can be reached, and why not when it cannot.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
pub struct Connection {
    pub state: ConnectionState,
    pub detail: Option<String>,
}

/// The connection to the account service changed.
#[derive(Debug, Clone, Serialize, Deserialize, specta::Type, tauri_specta::Event)]
#[serde(transparent)]
pub struct ConnectionChanged(pub Connection);

/// The signed-in person's profile was updated from the account service.
#[derive(Debug, Clone, Serialize, Deserialize, specta::Type, tauri_specta::Event)]
#[serde(transparent)]
pub struct AccountChanged(pub UserProfile);

/// An entry was analysed after a save (`analysis` is `None` when it was emptied).
#[derive(Debug, Clone, Serialize, specta::Type, tauri_specta::Event)]
#[serde(rename_all = "camelCase")]
pub struct EntryAnalysed {
    pub entry_id: String,
    pub analysis: Option<EntryAnalysis>,
}

/// The journal-wide analysis made progress, finished (`None`) or was cancelled (`None`).
#[derive(Debug, Clone, Serialize, specta::Type, tauri_specta::Event)]
#[serde(transparent)]
pub struct AnalysisJobChanged(pub Option<AnalysisProgress>);

/// Entries were added to the journal from outside the window (`quire import`): the list reads them.
#[derive(Debug, Clone, Serialize, Deserialize, specta::Type, tauri_specta::Event)]
pub struct EntriesAdded;
