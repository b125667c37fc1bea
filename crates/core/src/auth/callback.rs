//! Recognising and reading the provider's redirect back to the app.
//!
//! Every URL the sign-in window is about to load passes through [`match_redirect`]; it must never
//! panic and must accept only our exact redirect URI. [`read_callback`] then checks the answer
//! against the request that started it: the `state` must match, and an `iss` parameter (RFC 9207),
//! when present or required, must name the provider we asked.

use subtle::ConstantTimeEq;
use url::Url;

use super::secret::Secret;

/// What came back on the redirect, once checked.
#[derive(Debug)]
pub enum Callback {
    /// The person signed in; exchange this code.
    Code(Secret),
    /// The provider refused or the person declined, with the provider's words if it gave any.
    Refused {
        error: String,
        description: Option<String>,
    },
}

/// Why a redirect could not be accepted.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CallbackError {
    #[error("the answer did not belong to this sign-in (state mismatch)")]
    StateMismatch,
    #[error("the answer came from a different provider (iss mismatch)")]
    IssuerMismatch,
    #[error("the provider did not say who answered (missing iss)")]
    IssuerMissing,
    #[error("the answer had no authorization code")]
    MissingCode,
}

/// True when `candidate` is our redirect URI: same scheme, host, port and path. The query is ours
/// to read; anything else (a look-alike path, another port, userinfo tricks) is not the redirect.
pub fn match_redirect(candidate: &str, redirect: &Url) -> Option<Url> {
    let url = Url::parse(candidate).ok()?;
    let same = url.scheme() == redirect.scheme()
        && url.host_str() == redirect.host_str()
        && url.port_or_known_default() == redirect.port_or_known_default()
        && url.path() == redirect.path()
        && url.username().is_empty()
        && url.password().is_none();
    same.then_some(url)
}

/// Reads the redirect's query against what the request expects.
pub fn read_callback(
    url: &Url,
    expected_state: &str,
    issuer: &str,
    issuer_required: bool,
) -> Result<Callback, CallbackError> {
    let mut code = None;
    let mut state = None;
    let mut iss = None;
    let mut error = None;
    let mut description = None;
    for (key, value) in url.query_pairs() {
        // A repeated parameter is ambiguous; the first one wins and the rest are ignored.
        let slot = match key.as_ref() {
            "code" => &mut code,
            "state" => &mut state,
            "iss" => &mut iss,
            "error" => &mut error,
            "error_description" => &mut description,
            _ => continue,
        };
        if slot.is_none() {
            *slot = Some(value.into_owned());
        }
    }
    let state = state.as_deref().unwrap_or_default().as_bytes();
    if !bool::from(state.ct_eq(expected_state.as_bytes())) {
        return Err(CallbackError::StateMismatch);
    }
    match iss.as_deref() {
        Some(iss) if iss.trim_end_matches('/') != issuer.trim_end_matches('/') => {
            return Err(CallbackError::IssuerMismatch)
        }
        None if issuer_required => return Err(CallbackError::IssuerMissing),
        _ => {}
    }
    if let Some(error) = error {
        return Ok(Callback::Refused { error, description });
    }
    match code {
        Some(code) if !code.is_empty() => Ok(Callback::Code(Secret::new(code))),
        _ => Err(CallbackError::MissingCode),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn redirect() -> Url {
        Url::parse("app.quire.journal:/oauth/callback").unwrap()
    }

    #[test]
    fn only_the_exact_redirect_matches() {
        let r = redirect();
        assert!(match_redirect("app.quire.journal:/oauth/callback?code=a&state=b", &r).is_some());
        assert!(match_redirect("app.quire.journal:/oauth/callbackx?code=a", &r).is_none());
        assert!(match_redirect("https://evil.example/oauth/callback", &r).is_none());
        assert!(match_redirect("not a url", &r).is_none());
        let loopback = Url::parse("http://127.0.0.1:4312/oauth/callback").unwrap();
        assert!(match_redirect("http://127.0.0.1:4312/oauth/callback?x", &loopback).is_some());
        assert!(match_redirect("http://127.0.0.1:4313/oauth/callback?x", &loopback).is_none());
        assert!(match_redirect("http://u@127.0.0.1:4312/oauth/callback", &loopback).is_none());
    }

    #[test]
    fn state_and_issuer_are_checked() {
        let iss = "http://127.0.0.1:9000";
        let url = |q: &str| Url::parse(&format!("app.quire.journal:/oauth/callback?{q}")).unwrap();
        assert!(matches!(
            read_callback(
                &url("code=c&state=s&iss=http%3A%2F%2F127.0.0.1%3A9000"),
                "s",
                iss,
                true
            ),
            Ok(Callback::Code(_))
        ));
        assert_eq!(
            read_callback(&url("code=c&state=x"), "s", iss, false).unwrap_err(),
            CallbackError::StateMismatch
        );
        assert_eq!(
            read_callback(&url("code=c"), "s", iss, false).unwrap_err(),
            CallbackError::StateMismatch
        );
        assert_eq!(
            read_callback(
                &url("code=c&state=s&iss=http%3A%2F%2Fevil"),
                "s",
                iss,
                false
            )
            .unwrap_err(),
            CallbackError::IssuerMismatch
        );
        assert_eq!(
            read_callback(&url("code=c&state=s"), "s", iss, true).unwrap_err(),
            CallbackError::IssuerMissing
        );
        assert!(matches!(
            read_callback(&url("error=access_denied&state=s"), "s", iss, false),
            Ok(Callback::Refused { .. })
        ));
        assert_eq!(
            read_callback(&url("state=s"), "s", iss, false).unwrap_err(),
            CallbackError::MissingCode
        );
    }
}
