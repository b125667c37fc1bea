//! [`Idp`]: the local OpenID provider of `tests/idp/server.mjs`, run as a child process for a test.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::thread;
use std::time::Duration;

use super::http_client;

/// The client id the server registers unless `IDP_CLIENT_ID` says otherwise.
pub const CLIENT_ID: &str = "quire-desktop";
/// How long the server may take to print its `READY` line.
const READY_TIMEOUT: Duration = Duration::from_secs(15);

/// A running local OpenID provider with its test controls on (`IDP_TEST_CONTROL=1`).
///
/// Its issuer is `http://127.0.0.1:<port>`; its one client is the public native client
/// [`CLIENT_ID`], which accepts `app.quire.journal:/oauth/callback` and
/// `http://127.0.0.1:<any port>/oauth/callback`. Any login id signs in (any password), as the
/// account whose `sub` is that id and whose email is `<id>@example.test`. The process is killed
/// when the `Idp` is dropped; all its state (keys, sessions, grants) goes with it.
pub struct Idp {
    child: Option<Child>,
    issuer: String,
    port: u16,
}

impl Idp {
    /// Starts the provider on a free port and waits (up to 15 s) until it listens. Blocking.
    ///
    /// Panics if `tests/idp/node_modules` is missing, if `node` cannot run, or if the server
    /// does not come up.
    pub fn start() -> Idp {
        Idp::start_on(0)
    }

    /// Starts the provider on `port` (0: any free one). Blocking, like [`Idp::start`].
    pub fn start_on(port: u16) -> Idp {
        let root = super::repo();
        if !root.join("tests/idp/node_modules/oidc-provider").is_dir() {
            panic!(
                "tests/idp/node_modules is missing: run `npm ci --prefix tests/idp` (scripts/setup does it)"
            );
        }
        let mut last_failure = String::new();
        // A port given back by a stopped provider can be briefly taken; try a few times.
        for attempt in 0..5 {
            if attempt > 0 {
                thread::sleep(Duration::from_millis(300));
            }
            match spawn(&root, port) {
                Ok(idp) => return idp,
                Err(failure) if port != 0 => last_failure = failure,
                Err(failure) => panic!("{failure}"),
            }
        }
        panic!("{last_failure}");
    }

    /// The issuer URL, `http://127.0.0.1:<port>` (no trailing slash).
    pub fn issuer(&self) -> &str {
        &self.issuer
    }

    /// The id of the provider's one client, the public native client Quire uses.
    pub fn client_id(&self) -> &str {
        CLIENT_ID
    }

    /// The port the provider listens on, on 127.0.0.1.
    pub fn port(&self) -> u16 {
        self.port
    }

    /// A URL on the provider: `path` starts with `/`.
    pub fn url(&self, path: &str) -> url::Url {
        url::Url::parse(&format!("{}{path}", self.issuer)).expect("provider URL")
    }

    /// Kills the provider (if running) and waits for it to exit.
    pub fn stop(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }

    /// Stops the provider and starts a new one on the same port, so the issuer stays the same.
    /// Every session, grant and token is lost, and the signing key changes.
    pub fn restart(&mut self) {
        self.stop();
        let fresh = Idp::start_on(self.port);
        assert_eq!(
            fresh.issuer, self.issuer,
            "the restarted provider has another issuer"
        );
        *self = fresh;
    }

    /// Destroys every grant of account `sub`, with its codes and tokens: its refresh tokens then
    /// answer `invalid_grant`. Returns how many grants there were.
    pub async fn revoke(&self, sub: &str) -> u64 {
        let body = self.control("/_test/revoke", sub, None).await;
        body["revoked_grants"]
            .as_u64()
            .expect("revoked_grants in the answer")
    }

    /// Overrides claims of account `sub` from now on (userinfo, ID tokens), e.g.
    /// `json!({ "email": "new@example.test", "name": "New Name" })`. Later calls merge.
    pub async fn set_profile(&self, sub: &str, claims: serde_json::Value) {
        self.control("/_test/profile", sub, Some(claims)).await;
    }

    async fn control(
        &self,
        path: &str,
        sub: &str,
        body: Option<serde_json::Value>,
    ) -> serde_json::Value {
        let mut url = self.url(path);
        url.query_pairs_mut().append_pair("sub", sub);
        let mut request = http_client().post(url.clone());
        if let Some(body) = body {
            request = request
                .header("content-type", "application/json")
                .body(body.to_string());
        }
        let response = request
            .send()
            .await
            .unwrap_or_else(|e| panic!("POST {url}: {e}"));
        let status = response.status();
        let text = response.text().await.unwrap_or_default();
        assert!(status.is_success(), "POST {url} answered {status}: {text}");
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("POST {url}: {e}: {text}"))
    }
}

impl Drop for Idp {
    fn drop(&mut self) {
        self.stop();
    }
}

/// Spawns the server and waits for its `READY` line; on failure says why, with its stderr.
fn spawn(root: &Path, port: u16) -> Result<Idp, String> {
    let mut child = Command::new("node")
        .arg("tests/idp/server.mjs")
        .current_dir(root)
        .env("IDP_PORT", port.to_string())
        .env("IDP_TEST_CONTROL", "1")
        .env_remove("IDP_STATE_FILE")
        .env("IDP_LOG", "1")
        .env_remove("IDP_CLIENT_ID")
        .env_remove("IDP_REDIRECT_URIS")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| {
            panic!("cannot run `node tests/idp/server.mjs` (is Node.js installed?): {e}")
        });

    // Its stderr goes through eprintln!, so the test harness shows it only for failing tests.
    let (err_tx, err_rx) = mpsc::channel::<String>();
    let stderr = child.stderr.take().expect("piped stderr");
    thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            eprintln!("[idp stderr] {line}");
            let _ = err_tx.send(line);
        }
    });
    let (ready_tx, ready_rx) = mpsc::channel::<Option<String>>();
    let stdout = child.stdout.take().expect("piped stdout");
    thread::spawn(move || {
        let mut lines = BufReader::new(stdout);
        let mut line = String::new();
        let issuer = match lines.read_line(&mut line) {
            Ok(n) if n > 0 => line.trim().strip_prefix("READY ").map(str::to_owned),
            _ => None,
        };
        let _ = ready_tx.send(issuer);
        // Keep draining, so the server never blocks on a full pipe.
        let _ = std::io::copy(&mut lines, &mut std::io::sink());
    });

    let failure = match ready_rx.recv_timeout(READY_TIMEOUT) {
        Ok(Some(issuer)) => {
            let port = url::Url::parse(&issuer)
                .ok()
                .and_then(|u| u.port())
                .unwrap_or_else(|| panic!("READY line with a bad issuer: {issuer}"));
            return Ok(Idp {
                child: Some(child),
                issuer,
                port,
            });
        }
        Ok(None) => "the provider exited before it was ready".to_owned(),
        Err(_) => format!("the provider was not ready within {READY_TIMEOUT:?}"),
    };
    let _ = child.kill();
    let _ = child.wait();
    thread::sleep(Duration::from_millis(100));
    let stderr: Vec<String> = err_rx.try_iter().collect();
    Err(format!(
        "{failure} (port {port}); its stderr:\n{}",
        stderr.join("\n")
    ))
}
