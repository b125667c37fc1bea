//! The versions of an entry or journal that lost a sync conflict, kept so that a person can compare
//! them, and how a conflict is settled.
//!
//! Settling keeps one text (a version, or the person's merge) as the entry's own, and moves every
//! kept version to `sync_closing`; the next push sends each of them a deleted child revision, so
//! the server's losing branches end and every other device drops its copy of them when it pulls
//! that deletion ([`drop_closed`]).

use rusqlite::{params, OptionalExtension, Transaction};

use super::entries::EntrySummary;
use super::replica::{DocBody, DocKind, PulledVersion};
use super::{now_ms, Store, StoreError, UserId};

/// A version that lost a conflict, kept so that a person can look at both.
#[derive(Debug, Clone, PartialEq)]
pub struct SyncConflict {
    pub kind: DocKind,
    pub local_id: String,
    pub rev: String,
    pub body: DocBody,
}

/// A losing branch to close on the server: its document, its revision, and the row it belongs to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClosingRev {
    pub doc_id: String,
    pub rev: String,
    pub kind: DocKind,
    pub local_id: String,
}

impl Store {
    /// The versions that lost a conflict, for one of the person's entries or journals (or all of
    /// them with `None`).
    pub fn sync_conflicts(
        &self,
        user: &UserId,
        local_id: Option<&str>,
    ) -> Result<Vec<SyncConflict>, StoreError> {
        let rows: Vec<(String, String, String, String)> = self
            .reader()
            .prepare_cached(
                "SELECT kind, local_id, rev, body FROM sync_conflicts
                 WHERE user_id = ?1 AND (?2 IS NULL OR local_id = ?2) ORDER BY seq",
            )?
            .query_map(params![user.as_str(), local_id], |row| {
                Ok((row.get(0)?, row.get(1)?, row.get(2)?, row.get(3)?))
            })?
            .collect::<Result<_, _>>()?;
        rows.into_iter()
            .map(|(kind, local_id, rev, body)| {
                Ok(SyncConflict {
                    kind: DocKind::parse(&kind).ok_or(StoreError::Corrupt)?,
                    local_id,
                    rev,
                    body: serde_json::from_str(&body).map_err(|_| StoreError::Corrupt)?,
                })
            })
            .collect()
    }

    /// The ids of the person's entries that have kept versions from a conflict.
    pub fn sync_conflicted_entries(&self, user: &UserId) -> Result<Vec<String>, StoreError> {
        Ok(self
            .reader()
            .prepare_cached(
                "SELECT DISTINCT c.local_id FROM sync_conflicts c
                 JOIN entries e ON e.id = c.local_id AND e.deleted_at IS NULL
                 WHERE c.user_id = ?1 AND c.kind = 'entry' ORDER BY c.local_id",
            )?
            .query_map([user.as_str()], |row| row.get(0))?
            .collect::<Result<_, _>>()?)
    }

    /// Settles an entry's conflict: `content` becomes its text (a kept version's, or a merge), and
    /// every kept version is closed, here at once and on the server at the next push.
    #[tracing::instrument(skip_all, err)]
    pub fn sync_resolve(
        &self,
        user: &UserId,
        entry_id: &str,
        content: &str,
    ) -> Result<EntrySummary, StoreError> {
        let summary = self.save_entry(user, entry_id, content)?;
        let mut conn = self.writer();
        let tx = conn.transaction()?;
        tx.execute(
            "INSERT INTO sync_closing (doc_id, rev, user_id, kind, local_id)
             SELECT doc_id, rev, user_id, kind, local_id FROM sync_conflicts
             WHERE user_id = ?1 AND kind = 'entry' AND local_id = ?2
             ON CONFLICT (doc_id, rev) DO NOTHING",
            params![user.as_str(), entry_id],
        )?;
        tx.execute(
            "DELETE FROM sync_conflicts WHERE user_id = ?1 AND kind = 'entry' AND local_id = ?2",
            params![user.as_str(), entry_id],
        )?;
        tx.commit()?;
        Ok(summary)
    }

