//! Quire's own format, in and out: everything a journal holds, versioned, described in
//! `docs/quire-json.md`. A zip holds `quire.json` and each picture's original as
//! `pictures/<id>.<ext>`; `quire.json` may also be imported alone, its pictures then read from
//! beside it.

use std::cell::RefCell;
use std::collections::HashMap;
use std::io::Write;
use std::ops::ControlFlow;
use std::path::{Path, PathBuf};
use std::rc::Rc;

use serde::{Deserialize, Serialize};

use super::error::file_name;
use super::safe_zip::{SafeZip, ZIP_LIMITS};
use super::stream::stream_entries;
use super::{
    trimmed_start, ExchangeError, ImportedEntry, ImportedJournal, ImportedPicture, Importer, Item,
    PictureData, Sniff,
};
use crate::store::{ExportedEntry, Journal, JournalColour, MAX_PICTURE_BYTES};

/// The `format` member of every Quire export.
pub(crate) const FORMAT: &str = "quire-journal";
/// The version this code writes, and the newest it reads.
pub(crate) const VERSION: u64 = 1;
/// The file inside a zip export that holds the journal.
pub(crate) const JOURNAL_FILE: &str = "quire.json";
/// The name Quire's imports are noted under.
const KIND: &str = "quire";

pub(crate) struct QuireImporter;

#[derive(Serialize, Deserialize)]
struct QuireJournal<'a> {
    id: std::borrow::Cow<'a, str>,
    name: std::borrow::Cow<'a, str>,
    colour: JournalColour,
    #[serde(default)]
    template: std::borrow::Cow<'a, str>,
}

#[derive(Deserialize)]
struct QuireEntry {
    id: String,
    dated_at: i64,
    created_at: i64,
    updated_at: i64,
    #[serde(default)]
    time_zone: Option<String>,
    journal: String,
    #[serde(default)]
    starred: bool,
    text: String,
    #[serde(default)]
    metadata: Option<serde_json::Map<String, serde_json::Value>>,
    #[serde(default)]
    pictures: Vec<QuirePicture>,
}

#[derive(Deserialize)]
struct QuirePicture {
    id: String,
    file: String,
}

#[derive(Serialize)]
struct OutEntry<'a> {
    id: &'a str,
    dated_at: i64,
    created_at: i64,
    updated_at: i64,
    time_zone: Option<&'a str>,
    journal: &'a str,
    starred: bool,
    text: &'a str,
    metadata: Option<serde_json::Value>,
    pictures: Vec<OutPicture<'a>>,
}

#[derive(Serialize)]
struct OutPicture<'a> {
    id: &'a str,
    file: String,
    mime: &'a str,
}

/// A zip holding `quire.json`, or a JSON file that says it is a Quire export.
pub(crate) fn detect(sniff: &Sniff) -> bool {
    match sniff.zip_names.as_ref().or(sniff.folder_names.as_ref()) {
        Some(names) => names.iter().any(|name| name == JOURNAL_FILE),
        None => {
            let head = trimmed_start(&sniff.head);
            head.starts_with(b"{")
                && head
                    .windows(FORMAT.len() + 2)
                    .any(|w| w == format!("\"{FORMAT}\"").as_bytes())
        }
    }
}

/// Where the pictures of an export are read from.
enum Pictures {
    Zip(Rc<RefCell<SafeZip>>),
    Folder(PathBuf),
}

impl Pictures {
    fn picture(&self, file: &str) -> ImportedPicture {
        let file_name_only = file.rsplit('/').next().unwrap_or(file).to_owned();
        match self {
            Self::Zip(zip) => {
                let size = zip.borrow().size_of(file);
                let zip = Rc::clone(zip);
                let name = file.to_owned();
                ImportedPicture {
                    file_name: file_name_only,
                    id: None,
                    size,
                    data: PictureData::Lazy(Box::new(move || {
                        zip.borrow_mut()
                            .read_all(&name, MAX_PICTURE_BYTES as u64 + 1)
                    })),
                }
            }
            Self::Folder(dir) => {
                let path = dir.join(file);
                let inside = !file.split('/').any(|part| part == ".." || part.is_empty());
                ImportedPicture {
                    file_name: file_name_only,
                    id: None,
                    size: std::fs::metadata(&path).ok().map(|m| m.len()),
                    data: PictureData::Lazy(Box::new(move || {
                        let name = file_name(&path);
                        if !inside {
                            return Err(ExchangeError::malformed(
                                &name,
                                "its name",
                                "it is outside the export's folder",
                            ));
                        }
                        std::fs::read(&path).map_err(|err| ExchangeError::unreadable(&name, &err))
                    })),
                }
            }
        }
    }
}

