//! Signing in against a real OpenID provider (`oidc-provider` on 127.0.0.1), with the real keyring
//! (the Secret Service that `scripts/with-test-session` starts) and a real SQLite file.

use std::io::Write;
use std::sync::{Arc, Mutex, OnceLock};

use crate::support::{deny_consent, sign_in_through_forms, Idp};
use quire_core::auth::callback::{read_callback, Callback, CallbackError};
use quire_core::auth::flow::{
    complete_sign_in, refresh_session, sign_out, Refreshed, Revocation, Step,
};
use quire_core::auth::oidc::Provider;
use quire_core::auth::secret::Secret;
use quire_core::auth::vault::{account_name, Vault};
use quire_core::keys::ContentKey;
use quire_core::store::Store;
use tempfile::TempDir;
use url::Url;

const REDIRECT: &str = "app.quire.journal:/oauth/callback";

/// Everything any test in this file logs, at every level, from every crate.
fn captured_logs() -> Arc<Mutex<Vec<u8>>> {
    static LOGS: OnceLock<Arc<Mutex<Vec<u8>>>> = OnceLock::new();
    LOGS.get_or_init(|| {
        let logs = Arc::new(Mutex::new(Vec::new()));
        let sink = Arc::clone(&logs);
        tracing_subscriber::fmt()
            .with_max_level(tracing::Level::TRACE)
            .with_writer(move || Sink(Arc::clone(&sink)))
            .init();
        logs
    })
    .clone()
}

