//! What sync reads from and writes to the journal (see `crate::sync` for the protocol).
//!
//! Each entry, journal and picture is one document on the server under a random id of its own
//! (`sync_docs`, migration 13). Triggers count every local write, so the store's write paths (save,
//! delete, restore, dates, stars, moves, imports, pictures) need no sync code: a row whose `changes`
//! is past `pushed` waits to be pushed. This file defines the documents, turns rows into the plain
//! documents that `sync::codec` encrypts, takes pulled documents in (applied by
//! [`super::replica_apply`]), and keeps the versions that lost a conflict and the documents set
//! aside. Applying a pulled document bumps the same counters, so it marks itself pushed in the
//! same transaction.

use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};

use super::replica_apply::apply;
use super::{now_ms, Store, StoreError, UserId};

/// What kind of row a document carries, in the order a pull applies them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DocKind {
    Journal,
    Entry,
    Picture,
}

impl DocKind {
    pub(super) fn as_str(self) -> &'static str {
        match self {
            Self::Journal => "journal",
            Self::Entry => "entry",
            Self::Picture => "picture",
        }
    }

    pub(super) fn parse(text: &str) -> Option<Self> {
        [Self::Journal, Self::Entry, Self::Picture]
            .into_iter()
            .find(|kind| kind.as_str() == text)
    }
}

/// An entry as a document holds it. Tags travel in the text (`#tag`), as the store keeps them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EntryDoc {
    pub id: String,
    pub created_at: i64,
    pub updated_at: i64,
    pub dated_at: i64,
    pub time_zone: Option<String>,
    pub journal: String,
    pub starred: bool,
    pub metadata: Option<serde_json::Map<String, serde_json::Value>>,
    pub content: String,
    pub deleted_at: Option<i64>,
}

/// A journal as a document holds it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct JournalDoc {
    pub id: String,
    pub name: String,
    pub colour: String,
    pub position: i64,
    pub template: String,
    pub created_at: i64,
    pub deleted_at: Option<i64>,
}

/// A picture's description; its bytes travel as the document's attachments.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PictureDoc {
    pub id: String,
    pub entry: String,
    pub mime: String,
    pub width: u32,
    pub height: u32,
    pub created_at: i64,
    pub display_mime: Option<String>,
}

/// The plain body of a document, before encryption and after decryption.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "t", rename_all = "lowercase", deny_unknown_fields)]
pub enum DocBody {
    Journal(JournalDoc),
    Entry(EntryDoc),
    Picture(PictureDoc),
    /// The row was purged; the document is a tombstone.
    Gone {
        kind: DocKind,
        id: String,
    },
}

impl DocBody {
    pub fn kind(&self) -> DocKind {
        match self {
            Self::Journal(_) => DocKind::Journal,
            Self::Entry(_) => DocKind::Entry,
            Self::Picture(_) => DocKind::Picture,
            Self::Gone { kind, .. } => *kind,
        }
    }

    pub fn local_id(&self) -> &str {
        match self {
            Self::Journal(doc) => &doc.id,
            Self::Entry(doc) => &doc.id,
            Self::Picture(doc) => &doc.id,
            Self::Gone { id, .. } => id,
        }
    }

    /// Whether this version says the row is deleted (soft or for good): such a version loses to
    /// any live one, so an edit on one device beats a delete on another.
    pub fn is_deleted(&self) -> bool {
        match self {
            Self::Journal(doc) => doc.deleted_at.is_some(),
            Self::Entry(doc) => doc.deleted_at.is_some(),
            Self::Picture(_) => false,
            Self::Gone { .. } => true,
        }
    }
}

/// A picture's bytes, sent as attachments.
#[derive(Clone, PartialEq, Eq)]
pub struct PictureData {
    pub original: Vec<u8>,
    pub display: Option<Vec<u8>>,
}

impl std::fmt::Debug for PictureData {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PictureData")
            .field("original", &self.original.len())
            .field("display", &self.display.as_ref().map(Vec::len))
            .finish()
    }
}

/// A local row waiting to be pushed.
#[derive(Debug, Clone)]
pub struct PendingDoc {
    pub doc_id: String,
    /// The revision the local copy descends from; `None` for a row never on the server.
    pub rev: Option<String>,
    pub changes: i64,
    pub body: DocBody,
    pub data: Option<PictureData>,
}

/// A version pulled from the server, decrypted.
#[derive(Debug, Clone)]
pub struct PulledVersion {
    pub rev: String,
    /// The revision this one descends from, when the server said.
    pub parent: Option<String>,
    pub body: DocBody,
    pub data: Option<PictureData>,
}

