//! The test helpers of `support/` against the real local provider (`tests/idp/server.mjs`):
//! it starts, describes itself, signs a person in through its pages, issues and rotates refresh
//! tokens, and obeys its test controls.

use crate::support::browser::cancel_sign_in;
use crate::support::{deny_consent, http_client, sign_in_through_forms, Idp};
use serde_json::{json, Value};
use url::Url;

const REDIRECT_URI: &str = "app.quire.journal:/oauth/callback";
// RFC 7636, Appendix B (checked: BASE64URL(SHA-256(VERIFIER)) == CHALLENGE).
const VERIFIER: &str = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
const CHALLENGE: &str = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";

/// The authorization request Quire makes, built by hand.
fn authorize_url(idp: &Idp, state: &str) -> Url {
    authorize_request(idp, state, REDIRECT_URI, Some("consent"))
}

fn authorize_request(idp: &Idp, state: &str, redirect_uri: &str, prompt: Option<&str>) -> Url {
    let mut url = idp.url("/auth");
    url.query_pairs_mut()
        .append_pair("response_type", "code")
        .append_pair("client_id", idp.client_id())
        .append_pair("redirect_uri", redirect_uri)
        .append_pair("scope", "openid email profile offline_access")
        .append_pair("state", state)
        .append_pair("nonce", "nonce-1")
        .append_pair("code_challenge", CHALLENGE)
        .append_pair("code_challenge_method", "S256");
    if let Some(prompt) = prompt {
        url.query_pairs_mut().append_pair("prompt", prompt);
    }
    url
}

/// Asserts an OAuth error answer from the token endpoint.
fn assert_refused((status, answer): (u16, Value), error: &str) {
    assert_eq!(
        (status, answer["error"].as_str()),
        (400, Some(error)),
        "{answer}"
    );
}

fn query(url: &Url, key: &str) -> Option<String> {
    url.query_pairs()
        .find(|(k, _)| k == key)
        .map(|(_, v)| v.into_owned())
}

/// POSTs a form to the token endpoint; returns the status and the JSON answer.
async fn token_request(idp: &Idp, fields: &[(&str, &str)]) -> (u16, Value) {
    let response = http_client()
        .post(idp.url("/token"))
        .form(fields)
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    (
        status,
        serde_json::from_str(&response.text().await.unwrap()).unwrap(),
    )
}

async fn refresh(idp: &Idp, refresh_token: &str) -> (u16, Value) {
    let fields = [
        ("grant_type", "refresh_token"),
        ("refresh_token", refresh_token),
        ("client_id", idp.client_id()),
    ];
    token_request(idp, &fields).await
}

/// Redeems an authorization code with `verifier`; returns the status and the JSON answer.
async fn redeem(idp: &Idp, code: &str, verifier: &str) -> (u16, Value) {
    let fields = [
        ("grant_type", "authorization_code"),
        ("code", code),
        ("redirect_uri", REDIRECT_URI),
        ("client_id", idp.client_id()),
        ("code_verifier", verifier),
    ];
    token_request(idp, &fields).await
}

/// Signs `login` in through the pages and redeems the code; returns the token response.
async fn sign_in(idp: &Idp, login: &str) -> Value {
    let callback = sign_in_through_forms(&authorize_url(idp, "state-1"), login).await;
    let (status, tokens) = redeem(idp, &query(&callback, "code").expect("a code"), VERIFIER).await;
    assert_eq!(status, 200, "{tokens}");
    tokens
}

