//! Sign-in and refresh against a provider that misbehaves (`support::fake_provider`): forged or
//! wrong ID tokens, broken discovery, a provider that is down, slow or redirecting, and refresh
//! answers that must (or must not) end the session. Each test checks both the error and what was
//! left in the keyring and the journal store.

mod support;

use std::sync::Arc;
use std::time::{Duration, Instant};

use keyring_core::mock;
use quire::auth::oidc::{Authorization, OidcError, Provider, Tokens};
use quire::auth::secret::Secret;
use quire::auth::session::{complete_sign_in, refresh_session, RefreshError, Refreshed, Step};
use quire::auth::vault::{account_name, Vault};
use quire::store::{Store, User};
use serde_json::json;
use support::fake_provider::{Behaviour, FakeProvider, Reply, CLIENT_ID, FIRST_REFRESH_TOKEN};
use support::fake_provider::{DISCOVERY, JWKS, TOKEN, USERINFO};
use tempfile::TempDir;
use url::Url;

/// Asserts that a value matches a pattern, and shows the value if not.
macro_rules! assert_is {
    ($value:expr, $pattern:pat) => {{
        let value = $value;
        assert!(matches!(value, $pattern), "{value:?}");
    }};
}

/// A fake provider, the app's view of it, an in-memory keyring and a journal store.
struct World {
    fake: FakeProvider,
    provider: Provider,
    keyring: Arc<mock::Store>,
    vault: Vault,
    store: Arc<Store>,
    _dir: TempDir,
}

async fn world() -> World {
    let fake = FakeProvider::start().await;
    let provider = Provider::discover(fake.issuer(), CLIENT_ID).await;
    let provider = provider.expect("discover the fake provider");
    let keyring = mock::Store::new().expect("mock keyring");
    let vault = Vault::with_store(keyring.clone(), "quire-provider-faults");
    let dir = tempfile::tempdir().expect("temp dir");
    let store = Arc::new(Store::open_in(&dir.path().join("data")).expect("open store"));
    World {
        fake,
        provider,
        keyring,
        vault,
        store,
        _dir: dir,
    }
}

impl World {
    /// Starts an authorization and tells the fake which nonce to put in the ID token.
    fn authorize(&self) -> Authorization {
        let redirect = Url::parse("http://127.0.0.1:9/oauth/callback").unwrap();
        let authorization = self.provider.authorize(&redirect).expect("authorize");
        let nonce = authorization.nonce.expose().to_owned();
        self.fake.set(|b| b.nonce = Some(nonce));
        authorization
    }

    async fn exchange(&self, authorization: &Authorization) -> Result<(Tokens, String), OidcError> {
        self.provider.exchange(&code(), authorization).await
    }

    async fn sign_in(&self) -> User {
        let (provider, vault, store) = (&self.provider, &self.vault, &self.store);
        let signed_in = complete_sign_in(provider, &self.authorize(), &code(), vault, store).await;
        signed_in.expect("sign in").user
    }

    async fn refresh(&self, user: &User) -> Result<Refreshed, RefreshError> {
        refresh_session(&self.provider, &self.vault, &self.store, user).await
    }

    /// Every secret in the keyring, whatever its name.
    fn keyring_secrets(&self) -> Vec<Vec<u8>> {
        let creds = self.keyring.inner.lock().unwrap();
        let secret = |cred: &Arc<mock::Cred>| cred.inner.lock().unwrap().borrow().secret.clone();
        let secrets = creds.borrow().iter().filter_map(secret).collect();
        secrets
    }

    fn stored_token(&self, user: &User) -> Option<String> {
        let token = self.vault.load(&account_name(&user.issuer, &user.subject));
        Some(token.expect("read the keyring")?.expose().to_owned())
    }

    fn user_row(&self, user: &User) -> Option<User> {
        self.store.find_user(&user.issuer, &user.subject).unwrap()
    }
}

const OTHER_ISSUER: &str = "https://id.example.test";
const ROTATED: &str = "rt-rotated";

fn rotate(b: &mut Behaviour) {
    b.rotated_refresh_token = Some(ROTATED.into());
}

fn code() -> Secret {
    Secret::new("code-from-the-redirect")
}

