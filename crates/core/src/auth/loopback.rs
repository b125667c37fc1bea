//! The system-browser sign-in's redirect target: a one-shot HTTP listener on 127.0.0.1 (RFC 8252).
//!
//! It binds an ephemeral port, waits for the browser to request the callback path, answers once with a
//! page saying the tab can be closed, and stops. Other requests (a favicon, a stray probe) get a 404
//! and do not end the wait. Requests are read with a size limit and a time limit.

use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use url::Url;

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

    /// Waits for the callback request, answers it, and returns its full URL. The listener closes
    /// when this returns.
    pub async fn callback(self) -> std::io::Result<Url> {
        loop {
            let (mut stream, _) = self.listener.accept().await?;
            match tokio::time::timeout(READ_TIMEOUT, read_target(&mut stream)).await {
                Ok(Ok(Some(target))) if target.starts_with(CALLBACK_PATH) => {
                    let url = self
                        .redirect
                        .join(&target)
                        .map_err(|err| std::io::Error::other(err.to_string()))?;
                    respond(&mut stream, "200 OK", DONE_PAGE).await;
                    return Ok(url);
                }
                _ => respond(&mut stream, "404 Not Found", "Not found").await,
            }
        }
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
    async fn answers_the_callback_once_and_ignores_other_paths() {
        let loopback = Loopback::bind().await.unwrap();
        let port = loopback.redirect().port().unwrap();
        let waiting = tokio::spawn(loopback.callback());
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
        assert!(get("/favicon.ico").await.starts_with("HTTP/1.1 404"));
        let answer = get("/oauth/callback?code=c&state=s").await;
        assert!(answer.contains("You can close this tab"));
        let url = waiting.await.unwrap().unwrap();
        assert_eq!(url.query(), Some("code=c&state=s"));
        assert!(
            TcpStream::connect(("127.0.0.1", port)).await.is_err(),
            "the listener stopped"
        );
    }
}
