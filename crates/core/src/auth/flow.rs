//! The three things that happen to a session: signing in (the "new user" step), refreshing it in the
//! background, and signing out. Plain async Rust over the provider, the keyring and the store.
//!
//! Signing in runs its steps in a fixed order and either finishes them all or leaves nothing behind:
//! the token is stored in the keyring before the user row is written, and removed again if the row
//! cannot be written. Which journal the row goes to is the caller's: [`Journals`] opens the
//! account's journal (the app keeps one encrypted file per account; a single [`Store`] serves
//! every account in tests and tools).

use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use super::error::OidcError;
use super::oidc::{Authorization, Profile, Provider};
use super::secret::Secret;
use super::vault::{account_name, Vault, VaultError};
use crate::store::{NewUser, Store, StoreError, User};

/// How often storing a rotated refresh token is tried before giving up, and the pause between tries.
const STORE_ATTEMPTS: u32 = 3;
const STORE_RETRY_PAUSE: Duration = Duration::from_millis(250);
/// The most time sign-out spends finding the provider and revoking the token there. Each request
/// has its own limits too (see `oidc`); this bounds them together, so signing out never waits long.
pub const REVOCATION_BUDGET: Duration = Duration::from_secs(20);

/// The steps of completing a sign-in, in the order they run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    Exchange,
    VerifyIdToken,
    Userinfo,
    Keyring,
    SaveUser,
}

impl Step {
    /// The step as a person reads it in "Sign-in stopped while …".
    pub fn describe(self) -> &'static str {
        match self {
            Self::Exchange => "exchanging the sign-in code",
            Self::VerifyIdToken => "verifying your identity token",
            Self::Userinfo => "reading your profile",
            Self::Keyring => "saving your sign-in to the system keyring",
            Self::SaveUser => "saving your account on this computer",
        }
    }
}

/// A sign-in that stopped: at which step, and why.
#[derive(Debug, thiserror::Error)]
#[error("Sign-in stopped while {}: {reason}", .step.describe())]
pub struct SignInFailure {
    pub step: Step,
    pub reason: String,
    /// True when the cause was the network, so the person knows to check their connection.
    pub unreachable: bool,
}

impl SignInFailure {
    fn at(step: Step) -> impl Fn(OidcError) -> Self {
        move |err| Self {
            step,
            unreachable: matches!(err, OidcError::Unreachable(_)),
            reason: err.to_string(),
        }
    }
}

/// A signed-in person: their local row (`None` while their journal is locked, until it is unlocked),
/// their profile, and an access token that lives in memory only.
#[derive(Debug)]
pub struct SignedIn {
    pub user: Option<User>,
    pub profile: NewUser,
    pub access: Secret,
}

/// Where signing in and out records who is signed in, and writes their user row.
pub trait Journals: Clone + Send + Sync + 'static {
    /// Marks the account of `profile` signed in and writes its user row in its journal. `None` when
    /// that journal is locked: the row is written once it is unlocked.
    fn sign_in(&self, profile: &NewUser) -> Result<Option<User>, String>;
    /// Forgets who is signed in. Entries stay.
    fn sign_out(&self) -> Result<(), String>;
}

/// One journal for every account.
impl Journals for Arc<Store> {
    fn sign_in(&self, profile: &NewUser) -> Result<Option<User>, String> {
        Store::sign_in(self, profile)
            .map(Some)
            .map_err(|err| err.to_string())
    }

    fn sign_out(&self) -> Result<(), String> {
        self.clear_signed_in().map_err(|err| err.to_string())
    }
}

/// Completes a sign-in after the redirect delivered `code`: exchange it, verify the ID token, read
/// userinfo, store the refresh token in the keyring, upsert the local user and mark them signed in.
#[tracing::instrument(skip_all, err)]
pub async fn complete_sign_in<J: Journals>(
    provider: &Provider,
    authorization: &Authorization,
    code: &Secret,
    vault: &Vault,
    journals: &J,
) -> Result<SignedIn, SignInFailure> {
    let (tokens, subject) =
        provider
            .exchange(code, authorization)
            .await
            .map_err(|err| match err {
                OidcError::InvalidIdToken(_) | OidcError::Clock(_) => {
                    SignInFailure::at(Step::VerifyIdToken)(err)
                }
                other => SignInFailure::at(Step::Exchange)(other),
            })?;
    let profile = provider
        .userinfo(&tokens.access, &subject)
        .await
        .map_err(SignInFailure::at(Step::Userinfo))?;
    let refresh = tokens.refresh.ok_or_else(|| SignInFailure {
        step: Step::Exchange,
        reason: "the provider gave no refresh token, so Quire could not work offline. Check that \
                 the OAuth application allows the offline_access scope"
            .into(),
        unreachable: false,
    })?;

    let account = account_name(provider.issuer(), &subject);
    let new_user = new_user(provider.issuer(), profile);
    let (vault, journals, profile) = (vault.clone(), journals.clone(), new_user.clone());
    let user = blocking(move || {
        vault
            .store(&account, &refresh)
            .map_err(|err| keyring_failure(&err))?;
        journals.sign_in(&profile).map_err(|reason| {
            // Leave nothing half-written: without the user row the stored token is an orphan.
            if let Err(cleanup) = vault.delete(&account) {
                tracing::warn!(%cleanup, "could not remove the token after a failed sign-in");
            }
            SignInFailure {
                step: Step::SaveUser,
                reason,
                unreachable: false,
            }
        })
    })
    .await?;
    match &user {
        Some(user) => tracing::info!(user = user.id.as_str(), "signed in"),
        None => tracing::info!("signed in; the journal waits to be unlocked"),
    }
    Ok(SignedIn {
        user,
        profile: new_user,
        access: tokens.access,
    })
}

