//! A journal read back whole, for comparing one with another: its journals, each entry's stored
//! fields (time zone and metadata too) with its pictures' original bytes, and its tags.

use quire_core::store::{PictureVariant, Store, UserId};

use super::journal::connect_to;

/// Everything a journal holds that an export keeps, in a stable order.
#[derive(Debug, PartialEq)]
pub struct Snapshot {
    pub journals: Vec<(String, String, String)>,
    pub entries: Vec<EntrySnapshot>,
    pub tags: Vec<(String, u32)>,
}

#[derive(Debug, PartialEq)]
pub struct EntrySnapshot {
    pub id: String,
    pub dated_at: i64,
    pub created_at: i64,
    pub updated_at: i64,
    pub time_zone: Option<String>,
    pub journal: String,
    pub starred: bool,
    pub content: String,
    pub metadata: Option<serde_json::Value>,
    pub pictures: Vec<(String, String, Vec<u8>)>,
}

pub fn snapshot(store: &Store, user: &UserId) -> Snapshot {
    let journals = store
        .list_journals(user)
        .unwrap()
        .into_iter()
        .map(|j| (j.name, format!("{:?}", j.colour), j.template))
        .collect();
    let conn = connect_to(store);
    let mut stmt = conn
        .prepare(
            "SELECT e.id, e.dated_at, e.created_at, e.updated_at, e.time_zone, j.name, e.starred,
                    e.content, e.metadata
             FROM entries e JOIN journals j ON j.seq = e.journal_seq
             WHERE e.user_id = ?1 AND e.deleted_at IS NULL ORDER BY e.date_key",
        )
        .unwrap();
    let entries = stmt
        .query_map([user.as_str()], |row| {
            Ok(EntrySnapshot {
                id: row.get(0)?,
                dated_at: row.get(1)?,
                created_at: row.get(2)?,
                updated_at: row.get(3)?,
                time_zone: row.get(4)?,
                journal: row.get(5)?,
                starred: row.get(6)?,
                content: row.get(7)?,
                metadata: row
                    .get::<_, Option<String>>(8)?
                    .map(|m| serde_json::from_str(&m).unwrap()),
                pictures: Vec::new(),
            })
        })
        .unwrap()
        .collect::<Result<Vec<_>, _>>()
        .unwrap();
    let entries = entries
        .into_iter()
        .map(|mut entry| {
            entry.pictures = store
                .entry_pictures(user, &entry.id)
                .unwrap()
                .into_iter()
                .map(|p| {
                    let bytes = store
                        .picture(user, &p.id, PictureVariant::Original)
                        .unwrap()
                        .bytes;
                    (p.id, p.mime, bytes)
                })
                .collect();
            entry
        })
        .collect();
    let tags = store
        .list_tags(user)
        .unwrap()
        .into_iter()
        .map(|t| (t.name, t.entries))
        .collect();
    Snapshot {
        journals,
        entries,
        tags,
    }
}