/// What applying one pulled document did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Applied {
    /// The winning version is now the local row.
    Applied,
    /// The winning version is now the local row, and it brought back an entry deleted here: it was
    /// edited elsewhere, and an edit beats a delete.
    Revived,
    /// The local row had unpushed changes: it stays, and the pulled version is kept as a conflict.
    KeptLocal,
    /// The document names a journal or entry not here yet; it waits in `sync_set_aside`.
    Waiting,
    /// The document cannot be used here; it is in `sync_set_aside` with the reason.
    SetAside,
}

/// A document that was not applied, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SetAside {
    pub doc_id: String,
    pub rev: String,
    pub reason: String,
    pub waiting: bool,
}

/// Where a replication with one server got to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyncCheckpoint {
    pub session: String,
    pub pulled_seq: String,
    pub pushes: i64,
}

impl Store {
    /// How many entries, journals and pictures have changes the server has not had yet.
    pub fn sync_pending_count(&self, user: &UserId) -> Result<u64, StoreError> {
        let count: i64 = self.reader().query_row(
            "SELECT count(*) FROM sync_docs WHERE user_id = ?1 AND changes > pushed",
            [user.as_str()],
            |row| row.get(0),
        )?;
        Ok(count.unsigned_abs())
    }

    /// Up to `limit` rows waiting to be pushed, journals first, then entries, then pictures, so
    /// that a device pulling them in order meets a journal before its entries.
    #[tracing::instrument(skip_all, err)]
    pub fn sync_pending(&self, user: &UserId, limit: usize) -> Result<Vec<PendingDoc>, StoreError> {
        let conn = self.reader();
        let rows: Vec<(String, String, String, Option<String>, i64, bool)> = conn
            .prepare_cached(
                "SELECT doc_id, kind, local_id, rev, changes, gone FROM sync_docs
                 WHERE user_id = ?1 AND changes > pushed
                 ORDER BY CASE kind WHEN 'journal' THEN 0 WHEN 'entry' THEN 1 ELSE 2 END, rowid
                 LIMIT ?2",
            )?
            .query_map(params![user.as_str(), limit as i64], |row| {
                Ok((
                    row.get(0)?,
                    row.get(1)?,
                    row.get(2)?,
                    row.get(3)?,
                    row.get(4)?,
                    row.get(5)?,
                ))
            })?
            .collect::<Result<_, _>>()?;
        let mut pending = Vec::with_capacity(rows.len());
        for (doc_id, kind, local_id, rev, changes, gone) in rows {
            let kind = DocKind::parse(&kind).ok_or(StoreError::Corrupt)?;
            let read = if gone {
                None
            } else {
                read_local(&conn, user, kind, &local_id)?
            };
            let (body, data) = read.unwrap_or(
                // A row that is gone (or vanished between the two reads) is pushed as a tombstone.
                (DocBody::Gone { kind, id: local_id }, None),
            );
            pending.push(PendingDoc {
                doc_id,
                rev,
                changes,
                body,
                data,
            });
        }
        Ok(pending)
    }

    /// Notes the revisions about to be sent, before sending them: if the push is cut off, the next
    /// one asks the server whether they arrived instead of sending new ones beside them.
    #[tracing::instrument(skip_all, err)]
    pub fn sync_note_sent(&self, sent: &[(String, String, i64)]) -> Result<(), StoreError> {
        let mut conn = self.writer();
        let tx = conn.transaction()?;
        for (doc_id, rev, changes) in sent {
            tx.prepare_cached(
                "UPDATE sync_docs SET sent_rev = ?2, sent_changes = ?3 WHERE doc_id = ?1",
            )?
            .execute(params![doc_id, rev, changes])?;
        }
        tx.commit()?;
        Ok(())
    }

    /// Pushes that were sent but never confirmed: `(doc id, revision, changes)`.
    pub fn sync_unconfirmed(
        &self,
        user: &UserId,
    ) -> Result<Vec<(String, String, i64)>, StoreError> {
        Ok(self
            .reader()
            .prepare_cached(
                "SELECT doc_id, sent_rev, sent_changes FROM sync_docs
                 WHERE user_id = ?1 AND sent_rev IS NOT NULL",
            )?
            .query_map([user.as_str()], |row| {
                Ok((row.get(0)?, row.get(1)?, row.get(2)?))
            })?
            .collect::<Result<_, _>>()?)
    }

