//! What import and export need from the store (see `crate::exchange`): whether a source's entry is
//! here already, a batch of imported entries written in one transaction, and the entries that pass a
//! filter read page by page with everything an export keeps.
//!
//! An imported entry keeps its dates, star, time zone and metadata; its tags are read from its text
//! like any other entry's. Where it came from is noted in `import_sources`, in the same transaction,
//! so that a batch is there whole or not at all and running an import again skips it.

use std::collections::HashSet;

use rusqlite::{named_params, params, Connection, OptionalExtension, Transaction};

use super::entries::next_date_key;
use super::filter::{EntryFilter, Params, Scope};
use super::journals::{first_journal, journal_name, journal_seq};
use super::pictures::{insert_picture, picture_info};
use super::tags::index_entry;
use super::text::{title, word_count};
use super::{now_ms, JournalColour, PictureInfo, PreparedPicture, Store, StoreError, UserId};
use crate::analyser::Mood;

/// Where an imported entry goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum JournalTarget {
    /// One of the person's journals, by id.
    Id(String),
    /// The journal of this name (in any case), made with this colour and template when missing.
    Named {
        name: String,
        colour: JournalColour,
        template: String,
    },
    /// The first journal.
    First,
}

/// An entry ready to be written by [`Store::import_batch`].
pub(crate) struct NewImport {
    pub source_id: String,
    /// The entry's id in its source, kept when no entry has it yet (Quire's own exports).
    pub keep_id: Option<String>,
    pub created_at: i64,
    pub updated_at: i64,
    pub dated_at: i64,
    pub time_zone: Option<String>,
    pub journal: JournalTarget,
    pub starred: bool,
    pub content: String,
    /// A JSON object, or `None`.
    pub metadata: Option<String>,
    /// Each picture with the id the text refers to it by (`picture:<id>`); a picture whose id is
    /// taken gets a new one, and the text follows.
    pub pictures: Vec<(String, PreparedPicture)>,
}

/// What a batch did.
#[derive(Debug, Default)]
pub(crate) struct BatchOutcome {
    pub added: usize,
    pub already_there: usize,
    pub pictures: usize,
    /// Names of the journals the batch made.
    pub journals_made: Vec<String>,
}

/// An entry as an export writes it.
#[derive(Debug, Clone)]
pub(crate) struct ExportedEntry {
    pub id: String,
    pub created_at: i64,
    pub updated_at: i64,
    pub dated_at: i64,
    pub time_zone: Option<String>,
    pub journal_id: String,
    pub journal_name: String,
    pub starred: bool,
    pub content: String,
    pub metadata: Option<String>,
    pub mood: Option<Mood>,
    pub pictures: Vec<PictureInfo>,
    /// Where the next page starts.
    pub date_key: i64,
}

impl Store {
    /// Whether the entry `source_id` of a source of this `kind` was imported already, or (for a
    /// source that keeps Quire's ids) an entry with the id `entry_id` is here.
    pub(crate) fn imported_already(
        &self,
        user: &UserId,
        kind: &str,
        source_id: &str,
        entry_id: Option<&str>,
    ) -> Result<bool, StoreError> {
        already(&self.reader(), user, kind, source_id, entry_id)
    }

    /// Every source id imported from sources of this `kind`, read in one pass: the preview checks
    /// each entry of a large file against these in memory, where a query per entry would read the
    /// index from disk again and again.
    pub(crate) fn imported_source_ids(
        &self,
        user: &UserId,
        kind: &str,
    ) -> Result<HashSet<String>, StoreError> {
        let conn = self.reader();
        let mut statement =
            conn.prepare("SELECT source_id FROM import_sources WHERE user_id = ?1 AND kind = ?2")?;
        let ids = statement
            .query_map(params![user.as_str(), kind], |row| row.get(0))?
            .collect::<Result<_, _>>()?;
        Ok(ids)
    }

    /// The ids of all the person's entries, for the same check of a source that keeps Quire's ids.
    pub(crate) fn entry_ids(&self, user: &UserId) -> Result<HashSet<String>, StoreError> {
        let conn = self.reader();
        let mut statement = conn.prepare("SELECT id FROM entries WHERE user_id = ?1")?;
        let ids = statement
            .query_map(params![user.as_str()], |row| row.get(0))?
            .collect::<Result<_, _>>()?;
        Ok(ids)
    }

