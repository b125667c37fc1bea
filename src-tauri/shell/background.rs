//! The session's upkeep while the journal is open: refresh the tokens and the profile when the
//! account service can be reached, and keep retrying quietly when it cannot.
//!
//! Nothing here ever signs anyone out on a network failure, a timeout or a bad answer. Only a
//! definite `invalid_grant` ends the session.

use std::time::Duration;

use tauri::{AppHandle, Manager};
use tauri_specta::Event;

use super::commands::UserProfile;
use super::events::{AccountChanged, Connection, ConnectionChanged, ConnectionState};
use super::sign_in::session_ended;
use super::state::{JournalState, SessionState};
use crate::auth::session::{refresh_session, Refreshed};

const FIRST_RETRY: Duration = Duration::from_secs(5);
const LONGEST_RETRY: Duration = Duration::from_secs(5 * 60);

/// Starts the refresh loop for the signed-in person. It ends once the session is refreshed or has
/// ended.
pub fn spawn_refresh(app: AppHandle) {
    tauri::async_runtime::spawn(async move {
        let mut wait = FIRST_RETRY;
        loop {
            match refresh_once(&app).await {
                Ok(()) => return,
                Err(detail) => {
                    tracing::info!(%detail, retry_in = ?wait, "working offline");
                    set_connection(&app, ConnectionState::Offline, Some(detail));
                }
            }
            tokio::time::sleep(wait).await;
            wait = (wait * 2).min(LONGEST_RETRY);
        }
    });
}

/// One attempt. `Err` carries what to show on the offline indicator.
async fn refresh_once(app: &AppHandle) -> Result<(), String> {
    let session = app.state::<SessionState>();
    let journal = app.state::<JournalState>();
    let (Ok(store), Ok(user)) = (journal.store(), journal.user()) else {
        return Ok(());
    };
    let provider = session.provider().await.map_err(|err| err.message)?;
    match refresh_session(&provider, &session.vault, &store, &user).await {
        Ok(Refreshed::Online(signed_in)) => {
            session.set_access(Some(signed_in.access));
            let profile = UserProfile::from(&signed_in.user);
            journal.set_user(Some(signed_in.user));
            set_connection(app, ConnectionState::Online, None);
            if let Err(err) = AccountChanged(profile).emit(app) {
                tracing::warn!(%err, "could not tell the window about the profile");
            }
            Ok(())
        }
        Ok(Refreshed::Ended) => {
            tracing::info!("the session ended at the provider");
            session_ended(app);
            Ok(())
        }
        Err(err) if err.is_offline() => Err(
            "The account service cannot be reached. Everything you write is saved on this computer."
                .into(),
        ),
        Err(err) => Err(format!(
            "The account service is having problems ({err}). Everything you write is saved on this computer."
        )),
    }
}

fn set_connection(app: &AppHandle, state: ConnectionState, detail: Option<String>) {
    let connection = Connection { state, detail };
    if app
        .state::<SessionState>()
        .set_connection(connection.clone())
    {
        if let Err(err) = ConnectionChanged(connection).emit(app) {
            tracing::warn!(%err, "could not tell the window about the connection");
        }
    }
}
