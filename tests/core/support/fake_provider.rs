//! [`FakeProvider`]: a small, scriptable OpenID provider on 127.0.0.1 for fault tests.
//!
//! Unlike [`super::Idp`] (a real provider in a child process), this is hand-rolled HTTP/1.1 inside
//! the test's own runtime, so a test can make it misbehave on purpose: sign the ID token with the
//! wrong key or claims, answer 500, garbage, a redirect or `invalid_grant`, answer slowly, or stop
//! listening. It serves discovery, the JWKS, a token endpoint (code and refresh grants), userinfo
//! and revocation, records every request, and gives each connection one answer with
//! `Content-Length` and `Connection: close`. Its keys and ID tokens are in [`super::fake_tokens`].
//!
//! Every token it hands out is a long random value, different in each run, and it remembers them
//! all ([`FakeProvider::issued`]), so a test can search files and logs for them without an
//! accidental match.

use std::collections::HashMap;
use std::process::Command;
use std::sync::{Arc, Mutex, OnceLock};
use std::time::{Duration, UNIX_EPOCH};

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use openidconnect::CsrfToken;
use serde_json::{json, Value};
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::{TcpListener, TcpStream};
use tokio::task::{JoinHandle, JoinSet};

use super::fake_tokens::{key_set, keys, mint, Key};

/// The client id the fake's tokens are issued to.
pub const CLIENT_ID: &str = "quire-test-client";
/// The subject of every token.
pub const SUBJECT: &str = "ada";
pub const DISCOVERY: &str = "/.well-known/openid-configuration";
pub const JWKS: &str = "/jwks";
pub const TOKEN: &str = "/token";
pub const USERINFO: &str = "/userinfo";
pub const REVOKE: &str = "/revoke";

/// A canned answer: status, content type, body and an optional `Location`.
#[derive(Debug, Clone)]
pub struct Reply {
    pub status: u16,
    pub content_type: &'static str,
    pub body: String,
    pub location: Option<String>,
}

impl Reply {
    pub fn json(status: u16, value: Value) -> Self {
        Self::text(status, "application/json", &value.to_string())
    }
    pub fn text(status: u16, content_type: &'static str, body: &str) -> Self {
        Self {
            status,
            content_type,
            body: body.to_owned(),
            location: None,
        }
    }
    /// A 200 that claims to be JSON and is not.
    pub fn garbage() -> Self {
        Self::text(200, "application/json", "<html>Bad Gateway</html>")
    }
    /// A 302 to `location` with an empty body.
    pub fn redirect(location: &str) -> Self {
        let mut reply = Self::text(302, "text/plain", "");
        reply.location = Some(location.to_owned());
        reply
    }
}

/// What the provider does; [`FakeProvider::set`] changes it for the requests that follow. The
/// default is a well-behaved provider; `None` claims take the right value.
#[derive(Debug, Clone, Default)]
pub struct Behaviour {
    /// The `issuer` the discovery document states.
    pub discovery_issuer: Option<String>,
    /// The ID token's `iss`, `aud` and `nonce` (a test copies the authorization's nonce here).
    pub token_issuer: Option<String>,
    pub token_audience: Option<String>,
    pub nonce: Option<String>,
    /// The ID token expired ten minutes ago.
    pub expired: bool,
    /// How many seconds the provider's clock is ahead of this computer's (negative: behind). The
    /// ID token's `iat` is the provider's "now", and `exp` ten minutes later.
    pub skew: i64,
    /// Sign the ID token with a key that has the published key's `kid` but is not in the JWKS.
    pub forged: bool,
    /// Sign the ID token with a key, and a `kid`, that the JWKS never lists.
    pub unpublished_key: bool,
    /// The provider rotated its signing key: the JWKS lists only the second key (another `kid`),
    /// and ID tokens are signed with it.
    pub rotated_key: bool,
    /// Flip one bit of the ID token's signature after signing.
    pub flip_signature: bool,
    /// Send the ID token unsigned: `alg: none` and an empty signature.
    pub unsigned: bool,
    /// Sign the ID token with HS256, keyed with the published public key (the JWK as the JWKS
    /// serves it), under that key's `kid`: the confusion a verifier that trusts the header's
    /// `alg` would fall for.
    pub hmac_with_public_key: bool,
    /// Each refresh grant gives a new refresh token (rotation); otherwise it gives none. The code
    /// exchange always gives [`FakeProvider::first_refresh_token`].
    pub rotate_refresh_tokens: bool,
    /// A field of the discovery document set to another value, e.g. an endpoint.
    pub discovery_field: Option<(&'static str, String)>,
    /// Per path: answer this instead, and wait this long before answering.
    pub overrides: HashMap<&'static str, Reply>,
    pub delays: HashMap<&'static str, Duration>,
}

/// One request as the fake received it; `path` is without the query.
#[derive(Debug, Clone)]
pub struct Recorded {
    pub method: String,
    pub path: String,
    pub body: String,
}

impl Recorded {
    /// A field of a form-encoded body.
    pub fn form(&self, key: &str) -> Option<String> {
        url::form_urlencoded::parse(self.body.as_bytes())
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.into_owned())
    }
}

