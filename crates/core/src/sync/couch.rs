//! A small client for the part of CouchDB's HTTP API that replication uses.
//!
//! Apache CouchDB 3, Cloudant and PouchDB Server all speak it. Every request carries basic auth;
//! the password stays a [`Secret`] until reqwest writes the header. Bodies are `serde_json::Value`:
//! the protocol's shapes are few and the replicator reads only a handful of fields from each.

use std::time::Duration;

use reqwest::{Method, RequestBuilder, StatusCode};
use serde_json::{json, Value};
use url::Url;

use super::error::SyncError;
use super::ServerConfig;

const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);
/// Long enough for a batch of pictures on a slow line.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(120);
/// How long past its `timeout` a longpoll is left open before the client ends it.
const LONGPOLL_GRACE: Duration = Duration::from_secs(2);

/// One database on one server.
pub(crate) struct Couch {
    http: reqwest::Client,
    db: Url,
    config: ServerConfig,
}

/// One row of the changes feed: a document and its leaf revisions.
#[derive(Debug)]
pub(crate) struct Change {
    pub id: String,
    pub revs: Vec<String>,
}

/// A page of the changes feed.
#[derive(Debug)]
pub(crate) struct Changes {
    pub rows: Vec<Change>,
    pub last_seq: Value,
}

/// One revision asked for, and what came back: the document, or why not.
pub(crate) type Fetched = (String, Result<Value, String>);

impl Couch {
    pub fn new(config: &ServerConfig) -> Result<Self, SyncError> {
        let mut db = config.url.clone();
        if !db.path().ends_with('/') {
            db.set_path(&format!("{}/", db.path()));
        }
        db.path_segments_mut()
            .map_err(|()| SyncError::Address("it cannot hold a path".to_owned()))?
            .pop_if_empty()
            .push(&config.database);
        let http = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .connect_timeout(CONNECT_TIMEOUT)
            .timeout(REQUEST_TIMEOUT)
            .build()
            .map_err(|err| SyncError::Address(format!("the HTTP client did not start: {err}")))?;
        Ok(Self {
            http,
            db,
            config: config.clone(),
        })
    }

    /// A path inside the database (`_changes`, a document id…), each segment escaped.
    fn url(&self, segments: &[&str]) -> Url {
        let mut url = self.db.clone();
        {
            let mut path = url.path_segments_mut().expect("checked in new");
            path.pop_if_empty();
            for segment in segments {
                path.push(segment);
            }
        }
        url
    }

    fn request(&self, method: Method, url: Url) -> RequestBuilder {
        self.http
            .request(method, url)
            .basic_auth(&self.config.username, Some(self.config.password.expose()))
            .header(reqwest::header::ACCEPT, "application/json")
    }

    /// Sends and reads a JSON answer; `allowed` statuses come back as `Ok` with their body.
    async fn send(
        &self,
        request: RequestBuilder,
        allowed: &[StatusCode],
    ) -> Result<(StatusCode, Value), SyncError> {
        let response = request.send().await.map_err(SyncError::from_reqwest)?;
        let status = response.status();
        if !status.is_success() && !allowed.contains(&status) {
            return Err(SyncError::from_status(status, &self.config.database));
        }
        let bytes = response.bytes().await.map_err(SyncError::from_reqwest)?;
        let body = if bytes.is_empty() {
            Value::Null
        } else {
            serde_json::from_slice(&bytes)
                .map_err(|err| SyncError::Protocol(format!("an answer is not JSON: {err}")))?
        };
        Ok((status, body))
    }

    /// Makes sure the database exists: creates it when missing, if the account may. Answers how
    /// many documents it holds.
    #[tracing::instrument(skip_all, err)]
    pub async fn ensure_database(&self) -> Result<u64, SyncError> {
        let (status, info) = self
            .send(
                self.request(Method::GET, self.db.clone()),
                &[StatusCode::NOT_FOUND],
            )
            .await?;
        if status != StatusCode::NOT_FOUND {
            return Ok(info.get("doc_count").and_then(Value::as_u64).unwrap_or(0));
        }
        let created = self
            .send(
                self.request(Method::PUT, self.db.clone()),
                &[StatusCode::PRECONDITION_FAILED],
            )
            .await;
        match created {
            Ok(_) => Ok(0),
            Err(SyncError::Unauthorized) => {
                Err(SyncError::DatabaseMissing(self.config.database.clone()))
            }
            Err(err) => Err(err),
        }
    }

