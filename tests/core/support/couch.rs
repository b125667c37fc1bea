//! A real CouchDB-protocol server for the sync tests: PouchDB Server (the npm package
//! `pouchdb-server`, installed in `tests/` by `scripts/setup`) on a free port of 127.0.0.1, storing
//! its databases with LevelDB in a temporary folder, with one admin account. It is killed when the
//! handle drops. `QUIRE_POUCHDB_SERVER` names the program (`scripts/test` sets it).
//! The benchmarks include this file too.
#![allow(dead_code)]

use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use tempfile::TempDir;

pub const ADMIN: &str = "quire";
pub const PASSWORD: &str = "sync-test-password";

pub struct CouchServer {
    child: Option<Child>,
    port: u16,
    dir: TempDir,
}

/// The program: `QUIRE_POUCHDB_SERVER`, or the one npm installed in `tests/node_modules`.
pub fn program() -> PathBuf {
    std::env::var_os("QUIRE_POUCHDB_SERVER")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            PathBuf::from(env!("CARGO_MANIFEST_DIR"))
                .join("../../tests/node_modules/.bin/pouchdb-server")
        })
}

/// Whether the server program is there. CI installs it (`scripts/setup`), so there a missing one
/// fails the test instead of skipping it.
pub fn have_server() -> bool {
    let found = program().exists();
    if !found {
        assert!(
            std::env::var("CI").is_err(),
            "pouchdb-server is not installed: scripts/setup installs it for the tests ({})",
            program().display()
        );
        println!("pouchdb-server is not installed (scripts/setup installs it): skipping");
    }
    found
}

impl CouchServer {
    /// Starts a server on a free port and waits until it answers, then makes the admin account.
    pub fn start() -> CouchServer {
        let dir = tempfile::tempdir().expect("temp dir");
        std::fs::create_dir_all(dir.path().join("data")).unwrap();
        let port = TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let mut server = CouchServer {
            child: None,
            port,
            dir,
        };
        server.spawn();
        blocking_put(port, &format!("/_config/admins/{ADMIN}"), PASSWORD);
        server
    }

    fn spawn(&mut self) {
        let log = std::fs::File::create(self.dir.path().join("server.log")).unwrap();
        let child = Command::new(program())
            .args([
                "--host",
                "127.0.0.1",
                "--port",
                &self.port.to_string(),
                "--dir",
            ])
            .arg(self.data_dir())
            .current_dir(self.dir.path())
            .stdin(Stdio::null())
            .stdout(log.try_clone().unwrap())
            .stderr(log)
            .spawn()
            .expect("start pouchdb-server");
        self.child = Some(child);
        let deadline = Instant::now() + Duration::from_secs(30);
        while TcpStream::connect(("127.0.0.1", self.port)).is_err() {
            assert!(
                Instant::now() < deadline,
                "pouchdb-server did not start; its log:\n{}",
                std::fs::read_to_string(self.dir.path().join("server.log")).unwrap_or_default()
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// Where the server keeps its databases' files.
    pub fn data_dir(&self) -> PathBuf {
        self.dir.path().join("data")
    }

    pub fn url(&self) -> url::Url {
        url::Url::parse(&format!("http://127.0.0.1:{}/", self.port)).unwrap()
    }

    /// `http://user:password@127.0.0.1:port/<db>`, for PouchDB.
    pub fn db_url_with_auth(&self, db: &str) -> String {
        format!("http://{ADMIN}:{PASSWORD}@127.0.0.1:{}/{db}", self.port)
    }

    /// Kills the server (as a crash would).
    pub fn kill(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }

    /// Starts it again on the same port over the same files.
    pub fn restart(&mut self) {
        self.kill();
        self.spawn();
    }

    pub fn port(&self) -> u16 {
        self.port
    }
}

impl Drop for CouchServer {
    fn drop(&mut self) {
        self.kill();
    }
}

/// A PUT with a JSON string body, over a plain socket, as the admin party allows before the first
/// admin exists. A server still starting may close the connection without an answer: tried again
/// for a while.
fn blocking_put(port: u16, path: &str, value: &str) {
    use std::io::{Read, Write};
    let body = format!("\"{value}\"");
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
        write!(
            stream,
            "PUT {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n\
             Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
            body.len()
        )
        .unwrap();
        let mut answer = String::new();
        let _ = stream.read_to_string(&mut answer);
        if answer.is_empty() && Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(200));
            continue;
        }
        assert!(
            answer.starts_with("HTTP/1.1 200"),
            "making the admin failed: {answer}"
        );
        return;
    }
}

/// Every byte of every file under `dir`.
pub fn all_bytes(dir: &Path) -> Vec<u8> {
    let mut bytes = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(next) = stack.pop() {
        for item in std::fs::read_dir(&next).unwrap() {
            let path = item.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else if let Ok(read) = std::fs::read(&path) {
                bytes.extend(read);
            }
        }
    }
    bytes
}
