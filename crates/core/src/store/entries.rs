//! The `entries` table: what a person writes, one row per entry, always reached through its user.
//!
//! Deleting is soft, so that "Undo" is a plain update; soft-deleted rows are purged at the next launch.

use rusqlite::{named_params, params, OptionalExtension, Row};
use serde::Serialize;

use super::analyses::{read_brief, AnalysisBrief, BRIEF_COLUMNS};
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
    /// How many entries the user has in all, so the list can size its scroll area.
    pub total: u32,
    pub offset: u32,
    pub items: Vec<EntrySummary>,
}

/// The list's columns, from `entries` aliased `e` joined to its analysis aliased `a` (see [`FROM`]).
pub(super) fn summary_columns() -> String {
    format!("e.id, e.created_at, e.updated_at, e.title, e.word_count, {BRIEF_COLUMNS}")
}

/// An entry with its analysis, if it has one.
pub(super) const FROM: &str = "entries e LEFT JOIN entry_analysis a ON a.entry_seq = e.seq";

impl Store {
    /// Starts a new, empty entry dated now.
    pub fn create_entry(&self, user: &UserId) -> Result<Entry, StoreError> {
        self.insert_entry(user, now_ms(), "")
    }

    /// Adds an entry with a given date and text (new entries, imports, test journals).
    #[tracing::instrument(skip_all, err)]
    pub fn insert_entry(
        &self,
        user: &UserId,
        created_at: i64,
        content: &str,
    ) -> Result<Entry, StoreError> {
        check_size(content)?;
        let entry = Entry {
            id: uuid::Uuid::now_v7().to_string(),
            created_at,
            updated_at: created_at.max(now_ms()),
            content: content.to_owned(),
            word_count: word_count(content),
        };
        self.writer().execute(
            "INSERT INTO entries (id, user_id, created_at, updated_at, content, title, word_count)
             VALUES (:id, :user, :created, :updated, :content, :title, :words)",
            named_params! {
                ":id": entry.id,
                ":user": user.as_str(),
                ":created": entry.created_at,
                ":updated": entry.updated_at,
                ":content": entry.content,
                ":title": title(content),
                ":words": entry.word_count,
            },
        )?;
        Ok(entry)
    }

    /// Adds many entries in one transaction (imports, generated test journals); returns how many.
    /// All or nothing: one entry over the size limit adds none.
    #[tracing::instrument(skip_all, err)]
    pub fn insert_entries<'a>(
        &self,
        user: &UserId,
        entries: impl IntoIterator<Item = (i64, &'a str)>,
    ) -> Result<usize, StoreError> {
        let mut conn = self.writer();
        let tx = conn.transaction()?;
        let mut added = 0;
        {
            let mut insert = tx.prepare_cached(
                "INSERT INTO entries (id, user_id, created_at, updated_at, content, title, word_count)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            )?;
            let now = now_ms();
            for (created_at, content) in entries {
                check_size(content)?;
                insert.execute(params![
                    uuid::Uuid::now_v7().to_string(),
                    user.as_str(),
                    created_at,
                    created_at.max(now),
                    content,
                    title(content),
                    word_count(content),
                ])?;
                added += 1;
            }
        }
        tx.commit()?;
        Ok(added)
    }

    /// One entry with its text.
    pub fn get_entry(&self, user: &UserId, id: &str) -> Result<Entry, StoreError> {
        self.reader()
            .query_row(
                "SELECT id, created_at, updated_at, content, word_count FROM entries
                 WHERE id = ?1 AND user_id = ?2 AND deleted_at IS NULL",
                params![id, user.as_str()],
                |row| {
                    Ok(Entry {
                        id: row.get(0)?,
                        created_at: row.get(1)?,
                        updated_at: row.get(2)?,
                        content: row.get(3)?,
                        word_count: row.get(4)?,
                    })
                },
            )
            .map_err(StoreError::from)
    }

    /// Replaces an entry's text. When this returns, the text is on disk (`synchronous=FULL`).
    /// Saving the same text again writes nothing.
    #[tracing::instrument(skip_all, err)]
    pub fn save_entry(
        &self,
        user: &UserId,
        id: &str,
        content: &str,
    ) -> Result<EntrySummary, StoreError> {
        check_size(content)?;
        let conn = self.writer();
        conn.prepare_cached(
            "UPDATE entries
             SET content = :content, title = :title, word_count = :words, updated_at = :now
             WHERE id = :id AND user_id = :user AND deleted_at IS NULL
               AND content IS NOT :content",
        )?
        .execute(named_params! {
            ":content": content,
            ":title": title(content),
            ":words": word_count(content),
            ":now": now_ms(),
            ":id": id,
            ":user": user.as_str(),
        })?;
        summary_of(&conn, user, id)
    }

    /// A page of the user's entries, newest first.
    pub fn list_entries(
        &self,
        user: &UserId,
        offset: u32,
        limit: u32,
    ) -> Result<EntryPage, StoreError> {
        let conn = self.reader();
        let total: u32 = conn
            .prepare_cached("SELECT live FROM entry_counts WHERE user_id = ?1")?
            .query_row([user.as_str()], |row| row.get(0))
            .optional()?
            .unwrap_or(0);
        let mut stmt = conn.prepare_cached(&format!(
            "SELECT {} FROM {FROM}
             WHERE e.user_id = ?1 AND e.deleted_at IS NULL
             ORDER BY e.created_at DESC, e.seq DESC
             LIMIT ?2 OFFSET ?3",
            summary_columns()
        ))?;
        let items = stmt
            .query_map(
                params![user.as_str(), limit.min(MAX_PAGE), offset],
                read_summary,
            )?
            .collect::<Result<_, _>>()?;
        Ok(EntryPage {
            total,
            offset,
            items,
        })
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
        let conn = self.writer();
        let restored = conn.execute(
            "UPDATE entries SET deleted_at = NULL
             WHERE id = ?1 AND user_id = ?2 AND deleted_at IS NOT NULL",
            params![id, user.as_str()],
        )?;
        if restored == 0 {
            return Err(StoreError::NotFound);
        }
        summary_of(&conn, user, id)
    }

    /// Removes for good the entries this user deleted before now. Returns how many went.
    #[tracing::instrument(skip_all, err)]
    pub fn purge_deleted(&self, user: &UserId) -> Result<usize, StoreError> {
        let purged = self.writer().execute(
            "DELETE FROM entries WHERE user_id = ?1 AND deleted_at IS NOT NULL",
            [user.as_str()],
        )?;
        Ok(purged)
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
        title: row.get(3)?,
        word_count: row.get(4)?,
        analysis: read_brief(row, 5)?,
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
