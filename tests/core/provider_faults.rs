//! Sign-in and refresh against a provider that misbehaves (`support::fake_provider`): broken
//! discovery, a provider that is down, slow or redirecting, and refresh answers that must (or must
//! not) end the session. Each test checks both the error and what was left in the keyring and the
//! journal store. ID-token checks are in `id_tokens.rs`, sign-out in `sign_out_faults.rs`.

use std::time::{Duration, Instant};

use crate::support::fake_provider::{FakeProvider, Kind, Reply, CLIENT_ID};
use crate::support::fake_provider::{DISCOVERY, JWKS, TOKEN, USERINFO};
use crate::support::faults::{
    assert_is, assert_refresh_keeps_the_session, rotate, signed_in_world, world, OTHER_ISSUER,
};
use quire_core::auth::error::OidcError;
use quire_core::auth::flow::Refreshed;
use quire_core::auth::oidc::Provider;
use quire_core::auth::secret::Secret;
use serde_json::json;

/// Discovery against a fake changed by `change`.
async fn discover_with(change: impl FnOnce(&FakeProvider)) -> Result<Provider, OidcError> {
    let fake = FakeProvider::start().await;
    change(&fake);
    Provider::discover(fake.issuer(), CLIENT_ID).await
}

#[tokio::test]
async fn discovery_rejects_a_document_for_another_issuer() {
    for other in [OTHER_ISSUER, "http://127.0.0.1:1"] {
        let result = discover_with(|f| f.set(|b| b.discovery_issuer = Some(other.into()))).await;
        assert_is!(result, Err(OidcError::BadResponse(_)));
    }
}

#[tokio::test]
async fn discovery_rejects_server_errors_and_garbage() {
    for reply in [
        Reply::text(500, "text/html", "<h1>Internal Server Error</h1>"),
        Reply::json(503, json!({"error": "temporarily_unavailable"})),
        Reply::garbage(),
        Reply::text(200, "text/html", "<html>a login page</html>"),
    ] {
        let result = discover_with(|f| f.answer(DISCOVERY, reply.clone())).await;
        assert_is!(result, Err(OidcError::BadResponse(_)));
    }
    let result = discover_with(|f| f.answer(JWKS, Reply::garbage())).await;
    assert_is!(result, Err(OidcError::BadResponse(_)));
}

#[tokio::test]
async fn discovery_rejects_endpoints_that_are_not_https_or_the_loopback_issuers_own() {
    let fields = [
        ("authorization_endpoint", "file:///etc/passwd"),
        ("authorization_endpoint", "javascript:alert(1)"),
        ("token_endpoint", "http://id.example.test/token"),
        ("userinfo_endpoint", "http://127.0.0.1:1/userinfo"),
        ("revocation_endpoint", "http://localhost/revoke"),
    ];
    for (field, value) in fields {
        let result =
            discover_with(|f| f.set(|b| b.discovery_field = Some((field, value.into())))).await;
        let Err(OidcError::BadResponse(why)) = &result else {
            panic!("{field} = {value}: {result:?}");
        };
        assert!(why.contains(value), "{field}: {why}");
    }
    // The key set is fetched while the document is read, so one elsewhere fails there already.
    for value in ["ftp://id.example.test/jwks", "http://127.0.0.1:1/jwks"] {
        let result =
            discover_with(|f| f.set(|b| b.discovery_field = Some(("jwks_uri", value.into()))))
                .await;
        assert!(result.is_err(), "jwks_uri = {value}: {result:?}");
    }
    // The same origin as a loopback issuer is fine (every other test relies on it), and so is https
    // anywhere.
    let https = "https://id.example.test/authorize";
    let result = discover_with(|f| {
        f.set(|b| b.discovery_field = Some(("authorization_endpoint", https.into())))
    })
    .await;
    assert!(result.is_ok(), "{result:?}");
}

#[tokio::test]
async fn discovery_of_a_provider_that_is_down_is_unreachable() {
    let mut fake = FakeProvider::start().await;
    fake.stop().await;
    let started = Instant::now();
    let result = Provider::discover(fake.issuer(), CLIENT_ID).await;
    assert_is!(result, Err(OidcError::Unreachable(_)));
    let took = started.elapsed();
    assert!(took < Duration::from_secs(2), "took {took:?}");
}

#[tokio::test]
async fn discovery_of_a_provider_that_never_answers_times_out() {
    let started = Instant::now();
    let result = discover_with(|f| f.delay(DISCOVERY, Duration::from_secs(120))).await;
    let took = started.elapsed();
    let err = result.expect_err("discovery cannot succeed");
    assert_is!(&err, OidcError::Unreachable(_));
    assert!(err.to_string().contains("timed out"), "{err}");
    let limits = Duration::from_secs(14)..Duration::from_secs(20);
    assert!(limits.contains(&took), "took {took:?}");
}

