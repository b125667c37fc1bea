//! The world the provider fault tests run in (`provider_faults.rs`, `id_tokens.rs`,
//! `sign_out_faults.rs`): a [`FakeProvider`] the test scripts, the app's view of it, an
//! in-memory keyring and a journal store, with the steps and checks those tests share.

use std::sync::Arc;

use keyring_core::mock;
use quire_core::auth::error::OidcError;
use quire_core::auth::flow::{complete_sign_in, refresh_session, RefreshError, Refreshed};
use quire_core::auth::oidc::{Authorization, Provider, Tokens};
use quire_core::auth::secret::Secret;
use quire_core::auth::vault::{account_name, Vault};
use quire_core::keys::ContentKey;
use quire_core::store::{Store, User};
use tempfile::TempDir;
use url::Url;

use super::fake_provider::{Behaviour, FakeProvider, CLIENT_ID};

/// Asserts that a value matches a pattern, and shows the value if not.
macro_rules! assert_is {
    ($value:expr, $pattern:pat $(if $guard:expr)?) => {{
        let value = $value;
        assert!(matches!(value, $pattern $(if $guard)?), "{value:?}");
    }};
}
pub(crate) use assert_is;

/// A fake provider, the app's view of it, an in-memory keyring and a journal store.
pub struct World {
    pub fake: FakeProvider,
    pub provider: Provider,
    pub keyring: Arc<mock::Store>,
    pub vault: Vault,
    pub store: Arc<Store>,
    _dir: TempDir,
}

pub async fn world() -> World {
    let fake = FakeProvider::start().await;
    let provider = Provider::discover(fake.issuer(), CLIENT_ID).await;
    let provider = provider.expect("discover the fake provider");
    let keyring = mock::Store::new().expect("mock keyring");
    let vault = Vault::with_store(keyring.clone(), "quire-provider-faults");
    let dir = tempfile::tempdir().expect("temp dir");
    let data = dir.path().join("data");
    let store = Arc::new(Store::open_in(&data, &ContentKey::generate()).expect("open store"));
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
    pub fn authorize(&self) -> Authorization {
        let redirect = Url::parse("http://127.0.0.1:9/oauth/callback").unwrap();
        let authorization = self.provider.authorize(&redirect).expect("authorize");
        let nonce = authorization.nonce.expose().to_owned();
        self.fake.set(|b| b.nonce = Some(nonce));
        authorization
    }

    pub async fn exchange(
        &self,
        authorization: &Authorization,
    ) -> Result<(Tokens, String), OidcError> {
        self.provider.exchange(&code(), authorization).await
    }

    pub async fn sign_in(&self) -> User {
        let (provider, vault, store) = (&self.provider, &self.vault, &self.store);
        let signed_in = complete_sign_in(provider, &self.authorize(), &code(), vault, store).await;
        let user = signed_in.expect("sign in").user;
        user.expect("one journal for every account is never locked")
    }

    pub async fn refresh(&self, user: &User) -> Result<Refreshed, RefreshError> {
        refresh_session(&self.provider, &self.vault, &self.store, user).await
    }

    /// Every secret in the keyring, whatever its name.
    pub fn keyring_secrets(&self) -> Vec<Vec<u8>> {
        let creds = self.keyring.inner.lock().unwrap();
        let secret = |cred: &Arc<mock::Cred>| cred.inner.lock().unwrap().borrow().secret.clone();
        let secrets = creds.borrow().iter().filter_map(secret).collect();
        secrets
    }

    pub fn stored_token(&self, user: &User) -> Option<String> {
        let token = self.vault.load(&account_name(&user.issuer, &user.subject));
        Some(token.expect("read the keyring")?.expose().to_owned())
    }

    pub fn user_row(&self, user: &User) -> Option<User> {
        self.store.find_user(&user.issuer, &user.subject).unwrap()
    }
}

pub const OTHER_ISSUER: &str = "https://id.example.test";

pub fn rotate(b: &mut Behaviour) {
    b.rotate_refresh_tokens = true;
}

pub fn code() -> Secret {
    Secret::new("code-from-the-redirect")
}

/// A signed-in person with one entry: the world, their user row and the entry's id.
pub async fn signed_in_world() -> (World, User, String) {
    let w = world().await;
    let user = w.sign_in().await;
    let entry = w.store.create_entry(&user.id, None, None).unwrap();
    let saved = w.store.save_entry(&user.id, &entry.id, "Dear diary");
    saved.expect("save an entry");
    let first = w.fake.first_refresh_token();
    assert_eq!(w.stored_token(&user).as_deref(), Some(first));
    (w, user, entry.id)
}

/// A refresh that fails without ending anything: the token and the user row stay as they were.
pub async fn assert_refresh_keeps_the_session(w: &World, user: &User, offline: bool) {
    let err = w.refresh(user).await.unwrap_err();
    assert_eq!(err.is_offline(), offline, "{err:?}");
    let first = w.fake.first_refresh_token();
    assert_eq!(w.stored_token(user).as_deref(), Some(first));
    assert_eq!(w.user_row(user).as_ref(), Some(user));
    assert_eq!(w.store.signed_in_user().unwrap().as_ref(), Some(user));
}
