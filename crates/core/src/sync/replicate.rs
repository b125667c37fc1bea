//! Push and pull, in batches, following CouchDB's replication protocol.
//!
//! Push: ask about revisions sent before but never confirmed (`_revs_diff`), then for each batch of
//! rows waiting, note the new revisions in the journal, ask which the server lacks, send those with
//! `_bulk_docs` and `new_edits: false`, and mark them pushed. Pull: read `_changes` with every leaf
//! revision, fetch the unknown ones (`_bulk_get`, or `open_revs`), decrypt, pick the version every
//! device keeps, apply it, and record the checkpoint on both sides after each batch.

use std::collections::{HashMap, HashSet};

use serde_json::Value;

use super::codec::{self, SyncKey};
use super::couch::Couch;
use super::error::SyncError;
use super::{checkpoint, SyncProgress, SyncReport, KEYS_DOC};
use crate::store::{Applied, DocBody, DocKind, PulledVersion, Store, UserId};

/// Documents per request.
pub const BATCH: usize = 100;
/// Bytes of pictures per push request, so that a batch of photos stays a sane request.
const BATCH_BYTES: usize = 8 * 1024 * 1024;

pub(super) struct Replication<'a> {
    pub couch: &'a Couch,
    pub store: &'a Store,
    pub user: &'a UserId,
    pub key: &'a SyncKey,
    pub replication: &'a str,
    pub session: &'a str,
    /// How many documents the server holds, for a first pull's progress.
    pub doc_count: u64,
}