struct Sink(Arc<Mutex<Vec<u8>>>);
impl Write for Sink {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

struct World {
    idp: Idp,
    provider: Provider,
    vault: Vault,
    store: Arc<Store>,
    dir: TempDir,
}

async fn world() -> World {
    captured_logs();
    let idp = Idp::start();
    let provider = Provider::discover(idp.issuer(), idp.client_id())
        .await
        .expect("discovery");
    let dir = tempfile::tempdir().unwrap();
    World {
        provider,
        vault: Vault::system(&format!("quire-test-{}", uuid::Uuid::now_v7())),
        store: Arc::new(Store::open_in(dir.path(), &ContentKey::generate()).unwrap()),
        dir,
        idp,
    }
}

/// The person signs in as `login` in the provider's pages; returns the checked code.
async fn code_for(w: &World, login: &str) -> (quire_core::auth::oidc::Authorization, Secret) {
    let authorization = w
        .provider
        .authorize(&Url::parse(REDIRECT).unwrap())
        .unwrap();
    let back = sign_in_through_forms(&authorization.url, login).await;
    match read_callback(
        &back,
        authorization.state.expose(),
        w.provider.issuer(),
        w.provider.requires_iss(),
    ) {
        Ok(Callback::Code(code)) => (authorization, code),
        other => panic!("expected a code, got {other:?}"),
    }
}

async fn signed_in(w: &World, login: &str) -> quire_core::store::User {
    let (authorization, code) = code_for(w, login).await;
    complete_sign_in(&w.provider, &authorization, &code, &w.vault, &w.store)
        .await
        .expect("sign-in completes")
        .user
        .expect("one journal for every account is never locked")
}

fn stored_token(w: &World, user: &quire_core::store::User) -> Option<String> {
    w.vault
        .load(&account_name(&user.issuer, &user.subject))
        .unwrap()
        .map(|s| s.expose().to_owned())
}

#[tokio::test(flavor = "multi_thread")]
async fn the_full_code_and_pkce_flow_creates_the_user_and_keeps_the_token_in_the_keyring_only() {
    let w = world().await;
    let authorization = w
        .provider
        .authorize(&Url::parse(REDIRECT).unwrap())
        .unwrap();
    let query: Vec<(String, String)> = authorization.url.query_pairs().into_owned().collect();
    let param = |k: &str| {
        query
            .iter()
            .find(|(key, _)| key == k)
            .map(|(_, v)| v.as_str())
    };
    assert_eq!(param("code_challenge_method"), Some("S256"));
    assert_eq!(param("prompt"), Some("login consent"));
    assert!(param("nonce").is_some() && param("state").is_some());
    assert!(param("scope").unwrap().contains("offline_access"));

    let (authorization, code) = code_for(&w, "ada").await;
    let done = complete_sign_in(&w.provider, &authorization, &code, &w.vault, &w.store)
        .await
        .expect("sign-in completes");
    let user = done.user.expect("the user row");
    assert_eq!(user.email.as_deref(), Some("ada@example.test"));
    assert_eq!(user.subject, "ada");
    assert_eq!(user.issuer, w.idp.issuer());
    assert!(user.last_sign_in_at.is_some() && user.last_synced_at.is_some());
    assert_eq!(w.store.signed_in_user().unwrap().unwrap().id, user.id);

    let token = stored_token(&w, &user).expect("the refresh token is in the keyring");
    assert!(token.len() > 16);
    for file in std::fs::read_dir(w.dir.path()).unwrap() {
        let bytes = std::fs::read(file.unwrap().path()).unwrap();
        assert!(
            !contains(&bytes, token.as_bytes()),
            "token found in the database files"
        );
    }
    let logs = captured_logs().lock().unwrap().clone();
    assert!(!logs.is_empty(), "the logs were captured");
    assert!(
        !contains(&logs, token.as_bytes()),
        "token found in the logs"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn the_system_browser_mode_signs_in_through_a_one_shot_loopback_listener() {
    let w = world().await;
    let loopback = quire_core::auth::loopback::Loopback::bind().await.unwrap();
    let redirect = loopback.redirect().clone();
    assert_eq!(redirect.host_str(), Some("127.0.0.1"));
    let authorization = w.provider.authorize(&redirect).unwrap();
    let state = authorization.state.clone();
    let waiting = tokio::spawn(async move { loopback.callback(&state).await });

    // The browser: sign in, then follow the provider's redirect to the listener.
    let back = sign_in_through_forms(&authorization.url, "ada").await;
    assert_eq!(back.port(), redirect.port());
    let page = crate::support::http_client()
        .get(back)
        .send()
        .await
        .unwrap();
    assert!(page
        .text()
        .await
        .unwrap()
        .contains("You can close this tab"));

    let url = waiting.await.unwrap().unwrap();
    let Ok(Callback::Code(code)) = read_callback(
        &url,
        authorization.state.expose(),
        w.provider.issuer(),
        w.provider.requires_iss(),
    ) else {
        panic!("the listener passed on the provider's answer");
    };
    let done = complete_sign_in(&w.provider, &authorization, &code, &w.vault, &w.store)
        .await
        .unwrap();
    let user = done.user.expect("the user row");
    assert_eq!(user.email.as_deref(), Some("ada@example.test"));
    let port = redirect.port().unwrap();
    assert!(
        tokio::net::TcpStream::connect(("127.0.0.1", port))
            .await
            .is_err(),
        "the listener stopped after its one answer"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_redirect_for_another_sign_in_or_from_another_issuer_is_refused() {
    let w = world().await;
    let authorization = w
        .provider
        .authorize(&Url::parse(REDIRECT).unwrap())
        .unwrap();
    let back = sign_in_through_forms(&authorization.url, "ada").await;
    assert_eq!(
        read_callback(&back, "some-other-state", w.provider.issuer(), false).unwrap_err(),
        CallbackError::StateMismatch
    );
    assert_eq!(
        read_callback(
            &back,
            authorization.state.expose(),
            "http://127.0.0.1:1",
            false
        )
        .unwrap_err(),
        CallbackError::IssuerMismatch
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_replayed_code_is_refused_at_the_exchange_and_writes_nothing() {
    let w = world().await;
    let (authorization, code) = code_for(&w, "ada").await;
    complete_sign_in(&w.provider, &authorization, &code, &w.vault, &w.store)
        .await
        .unwrap();
    w.store.clear_signed_in().unwrap();
    let failure = complete_sign_in(&w.provider, &authorization, &code, &w.vault, &w.store)
        .await
        .unwrap_err();
    assert_eq!(failure.step, Step::Exchange);
    assert!(w.store.signed_in_user().unwrap().is_none());
}

#[tokio::test(flavor = "multi_thread")]
async fn declining_consent_comes_back_as_access_denied() {
    let w = world().await;
    let authorization = w
        .provider
        .authorize(&Url::parse(REDIRECT).unwrap())
        .unwrap();
    let back = deny_consent(&authorization.url, "ada").await;
    match read_callback(
        &back,
        authorization.state.expose(),
        w.provider.issuer(),
        false,
    ) {
        Ok(Callback::Refused { error, .. }) => assert_eq!(error, "access_denied"),
        other => panic!("expected a refusal, got {other:?}"),
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn refresh_rotates_the_token_and_updates_the_profile() {
    let w = world().await;
    let user = signed_in(&w, "ada").await;
    let first = stored_token(&w, &user).unwrap();
    w.idp
        .set_profile(
            "ada",
            serde_json::json!({ "email": "ada@new.example.test", "name": "Ada L." }),
        )
        .await;

    let Refreshed::Online(fresh) = refresh_session(&w.provider, &w.vault, &w.store, &user)
        .await
        .unwrap()
    else {
        panic!("the session should still be valid");
    };
    let fresh = fresh.user.expect("a refresh always has the user row");
    assert_eq!(fresh.id, user.id);
    assert_eq!(fresh.email.as_deref(), Some("ada@new.example.test"));
    assert_eq!(fresh.display_name.as_deref(), Some("Ada L."));
    let second = stored_token(&w, &user).unwrap();
    assert_ne!(
        first, second,
        "the rotated token replaced the old one in the keyring"
    );

    // The next refresh uses the stored (rotated) token and still works.
    assert!(matches!(
        refresh_session(&w.provider, &w.vault, &w.store, &user)
            .await
            .unwrap(),
        Refreshed::Online(_)
    ));
}

#[tokio::test(flavor = "multi_thread")]
async fn revocation_ends_the_session_but_keeps_the_journal() {
    let w = world().await;
    let user = signed_in(&w, "ada").await;
    let entry = w
        .store
        .insert_entry(&user.id, 1, "kept through revocation")
        .unwrap();
    assert!(w.idp.revoke("ada").await >= 1);

    let outcome = refresh_session(&w.provider, &w.vault, &w.store, &user)
        .await
        .unwrap();
    assert!(matches!(outcome, Refreshed::Ended));
    assert_eq!(
        stored_token(&w, &user),
        None,
        "the dead token is gone from the keyring"
    );
    assert_eq!(
        w.store.get_entry(&user.id, &entry.id).unwrap().content,
        "kept through revocation"
    );

    // Signing in again as the same person lands on the same row, with the same entries.
    let again = signed_in(&w, "ada").await;
    assert_eq!(again.id, user.id);
    assert_eq!(
        w.store
            .list_entries(&again.id, &quire_core::store::EntryFilter::default(), 0, 10)
            .unwrap()
            .total,
        1
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_provider_that_is_down_never_signs_anyone_out() {
    let mut w = world().await;
    let user = signed_in(&w, "ada").await;
    let token = stored_token(&w, &user);
    w.idp.stop();
    let err = refresh_session(&w.provider, &w.vault, &w.store, &user)
        .await
        .unwrap_err();
    assert!(err.is_offline(), "{err}");
    assert_eq!(stored_token(&w, &user), token);
    assert_eq!(w.store.signed_in_user().unwrap().unwrap().id, user.id);
}

#[tokio::test(flavor = "multi_thread")]
async fn signing_out_revokes_at_the_provider_and_forgets_the_token() {
    let w = world().await;
    let user = signed_in(&w, "ada").await;
    let token = Secret::new(stored_token(&w, &user).unwrap());
    let provider = Arc::new(w.provider.clone());
    let revocation = sign_out(async { Ok(provider) }, &w.vault, &w.store, &user).await;
    assert_eq!(revocation.unwrap(), Revocation::Revoked);
    assert_eq!(stored_token(&w, &user), None);
    assert!(w.store.signed_in_user().unwrap().is_none());
    assert!(
        w.provider.refresh(&token).await.is_err(),
        "the provider no longer accepts the revoked token"
    );
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}
