//! Which window a launch, an unlock or a restore opens: the journal at once for a returning person
//! (a signed-in account whose refresh token is in the keyring, and whose journal's key is too), with
//! no network call on the way; the lock window when their journal waits for a passphrase or the
//! recovery key; the welcome window for anyone else.

use std::time::Duration;

use tauri::{AppHandle, Manager};

use super::analysis_worker::AnalysisWorker;
use super::sign_in;
use super::state::{AuthState, JournalState, Opened};
use super::windows::{self, WindowLabel};
use quire_core::accounts::Accounts;
use quire_core::auth::vault::account_name;
use quire_core::store::User;

/// Where a launch goes.
pub enum Start {
    /// The journal, open for this person.
    Journal(Box<User>),
    /// The signed-in account's journal waits to be unlocked.
    Locked,
    /// Nobody is signed in (or their journal could not be opened: the welcome window says why).
    Welcome,
}

/// Opens the signed-in account's journal if their sign-in is still in the keyring. Local only.
pub fn returning(journal: &JournalState, auth: &AuthState) -> Start {
    let accounts = match Accounts::load(journal.root()) {
        Ok(accounts) => accounts,
        Err(err) => {
            tracing::error!(%err, "could not read the account list");
            auth.set_notice(Some(super::state::accounts_error(err)));
            return Start::Welcome;
        }
    };
    let Some(account) = accounts.signed_in().cloned() else {
        return Start::Welcome;
    };
    match auth
        .vault
        .load(&account_name(&account.issuer, &account.subject))
    {
        Ok(Some(_)) => {}
        Ok(None) => {
            tracing::info!("no stored sign-in; asking to sign in");
            return Start::Welcome;
        }
        Err(err) => {
            tracing::warn!(%err, "could not read the stored sign-in");
            auth.set_notice(Some(err.into()));
            return Start::Welcome;
        }
    }
    match journal.open_account(account, &auth.vault) {
        Ok(Opened::Open(Some(user))) => Start::Journal(user),
        Ok(Opened::Open(None)) => {
            tracing::warn!("the journal has no account row; asking to sign in");
            Start::Welcome
        }
        Ok(Opened::Locked) => Start::Locked,
        Err(err) => {
            // The welcome window shows why (a damaged journal offers its backups).
            tracing::error!(%err, "could not open the journal");
            Start::Welcome
        }
    }
}

/// After a restore or the first start's encryption: a returning person goes straight to their
/// journal (or its lock window), as at launch, and the welcome window closes. Answers whether it
/// did.
pub fn resume_journal(
    app: &AppHandle,
    journal: &JournalState,
    auth: &AuthState,
) -> tauri::Result<bool> {
    let start = returning(journal, auth);
    if matches!(start, Start::Welcome) {
        return Ok(false);
    }
    open_first_window(app, start)?;
    if let Some(welcome) = WindowLabel::Welcome.get(app) {
        let _ = welcome.destroy();
    }
    Ok(true)
}

/// Opens the journal window for a returning person, with their session refreshed in the
/// background at once; the lock window for a locked journal; or the welcome window.
pub fn open_first_window(app: &AppHandle, start: Start) -> tauri::Result<()> {
    match start {
        Start::Journal(user) => opened(app, *user, Duration::ZERO)?,
        Start::Locked => {
            windows::open_lock(app)?;
        }
        Start::Welcome => {
            windows::open_welcome(app)?;
        }
    }
    Ok(())
}

/// The journal is open for `user`: show it, start its analysis, and keep the session fresh (first
/// after `first`).
pub fn opened(app: &AppHandle, user: User, first: Duration) -> tauri::Result<()> {
    let user_id = user.id.clone();
    app.state::<JournalState>().open_for(user);
    app.state::<AnalysisWorker>().opened(user_id);
    windows::open_journal(app)?;
    sign_in::keep_fresh(app.clone(), first);
    // In the background, after the window: sync never delays the journal.
    super::sync_service::start(app);
    Ok(())
}