    /// Records that the server holds `rev` of each document, made from the row as it was at
    /// `changes`; a row written since stays pending. `None` as revision forgets a sent one that never
    /// arrived.
    #[tracing::instrument(skip_all, err)]
    pub fn sync_confirm(&self, done: &[(String, Option<String>, i64)]) -> Result<(), StoreError> {
        let mut conn = self.writer();
        let tx = conn.transaction()?;
        for (doc_id, rev, changes) in done {
            match rev {
                Some(rev) => tx
                    .prepare_cached(
                        "UPDATE sync_docs SET rev = ?2, pushed = max(pushed, ?3), sent_rev = NULL,
                                              sent_changes = NULL
                         WHERE doc_id = ?1",
                    )?
                    .execute(params![doc_id, rev, changes])?,
                None => tx
                    .prepare_cached(
                        "UPDATE sync_docs SET sent_rev = NULL, sent_changes = NULL
                         WHERE doc_id = ?1",
                    )?
                    .execute([doc_id])?,
            };
        }
        tx.commit()?;
        Ok(())
    }

    /// Whether `rev` of `doc_id` is already known here: the local copy's, a kept conflict, or a
    /// version set aside for good. Known versions are not fetched again.
    pub fn sync_knows(&self, doc_id: &str, rev: &str) -> Result<bool, StoreError> {
        Ok(self
            .reader()
            .prepare_cached(
                "SELECT EXISTS (SELECT 1 FROM sync_docs WHERE doc_id = ?1 AND rev = ?2)
                 OR EXISTS (SELECT 1 FROM sync_conflicts WHERE doc_id = ?1 AND rev = ?2)
                 OR EXISTS (SELECT 1 FROM sync_set_aside WHERE doc_id = ?1 AND rev = ?2
                                                          AND waiting = 0)",
            )?
            .query_row(params![doc_id, rev], |row| row.get(0))?)
    }

    /// Applies pulled documents, each `(doc id, winner, losers)`, in one transaction: `winner`
    /// becomes the local row (unless the row has unpushed changes), and each of `losers` that is a
    /// live version is kept in `sync_conflicts`. One transaction per batch keeps a first sync of
    /// thousands of entries from waiting on a disk sync for each; a save waits at most for one batch.
    #[tracing::instrument(skip_all, err)]
    pub fn sync_apply(
        &self,
        user: &UserId,
        pulled: &[(String, PulledVersion, Vec<PulledVersion>)],
    ) -> Result<Vec<Applied>, StoreError> {
        let mut conn = self.writer();
        let tx = conn.transaction()?;
        let mut outcomes = Vec::with_capacity(pulled.len());
        for (doc_id, winner, losers) in pulled {
            outcomes.push(apply(&tx, user, doc_id, winner, losers)?);
        }
        tx.commit()?;
        Ok(outcomes)
    }

    /// Sets a document aside with the reason it was not applied. A `waiting` one is tried again at
    /// the end of the next pull.
    #[tracing::instrument(skip_all, err)]
    pub fn sync_set_aside(
        &self,
        user: &UserId,
        doc_id: &str,
        rev: &str,
        reason: &str,
        waiting: bool,
    ) -> Result<(), StoreError> {
        set_aside(&self.writer(), user, doc_id, rev, reason, waiting)
    }

    /// The documents set aside, newest first.
    pub fn sync_set_aside_list(&self, user: &UserId) -> Result<Vec<SetAside>, StoreError> {
        Ok(self
            .reader()
            .prepare_cached(
                "SELECT doc_id, rev, reason, waiting FROM sync_set_aside WHERE user_id = ?1
                 ORDER BY found_at DESC",
            )?
            .query_map([user.as_str()], |row| {
                Ok(SetAside {
                    doc_id: row.get(0)?,
                    rev: row.get(1)?,
                    reason: row.get(2)?,
                    waiting: row.get(3)?,
                })
            })?
            .collect::<Result<_, _>>()?)
    }

    /// Forgets a waiting document, before it is fetched and applied again.
    pub fn sync_stop_waiting(&self, doc_id: &str, rev: &str) -> Result<(), StoreError> {
        self.writer().execute(
            "DELETE FROM sync_set_aside WHERE doc_id = ?1 AND rev = ?2 AND waiting = 1",
            params![doc_id, rev],
        )?;
        Ok(())
    }

