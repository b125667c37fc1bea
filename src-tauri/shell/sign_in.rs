//! The sign-in, sign-out and session-end flows as the windows see them: which window opens, which
//! closes, and what the person is told. The protocol work is in `quire_core::auth`.

use std::io;
use std::time::Duration;

use tauri::{AppHandle, Manager};

use super::background;
use super::error::{AppError, ErrorCode};
use super::events::{Connection, ConnectionState};
use super::launch::{launch, Launched};
use super::state::{AuthState, JournalState, Opened, SignInEvent};
use super::windows::{self, WindowLabel};
use quire_core::accounts::{self, Accounts};
use quire_core::auth::callback::{read_callback, Callback};
use quire_core::auth::flow::{complete_sign_in, Journals, Revocation, SignedIn};
use quire_core::auth::loopback::Loopback;
use quire_core::auth::oidc::Provider;
use quire_core::config::SignInMode;
use quire_core::store::{NewUser, Store, User};

/// How long a sign-in may wait for the person before it gives up.
const SIGN_IN_TIMEOUT: Duration = Duration::from_secs(15 * 60);
/// Longest provider text repeated to the person.
const MAX_PROVIDER_TEXT: usize = 200;

/// Runs a whole sign-in: show the provider's page, wait for the redirect, complete the "new user"
/// step, then swap the welcome window for the journal.
pub async fn sign_in(app: &AppHandle, browser: bool) -> Result<(), AppError> {
    let auth = app.state::<AuthState>();
    let journal = app.state::<JournalState>();
    if let Err(err) = journal.store() {
        // Another copy has the data folder, or the journal waits for a restore.
        if matches!(err.code, ErrorCode::InUse | ErrorCode::Damaged) {
            return Err(err);
        }
    }
    if accounts::plain_journal_left(journal.root()) {
        // Signing in now would give the account an empty journal beside the one being encrypted.
        return Err(AppError::new(
            ErrorCode::Storage,
            "Quire has not finished encrypting your journal from an earlier version. Quit Quire \
             and start it again to finish; if it stops again, the log file in the data folder says \
             why.",
        ));
    }
    if let Some(problem) = auth.vault.problem() {
        return Err(problem.into());
    }
    if WindowLabel::Journal.get(app).is_some() {
        // The last journal window is still open, most likely holding text it could not save.
        return Err(AppError::new(
            ErrorCode::Busy,
            "The journal window is still open. Save or close it first, then sign in.",
        ));
    }
    let provider = auth.provider().await?;
    let Some(mut events) = auth.begin_sign_in() else {
        if let Some(window) = WindowLabel::SignIn.get(app) {
            let _ = window.set_focus();
        }
        return Err(AppError::new(
            ErrorCode::Busy,
            "A sign-in is already in progress. Finish it in its window, or cancel it first.",
        ));
    };
    let result = async {
        let mode = if browser { SignInMode::Browser } else { auth.mode() };
        let authorization = match mode {
            SignInMode::Embedded => {
                let authorization = provider
                    .authorize(&auth.embedded_redirect)
                    .map_err(|err| AppError::new(ErrorCode::SignInFailed, err.to_string()))?;
                let sender = auth.sign_in_sender().ok_or_else(cancelled)?;
                windows::open_sign_in(
                    app,
                    &authorization.url,
                    &authorization.redirect,
                    provider.issuer(),
                    sender,
                )
                .map_err(|err| AppError::internal(format!("Quire could not open the sign-in window: {err}.")))?;
                authorization
            }
            SignInMode::Browser => browser_authorization(&auth, &provider).await?,
        };
        let url = match tokio::time::timeout(SIGN_IN_TIMEOUT, events.recv()).await {
            Ok(Some(SignInEvent::Redirect(url))) => url,
            Ok(Some(SignInEvent::Cancelled) | None) => return Err(cancelled()),
            Err(_) => {
                return Err(AppError::new(
                    ErrorCode::SignInCancelled,
                    "The sign-in waited too long and was stopped. Press Sign in to start again.",
                ))
            }
        };
        let captured = std::time::Instant::now();
        tracing::info!("sign-in redirect captured");
        close_sign_in_window(app);
        let callback = read_callback(
            &url,
            authorization.state.expose(),
            provider.issuer(),
            provider.requires_iss(),
        )
        .map_err(|err| {
            AppError::new(
                ErrorCode::SignInFailed,
                format!("Quire did not accept the answer from the account service: {err}. Sign in again."),
            )
        })?;
        let code = match callback {
            Callback::Code(code) => code,
            Callback::Refused { error, description } => return Err(refused(&error, description)),
        };
        let _token = auth.token_lock.lock().await;
        let journals = AccountJournals(app.clone());
        complete_sign_in(&provider, &authorization, &code, &auth.vault, &journals)
            .await
            .map(|signed_in| (signed_in, captured))
            .map_err(AppError::from)
    }
    .await;
    auth.end_sign_in();
    close_sign_in_window(app);
    let (SignedIn { user, .. }, captured) = result?;

    auth.next_generation();
    auth.set_notice(None);
    auth.set_connection(Connection {
        state: ConnectionState::Online,
        detail: None,
    });
    let shown = match user {
        Some(user) => super::start::opened(app, user, background::REFRESH_EVERY),
        // The journal opens with its passphrase or recovery key; the session is refreshed then.
        None => windows::open_lock(app).map(|_| ()),
    };
    shown.map_err(|err| {
        AppError::internal(format!("Quire could not open the journal window: {err}."))
    })?;
    if let Some(welcome) = WindowLabel::Welcome.get(app) {
        let _ = welcome.destroy();
    }
    tracing::info!(
        elapsed_ms = captured.elapsed().as_millis() as u64,
        "journal window open after the sign-in redirect"
    );
    Ok(())
}

