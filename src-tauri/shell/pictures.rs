//! Pictures through Quire's own `quire:` protocol: the journal window loads each picture from the
//! encrypted store (`GET picture/<id>`, the display copy, or `?original`), and sends new ones as
//! they are (`POST picture?entry=<id>` with the file as the body), with no encoding on the way.
//!
//! Only the journal window is answered: the sign-in window shows someone else's page. The page's CSP
//! allows images from this protocol and nothing remote, and no `data:` addresses.

use std::borrow::Cow;

use serde::Serialize;
use tauri::http::{header, Method, Request, Response, StatusCode};
use tauri::{Manager, Runtime, UriSchemeContext, UriSchemeResponder};

use super::error::AppError;
use super::state::JournalState;
use super::windows::WindowLabel;
use quire_core::store::{prepare_picture, PictureVariant};

/// The protocol's name, as in `quire://localhost/picture/<id>`.
pub const SCHEME: &str = "quire";

/// What a refused request answers: the sentence to show.
#[derive(Serialize)]
struct Refusal<'a> {
    message: Cow<'a, str>,
}

fn answer(status: StatusCode, content_type: &str, body: Vec<u8>) -> Response<Vec<u8>> {
    Response::builder()
        .status(status)
        .header(header::CONTENT_TYPE, content_type)
        // The journal page's origin is the app's own (`tauri://localhost`), not this protocol's: its
        // requests here are cross-origin, and only the journal window is answered at all (`handle`).
        .header(header::ACCESS_CONTROL_ALLOW_ORIGIN, "*")
        // A picture never changes under its id, and stays in this process's memory only.
        .header(
            header::CACHE_CONTROL,
            "private, max-age=31536000, immutable",
        )
        .body(body)
        .unwrap_or_else(|_| Response::new(Vec::new()))
}

/// The answer to the page's CORS check before it sends a picture.
fn preflight() -> Response<Vec<u8>> {
    Response::builder()
        .status(StatusCode::NO_CONTENT)
        .header(header::ACCESS_CONTROL_ALLOW_ORIGIN, "*")
        .header(header::ACCESS_CONTROL_ALLOW_METHODS, "GET, POST")
        .header(header::ACCESS_CONTROL_ALLOW_HEADERS, "Content-Type")
        .body(Vec::new())
        .unwrap_or_else(|_| Response::new(Vec::new()))
}

fn refuse(status: StatusCode, message: impl Into<Cow<'static, str>>) -> Response<Vec<u8>> {
    let body = serde_json::to_vec(&Refusal {
        message: message.into(),
    })
    .unwrap_or_default();
    answer(status, "application/json", body)
}

fn refuse_error(err: AppError) -> Response<Vec<u8>> {
    use super::error::ErrorCode;
    let status = match err.code {
        ErrorCode::NotFound => StatusCode::NOT_FOUND,
        ErrorCode::InvalidInput => StatusCode::UNPROCESSABLE_ENTITY,
        ErrorCode::Locked | ErrorCode::SessionEnded => StatusCode::FORBIDDEN,
        ErrorCode::DiskFull => StatusCode::INSUFFICIENT_STORAGE,
        _ => StatusCode::INTERNAL_SERVER_ERROR,
    };
    refuse(status, err.message)
}

/// What the request asks for: the path after the host (`picture/<id>`, percent-decoded, as the
/// page's `convertFileSrc` encodes it into one segment) and the query.
fn target(request: &Request<Vec<u8>>) -> (String, String) {
    let uri = request.uri();
    let path = uri.path().trim_start_matches('/');
    let path = percent_decode(path);
    let query = uri.query().unwrap_or_default().to_owned();
    // `convertFileSrc` puts the query inside the encoded path.
    match path.split_once('?') {
        Some((path, query)) => (path.to_owned(), query.to_owned()),
        None => (path, query),
    }
}

fn percent_decode(text: &str) -> String {
    url::form_urlencoded::parse(format!("x={}", text.replace('+', "%2B")).as_bytes())
        .next()
        .map(|(_, value)| value.into_owned())
        .unwrap_or_default()
}

fn query_value<'a>(query: &'a str, key: &str) -> Option<Cow<'a, str>> {
    url::form_urlencoded::parse(query.as_bytes())
        .find(|(name, _)| name == key)
        .map(|(_, value)| value)
}

