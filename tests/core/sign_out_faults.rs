//! Signing out when the provider cannot be told (`support::fake_provider`): not discovered yet, down,
//! or a revocation endpoint that fails or never answers, or not the provider that issued the token.
//! The local sign-out always completes, and the result says whether the token was revoked at the
//! provider.

use std::sync::Arc;
use std::time::{Duration, Instant};

use crate::support::fake_provider::{FakeProvider, Reply, CLIENT_ID, DISCOVERY, REVOKE, TOKEN};
use crate::support::faults::{assert_is, signed_in_world, World};
use quire_core::auth::error::OidcError;
use quire_core::auth::flow::{refresh_session, sign_out, Refreshed, Revocation};
use quire_core::auth::oidc::Provider;
use quire_core::auth::vault::account_name;
use quire_core::store::User;
use serde_json::json;

/// Signs out with the provider already known.
async fn sign_out_known(w: &World, user: &User) -> Revocation {
    let provider = Arc::new(w.provider.clone());
    let signed_out = sign_out(async { Ok(provider) }, &w.vault, &w.store, user).await;
    signed_out.expect("the local sign-out must complete")
}

/// Signs out with the provider not discovered yet in this run.
async fn sign_out_unknown(w: &World, user: &User) -> Revocation {
    let issuer = w.fake.issuer().to_owned();
    let discover = async move {
        // As the shell says it (`shell::sign_in::unreached`).
        let provider = Provider::discover(&issuer, CLIENT_ID).await;
        provider.map(Arc::new).map_err(|err| match err {
            OidcError::Unreachable(_) => "the account service could not be reached".to_owned(),
            other => other.to_string(),
        })
    };
    let signed_out = sign_out(discover, &w.vault, &w.store, user).await;
    signed_out.expect("the local sign-out must complete")
}

/// Signed out on this computer: no token in the keyring, nobody signed in, the entry kept.
fn assert_signed_out_locally(w: &World, user: &User, entry: &str) {
    assert!(
        w.keyring_secrets().is_empty(),
        "the token is still in the keyring"
    );
    assert_eq!(w.store.signed_in_user().unwrap(), None);
    let entry = w.store.get_entry(&user.id, entry).unwrap();
    assert_eq!(entry.content, "Dear diary");
}

#[tokio::test]
async fn sign_out_discovers_a_provider_not_known_yet_and_revokes_there() {
    let (w, user, entry) = signed_in_world().await;
    let discoveries = w.fake.requests_to(DISCOVERY).len();
    assert_eq!(sign_out_unknown(&w, &user).await, Revocation::Revoked);
    assert_eq!(w.fake.requests_to(DISCOVERY).len(), discoveries + 1);
    let revocations = w.fake.requests_to(REVOKE);
    assert_eq!(revocations.len(), 1, "{revocations:?}");
    let revoked = revocations[0].form("token");
    assert_eq!(revoked.as_deref(), Some(w.fake.first_refresh_token()));
    assert_signed_out_locally(&w, &user, &entry);
}

#[tokio::test]
async fn sign_out_with_the_provider_down_completes_and_says_revocation_did_not_happen() {
    for known in [true, false] {
        let (mut w, user, entry) = signed_in_world().await;
        w.fake.stop().await;
        let revocation = match known {
            true => sign_out_known(&w, &user).await,
            false => sign_out_unknown(&w, &user).await,
        };
        println!("provider known: {known}: {revocation:?}");
        let Revocation::Failed(reason) = revocation else {
            panic!("revocation cannot have happened: {revocation:?}");
        };
        assert_eq!(reason, "the account service could not be reached");
        assert_signed_out_locally(&w, &user, &entry);
    }
}

#[tokio::test]
async fn sign_out_with_a_failing_or_silent_revocation_endpoint_completes_and_says_so() {
    let (w, user, entry) = signed_in_world().await;
    w.fake.answer(
        REVOKE,
        Reply::json(503, json!({"error": "temporarily_unavailable"})),
    );
    let revocation = sign_out_known(&w, &user).await;
    assert_is!(&revocation, Revocation::Failed(reason) if reason.contains("HTTP 503"));
    assert_signed_out_locally(&w, &user, &entry);

    let (w, user, entry) = signed_in_world().await;
    w.fake.delay(REVOKE, Duration::from_secs(120));
    let started = Instant::now();
    let revocation = sign_out_known(&w, &user).await;
    println!(
        "sign-out against a silent revocation endpoint took {:?}",
        started.elapsed()
    );
    assert_is!(&revocation, Revocation::Failed(reason) if reason.contains("did not answer in time"));
    assert_signed_out_locally(&w, &user, &entry);
}

#[tokio::test]
async fn sign_out_without_a_token_has_nothing_to_revoke() {
    let (w, user, entry) = signed_in_world().await;
    w.vault
        .delete(&account_name(&user.issuer, &user.subject))
        .unwrap();
    assert_eq!(sign_out_known(&w, &user).await, Revocation::NoToken);
    assert!(w.fake.requests_to(REVOKE).is_empty());
    assert_signed_out_locally(&w, &user, &entry);
}

/// A refresh token goes only back to the provider that issued it. With another provider configured
/// since the sign-in, neither a refresh nor a sign-out sends it anywhere: the session ends on this
/// computer, the token leaves the keyring, and the entries stay.
#[tokio::test]
async fn a_token_is_never_sent_to_a_provider_other_than_its_issuer() {
    let other = FakeProvider::start().await;
    let configured = Arc::new(Provider::discover(other.issuer(), CLIENT_ID).await.unwrap());

    let (w, user, entry) = signed_in_world().await;
    let refreshed = refresh_session(&configured, &w.vault, &w.store, &user).await;
    assert_is!(refreshed, Ok(Refreshed::OtherIssuer));
    assert!(
        w.keyring_secrets().is_empty(),
        "the token stays in the keyring"
    );
    assert_eq!(
        w.store.get_entry(&user.id, &entry).unwrap().content,
        "Dear diary"
    );

    let (w, user, entry) = signed_in_world().await;
    let provider = Arc::clone(&configured);
    let signed_out = sign_out(async { Ok(provider) }, &w.vault, &w.store, &user).await;
    let revocation = signed_out.expect("the local sign-out must complete");
    assert_is!(&revocation, Revocation::Failed(why) if why.contains(other.issuer()));
    assert_signed_out_locally(&w, &user, &entry);

    assert!(
        other.requests_to(TOKEN).is_empty(),
        "a token went to the other provider"
    );
    assert!(
        other.requests_to(REVOKE).is_empty(),
        "a token went to the other provider"
    );
    assert!(w.fake.requests_to(REVOKE).is_empty());
}
