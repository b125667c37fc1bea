//! jrnl's JSON export (`jrnl --export json`), in and out.
//!
//! `{"tags": {"@tag": count}, "entries": [{"title", "body", "date": "YYYY-MM-DD", "time": "HH:MM",
//! "tags": ["@tag"], "starred": bool}]}`, plus `uuid` and `creator` for entries that came from Day
//! One. The `tags` counts are jrnl's summary and are not read: the entries' own say it all.

use std::collections::BTreeMap;
use std::io::Write;
use std::ops::ControlFlow;
use std::path::Path;

use serde::{Deserialize, Serialize};

use super::error::file_name;
use super::jrnl::{self, KIND};
use super::model::{entry_label, local_ms};
use super::stream::stream_only_entries;
use super::{
    bytes_contain, trimmed_start, ExchangeError, ImportedEntry, Importer, Item, Problem, Sniff,
};
use crate::store::ExportedEntry;

pub(crate) struct JrnlJson;

#[derive(Deserialize)]
struct JrnlEntry {
    #[serde(default)]
    title: String,
    #[serde(default)]
    body: String,
    date: String,
    #[serde(default)]
    time: String,
    #[serde(default)]
    tags: Vec<String>,
    #[serde(default)]
    starred: bool,
    #[serde(default)]
    uuid: Option<String>,
    #[serde(default)]
    creator: Option<serde_json::Value>,
}

/// A JSON object (not Quire's) that has an `entries` list near its start.
pub(crate) fn detect(sniff: &Sniff) -> bool {
    let head = trimmed_start(&sniff.head);
    head.starts_with(b"{") && bytes_contain(head, b"\"entries\"")
}

impl Importer for JrnlJson {
    fn kind(&self) -> &'static str {
        KIND
    }

    fn read(
        &self,
        path: &Path,
        each: &mut dyn FnMut(Item) -> ControlFlow<()>,
    ) -> Result<(), ExchangeError> {
        let file = file_name(path);
        let reader =
            std::fs::File::open(path).map_err(|err| ExchangeError::unreadable(&file, &err))?;
        let mut entry = |position: usize, raw: JrnlEntry| each(read_entry(&file, position, raw));
        stream_only_entries(reader, &file, "a jrnl JSON export", &mut entry)
    }
}

fn read_entry(file: &str, position: usize, raw: JrnlEntry) -> Item {
    let when = format!("{} {}", raw.date, raw.time);
    let text = jrnl::text_of(&raw.title, &raw.body);
    let Some(dated_at) = jrnl::parse_date(&when).and_then(local_ms) else {
        return Item::Skip(Problem {
            file: file.to_owned(),
            entry: entry_label(position, Some(when.trim()), Some(&text)),
            reason: format!("its date, \u{201c}{}\u{201d}, is not a date", when.trim()),
        });
    };
    let (text, mut tags) = jrnl::hash_tags(&text);
    for tag in &raw.tags {
        let name = tag.trim_start_matches('@');
        if !tags.iter().any(|t| t.eq_ignore_ascii_case(name)) {
            tags.push(name.to_owned());
        }
    }
    let mut metadata = serde_json::Map::new();
    if let Some(creator) = raw.creator {
        metadata.insert("creator".to_owned(), creator);
    }
    Item::Entry(ImportedEntry {
        position,
        source_id: raw.uuid,
        dated_at,
        text,
        tags,
        starred: raw.starred,
        metadata,
        ..ImportedEntry::default()
    })
}

/// One entry as jrnl's JSON export writes it.
#[derive(Serialize)]
struct OutEntry<'a> {
    title: &'a str,
    body: &'a str,
    date: String,
    time: String,
    tags: Vec<String>,
    starred: bool,
}

/// Writes jrnl's JSON export, an entry at a time: `start`, then `entry` for each, then `finish`.
/// The tag counts come after the entries, once they are known (JSON's members have no order).
#[derive(Default)]
pub(crate) struct JrnlJsonWriter {
    written: usize,
    tags: BTreeMap<String, u64>,
}

impl JrnlJsonWriter {
    pub fn start(&mut self, out: &mut dyn Write) -> std::io::Result<()> {
        out.write_all(b"{\n  \"entries\": [")
    }

    pub fn entry(&mut self, out: &mut dyn Write, entry: &ExportedEntry) -> std::io::Result<()> {
        let text = jrnl::at_tags(&entry.content);
        let (title, body) = jrnl::split_title(&text);
        let tags: Vec<String> = crate::store::tag_text::extract(&entry.content)
            .into_iter()
            .map(|name| format!("@{}", name.to_lowercase()))
            .collect();
        for tag in &tags {
            *self.tags.entry(tag.clone()).or_default() += 1;
        }
        let (date, time) = local_date_time(entry.dated_at);
        let out_entry = OutEntry {
            title,
            body,
            date,
            time,
            tags,
            starred: entry.starred,
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
        out.write_all(b"\n  ],\n  \"tags\": ")?;
        serde_json::to_writer(&mut *out, &self.tags)?;
        out.write_all(b"\n}\n")
    }
}

/// `YYYY-MM-DD` and `HH:MM` in local time, as jrnl writes them.
pub(crate) fn local_date_time(ms: i64) -> (String, String) {
    use chrono::TimeZone;
    match chrono::Local.timestamp_millis_opt(ms).single() {
        Some(at) => (
            at.format("%Y-%m-%d").to_string(),
            at.format("%H:%M").to_string(),
        ),
        None => ("1970-01-01".to_owned(), "00:00".to_owned()),
    }
}