    /// Where the replication named `replication` got to.
    pub fn sync_checkpoint(
        &self,
        user: &UserId,
        replication: &str,
    ) -> Result<Option<SyncCheckpoint>, StoreError> {
        Ok(self
            .reader()
            .query_row(
                "SELECT session, pulled_seq, pushes FROM sync_state
                 WHERE user_id = ?1 AND replication = ?2",
                params![user.as_str(), replication],
                |row| {
                    Ok(SyncCheckpoint {
                        session: row.get(0)?,
                        pulled_seq: row.get(1)?,
                        pushes: row.get(2)?,
                    })
                },
            )
            .optional()?)
    }

    #[tracing::instrument(skip_all, err)]
    pub fn sync_save_checkpoint(
        &self,
        user: &UserId,
        replication: &str,
        checkpoint: &SyncCheckpoint,
    ) -> Result<(), StoreError> {
        self.writer().execute(
            "INSERT INTO sync_state (user_id, replication, session, pulled_seq, pushes)
             VALUES (?1, ?2, ?3, ?4, ?5)
             ON CONFLICT (user_id, replication) DO UPDATE
                SET session = ?3, pulled_seq = ?4, pushes = ?5",
            params![
                user.as_str(),
                replication,
                checkpoint.session,
                checkpoint.pulled_seq,
                checkpoint.pushes
            ],
        )?;
        Ok(())
    }
}

pub(super) fn set_aside(
    conn: &Connection,
    user: &UserId,
    doc_id: &str,
    rev: &str,
    reason: &str,
    waiting: bool,
) -> Result<(), StoreError> {
    conn.prepare_cached(
        "INSERT INTO sync_set_aside (doc_id, rev, user_id, reason, waiting, found_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)
         ON CONFLICT (doc_id, rev) DO UPDATE SET reason = ?4, waiting = ?5",
    )?
    .execute(params![
        doc_id,
        rev,
        user.as_str(),
        reason,
        waiting,
        now_ms()
    ])?;
    Ok(())
}

/// The local row as a document body, or `None` if it is not there.
fn read_local(
    conn: &Connection,
    user: &UserId,
    kind: DocKind,
    id: &str,
) -> Result<Option<(DocBody, Option<PictureData>)>, StoreError> {
    let found = match kind {
        DocKind::Entry => conn
            .prepare_cached(
                "SELECT e.created_at, e.updated_at, e.dated_at, e.time_zone, j.id, e.starred,
                        e.metadata, e.content, e.deleted_at
                 FROM entries e JOIN journals j ON j.seq = e.journal_seq
                 WHERE e.id = ?1 AND e.user_id = ?2",
            )?
            .query_row(params![id, user.as_str()], |row| {
                let metadata: Option<String> = row.get(6)?;
                Ok(DocBody::Entry(EntryDoc {
                    id: id.to_owned(),
                    created_at: row.get(0)?,
                    updated_at: row.get(1)?,
                    dated_at: row.get(2)?,
                    time_zone: row.get(3)?,
                    journal: row.get(4)?,
                    starred: row.get(5)?,
                    metadata: metadata.and_then(|text| serde_json::from_str(&text).ok()),
                    content: row.get(7)?,
                    deleted_at: row.get(8)?,
                }))
            })
            .optional()?
            .map(|body| (body, None)),
        DocKind::Journal => conn
            .prepare_cached(
                "SELECT name, colour, position, template, created_at, deleted_at FROM journals
                 WHERE id = ?1 AND user_id = ?2",
            )?
            .query_row(params![id, user.as_str()], |row| {
                Ok(DocBody::Journal(JournalDoc {
                    id: id.to_owned(),
                    name: row.get(0)?,
                    colour: row.get(1)?,
                    position: row.get(2)?,
                    template: row.get(3)?,
                    created_at: row.get(4)?,
                    deleted_at: row.get(5)?,
                }))
            })
            .optional()?
            .map(|body| (body, None)),
        DocKind::Picture => conn
            .prepare_cached(
                "SELECT entry_id, mime, width, height, created_at, display_mime, data, display
                 FROM pictures WHERE id = ?1 AND user_id = ?2",
            )?
            .query_row(params![id, user.as_str()], |row| {
                Ok((
                    DocBody::Picture(PictureDoc {
                        id: id.to_owned(),
                        entry: row.get(0)?,
                        mime: row.get(1)?,
                        width: row.get(2)?,
                        height: row.get(3)?,
                        created_at: row.get(4)?,
                        display_mime: row.get(5)?,
                    }),
                    Some(PictureData {
                        original: row.get(6)?,
                        display: row.get(7)?,
                    }),
                ))
            })
            .optional()?,
    };
    Ok(found)
}
