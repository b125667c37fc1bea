//! The OpenID Connect client: discovery, the authorization request, the code exchange with ID token
//! verification, userinfo, refresh and revocation. `openidconnect` does the protocol work (PKCE,
//! JWT and JWKS checks); this module chooses the settings and sorts failures by what they mean for
//! the person: the network is down, the provider misbehaved, or the grant is definitely gone.

use std::time::Duration;

use openidconnect::core::{
    CoreAuthDisplay, CoreAuthPrompt, CoreAuthenticationFlow, CoreClaimName, CoreClaimType,
    CoreClient, CoreClientAuthMethod, CoreErrorResponseType, CoreGrantType, CoreJsonWebKey,
    CoreJweContentEncryptionAlgorithm, CoreJweKeyManagementAlgorithm, CoreResponseMode,
    CoreResponseType, CoreSubjectIdentifierType, CoreTokenResponse, CoreUserInfoClaims,
};
use openidconnect::{
    AccessToken, AdditionalProviderMetadata, AuthorizationCode, ClientId, CsrfToken,
    EndpointMaybeSet, EndpointNotSet, EndpointSet, IssuerUrl, Nonce, OAuth2TokenResponse,
    PkceCodeChallenge, PkceCodeVerifier, ProviderMetadata, RedirectUrl, RefreshToken,
    RequestTokenError, RevocationUrl, Scope, TokenResponse,
};
use serde::{Deserialize, Serialize};
use url::Url;

use super::error::{error_chain, OidcError};
use super::id_token::{Expect, SigningKeys};
use super::secret::Secret;

/// Connection and whole-request limits for every call to the provider: a slow provider makes the
/// app say so, never hang.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);
const REQUEST_TIMEOUT: Duration = Duration::from_secs(15);
/// Scopes asked for: `offline_access` is what earns a refresh token, and so offline use.
const SCOPES: [&str; 3] = ["email", "profile", "offline_access"];

/// Discovery fields beyond the core set that Quire uses.
#[derive(Clone, Debug, Default, Deserialize, Serialize)]
pub struct ExtraMetadata {
    revocation_endpoint: Option<String>,
    /// RFC 9207: when true, every authorization response must carry `iss`.
    #[serde(default)]
    authorization_response_iss_parameter_supported: bool,
}
impl AdditionalProviderMetadata for ExtraMetadata {}

type Metadata = ProviderMetadata<
    ExtraMetadata,
    CoreAuthDisplay,
    CoreClientAuthMethod,
    CoreClaimName,
    CoreClaimType,
    CoreGrantType,
    CoreJweContentEncryptionAlgorithm,
    CoreJweKeyManagementAlgorithm,
    CoreJsonWebKey,
    CoreResponseMode,
    CoreResponseType,
    CoreSubjectIdentifierType,
>;

type Client = CoreClient<
    EndpointSet,
    EndpointNotSet,
    EndpointNotSet,
    EndpointNotSet,
    EndpointMaybeSet,
    EndpointMaybeSet,
>;

/// Who the provider says the person is.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Profile {
    pub subject: String,
    pub email: Option<String>,
    pub name: Option<String>,
    pub given_name: Option<String>,
    pub family_name: Option<String>,
    pub picture: Option<String>,
}

/// Tokens from an exchange or a refresh. The access token stays in memory; the refresh token goes
/// to the keyring.
#[derive(Debug)]
pub struct Tokens {
    pub access: Secret,
    pub refresh: Option<Secret>,
    /// The ID token as sent, not yet verified (a refresh may carry one; see
    /// [`Provider::verify_refreshed`]).
    pub id_token: Option<Secret>,
}

/// An authorization request in flight: what the redirect must match and what the exchange needs.
#[derive(Debug)]
pub struct Authorization {
    pub url: Url,
    pub state: Secret,
    pub nonce: Secret,
    pub verifier: Secret,
    pub redirect: Url,
}

/// A discovered provider, ready for requests.
#[derive(Debug, Clone)]
pub struct Provider {
    client: Client,
    http: reqwest::Client,
    issuer: String,
    revocation: Option<RevocationUrl>,
    requires_iss: bool,
    /// Shared by clones: a refetch after a key rotation serves every copy of the provider.
    keys: std::sync::Arc<SigningKeys>,
}

