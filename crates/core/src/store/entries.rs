//! The `entries` table: what a person writes, one row per entry, always reached through its user.
//!
//! Each entry has a date of its own (`dated_at`), a journal and a star; lists come newest first by
//! that date (through `date_key`, see migration 8). Deleting is soft, so that "Undo" is a plain
//! update; soft-deleted rows are purged at the next launch.

use rusqlite::types::Value;
use rusqlite::{named_params, params, Connection, OptionalExtension, Row};
use serde::Serialize;

use super::analyses::{read_brief, AnalysisBrief, BRIEF_COLUMNS};
use super::filter::{date_key_floor, EntryFilter, Params, Scope, EARLIEST_DATE, LATEST_DATE};
use super::journals::{first_journal, journal_seq};
use super::migrations::DATE_KEY_SHIFT;
use super::tags::index_entry;
use super::text::{title, word_count};
use super::{now_ms, Store, StoreError, UserId};

/// The largest entry accepted, in bytes of UTF-8. Far beyond any diary page, and still small enough
/// that a save stays quick; anything bigger is refused with a clear message rather than stalling.
pub const MAX_ENTRY_BYTES: usize = 16 * 1024 * 1024;

/// Most rows one list page may ask for.
const MAX_PAGE: u32 = 500;

/// An entry with its text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct Entry {
    pub id: String,
    pub created_at: i64,
    pub updated_at: i64,
    /// The date and time the entry is about (ms since the epoch): now by default, changeable.
    pub dated_at: i64,
    pub journal_id: String,
    pub starred: bool,
    pub content: String,
    pub word_count: u32,
}

/// What the entry list shows of an entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct EntrySummary {
    pub id: String,
    pub created_at: i64,
    pub updated_at: i64,
    pub dated_at: i64,
    pub journal_id: String,
    pub starred: bool,
    /// The first line with text on it, trimmed; empty for an empty entry.
    pub title: String,
    pub word_count: u32,
    /// Mood, colour and summary, once the entry has been analysed.
    pub analysis: Option<AnalysisBrief>,
}

/// One page of the entry list, newest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct EntryPage {
    /// How many entries pass the filter, so the list can size its scroll area.
    pub total: u32,
    pub offset: u32,
    pub items: Vec<EntrySummary>,
}

/// The list's columns, from `entries` aliased `e` joined to its analysis aliased `a` (see [`FROM`]).
/// The journal's id is a subquery rather than a join, so that no join can change the order in which
/// the planner walks the entries.
pub(super) fn summary_columns() -> String {
    format!(
        "e.id, e.created_at, e.updated_at, e.dated_at,
         (SELECT id FROM journals WHERE seq = e.journal_seq), e.starred, e.title, e.word_count,
         {BRIEF_COLUMNS}"
    )
}

/// How many columns [`summary_columns`] has: a query's own columns come after them.
pub(super) const SUMMARY_WIDTH: usize = 12;

/// An entry with its analysis, if it has one.
pub(super) const FROM: &str = "entries e LEFT JOIN entry_analysis a ON a.entry_seq = e.seq";

impl Store {
    /// Starts a new entry in `journal` (or the first journal), dated `dated_at` (or now): empty, or
    /// the journal's template filled in.
    #[tracing::instrument(skip_all, err)]
    pub fn create_entry(
        &self,
        user: &UserId,
        journal: Option<&str>,
        dated_at: Option<i64>,
    ) -> Result<Entry, StoreError> {
        let dated_at = dated_at.map(check_date).transpose()?.unwrap_or_else(now_ms);
        let mut conn = self.writer();
        let tx = conn.transaction()?;
        let journal = match journal {
            Some(id) => journal_seq(&tx, user, id)?,
            None => first_journal(&tx, user)?,
        };
        let template: String = tx.query_row(
            "SELECT template FROM journals WHERE seq = ?1",
            [journal],
            |row| row.get(0),
        )?;
        let content = super::journals::fill_template(&template, dated_at);
        let entry = insert(&tx, user, journal, now_ms(), dated_at, &content)?;
        tx.commit()?;
        Ok(entry)
    }