    /// Up to `limit` changes after `since`, each with all its leaf revisions (conflicts too).
    #[tracing::instrument(skip_all, err)]
    pub async fn changes(&self, since: &Value, limit: usize) -> Result<Changes, SyncError> {
        let since = match since {
            Value::String(text) => text.clone(),
            other => other.to_string(),
        };
        let mut url = self.url(&["_changes"]);
        url.query_pairs_mut()
            .append_pair("since", &since)
            .append_pair("style", "all_docs")
            .append_pair("limit", &limit.to_string());
        let (_, body) = self.send(self.request(Method::GET, url), &[]).await?;
        let last_seq = body
            .get("last_seq")
            .cloned()
            .ok_or_else(|| SyncError::Protocol("the changes feed has no last_seq".to_owned()))?;
        let rows = body
            .get("results")
            .and_then(Value::as_array)
            .ok_or_else(|| SyncError::Protocol("the changes feed has no results".to_owned()))?
            .iter()
            .filter_map(|row| {
                let id = row.get("id")?.as_str()?.to_owned();
                let revs = row
                    .get("changes")?
                    .as_array()?
                    .iter()
                    .filter_map(|change| Some(change.get("rev")?.as_str()?.to_owned()))
                    .collect();
                Some(Change { id, revs })
            })
            .collect();
        Ok(Changes { rows, last_seq })
    }

    /// Waits up to `wait` for a change after `since` (the longpoll feed), and answers whether one
    /// came. The server holds the request open, so waiting costs no work on either side. A server
    /// that does not end the wait itself (PouchDB Server ignores `timeout`) is left a little after
    /// `wait`, which counts as no change.
    #[tracing::instrument(skip_all)]
    pub async fn wait_for_change(&self, since: &Value, wait: Duration) -> Result<bool, SyncError> {
        let since = match since {
            Value::String(text) => text.clone(),
            other => other.to_string(),
        };
        let mut url = self.url(&["_changes"]);
        url.query_pairs_mut()
            .append_pair("feed", "longpoll")
            .append_pair("since", &since)
            .append_pair("limit", "1")
            .append_pair("timeout", &wait.as_millis().to_string());
        let request = self
            .request(Method::GET, url)
            .timeout(wait + LONGPOLL_GRACE);
        let response = match request.send().await {
            Ok(response) => response,
            Err(err) if timed_out(&err) => return Ok(false),
            Err(err) => return Err(SyncError::from_reqwest(err)),
        };
        let status = response.status();
        if !status.is_success() {
            return Err(SyncError::from_status(status, &self.config.database));
        }
        let bytes = match response.bytes().await {
            Ok(bytes) => bytes,
            Err(err) if timed_out(&err) => return Ok(false),
            // The server went away mid-wait.
            Err(err) => return Err(SyncError::Offline(super::error::without_url(&err))),
        };
        let body: Value = serde_json::from_slice(&bytes)
            .map_err(|err| SyncError::Protocol(format!("an answer is not JSON: {err}")))?;
        Ok(body
            .get("results")
            .and_then(Value::as_array)
            .is_some_and(|rows| !rows.is_empty()))
    }

    /// Which of `revs` (doc id → revisions) the server does not have.
    #[tracing::instrument(skip_all, err)]
    pub async fn revs_diff(
        &self,
        revs: &[(String, String)],
    ) -> Result<std::collections::HashSet<(String, String)>, SyncError> {
        if revs.is_empty() {
            return Ok(Default::default());
        }
        let mut asked = serde_json::Map::new();
        for (id, rev) in revs {
            let entry = asked.entry(id.clone()).or_insert_with(|| json!([]));
            if let Value::Array(list) = entry {
                list.push(json!(rev));
            }
        }
        let (_, body) = self
            .send(
                with_json(
                    self.request(Method::POST, self.url(&["_revs_diff"])),
                    &Value::Object(asked),
                ),
                &[],
            )
            .await?;
        let mut missing = std::collections::HashSet::new();
        if let Value::Object(map) = body {
            for (id, answer) in map {
                for rev in answer
                    .get("missing")
                    .and_then(Value::as_array)
                    .into_iter()
                    .flatten()
                    .filter_map(Value::as_str)
                {
                    missing.insert((id.clone(), rev.to_owned()));
                }
            }
        }
        Ok(missing)
    }

