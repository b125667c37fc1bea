//! The system-browser sign-in's redirect target: a one-shot HTTP listener on 127.0.0.1 (RFC 8252).
//!
//! It binds an ephemeral port, waits for the browser to request exactly the callback path with this
//! sign-in's `state`, answers once with a page saying the tab can be closed, and stops. Anything
//! else (a favicon, a stray probe, another program guessing at the port) gets a 404 and does not end
//! the wait. Each connection is read on its own, with a size limit and a time limit, so a slow or
//! silent one holds up nobody.

use std::time::Duration;

use subtle::ConstantTimeEq;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::mpsc;
use url::Url;

use super::secret::Secret;

/// The path the provider redirects to.
pub const CALLBACK_PATH: &str = "/oauth/callback";
const MAX_REQUEST: usize = 16 * 1024;
const READ_TIMEOUT: Duration = Duration::from_secs(10);

const DONE_PAGE: &str = "<!doctype html><meta charset=utf-8><title>Quire</title>\
<body style=\"font:16px system-ui;margin:4rem auto;max-width:32rem;text-align:center\">\
<h1>You can close this tab</h1><p>Quire has your sign-in and is opening your journal.</p></body>";

pub struct Loopback {
    listener: TcpListener,
    redirect: Url,
}

impl Loopback {
    /// Listens on an ephemeral port of 127.0.0.1.
    pub async fn bind() -> std::io::Result<Self> {
        let listener = TcpListener::bind(("127.0.0.1", 0)).await?;
        let port = listener.local_addr()?.port();
        let redirect = Url::parse(&format!("http://127.0.0.1:{port}{CALLBACK_PATH}"))
            .map_err(|err| std::io::Error::other(err.to_string()))?;
        Ok(Self { listener, redirect })
    }

    /// The redirect URI to register in the authorization request.
    pub fn redirect(&self) -> &Url {
        &self.redirect
    }

    /// Waits for the callback request carrying `state`, answers it, and returns its full URL. The
    /// listener closes when this returns.
    pub async fn callback(self, state: &Secret) -> std::io::Result<Url> {
        let (read, mut requests) = mpsc::channel::<(TcpStream, Option<String>)>(8);
        loop {
            tokio::select! {
                accepted = self.listener.accept() => {
                    let (mut stream, _) = accepted?;
                    let read = read.clone();
                    tokio::spawn(async move {
                        let target = tokio::time::timeout(READ_TIMEOUT, read_target(&mut stream));
                        let target = target.await.ok().and_then(Result::ok).flatten();
                        let _ = read.send((stream, target)).await;
                    });
                }
                Some((mut stream, target)) = requests.recv() => {
                    match target.and_then(|target| self.callback_url(&target, state)) {
                        Some(url) => {
                            respond(&mut stream, "200 OK", DONE_PAGE).await;
                            return Ok(url);
                        }
                        None => respond(&mut stream, "404 Not Found", "Not found").await,
                    }
                }
            }
        }
    }

    /// The full URL of `target` when it is this sign-in's callback: exactly the callback path, and
    /// the `state` it was sent with (the first one, compared in constant time).
    fn callback_url(&self, target: &str, state: &Secret) -> Option<Url> {
        let url = self.redirect.join(target).ok()?;
        let sent = url.query_pairs().find(|(key, _)| key == "state")?.1;
        let matches = sent.as_bytes().ct_eq(state.expose().as_bytes());
        (url.path() == CALLBACK_PATH && bool::from(matches)).then_some(url)
    }
}

/// The request target of a `GET` request, if the request is one.
async fn read_target(stream: &mut TcpStream) -> std::io::Result<Option<String>> {
    let mut buffer = Vec::with_capacity(1024);
    let mut chunk = [0u8; 1024];
    while !buffer.windows(4).any(|w| w == b"\r\n\r\n") && buffer.len() < MAX_REQUEST {
        let read = stream.read(&mut chunk).await?;
        if read == 0 {
            break;
        }
        buffer.extend_from_slice(&chunk[..read]);
    }
    Ok(parse_request_line(&buffer))
}

/// `GET <target> HTTP/1.x` → `<target>`, when the target is a path.
pub fn parse_request_line(request: &[u8]) -> Option<String> {
    let line_end = request.windows(2).position(|w| w == b"\r\n")?;
    let line = std::str::from_utf8(&request[..line_end]).ok()?;
    let mut parts = line.split(' ');
    let (method, target, version) = (parts.next()?, parts.next()?, parts.next()?);
    (method == "GET"
        && target.starts_with('/')
        && version.starts_with("HTTP/")
        && parts.next().is_none())
    .then(|| target.to_owned())
}

async fn respond(stream: &mut TcpStream, status: &str, body: &str) {
    let response = format!(
        "HTTP/1.1 {status}\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: {}\r\n\
         Cache-Control: no-store\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    // The browser may already have gone; the sign-in goes on regardless.
    let _ = stream.write_all(response.as_bytes()).await;
    let _ = stream.shutdown().await;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_get_request_lines_with_a_path_are_read() {
        assert_eq!(
            parse_request_line(b"GET /oauth/callback?code=x HTTP/1.1\r\nHost: a\r\n\r\n")
                .as_deref(),
            Some("/oauth/callback?code=x")
        );
        assert_eq!(
            parse_request_line(b"POST /oauth/callback HTTP/1.1\r\n"),
            None
        );
        assert_eq!(parse_request_line(b"GET http://evil/ HTTP/1.1\r\n"), None);
        assert_eq!(parse_request_line(b"GET /x"), None);
        assert_eq!(parse_request_line(&[0xff, 0xfe, b'\r', b'\n']), None);
    }

    #[tokio::test]
    async fn answers_only_its_own_callback_once_and_no_slow_connection_holds_it_up() {
        let loopback = Loopback::bind().await.unwrap();
        let port = loopback.redirect().port().unwrap();
        let waiting = tokio::spawn(async move { loopback.callback(&Secret::new("s")).await });
        // Connected and silent: it must not keep the callback below waiting.
        let _silent = TcpStream::connect(("127.0.0.1", port)).await.unwrap();
        let get = |path: &'static str| async move {
            let mut stream = TcpStream::connect(("127.0.0.1", port)).await.unwrap();
            stream
                .write_all(format!("GET {path} HTTP/1.1\r\nHost: x\r\n\r\n").as_bytes())
                .await
                .unwrap();
            let mut answer = String::new();
            stream.read_to_string(&mut answer).await.unwrap();
            answer
        };
        for other in [
            "/favicon.ico",
            "/oauth/callback?code=c",
            "/oauth/callback?code=c&state=t",
            "/oauth/callbackx?code=c&state=s",
            "/oauth/callback/x?code=c&state=s",
        ] {
            assert!(get(other).await.starts_with("HTTP/1.1 404"), "{other}");
        }
        assert!(!waiting.is_finished(), "a wrong request ended the wait");
        let started = std::time::Instant::now();
        let answer = get("/oauth/callback?code=c&state=s").await;
        assert!(answer.contains("You can close this tab"));
        assert!(
            started.elapsed() < READ_TIMEOUT,
            "the silent connection held it up"
        );
        let url = waiting.await.unwrap().unwrap();
        assert_eq!(url.query(), Some("code=c&state=s"));
        assert!(
            TcpStream::connect(("127.0.0.1", port)).await.is_err(),
            "the listener stopped"
        );
    }
}