    /// Adds an entry written and dated `created_at`, in the first journal (test journals).
    #[tracing::instrument(skip_all, err)]
    pub fn insert_entry(
        &self,
        user: &UserId,
        created_at: i64,
        content: &str,
    ) -> Result<Entry, StoreError> {
        check_size(content)?;
        let mut conn = self.writer();
        let tx = conn.transaction()?;
        let journal = first_journal(&tx, user)?;
        let entry = insert(&tx, user, journal, created_at, created_at, content)?;
        tx.commit()?;
        Ok(entry)
    }

    /// Adds many entries, each written and dated at its time, to `journal` (or the first journal),
    /// in one transaction; returns how many. All or nothing: one entry over the size limit adds none.
    #[tracing::instrument(skip_all, err)]
    pub fn insert_entries<'a>(
        &self,
        user: &UserId,
        journal: Option<&str>,
        entries: impl IntoIterator<Item = (i64, &'a str)>,
    ) -> Result<usize, StoreError> {
        let mut conn = self.writer();
        let tx = conn.transaction()?;
        let journal = match journal {
            Some(id) => journal_seq(&tx, user, id)?,
            None => first_journal(&tx, user)?,
        };
        let mut added = 0;
        for (created_at, content) in entries {
            check_size(content)?;
            insert(&tx, user, journal, created_at, created_at, content)?;
            added += 1;
        }
        tx.commit()?;
        Ok(added)
    }

    /// One entry with its text.
    pub fn get_entry(&self, user: &UserId, id: &str) -> Result<Entry, StoreError> {
        self.reader()
            .query_row(
                "SELECT e.id, e.created_at, e.updated_at, e.dated_at, j.id, e.starred, e.content,
                        e.word_count
                 FROM entries e JOIN journals j ON j.seq = e.journal_seq
                 WHERE e.id = ?1 AND e.user_id = ?2 AND e.deleted_at IS NULL",
                params![id, user.as_str()],
                |row| {
                    Ok(Entry {
                        id: row.get(0)?,
                        created_at: row.get(1)?,
                        updated_at: row.get(2)?,
                        dated_at: row.get(3)?,
                        journal_id: row.get(4)?,
                        starred: row.get(5)?,
                        content: row.get(6)?,
                        word_count: row.get(7)?,
                    })
                },
            )
            .map_err(StoreError::from)
    }

    /// Replaces an entry's text, and the tags read from it. When this returns, the text is on disk
    /// (`synchronous=FULL`). Saving the same text again writes nothing.
    #[tracing::instrument(skip_all, err)]
    pub fn save_entry(
        &self,
        user: &UserId,
        id: &str,
        content: &str,
    ) -> Result<EntrySummary, StoreError> {
        check_size(content)?;
        let mut conn = self.writer();
        let tx = conn.transaction()?;
        let changed: Option<(i64, i64)> = tx
            .prepare_cached(
                "UPDATE entries
                 SET content = :content, title = :title, word_count = :words, updated_at = :now
                 WHERE id = :id AND user_id = :user AND deleted_at IS NULL
                   AND content IS NOT :content
                 RETURNING seq, date_key",
            )?
            .query_row(
                named_params! {
                    ":content": content,
                    ":title": title(content),
                    ":words": word_count(content),
                    ":now": now_ms(),
                    ":id": id,
                    ":user": user.as_str(),
                },
                |row| Ok((row.get(0)?, row.get(1)?)),
            )
            .optional()?;
        if let Some((seq, date_key)) = changed {
            index_entry(&tx, user.as_str(), seq, date_key, content)?;
        }
        let summary = summary_of(&tx, user, id)?;
        tx.commit()?;
        Ok(summary)
    }

