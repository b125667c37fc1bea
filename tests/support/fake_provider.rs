//! [`FakeProvider`]: a small, scriptable OpenID provider on 127.0.0.1 for fault tests.
//!
//! Unlike [`super::Idp`] (a real provider in a child process), this is hand-rolled HTTP/1.1 inside
//! the test's own runtime, so a test can make it misbehave on purpose: sign the ID token with the
//! wrong key or claims, answer 500, garbage, a redirect or `invalid_grant`, answer slowly, or stop
//! listening. It serves discovery, the JWKS, a token endpoint (code and refresh grants), userinfo
//! and revocation, records every request, and gives each connection one answer with
//! `Content-Length` and `Connection: close`. Its two RSA keys are made once per test process with
//! `openssl genrsa` (or `node` if openssl is missing).

use std::collections::HashMap;
use std::process::Command;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::{Duration, UNIX_EPOCH};

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use openidconnect::core::CoreRsaPrivateSigningKey;
use openidconnect::core::{CoreIdToken, CoreIdTokenClaims, CoreJwsSigningAlgorithm};
use openidconnect::{AccessToken, JsonWebKeyId, PrivateSigningKey};
use serde_json::{json, Value};
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::{TcpListener, TcpStream};
use tokio::task::{JoinHandle, JoinSet};

/// The client id the fake's tokens are issued to.
pub const CLIENT_ID: &str = "quire-test-client";
/// The subject of every token, and the refresh token of every code exchange.
pub const SUBJECT: &str = "ada";
pub const FIRST_REFRESH_TOKEN: &str = "rt-first";
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
    /// Sign the ID token with a key that has the published key's `kid` but is not in the JWKS.
    pub forged: bool,
    /// Flip one bit of the ID token's signature after signing.
    pub flip_signature: bool,
    /// The refresh token of a refresh grant (`Some`: rotation; the code exchange always gives
    /// [`FIRST_REFRESH_TOKEN`]).
    pub rotated_refresh_token: Option<String>,
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

struct Shared {
    issuer: String,
    behaviour: Mutex<Behaviour>,
    requests: Mutex<Vec<Recorded>>,
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
            behaviour: Mutex::new(Behaviour::default()),
            requests: Mutex::new(Vec::new()),
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
    let reply = respond(&behaviour(), &shared.issuer, &request);
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

fn respond(b: &Behaviour, issuer: &str, request: &Recorded) -> Reply {
    if let Some(reply) = b.overrides.get(request.path.as_str()) {
        return reply.clone();
    }
    let answer = match (request.method.as_str(), request.path.as_str()) {
        ("GET", DISCOVERY) => json!({
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
        }),
        ("GET", JWKS) => json!({ "keys": [signing_key(false).as_verification_key()] }),
        ("POST", TOKEN) => {
            let access = format!("at-{}", NEXT_ACCESS.fetch_add(1, Ordering::Relaxed));
            let mut answer =
                json!({"access_token": access, "token_type": "Bearer", "expires_in": 300});
            let refresh = match request.form("grant_type").as_deref() {
                Some("authorization_code") => {
                    answer["id_token"] = json!(mint(b, issuer, &access));
                    Some(FIRST_REFRESH_TOKEN.to_owned())
                }
                Some("refresh_token") => b.rotated_refresh_token.clone(),
                _ => return Reply::json(400, json!({"error": "unsupported_grant_type"})),
            };
            if let Some(refresh) = refresh {
                answer["refresh_token"] = json!(refresh);
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

static NEXT_ACCESS: AtomicU64 = AtomicU64::new(1);

/// Signs an ID token as the behaviour says.
fn mint(b: &Behaviour, issuer: &str, access: &str) -> String {
    let now = UNIX_EPOCH.elapsed().unwrap().as_secs() as i64;
    let mut claims = json!({
        "iss": b.token_issuer.as_deref().unwrap_or(issuer),
        "aud": [b.token_audience.as_deref().unwrap_or(CLIENT_ID)],
        "sub": SUBJECT,
        "iat": if b.expired { now - 1200 } else { now },
        "exp": if b.expired { now - 600 } else { now + 600 },
    });
    if let Some(nonce) = &b.nonce {
        claims["nonce"] = json!(nonce);
    }
    let claims: CoreIdTokenClaims = serde_json::from_value(claims).expect("ID token claims");
    let alg = CoreJwsSigningAlgorithm::RsaSsaPkcs1V15Sha256;
    let access = AccessToken::new(access.to_owned());
    let token = CoreIdToken::new(claims, &signing_key(b.forged), alg, Some(&access), None)
        .expect("sign the ID token")
        .to_string();
    if !b.flip_signature {
        return token;
    }
    let (signed, signature) = token.rsplit_once('.').expect("a JWS");
    let mut signature = URL_SAFE_NO_PAD.decode(signature).expect("base64url");
    signature[7] ^= 0x01;
    format!("{signed}.{}", URL_SAFE_NO_PAD.encode(signature))
}

/// The published key, or the rogue one with the same `kid`.
fn signing_key(rogue: bool) -> CoreRsaPrivateSigningKey {
    let kid = Some(JsonWebKeyId::new("fake-key-1".into()));
    CoreRsaPrivateSigningKey::from_pem(&keys()[rogue as usize], kid).expect("a PKCS#1 PEM key")
}

/// The published and the rogue RSA key (PKCS#1 PEM), made once per test process.
fn keys() -> &'static [String; 2] {
    static KEYS: OnceLock<[String; 2]> = OnceLock::new();
    KEYS.get_or_init(|| [generate_rsa_pem(), generate_rsa_pem()])
}

fn generate_rsa_pem() -> String {
    const NODE: &str = "process.stdout.write(require('crypto').generateKeyPairSync('rsa',\
                        {modulusLength:2048}).privateKey.export({type:'pkcs1',format:'pem'}))";
    let tools: [(&str, &[&str]); 2] = [
        ("openssl", &["genrsa", "-traditional", "2048"]),
        ("node", &["-e", NODE]),
    ];
    for (program, args) in tools {
        let Ok(output) = Command::new(program).args(args).output() else {
            continue;
        };
        let pem = String::from_utf8_lossy(&output.stdout).into_owned();
        if output.status.success() && pem.contains("BEGIN RSA PRIVATE KEY") {
            return pem;
        }
    }
    panic!("making a test RSA key needs `openssl` or `node` on the PATH");
}