#[tokio::test]
async fn a_slow_answer_within_the_limit_still_works() {
    let w = world().await;
    w.fake.delay(TOKEN, Duration::from_secs(1));
    w.fake.delay(USERINFO, Duration::from_secs(1));
    let started = Instant::now();
    let user = w.sign_in().await;
    assert!(started.elapsed() >= Duration::from_secs(2));
    assert_eq!(w.store.signed_in_user().unwrap(), Some(user));
}

#[tokio::test]
async fn a_redirecting_token_endpoint_is_not_followed() {
    let w = world().await;
    let elsewhere = FakeProvider::start().await;
    w.fake.answer(TOKEN, Reply::redirect(&elsewhere.url(TOKEN)));
    let exchanged = w.exchange(&w.authorize()).await;
    assert_is!(exchanged, Err(OidcError::BadResponse(_)));
    let refreshed = w
        .provider
        .refresh(&Secret::new(w.fake.first_refresh_token()))
        .await;
    assert_is!(refreshed, Err(OidcError::BadResponse(_)));
    assert_eq!(w.fake.requests_to(TOKEN).len(), 2);
    let followed = elsewhere.requests();
    assert!(
        followed.is_empty(),
        "the redirect was followed: {followed:?}"
    );
}

#[tokio::test]
async fn refresh_with_invalid_grant_ends_the_session_but_keeps_the_journal() {
    let (w, user, entry) = signed_in_world().await;
    let invalid_grant = Reply::json(400, json!({"error": "invalid_grant"}));
    w.fake.answer(TOKEN, invalid_grant);
    assert_is!(w.refresh(&user).await, Ok(Refreshed::Ended));
    assert_eq!(w.stored_token(&user), None);
    assert!(w.keyring_secrets().is_empty());
    assert_eq!(w.user_row(&user).as_ref(), Some(&user));
    let entry = w.store.get_entry(&user.id, &entry).unwrap();
    assert_eq!(entry.content, "Dear diary");
}

#[tokio::test]
async fn refresh_failures_other_than_invalid_grant_sign_nobody_out() {
    let (w, user, _) = signed_in_world().await;
    for reply in [
        Reply::text(500, "text/html", "<h1>Internal Server Error</h1>"),
        Reply::json(500, json!({"error": "server_error"})),
        Reply::json(401, json!({"error": "invalid_client"})),
        Reply::garbage(),
    ] {
        w.fake.answer(TOKEN, reply);
        assert_refresh_keeps_the_session(&w, &user, false).await;
    }
    let refreshes = w.fake.requests_to(TOKEN).into_iter();
    let refreshes = refreshes.filter(|r| r.form("grant_type").as_deref() == Some("refresh_token"));
    assert_eq!(refreshes.count(), 4);
}

#[tokio::test]
async fn refresh_while_the_provider_is_down_is_offline() {
    let (mut w, user, _) = signed_in_world().await;
    w.fake.stop().await;
    assert_refresh_keeps_the_session(&w, &user, true).await;
}

#[tokio::test]
async fn a_rotated_refresh_token_replaces_the_old_one() {
    let (w, user, _) = signed_in_world().await;
    w.fake.set(rotate);
    assert_is!(w.refresh(&user).await, Ok(Refreshed::Online(_)));
    let rotated = w.fake.issued_of(Kind::Refresh).pop().unwrap();
    assert_ne!(rotated, w.fake.first_refresh_token());
    assert_eq!(w.stored_token(&user), Some(rotated.clone()));
    assert_eq!(w.keyring_secrets(), [rotated.as_bytes()]);
    let sent = w.fake.requests_to(TOKEN).pop().unwrap();
    assert_eq!(
        sent.form("refresh_token").unwrap(),
        w.fake.first_refresh_token()
    );
}

/// Only a definite `invalid_grant` ends the session: a 401 from userinfo right after a successful
/// refresh keeps it, with the rotated token stored and the profile as it was.
#[tokio::test]
async fn a_userinfo_401_after_a_good_refresh_does_not_end_the_session() {
    let (w, user, _) = signed_in_world().await;
    w.fake.set(rotate);
    let unauthorized = Reply::json(401, json!({"error": "invalid_token"}));
    w.fake.answer(USERINFO, unauthorized);
    let refreshed = w.refresh(&user).await;
    assert_is!(refreshed, Ok(Refreshed::Online(_)));
    let rotated = w.fake.issued_of(Kind::Refresh).pop();
    assert_eq!(w.stored_token(&user), rotated);
}