    /// A page of the entries that pass `filter`, newest first by their date.
    pub fn list_entries(
        &self,
        user: &UserId,
        filter: &EntryFilter,
        offset: u32,
        limit: u32,
    ) -> Result<EntryPage, StoreError> {
        let conn = self.reader();
        let scope = Scope::resolve(&conn, user, filter)?;
        if scope.empty {
            return Ok(EntryPage {
                total: 0,
                offset,
                items: Vec::new(),
            });
        }
        let mut params = Params::default();
        params.push(":user", user.as_str().to_owned().into());
        // A tag's entries come out of its index in date order, a mood's out of its own, and the
        // rest of the filter is checked beside that walk; otherwise the entries' own indexes (by
        // date, by journal and date, starred by date) do.
        let (from, key, rest) = match (scope.tag, scope.mood) {
            (Some(tag), _) => {
                params.push(":tag", tag.into());
                (
                    "entry_tags t CROSS JOIN entries e ON e.seq = t.entry_seq
                     WHERE t.tag_seq = :tag AND",
                    "t.date_key",
                    Scope {
                        tag: None,
                        ..scope.clone()
                    },
                )
            }
            (None, Some(mood)) => {
                params.push(":mood", mood.key().to_owned().into());
                (
                    "entry_moods m CROSS JOIN entries e ON e.seq = m.entry_seq
                     WHERE m.user_id = :user AND m.mood = :mood AND",
                    "m.date_key",
                    Scope {
                        mood: None,
                        ..scope.clone()
                    },
                )
            }
            (None, None) => ("entries e WHERE", "e.date_key", scope.clone()),
        };
        let conditions = rest.conditions(key, &mut params);
        let filtered = format!("{from} e.user_id = :user AND e.deleted_at IS NULL {conditions}");
        let total = count(&conn, user, &scope, &filtered, &params)?;
        params.push(":limit", limit.min(MAX_PAGE).into());
        params.push(":offset", offset.into());
        let mut stmt = conn.prepare_cached(&format!(
            "SELECT {} FROM {filtered_with_analysis}
             ORDER BY {key} DESC LIMIT :limit OFFSET :offset",
            summary_columns(),
            filtered_with_analysis = with_analysis(&filtered),
        ))?;
        let items = stmt
            .query_map(&*params.as_named(), read_summary)?
            .collect::<Result<_, _>>()?;
        Ok(EntryPage {
            total,
            offset,
            items,
        })
    }

    /// Gives the entry another date and time (ms since the epoch).
    #[tracing::instrument(skip_all, err)]
    pub fn set_entry_date(
        &self,
        user: &UserId,
        id: &str,
        dated_at: i64,
    ) -> Result<EntrySummary, StoreError> {
        let dated_at = check_date(dated_at)?;
        let mut conn = self.writer();
        let tx = conn.transaction()?;
        let date_key = next_date_key(&tx, dated_at)?;
        let changed = tx.execute(
            "UPDATE entries SET dated_at = ?3, date_key = ?4, updated_at = ?5
             WHERE id = ?1 AND user_id = ?2 AND deleted_at IS NULL AND dated_at <> ?3",
            params![id, user.as_str(), dated_at, date_key, now_ms()],
        )?;
        let summary = summary_of(&tx, user, id)?;
        if changed > 0 {
            tx.commit()?;
        }
        Ok(summary)
    }

    #[tracing::instrument(skip_all, err)]
    pub fn set_entry_starred(
        &self,
        user: &UserId,
        id: &str,
        starred: bool,
    ) -> Result<EntrySummary, StoreError> {
        let conn = self.writer();
        conn.execute(
            "UPDATE entries SET starred = ?3
             WHERE id = ?1 AND user_id = ?2 AND deleted_at IS NULL",
            params![id, user.as_str(), starred],
        )?;
        summary_of(&conn, user, id)
    }

    /// Moves the entry to another of the person's journals.
    #[tracing::instrument(skip_all, err)]
    pub fn move_entry(
        &self,
        user: &UserId,
        id: &str,
        journal: &str,
    ) -> Result<EntrySummary, StoreError> {
        let conn = self.writer();
        let journal = journal_seq(&conn, user, journal)?;
        conn.execute(
            "UPDATE entries SET journal_seq = ?3
             WHERE id = ?1 AND user_id = ?2 AND deleted_at IS NULL",
            params![id, user.as_str(), journal],
        )?;
        summary_of(&conn, user, id)
    }