    /// Writes `batch` in one transaction: each entry not already here (see
    /// [`Store::imported_already`]), its pictures and its source, and the journals they need.
    #[tracing::instrument(skip_all, err)]
    pub(crate) fn import_batch(
        &self,
        user: &UserId,
        kind: &str,
        batch: Vec<NewImport>,
        journals: &[JournalTarget],
    ) -> Result<BatchOutcome, StoreError> {
        let mut conn = self.writer();
        let tx = conn.transaction()?;
        let mut outcome = BatchOutcome::default();
        for journal in journals {
            resolve_journal(&tx, user, journal, &mut outcome)?;
        }
        for entry in batch {
            if already(&tx, user, kind, &entry.source_id, entry.keep_id.as_deref())? {
                outcome.already_there += 1;
                continue;
            }
            insert_imported(&tx, user, kind, entry, &mut outcome)?;
            outcome.added += 1;
        }
        tx.commit()?;
        Ok(outcome)
    }

    /// Up to `limit` of the live entries that pass `filter`, oldest first by date, starting after
    /// the entry whose `date_key` is `after`.
    pub(crate) fn export_page(
        &self,
        user: &UserId,
        filter: &EntryFilter,
        after: Option<i64>,
        limit: u32,
    ) -> Result<Vec<ExportedEntry>, StoreError> {
        let conn = self.reader();
        let scope = Scope::resolve(&conn, user, filter)?;
        if scope.empty {
            return Ok(Vec::new());
        }
        let mut params = Params::default();
        params.push(":user", user.as_str().to_owned().into());
        let conditions = scope.conditions("e.date_key", &mut params);
        params.push(":after", after.unwrap_or(i64::MIN).into());
        params.push(":limit", limit.into());
        let mut stmt = conn.prepare_cached(&format!(
            "SELECT e.id, e.created_at, e.updated_at, e.dated_at, e.time_zone, j.id, j.name,
                    e.starred, e.content, e.metadata, a.mood, e.date_key
             FROM entries e JOIN journals j ON j.seq = e.journal_seq
                  LEFT JOIN entry_analysis a ON a.entry_seq = e.seq
             WHERE e.user_id = :user AND e.deleted_at IS NULL {conditions}
               AND e.date_key > :after
             ORDER BY e.date_key LIMIT :limit"
        ))?;
        let mut entries = stmt
            .query_map(&*params.as_named(), |row| {
                Ok(ExportedEntry {
                    id: row.get(0)?,
                    created_at: row.get(1)?,
                    updated_at: row.get(2)?,
                    dated_at: row.get(3)?,
                    time_zone: row.get(4)?,
                    journal_id: row.get(5)?,
                    journal_name: row.get(6)?,
                    starred: row.get(7)?,
                    content: row.get(8)?,
                    metadata: row.get(9)?,
                    mood: row
                        .get::<_, Option<String>>(10)?
                        .and_then(|key| Mood::from_key(&key)),
                    pictures: Vec::new(),
                    date_key: row.get(11)?,
                })
            })?
            .collect::<Result<Vec<_>, _>>()?;
        let mut pictures = conn.prepare_cached(
            "SELECT id, entry_id, mime, width, height, byte_len FROM pictures
             WHERE entry_id = ?1 AND user_id = ?2 ORDER BY id",
        )?;
        for entry in &mut entries {
            entry.pictures = pictures
                .query_map(params![entry.id, user.as_str()], picture_info)?
                .collect::<Result<_, _>>()?;
        }
        Ok(entries)
    }
}

fn already(
    conn: &Connection,
    user: &UserId,
    kind: &str,
    source_id: &str,
    entry_id: Option<&str>,
) -> Result<bool, StoreError> {
    let noted = conn
        .prepare_cached(
            "SELECT 1 FROM import_sources WHERE user_id = ?1 AND kind = ?2 AND source_id = ?3",
        )?
        .query_row(params![user.as_str(), kind, source_id], |_| Ok(()))
        .optional()?
        .is_some();
    if noted {
        return Ok(true);
    }
    let Some(id) = entry_id else {
        return Ok(false);
    };
    Ok(conn
        .prepare_cached("SELECT 1 FROM entries WHERE id = ?1 AND user_id = ?2")?
        .query_row(params![id, user.as_str()], |_| Ok(()))
        .optional()?
        .is_some())
}