impl Importer for QuireImporter {
    fn kind(&self) -> &'static str {
        KIND
    }

    fn read(
        &self,
        path: &Path,
        each: &mut dyn FnMut(Item) -> ControlFlow<()>,
    ) -> Result<(), ExchangeError> {
        if path.is_dir() {
            return self.read(&path.join(JOURNAL_FILE), each);
        }
        let file = file_name(path);
        let mut head = [0u8; 4];
        let is_zip = std::fs::File::open(path)
            .and_then(|mut f| std::io::Read::read_exact(&mut f, &mut head))
            .is_ok_and(|()| &head == b"PK\x03\x04");
        if is_zip {
            let mut journal = SafeZip::open(path, &ZIP_LIMITS)?;
            let pictures = Pictures::Zip(Rc::new(RefCell::new(SafeZip::open(path, &ZIP_LIMITS)?)));
            let reader = journal.reader(JOURNAL_FILE, ZIP_LIMITS.max_total_bytes)?;
            read_journal(reader, &format!("{file} ({JOURNAL_FILE})"), &pictures, each)
        } else {
            let reader =
                std::fs::File::open(path).map_err(|err| ExchangeError::unreadable(&file, &err))?;
            let dir = path.parent().unwrap_or(Path::new(".")).to_path_buf();
            read_journal(reader, &file, &Pictures::Folder(dir), each)
        }
    }
}

fn read_journal(
    reader: impl std::io::Read,
    file: &str,
    pictures: &Pictures,
    each: &mut dyn FnMut(Item) -> ControlFlow<()>,
) -> Result<(), ExchangeError> {
    let each = RefCell::new(each);
    let journals: RefCell<HashMap<String, String>> = RefCell::default();
    let format_seen = RefCell::new(false);
    let failed: RefCell<Option<ExchangeError>> = RefCell::default();
    let stopped = std::cell::Cell::new(false);
    let mut header = |key: &str, value: serde_json::Value| -> Result<(), String> {
        match key {
            "format" if value.as_str() == Some(FORMAT) => {
                *format_seen.borrow_mut() = true;
                Ok(())
            }
            "format" => Err(format!(
                "this is not a Quire export (its format is {value})"
            )),
            "version" => match value.as_u64() {
                Some(version) if version <= VERSION => Ok(()),
                _ => Err(format!(
                    "it was made by a newer Quire (version {value}); update Quire to import it"
                )),
            },
            "journals" => {
                let listed: Vec<QuireJournal<'static>> =
                    serde_json::from_value(value).map_err(|err| {
                        format!("its list of journals is not as Quire writes it ({err})")
                    })?;
                for journal in listed {
                    journals
                        .borrow_mut()
                        .insert(journal.id.to_string(), journal.name.to_string());
                    let item = Item::Journal(ImportedJournal {
                        name: journal.name.into_owned(),
                        colour: journal.colour,
                        template: journal.template.into_owned(),
                    });
                    if (each.borrow_mut())(item).is_break() {
                        stopped.set(true);
                        return Err("stopped".to_owned());
                    }
                }
                Ok(())
            }
            _ => Ok(()),
        }
    };
    let mut entry = |position: usize, raw: QuireEntry| -> ControlFlow<()> {
        if !*format_seen.borrow() {
            *failed.borrow_mut() = Some(ExchangeError::malformed(
                file,
                "its start",
                "this is not a Quire export: it does not say \"format\": \"quire-journal\" before \
                 its entries",
            ));
            return ControlFlow::Break(());
        }
        let Some(journal) = journals.borrow().get(&raw.journal).cloned() else {
            *failed.borrow_mut() = Some(ExchangeError::malformed(
                file,
                format!("entry {position}"),
                format!(
                    "it belongs to the journal {}, which the file does not list",
                    raw.journal
                ),
            ));
            return ControlFlow::Break(());
        };
        let entry_pictures = raw
            .pictures
            .iter()
            .map(|picture| ImportedPicture {
                id: Some(picture.id.clone()),
                ..pictures.picture(&picture.file)
            })
            .collect();
        let item = Item::Entry(ImportedEntry {
            position,
            source_id: Some(raw.id.clone()),
            entry_id: Some(raw.id),
            dated_at: raw.dated_at,
            created_at: Some(raw.created_at),
            updated_at: Some(raw.updated_at),
            time_zone: raw.time_zone,
            text: raw.text,
            tags: Vec::new(),
            starred: raw.starred,
            journal: Some(journal),
            metadata: raw.metadata.unwrap_or_default(),
            pictures: entry_pictures,
            left_out: Vec::new(),
        });
        (each.borrow_mut())(item)
    };
    let read = stream_entries(reader, file, "a Quire export", &mut header, &mut entry);
    if let Some(err) = failed.into_inner() {
        return Err(err);
    }
    if stopped.get() {
        return Ok(());
    }
    if !read? && *format_seen.borrow() {
        return Err(ExchangeError::malformed(
            file,
            "its end",
            "it has no list of entries: it may have been cut short",
        ));
    }
    if !*format_seen.borrow() {
        return Err(ExchangeError::malformed(
            file,
            "its start",
            "this is not a Quire export: it does not say \"format\": \"quire-journal\"",
        ));
    }
    Ok(())
}