/// Sign-in's view of the accounts on this computer: the signed-in account is recorded in the account
/// list, and its journal opened (its user row written) or left locked until it is unlocked.
#[derive(Clone)]
struct AccountJournals(AppHandle);

impl Journals for AccountJournals {
    fn sign_in(&self, profile: &NewUser) -> Result<Option<User>, String> {
        let journal = self.0.state::<JournalState>();
        let auth = self.0.state::<AuthState>();
        let mut list = Accounts::load(journal.root()).map_err(|err| err.to_string())?;
        let account = list.find_or_add(&profile.issuer, &profile.subject);
        let user = match journal
            .open_account(account.clone(), &auth.vault)
            .map_err(|err| err.message)?
        {
            Opened::Open(_) => {
                let store = journal.store().map_err(|err| err.message)?;
                Some(Store::sign_in(&store, profile).map_err(|err| err.to_string())?)
            }
            Opened::Locked => {
                journal.set_pending_profile(Some(profile.clone()));
                None
            }
        };
        list.signed_in = Some(account.id);
        list.save(journal.root()).map_err(|err| err.to_string())?;
        Ok(user)
    }

    /// The journal stays open until its window has closed, saving its last text on the way.
    fn sign_out(&self) -> Result<(), String> {
        let journal = self.0.state::<JournalState>();
        accounts::sign_out(journal.root()).map_err(|err| err.to_string())
    }
}

/// Stops the sign-in in progress, if any.
pub fn cancel(app: &AppHandle) {
    if let Some(sender) = app.state::<AuthState>().sign_in_sender() {
        let _ = sender.try_send(SignInEvent::Cancelled);
    }
}

/// Signs out: revoke and forget the token, clear the sign-in page's cookies so that the next person
/// is asked who they are, and swap the journal window for the welcome window. Entries stay.
pub async fn sign_out(app: &AppHandle) -> Result<(), AppError> {
    let auth = app.state::<AuthState>();
    let journal = app.state::<JournalState>();
    let user = journal.user()?;
    let _token = auth.token_lock.lock().await;
    // Discovered here if this run has not needed the provider yet: revocation is not skipped.
    let provider = async { auth.provider().await.map_err(unreached) };
    let journals = AccountJournals(app.clone());
    let revocation = quire_core::auth::flow::sign_out(provider, &auth.vault, &journals, &user)
        .await
        .map_err(|err| {
            AppError::new(
                ErrorCode::Keyring,
                format!("Quire could not finish signing out: {err}."),
            )
        })?;
    if let Some(window) = WindowLabel::Journal.get(app) {
        if let Err(err) = window.clear_all_browsing_data() {
            tracing::warn!(%err, "could not clear the sign-in cookies");
        }
    }
    tracing::info!(?revocation, "signed out");
    leave_journal(app, revocation_notice(&revocation))
}

/// What the welcome window says after a sign-out the provider did not hear about.
fn revocation_notice(revocation: &Revocation) -> Option<AppError> {
    let Revocation::Failed(reason) = revocation else {
        return None;
    };
    Some(AppError::new(
        ErrorCode::Offline,
        format!(
            "You are signed out, and your sign-in is deleted from this computer. Quire could not \
             tell the account service to end it there ({reason}), so it stays valid at the \
             service until it expires. To end it now, sign this device out in your account's \
             security settings."
        ),
    ))
}

/// Why the provider could not be found, in a few words for the sign-out notice.
fn unreached(err: AppError) -> String {
    match err.code {
        ErrorCode::Offline => "the account service could not be reached".into(),
        _ => "the account service gave an unusable answer".into(),
    }
}

/// Keeps the current session fresh in the background, first attempt after `first`, and returns to
/// the welcome window, saying why, if the session ends.
pub fn keep_fresh(app: AppHandle, first: Duration) {
    tauri::async_runtime::spawn(async move {
        let why = match background::refresh_until_over(&app, first).await {
            background::Over::Stopped => return,
            background::Over::Ended => {
                "Your session ended: the account service no longer accepts this sign-in (you may \
                 have signed out elsewhere, or access was revoked). Sign in again to keep writing; \
                 your entries are safe on this computer."
                    .to_owned()
            }
            background::Over::OtherIssuer {
                signed_in_with,
                configured,
            } => format!(
                "Your session ended: you signed in with {signed_in_with}, and Quire is now set up \
                 for {configured}, so your sign-in was not sent there. Sign in again to keep \
                 writing; your entries are safe on this computer."
            ),
        };
        session_ended(&app, why);
    });
}

