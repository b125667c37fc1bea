//! The Day One export: a zip that Day One's own "Import → Day One (JSON)" reads, and that `dayone`
//! reads back the same.
//!
//! One `<Journal name>.json` per journal (Day One names its files so, and takes the journal from
//! the name), each `{"metadata": {"version": "1.0"}, "entries": [...]}`, and the pictures as
//! `photos/<md5>.<type>`. An entry has `uuid` and each picture `identifier`, both Quire's id as 32
//! uppercase hex digits as Day One writes them; `creationDate` is the entry's date and
//! `modifiedDate` its last change, in UTC; `timeZone` only when Quire knows it; `text` is the
//! Markdown with each `picture:<id>` address turned into `dayone-moment://<identifier>`;
//! `location` and `weather` come from the entry's metadata, where a Day One import kept them.

use std::collections::HashSet;
use std::io::Write;

use chrono::{SecondsFormat, TimeZone};
use md5::{Digest, Md5};
use serde::Serialize;

use crate::store::{tag_text, ExportedEntry, Journal, PictureInfo};

/// The folder in the zip that holds the pictures.
pub(crate) const PHOTOS: &str = "photos";

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct OutEntry<'a> {
    uuid: String,
    creation_date: String,
    modified_date: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    time_zone: Option<&'a str>,
    text: String,
    tags: Vec<&'a str>,
    starred: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    location: Option<serde_json::Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    weather: Option<serde_json::Value>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    photos: Vec<OutPhoto<'a>>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct OutPhoto<'a> {
    identifier: String,
    md5: &'a str,
    #[serde(rename = "type")]
    kind: &'static str,
    width: u32,
    height: u32,
    order_in_entry: usize,
}

/// A picture of an entry as the export holds it: the file's name in the zip is
/// `photos/<md5>.<kind>`.
pub(crate) struct Photo<'a> {
    pub info: &'a PictureInfo,
    pub md5: String,
}

impl Photo<'_> {
    pub fn path(&self) -> String {
        format!("{PHOTOS}/{}.{}", self.md5, photo_type(&self.info.mime))
    }
}

/// The MD5 of a picture's bytes, in lowercase hex, which Day One names its photo files by.
pub(crate) fn md5_hex(bytes: &[u8]) -> String {
    Md5::digest(bytes)
        .iter()
        .map(|byte| format!("{byte:02x}"))
        .collect()
}

/// Writes one journal's JSON file an entry at a time: `start`, `entry` for each, `finish`.
pub(crate) struct DayOneWriter {
    written: usize,
}

impl DayOneWriter {
    pub fn start(out: &mut dyn Write) -> std::io::Result<Self> {
        out.write_all(b"{\n  \"metadata\": {\"version\": \"1.0\"},\n  \"entries\": [")?;
        Ok(Self { written: 0 })
    }