/// True for a plain-http URL on this computer, the one place a provider may go without https (the
/// local provider of the tests and the demo).
pub fn is_loopback_http(url: &Url) -> bool {
    url.scheme() == "http" && matches!(url.host_str(), Some("127.0.0.1" | "localhost" | "[::1]"))
}

/// Every endpoint the discovery document names must be https, or on a loopback issuer's own
/// origin. Tokens are sent to these addresses and the authorization URL is handed to the system's
/// opener, so a document that points elsewhere (plain http, `file:`, another scheme) is refused
/// before anything is sent or opened.
fn check_endpoints(metadata: &Metadata) -> Result<(), OidcError> {
    let issuer = Url::parse(metadata.issuer().as_str())
        .map_err(|err| OidcError::BadResponse(format!("its issuer is not a URL: {err}")))?;
    let revocation = metadata
        .additional_metadata()
        .revocation_endpoint
        .as_deref();
    let revocation = revocation
        .map(Url::parse)
        .transpose()
        .map_err(|err| OidcError::BadResponse(format!("bad revocation endpoint: {err}")))?;
    let endpoints = [
        (
            "authorization endpoint",
            Some(metadata.authorization_endpoint().url()),
        ),
        ("token endpoint", metadata.token_endpoint().map(|u| u.url())),
        (
            "userinfo endpoint",
            metadata.userinfo_endpoint().map(|u| u.url()),
        ),
        ("key set", Some(metadata.jwks_uri().url())),
        ("revocation endpoint", revocation.as_ref()),
    ];
    for (name, endpoint) in endpoints {
        let Some(endpoint) = endpoint else { continue };
        let local = is_loopback_http(&issuer) && endpoint.origin() == issuer.origin();
        if endpoint.scheme() != "https" && !local {
            return Err(OidcError::BadResponse(format!(
                "its {name} is not an https address: {endpoint}"
            )));
        }
    }
    Ok(())
}

/// The HTTP client for provider calls: no redirects (a token request that is redirected is an
/// attack or a misconfiguration, never something to follow) and firm timeouts.
pub fn http_client() -> Result<reqwest::Client, OidcError> {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .connect_timeout(CONNECT_TIMEOUT)
        .timeout(REQUEST_TIMEOUT)
        .build()
        .map_err(|err| OidcError::Misconfigured(format!("could not start the HTTP client: {err}")))
}

impl Provider {
    /// Fetches the discovery document and the signing keys. The document's issuer must equal
    /// `issuer` exactly.
    #[tracing::instrument(skip_all, fields(issuer), err)]
    pub async fn discover(issuer: &str, client_id: &str) -> Result<Self, OidcError> {
        let http = http_client()?;
        let issuer_url = IssuerUrl::new(issuer.to_owned())
            .map_err(|err| OidcError::Misconfigured(format!("the issuer URL is invalid: {err}")))?;
        let metadata = Metadata::discover_async(issuer_url, &http)
            .await
            .map_err(|err| classify_discovery(&err))?;
        check_endpoints(&metadata)?;
        let extra = metadata.additional_metadata().clone();
        let client_id = ClientId::new(client_id.to_owned());
        let keys = SigningKeys::new(
            metadata.jwks_uri().clone(),
            client_id.clone(),
            metadata.issuer().clone(),
            metadata.id_token_signing_alg_values_supported().clone(),
            metadata.jwks().clone(),
        );
        let revocation = extra
            .revocation_endpoint
            .map(RevocationUrl::new)
            .transpose()
            .map_err(|err| OidcError::BadResponse(format!("bad revocation endpoint: {err}")))?;
        let client = CoreClient::from_provider_metadata(metadata, client_id, None);
        Ok(Self {
            client,
            http,
            issuer: issuer.to_owned(),
            revocation,
            requires_iss: extra.authorization_response_iss_parameter_supported,
            keys: std::sync::Arc::new(keys),
        })
    }

    pub fn issuer(&self) -> &str {
        &self.issuer
    }

    /// True when the provider promised to put `iss` on every authorization response.
    pub fn requires_iss(&self) -> bool {
        self.requires_iss
    }

