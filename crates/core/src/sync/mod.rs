//! Sync across devices through a CouchDB server, end-to-end encrypted.
//!
//! Each entry, journal and picture is one document whose whole body is ciphertext under a key
//! derived from the journal's content key ([`codec`]); the server sees random ids, revisions and
//! sizes. [`Syncer::sync_once`] pushes the journal's changes, then pulls the server's, in batches
//! ([`replicate`]), over a small client for CouchDB's replication endpoints ([`couch`]), with
//! checkpoints on both sides ([`checkpoint`]). What the journal keeps for it (which row is which
//! document, what waits to be pushed, conflicts, documents set aside) is in `store::replica`.
//! Writing never waits for sync: the store marks changes with triggers, and sync reads them later.
//!
//! Pictures are documents of their own (the bytes as two encrypted attachments) rather than
//! attachments of their entry's document: an entry is saved every few seconds while someone
//! types, and its document is re-encrypted each time, so pictures inside it would be sent again
//! with every edit; on their own they are sent once, and a picture too large for the server stops
//! only itself.
//!
//! A document with the well-known id [`KEYS_DOC`] holds the content key wrapped by the recovery key
//! and passphrase slots (never the keyring slot), so that a second device can unlock the journal.

mod checkpoint;
mod codec;
mod couch;
mod error;
mod replicate;

use std::sync::Arc;

use serde_json::{json, Value};

pub use codec::SyncKey;
pub use error::SyncError;

use crate::auth::secret::Secret;
use crate::keys::{ContentKey, KeyError, KeySlots};
use crate::store::{Store, UserId};
use couch::Couch;
use replicate::Replication;

/// The id of the document that holds the portable key slots.
pub const KEYS_DOC: &str = "quire-keys";

/// Where to sync: a CouchDB server, a database on it (one per account), and the account's
/// credentials for basic auth.
#[derive(Debug, Clone)]
pub struct ServerConfig {
    /// The server's root, such as `https://couch.example.org/`.
    pub url: url::Url,
    pub database: String,
    pub username: String,
    pub password: Secret,
}

/// How far a sync has got, for a progress line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SyncProgress {
    /// `done` of `total` local changes sent.
    Pushing { done: u64, total: u64 },
    /// `seen` changes read from the server so far, of about `total` when pulling from the start.
    Pulling { seen: u64, total: Option<u64> },
}

/// What one sync did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SyncReport {
    /// Local changes the server now has.
    pub pushed: usize,
    /// Documents the server refused (they stay waiting).
    pub refused: usize,
    /// Server versions now in the journal.
    pub applied: usize,
    /// Server versions not applied because the row changed here meanwhile (kept as conflicts).
    pub kept_local: usize,
    /// Versions that lost a conflict and were kept to compare.
    pub conflicts: usize,
    /// Documents that could not be read or used.
    pub set_aside: usize,
    /// Documents still waiting for their journal or entry.
    pub waiting: usize,
    /// Entries deleted on one device and edited on another, kept because an edit beats a delete.
    pub edits_over_deletes: usize,
    /// The entries a pull wrote, by id.
    pub entries: Vec<String>,
}

/// Whose key slots the server holds.
pub enum KeysOnServer {
    /// None yet: this device publishes its own.
    None,
    /// This journal's.
    Ours,
    /// Another journal's, for the same account: a device joins it with the recovery key or the
    /// passphrase that opens these slots.
    Other(KeySlots),
}

/// Syncs one account's journal with one server database.
pub struct Syncer {
    store: Arc<Store>,
    user: UserId,
    server: ServerConfig,
    key: SyncKey,
    couch: Couch,
    /// One sync at a time: a second caller waits for the first to finish.
    running: tokio::sync::Mutex<()>,
}

impl Syncer {
    pub fn new(
        store: Arc<Store>,
        user: UserId,
        server: ServerConfig,
        key: &ContentKey,
    ) -> Result<Self, SyncError> {
        Self::with_key(store, user, server, SyncKey::derive(key))
    }

    /// As [`Syncer::new`], with the sync key already derived.
    pub fn with_key(
        store: Arc<Store>,
        user: UserId,
        server: ServerConfig,
        key: SyncKey,
    ) -> Result<Self, SyncError> {
        Ok(Self {
            couch: Couch::new(&server)?,
            store,
            user,
            server,
            key,
            running: tokio::sync::Mutex::new(()),
        })
    }