    /// Stores revisions made elsewhere as they are (`new_edits: false`). Returns the ids the
    /// server refused, with its reason.
    #[tracing::instrument(skip_all, err)]
    pub async fn bulk_docs(&self, docs: Vec<Value>) -> Result<Vec<(String, String)>, SyncError> {
        let (_, body) = self
            .send(
                with_json(
                    self.request(Method::POST, self.url(&["_bulk_docs"])),
                    &json!({ "docs": docs, "new_edits": false }),
                ),
                &[],
            )
            .await?;
        Ok(body
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|row| {
                let error = row.get("error")?.as_str()?;
                let id = row.get("id").and_then(Value::as_str).unwrap_or_default();
                let reason = row.get("reason").and_then(Value::as_str).unwrap_or(error);
                Some((id.to_owned(), reason.to_owned()))
            })
            .collect())
    }

    /// The asked revisions, each with its history and attachments, through `_bulk_get`; a server
    /// without it is asked one document at a time with `open_revs`.
    #[tracing::instrument(skip_all, err)]
    pub async fn bulk_get(&self, wanted: &[(String, String)]) -> Result<Vec<Fetched>, SyncError> {
        if wanted.is_empty() {
            return Ok(Vec::new());
        }
        let mut url = self.url(&["_bulk_get"]);
        url.query_pairs_mut()
            .append_pair("revs", "true")
            .append_pair("attachments", "true");
        let docs: Vec<Value> = wanted
            .iter()
            .map(|(id, rev)| json!({ "id": id, "rev": rev }))
            .collect();
        let allowed = [
            StatusCode::NOT_FOUND,
            StatusCode::METHOD_NOT_ALLOWED,
            StatusCode::BAD_REQUEST,
        ];
        let (status, body) = self
            .send(
                with_json(self.request(Method::POST, url), &json!({ "docs": docs })),
                &allowed,
            )
            .await?;
        if allowed.contains(&status) {
            return self.open_revs(wanted).await;
        }
        let mut fetched = Vec::new();
        for result in body
            .get("results")
            .and_then(Value::as_array)
            .ok_or_else(|| SyncError::Protocol("_bulk_get gave no results".to_owned()))?
        {
            let id = result.get("id").and_then(Value::as_str).unwrap_or_default();
            for doc in result
                .get("docs")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
            {
                fetched.push(read_open_rev(id, doc));
            }
        }
        Ok(fetched)
    }

    async fn open_revs(&self, wanted: &[(String, String)]) -> Result<Vec<Fetched>, SyncError> {
        let mut by_doc: Vec<(&str, Vec<&str>)> = Vec::new();
        for (id, rev) in wanted {
            match by_doc.iter_mut().find(|(doc, _)| *doc == id.as_str()) {
                Some((_, revs)) => revs.push(rev.as_str()),
                None => by_doc.push((id.as_str(), vec![rev.as_str()])),
            }
        }
        let mut fetched = Vec::new();
        for (id, revs) in by_doc {
            let mut url = self.url(&[id]);
            url.query_pairs_mut()
                .append_pair("open_revs", &serde_json::to_string(&revs).expect("strings"))
                .append_pair("revs", "true")
                .append_pair("latest", "true")
                .append_pair("attachments", "true");
            let (_, body) = self.send(self.request(Method::GET, url), &[]).await?;
            for doc in body.as_array().into_iter().flatten() {
                fetched.push(read_open_rev(id, doc));
            }
        }
        Ok(fetched)
    }

    /// A `_local` document (never replicated), with its revision; `None` if there is none.
    #[tracing::instrument(skip_all, err)]
    pub async fn get_local(&self, name: &str) -> Result<Option<Value>, SyncError> {
        self.get_doc(&format!("_local/{name}")).await
    }

    pub async fn put_local(&self, name: &str, body: &Value) -> Result<(), SyncError> {
        self.put_doc(&format!("_local/{name}"), body).await
    }

    /// A document by id, or `None` if there is none.
    pub async fn get_doc(&self, id: &str) -> Result<Option<Value>, SyncError> {
        let segments: Vec<&str> = id.splitn(2, '/').collect();
        let (status, body) = self
            .send(
                self.request(Method::GET, self.url(&segments)),
                &[StatusCode::NOT_FOUND],
            )
            .await?;
        Ok((status != StatusCode::NOT_FOUND).then_some(body))
    }

    /// Writes a document as a plain edit (its `_rev`, if any, must be the current one).
    pub async fn put_doc(&self, id: &str, body: &Value) -> Result<(), SyncError> {
        let segments: Vec<&str> = id.splitn(2, '/').collect();
        self.send(
            with_json(self.request(Method::PUT, self.url(&segments)), body),
            &[],
        )
        .await?;
        Ok(())
    }
}

/// A request with a JSON body.
/// Whether the request ran out of time, at any depth of the error's causes.
fn timed_out(err: &reqwest::Error) -> bool {
    if err.is_timeout() {
        return true;
    }
    let mut source = std::error::Error::source(err);
    while let Some(cause) = source {
        if cause
            .downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::TimedOut)
        {
            return true;
        }
        source = cause.source();
    }
    false
}

fn with_json(request: RequestBuilder, body: &Value) -> RequestBuilder {
    request
        .header(reqwest::header::CONTENT_TYPE, "application/json")
        .body(serde_json::to_vec(body).expect("a JSON value serializes"))
}

/// One entry of an `open_revs` or `_bulk_get` answer: `{ok: doc}`, `{missing: rev}` or
/// `{error: {...}}`.
fn read_open_rev(id: &str, entry: &Value) -> Fetched {
    if let Some(doc) = entry.get("ok") {
        return (id.to_owned(), Ok(doc.clone()));
    }
    let why = entry
        .get("error")
        .and_then(|error| error.get("reason").or(Some(error)))
        .or_else(|| entry.get("missing"))
        .map(|value| value.to_string())
        .unwrap_or_else(|| "the server sent no document".to_owned());
    (id.to_owned(), Err(why))
}