    /// Builds the authorization URL with PKCE (S256), state and nonce, asking the provider for a
    /// fresh login and for consent.
    pub fn authorize(&self, redirect: &Url) -> Result<Authorization, OidcError> {
        let redirect_url = RedirectUrl::from_url(redirect.clone());
        let (challenge, verifier) = PkceCodeChallenge::new_random_sha256();
        let mut request = self
            .client
            .authorize_url(
                CoreAuthenticationFlow::AuthorizationCode,
                CsrfToken::new_random,
                Nonce::new_random,
            )
            .set_redirect_uri(std::borrow::Cow::Owned(redirect_url))
            .set_pkce_challenge(challenge)
            // Whoever signs in proves who they are, even if the provider remembers a session from
            // an earlier sign-in on this computer (a person who signed out, or whose session ended):
            // signing in is rare, and it decides whose journal opens.
            .add_prompt(CoreAuthPrompt::Login)
            // Many providers issue a refresh token for `offline_access` only after explicit consent.
            .add_prompt(CoreAuthPrompt::Consent);
        for scope in SCOPES {
            request = request.add_scope(Scope::new(scope.to_owned()));
        }
        let (url, state, nonce) = request.url();
        Ok(Authorization {
            url,
            state: Secret::new(state.secret().clone()),
            nonce: Secret::new(nonce.secret().clone()),
            verifier: Secret::new(verifier.secret().clone()),
            redirect: redirect.clone(),
        })
    }

    /// Exchanges the code, then verifies the ID token (signature against the provider's keys,
    /// fetched again once if it names an unknown key; issuer, audience, times with leeway, nonce).
    /// Returns the tokens and the verified subject.
    #[tracing::instrument(skip_all, err)]
    pub async fn exchange(
        &self,
        code: &Secret,
        authorization: &Authorization,
    ) -> Result<(Tokens, String), OidcError> {
        let response = self
            .client
            .exchange_code(AuthorizationCode::new(code.expose().to_owned()))
            .map_err(|err| OidcError::Misconfigured(err.to_string()))?
            .set_pkce_verifier(PkceCodeVerifier::new(
                authorization.verifier.expose().to_owned(),
            ))
            .set_redirect_uri(std::borrow::Cow::Owned(RedirectUrl::from_url(
                authorization.redirect.clone(),
            )))
            .request_async(&self.http)
            .await
            .map_err(|err| classify_token_error(&err))?;
        let tokens = tokens(&response);
        let id_token = (tokens.id_token.as_ref())
            .ok_or_else(|| OidcError::InvalidIdToken("the provider sent no ID token".into()))?;
        let expect = Expect::Nonce(&authorization.nonce);
        let subject = self.keys.verify(id_token, expect, &self.http).await?;
        Ok((tokens, subject))
    }

    /// Verifies the ID token a refresh returned: the same checks as at sign-in, with the signed-in
    /// person's `subject` in place of the nonce (OpenID Connect Core 12.2).
    #[tracing::instrument(skip_all, err)]
    pub async fn verify_refreshed(
        &self,
        id_token: &Secret,
        subject: &str,
    ) -> Result<(), OidcError> {
        let expect = Expect::Subject(subject);
        self.keys
            .verify(id_token, expect, &self.http)
            .await
            .map(drop)
    }

    /// Reads the person's profile. The answer must be about `subject`.
    #[tracing::instrument(skip_all, err)]
    pub async fn userinfo(&self, access: &Secret, subject: &str) -> Result<Profile, OidcError> {
        let claims: CoreUserInfoClaims = self
            .client
            .user_info(
                AccessToken::new(access.expose().to_owned()),
                Some(openidconnect::SubjectIdentifier::new(subject.to_owned())),
            )
            .map_err(|err| OidcError::Misconfigured(format!("no userinfo endpoint: {err}")))?
            .request_async(&self.http)
            .await
            .map_err(|err| classify_userinfo(&err))?;
        Ok(Profile {
            subject: claims.subject().as_str().to_owned(),
            email: claims.email().map(|e| e.as_str().to_owned()),
            name: claims
                .name()
                .and_then(|c| c.get(None))
                .map(|v| v.as_str().to_owned()),
            given_name: claims
                .given_name()
                .and_then(|c| c.get(None))
                .map(|v| v.as_str().to_owned()),
            family_name: claims
                .family_name()
                .and_then(|c| c.get(None))
                .map(|v| v.as_str().to_owned()),
            picture: claims
                .picture()
                .and_then(|c| c.get(None))
                .map(|v| v.as_str().to_owned()),
        })
    }

