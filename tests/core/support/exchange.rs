//! A journal read back whole, for comparing one with another: its journals, each entry's stored
//! fields (time zone and metadata too) with its pictures' original bytes, and its tags; and what
//! the exchange tests make journals from (a small PNG, the fields only imports write).

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

pub fn png(width: u32, height: u32, shade: u8) -> Vec<u8> {
    let pixels = image::RgbImage::from_fn(width, height, |x, y| {
        image::Rgb([shade, (x * 7) as u8, (y * 13) as u8])
    });
    let mut bytes = Vec::new();
    image::DynamicImage::ImageRgb8(pixels)
        .write_to(
            &mut std::io::Cursor::new(&mut bytes),
            image::ImageFormat::Png,
        )
        .unwrap();
    bytes
}

/// Sets what only imports write: an entry's time zone and metadata.
pub fn set_extras(store: &Store, id: &str, zone: Option<&str>, metadata: Option<&str>) {
    connect_to(store)
        .execute(
            "UPDATE entries SET time_zone = ?2, metadata = ?3 WHERE id = ?1",
            rusqlite::params![id, zone, metadata],
        )
        .unwrap();
}

/// An entry as another app keeps it: ids and colours are the importer's own, so the entry's
/// pictures are named in its text by their place (`picture:1`) instead of their id.
#[derive(Debug, PartialEq)]
pub struct CarriedEntry {
    pub dated_at: i64,
    pub updated_at: i64,
    pub time_zone: Option<String>,
    pub journal: String,
    pub starred: bool,
    pub content: String,
    pub metadata: Option<serde_json::Value>,
    pub pictures: Vec<(String, Vec<u8>)>,
}

/// The snapshot's entries as [`CarriedEntry`]s, and its tags.
pub fn carried(snapshot: Snapshot) -> (Vec<CarriedEntry>, Vec<(String, u32)>) {
    let entries = snapshot
        .entries
        .into_iter()
        .map(|entry| {
            let mut content = entry.content;
            for (n, (id, _, _)) in entry.pictures.iter().enumerate() {
                content = content.replace(&format!("picture:{id}"), &format!("picture:{}", n + 1));
            }
            CarriedEntry {
                dated_at: entry.dated_at,
                updated_at: entry.updated_at,
                time_zone: entry.time_zone,
                journal: entry.journal,
                starred: entry.starred,
                content,
                metadata: entry.metadata,
                pictures: entry
                    .pictures
                    .into_iter()
                    .map(|(_, mime, bytes)| (mime, bytes))
                    .collect(),
            }
        })
        .collect();
    (entries, snapshot.tags)
}