    /// Writes `entry`, with `photos`, the pictures of it that are in the export.
    pub fn entry(
        &mut self,
        out: &mut dyn Write,
        entry: &ExportedEntry,
        photos: &[Photo<'_>],
    ) -> std::io::Result<()> {
        let metadata: Option<serde_json::Value> = entry
            .metadata
            .as_deref()
            .and_then(|m| serde_json::from_str(m).ok());
        let field = |key: &str| {
            metadata
                .as_ref()
                .and_then(|m| m.get(key))
                .filter(|v| v.is_object())
                .cloned()
        };
        let out_entry = OutEntry {
            uuid: day_one_id(&entry.id),
            creation_date: utc(entry.dated_at),
            modified_date: utc(entry.updated_at),
            time_zone: entry.time_zone.as_deref(),
            text: text_of(entry),
            tags: tag_text::extract(&entry.content),
            starred: entry.starred,
            location: field("location"),
            weather: field("weather"),
            photos: photos
                .iter()
                .enumerate()
                .map(|(order, photo)| OutPhoto {
                    identifier: day_one_id(&photo.info.id),
                    md5: &photo.md5,
                    kind: photo_type(&photo.info.mime),
                    width: photo.info.width,
                    height: photo.info.height,
                    order_in_entry: order,
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

/// The JSON file of each journal, named after it (`Journal.json`), each name once (in any case),
/// safe in a zip, and never `quire.json`, which would make the zip look like Quire's own export.
pub(crate) fn journal_file_names(journals: &[Journal]) -> Vec<String> {
    let mut used: HashSet<String> = HashSet::from(["quire.json".to_owned()]);
    journals
        .iter()
        .map(|journal| {
            let stem: String = journal
                .name
                .chars()
                .map(|c| {
                    if c.is_control() || "/\\:*?\"<>|".contains(c) {
                        '_'
                    } else {
                        c
                    }
                })
                .collect();
            let stem = stem.trim_matches(['.', ' ']);
            let stem = if stem.is_empty() { "Journal" } else { stem };
            let mut name = format!("{stem}.json");
            let mut n = 2;
            while !used.insert(name.to_lowercase()) {
                name = format!("{stem} {n}.json");
                n += 1;
            }
            name
        })
        .collect()
}

/// A UUID as Day One writes its ids: 32 uppercase hex digits.
fn day_one_id(id: &str) -> String {
    id.chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_uppercase())
        .collect()
}

/// Day One's name for a picture's type, which is also its file's extension.
fn photo_type(mime: &str) -> &'static str {
    match mime {
        "image/jpeg" => "jpeg",
        other => super::quire::extension(other),
    }
}

/// `2024-03-01T09:30:00Z`, with milliseconds only when there are some.
fn utc(ms: i64) -> String {
    chrono::Utc
        .timestamp_millis_opt(ms)
        .single()
        .map(|at| at.to_rfc3339_opts(SecondsFormat::AutoSi, true))
        .unwrap_or_default()
}

/// The entry's Markdown with its pictures' addresses as Day One's, and its backslashes doubled
/// (see [`escape_backslashes`]).
fn text_of(entry: &ExportedEntry) -> String {
    let mut text = escape_backslashes(&entry.content);
    for picture in &entry.pictures {
        text = text.replace(
            &format!("(picture:{})", picture.id),
            &format!("(dayone-moment://{})", day_one_id(&picture.id)),
        );
    }
    text
}

/// Day One puts a backslash before punctuation in its Markdown (`\.`), and readers of its exports
/// (Quire's too) take those backslashes out again outside code. So that a backslash the person
/// wrote survives that, each one outside code is doubled.
pub(crate) fn escape_backslashes(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut in_fence = false;
    for line in text.split_inclusive('\n') {
        if line.trim_start().starts_with("```") {
            in_fence = !in_fence;
            out.push_str(line);
            continue;
        }
        if in_fence {
            out.push_str(line);
            continue;
        }
        let mut in_code = false;
        for c in line.chars() {
            match c {
                '`' => in_code = !in_code,
                '\\' if !in_code => out.push('\\'),
                _ => {}
            }
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::exchange::dayone::unescape;

    #[test]
    fn backslashes_survive_day_ones_unescaping() {
        for text in [
            r"C:\Users\ada",
            r"a \. b \\ c \` d",
            "`a\\.b` and a\\.b\\",
            "```\nx\\.y\n```\nx\\.y \\*not bold\\*",
            "\\```\nstill \\. text",
            "line\\\nnext `code\\` after\\.",
        ] {
            assert_eq!(unescape(&escape_backslashes(text)), text, "{text:?}");
        }
    }

    #[test]
    fn ids_are_day_ones_hex() {
        assert_eq!(
            day_one_id("0190c1a2-7b3d-7e4f-8a9b-0c1d2e3f4a5b"),
            "0190C1A27B3D7E4F8A9B0C1D2E3F4A5B"
        );
        assert_eq!(md5_hex(b""), "d41d8cd98f00b204e9800998ecf8427e");
    }

    #[test]
    fn journal_files_are_named_once_and_never_quire_json() {
        let journal = |name: &str| Journal {
            id: String::new(),
            name: name.to_owned(),
            colour: crate::store::JournalColour::Blue,
            entries: 0,
            template: String::new(),
        };
        let names = journal_file_names(&[
            journal("Work/Home"),
            journal("work_home"),
            journal("quire"),
            journal(".."),
        ]);
        assert_eq!(
            names,
            [
                "Work_Home.json",
                "work_home 2.json",
                "quire 2.json",
                "Journal.json"
            ]
        );
    }
}