    /// Moves an entry out of sight; [`Store::restore_entry`] brings it back until the next launch.
    #[tracing::instrument(skip_all, err)]
    pub fn delete_entry(&self, user: &UserId, id: &str) -> Result<(), StoreError> {
        let changed = self.writer().execute(
            "UPDATE entries SET deleted_at = ?3
             WHERE id = ?1 AND user_id = ?2 AND deleted_at IS NULL",
            params![id, user.as_str(), now_ms()],
        )?;
        if changed == 0 {
            return Err(StoreError::NotFound);
        }
        Ok(())
    }

    /// Undoes [`Store::delete_entry`].
    #[tracing::instrument(skip_all, err)]
    pub fn restore_entry(&self, user: &UserId, id: &str) -> Result<EntrySummary, StoreError> {
        let mut conn = self.writer();
        let tx = conn.transaction()?;
        let restored: Option<(i64, i64, String)> = tx
            .query_row(
                "UPDATE entries SET deleted_at = NULL
                 WHERE id = ?1 AND user_id = ?2 AND deleted_at IS NOT NULL
                 RETURNING seq, date_key, content",
                params![id, user.as_str()],
                |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)),
            )
            .optional()?;
        let Some((seq, date_key, content)) = restored else {
            return Err(StoreError::NotFound);
        };
        index_entry(&tx, user.as_str(), seq, date_key, &content)?;
        let summary = summary_of(&tx, user, id)?;
        tx.commit()?;
        Ok(summary)
    }

    /// Removes for good the entries this user deleted before now. Returns how many went.
    #[tracing::instrument(skip_all, err)]
    pub fn purge_deleted(&self, user: &UserId) -> Result<usize, StoreError> {
        let purged = self.writer().execute(
            "DELETE FROM entries WHERE user_id = ?1 AND deleted_at IS NOT NULL",
            [user.as_str()],
        )?;
        self.purge_deleted_journals(user)?;
        Ok(purged)
    }
}

/// `filtered` (a `FROM … WHERE …` over `entries e`) with each entry's analysis joined as `a`.
fn with_analysis(filtered: &str) -> String {
    let (from, conditions) = filtered
        .split_once("WHERE")
        .expect("a filtered query has a WHERE");
    format!("{from} LEFT JOIN entry_analysis a ON a.entry_seq = e.seq WHERE{conditions}")
}

/// How many entries pass the filter. The counts kept by triggers answer the common cases without
/// reading the entries.
fn count(
    conn: &Connection,
    user: &UserId,
    scope: &Scope,
    filtered: &str,
    params: &Params,
) -> Result<u32, StoreError> {
    let only_mood = Scope {
        mood: None,
        ..scope.clone()
    };
    if let (Some(mood), true, None, None) =
        (scope.mood, only_mood.plain(), scope.journal, scope.tag)
    {
        return Ok(conn
            .prepare_cached("SELECT count(*) FROM entry_moods WHERE user_id = ?1 AND mood = ?2")?
            .query_row(params![user.as_str(), mood.key()], |row| row.get(0))?);
    }
    let kept: Option<(&str, Value)> = match (scope.plain(), scope.journal, scope.tag) {
        (true, None, Some(tag)) => Some(("SELECT uses FROM tags WHERE seq = ?1", tag.into())),
        (true, Some(journal), None) => {
            Some(("SELECT live FROM journals WHERE seq = ?1", journal.into()))
        }
        (true, None, None) => Some((
            "SELECT live FROM entry_counts WHERE user_id = ?1",
            user.as_str().to_owned().into(),
        )),
        _ => None,
    };
    match kept {
        Some((sql, key)) => Ok(conn
            .prepare_cached(sql)?
            .query_row([key], |row| row.get(0))
            .optional()?
            .unwrap_or(0)),
        None => Ok(conn
            .prepare_cached(&format!("SELECT count(*) FROM {filtered}"))?
            .query_row(&*params.as_named(), |row| row.get(0))?),
    }
}

