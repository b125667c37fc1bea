//! The `entry_analysis` and `analysis_jobs` tables: what the analyser found in each entry, and the
//! resumable job that analyses a whole journal.
//!
//! The analysis itself runs outside the store (see [`crate::analyser`]); this file only keeps its
//! results. A result is written only if the entry's text is still the text that was analysed, so a
//! slow analysis never overwrites the result for a newer save.

use rusqlite::{named_params, params, Connection, OptionalExtension, Row};
use serde::Serialize;

use super::{now_ms, Store, StoreError, UserId};
use crate::analyser::{Analyser, Analysis, Mood, ANALYSER_VERSION};

/// Entries analysed per transaction by the journal-wide job.
pub const ANALYSIS_BATCH: u32 = 200;

/// What the entry list and cards show of an entry's analysis.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct AnalysisBrief {
    pub mood: Mood,
    /// `#rrggbb`.
    pub colour: String,
    pub sentiment: i8,
    pub summary: String,
}

/// An entry's whole analysis, for the panel beside the editor.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct EntryAnalysis {
    pub entry_id: String,
    pub sentiment: i8,
    pub negative: bool,
    pub mood: Mood,
    pub subject: String,
    pub summary: String,
    pub colour: String,
    pub analysed_at: i64,
    /// False while the entry has changed since it was analysed (a new analysis is on its way).
    pub current: bool,
}

/// An entry waiting to be analysed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PendingEntry {
    pub seq: i64,
    pub id: String,
    pub updated_at: i64,
    pub content: String,
}

/// How far the journal-wide analysis has got.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct AnalysisProgress {
    pub done: u32,
    pub total: u32,
    /// True for "re-analyse all", false for catching up on entries without a current analysis.
    pub everything: bool,
    #[serde(skip)]
    pub cursor: i64,
}

/// The brief columns, from `entry_analysis` aliased `a`, as the list queries select them.
pub(super) const BRIEF_COLUMNS: &str = "a.mood, a.colour, a.sentiment, a.summary";

/// Reads [`BRIEF_COLUMNS`] starting at column `first`; `None` when the entry has no analysis.
pub(super) fn read_brief(row: &Row<'_>, first: usize) -> rusqlite::Result<Option<AnalysisBrief>> {
    let Some(mood) = row.get::<_, Option<String>>(first)? else {
        return Ok(None);
    };
    Ok(Some(AnalysisBrief {
        mood: Mood::from_key(&mood).unwrap_or(Mood::Reflective),
        colour: row.get(first + 1)?,
        sentiment: row.get(first + 2)?,
        summary: row.get(first + 3)?,
    }))
}

/// Which entries need analysing: those with no result, an older analyser's, or one made from
/// older text; with `everything`, all of them. Empty entries without a result have nothing to do.
/// The queries put the `user_id` condition in front of it themselves.
const NEEDS_ANALYSIS: &str = "e.deleted_at IS NULL
       AND (e.word_count > 0 OR a.entry_seq IS NOT NULL)
       AND (:everything OR a.entry_seq IS NULL OR a.analyser_version < :version
            OR a.source_updated_at <> e.updated_at)";

impl Store {
    /// The whole analysis of one entry, or `None` when it has none yet.
    pub fn entry_analysis(
        &self,
        user: &UserId,
        id: &str,
    ) -> Result<Option<EntryAnalysis>, StoreError> {
        let conn = self.reader();
        let found = conn
            .query_row(
                "SELECT e.id, a.sentiment, a.negative, a.mood, a.subject, a.summary, a.colour,
                        a.analysed_at, a.source_updated_at = e.updated_at
                 FROM entries e JOIN entry_analysis a ON a.entry_seq = e.seq
                 WHERE e.id = ?1 AND e.user_id = ?2 AND e.deleted_at IS NULL",
                params![id, user.as_str()],
                |row| {
                    Ok(EntryAnalysis {
                        entry_id: row.get(0)?,
                        sentiment: row.get(1)?,
                        negative: row.get(2)?,
                        mood: Mood::from_key(&row.get::<_, String>(3)?).unwrap_or(Mood::Reflective),
                        subject: row.get(4)?,
                        summary: row.get(5)?,
                        colour: row.get(6)?,
                        analysed_at: row.get(7)?,
                        current: row.get(8)?,
                    })
                },
            )
            .optional()?;
        if found.is_none() {
            // Tell "no analysis yet" from "no such entry".
            exists(&conn, user, id)?;
        }
        Ok(found)
    }

    /// The entry's text and version, for analysing it after a save.
    pub fn pending_entry(&self, user: &UserId, id: &str) -> Result<PendingEntry, StoreError> {
        self.reader()
            .query_row(
                "SELECT seq, id, updated_at, content FROM entries
                 WHERE id = ?1 AND user_id = ?2 AND deleted_at IS NULL",
                params![id, user.as_str()],
                read_pending,
            )
            .map_err(StoreError::from)
    }

