//! Signing in with an OpenID Connect provider (Clerk or any other), keeping the refresh token in the
//! OS keyring, and keeping the session alive offline.
//!
//! No Tauri here: the shell opens windows and hands this module URLs. [`oidc`] talks to the provider,
//! [`callback`] checks the redirect, [`id_token`] the identity token, [`error`] sorts what went wrong, [`vault`] is the keyring,
//! [`loopback`] serves the system-browser redirect, and [`flow`] runs the sign-in, refresh and sign-out flows in order.

pub mod callback;
pub mod error;
pub mod flow;
pub mod id_token;
pub mod loopback;
pub mod oidc;
pub mod secret;
pub mod vault;

pub use vault::DEFAULT_SERVICE as DEFAULT_KEYRING_SERVICE;
