//! Import and export: other journals' files in, the person's journal out.
//!
//! Every format reads into one model ([`ImportedEntry`]) through an [`Importer`] that streams its
//! file entry by entry, so a file of any size is read in little memory. [`preview`] reads a file
//! without writing anything and says what an import would do; [`import`] writes it in batches.
//! [`export`] writes the entries that pass a list filter, page by page, in one of the
//! [`ExportFormat`]s (Day One's is written by `dayone_out`). Quire's own format is described in
//! `docs/quire-json.md`.
//!
//! The formats read are in [`Format`], each in its own module with what it takes from the source
//! (`dayone`, `joplin_jex`, `mini_diary`, `jrnl_json`, `jrnl_text`, `markdown_in`, `quire`);
//! [`detect`] asks each in turn, from the file's first bytes or the names in a zip or folder. A
//! zip or tar from elsewhere is checked whole before anything in it is read (`safe_zip`,
//! `safe_tar`).
//!
//! **Nothing is written from a bad file.** An import first reads the whole file as the preview
//! does, and a file that is damaged, cut short or not what it claims to be stops there with an
//! [`ExchangeError`] naming the file and the entry. Only then are batches written, each in one
//! transaction, with the source of each entry noted beside it: a cancel or a crash leaves whole
//! batches, and running the import again skips what is there (see [`ImportReport`]). An entry that
//! cannot be kept (a date out of range, a text over [`MAX_ENTRY_BYTES`]) is not an error: it is
//! skipped, and the preview and the report say which and why.
//!
//! [`MAX_ENTRY_BYTES`]: crate::store::MAX_ENTRY_BYTES

mod check;
mod dayone;
mod dayone_out;
mod error;
mod export;
mod import;
mod joplin_jex;
mod jrnl;
mod jrnl_json;
mod jrnl_text;
mod markdown;
mod markdown_in;
mod mini_diary;
mod model;
mod pdf;
mod quire;
mod safe_tar;
mod safe_zip;
mod stream;

use std::io::Read;
use std::path::{Path, PathBuf};

pub use check::{preview, JournalPreview, Preview};
pub use error::{ExchangeError, Problem};
pub use export::{export, ExportFormat, ExportReport};
pub use import::{import, ImportOptions, ImportReport, IMPORT_BATCH};
pub use model::{
    content_hash, ImportedEntry, ImportedJournal, ImportedPicture, Importer, Item, PictureData,
};
pub use safe_zip::{check_zip, ZipLimits, ZIP_LIMITS};

/// Whether `needle` occurs in `haystack`: a detector's look at the first bytes of a file.
pub(super) fn bytes_contain(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

/// Where an import or export is, for a progress bar: `done` of `total` entries.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct Progress {
    pub done: u64,
    pub total: u64,
}

/// The kinds of file Quire imports.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize, specta::Type,
)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub enum Format {
    /// `jrnl --export json`: `{"tags": {…}, "entries": [{"date", "time", "title", "body", …}]}`.
    JrnlJson,
    /// jrnl's own journal file: `[2024-03-01 10:30] Title` lines, each starting an entry.
    JrnlText,
    /// Quire's own export: a zip holding `quire.json` and `pictures/`, or `quire.json` alone.
    Quire,
    /// A folder or zip of Markdown or text files (Quire's Markdown export, Joplin's, Obsidian's
    /// daily notes): the date from front matter, else the file's name, else its last change.
    Markdown,
    /// Day One's JSON export: a zip with `<Journal>.json` and `photos/`, or the JSON alone.
    DayOne,
    /// Joplin's JEX export: a tar of `<id>.md` items and `resources/`.
    JoplinJex,
    /// Mini Diary's JSON export (also Mini Diarium's).
    MiniDiary,
}

impl Format {
    /// The importer that reads this format.
    pub fn importer(self) -> Box<dyn Importer> {
        match self {
            Self::JrnlJson => Box::new(jrnl_json::JrnlJson),
            Self::JrnlText => Box::new(jrnl_text::JrnlText),
            Self::Quire => Box::new(quire::QuireImporter),
            Self::Markdown => Box::new(markdown_in::MarkdownImporter),
            Self::DayOne => Box::new(dayone::DayOne),
            Self::JoplinJex => Box::new(joplin_jex::JoplinJex),
            Self::MiniDiary => Box::new(mini_diary::MiniDiary),
        }
    }

    /// What a person calls it.
    pub fn name(self) -> &'static str {
        match self {
            Self::JrnlJson => "jrnl JSON export",
            Self::JrnlText => "jrnl journal file",
            Self::Quire => "Quire export",
            Self::Markdown => "Markdown files",
            Self::DayOne => "Day One JSON export",
            Self::JoplinJex => "Joplin JEX export",
            Self::MiniDiary => "Mini Diary export",
        }
    }
}

/// A file to import and its format.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Source {
    pub path: PathBuf,
    pub format: Format,
}

impl Source {
    /// The file at `path`, its format found by [`detect`].
    pub fn detect(path: &Path) -> Result<Self, ExchangeError> {
        Ok(Self {
            path: path.to_path_buf(),
            format: detect(path)?,
        })
    }
}

/// What a detector sees of a file: its first bytes (a tar is known by them), and for a zip or a
/// folder the names of the files inside.
pub struct Sniff {
    pub head: Vec<u8>,
    pub zip_names: Option<Vec<String>>,
    pub folder_names: Option<Vec<String>>,
}

/// How many bytes of a file detection reads.
const SNIFF_BYTES: u64 = 64 * 1024;

/// Whether a file is in one format, from what detection saw of it.
type Detector = fn(&Sniff) -> bool;

/// Each format's test, in order; the first that says yes wins. A new format adds a line here.
const DETECTORS: &[(Format, Detector)] = &[
    (Format::Quire, quire::detect),
    (Format::JoplinJex, joplin_jex::detect),
    (Format::DayOne, dayone::detect),
    (Format::MiniDiary, mini_diary::detect),
    (Format::JrnlJson, jrnl_json::detect),
    (Format::JrnlText, jrnl_text::detect),
    (Format::Markdown, markdown_in::detect),
];

/// Which format the file (or folder) at `path` is in, from its first bytes (and, for a zip or a
/// folder, what it holds).
pub fn detect(path: &Path) -> Result<Format, ExchangeError> {
    let file = error::file_name(path);
    if path.is_dir() {
        let sniff = Sniff {
            head: Vec::new(),
            zip_names: None,
            folder_names: Some(markdown_in::folder_files(path)?),
        };
        return DETECTORS
            .iter()
            .find(|(_, test)| test(&sniff))
            .map(|(format, _)| *format)
            .ok_or(ExchangeError::UnknownFormat { file });
    }
    let mut head = Vec::new();
    std::fs::File::open(path)
        .and_then(|f| f.take(SNIFF_BYTES).read_to_end(&mut head))
        .map_err(|err| ExchangeError::unreadable(&file, &err))?;
    let zip_names = if head.starts_with(b"PK\x03\x04") {
        Some(safe_zip::SafeZip::open(path, &ZIP_LIMITS)?.names())
    } else {
        None
    };
    let sniff = Sniff {
        head,
        zip_names,
        folder_names: None,
    };
    DETECTORS
        .iter()
        .find(|(_, test)| test(&sniff))
        .map(|(format, _)| *format)
        .ok_or(ExchangeError::UnknownFormat { file })
}

/// `head` without a UTF-8 byte order mark and leading white space.
fn trimmed_start(head: &[u8]) -> &[u8] {
    let head = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
    let start = head
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(head.len());
    &head[start..]
}