    /// Keeps `analysis` for the entry if its text is still the one analysed (`None`, for an entry
    /// with no words, removes any earlier result). Returns whether it was kept.
    #[tracing::instrument(skip_all, err)]
    pub fn save_analysis(
        &self,
        user: &UserId,
        entry: &PendingEntry,
        analysis: Option<&Analysis>,
    ) -> Result<bool, StoreError> {
        write_analysis(&self.writer(), user, entry, analysis)
    }

    /// How many of the user's entries need analysing (see `NEEDS_ANALYSIS`).
    pub fn count_needing_analysis(
        &self,
        user: &UserId,
        everything: bool,
    ) -> Result<u32, StoreError> {
        count_needing(&self.reader(), user, everything)
    }

    /// The user's analysis job, if one is under way (or was, when the app stopped).
    pub fn analysis_job(&self, user: &UserId) -> Result<Option<AnalysisProgress>, StoreError> {
        job(&self.reader(), user)
    }

    /// Starts analysing the user's journal. With `everything`, every entry, replacing any job under
    /// way; without, the entries that need it, unless a job is already under way, which is kept.
    /// `None` when there is nothing to do.
    #[tracing::instrument(skip_all, err)]
    pub fn begin_analysis_job(
        &self,
        user: &UserId,
        everything: bool,
    ) -> Result<Option<AnalysisProgress>, StoreError> {
        let mut conn = self.writer();
        let tx = conn.transaction()?;
        let current = job(&tx, user)?;
        if let (Some(current), false) = (current, everything) {
            return Ok(Some(current));
        }
        let total = count_needing(&tx, user, everything)?;
        if total == 0 {
            tx.execute(
                "DELETE FROM analysis_jobs WHERE user_id = ?1",
                [user.as_str()],
            )?;
            tx.commit()?;
            return Ok(None);
        }
        tx.execute(
            "INSERT INTO analysis_jobs (user_id, everything, cursor, done, total, started_at)
             VALUES (?1, ?2, 0, 0, ?3, ?4)
             ON CONFLICT (user_id) DO UPDATE SET everything = excluded.everything, cursor = 0,
                 done = 0, total = excluded.total, started_at = excluded.started_at",
            params![user.as_str(), everything, total, now_ms()],
        )?;
        tx.commit()?;
        Ok(Some(AnalysisProgress {
            done: 0,
            total,
            everything,
            cursor: 0,
        }))
    }

    /// The next entries the job should analyse, after its cursor.
    ///
    /// `+e.user_id` keeps SQLite from reaching for the per-user index: the job walks entries by
    /// `seq` from its cursor, and through that index every batch would read and sort the whole
    /// journal.
    pub fn analysis_batch(
        &self,
        user: &UserId,
        progress: &AnalysisProgress,
        limit: u32,
    ) -> Result<Vec<PendingEntry>, StoreError> {
        let conn = self.reader();
        let mut stmt = conn.prepare_cached(&format!(
            "SELECT e.seq, e.id, e.updated_at, e.content
             FROM entries e LEFT JOIN entry_analysis a ON a.entry_seq = e.seq
             WHERE e.seq > :cursor AND +e.user_id = :user AND {NEEDS_ANALYSIS}
             ORDER BY e.seq
             LIMIT :limit"
        ))?;
        let batch = stmt
            .query_map(
                named_params! {
                    ":cursor": progress.cursor,
                    ":user": user.as_str(),
                    ":everything": progress.everything,
                    ":version": ANALYSER_VERSION,
                    ":limit": limit,
                },
                read_pending,
            )?
            .collect::<Result<_, _>>()?;
        Ok(batch)
    }

    /// Keeps a batch of results and moves the job past it, in one transaction, so that a crash
    /// resumes exactly after the last batch kept. Returns the job's new progress, or `None` if the
    /// job was cancelled meanwhile (the results are kept either way).
    #[tracing::instrument(skip_all, err)]
    pub fn commit_analysis_batch(
        &self,
        user: &UserId,
        results: &[(PendingEntry, Option<Analysis>)],
    ) -> Result<Option<AnalysisProgress>, StoreError> {
        let mut conn = self.writer();
        let tx = conn.transaction()?;
        for (entry, analysis) in results {
            write_analysis(&tx, user, entry, analysis.as_ref())?;
        }
        let cursor = results.iter().map(|(e, _)| e.seq).max().unwrap_or(0);
        let done = u32::try_from(results.len()).unwrap_or(u32::MAX);
        tx.execute(
            "UPDATE analysis_jobs SET cursor = max(cursor, ?2), done = min(total, done + ?3)
             WHERE user_id = ?1",
            params![user.as_str(), cursor, done],
        )?;
        let progress = job(&tx, user)?;
        tx.commit()?;
        Ok(progress)
    }

