//! Where a replication got to, kept on both sides so that an interrupted sync resumes.
//!
//! The journal keeps its checkpoint in `sync_state`; the server keeps the same one in a `_local`
//! document (never replicated) named by the replication id. A pull resumes from the recorded
//! sequence only when both sides agree on it (same session, same sequence); otherwise it starts from
//! the beginning, which costs time but nothing else: versions already known are not fetched again.

use serde_json::{json, Value};
use sha2::{Digest, Sha256};

use super::couch::Couch;
use super::error::SyncError;
use super::ServerConfig;
use crate::store::{Store, SyncCheckpoint, UserId};

/// The replication's id: a hash of the server, the database and the account, so that another
/// server or database starts afresh.
pub fn replication_id(server: &ServerConfig, user: &UserId) -> String {
    let mut hash = Sha256::new();
    for part in [
        "quire sync v1",
        server.url.as_str(),
        &server.database,
        user.as_str(),
    ] {
        hash.update(part.as_bytes());
        hash.update([0]);
    }
    hash.finalize()[..16]
        .iter()
        .map(|byte| format!("{byte:02x}"))
        .collect()
}

/// Where to start pulling from: the sequence both sides recorded, or the beginning.
#[tracing::instrument(skip_all, err)]
pub async fn start(
    couch: &Couch,
    store: &Store,
    user: &UserId,
    replication: &str,
) -> Result<(Value, i64), SyncError> {
    let local = store.sync_checkpoint(user, replication)?;
    let remote = couch.get_local(replication).await?;
    let Some(local) = local else {
        return Ok((json!(0), 0));
    };
    let agrees = remote.as_ref().is_some_and(|remote| {
        remote.get("session").and_then(Value::as_str) == Some(local.session.as_str())
            && remote.get("pulled_seq").and_then(Value::as_str) == Some(local.pulled_seq.as_str())
    });
    if !agrees {
        tracing::info!("the checkpoints differ; pulling from the beginning");
        return Ok((json!(0), local.pushes));
    }
    let since = serde_json::from_str(&local.pulled_seq).unwrap_or(json!(0));
    Ok((since, local.pushes))
}

/// Records `seq` (as the server sent it) on both sides: the journal first, so that a server that
/// did not get it only makes the next pull start over.
#[tracing::instrument(skip_all, err)]
pub async fn save(
    couch: &Couch,
    store: &Store,
    user: &UserId,
    replication: &str,
    session: &str,
    seq: &Value,
    pushes: i64,
) -> Result<(), SyncError> {
    let checkpoint = SyncCheckpoint {
        session: session.to_owned(),
        pulled_seq: seq.to_string(),
        pushes,
    };
    store.sync_save_checkpoint(user, replication, &checkpoint)?;
    let mut body = json!({
        "session": checkpoint.session,
        "pulled_seq": checkpoint.pulled_seq,
        "pushes": pushes,
    });
    if let Some(rev) = couch
        .get_local(replication)
        .await?
        .and_then(|doc| doc.get("_rev").cloned())
    {
        body["_rev"] = rev;
    }
    couch.put_local(replication, &body).await
}