/// Adds one entry row; the caller holds the transaction.
fn insert(
    conn: &Connection,
    user: &UserId,
    journal: i64,
    created_at: i64,
    dated_at: i64,
    content: &str,
) -> Result<Entry, StoreError> {
    let date_key = next_date_key(conn, dated_at)?;
    let entry = Entry {
        id: uuid::Uuid::now_v7().to_string(),
        created_at,
        updated_at: created_at.max(now_ms()),
        dated_at,
        journal_id: conn
            .prepare_cached("SELECT id FROM journals WHERE seq = ?1")?
            .query_row([journal], |row| row.get(0))?,
        starred: false,
        content: content.to_owned(),
        word_count: word_count(content),
    };
    let seq: i64 = conn
        .prepare_cached(
            "INSERT INTO entries (id, user_id, created_at, updated_at, dated_at, date_key,
                                  journal_seq, content, title, word_count)
             VALUES (:id, :user, :created, :updated, :dated, :key, :journal, :content, :title, :words)
             RETURNING seq",
        )?
        .query_row(
            named_params! {
                ":id": entry.id,
                ":user": user.as_str(),
                ":created": entry.created_at,
                ":updated": entry.updated_at,
                ":dated": dated_at,
                ":key": date_key,
                ":journal": journal,
                ":content": content,
                ":title": title(content),
                ":words": entry.word_count,
            },
            |row| row.get(0),
        )?;
    if !content.is_empty() {
        index_entry(conn, user.as_str(), seq, date_key, content)?;
    }
    Ok(entry)
}

/// The `date_key` for a new or re-dated entry at `dated_at`: after every entry already dated that
/// same millisecond.
pub(super) fn next_date_key(conn: &Connection, dated_at: i64) -> Result<i64, StoreError> {
    let floor = date_key_floor(dated_at);
    let next: i64 = conn
        .prepare_cached(
            "SELECT coalesce(max(date_key) + 1, ?1) FROM entries
             WHERE date_key >= ?1 AND date_key < ?1 + ?2",
        )?
        .query_row([floor, 1 << DATE_KEY_SHIFT], |row| row.get(0))?;
    if next >= floor + (1 << DATE_KEY_SHIFT) {
        return Err(StoreError::InvalidInput(
            "too many entries are dated at this exact moment; choose another minute".to_owned(),
        ));
    }
    Ok(next)
}

/// An entry's date must be one a calendar can show: from 1900 to 2200.
fn check_date(dated_at: i64) -> Result<i64, StoreError> {
    if (EARLIEST_DATE..LATEST_DATE).contains(&dated_at) {
        Ok(dated_at)
    } else {
        Err(StoreError::InvalidInput(
            "entries can be dated from 1900 to 2199; choose a date in that range".to_owned(),
        ))
    }
}

fn summary_of(
    conn: &rusqlite::Connection,
    user: &UserId,
    id: &str,
) -> Result<EntrySummary, StoreError> {
    conn.prepare_cached(&format!(
        "SELECT {} FROM {FROM} WHERE e.id = ?1 AND e.user_id = ?2 AND e.deleted_at IS NULL",
        summary_columns()
    ))?
    .query_row(params![id, user.as_str()], read_summary)
    .map_err(StoreError::from)
}

pub(super) fn read_summary(row: &Row<'_>) -> rusqlite::Result<EntrySummary> {
    Ok(EntrySummary {
        id: row.get(0)?,
        created_at: row.get(1)?,
        updated_at: row.get(2)?,
        dated_at: row.get(3)?,
        journal_id: row.get(4)?,
        starred: row.get(5)?,
        title: row.get(6)?,
        word_count: row.get(7)?,
        analysis: read_brief(row, 8)?,
    })
}

fn check_size(content: &str) -> Result<(), StoreError> {
    if content.len() > MAX_ENTRY_BYTES {
        return Err(StoreError::InvalidInput(format!(
            "this entry is {} MB, over the {} MB limit; split it into several entries",
            content.len() / (1024 * 1024),
            MAX_ENTRY_BYTES / (1024 * 1024)
        )));
    }
    Ok(())
}
