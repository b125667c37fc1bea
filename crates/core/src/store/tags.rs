//! The tag index: which live entries carry which `#tag`, derived from their text on every save
//! (see [`super::tag_text`] for how tags are read), and renaming a tag across the whole journal.

use rusqlite::{params, Connection, OptionalExtension, TransactionBehavior};
use serde::Serialize;

use super::tag_text;
use super::text::{title, word_count};
use super::{now_ms, Store, StoreError, UserId};

/// A tag and the number of entries that carry it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct TagCount {
    pub name: String,
    pub entries: u32,
}

/// What renaming a tag changed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct TagRenamed {
    pub name: String,
    pub entries: u32,
}

impl Store {
    /// Every tag in use, by name, with how many entries carry it.
    pub fn list_tags(&self, user: &UserId) -> Result<Vec<TagCount>, StoreError> {
        let conn = self.reader();
        let mut stmt = conn.prepare_cached(
            "SELECT name, uses FROM tags WHERE user_id = ?1 AND uses > 0 ORDER BY key",
        )?;
        let tags = stmt
            .query_map([user.as_str()], |row| {
                Ok(TagCount {
                    name: row.get(0)?,
                    entries: row.get(1)?,
                })
            })?
            .collect::<Result<_, _>>()?;
        Ok(tags)
    }

    /// Renames the tag `from` to `to` in the text of every entry that has it, in one transaction.
    /// When `to` is a tag already, the two become one.
    #[tracing::instrument(skip_all, err)]
    pub fn rename_tag(
        &self,
        user: &UserId,
        from: &str,
        to: &str,
    ) -> Result<TagRenamed, StoreError> {
        let from = from.trim().trim_start_matches('#');
        let to = to.trim().trim_start_matches('#');
        if !tag_text::is_tag_name(to) {
            return Err(StoreError::InvalidInput(format!(
                "\u{201c}{to}\u{201d} cannot be a tag: use letters, digits, _, - or /, with at least one letter and no spaces"
            )));
        }
        let mut conn = self.writer();
        // Enough page cache for the whole rewrite, so that no page is written to the log twice
        // because the cache spilled it halfway. The commit leaves the log as it is, for
        // [`Store::checkpoint`] to fold into the database without anyone waiting for it. The
        // usual settings come back afterwards.
        conn.pragma_update(None, "cache_size", BULK_CACHE_KIB)?;
        conn.pragma_update(None, "wal_autocheckpoint", 0)?;
        let renamed = rename_in(&mut conn, user, from, to);
        conn.pragma_update(None, "wal_autocheckpoint", DEFAULT_AUTOCHECKPOINT)?;
        conn.pragma_update(None, "cache_size", DEFAULT_CACHE_KIB)?;
        renamed
    }
}

/// The page cache of a bulk rewrite, and SQLite's usual one (negative: KiB).
const BULK_CACHE_KIB: i64 = -65_536;
const DEFAULT_CACHE_KIB: i64 = -2_000;
/// SQLite's usual size of log (in pages) at which a commit folds it into the database.
const DEFAULT_AUTOCHECKPOINT: i64 = 1_000;

