//! Checking ID tokens: the signature against the provider's published keys, the issuer, the
//! audience, the nonce or subject, and the time claims.
//!
//! Two things here go beyond what `openidconnect` does by itself:
//!
//! - **Key rotation.** The keys come with discovery and are kept for the run. A token signed with a
//!   key Quire does not have (an unknown `kid`, or a signature the known keys do not match) makes it
//!   fetch the key set again, once, and check again; a provider that keeps naming unknown keys gets
//!   at most one refetch per [`REFETCH_PAUSE`].
//! - **Clock leeway.** A computer whose clock is a few minutes off still signs in: `exp`, `iat` and
//!   `nbf` may be off by up to [`CLOCK_LEEWAY`]. Beyond that the error asks the person to check the
//!   computer's clock.

use std::str::FromStr;
use std::sync::{PoisonError, RwLock};
use std::time::{Duration, Instant};

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use chrono::{DateTime, Utc};
use openidconnect::core::{
    CoreIdToken, CoreIdTokenVerifier, CoreJsonWebKeySet, CoreJwsSigningAlgorithm,
};
use openidconnect::{
    ClaimsVerificationError, ClientId, IssuerUrl, JsonWebKeySetUrl, Nonce,
    SignatureVerificationError,
};

use super::error::{error_chain, OidcError};
use super::secret::Secret;

/// How far this computer's clock may be from the provider's before an ID token's times are refused.
/// Large enough for a clock that is a little off, small enough that an expired token stays expired.
pub const CLOCK_LEEWAY: Duration = Duration::from_secs(5 * 60);
/// Least time between two refetches of the key set: a provider (or an attacker) that keeps sending
/// tokens with unknown keys cannot make Quire fetch in a loop.
pub const REFETCH_PAUSE: Duration = Duration::from_secs(60);

