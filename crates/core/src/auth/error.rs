//! What can go wrong talking to the identity provider, sorted by what it means for the person:
//! the network is down, the provider misbehaved, or the grant is definitely gone. Shared by the
//! protocol client ([`super::oidc`]) and the ID-token checks ([`super::id_token`]).

/// What went wrong talking to the provider, by what it means.
#[derive(Debug, thiserror::Error)]
pub enum OidcError {
    /// No answer: offline, refused, timed out. Never a reason to sign anyone out.
    #[error("could not reach the sign-in service ({0})")]
    Unreachable(String),
    /// An answer that is wrong: a 5xx, garbage, a document for another issuer.
    #[error("the sign-in service gave an unusable answer ({0})")]
    BadResponse(String),
    /// The provider says the grant is gone (`invalid_grant`): the person must sign in again.
    #[error("the sign-in is no longer valid at the provider")]
    Revoked,
    /// The provider refused the request for another stated reason.
    #[error("the sign-in service refused: {0}")]
    Refused(String),
    /// The ID token failed verification: signature, issuer, audience, subject or nonce.
    #[error("the sign-in service's identity token did not verify ({0})")]
    InvalidIdToken(String),
    /// The ID token's times (`iat`, `exp`, `nbf`) are further from this computer's clock than the
    /// leeway allows: most often the computer's clock is wrong.
    #[error(
        "the sign-in service's identity token does not fit this computer's clock: {0}. Check \
         that this computer's date, time and time zone are right (setting them automatically is \
         best)"
    )]
    Clock(String),
    #[error("{0}")]
    Misconfigured(String),
}

/// The error and its causes on one line: reqwest puts "connection refused" three levels down.
pub fn error_chain(err: &(dyn std::error::Error + 'static)) -> String {
    let mut text = err.to_string();
    let mut source = err.source();
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}