    /// Trades a refresh token for new tokens. When the provider rotates refresh tokens, the answer
    /// carries the new one, which the caller must store before anything else uses it.
    #[tracing::instrument(skip_all, err)]
    pub async fn refresh(&self, refresh: &Secret) -> Result<Tokens, OidcError> {
        let token = RefreshToken::new(refresh.expose().to_owned());
        let response = self
            .client
            .exchange_refresh_token(&token)
            .map_err(|err| OidcError::Misconfigured(err.to_string()))?
            .request_async(&self.http)
            .await
            .map_err(|err| classify_token_error(&err))?;
        Ok(tokens(&response))
    }

    /// True when the provider offers token revocation (RFC 7009).
    pub fn offers_revocation(&self) -> bool {
        self.revocation.is_some()
    }

    /// Revokes a refresh token (RFC 7009), if the provider offers revocation.
    ///
    /// A plain form POST rather than the library's revocation request: that one insists on an https
    /// endpoint, which a provider on 127.0.0.1 (the tests', the demo's) does not have.
    #[tracing::instrument(skip_all, err)]
    pub async fn revoke(&self, refresh: &Secret) -> Result<(), OidcError> {
        let Some(url) = &self.revocation else {
            return Ok(());
        };
        let form = url::form_urlencoded::Serializer::new(String::new())
            .append_pair("token", refresh.expose())
            .append_pair("token_type_hint", "refresh_token")
            .append_pair("client_id", self.client.client_id().as_str())
            .finish();
        let response = self
            .http
            .post(url.url().clone())
            .header("content-type", "application/x-www-form-urlencoded")
            .body(form)
            .send()
            .await
            .map_err(|err| OidcError::Unreachable(error_chain(&err)))?;
        match response.status() {
            status if status.is_success() => Ok(()),
            status => Err(OidcError::BadResponse(format!(
                "revocation answered HTTP {status}"
            ))),
        }
    }
}

fn tokens(response: &CoreTokenResponse) -> Tokens {
    Tokens {
        access: Secret::new(response.access_token().secret().clone()),
        refresh: response
            .refresh_token()
            .map(|token| Secret::new(token.secret().clone())),
        id_token: response
            .id_token()
            .map(|token| Secret::new(token.to_string())),
    }
}

fn classify_discovery<E: std::error::Error + 'static>(
    err: &openidconnect::DiscoveryError<E>,
) -> OidcError {
    use openidconnect::DiscoveryError as D;
    match err {
        D::Request(err) => OidcError::Unreachable(error_chain(err)),
        D::Response(status, _, reason) => {
            OidcError::BadResponse(format!("HTTP {status}: {reason}"))
        }
        D::Parse(err) => OidcError::BadResponse(format!("discovery document or key set: {err}")),
        D::Validation(reason) => OidcError::BadResponse(reason.clone()),
        other => OidcError::BadResponse(other.to_string()),
    }
}

fn classify_token_error<E, T>(err: &RequestTokenError<E, T>) -> OidcError
where
    E: std::error::Error + 'static,
    T: openidconnect::ErrorResponse + 'static + HasErrorType,
{
    match err {
        RequestTokenError::ServerResponse(response) => {
            if response.is_invalid_grant() {
                OidcError::Revoked
            } else {
                OidcError::Refused(response.to_string())
            }
        }
        RequestTokenError::Request(err) => OidcError::Unreachable(error_chain(err)),
        RequestTokenError::Parse(err, _) => OidcError::BadResponse(err.to_string()),
        RequestTokenError::Other(reason) => OidcError::BadResponse(reason.clone()),
    }
}

fn classify_userinfo<E: std::error::Error + 'static>(
    err: &openidconnect::UserInfoError<E>,
) -> OidcError {
    use openidconnect::UserInfoError as U;
    match err {
        U::Request(err) => OidcError::Unreachable(error_chain(err)),
        U::Response(status, _, _) if status.as_u16() == 401 => OidcError::Revoked,
        other => OidcError::BadResponse(other.to_string()),
    }
}

/// Lets token errors say whether the grant is gone, whatever the error type.
pub trait HasErrorType {
    fn is_invalid_grant(&self) -> bool;
}

impl HasErrorType for openidconnect::StandardErrorResponse<CoreErrorResponseType> {
    fn is_invalid_grant(&self) -> bool {
        matches!(self.error(), CoreErrorResponseType::InvalidGrant)
    }
}