/// A signed-in person with one entry: the world, their user row and the entry's id.
async fn signed_in_world() -> (World, User, String) {
    let w = world().await;
    let user = w.sign_in().await;
    let entry = w.store.create_entry(&user.id).unwrap();
    let saved = w.store.save_entry(&user.id, &entry.id, "Dear diary");
    saved.expect("save an entry");
    assert_eq!(w.stored_token(&user).as_deref(), Some(FIRST_REFRESH_TOKEN));
    (w, user, entry.id)
}

#[tokio::test]
async fn a_valid_id_token_verifies_and_signs_in() {
    let w = world().await;
    let authorization = w.authorize();
    let (tokens, subject) = w.exchange(&authorization).await.expect("exchange");
    assert_eq!(subject, "ada");
    assert_eq!(tokens.refresh.unwrap().expose(), FIRST_REFRESH_TOKEN);
    let (sent, verifier) = (
        &w.fake.requests_to(TOKEN)[0],
        authorization.verifier.expose(),
    );
    assert_eq!(sent.form("code_verifier").as_deref(), Some(verifier));

    let user = w.sign_in().await;
    assert_eq!(user.email.as_deref(), Some("ada@example.test"));
    assert_eq!(w.store.signed_in_user().unwrap(), Some(user));
    assert_eq!(w.keyring_secrets(), [FIRST_REFRESH_TOKEN.as_bytes()]);
}

/// The ID token fails verification both alone and in a full sign-in, which stops at
/// `VerifyIdToken` and writes nothing.
async fn assert_id_token_refused(change: impl Fn(&mut Behaviour)) {
    let w = world().await;
    let authorization = w.authorize();
    w.fake.set(&change);
    let exchanged = w.exchange(&authorization).await;
    assert_is!(exchanged, Err(OidcError::InvalidIdToken(_)));

    let authorization = w.authorize();
    w.fake.set(&change);
    let failure = complete_sign_in(&w.provider, &authorization, &code(), &w.vault, &w.store).await;
    let failure = failure.expect_err("the sign-in must fail");
    assert_eq!(failure.step, Step::VerifyIdToken, "{failure}");
    assert!(!failure.unreachable);
    assert!(w.keyring_secrets().is_empty(), "the keyring was written");
    assert_eq!(w.store.signed_in_user().unwrap(), None);
    assert_eq!(w.store.find_user(w.fake.issuer(), "ada").unwrap(), None);
    let userinfo = w.fake.requests_to(USERINFO);
    assert!(
        userinfo.is_empty(),
        "userinfo was read for an unverified token"
    );
}

/// One test per way an ID token can be wrong.
macro_rules! id_token_refused {
    ($($name:ident: $b:ident => $change:expr;)*) => {$(
        #[tokio::test]
        async fn $name() {
            assert_id_token_refused(|$b: &mut Behaviour| $change).await;
        }
    )*};
}

id_token_refused! {
    an_id_token_signed_by_an_unpublished_key_is_refused: b => b.forged = true;
    an_id_token_with_a_flipped_signature_bit_is_refused: b => b.flip_signature = true;
    an_id_token_from_another_issuer_is_refused: b => b.token_issuer = Some(OTHER_ISSUER.into());
    an_id_token_for_another_client_is_refused: b => b.token_audience = Some("someone".into());
    an_id_token_with_another_nonce_is_refused: b => b.nonce = Some("a-replayed-nonce".into());
    an_expired_id_token_is_refused: b => b.expired = true;
}

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
    let refreshed = w.provider.refresh(&Secret::new(FIRST_REFRESH_TOKEN)).await;
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

/// A refresh that fails without ending anything: the token and the user row stay as they were.
async fn assert_refresh_keeps_the_session(w: &World, user: &User, offline: bool) {
    let err = w.refresh(user).await.unwrap_err();
    assert_eq!(err.is_offline(), offline, "{err:?}");
    assert_eq!(w.stored_token(user).as_deref(), Some(FIRST_REFRESH_TOKEN));
    assert_eq!(w.user_row(user).as_ref(), Some(user));
    assert_eq!(w.store.signed_in_user().unwrap().as_ref(), Some(user));
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
    assert_eq!(w.stored_token(&user).as_deref(), Some(ROTATED));
    assert_eq!(w.keyring_secrets(), [ROTATED.as_bytes()]);
    let sent = w.fake.requests_to(TOKEN).pop().unwrap();
    assert_eq!(sent.form("refresh_token").unwrap(), FIRST_REFRESH_TOKEN);
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
    assert_eq!(w.stored_token(&user).as_deref(), Some(ROTATED));
}
