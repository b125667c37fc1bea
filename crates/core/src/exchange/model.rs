//! The one model every importer reads into, and the importer interface.

use std::fmt;
use std::ops::ControlFlow;
use std::path::Path;

use chrono::TimeZone;
use sha2::{Digest, Sha256};

use super::{ExchangeError, Problem};
use crate::store::JournalColour;

/// An entry as a source has it, before Quire checks it.
#[derive(Debug, Default)]
pub struct ImportedEntry {
    /// Its place in the file, from 1: messages name it by this.
    pub position: usize,
    /// The source's own id for it; `None` when the source has none, and then a hash of its date
    /// and text ([`content_hash`]) stands in.
    pub source_id: Option<String>,
    /// Quire's id for it, kept when free (Quire's own exports).
    pub entry_id: Option<String>,
    /// The moment the entry is about, ms since the epoch.
    pub dated_at: i64,
    /// When it was written and last changed; `dated_at` when the source does not say.
    pub created_at: Option<i64>,
    pub updated_at: Option<i64>,
    /// The IANA time zone it was written in (`Europe/Paris`), when the source knows it.
    pub time_zone: Option<String>,
    /// Markdown; the title is its first line.
    pub text: String,
    /// Tag names without `#`; those not already in the text are added to it.
    pub tags: Vec<String>,
    pub starred: bool,
    /// The journal's name; `None` for the person's first journal.
    pub journal: Option<String>,
    /// Whatever else the source knew: `{"location": {"latitude": …}, "weather": {…}}`.
    pub metadata: serde_json::Map<String, serde_json::Value>,
    pub pictures: Vec<ImportedPicture>,
    /// Parts of it the source had and Quire does not keep (an attachment that is not a picture),
    /// each said as "the file x.pdf is not a picture, so it was left out".
    pub left_out: Vec<String>,
}

/// A picture of an imported entry.
pub struct ImportedPicture {
    /// Its file's name in the source, for messages and as its caption.
    pub file_name: String,
    /// The id the entry's text refers to it by (`picture:<id>`); `None` when the text does not,
    /// and then a reference is added to the end of the text.
    pub id: Option<String>,
    /// Its size in bytes when known before reading it.
    pub size: Option<u64>,
    pub data: PictureData,
}

impl fmt::Debug for ImportedPicture {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ImportedPicture")
            .field("file_name", &self.file_name)
            .field("id", &self.id)
            .field("size", &self.size)
            .finish()
    }
}

/// A picture's bytes, or how to read them when they are wanted: an import reads a picture only
/// when its entry is written, and a preview never does.
pub enum PictureData {
    Bytes(Vec<u8>),
    Lazy(Box<dyn FnOnce() -> Result<Vec<u8>, ExchangeError>>),
}

impl PictureData {
    pub fn read(self) -> Result<Vec<u8>, ExchangeError> {
        match self {
            Self::Bytes(bytes) => Ok(bytes),
            Self::Lazy(read) => read(),
        }
    }
}

/// A journal a source describes (Quire's own exports): made with its colour and template when the
/// person has none of that name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportedJournal {
    pub name: String,
    pub colour: JournalColour,
    pub template: String,
}

/// What an importer hands on, in the file's order.
#[derive(Debug)]
pub enum Item {
    Journal(ImportedJournal),
    Entry(ImportedEntry),
    /// An entry the importer could read but not use (a date that is not a date).
    Skip(Problem),
}

/// A format's reader. It streams: each item goes to `each` as soon as it is read, and nothing
/// keeps the file whole in memory.
pub trait Importer {
    /// The name imports of this source are noted under, for de-duplication. Formats that can hold
    /// the same entries (jrnl's JSON and its journal file) share one.
    fn kind(&self) -> &'static str;

    /// Reads `path` from start to end, handing each item to `each`; stops early, without an
    /// error, when `each` breaks. A file that is damaged, cut short or not in this format is an
    /// [`ExchangeError::Malformed`] naming the entry where reading stopped.
    fn read(
        &self,
        path: &Path,
        each: &mut dyn FnMut(Item) -> ControlFlow<()>,
    ) -> Result<(), ExchangeError>;
}

/// The stand-in id of an entry whose source has none: SHA-256 of its date (ms) and its text, so
/// that the same entry read again, from the same file or another export of it, is known.
pub fn content_hash(dated_at: i64, text: &str) -> String {
    let mut hash = Sha256::new();
    hash.update(dated_at.to_string().as_bytes());
    hash.update(b"\n");
    hash.update(text.as_bytes());
    hash.finalize()
        .iter()
        .map(|byte| format!("{byte:02x}"))
        .collect()
}

/// How messages name an entry: "entry 12 (2024-03-01 10:30, “Walk by the sea”)".
pub(crate) fn entry_label(position: usize, date: Option<&str>, text: Option<&str>) -> String {
    let title = text
        .map(crate::store::entry_title)
        .filter(|title| !title.is_empty())
        .map(|title| {
            let mut short: String = title.chars().take(40).collect();
            if short.len() < title.len() {
                short.push('…');
            }
            format!("\u{201c}{short}\u{201d}")
        });
    match (date, title) {
        (Some(date), Some(title)) => format!("entry {position} ({date}, {title})"),
        (Some(date), None) => format!("entry {position} ({date})"),
        (None, Some(title)) => format!("entry {position} ({title})"),
        (None, None) => format!("entry {position}"),
    }
}

/// A moment as messages show it: local date and time.
pub(crate) fn local_label(ms: i64) -> String {
    chrono::Local
        .timestamp_millis_opt(ms)
        .single()
        .map(|at| at.format("%Y-%m-%d %H:%M").to_string())
        .unwrap_or_else(|| format!("{ms} ms"))
}

/// Local wall-clock time as ms since the epoch. A time that a clock change skips is read an hour
/// later; one that happens twice, as the first.
pub(crate) fn local_ms(naive: chrono::NaiveDateTime) -> Option<i64> {
    chrono::Local
        .from_local_datetime(&naive)
        .earliest()
        .or_else(|| {
            chrono::Local
                .from_local_datetime(&(naive + chrono::Duration::hours(1)))
                .earliest()
        })
        .map(|at| at.timestamp_millis())
}