/// The protocol's handler: answers on a blocking thread, so neither the page nor the main thread
/// waits on the database or a picture's decoding.
pub fn handle<R: Runtime>(
    context: UriSchemeContext<'_, R>,
    request: Request<Vec<u8>>,
    responder: UriSchemeResponder,
) {
    if context.webview_label() != WindowLabel::Journal.as_str() {
        responder.respond(refuse(
            StatusCode::FORBIDDEN,
            "Only the journal window shows pictures.",
        ));
        return;
    }
    let app = context.app_handle().clone();
    tauri::async_runtime::spawn(async move {
        let journal = app.state::<JournalState>();
        let response = respond(&journal, request).await;
        responder.respond(response);
    });
}

async fn respond(journal: &JournalState, request: Request<Vec<u8>>) -> Response<Vec<u8>> {
    let (path, query) = target(&request);
    let method = request.method().clone();
    if method == Method::OPTIONS {
        return preflight();
    }
    match (method, path.split_once('/')) {
        (Method::GET, Some(("picture", id))) => {
            let Ok(id) = super::commands::entry_id(id.to_owned()) else {
                return refuse(StatusCode::NOT_FOUND, "There is no such picture.");
            };
            let variant = if query.split('&').any(|part| part == "original") {
                PictureVariant::Original
            } else {
                PictureVariant::Display
            };
            match journal
                .run(move |store, user| store.picture(user, &id, variant))
                .await
            {
                Ok(picture) => answer(StatusCode::OK, &picture.mime, picture.bytes),
                Err(err) => refuse_error(err),
            }
        }
        (Method::POST, None) if path == "picture" => {
            add(journal, &query, request.into_body()).await
        }
        _ => refuse(StatusCode::NOT_FOUND, "Quire does not know that address."),
    }
}

/// Checks and keeps a new picture for the entry the query names; answers its id and size.
async fn add(journal: &JournalState, query: &str, bytes: Vec<u8>) -> Response<Vec<u8>> {
    let Some(entry) = query_value(query, "entry")
        .map(|id| id.into_owned())
        .and_then(|id| super::commands::entry_id(id).ok())
    else {
        return refuse(
            StatusCode::BAD_REQUEST,
            "Open an entry before adding a picture to it.",
        );
    };
    let started = std::time::Instant::now();
    let prepared = match tauri::async_runtime::spawn_blocking(move || prepare_picture(bytes)).await
    {
        Ok(Ok(prepared)) => prepared,
        Ok(Err(refused)) => return refuse(StatusCode::UNPROCESSABLE_ENTITY, refused.to_string()),
        Err(_) => {
            tracing::error!("a picture's preparation stopped");
            return refuse(
                StatusCode::INTERNAL_SERVER_ERROR,
                "Quire could not read this picture. Try again.",
            );
        }
    };
    let prepared_ms = started.elapsed().as_millis() as u64;
    match journal
        .run(move |store, user| store.add_picture(user, &entry, prepared))
        .await
    {
        Ok(info) => {
            tracing::info!(
                prepared_ms,
                total_ms = started.elapsed().as_millis() as u64,
                bytes = info.byte_len,
                "a picture was added"
            );
            let body = serde_json::to_vec(&info).unwrap_or_default();
            answer(StatusCode::CREATED, "application/json", body)
        }
        Err(err) => refuse_error(err),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(uri: &str) -> Request<Vec<u8>> {
        Request::builder().uri(uri).body(Vec::new()).unwrap()
    }

    #[test]
    fn the_path_is_read_as_the_page_encodes_it() {
        let id = "0193f0a4-5b6c-7d8e-9f00-112233445566";
        assert_eq!(
            target(&request(&format!("quire://localhost/picture%2F{id}"))),
            (format!("picture/{id}"), String::new())
        );
        assert_eq!(
            target(&request(&format!(
                "quire://localhost/picture%2F{id}%3Foriginal"
            ))),
            (format!("picture/{id}"), "original".to_owned())
        );
        assert_eq!(
            target(&request(&format!(
                "http://quire.localhost/picture?entry={id}"
            ))),
            ("picture".to_owned(), format!("entry={id}"))
        );
    }

    #[test]
    fn the_entry_is_read_from_the_query() {
        assert_eq!(
            query_value("entry=abc&x=1", "entry").as_deref(),
            Some("abc")
        );
        assert_eq!(query_value("x=1", "entry"), None);
    }
}