fn rename_in(
    conn: &mut Connection,
    user: &UserId,
    from: &str,
    to: &str,
) -> Result<TagRenamed, StoreError> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let Some(tag) = tag_seq(&tx, user, from)? else {
        return Err(StoreError::NotFound);
    };
    let entries: Vec<(i64, String)> = tx
        .prepare(
            "SELECT e.seq, e.content
             FROM entry_tags t CROSS JOIN entries e ON e.seq = t.entry_seq
             WHERE t.tag_seq = ?1
             ORDER BY e.seq",
        )?
        .query_map([tag], |row| Ok((row.get(0)?, row.get(1)?)))?
        .collect::<Result<_, _>>()?;
    // The entries carry the new tag in place of the old one: one statement moves them all in
    // the tag index, and each text is rewritten to say so.
    let target: i64 = tx
        .prepare_cached(
            "INSERT INTO tags (user_id, key, name) VALUES (?1, ?2, ?3)
             ON CONFLICT (user_id, key) DO UPDATE SET name = name
             RETURNING seq",
        )?
        .query_row(params![user.as_str(), tag_text::key(to), to], |row| {
            row.get(0)
        })?;
    if target != tag {
        tx.execute(
            "INSERT OR IGNORE INTO entry_tags (tag_seq, date_key, entry_seq)
             SELECT ?2, date_key, entry_seq FROM entry_tags WHERE tag_seq = ?1",
            [tag, target],
        )?;
        tx.execute("DELETE FROM entry_tags WHERE tag_seq = ?1", [tag])?;
    }
    let now = now_ms();
    {
        let mut update = tx.prepare_cached(
            "UPDATE entries SET content = ?2, title = ?3, word_count = ?4, updated_at = ?5
             WHERE seq = ?1",
        )?;
        for (seq, content) in &entries {
            let renamed = tag_text::rename(content, from, to);
            update.execute(params![
                seq,
                renamed,
                title(&renamed),
                word_count(&renamed),
                now
            ])?;
        }
    }
    // The new spelling is the one shown, also when only its case changed.
    tx.execute(
        "UPDATE tags SET name = ?3 WHERE user_id = ?1 AND key = ?2",
        params![user.as_str(), tag_text::key(to), to],
    )?;
    tx.execute(
        "DELETE FROM tags WHERE user_id = ?1 AND uses = 0",
        [user.as_str()],
    )?;
    tx.commit()?;
    Ok(TagRenamed {
        name: to.to_owned(),
        entries: u32::try_from(entries.len()).unwrap_or(u32::MAX),
    })
}

/// The internal key of the user's tag `name` (any case), if it is in use.
pub(super) fn tag_seq(
    conn: &Connection,
    user: &UserId,
    name: &str,
) -> Result<Option<i64>, StoreError> {
    let name = name.trim().trim_start_matches('#');
    Ok(conn
        .prepare_cached("SELECT seq FROM tags WHERE user_id = ?1 AND key = ?2 AND uses > 0")?
        .query_row(params![user.as_str(), tag_text::key(name)], |row| {
            row.get(0)
        })
        .optional()?)
}

/// Makes the tag index agree with the entry's text: the tags it no longer has go, new ones come.
pub(super) fn index_entry(
    conn: &Connection,
    user: &str,
    entry: i64,
    date_key: i64,
    content: &str,
) -> rusqlite::Result<()> {
    let wanted: Vec<(String, &str)> = tag_text::extract(content)
        .into_iter()
        .map(|name| (tag_text::key(name), name))
        .collect();
    let held: Vec<(i64, String)> = conn
        .prepare_cached(
            "SELECT t.seq, t.key FROM entry_tags et JOIN tags t ON t.seq = et.tag_seq
             WHERE et.entry_seq = ?1",
        )?
        .query_map([entry], |row| Ok((row.get(0)?, row.get(1)?)))?
        .collect::<Result<_, _>>()?;
    for (seq, key) in &held {
        if !wanted.iter().any(|(want, _)| want == key) {
            conn.prepare_cached("DELETE FROM entry_tags WHERE tag_seq = ?1 AND entry_seq = ?2")?
                .execute([seq, &entry])?;
        }
    }
    for (key, name) in &wanted {
        if held.iter().any(|(_, have)| have == key) {
            continue;
        }
        // A tag nobody uses any more takes the spelling of its next use.
        let tag: i64 = conn
            .prepare_cached(
                "INSERT INTO tags (user_id, key, name) VALUES (?1, ?2, ?3)
                 ON CONFLICT (user_id, key) DO UPDATE
                     SET name = CASE WHEN uses = 0 THEN excluded.name ELSE name END
                 RETURNING seq",
            )?
            .query_row(params![user, key, name], |row| row.get(0))?;
        conn.prepare_cached(
            "INSERT INTO entry_tags (tag_seq, date_key, entry_seq) VALUES (?1, ?2, ?3)",
        )?
        .execute([tag, date_key, entry])?;
    }
    Ok(())
}