    /// Ends the user's analysis job, finished or cancelled. The results so far are kept.
    #[tracing::instrument(skip_all, err)]
    pub fn end_analysis_job(&self, user: &UserId) -> Result<(), StoreError> {
        self.writer().execute(
            "DELETE FROM analysis_jobs WHERE user_id = ?1",
            [user.as_str()],
        )?;
        Ok(())
    }
}

/// Analyses a batch of pending entries, as the journal-wide job does between reading a batch and
/// committing it.
pub fn analyse_batch(
    analyser: &Analyser,
    batch: Vec<PendingEntry>,
) -> Vec<(PendingEntry, Option<Analysis>)> {
    batch
        .into_iter()
        .map(|entry| {
            let analysis = analyser.analyse(&entry.content);
            (entry, analysis)
        })
        .collect()
}

fn read_pending(row: &Row<'_>) -> rusqlite::Result<PendingEntry> {
    Ok(PendingEntry {
        seq: row.get(0)?,
        id: row.get(1)?,
        updated_at: row.get(2)?,
        content: row.get(3)?,
    })
}

fn exists(conn: &Connection, user: &UserId, id: &str) -> Result<(), StoreError> {
    conn.query_row(
        "SELECT 1 FROM entries WHERE id = ?1 AND user_id = ?2 AND deleted_at IS NULL",
        params![id, user.as_str()],
        |_| Ok(()),
    )
    .map_err(StoreError::from)
}

fn job(conn: &Connection, user: &UserId) -> Result<Option<AnalysisProgress>, StoreError> {
    conn.query_row(
        "SELECT done, total, everything, cursor FROM analysis_jobs WHERE user_id = ?1",
        [user.as_str()],
        |row| {
            Ok(AnalysisProgress {
                done: row.get(0)?,
                total: row.get(1)?,
                everything: row.get(2)?,
                cursor: row.get(3)?,
            })
        },
    )
    .optional()
    .map_err(StoreError::from)
}

fn count_needing(conn: &Connection, user: &UserId, everything: bool) -> Result<u32, StoreError> {
    conn.query_row(
        &format!(
            "SELECT count(*) FROM entries e LEFT JOIN entry_analysis a ON a.entry_seq = e.seq
             WHERE e.user_id = :user AND {NEEDS_ANALYSIS}"
        ),
        named_params! {
            ":user": user.as_str(),
            ":everything": everything,
            ":version": ANALYSER_VERSION,
        },
        |row| row.get(0),
    )
    .map_err(StoreError::from)
}

fn write_analysis(
    conn: &Connection,
    user: &UserId,
    entry: &PendingEntry,
    analysis: Option<&Analysis>,
) -> Result<bool, StoreError> {
    let Some(a) = analysis else {
        let removed = conn.execute(
            "DELETE FROM entry_analysis WHERE entry_seq = (
                 SELECT seq FROM entries
                 WHERE seq = ?1 AND user_id = ?2 AND updated_at = ?3)",
            params![entry.seq, user.as_str(), entry.updated_at],
        )?;
        return Ok(removed > 0);
    };
    // The SELECT's WHERE is what scopes the write to this user and to the text analysed.
    let kept = conn.execute(
        "INSERT INTO entry_analysis (entry_seq, analyser_version, source_updated_at, analysed_at,
                                     sentiment, negative, mood, subject, summary, colour)
         SELECT seq, :version, updated_at, :now, :sentiment, :negative, :mood, :subject,
                :summary, :colour
         FROM entries
         WHERE seq = :seq AND user_id = :user AND updated_at = :updated AND deleted_at IS NULL
         ON CONFLICT (entry_seq) DO UPDATE SET
             analyser_version = excluded.analyser_version,
             source_updated_at = excluded.source_updated_at,
             analysed_at = excluded.analysed_at,
             sentiment = excluded.sentiment,
             negative = excluded.negative,
             mood = excluded.mood,
             subject = excluded.subject,
             summary = excluded.summary,
             colour = excluded.colour",
        named_params! {
            ":version": ANALYSER_VERSION,
            ":now": now_ms(),
            ":sentiment": a.sentiment,
            ":negative": a.negative,
            ":mood": a.mood.key(),
            ":subject": a.subject,
            ":summary": a.summary,
            ":colour": a.colour,
            ":seq": entry.seq,
            ":user": user.as_str(),
            ":updated": entry.updated_at,
        },
    )?;
    Ok(kept > 0)
}