/// What kind of secret the fake handed out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Code,
    Access,
    Refresh,
    Id,
}

struct Shared {
    issuer: String,
    first_refresh: String,
    behaviour: Mutex<Behaviour>,
    requests: Mutex<Vec<Recorded>>,
    issued: Mutex<Vec<(Kind, String)>>,
}

impl Shared {
    fn issue(&self, kind: Kind, value: String) -> String {
        self.issued.lock().unwrap().push((kind, value.clone()));
        value
    }
}

/// A long random value (256 bits, base64url) after `prefix`.
pub fn random_token(prefix: &str) -> String {
    format!("{prefix}{}", CsrfToken::new_random().secret())
}

/// A running fake provider at `http://127.0.0.1:<port>`. Stops when dropped or stopped.
pub struct FakeProvider {
    shared: Arc<Shared>,
    task: Option<JoinHandle<()>>,
}

impl FakeProvider {
    /// Listens on a free port of 127.0.0.1 with the default [`Behaviour`].
    pub async fn start() -> FakeProvider {
        tokio::task::spawn_blocking(keys).await.expect("test keys");
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let port = listener.local_addr().expect("local address").port();
        let shared = Arc::new(Shared {
            issuer: format!("http://127.0.0.1:{port}"),
            first_refresh: random_token("rt-"),
            behaviour: Mutex::new(Behaviour::default()),
            requests: Mutex::new(Vec::new()),
            issued: Mutex::new(Vec::new()),
        });
        let task = Some(tokio::spawn(accept(listener, Arc::clone(&shared))));
        FakeProvider { shared, task }
    }

    /// `http://127.0.0.1:<port>`, no trailing slash.
    pub fn issuer(&self) -> &str {
        &self.shared.issuer
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.shared.issuer)
    }

    /// Changes the behaviour for the requests that follow.
    pub fn set(&self, change: impl FnOnce(&mut Behaviour)) {
        change(&mut self.shared.behaviour.lock().unwrap());
    }

    /// Answers `reply` to every request for `path` from now on.
    pub fn answer(&self, path: &'static str, reply: Reply) {
        self.set(|b| _ = b.overrides.insert(path, reply));
    }

    /// Waits `delay` before answering each request for `path` from now on.
    pub fn delay(&self, path: &'static str, delay: Duration) {
        self.set(|b| _ = b.delays.insert(path, delay));
    }

    /// The refresh token every code exchange gives.
    pub fn first_refresh_token(&self) -> &str {
        &self.shared.first_refresh
    }

    /// A new random authorization code, as if the provider had put it in a redirect.
    pub fn issue_code(&self) -> String {
        self.shared.issue(Kind::Code, random_token("code-"))
    }

    /// Every secret handed out so far, in order, with its kind.
    pub fn issued(&self) -> Vec<(Kind, String)> {
        self.shared.issued.lock().unwrap().clone()
    }

    /// The secrets of one kind handed out so far, in order.
    pub fn issued_of(&self, kind: Kind) -> Vec<String> {
        let issued = self.issued().into_iter();
        issued.filter(|(k, _)| *k == kind).map(|(_, v)| v).collect()
    }

    /// A token answer cut off before its end, as a broken proxy might pass it on: it carries a new
    /// access and refresh token (both recorded as issued) but is not valid JSON.
    pub fn garbled_token_reply(&self) -> Reply {
        let access = self.shared.issue(Kind::Access, random_token("at-"));
        let refresh = self.shared.issue(Kind::Refresh, random_token("rt-"));
        let answer =
            json!({"access_token": access, "token_type": "Bearer", "refresh_token": refresh});
        let body = answer.to_string();
        Reply::text(200, "application/json", &body[..body.len() - 1])
    }

    /// Every request so far, in order of arrival.
    pub fn requests(&self) -> Vec<Recorded> {
        self.shared.requests.lock().unwrap().clone()
    }

    /// The requests for `path` so far.
    pub fn requests_to(&self, path: &str) -> Vec<Recorded> {
        let mut requests = self.requests();
        requests.retain(|r| r.path == path);
        requests
    }

    /// Closes the port (connections are then refused) and drops the connections in flight.
    pub async fn stop(&mut self) {
        if let Some(task) = self.task.take() {
            task.abort();
            let _ = task.await; // once this returns, the listener is closed
        }
    }
}

impl Drop for FakeProvider {
    fn drop(&mut self) {
        if let Some(task) = self.task.take() {
            task.abort();
        }
    }
}