    /// How many entries the person has here, the bin's included: a journal with none can be
    /// replaced by the one on a sync server.
    pub fn entries_written(&self, user: &UserId) -> Result<u64, StoreError> {
        let count: i64 = self.reader().query_row(
            "SELECT count(*) FROM entries WHERE user_id = ?1",
            [user.as_str()],
            |row| row.get(0),
        )?;
        Ok(count.unsigned_abs())
    }

    /// Losing branches to close on the server.
    pub fn sync_closing(&self, user: &UserId) -> Result<Vec<ClosingRev>, StoreError> {
        let rows: Vec<(String, String, String, String)> = self
            .reader()
            .prepare_cached(
                "SELECT doc_id, rev, kind, local_id FROM sync_closing WHERE user_id = ?1
                 ORDER BY doc_id, rev",
            )?
            .query_map([user.as_str()], |row| {
                Ok((row.get(0)?, row.get(1)?, row.get(2)?, row.get(3)?))
            })?
            .collect::<Result<_, _>>()?;
        rows.into_iter()
            .map(|(doc_id, rev, kind, local_id)| {
                Ok(ClosingRev {
                    doc_id,
                    rev,
                    kind: DocKind::parse(&kind).ok_or(StoreError::Corrupt)?,
                    local_id,
                })
            })
            .collect()
    }

    /// The server has closed these branches.
    pub fn sync_closed(&self, closed: &[(String, String)]) -> Result<(), StoreError> {
        let mut conn = self.writer();
        let tx = conn.transaction()?;
        for (doc_id, rev) in closed {
            tx.prepare_cached("DELETE FROM sync_closing WHERE doc_id = ?1 AND rev = ?2")?
                .execute(params![doc_id, rev])?;
        }
        tx.commit()?;
        Ok(())
    }
}

/// Keeps `version` of `doc_id` to compare with the row's own.
pub(super) fn keep_conflict(
    tx: &Transaction<'_>,
    user: &UserId,
    doc_id: &str,
    version: &PulledVersion,
) -> Result<(), StoreError> {
    let closed: bool = tx
        .prepare_cached(
            "SELECT EXISTS (SELECT 1 FROM sync_closing WHERE doc_id = ?1 AND rev = ?2)",
        )?
        .query_row(params![doc_id, version.rev], |row| row.get(0))?;
    if closed {
        return Ok(());
    }
    let body = serde_json::to_string(&version.body).expect("a document body serializes");
    tx.prepare_cached(
        "INSERT INTO sync_conflicts (user_id, doc_id, rev, kind, local_id, body, found_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) ON CONFLICT (doc_id, rev) DO NOTHING",
    )?
    .execute(params![
        user.as_str(),
        doc_id,
        version.rev,
        version.body.kind().as_str(),
        version.body.local_id(),
        body,
        now_ms()
    ])?;
    Ok(())
}

/// Drops the kept versions of `doc_id` that another device closed: those a pulled deletion
/// descends from.
pub(super) fn drop_closed(
    tx: &Transaction<'_>,
    doc_id: &str,
    versions: &[&PulledVersion],
) -> Result<(), StoreError> {
    for version in versions {
        if let (DocBody::Gone { .. }, Some(parent)) = (&version.body, &version.parent) {
            tx.prepare_cached("DELETE FROM sync_conflicts WHERE doc_id = ?1 AND rev = ?2")?
                .execute(params![doc_id, parent])?;
        }
    }
    Ok(())
}

/// Whether the entry is deleted here (in the bin), for an edit made elsewhere that brings it back.
pub(super) fn deleted_here(tx: &Transaction<'_>, entry_id: &str) -> Result<bool, StoreError> {
    Ok(tx
        .prepare_cached("SELECT deleted_at IS NOT NULL FROM entries WHERE id = ?1")?
        .query_row([entry_id], |row| row.get(0))
        .optional()?
        .unwrap_or(false))
}