/// The file extension of a picture of type `mime`.
pub(crate) fn extension(mime: &str) -> &'static str {
    match mime {
        "image/png" => "png",
        "image/jpeg" => "jpg",
        "image/webp" => "webp",
        "image/gif" => "gif",
        _ => "bin",
    }
}

/// Where a picture goes in an export: `pictures/<id>.<ext>`.
pub(crate) fn picture_path(id: &str, mime: &str) -> String {
    format!("pictures/{id}.{}", extension(mime))
}

/// Writes `quire.json` an entry at a time: `start`, `entry` for each, `finish`.
pub(crate) struct QuireWriter {
    written: usize,
}

impl QuireWriter {
    pub fn start(
        out: &mut dyn Write,
        journals: &[Journal],
        exported_at: i64,
    ) -> std::io::Result<Self> {
        let journals: Vec<QuireJournal<'_>> = journals
            .iter()
            .map(|j| QuireJournal {
                id: j.id.as_str().into(),
                name: j.name.as_str().into(),
                colour: j.colour,
                template: j.template.as_str().into(),
            })
            .collect();
        write!(
            out,
            "{{\n  \"format\": \"{FORMAT}\",\n  \"version\": {VERSION},\n  \"exported_at\": \
             {exported_at},\n  \"journals\": "
        )?;
        serde_json::to_writer(&mut *out, &journals)?;
        out.write_all(b",\n  \"entries\": [")?;
        Ok(Self { written: 0 })
    }

    pub fn entry(&mut self, out: &mut dyn Write, entry: &ExportedEntry) -> std::io::Result<()> {
        let metadata = entry
            .metadata
            .as_deref()
            .map(serde_json::from_str)
            .transpose()?;
        let out_entry = OutEntry {
            id: &entry.id,
            dated_at: entry.dated_at,
            created_at: entry.created_at,
            updated_at: entry.updated_at,
            time_zone: entry.time_zone.as_deref(),
            journal: &entry.journal_id,
            starred: entry.starred,
            text: &entry.content,
            metadata,
            pictures: entry
                .pictures
                .iter()
                .map(|p| OutPicture {
                    id: &p.id,
                    file: picture_path(&p.id, &p.mime),
                    mime: &p.mime,
                })
                .collect(),
        };
        if self.written > 0 {
            out.write_all(b",")?;
        }
        out.write_all(b"\n    ")?;
        serde_json::to_writer(&mut *out, &out_entry)?;
        self.written += 1;
        Ok(())
    }

    pub fn finish(self, out: &mut dyn Write) -> std::io::Result<()> {
        out.write_all(b"\n  ]\n}\n")
    }
}