async fn accept(listener: TcpListener, shared: Arc<Shared>) {
    // Owned by this task, so aborting it drops the connections too.
    let mut connections = JoinSet::new();
    while let Ok((stream, _)) = listener.accept().await {
        while connections.try_join_next().is_some() {}
        connections.spawn(serve(stream, Arc::clone(&shared)));
    }
}

async fn serve(mut stream: TcpStream, shared: Arc<Shared>) {
    let Some(request) = read_request(&mut stream).await else {
        return;
    };
    shared.requests.lock().unwrap().push(request.clone());
    let behaviour = || shared.behaviour.lock().unwrap();
    let delay = behaviour().delays.get(request.path.as_str()).copied();
    if let Some(delay) = delay {
        tokio::time::sleep(delay).await;
    }
    let reply = respond(&behaviour(), &shared, &request);
    let location = reply.location.map(|l| format!("Location: {l}\r\n"));
    let (status, content_type, length) = (reply.status, reply.content_type, reply.body.len());
    let response = format!(
        "HTTP/1.1 {status} Fake\r\nContent-Type: {content_type}\r\nContent-Length: {length}\r\n\
         {}Connection: close\r\n\r\n{}",
        location.unwrap_or_default(),
        reply.body
    );
    let _ = stream.write_all(response.as_bytes()).await;
    let _ = stream.shutdown().await;
}

/// Reads the request line, the headers and a `Content-Length` body; `None` for anything else.
async fn read_request(stream: &mut TcpStream) -> Option<Recorded> {
    let mut reader = BufReader::new(stream);
    let mut line = String::new();
    reader.read_line(&mut line).await.ok()?;
    let mut request_line = line.split_whitespace();
    let method = request_line.next()?.to_owned();
    let path = request_line.next()?.split('?').next()?.to_owned();
    let mut length = 0;
    loop {
        line.clear();
        if reader.read_line(&mut line).await.ok()? == 0 {
            return None;
        }
        match line.trim_end().split_once(':') {
            Some((name, value)) if name.eq_ignore_ascii_case("content-length") => {
                length = value.trim().parse().ok()?;
            }
            Some(_) => {}
            None => break, // the blank line that ends the headers
        }
    }
    let mut body = vec![0; length];
    reader.read_exact(&mut body).await.ok()?;
    let body = String::from_utf8_lossy(&body).into_owned();
    Some(Recorded { method, path, body })
}

fn respond(b: &Behaviour, shared: &Shared, request: &Recorded) -> Reply {
    if let Some(reply) = b.overrides.get(request.path.as_str()) {
        return reply.clone();
    }
    let issuer = shared.issuer.as_str();
    let answer = match (request.method.as_str(), request.path.as_str()) {
        ("GET", DISCOVERY) => discovery(b, issuer),
        ("GET", JWKS) => {
            let published = if b.rotated_key {
                Key::Second
            } else {
                Key::First
            };
            key_set(published)
        }
        ("POST", TOKEN) => {
            let (refresh, nonce) = match request.form("grant_type").as_deref() {
                Some("authorization_code") => {
                    (Some(shared.first_refresh.clone()), b.nonce.as_deref())
                }
                Some("refresh_token") => {
                    (b.rotate_refresh_tokens.then(|| random_token("rt-")), None)
                }
                _ => return Reply::json(400, json!({"error": "unsupported_grant_type"})),
            };
            let access = shared.issue(Kind::Access, random_token("at-"));
            let id_token = shared.issue(Kind::Id, mint(b, issuer, &access, nonce));
            let mut answer = json!({
                "access_token": access, "token_type": "Bearer", "expires_in": 300,
                "id_token": id_token,
            });
            if let Some(refresh) = refresh {
                answer["refresh_token"] = json!(shared.issue(Kind::Refresh, refresh));
            }
            answer
        }
        ("GET", USERINFO) => {
            json!({"sub": SUBJECT, "email": "ada@example.test", "name": "Ada Lovelace"})
        }
        ("POST", REVOKE) => return Reply::text(200, "text/plain", ""),
        _ => return Reply::json(404, json!({"error": "not_found"})),
    };
    Reply::json(200, answer)
}

/// The discovery document, with any field the behaviour changes.
fn discovery(b: &Behaviour, issuer: &str) -> Value {
    let mut document = json!({
        "issuer": b.discovery_issuer.as_deref().unwrap_or(issuer),
        "authorization_endpoint": format!("{issuer}/authorize"),
        "token_endpoint": format!("{issuer}{TOKEN}"),
        "userinfo_endpoint": format!("{issuer}{USERINFO}"),
        "jwks_uri": format!("{issuer}{JWKS}"),
        "revocation_endpoint": format!("{issuer}{REVOKE}"),
        "response_types_supported": ["code"],
        "subject_types_supported": ["public"],
        "id_token_signing_alg_values_supported": ["RS256"],
        "code_challenge_methods_supported": ["S256"],
    });
    if let Some((field, value)) = &b.discovery_field {
        document[*field] = json!(value);
    }
    document
}