impl Replication<'_> {
    /// Sends every local change the server has not had.
    #[tracing::instrument(skip_all, err)]
    pub async fn push(
        &self,
        report: &mut SyncReport,
        progress: &mut (dyn FnMut(SyncProgress) + Send),
    ) -> Result<(), SyncError> {
        self.confirm_unconfirmed().await?;
        self.close_branches().await?;
        let total = self.store.sync_pending_count(self.user)?;
        let mut done = 0u64;
        progress(SyncProgress::Pushing { done, total });
        loop {
            let mut pending = self.store.sync_pending(self.user, BATCH)?;
            if pending.is_empty() {
                return Ok(());
            }
            let mut bytes = 0;
            let keep = pending
                .iter()
                .take_while(|doc| {
                    let size = doc.data.as_ref().map_or(0, |data| {
                        data.original.len() + data.display.as_ref().map_or(0, Vec::len)
                    });
                    let fits = bytes == 0 || bytes + size <= BATCH_BYTES;
                    bytes += size.max(1);
                    fits
                })
                .count();
            pending.truncate(keep.max(1));

            let mut sent = Vec::with_capacity(pending.len());
            let mut docs = HashMap::with_capacity(pending.len());
            for doc in &pending {
                let (rev, history) = codec::next_rev(doc.rev.as_deref());
                let encoded = codec::encode(
                    self.key,
                    &doc.doc_id,
                    &rev,
                    &history,
                    &doc.body,
                    doc.data.as_ref(),
                );
                docs.insert(doc.doc_id.clone(), encoded);
                sent.push((doc.doc_id.clone(), rev, doc.changes));
            }
            self.store.sync_note_sent(&sent)?;
            let asked: Vec<(String, String)> = sent
                .iter()
                .map(|(id, rev, _)| (id.clone(), rev.clone()))
                .collect();
            let missing = self.couch.revs_diff(&asked).await?;
            let to_send: Vec<Value> = sent
                .iter()
                .filter(|(id, rev, _)| missing.contains(&(id.clone(), rev.clone())))
                .filter_map(|(id, _, _)| docs.remove(id))
                .collect();
            let refused = self.couch.bulk_docs(to_send).await?;
            let mut confirmed = Vec::with_capacity(sent.len());
            for (id, rev, changes) in sent {
                if let Some((_, reason)) = refused.iter().find(|(bad, _)| *bad == id) {
                    tracing::warn!(%reason, "the server refused a document");
                    report.refused += 1;
                    confirmed.push((id, None, changes));
                } else {
                    confirmed.push((id, Some(rev), changes));
                }
            }
            self.store.sync_confirm(&confirmed)?;
            let accepted = confirmed.iter().filter(|(_, rev, _)| rev.is_some()).count();
            report.pushed += accepted;
            done += accepted as u64;
            progress(SyncProgress::Pushing { done, total });
            if accepted == 0 {
                // Everything in this batch was refused: trying again now would only loop.
                return Err(SyncError::Protocol(
                    "the server refused every document of a batch".to_owned(),
                ));
            }
        }
    }

    /// Ends the losing branches of conflicts settled here, each with a deleted child revision, so
    /// that no device shows them again.
    async fn close_branches(&self) -> Result<(), SyncError> {
        let closing = self.store.sync_closing(self.user)?;
        for chunk in closing.chunks(BATCH) {
            let docs: Vec<Value> = chunk
                .iter()
                .map(|branch| {
                    let (rev, history) = codec::next_rev(Some(&branch.rev));
                    let body = DocBody::Gone {
                        kind: branch.kind,
                        id: branch.local_id.clone(),
                    };
                    codec::encode(self.key, &branch.doc_id, &rev, &history, &body, None)
                })
                .collect();
            let refused = self.couch.bulk_docs(docs).await?;
            let closed: Vec<(String, String)> = chunk
                .iter()
                .filter(|branch| !refused.iter().any(|(id, _)| *id == branch.doc_id))
                .map(|branch| (branch.doc_id.clone(), branch.rev.clone()))
                .collect();
            self.store.sync_closed(&closed)?;
        }
        Ok(())
    }

    /// A push cut off after sending: whatever arrived is recorded, the rest is sent again.
    async fn confirm_unconfirmed(&self) -> Result<(), SyncError> {
        let unconfirmed = self.store.sync_unconfirmed(self.user)?;
        for chunk in unconfirmed.chunks(BATCH) {
            let asked: Vec<(String, String)> = chunk
                .iter()
                .map(|(id, rev, _)| (id.clone(), rev.clone()))
                .collect();
            let missing = self.couch.revs_diff(&asked).await?;
            let done: Vec<(String, Option<String>, i64)> = chunk
                .iter()
                .map(|(id, rev, changes)| {
                    let arrived = !missing.contains(&(id.clone(), rev.clone()));
                    (id.clone(), arrived.then(|| rev.clone()), *changes)
                })
                .collect();
            self.store.sync_confirm(&done)?;
        }
        Ok(())
    }

    /// Applies every change on the server since the last checkpoint.
    #[tracing::instrument(skip_all, err)]
    pub async fn pull(
        &self,
        report: &mut SyncReport,
        progress: &mut (dyn FnMut(SyncProgress) + Send),
    ) -> Result<(), SyncError> {
        let (mut since, pushes) =
            checkpoint::start(self.couch, self.store, self.user, self.replication).await?;
        // From the beginning, the server's document count is how far there is to go.
        let total = (since == serde_json::json!(0)).then_some(self.doc_count);
        let mut seen = 0u64;
        loop {
            let changes = self.couch.changes(&since, BATCH).await?;
            let rows = changes.rows.len();
            let mut wanted = Vec::new();
            let mut unknown = HashSet::new();
            for change in &changes.rows {
                if change.id.starts_with('_') || change.id == KEYS_DOC {
                    continue;
                }
                for rev in &change.revs {
                    if !self.store.sync_knows(&change.id, rev)? {
                        unknown.insert((change.id.clone(), rev.clone()));
                    }
                }
                if change
                    .revs
                    .iter()
                    .any(|rev| unknown.contains(&(change.id.clone(), rev.clone())))
                {
                    wanted.extend(
                        change
                            .revs
                            .iter()
                            .map(|rev| (change.id.clone(), rev.clone())),
                    );
                }
            }
            self.fetch_and_apply(&wanted, &unknown, report).await?;
            since = changes.last_seq;
            checkpoint::save(
                self.couch,
                self.store,
                self.user,
                self.replication,
                self.session,
                &since,
                pushes + 1,
            )
            .await?;
            seen += rows as u64;
            progress(SyncProgress::Pulling {
                seen,
                total: total.map(|total| total.max(seen)),
            });
            if rows < BATCH {
                break;
            }
        }
        self.retry_waiting(report).await
    }

    /// Documents that named a journal or entry not yet here: tried again until none moves.
    async fn retry_waiting(&self, report: &mut SyncReport) -> Result<(), SyncError> {
        loop {
            let waiting: Vec<(String, String)> = self
                .store
                .sync_set_aside_list(self.user)?
                .into_iter()
                .filter(|aside| aside.waiting)
                .map(|aside| (aside.doc_id, aside.rev))
                .collect();
            if waiting.is_empty() {
                return Ok(());
            }
            let before = report.applied;
            for (id, rev) in &waiting {
                self.store.sync_stop_waiting(id, rev)?;
            }
            report.waiting = 0;
            self.fetch_and_apply(&waiting, &HashSet::new(), report)
                .await?;
            if report.applied == before {
                return Ok(());
            }
        }
    }

    /// Fetches `wanted`, and applies each document's winner. `unknown` are the versions this
    /// device had not seen before: a deletion among them that lost to an edit is reported.
    async fn fetch_and_apply(
        &self,
        wanted: &[(String, String)],
        unknown: &HashSet<(String, String)>,
        report: &mut SyncReport,
    ) -> Result<(), SyncError> {
        let mut by_doc: Vec<(String, Vec<PulledVersion>)> = Vec::new();
        for (asked_id, fetched) in self.couch.bulk_get(wanted).await? {
            let Ok(doc) = fetched else {
                continue;
            };
            match codec::decode(self.key, &doc) {
                Ok((doc_id, version)) if doc_id == asked_id => {
                    match by_doc.iter_mut().find(|(id, _)| *id == doc_id) {
                        Some((_, versions)) => versions.push(version),
                        None => by_doc.push((doc_id, vec![version])),
                    }
                }
                Ok((_, version)) => {
                    self.set_aside(&asked_id, &version.rev, "it came under another id", report)?;
                }
                Err((rev, reason)) => self.set_aside(&asked_id, &rev, &reason, report)?,
            }
        }
        // Journals before entries before pictures, so that each finds what it belongs to.
        by_doc.sort_by_key(|(_, versions)| versions[0].body.kind());
        let mut pulled = Vec::with_capacity(by_doc.len());
        for (doc_id, mut versions) in by_doc {
            codec::rank(&mut versions);
            let winner = versions.remove(0);
            report.conflicts += versions.iter().filter(|v| !v.body.is_deleted()).count();
            let edit_beat_delete = !winner.body.is_deleted()
                && versions.iter().any(|loser| {
                    matches!(&loser.body, DocBody::Entry(entry) if entry.deleted_at.is_some())
                        && unknown.contains(&(doc_id.clone(), loser.rev.clone()))
                });
            report.edits_over_deletes += usize::from(edit_beat_delete);
            pulled.push((doc_id, winner, versions));
        }
        let outcomes = self.store.sync_apply(self.user, &pulled)?;
        for (outcome, (_, winner, _)) in outcomes.into_iter().zip(&pulled) {
            if matches!(outcome, Applied::Applied | Applied::Revived)
                && winner.body.kind() == DocKind::Entry
            {
                report.entries.push(winner.body.local_id().to_owned());
            }
            match outcome {
                Applied::Revived => {
                    report.applied += 1;
                    report.edits_over_deletes += 1;
                }
                Applied::Applied => report.applied += 1,
                Applied::KeptLocal => report.kept_local += 1,
                Applied::Waiting => report.waiting += 1,
                Applied::SetAside => report.set_aside += 1,
            }
        }
        Ok(())
    }

    fn set_aside(
        &self,
        doc_id: &str,
        rev: &str,
        reason: &str,
        report: &mut SyncReport,
    ) -> Result<(), SyncError> {
        tracing::warn!(%reason, "a document was set aside");
        self.store
            .sync_set_aside(self.user, doc_id, rev, reason, false)?;
        report.set_aside += 1;
        Ok(())
    }
}