/// What a background refresh found out.
#[derive(Debug)]
pub enum Refreshed {
    /// Online: tokens renewed and the profile re-read.
    Online(Box<SignedIn>),
    /// The grant is gone: the person must sign in again. Nothing local was deleted but the dead token.
    Ended,
    /// The configured provider is not the one that issued the token (the settings changed since the
    /// sign-in), so the token was not sent: it goes only back to its issuer. The session ends here,
    /// and the token leaves the keyring; the person signs in again with the configured provider.
    OtherIssuer,
}

/// Why a background refresh could not tell: the session stays as it is.
#[derive(Debug, thiserror::Error)]
pub enum RefreshError {
    #[error("{0}")]
    Provider(OidcError),
    #[error("{0}")]
    Keyring(#[from] VaultError),
    #[error("{0}")]
    Store(#[from] StoreError),
    #[error("{0}")]
    Journal(String),
}

impl RefreshError {
    /// True when the cause is the network (offline, refused, timed out).
    pub fn is_offline(&self) -> bool {
        matches!(self, Self::Provider(OidcError::Unreachable(_)))
    }
}

/// Renews the session of `user`: refresh the tokens (storing a rotated refresh token before
/// anything else uses it), verify the ID token if the answer has one, re-read userinfo, and update
/// the user row. An ID token that does not verify is an error that ends nothing: the rotated
/// token is already stored, and the next refresh tries again.
#[tracing::instrument(skip_all, err)]
pub async fn refresh_session(
    provider: &Provider,
    vault: &Vault,
    store: &Arc<Store>,
    user: &User,
) -> Result<Refreshed, RefreshError> {
    let account = account_name(&user.issuer, &user.subject);
    if !issued_by(user, provider) {
        tracing::warn!(
            signed_in_with = %user.issuer,
            configured = %provider.issuer(),
            "the account service changed since the sign-in; ending the session on this computer"
        );
        let vault = vault.clone();
        blocking(move || vault.delete(&account)).await?;
        return Ok(Refreshed::OtherIssuer);
    }
    let stored = {
        let (vault, account) = (vault.clone(), account.clone());
        blocking(move || vault.load(&account)).await?
    };
    let Some(refresh) = stored else {
        return Ok(Refreshed::Ended);
    };
    let tokens = match provider.refresh(&refresh).await {
        Ok(tokens) => tokens,
        Err(OidcError::Revoked) => {
            let vault = vault.clone();
            blocking(move || vault.delete(&account)).await?;
            return Ok(Refreshed::Ended);
        }
        Err(err) => return Err(RefreshError::Provider(err)),
    };
    if let Some(rotated) = tokens.refresh {
        // The old token may already be dead at the provider: keep the new one before anything else,
        // trying a few times, since losing it would end the session at the next refresh.
        let (vault, account) = (vault.clone(), account.clone());
        blocking(move || {
            let mut attempt = 1;
            loop {
                match vault.store(&account, &rotated) {
                    Err(err) if attempt < STORE_ATTEMPTS => {
                        tracing::warn!(%err, attempt, "retrying to store the renewed token");
                        std::thread::sleep(STORE_RETRY_PAUSE);
                        attempt += 1;
                    }
                    result => return result,
                }
            }
        })
        .await?;
    }
    if let Some(id_token) = &tokens.id_token {
        (provider.verify_refreshed(id_token, &user.subject).await)
            .map_err(RefreshError::Provider)?;
    }
    // The grant was just accepted, so the session is good. A profile that cannot be read now is
    // read on the next refresh; it is no reason to end anything.
    let (user, profile) = match provider.userinfo(&tokens.access, &user.subject).await {
        Ok(profile) => {
            let new_user = new_user(provider.issuer(), profile);
            let (store, row) = (Arc::clone(store), new_user.clone());
            (
                blocking(move || store.upsert_user(&row, false)).await?,
                new_user,
            )
        }
        Err(err) => {
            tracing::warn!(%err, "refreshed, but could not re-read the profile");
            (user.clone(), NewUser::from(user))
        }
    };
    Ok(Refreshed::Online(Box::new(SignedIn {
        user: Some(user),
        profile,
        access: tokens.access,
    })))
}

/// What became of the refresh token at the provider when signing out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Revocation {
    /// The provider accepted the revocation: the token is dead there too.
    Revoked,
    /// There was no token in the keyring to revoke.
    NoToken,
    /// The provider offers no revocation endpoint: the token stays valid there until it expires.
    NotOffered,
    /// The provider could not be told (offline, an error, too slow): why. The token stays valid
    /// there until it expires, but no copy is left on this computer.
    Failed(String),
}

/// Signs `user` out: revoke the refresh token at the provider, then remove it from the keyring and
/// forget who is signed in. Entries stay.
///
/// `provider` is awaited only when there is a token to revoke, so the shell can hand over
/// discovery itself (the provider may not be known yet in this run). Finding the provider and
/// revoking share [`REVOCATION_BUDGET`]; whatever happens there, the local sign-out goes on, and
/// the answer says whether the provider was told.
#[tracing::instrument(skip_all, err)]
pub async fn sign_out<P, J>(
    provider: P,
    vault: &Vault,
    journals: &J,
    user: &User,
) -> Result<Revocation, RefreshError>
where
    P: Future<Output = Result<Arc<Provider>, String>>,
    J: Journals,
{
    let account = account_name(&user.issuer, &user.subject);
    let token = {
        let (vault, account) = (vault.clone(), account.clone());
        blocking(move || vault.load(&account)).await?
    };
    let revocation = match token {
        Some(token) => revoke(provider, user, &token).await,
        None => Revocation::NoToken,
    };
    if let Revocation::Failed(reason) = &revocation {
        tracing::warn!(%reason, "could not revoke the refresh token; removing it locally");
    }
    let (vault, journals) = (vault.clone(), journals.clone());
    blocking(move || {
        vault.delete(&account)?;
        journals.sign_out().map_err(RefreshError::Journal)?;
        Ok::<_, RefreshError>(())
    })
    .await?;
    Ok(revocation)
}

/// Finds the provider and revokes `user`'s `token` there, within [`REVOCATION_BUDGET`]. A provider
/// that did not issue the token is never sent it.
async fn revoke<P>(provider: P, user: &User, token: &Secret) -> Revocation
where
    P: Future<Output = Result<Arc<Provider>, String>>,
{
    let attempt = async {
        let provider = provider.await?;
        if !issued_by(user, &provider) {
            return Err(format!(
                "it was issued by {}, and Quire is now set up for {}",
                user.issuer,
                provider.issuer()
            ));
        }
        if !provider.offers_revocation() {
            return Ok(Revocation::NotOffered);
        }
        let revoked = provider.revoke(token).await;
        revoked
            .map(|()| Revocation::Revoked)
            .map_err(|err| revocation_failure(&err))
    };
    match tokio::time::timeout(REVOCATION_BUDGET, attempt).await {
        Ok(Ok(revocation)) => revocation,
        Ok(Err(reason)) => Revocation::Failed(reason),
        Err(_) => Revocation::Failed(format!(
            "the sign-in service did not answer within {} seconds",
            REVOCATION_BUDGET.as_secs()
        )),
    }
}

/// Why revocation failed, in the few words the sign-out notice repeats; the whole error (with its
/// URL and causes) goes to the log.
fn revocation_failure(err: &OidcError) -> String {
    tracing::warn!(%err, "the revocation request failed");
    match err {
        OidcError::Unreachable(detail) if detail.contains("timed out") => {
            "the account service did not answer in time".into()
        }
        OidcError::Unreachable(_) => "the account service could not be reached".into(),
        other => other.to_string(),
    }
}

/// True when `provider` issued `user`'s tokens: the issuer the user row was made with, as
/// configured now (a trailing slash aside).
fn issued_by(user: &User, provider: &Provider) -> bool {
    user.issuer.trim_end_matches('/') == provider.issuer().trim_end_matches('/')
}

fn new_user(issuer: &str, profile: Profile) -> NewUser {
    let display_name = profile.name.clone().or_else(|| {
        let parts: Vec<&str> = [
            profile.given_name.as_deref(),
            profile.family_name.as_deref(),
        ]
        .into_iter()
        .flatten()
        .collect();
        (!parts.is_empty()).then(|| parts.join(" "))
    });
    NewUser {
        issuer: issuer.to_owned(),
        subject: profile.subject,
        email: profile.email,
        display_name,
        given_name: profile.given_name,
        family_name: profile.family_name,
        picture: profile.picture,
    }
}

fn keyring_failure(err: &VaultError) -> SignInFailure {
    SignInFailure {
        step: Step::Keyring,
        reason: err.to_string(),
        unreachable: false,
    }
}

/// Runs keyring and SQLite work off the async threads: both block on I/O.
async fn blocking<T, E, F>(work: F) -> Result<T, E>
where
    F: FnOnce() -> Result<T, E> + Send + 'static,
    T: Send + 'static,
    E: Send + 'static,
{
    tokio::task::spawn_blocking(work)
        .await
        .unwrap_or_else(|join| std::panic::resume_unwind(join.into_panic()))
}