/// The journal an entry goes to, made when a named one is missing.
fn resolve_journal(
    tx: &Transaction<'_>,
    user: &UserId,
    target: &JournalTarget,
    outcome: &mut BatchOutcome,
) -> Result<i64, StoreError> {
    let (name, colour, template) = match target {
        JournalTarget::Id(id) => return journal_seq(tx, user, id),
        JournalTarget::First => return first_journal(tx, user),
        JournalTarget::Named {
            name,
            colour,
            template,
        } => (name, colour, template),
    };
    let name = journal_name(name)?;
    let found: Option<i64> = tx
        .prepare_cached(
            "SELECT seq FROM journals WHERE user_id = ?1 AND deleted_at IS NULL
               AND lower(name) = lower(?2)
             ORDER BY position, seq LIMIT 1",
        )?
        .query_row(params![user.as_str(), name], |row| row.get(0))
        .optional()?;
    if let Some(seq) = found {
        return Ok(seq);
    }
    tx.execute(
        "INSERT INTO journals (id, user_id, name, colour, position, created_at, template)
         VALUES (:id, :user, :name, :colour,
                 (SELECT coalesce(max(position), -1) + 1 FROM journals WHERE user_id = :user),
                 :now, :template)",
        named_params! {
            ":id": uuid::Uuid::now_v7().to_string(),
            ":user": user.as_str(),
            ":name": name,
            ":colour": colour.as_str(),
            ":now": now_ms(),
            ":template": template,
        },
    )?;
    outcome.journals_made.push(name);
    Ok(tx.last_insert_rowid())
}

/// Whether any entry (of anyone) has the id, or any picture, so that a kept id never collides.
fn id_taken(conn: &Connection, table: &str, id: &str) -> Result<bool, StoreError> {
    Ok(conn
        .prepare_cached(&format!("SELECT 1 FROM {table} WHERE id = ?1"))?
        .query_row([id], |_| Ok(()))
        .optional()?
        .is_some())
}

fn insert_imported(
    tx: &Transaction<'_>,
    user: &UserId,
    kind: &str,
    entry: NewImport,
    outcome: &mut BatchOutcome,
) -> Result<(), StoreError> {
    let journal = resolve_journal(tx, user, &entry.journal, outcome)?;
    let id = match entry.keep_id {
        Some(id) if uuid::Uuid::parse_str(&id).is_ok() && !id_taken(tx, "entries", &id)? => id,
        _ => uuid::Uuid::now_v7().to_string(),
    };
    let mut content = entry.content;
    let mut pictures = Vec::with_capacity(entry.pictures.len());
    for (wanted, picture) in entry.pictures {
        let picture_id = if uuid::Uuid::parse_str(&wanted).is_ok()
            && !id_taken(tx, "pictures", &wanted)?
            && !pictures.iter().any(|(id, _): &(String, _)| *id == wanted)
        {
            wanted
        } else {
            let fresh = uuid::Uuid::now_v7().to_string();
            content = content.replace(&format!("picture:{wanted}"), &format!("picture:{fresh}"));
            fresh
        };
        pictures.push((picture_id, picture));
    }
    let date_key = next_date_key(tx, entry.dated_at)?;
    let seq: i64 = tx
        .prepare_cached(
            "INSERT INTO entries (id, user_id, created_at, updated_at, dated_at, date_key,
                                  journal_seq, starred, content, title, word_count, time_zone,
                                  metadata)
             VALUES (:id, :user, :created, :updated, :dated, :key, :journal, :starred, :content,
                     :title, :words, :zone, :metadata)
             RETURNING seq",
        )?
        .query_row(
            named_params! {
                ":id": id,
                ":user": user.as_str(),
                ":created": entry.created_at,
                ":updated": entry.updated_at,
                ":dated": entry.dated_at,
                ":key": date_key,
                ":journal": journal,
                ":starred": entry.starred,
                ":content": content,
                ":title": title(&content),
                ":words": word_count(&content),
                ":zone": entry.time_zone,
                ":metadata": entry.metadata,
            },
            |row| row.get(0),
        )?;
    if !content.is_empty() {
        index_entry(tx, user.as_str(), seq, date_key, &content)?;
    }
    for (picture_id, picture) in pictures {
        let info = PictureInfo {
            id: picture_id,
            entry_id: id.clone(),
            mime: picture.mime().to_owned(),
            width: picture.width(),
            height: picture.height(),
            byte_len: u32::try_from(picture.byte_len())
                .expect("a prepared picture is at most MAX_PICTURE_BYTES"),
        };
        insert_picture(tx, user, &info, &picture, entry.created_at)?;
        outcome.pictures += 1;
    }
    tx.prepare_cached(
        "INSERT INTO import_sources (user_id, kind, source_id, entry_id, imported_at)
         VALUES (?1, ?2, ?3, ?4, ?5)",
    )?
    .execute(params![user.as_str(), kind, entry.source_id, id, now_ms()])?;
    Ok(())
}
