//! The journal's owner until sign-in exists: one local user, created on first launch.
//!
//! This is the single place that decides who the journal belongs to without an account. Sign-in
//! replaces it by upserting the signed-in person with [`crate::store::Store::upsert_user`] instead.

use crate::store::{NewUser, Store, StoreError, User};

/// The issuer recorded for the local user; no identity provider uses it.
pub const LOCAL_ISSUER: &str = "quire:local";

/// The local user, created if this is the first launch.
pub fn local_user(store: &Store) -> Result<User, StoreError> {
    store.upsert_user(
        &NewUser {
            issuer: LOCAL_ISSUER.into(),
            subject: "local".into(),
            display_name: Some("Local journal".into()),
            ..NewUser::default()
        },
        true,
    )
}
