//! The `journals` table: named journals (Personal, Work, Dreams…) that hold a person's entries.
//!
//! Every person has at least one; the first is made with their user row. Deleting a journal is soft,
//! like deleting an entry: its entries move to another journal (noted in `journal_moves`) or are
//! deleted with it, and [`Store::undo_delete_journal`] puts everything back until the next launch
//! purges it.

use chrono::TimeZone;
use rusqlite::{named_params, params, Connection, OptionalExtension, Row};
use serde::{Deserialize, Serialize};

use super::tags;
use super::{now_ms, Store, StoreError, UserId};

/// The longest journal name, in characters.
pub const MAX_JOURNAL_NAME: usize = 60;

/// A named journal, its colour, and how many entries it holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct Journal {
    pub id: String,
    pub name: String,
    pub colour: JournalColour,
    pub entries: u32,
    /// The Markdown a new entry in this journal starts with; empty for none. See [`fill_template`].
    pub template: String,
}

/// The colours a journal can have; the window picks the shade for its theme.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum JournalColour {
    Grey,
    Red,
    Orange,
    Yellow,
    Green,
    Teal,
    Blue,
    Purple,
    Pink,
}

impl JournalColour {
    const ALL: [JournalColour; 9] = [
        Self::Grey,
        Self::Red,
        Self::Orange,
        Self::Yellow,
        Self::Green,
        Self::Teal,
        Self::Blue,
        Self::Purple,
        Self::Pink,
    ];

    pub(super) fn as_str(self) -> &'static str {
        match self {
            Self::Grey => "grey",
            Self::Red => "red",
            Self::Orange => "orange",
            Self::Yellow => "yellow",
            Self::Green => "green",
            Self::Teal => "teal",
            Self::Blue => "blue",
            Self::Purple => "purple",
            Self::Pink => "pink",
        }
    }

    pub(super) fn parse(name: &str) -> Self {
        Self::ALL
            .into_iter()
            .find(|colour| colour.as_str() == name)
            .unwrap_or(Self::Grey)
    }
}

/// What deleting a journal did, for its Undo.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct JournalDeleted {
    pub journal: Journal,
    /// Where its entries went; `None` when they were deleted with it.
    pub moved_to: Option<String>,
    pub entries: u32,
}

const COLUMNS: &str = "id, name, colour, live, template";

/// The longest template a journal may have, in bytes.
pub const MAX_TEMPLATE_BYTES: usize = 20_000;

fn read_journal(row: &Row<'_>) -> rusqlite::Result<Journal> {
    Ok(Journal {
        id: row.get(0)?,
        name: row.get(1)?,
        colour: JournalColour::parse(&row.get::<_, String>(2)?),
        entries: row.get(3)?,
        template: row.get(4)?,
    })
}

/// A new entry's text from its journal's template: `{{date}}` becomes the entry's day ("Monday 7
/// December 2026") and `{{time}}` its time ("08:30"), in local time.
pub fn fill_template(template: &str, dated_at: i64) -> String {
    if !template.contains("{{") {
        return template.to_owned();
    }
    let Some(moment) = chrono::Local.timestamp_millis_opt(dated_at).single() else {
        return template.to_owned();
    };
    template
        .replace("{{date}}", &moment.format("%A %-d %B %Y").to_string())
        .replace("{{time}}", &moment.format("%H:%M").to_string())
}

impl Store {
    /// The person's journals, in their order.
    pub fn list_journals(&self, user: &UserId) -> Result<Vec<Journal>, StoreError> {
        let conn = self.reader();
        let mut stmt = conn.prepare_cached(&format!(
            "SELECT {COLUMNS} FROM journals WHERE user_id = ?1 AND deleted_at IS NULL
             ORDER BY position, seq"
        ))?;
        let journals = stmt
            .query_map([user.as_str()], read_journal)?
            .collect::<Result<_, _>>()?;
        Ok(journals)
    }

    #[tracing::instrument(skip_all, err)]
    pub fn create_journal(
        &self,
        user: &UserId,
        name: &str,
        colour: JournalColour,
    ) -> Result<Journal, StoreError> {
        let name = journal_name(name)?;
        let conn = self.writer();
        check_name_free(&conn, user, &name, None)?;
        let id = uuid::Uuid::now_v7().to_string();
        conn.execute(
            "INSERT INTO journals (id, user_id, name, colour, position, created_at)
             VALUES (:id, :user, :name, :colour,
                     (SELECT coalesce(max(position), -1) + 1 FROM journals WHERE user_id = :user),
                     :now)",
            named_params! {
                ":id": id,
                ":user": user.as_str(),
                ":name": name,
                ":colour": colour.as_str(),
                ":now": now_ms(),
            },
        )?;
        journal_by_id(&conn, user, &id)
    }

