//! ID tokens from a provider that misbehaves (`support::fake_provider`): forged or wrong tokens,
//! signing keys that rotate or were never published, and clocks that are off. Each test checks both
//! the error and what was left in the keyring and the journal store.

use crate::support::fake_provider::{Behaviour, Kind, JWKS, TOKEN, USERINFO};
use crate::support::faults::{
    assert_is, assert_refresh_keeps_the_session, code, rotate, signed_in_world, world, World,
    OTHER_ISSUER,
};
use quire_core::auth::error::OidcError;
use quire_core::auth::flow::{complete_sign_in, RefreshError, Refreshed, Step};

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
    an_unsigned_id_token_with_alg_none_is_refused: b => b.unsigned = true;
    an_id_token_signed_with_hs256_keyed_by_the_public_key_is_refused: b => b.hmac_with_public_key = true;
    an_id_token_from_another_issuer_is_refused: b => b.token_issuer = Some(OTHER_ISSUER.into());
    an_id_token_for_another_client_is_refused: b => b.token_audience = Some("someone".into());
    an_id_token_with_another_nonce_is_refused: b => b.nonce = Some("a-replayed-nonce".into());
    an_expired_id_token_is_refused: b => b.expired = true;
    an_id_token_from_a_clock_an_hour_ahead_is_refused: b => b.skew = 3600;
    an_id_token_from_a_clock_twenty_minutes_behind_is_refused: b => b.skew = -1200;
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
