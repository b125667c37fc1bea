//! Which window a launch, or a restore, opens first: the journal at once for a returning person (a
//! signed-in user row plus a refresh token in the keyring), with no network call on the way, or the
//! welcome window for anyone else.

use std::time::Duration;

use tauri::{AppHandle, Manager};

use super::analysis_worker::AnalysisWorker;
use super::sign_in;
use super::state::{AuthState, JournalState};
use super::windows;
use quire_core::auth::vault::account_name;
use quire_core::store::User;

/// The person signed in last time, if their refresh token is still in the keyring. Local only.
pub fn returning_user(journal: &JournalState, auth: &AuthState) -> Option<User> {
    let user = journal.store().ok()?.signed_in_user().ok()??;
    match auth.vault.load(&account_name(&user.issuer, &user.subject)) {
        Ok(Some(_)) => Some(user),
        Ok(None) => {
            tracing::info!("no stored sign-in; asking to sign in");
            None
        }
        Err(err) => {
            tracing::warn!(%err, "could not read the stored sign-in");
            auth.set_notice(Some(err.into()));
            None
        }
    }
}

/// After a restore: a returning person goes straight to their journal, as at launch, and the welcome
/// window closes. Answers whether the journal window opened.
pub fn resume_journal(
    app: &AppHandle,
    journal: &JournalState,
    auth: &AuthState,
) -> tauri::Result<bool> {
    let Some(user) = returning_user(journal, auth) else {
        return Ok(false);
    };
    let user_id = user.id.clone();
    journal.open_for(user);
    app.state::<AnalysisWorker>().opened(user_id);
    open_first_window(app, true)?;
    if let Some(welcome) = windows::WindowLabel::Welcome.get(app) {
        let _ = welcome.destroy();
    }
    Ok(true)
}

/// Opens the journal window for a returning person, with their session refreshed in the
/// background at once, or the welcome window for anyone else.
pub fn open_first_window(app: &AppHandle, returning: bool) -> tauri::Result<()> {
    if returning {
        windows::open_journal(app)?;
        sign_in::keep_fresh(app.clone(), Duration::ZERO);
    } else {
        windows::open_welcome(app)?;
    }
    Ok(())
}