    /// Renames and recolours a journal.
    #[tracing::instrument(skip_all, err)]
    pub fn update_journal(
        &self,
        user: &UserId,
        id: &str,
        name: &str,
        colour: JournalColour,
    ) -> Result<Journal, StoreError> {
        let name = journal_name(name)?;
        let conn = self.writer();
        check_name_free(&conn, user, &name, Some(id))?;
        let changed = conn.execute(
            "UPDATE journals SET name = ?3, colour = ?4
             WHERE id = ?1 AND user_id = ?2 AND deleted_at IS NULL",
            params![id, user.as_str(), name, colour.as_str()],
        )?;
        if changed == 0 {
            return Err(StoreError::NotFound);
        }
        journal_by_id(&conn, user, id)
    }

    /// Sets the template new entries in the journal start with; an empty one for none.
    #[tracing::instrument(skip_all, err)]
    pub fn set_journal_template(
        &self,
        user: &UserId,
        id: &str,
        template: &str,
    ) -> Result<Journal, StoreError> {
        if template.len() > MAX_TEMPLATE_BYTES {
            return Err(StoreError::InvalidInput(format!(
                "a template can be up to {} KB; shorten it",
                MAX_TEMPLATE_BYTES / 1000
            )));
        }
        let conn = self.writer();
        let changed = conn.execute(
            "UPDATE journals SET template = ?3
             WHERE id = ?1 AND user_id = ?2 AND deleted_at IS NULL",
            params![id, user.as_str(), template],
        )?;
        if changed == 0 {
            return Err(StoreError::NotFound);
        }
        journal_by_id(&conn, user, id)
    }

    /// Deletes a journal: its entries move to `move_to`, or are deleted with it when that is `None`.
    #[tracing::instrument(skip_all, err)]
    pub fn delete_journal(
        &self,
        user: &UserId,
        id: &str,
        move_to: Option<&str>,
    ) -> Result<JournalDeleted, StoreError> {
        let mut conn = self.writer();
        let tx = conn.transaction()?;
        let seq = journal_seq(&tx, user, id)?;
        let target = move_to.map(|to| journal_seq(&tx, user, to)).transpose()?;
        if target == Some(seq) {
            return Err(StoreError::InvalidInput(
                "a journal's entries cannot move into the journal being deleted".to_owned(),
            ));
        }
        let others: u32 = tx.query_row(
            "SELECT count(*) FROM journals WHERE user_id = ?1 AND deleted_at IS NULL AND seq <> ?2",
            params![user.as_str(), seq],
            |row| row.get(0),
        )?;
        if others == 0 {
            return Err(StoreError::InvalidInput(
                "this is your only journal; create another one before deleting it".to_owned(),
            ));
        }
        let journal = journal_by_id(&tx, user, id)?;
        let now = now_ms();
        let entries = match target {
            // Entries deleted a moment ago move too, so that their Undo brings them back into a
            // journal that is still there.
            Some(target) => {
                let live: i64 =
                    tx.query_row("SELECT live FROM journals WHERE seq = ?1", [seq], |row| {
                        row.get(0)
                    })?;
                tx.execute(
                    "INSERT INTO journal_moves (journal_seq, entry_seq)
                     SELECT ?1, seq FROM entries WHERE journal_seq = ?1",
                    [seq],
                )?;
                tx.execute(
                    "UPDATE entries SET journal_seq = ?2 WHERE journal_seq = ?1",
                    [seq, target],
                )?;
                usize::try_from(live).unwrap_or_default()
            }
            // The entries are deleted at the journal's moment, which is how Undo finds them.
            None => tx.execute(
                "UPDATE entries SET deleted_at = ?2 WHERE journal_seq = ?1 AND deleted_at IS NULL",
                params![seq, now],
            )?,
        };
        tx.execute(
            "UPDATE journals SET deleted_at = ?2 WHERE seq = ?1",
            params![seq, now],
        )?;
        tx.commit()?;
        Ok(JournalDeleted {
            journal,
            moved_to: move_to.map(str::to_owned),
            entries: u32::try_from(entries).unwrap_or(u32::MAX),
        })
    }