    /// Pushes the journal's changes, then pulls the server's. Safe to run again at any point:
    /// an interrupted sync resumes where its last confirmed batch ended.
    #[tracing::instrument(skip_all, err)]
    ///
    /// The first sync with a server pulls first: a new device takes in what is there (merging its
    /// own first journal into the one of the same name) before sending its own.
    pub async fn sync_once(
        &self,
        progress: &mut (dyn FnMut(SyncProgress) + Send),
    ) -> Result<SyncReport, SyncError> {
        let _one = self.running.lock().await;
        let doc_count = self.couch.ensure_database().await?;
        let replication = checkpoint::replication_id(&self.server, &self.user);
        let first = self
            .store
            .sync_checkpoint(&self.user, &replication)?
            .is_none();
        let session = codec::random_id();
        let run = Replication {
            couch: &self.couch,
            store: &self.store,
            user: &self.user,
            key: &self.key,
            replication: &replication,
            session: &session,
            doc_count,
        };
        let mut report = SyncReport::default();
        if first {
            run.pull(&mut report, progress).await?;
        }
        run.push(&mut report, progress).await?;
        run.pull(&mut report, progress).await?;
        Ok(report)
    }

    /// Waits up to `wait` for the server to have something new since the last pull; answers
    /// whether it has. Returns at once when this device never pulled.
    pub async fn wait_for_server(&self, wait: std::time::Duration) -> Result<bool, SyncError> {
        let replication = checkpoint::replication_id(&self.server, &self.user);
        let Some(checkpoint) = self.store.sync_checkpoint(&self.user, &replication)? else {
            return Ok(true);
        };
        let since: Value = serde_json::from_str(&checkpoint.pulled_seq).unwrap_or(json!(0));
        self.couch.wait_for_change(&since, wait).await
    }

    /// Whose key slots the server holds.
    pub async fn keys_on_server(&self) -> Result<KeysOnServer, SyncError> {
        self.couch.ensure_database().await?;
        let Some(doc) = self.couch.get_doc(KEYS_DOC).await? else {
            return Ok(KeysOnServer::None);
        };
        if doc.get("key").and_then(Value::as_str) == Some(self.key.fingerprint().as_str()) {
            return Ok(KeysOnServer::Ours);
        }
        slots_of(&doc).map(KeysOnServer::Other)
    }

    /// How many entries, journals and pictures have changes not yet pushed.
    pub fn pending_count(&self) -> Result<u64, SyncError> {
        Ok(self.store.sync_pending_count(&self.user)?)
    }

    /// Publishes the slots another device can open (recovery key, passphrase) as [`KEYS_DOC`],
    /// replacing what was there.
    #[tracing::instrument(skip_all, err)]
    pub async fn publish_keys(&self, slots: &KeySlots) -> Result<(), SyncError> {
        self.couch.ensure_database().await?;
        let portable: Value =
            serde_json::from_slice(&slots.portable()).expect("portable key slots are JSON");
        let mut body = json!({
            "v": codec::FORMAT,
            "key": self.key.fingerprint(),
            "slots": portable,
        });
        if let Some(rev) = self
            .couch
            .get_doc(KEYS_DOC)
            .await?
            .and_then(|doc| doc.get("_rev").cloned())
        {
            body["_rev"] = rev;
        }
        self.couch.put_doc(KEYS_DOC, &body).await
    }
}

/// The key slots published on `server`, for a device that has no key yet: open them with
/// [`KeySlots::unlock`] and the recovery key or passphrase. `None` when none were published.
#[tracing::instrument(skip_all, err)]
pub async fn fetch_keys(server: &ServerConfig) -> Result<Option<KeySlots>, SyncError> {
    let couch = Couch::new(server)?;
    let Some(doc) = couch.get_doc(KEYS_DOC).await? else {
        return Ok(None);
    };
    slots_of(&doc).map(Some)
}

fn slots_of(doc: &Value) -> Result<KeySlots, SyncError> {
    let slots = doc
        .get("slots")
        .ok_or_else(|| SyncError::Protocol("the key document holds no slots".to_owned()))?;
    let bytes = serde_json::to_vec(slots).expect("a JSON value serializes");
    KeySlots::from_portable(&bytes).map_err(|err: KeyError| SyncError::Protocol(err.to_string()))
}