/// The session ended: tell the person why on the welcome window.
fn session_ended(app: &AppHandle, why: String) {
    let notice = AppError::new(ErrorCode::SessionEnded, why);
    if let Err(err) = leave_journal(app, Some(notice)) {
        tracing::error!(%err, "could not return to the welcome window");
    }
}

/// Opens the welcome window, then asks the journal window to close. Closing goes through the
/// journal's own close handler, which saves any text still waiting.
fn leave_journal(app: &AppHandle, notice: Option<AppError>) -> Result<(), AppError> {
    app.state::<super::sync_service::SyncService>().stop();
    let auth = app.state::<AuthState>();
    auth.next_generation();
    auth.set_notice(notice);
    auth.set_connection(Connection {
        state: ConnectionState::Checking,
        detail: None,
    });
    windows::open_welcome(app).map_err(|err| {
        AppError::internal(format!("Quire could not open the welcome window: {err}."))
    })?;
    if let Some(window) = WindowLabel::Journal.get(app) {
        let _ = window.close();
    }
    Ok(())
}

async fn browser_authorization(
    auth: &AuthState,
    provider: &Provider,
) -> Result<quire_core::auth::oidc::Authorization, AppError> {
    let loopback = Loopback::bind().await.map_err(|err| {
        AppError::internal(format!(
            "Quire could not listen for the browser's answer on 127.0.0.1: {err}."
        ))
    })?;
    let authorization = provider
        .authorize(loopback.redirect())
        .map_err(|err| AppError::new(ErrorCode::SignInFailed, err.to_string()))?;
    let sender = auth.sign_in_sender().ok_or_else(cancelled)?;
    let state = authorization.state.clone();
    tokio::spawn(async move {
        // Ends with the sign-in: once nobody listens for the result, the send fails and we stop.
        tokio::select! {
            answer = loopback.callback(&state) => {
                if let Ok(url) = answer {
                    let _ = sender.send(SignInEvent::Redirect(url)).await;
                }
            }
            () = sender.closed() => {}
        }
    });
    let url = authorization.url.to_string();
    tokio::task::spawn_blocking(move || open_in_browser(&url))
        .await
        .map_err(|err| io::Error::other(err.to_string()))
        .and_then(|opened| opened)
        .map_err(|err| {
            AppError::internal(format!(
                "Quire could not open your web browser ({err}). Set a default browser, or switch \
                 the sign-in setting to \"embedded\"."
            ))
        })?;
    Ok(authorization)
}

/// How long a launcher has to fail before the next one is tried; one still running after it is
/// taken to be opening the page.
const BROWSER_VERDICT: Duration = Duration::from_millis(250);

/// Opens `url` with the desktop's launchers in turn (`xdg-open` first) until one does not fail.
fn open_in_browser(url: &str) -> io::Result<()> {
    let mut failure = None;
    for command in open::commands(url) {
        let program = command.get_program().to_string_lossy().into_owned();
        match launch(command, BROWSER_VERDICT) {
            Ok(Launched::Running) => return Ok(()),
            Ok(Launched::Exited(status)) if status.success() => return Ok(()),
            Ok(Launched::Exited(status)) => {
                failure = Some(io::Error::other(format!("{program} ended with {status}")));
            }
            Err(err) => failure = Some(err),
        }
    }
    Err(failure.unwrap_or_else(|| io::Error::new(io::ErrorKind::NotFound, "no launcher found")))
}

fn close_sign_in_window(app: &AppHandle) {
    if let Some(window) = WindowLabel::SignIn.get(app) {
        let _ = window.destroy();
    }
}

fn cancelled() -> AppError {
    AppError::new(
        ErrorCode::SignInCancelled,
        "Sign-in was cancelled. Press Sign in when you are ready.",
    )
}

fn refused(error: &str, description: Option<String>) -> AppError {
    let said = description
        .map(|d| d.chars().take(MAX_PROVIDER_TEXT).collect::<String>())
        .map(|d| format!(" ({d})"))
        .unwrap_or_default();
    if error == "access_denied" {
        AppError::new(
            ErrorCode::SignInDenied,
            format!("The sign-in was declined{said}. Press Sign in to try again."),
        )
    } else {
        let error: String = error.chars().take(MAX_PROVIDER_TEXT).collect();
        AppError::new(
            ErrorCode::SignInFailed,
            format!(
                "The account service refused the sign-in: {error}{said}. Check the client id and \
                 redirect URI in the sign-in settings (see the README), then try again."
            ),
        )
    }
}