    /// Undoes [`Store::delete_journal`]: the journal comes back with its entries.
    #[tracing::instrument(skip_all, err)]
    pub fn undo_delete_journal(&self, user: &UserId, id: &str) -> Result<Journal, StoreError> {
        let mut conn = self.writer();
        let tx = conn.transaction()?;
        let found: Option<(i64, i64)> = tx
            .query_row(
                "SELECT seq, deleted_at FROM journals
                 WHERE id = ?1 AND user_id = ?2 AND deleted_at IS NOT NULL",
                params![id, user.as_str()],
                |row| Ok((row.get(0)?, row.get(1)?)),
            )
            .optional()?;
        let Some((seq, deleted_at)) = found else {
            return Err(StoreError::NotFound);
        };
        tx.execute(
            "UPDATE entries SET journal_seq = ?1
             WHERE seq IN (SELECT entry_seq FROM journal_moves WHERE journal_seq = ?1)",
            [seq],
        )?;
        tx.execute("DELETE FROM journal_moves WHERE journal_seq = ?1", [seq])?;
        let restored: Vec<(i64, i64, String)> = tx
            .prepare(
                "UPDATE entries SET deleted_at = NULL WHERE journal_seq = ?1 AND deleted_at = ?2
                 RETURNING seq, date_key, content",
            )?
            .query_map([seq, deleted_at], |row| {
                Ok((row.get(0)?, row.get(1)?, row.get(2)?))
            })?
            .collect::<Result<_, _>>()?;
        for (entry, date_key, content) in restored {
            tags::index_entry(&tx, user.as_str(), entry, date_key, &content)?;
        }
        tx.execute(
            "UPDATE journals SET deleted_at = NULL WHERE seq = ?1",
            [seq],
        )?;
        let journal = journal_by_id(&tx, user, id)?;
        tx.commit()?;
        Ok(journal)
    }

    /// Removes for good the journals this user deleted (after their entries were purged).
    pub(super) fn purge_deleted_journals(&self, user: &UserId) -> Result<usize, StoreError> {
        let purged = self.writer().execute(
            "DELETE FROM journals WHERE user_id = ?1 AND deleted_at IS NOT NULL
               AND NOT EXISTS (SELECT 1 FROM entries e WHERE e.journal_seq = journals.seq)",
            [user.as_str()],
        )?;
        Ok(purged)
    }
}

/// The journal's internal key, for a journal of this user's that is not deleted.
pub(super) fn journal_seq(conn: &Connection, user: &UserId, id: &str) -> Result<i64, StoreError> {
    conn.prepare_cached(
        "SELECT seq FROM journals WHERE id = ?1 AND user_id = ?2 AND deleted_at IS NULL",
    )?
    .query_row(params![id, user.as_str()], |row| row.get(0))
    .optional()?
    .ok_or_else(|| {
        StoreError::InvalidInput("that journal no longer exists; pick another one".to_owned())
    })
}

/// The journal new entries go to when none is named: the first one.
pub(super) fn first_journal(conn: &Connection, user: &UserId) -> Result<i64, StoreError> {
    let found = conn
        .prepare_cached(
            "SELECT seq FROM journals WHERE user_id = ?1 AND deleted_at IS NULL
             ORDER BY position, seq LIMIT 1",
        )?
        .query_row([user.as_str()], |row| row.get(0))
        .optional()?;
    match found {
        Some(seq) => Ok(seq),
        // Every user gets a journal with their row; this only happens if all were deleted at once.
        None => {
            conn.execute(
                "INSERT INTO journals (id, user_id, name, colour, position, created_at)
                 VALUES (?1, ?2, 'Journal', 'blue', 0, ?3)",
                params![uuid::Uuid::now_v7().to_string(), user.as_str(), now_ms()],
            )?;
            Ok(conn.last_insert_rowid())
        }
    }
}

fn journal_by_id(conn: &Connection, user: &UserId, id: &str) -> Result<Journal, StoreError> {
    conn.query_row(
        &format!("SELECT {COLUMNS} FROM journals WHERE id = ?1 AND user_id = ?2"),
        params![id, user.as_str()],
        read_journal,
    )
    .map_err(StoreError::from)
}

pub(super) fn journal_name(name: &str) -> Result<String, StoreError> {
    let name = name.split_whitespace().collect::<Vec<_>>().join(" ");
    if name.is_empty() {
        return Err(StoreError::InvalidInput(
            "a journal needs a name".to_owned(),
        ));
    }
    if name.chars().count() > MAX_JOURNAL_NAME {
        return Err(StoreError::InvalidInput(format!(
            "journal names are at most {MAX_JOURNAL_NAME} characters"
        )));
    }
    Ok(name)
}

fn check_name_free(
    conn: &Connection,
    user: &UserId,
    name: &str,
    except: Option<&str>,
) -> Result<(), StoreError> {
    let taken: bool = conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM journals
                        WHERE user_id = ?1 AND deleted_at IS NULL AND lower(name) = lower(?2)
                          AND id IS NOT ?3)",
        params![user.as_str(), name, except],
        |row| row.get(0),
    )?;
    if taken {
        return Err(StoreError::InvalidInput(format!(
            "you already have a journal called \u{201c}{name}\u{201d}; choose another name"
        )));
    }
    Ok(())
}