async fn userinfo(idp: &Idp, access_token: &str) -> Value {
    let response = http_client()
        .get(idp.url("/me"))
        .header("authorization", format!("Bearer {access_token}"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    serde_json::from_str(&response.text().await.unwrap()).unwrap()
}

#[tokio::test]
async fn discovery_names_the_issuer_and_its_endpoints() {
    let idp = Idp::start();
    assert!(
        idp.issuer().starts_with("http://127.0.0.1:"),
        "{}",
        idp.issuer()
    );
    assert_eq!(idp.issuer(), format!("http://127.0.0.1:{}", idp.port()));
    let response = http_client()
        .get(idp.url("/.well-known/openid-configuration"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let doc: Value = serde_json::from_str(&response.text().await.unwrap()).unwrap();
    assert_eq!(doc["issuer"], idp.issuer());
    for (key, path) in [
        ("authorization_endpoint", "/auth"),
        ("token_endpoint", "/token"),
        ("userinfo_endpoint", "/me"),
        ("revocation_endpoint", "/token/revocation"),
        ("jwks_uri", "/jwks"),
    ] {
        assert_eq!(doc[key], format!("{}{path}", idp.issuer()), "{key}");
    }
    assert_eq!(doc["code_challenge_methods_supported"], json!(["S256"]));
    let health = http_client()
        .get(idp.url("/_test/health"))
        .send()
        .await
        .unwrap();
    assert_eq!(health.status(), 200);
}

#[tokio::test]
async fn signing_in_through_the_pages_yields_a_code_and_a_refresh_token() {
    let idp = Idp::start();
    let callback = sign_in_through_forms(&authorize_url(&idp, "state-42"), "demo").await;
    assert_eq!(callback.scheme(), "app.quire.journal", "{callback}");
    assert_eq!(callback.path(), "/oauth/callback");
    assert!(query(&callback, "code").is_some(), "{callback}");
    assert_eq!(query(&callback, "state").as_deref(), Some("state-42"));
    assert_eq!(query(&callback, "iss").as_deref(), Some(idp.issuer()));

    let code = query(&callback, "code").unwrap();
    let (status, tokens) = redeem(&idp, &code, VERIFIER).await;
    assert_eq!(status, 200, "{tokens}");
    assert!(tokens["refresh_token"].is_string(), "{tokens}");
    assert!(tokens["id_token"].is_string(), "{tokens}");
    assert_eq!(tokens["token_type"], "Bearer");

    let info = userinfo(&idp, tokens["access_token"].as_str().unwrap()).await;
    assert_eq!(info["sub"], "demo");
    assert_eq!(info["email"], "demo@example.test");
    assert_eq!(info["email_verified"], true);
    assert_eq!(info["name"], "Demo User");

    // A code is good once.
    assert_refused(redeem(&idp, &code, VERIFIER).await, "invalid_grant");
}

#[tokio::test]
async fn a_loopback_redirect_uri_matches_on_any_port() {
    let idp = Idp::start();
    let redirect = "http://127.0.0.1:49321/oauth/callback";
    let url = authorize_request(&idp, "s-loop", redirect, Some("consent"));
    let callback = sign_in_through_forms(&url, "demo").await;
    assert_eq!(
        callback.as_str().split('?').next(),
        Some(redirect),
        "{callback}"
    );
    assert!(query(&callback, "code").is_some(), "{callback}");
}

#[tokio::test]
async fn without_prompt_consent_offline_access_is_dropped() {
    let idp = Idp::start();
    let url = authorize_request(&idp, "s-no-consent", REDIRECT_URI, None);
    let callback = sign_in_through_forms(&url, "demo").await;
    let code = query(&callback, "code").expect("a code");
    let (status, tokens) = redeem(&idp, &code, VERIFIER).await;
    assert_eq!(status, 200, "{tokens}");
    assert!(tokens.get("refresh_token").is_none(), "{tokens}");
    assert!(
        !tokens["scope"].as_str().unwrap().contains("offline_access"),
        "{tokens}"
    );
}

#[tokio::test]
async fn a_wrong_code_verifier_is_refused() {
    let idp = Idp::start();
    let callback = sign_in_through_forms(&authorize_url(&idp, "s"), "demo").await;
    let code = query(&callback, "code").unwrap();
    let wrong = "x".repeat(43);
    assert_refused(redeem(&idp, &code, &wrong).await, "invalid_grant");
}

#[tokio::test]
async fn refresh_tokens_rotate_and_a_replay_revokes_the_grant() {
    let idp = Idp::start();
    let first = sign_in(&idp, "rotate").await["refresh_token"]
        .as_str()
        .unwrap()
        .to_owned();
    let (status, rotated) = refresh(&idp, &first).await;
    assert_eq!(status, 200, "{rotated}");
    let second = rotated["refresh_token"].as_str().unwrap().to_owned();
    assert_ne!(first, second);
    // Replaying the old one fails, and takes the new one down with the grant.
    assert_refused(refresh(&idp, &first).await, "invalid_grant");
    assert_refused(refresh(&idp, &second).await, "invalid_grant");
}

#[tokio::test]
async fn revoke_makes_the_refresh_token_fail() {
    let idp = Idp::start();
    let tokens = sign_in(&idp, "alice").await;
    let other = sign_in(&idp, "bob").await;
    assert_eq!(idp.revoke("alice").await, 1);
    let revoked = tokens["refresh_token"].as_str().unwrap();
    assert_refused(refresh(&idp, revoked).await, "invalid_grant");
    // Its access token goes too.
    let response = http_client()
        .get(idp.url("/me"))
        .header(
            "authorization",
            format!("Bearer {}", tokens["access_token"].as_str().unwrap()),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 401);
    // Other accounts keep theirs.
    let (status, answer) = refresh(&idp, other["refresh_token"].as_str().unwrap()).await;
    assert_eq!(status, 200, "{answer}");
    assert_eq!(idp.revoke("nobody").await, 0);
}

#[tokio::test]
async fn set_profile_changes_what_userinfo_says() {
    let idp = Idp::start();
    let tokens = sign_in(&idp, "demo").await;
    let access = tokens["access_token"].as_str().unwrap();
    let profile = json!({ "email": "renamed@example.test", "given_name": "Ren", "family_name": "Amed", "name": "Ren Amed" });
    idp.set_profile("demo", profile).await;
    let info = userinfo(&idp, access).await;
    assert_eq!(info["email"], "renamed@example.test");
    assert_eq!(info["name"], "Ren Amed");
    assert_eq!(info["given_name"], "Ren");
}

#[tokio::test]
async fn denying_or_cancelling_returns_access_denied() {
    let idp = Idp::start();
    let denied = deny_consent(&authorize_url(&idp, "s-deny"), "demo").await;
    assert_eq!(
        query(&denied, "error").as_deref(),
        Some("access_denied"),
        "{denied}"
    );
    assert_eq!(query(&denied, "state").as_deref(), Some("s-deny"));
    assert!(query(&denied, "code").is_none());
    let cancelled = cancel_sign_in(&authorize_url(&idp, "s-cancel")).await;
    assert_eq!(
        query(&cancelled, "error").as_deref(),
        Some("access_denied"),
        "{cancelled}"
    );
    assert_eq!(query(&cancelled, "state").as_deref(), Some("s-cancel"));
}

#[tokio::test]
async fn restart_keeps_the_issuer_and_loses_the_grants() {
    let mut idp = Idp::start();
    let (issuer, port) = (idp.issuer().to_owned(), idp.port());
    let tokens = sign_in(&idp, "demo").await;
    idp.restart();
    assert_eq!((idp.issuer(), idp.port()), (issuer.as_str(), port));
    let old = tokens["refresh_token"].as_str().unwrap();
    assert_refused(refresh(&idp, old).await, "invalid_grant");
    // And it signs people in again.
    assert!(sign_in(&idp, "demo").await["refresh_token"].is_string());
    idp.stop();
    assert!(http_client()
        .get(idp.url("/_test/health"))
        .send()
        .await
        .is_err());
}
