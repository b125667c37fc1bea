//! Sign-in and refresh against a provider that misbehaves (`support::fake_provider`): forged or
//! wrong ID tokens, broken discovery, a provider that is down, slow or redirecting, and refresh
//! answers that must (or must not) end the session, signing keys that rotate, clocks that are off,
//! and sign-out when the provider cannot be told. Each test checks both the error and what was left
//! in the keyring and the journal store.

mod support;

use std::sync::Arc;
use std::time::{Duration, Instant};

use keyring_core::mock;
use quire::auth::oidc::{Authorization, OidcError, Provider, Tokens};
use quire::auth::secret::Secret;
use quire::auth::session::{complete_sign_in, refresh_session, sign_out, RefreshError, Refreshed};
use quire::auth::session::{Revocation, Step};
use quire::auth::vault::{account_name, Vault};
use quire::store::{Store, User};
use serde_json::json;
use support::fake_provider::{Behaviour, FakeProvider, Kind, Reply, CLIENT_ID};
use support::fake_provider::{DISCOVERY, JWKS, REVOKE, TOKEN, USERINFO};
use tempfile::TempDir;
use url::Url;

/// Asserts that a value matches a pattern, and shows the value if not.
macro_rules! assert_is {
    ($value:expr, $pattern:pat $(if $guard:expr)?) => {{
        let value = $value;
        assert!(matches!(value, $pattern $(if $guard)?), "{value:?}");
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

fn rotate(b: &mut Behaviour) {
    b.rotate_refresh_tokens = true;
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
    let first = w.fake.first_refresh_token();
    assert_eq!(w.stored_token(&user).as_deref(), Some(first));
    (w, user, entry.id)
}

#[tokio::test]
async fn a_valid_id_token_verifies_and_signs_in() {
    let w = world().await;
    let authorization = w.authorize();
    let (tokens, subject) = w.exchange(&authorization).await.expect("exchange");
    assert_eq!(subject, "ada");
    assert_eq!(
        tokens.refresh.unwrap().expose(),
        w.fake.first_refresh_token()
    );
    let (sent, verifier) = (
        &w.fake.requests_to(TOKEN)[0],
        authorization.verifier.expose(),
    );
    assert_eq!(sent.form("code_verifier").as_deref(), Some(verifier));

    let user = w.sign_in().await;
    assert_eq!(user.email.as_deref(), Some("ada@example.test"));
    assert_eq!(w.store.signed_in_user().unwrap(), Some(user));
    assert_eq!(
        w.keyring_secrets(),
        [w.fake.first_refresh_token().as_bytes()]
    );
}

/// The ID token fails verification both alone and in a full sign-in, which stops at
/// `VerifyIdToken` and writes nothing.
async fn assert_id_token_refused(change: impl Fn(&mut Behaviour)) {
    let w = world().await;
    let authorization = w.authorize();
    w.fake.set(&change);
    let exchanged = w.exchange(&authorization).await;
    assert_is!(
        exchanged,
        Err(OidcError::InvalidIdToken(_) | OidcError::Clock(_))
    );

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
    an_id_token_from_a_clock_an_hour_ahead_is_refused: b => b.skew = 3600;
    an_id_token_from_a_clock_twenty_minutes_behind_is_refused: b => b.skew = -1200;
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

/// A refresh that fails without ending anything: the token and the user row stay as they were.
async fn assert_refresh_keeps_the_session(w: &World, user: &User, offline: bool) {
    let err = w.refresh(user).await.unwrap_err();
    assert_eq!(err.is_offline(), offline, "{err:?}");
    let first = w.fake.first_refresh_token();
    assert_eq!(w.stored_token(user).as_deref(), Some(first));
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

/// How often the app fetched the fake's signing keys (discovery is the first time).
fn key_fetches(w: &World) -> usize {
    w.fake.requests_to(JWKS).len()
}

#[tokio::test]
async fn after_a_key_rotation_a_sign_in_fetches_the_keys_once_more_and_succeeds() {
    let w = world().await;
    assert_eq!(key_fetches(&w), 1, "discovery fetches the keys");
    w.fake.set(|b| b.rotated_key = true);
    let user = w.sign_in().await;
    assert_eq!(key_fetches(&w), 2, "one refetch for the new key");
    assert_eq!(w.store.signed_in_user().unwrap(), Some(user));
    w.sign_in().await;
    assert_eq!(key_fetches(&w), 2, "the new key is known now");
}

#[tokio::test]
async fn after_a_key_rotation_a_refresh_fetches_the_keys_once_more_and_succeeds() {
    let (w, user, _) = signed_in_world().await;
    w.fake.set(|b| b.rotated_key = true);
    assert_is!(w.refresh(&user).await, Ok(Refreshed::Online(_)));
    assert_eq!(key_fetches(&w), 2, "one refetch for the new key");
    assert_is!(w.refresh(&user).await, Ok(Refreshed::Online(_)));
    assert_eq!(key_fetches(&w), 2, "the new key is known now");
}

#[tokio::test]
async fn a_sign_in_signed_by_a_never_published_key_fails_clearly_after_one_refetch() {
    let w = world().await;
    let authorization = w.authorize();
    w.fake.set(|b| b.unpublished_key = true);
    let failure = complete_sign_in(&w.provider, &authorization, &code(), &w.vault, &w.store).await;
    let failure = failure.expect_err("the sign-in must fail");
    assert_eq!(failure.step, Step::VerifyIdToken, "{failure}");
    let text = failure.to_string();
    println!("{text}");
    for part in [
        "does not publish",
        "fake-key-never-published",
        "even after fetching",
    ] {
        assert!(text.contains(part), "{text}");
    }
    assert_eq!(key_fetches(&w), 2, "exactly one refetch");
    assert!(w.keyring_secrets().is_empty(), "the keyring was written");
}

/// A refresh whose ID token cannot be verified ends nothing: the rotated refresh token is stored
/// (the old one is dead at the provider), the person stays signed in, and a second such token
/// within a minute does not fetch the keys again.
#[tokio::test]
async fn a_refresh_signed_by_a_never_published_key_fails_after_one_refetch_and_ends_nothing() {
    let (w, user, _) = signed_in_world().await;
    w.fake.set(|b| {
        b.unpublished_key = true;
        rotate(b);
    });
    let err = w.refresh(&user).await.expect_err("the refresh must fail");
    assert_is!(&err, RefreshError::Provider(OidcError::InvalidIdToken(_)));
    assert!(!err.is_offline());
    let text = err.to_string();
    assert!(text.contains("fake-key-never-published"), "{text}");
    assert_eq!(key_fetches(&w), 2, "exactly one refetch");
    let rotated = w.fake.issued_of(Kind::Refresh).pop();
    assert_eq!(w.stored_token(&user), rotated);
    assert_eq!(w.store.signed_in_user().unwrap().as_ref(), Some(&user));

    let err = w
        .refresh(&user)
        .await
        .expect_err("the refresh must fail again");
    assert!(err.to_string().contains("fetched again less than"), "{err}");
    assert_eq!(key_fetches(&w), 2, "no second refetch within the pause");
    let rotated = w.fake.issued_of(Kind::Refresh).pop();
    assert_eq!(w.stored_token(&user), rotated);
}

/// Skews within the leeway (five minutes): the provider's clock four minutes ahead (`iat` and
/// `nbf` in the future), or fourteen minutes behind (the ten-minute token expired four minutes ago
/// by this computer's clock).
#[tokio::test]
async fn a_clock_a_few_minutes_off_still_signs_in_and_refreshes() {
    for skew in [240, -840] {
        let w = world().await;
        w.fake.set(|b| b.skew = skew);
        let user = w.sign_in().await;
        assert_is!(w.refresh(&user).await, Ok(Refreshed::Online(_)));
    }
}

/// Skews beyond the leeway: the error names the clock, and a refresh ends nothing.
#[tokio::test]
async fn a_clock_far_off_gives_an_error_that_says_to_check_it() {
    for skew in [3600, 420, -1200, -86_400] {
        let (w, user, _) = signed_in_world().await;
        w.fake.set(|b| b.skew = skew);
        let authorization = w.authorize();
        let failure =
            complete_sign_in(&w.provider, &authorization, &code(), &w.vault, &w.store).await;
        let failure = failure.expect_err("the sign-in must fail");
        assert_eq!(failure.step, Step::VerifyIdToken, "{failure}");
        let text = failure.to_string();
        println!("skew {skew} s: {text}");
        assert!(text.contains("this computer's clock says"), "{text}");
        assert!(text.contains("date, time and time zone"), "{text}");

        let err = w.refresh(&user).await.expect_err("the refresh must fail");
        assert_is!(&err, RefreshError::Provider(OidcError::Clock(_)));
        assert_refresh_keeps_the_session(&w, &user, false).await;
        assert_eq!(
            key_fetches(&w),
            1,
            "a time failure is no reason to fetch keys"
        );
    }
}

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
