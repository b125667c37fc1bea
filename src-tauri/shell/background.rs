//! The session's upkeep while the journal is open: refresh the tokens and the profile when the
//! account service can be reached, keep retrying quietly when it cannot, and check again every hour
//! so that a revoked session is noticed.
//!
//! Nothing here ever signs anyone out on a network failure, a timeout or a bad answer. Only a
//! definite `invalid_grant` ends the session (or a provider other than the one that issued the
//! token, which is never sent it), and the loop then returns why for its caller to act on. Each loop belongs to one session (see `AuthState::generation`) and stops,
//! applying nothing, once that session is over.

use std::time::Duration;

use tauri::{AppHandle, Manager};
use tauri_specta::Event;

use super::commands::UserProfile;
use super::events::{AccountChanged, Connection, ConnectionChanged, ConnectionState};
use super::state::{AuthState, JournalState};
use quire_core::auth::flow::{refresh_session, RefreshError, Refreshed};

const FIRST_RETRY: Duration = Duration::from_secs(5);
const LONGEST_RETRY: Duration = Duration::from_secs(5 * 60);
/// How often a healthy session is renewed, which is also how soon a revocation is noticed.
pub const REFRESH_EVERY: Duration = Duration::from_secs(60 * 60);

/// Why the refresh loop returned.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Over {
    /// The provider ended the session: the person must sign in again.
    Ended,
    /// The settings name another provider than the one the person signed in with: the session
    /// ended on this computer, and the person must sign in with the one configured now.
    OtherIssuer {
        signed_in_with: String,
        configured: String,
    },
    /// The session was left some other way (signed out, a restore), or refreshing again would do
    /// harm; nothing more to do.
    Stopped,
}

/// What the loop does after one attempt.
enum Next {
    /// Refreshed: come back in an hour.
    Later,
    /// Not now (offline, a bad answer): retry with backoff, showing this on the offline indicator.
    Retry(String),
    /// Stop here, for this reason.
    Stop(Over),
}

/// Keeps the current session fresh, first attempt after `first`, until it is over.
pub async fn refresh_until_over(app: &AppHandle, first: Duration) -> Over {
    let generation = app.state::<AuthState>().generation();
    let mut wait = first;
    let mut backoff = FIRST_RETRY;
    loop {
        tokio::time::sleep(wait).await;
        match refresh_once(app, generation).await {
            Next::Later => {
                wait = REFRESH_EVERY;
                backoff = FIRST_RETRY;
            }
            Next::Retry(detail) => {
                tracing::info!(%detail, retry_in = ?backoff, "working offline");
                set_connection(app, generation, ConnectionState::Offline, Some(detail));
                wait = backoff;
                backoff = (backoff * 2).min(LONGEST_RETRY);
            }
            Next::Stop(over) => return over,
        }
    }
}

async fn refresh_once(app: &AppHandle, generation: u64) -> Next {
    let auth = app.state::<AuthState>();
    let journal = app.state::<JournalState>();
    let provider = match auth.provider().await {
        Ok(provider) => provider,
        Err(err) => return Next::Retry(err.message),
    };
    let _token = auth.token_lock.lock().await;
    let (Ok(store), Ok(user)) = (journal.store(), journal.user()) else {
        return Next::Stop(Over::Stopped);
    };
    if auth.generation() != generation {
        return Next::Stop(Over::Stopped);
    }
    let outcome = refresh_session(&provider, &auth.vault, &store, &user).await;
    if auth.generation() != generation {
        return Next::Stop(Over::Stopped);
    }
    match outcome {
        Ok(Refreshed::Online(signed_in)) => {
            let Some(user) = signed_in.user else {
                return Next::Later;
            };
            let profile = UserProfile::from(&user);
            journal.set_user(Some(user));
            set_connection(app, generation, ConnectionState::Online, None);
            if let Err(err) = AccountChanged(profile).emit(app) {
                tracing::warn!(%err, "could not tell the window about the profile");
            }
            Next::Later
        }
        Ok(Refreshed::Ended) => {
            tracing::info!("the session ended at the provider");
            Next::Stop(Over::Ended)
        }
        Ok(Refreshed::OtherIssuer) => Next::Stop(Over::OtherIssuer {
            signed_in_with: user.issuer.clone(),
            configured: provider.issuer().to_owned(),
        }),
        Err(err) if err.is_offline() => Next::Retry(
            "The account service cannot be reached. Everything you write is saved on this computer."
                .into(),
        ),
        Err(RefreshError::Keyring(err)) => {
            // The renewed token may exist only in memory now; refreshing again with the old one
            // would look like a replay to the provider. Stop, and say what to do.
            tracing::error!(%err, "could not keep the renewed sign-in");
            set_connection(
                app,
                generation,
                ConnectionState::Offline,
                Some(format!(
                    "Quire could not save your renewed sign-in: {err}. Everything you write is saved \
                     on this computer."
                )),
            );
            Next::Stop(Over::Stopped)
        }
        Err(err) => Next::Retry(format!(
            "The account service is having problems ({err}). Everything you write is saved on this computer."
        )),
    }
}

fn set_connection(
    app: &AppHandle,
    generation: u64,
    state: ConnectionState,
    detail: Option<String>,
) {
    let auth = app.state::<AuthState>();
    if auth.generation() != generation {
        return;
    }
    let connection = Connection { state, detail };
    if auth.set_connection(connection.clone()) {
        if let Err(err) = ConnectionChanged(connection).emit(app) {
            tracing::warn!(%err, "could not tell the window about the connection");
        }
    }
}
