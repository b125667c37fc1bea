//! Mini Diary's JSON export, which Mini Diarium also writes and reads:
//! `{"metadata": {"application": "Mini Diary", "version", "dateUpdated"}, "entries":
//! {"2020-01-02": {"dateUpdated", "title", "text"}}}`, one entry a day keyed by its date; and
//! Mini Diarium's other JSON export, where `entries` is a list of `{"id", "date", "title", "text",
//! "dateUpdated"}`. An entry is dated 09:00 local time on its day; its title becomes its first
//! line. Neither has ids that last, so entries are known again by their day and a hash of their
//! text.

use std::ops::ControlFlow;
use std::path::Path;

use chrono::NaiveDate;
use serde::Deserialize;

use super::error::file_name;
use super::model::{content_hash, entry_label, local_ms};
use super::stream::stream_entries;
use super::{trimmed_start, ExchangeError, ImportedEntry, Importer, Item, Problem, Sniff};
use crate::store::entry_title;

pub(crate) struct MiniDiary;

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct DiaryEntry {
    /// The day, when `entries` is keyed by it ([`super::stream::ENTRY_KEY`]).
    #[serde(default, rename = "_key")]
    key: Option<String>,
    #[serde(default)]
    date: Option<String>,
    #[serde(default)]
    title: String,
    #[serde(default)]
    text: String,
    #[serde(default)]
    date_updated: Option<String>,
}

/// A JSON object that names Mini Diary (or Mini Diarium), or whose entries carry Mini Diary's
/// `dateUpdated`.
pub(crate) fn detect(sniff: &Sniff) -> bool {
    let head = trimmed_start(&sniff.head);
    head.starts_with(b"{")
        && contains(head, b"\"entries\"")
        && (contains(head, b"\"Mini Diar") || contains(head, b"\"dateUpdated\""))
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

impl Importer for MiniDiary {
    fn kind(&self) -> &'static str {
        "mini-diary"
    }

    fn read(
        &self,
        path: &Path,
        each: &mut dyn FnMut(Item) -> ControlFlow<()>,
    ) -> Result<(), ExchangeError> {
        let file = file_name(path);
        let reader =
            std::fs::File::open(path).map_err(|err| ExchangeError::unreadable(&file, &err))?;
        let mut ignore = |_: &str, _: serde_json::Value| Ok(());
        let mut entry = |position: usize, raw: DiaryEntry| each(read_entry(&file, position, raw));
        if !stream_entries(
            reader,
            &file,
            "a Mini Diary export",
            &mut ignore,
            &mut entry,
        )? {
            return Err(ExchangeError::malformed(
                &file,
                "its start",
                "this is not a Mini Diary export: it has no entries",
            ));
        }
        Ok(())
    }
}

fn read_entry(file: &str, position: usize, raw: DiaryEntry) -> Item {
    let title = raw.title.trim();
    let body = raw.text.trim_end();
    let text = if title.is_empty() || entry_title(body) == entry_title(title) {
        body.to_owned()
    } else if body.trim().is_empty() {
        title.to_owned()
    } else {
        format!("{title}\n\n{body}")
    };
    let date = raw.date.or(raw.key).unwrap_or_default();
    let day = date.get(..10).unwrap_or(&date);
    let Some(dated_at) = NaiveDate::parse_from_str(day, "%Y-%m-%d")
        .ok()
        .and_then(|day| day.and_hms_opt(9, 0, 0))
        .and_then(local_ms)
    else {
        return Item::Skip(Problem {
            file: file.to_owned(),
            entry: entry_label(position, Some(date.trim()), Some(&text)),
            reason: format!("its date, \u{201c}{date}\u{201d}, is not a date"),
        });
    };
    if text.trim().is_empty() {
        return Item::Skip(Problem {
            file: file.to_owned(),
            entry: entry_label(position, Some(day), None),
            reason: "it is empty".to_owned(),
        });
    }
    let updated_at = raw
        .date_updated
        .as_deref()
        .and_then(|at| chrono::DateTime::parse_from_rfc3339(at.trim()).ok())
        .map(|at| at.timestamp_millis());
    Item::Entry(ImportedEntry {
        position,
        source_id: Some(format!("{day} {}", content_hash(0, &text))),
        dated_at,
        updated_at,
        text,
        ..ImportedEntry::default()
    })
}