/// What the token must show besides a good signature, issuer, audience and times.
#[derive(Debug, Clone, Copy)]
pub enum Expect<'a> {
    /// A sign-in: the nonce of the authorization request it answers.
    Nonce(&'a Secret),
    /// A refresh: the person already signed in (refreshed tokens carry no nonce).
    Subject(&'a str),
}

/// The provider's signing keys as last fetched, and what is needed to fetch and use them again.
#[derive(Debug)]
pub struct SigningKeys {
    url: JsonWebKeySetUrl,
    client_id: ClientId,
    issuer: IssuerUrl,
    algorithms: Vec<CoreJwsSigningAlgorithm>,
    set: RwLock<CoreJsonWebKeySet>,
    /// When the key set was last fetched again (not counting discovery); held while fetching, so
    /// tokens checked at the same time share one refetch.
    last_refetch: tokio::sync::Mutex<Option<Instant>>,
}

/// Why a check failed, sorted by what to do about it.
enum Failure {
    /// Not signed by a key Quire has: worth fetching the keys again.
    UnknownKey(String),
    /// `exp`, `iat` or `nbf` is outside the leeway.
    Time,
    Other(String),
}

impl SigningKeys {
    pub fn new(
        url: JsonWebKeySetUrl,
        client_id: ClientId,
        issuer: IssuerUrl,
        algorithms: Vec<CoreJwsSigningAlgorithm>,
        set: CoreJsonWebKeySet,
    ) -> Self {
        Self {
            url,
            client_id,
            issuer,
            algorithms,
            set: RwLock::new(set),
            last_refetch: tokio::sync::Mutex::new(None),
        }
    }

    /// Verifies the ID token `raw` and returns its subject. Fetches the key set again at most once.
    pub async fn verify(
        &self,
        raw: &Secret,
        expect: Expect<'_>,
        http: &reqwest::Client,
    ) -> Result<String, OidcError> {
        let token = CoreIdToken::from_str(raw.expose())
            .map_err(|err| OidcError::InvalidIdToken(format!("it is not a valid JWT: {err}")))?;
        match self.check(&token, raw, expect) {
            Err(Failure::UnknownKey(_)) => {}
            other => return other.map_err(|failure| failure.into_error(raw)),
        }
        let refetched = self.refetch(http).await?;
        self.check(&token, raw, expect)
            .map_err(|failure| match failure {
                Failure::UnknownKey(why) if refetched => OidcError::InvalidIdToken(format!(
                    "{why}, even after fetching the service's current keys again"
                )),
                Failure::UnknownKey(why) => OidcError::InvalidIdToken(format!(
                    "{why}; its keys were fetched again less than {} seconds ago",
                    REFETCH_PAUSE.as_secs()
                )),
                other => other.into_error(raw),
            })
    }

    /// One check against the keys held now.
    fn check(
        &self,
        token: &CoreIdToken,
        raw: &Secret,
        expect: Expect<'_>,
    ) -> Result<String, Failure> {
        let keys = self
            .set
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .clone();
        let verifier = CoreIdTokenVerifier::new_public_client(
            self.client_id.clone(),
            self.issuer.clone(),
            keys,
        )
        .set_allowed_algs(self.algorithms.clone())
        // `exp` is compared with "now"; a "now" earlier by the leeway accepts a token
        // that, by this computer's clock, expired up to that long ago.
        .set_time_fn(|| Utc::now() - leeway())
        .set_issue_time_verifier_fn(|issued| match issued > Utc::now() + leeway() {
            true => Err("issued in the future".into()),
            false => Ok(()),
        });
        let claims = match expect {
            Expect::Nonce(nonce) => token.claims(&verifier, &Nonce::new(nonce.expose().to_owned())),
            Expect::Subject(_) => token.claims(&verifier, |_: Option<&Nonce>| Ok(())),
        }
        .map_err(|err| Failure::from_claims_error(&err, raw))?;
        let subject = claims.subject().as_str();
        if let Expect::Subject(expected) = expect {
            if subject != expected {
                return Err(Failure::Other(
                    "it is about another person than the one signed in".into(),
                ));
            }
        }
        // `openidconnect` does not read `nbf`; the signature is checked, so the payload is trusted.
        if let Some(not_before) = Times::read(raw).not_before {
            if not_before > (Utc::now() + leeway()).timestamp() {
                return Err(Failure::Time);
            }
        }
        Ok(subject.to_owned())
    }

    /// Fetches the key set again unless that was done less than [`REFETCH_PAUSE`] ago. True when
    /// it fetched.
    async fn refetch(&self, http: &reqwest::Client) -> Result<bool, OidcError> {
        let mut last = self.last_refetch.lock().await;
        if last.is_some_and(|at| at.elapsed() < REFETCH_PAUSE) {
            tracing::info!(
                "an ID token names an unknown key; the keys were fetched again recently"
            );
            return Ok(false);
        }
        // Counted before the fetch: a failing fetch must not be retried in a loop either.
        *last = Some(Instant::now());
        tracing::info!("an ID token names an unknown key; fetching the provider's keys again");
        let set = CoreJsonWebKeySet::fetch_async(&self.url, http)
            .await
            .map_err(|err| {
                OidcError::InvalidIdToken(format!(
                    "it is signed with a key Quire does not know, and the service's current keys \
                     could not be fetched ({})",
                    error_chain(&err)
                ))
            })?;
        *self.set.write().unwrap_or_else(PoisonError::into_inner) = set;
        Ok(true)
    }
}

impl Failure {
    fn from_claims_error(err: &ClaimsVerificationError, raw: &Secret) -> Self {
        use SignatureVerificationError as S;
        match err {
            ClaimsVerificationError::SignatureVerification(S::NoMatchingKey) => {
                let kid = jwt_part(raw, 0)
                    .and_then(|header| header.get("kid")?.as_str().map(str::to_owned))
                    .unwrap_or_else(|| "none".into());
                Self::UnknownKey(format!(
                    "it is signed with a key the service does not publish (key id \"{kid}\")"
                ))
            }
            ClaimsVerificationError::SignatureVerification(S::CryptoError(_)) => {
                Self::UnknownKey("its signature does not match the service's published key".into())
            }
            ClaimsVerificationError::Expired(_) => Self::Time,
            other => Self::Other(other.to_string()),
        }
    }

    fn into_error(self, raw: &Secret) -> OidcError {
        match self {
            Self::UnknownKey(why) | Self::Other(why) => OidcError::InvalidIdToken(why),
            Self::Time => OidcError::Clock(Times::read(raw).describe()),
        }
    }
}

/// The time claims of a token, read without checking anything: for messages, and for `nbf` once
/// the signature has been checked.
#[derive(Debug, Default)]
struct Times {
    issued: Option<i64>,
    expires: Option<i64>,
    not_before: Option<i64>,
}

impl Times {
    fn read(raw: &Secret) -> Self {
        let Some(payload) = jwt_part(raw, 1) else {
            return Self::default();
        };
        let claim = |name: &str| payload.get(name).and_then(serde_json::Value::as_i64);
        Self {
            issued: claim("iat"),
            expires: claim("exp"),
            not_before: claim("nbf"),
        }
    }

    /// "valid from … until …, but this computer's clock says …".
    fn describe(&self) -> String {
        let from = self.not_before.max(self.issued);
        format!(
            "it is valid from {} until {}, but this computer's clock says {} (Quire allows {} \
             minutes of difference)",
            show(from),
            show(self.expires),
            show(Some(Utc::now().timestamp())),
            CLOCK_LEEWAY.as_secs() / 60
        )
    }
}

fn show(seconds: Option<i64>) -> String {
    seconds
        .and_then(|s| DateTime::<Utc>::from_timestamp(s, 0))
        .map(|t| t.format("%Y-%m-%d %H:%M:%S UTC").to_string())
        .unwrap_or_else(|| "an unknown time".into())
}

fn leeway() -> chrono::TimeDelta {
    chrono::TimeDelta::from_std(CLOCK_LEEWAY).expect("the leeway fits")
}

/// Part `index` of a compact JWS (0: header, 1: payload) as JSON.
fn jwt_part(raw: &Secret, index: usize) -> Option<serde_json::Value> {
    let part = raw.expose().split('.').nth(index)?;
    serde_json::from_slice(&URL_SAFE_NO_PAD.decode(part).ok()?).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn token(payload: serde_json::Value) -> Secret {
        let encode = |v: serde_json::Value| URL_SAFE_NO_PAD.encode(v.to_string());
        let header = serde_json::json!({"alg": "RS256", "kid": "k1"});
        Secret::new(format!("{}.{}.sig", encode(header), encode(payload)))
    }

    #[test]
    fn reads_the_time_claims_and_names_them_in_utc() {
        let raw = token(serde_json::json!({"iat": 0, "exp": 3600, "nbf": 60}));
        let times = Times::read(&raw);
        assert_eq!(
            (times.issued, times.expires, times.not_before),
            (Some(0), Some(3600), Some(60))
        );
        let text = times.describe();
        assert!(
            text.contains("from 1970-01-01 00:01:00 UTC until 1970-01-01 01:00:00 UTC"),
            "{text}"
        );
        assert!(text.contains("allows 5 minutes"), "{text}");
    }

    #[test]
    fn garbage_has_no_times() {
        let times = Times::read(&Secret::new("not a token"));
        assert!(times.issued.is_none() && times.expires.is_none());
        assert!(times.describe().contains("an unknown time"));
    }
}
