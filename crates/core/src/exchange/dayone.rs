//! Day One's JSON export: a zip (or its unpacked folder) holding one `<Journal name>.json` per
//! journal at its top and the photos as `photos/<md5>.<type>`, or one such JSON file alone (its
//! photos then read from `photos/` beside it).
//!
//! `{"metadata": {"version": "1.0"}, "entries": [{"uuid", "creationDate", "modifiedDate",
//! "timeZone", "text", "richText", "tags", "starred", "location", "weather", "photos"}]}`. The
//! entry's date is `creationDate` (UTC), its zone `timeZone`; `location` (without its `region`)
//! and `weather` are kept as its metadata. `text` is Markdown with punctuation escaped (`\.`),
//! unescaped here; when there is no `text`, the `text` of `richText`'s `contents` is joined. A
//! photo is linked as `![](dayone-moment://<identifier>)`; the link becomes `picture:<id>`. The
//! journal is the JSON file's name without `.json`; entries are known again by `uuid`.

use std::ops::ControlFlow;
use std::path::Path;

use serde::Deserialize;

use super::error::file_name;
use super::markdown_in::Files;
use super::model::entry_label;
use super::safe_zip::{SafeZip, ZIP_LIMITS};
use super::stream::stream_only_entries;
use super::{
    bytes_contain, trimmed_start, ExchangeError, ImportedEntry, ImportedPicture, Importer, Item,
    PictureData, Problem, Sniff,
};
use crate::store::MAX_PICTURE_BYTES;

pub(crate) struct DayOne;

const WHAT: &str = "a Day One JSON export";

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct DayOneEntry {
    #[serde(default)]
    uuid: Option<String>,
    #[serde(default)]
    creation_date: Option<String>,
    #[serde(default)]
    modified_date: Option<String>,
    #[serde(default)]
    time_zone: Option<String>,
    #[serde(default)]
    text: Option<String>,
    #[serde(default)]
    rich_text: Option<String>,
    #[serde(default)]
    tags: Vec<String>,
    #[serde(default)]
    starred: bool,
    #[serde(default)]
    location: Option<serde_json::Map<String, serde_json::Value>>,
    #[serde(default)]
    weather: Option<serde_json::Map<String, serde_json::Value>>,
    #[serde(default)]
    photos: Vec<DayOnePhoto>,
}

#[derive(Deserialize)]
struct DayOnePhoto {
    #[serde(default)]
    identifier: Option<String>,
    #[serde(default)]
    md5: Option<String>,
    #[serde(default, rename = "type")]
    kind: Option<String>,
}

#[derive(Deserialize)]
struct RichText {
    #[serde(default)]
    contents: Vec<RichPart>,
}

#[derive(Deserialize)]
struct RichPart {
    #[serde(default)]
    text: Option<String>,
}

/// The JSON files at the top of a zip or folder, which Day One names after their journals.
fn journal_files(names: &[String]) -> Vec<&String> {
    names
        .iter()
        .filter(|name| !name.contains('/') && name.to_lowercase().ends_with(".json"))
        .collect()
}

/// A zip or folder with a JSON file at its top and no Markdown files; or a JSON object whose
/// entries have Day One's `creationDate`.
pub(crate) fn detect(sniff: &Sniff) -> bool {
    match sniff.zip_names.as_ref().or(sniff.folder_names.as_ref()) {
        Some(names) => {
            !journal_files(names).is_empty()
                && !names.iter().any(|name| {
                    let lower = name.to_lowercase();
                    lower.ends_with(".md") || lower.ends_with(".markdown")
                })
        }
        None => {
            let head = trimmed_start(&sniff.head);
            head.starts_with(b"{")
                && bytes_contain(head, b"\"entries\"")
                && bytes_contain(head, b"\"creationDate\"")
        }
    }
}

impl Importer for DayOne {
    fn kind(&self) -> &'static str {
        "dayone"
    }

    fn read(
        &self,
        path: &Path,
        each: &mut dyn FnMut(Item) -> ControlFlow<()>,
    ) -> Result<(), ExchangeError> {
        let file = file_name(path);
        let stopped = std::cell::Cell::new(false);
        let mut handle = |item: Item| {
            let flow = each(item);
            if flow.is_break() {
                stopped.set(true);
            }
            flow
        };
        if path.is_file() && !is_zip(path) {
            let files = Files::Folder(path.parent().unwrap_or(Path::new(".")).to_path_buf());
            let reader =
                std::fs::File::open(path).map_err(|err| ExchangeError::unreadable(&file, &err))?;
            return read_journal(reader, &file, &stem(&file), &files, &mut handle);
        }
        let (files, names) = Files::open(path)?;
        let journals = journal_files(&names);
        if journals.is_empty() {
            return Err(ExchangeError::malformed(
                &file,
                "its start",
                "this is not a Day One export: it holds no JSON file",
            ));
        }
        let mut zip = match &files {
            Files::Zip(_) => Some(SafeZip::open(path, &ZIP_LIMITS)?),
            Files::Folder(_) => None,
        };
        for name in journals {
            let label = format!("{file} ({name})");
            match &mut zip {
                Some(zip) => {
                    let reader = zip.reader(name, ZIP_LIMITS.max_total_bytes)?;
                    read_journal(reader, &label, &stem(name), &files, &mut handle)?;
                }
                None => {
                    let reader = std::fs::File::open(path.join(name))
                        .map_err(|err| ExchangeError::unreadable(&label, &err))?;
                    read_journal(reader, &label, &stem(name), &files, &mut handle)?;
                }
            }
            if stopped.get() {
                break;
            }
        }
        Ok(())
    }
}

fn is_zip(path: &Path) -> bool {
    let mut head = [0u8; 4];
    std::fs::File::open(path)
        .and_then(|mut f| std::io::Read::read_exact(&mut f, &mut head))
        .is_ok_and(|()| &head == b"PK\x03\x04")
}

/// A file's name without its extension: the journal's name.
fn stem(name: &str) -> String {
    name.rsplit_once('.')
        .map_or(name, |(stem, _)| stem)
        .to_owned()
}

fn read_journal(
    reader: impl std::io::Read,
    file: &str,
    journal: &str,
    files: &Files,
    each: &mut dyn FnMut(Item) -> ControlFlow<()>,
) -> Result<(), ExchangeError> {
    let mut entry =
        |position: usize, raw: DayOneEntry| each(read_entry(file, journal, files, position, raw));
    stream_only_entries(reader, file, WHAT, &mut entry)
}

fn parse_utc(value: &str) -> Option<i64> {
    chrono::DateTime::parse_from_rfc3339(value.trim())
        .ok()
        .map(|at| at.timestamp_millis())
}

fn read_entry(file: &str, journal: &str, files: &Files, position: usize, raw: DayOneEntry) -> Item {
    let text = match (raw.text, raw.rich_text) {
        (Some(text), _) => unescape(&text),
        (None, Some(rich)) => serde_json::from_str::<RichText>(&rich)
            .map(|rich| {
                rich.contents
                    .into_iter()
                    .filter_map(|part| part.text)
                    .collect::<String>()
            })
            .unwrap_or_default(),
        (None, None) => String::new(),
    };
    let date = raw.creation_date.unwrap_or_default();
    let Some(dated_at) = parse_utc(&date) else {
        return Item::Skip(Problem {
            file: file.to_owned(),
            entry: entry_label(position, Some(date.trim()), Some(&text)),
            reason: if date.is_empty() {
                "it has no date (no creationDate)".to_owned()
            } else {
                format!("its date, \u{201c}{date}\u{201d}, is not a date")
            },
        });
    };
    let mut text = text.trim_end().to_owned();
    let mut pictures = Vec::new();
    let mut left_out = Vec::new();
    for photo in raw.photos {
        let (Some(md5), Some(kind)) = (photo.md5, photo.kind) else {
            continue;
        };
        let name = format!("photos/{md5}.{kind}");
        let link = photo
            .identifier
            .map(|identifier| format!("dayone-moment://{identifier}"));
        let Some(size) = files.size(&name) else {
            left_out.push(format!(
                "its photo {md5}.{kind} is not in the export, so it was left out"
            ));
            if let Some(link) = &link {
                text = text.replace(&format!("![]({link})"), "");
            }
            continue;
        };
        let id = match link.filter(|link| text.contains(link.as_str())) {
            Some(link) => {
                let id = uuid::Uuid::now_v7().to_string();
                text = text.replace(&link, &format!("picture:{id}"));
                Some(id)
            }
            None => None,
        };
        let reading = files.clone();
        pictures.push(ImportedPicture {
            file_name: format!("{md5}.{kind}"),
            id,
            size: Some(size),
            data: PictureData::Lazy(Box::new(move || {
                reading.read(&name, MAX_PICTURE_BYTES as u64 + 1)
            })),
        });
    }
    let text = without_other_moments(&text, &mut left_out)
        .trim_end()
        .to_owned();
    let mut metadata = serde_json::Map::new();
    if let Some(mut location) = raw.location {
        location.remove("region");
        metadata.insert("location".to_owned(), location.into());
    }
    if let Some(weather) = raw.weather {
        metadata.insert("weather".to_owned(), weather.into());
    }
    Item::Entry(ImportedEntry {
        position,
        source_id: raw.uuid,
        dated_at,
        created_at: Some(dated_at),
        updated_at: raw.modified_date.as_deref().and_then(parse_utc),
        time_zone: raw.time_zone,
        text,
        // Day One's tags may have spaces ("Road trip"); Quire's cannot.
        tags: raw
            .tags
            .iter()
            .map(|tag| tag.split_whitespace().collect::<Vec<_>>().join("-"))
            .collect(),
        starred: raw.starred,
        journal: Some(journal.to_owned()),
        metadata,
        pictures,
        left_out,
        ..ImportedEntry::default()
    })
}

/// The text without its links to what Day One keeps beside photos (`![](dayone-moment:/video/…)`,
/// `/audio/`, `/pdfAttachment/`), each noted in `left_out`.
fn without_other_moments(text: &str, left_out: &mut Vec<String>) -> String {
    const LINK: &str = "![](dayone-moment:/";
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find(LINK) {
        out.push_str(&rest[..at]);
        let after = &rest[at + LINK.len()..];
        match (after.starts_with('/'), after.find(')')) {
            (false, Some(end)) => {
                let kind = after[..end].split('/').next().unwrap_or_default();
                let kind = match kind {
                    "video" => "a video",
                    "audio" => "an audio recording",
                    "pdfAttachment" => "a PDF",
                    _ => "an attachment",
                };
                left_out.push(format!(
                    "it holds {kind}, which Quire does not keep, so it was left out"
                ));
                rest = &after[end + 1..];
            }
            _ => {
                out.push_str(LINK);
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// Day One's Markdown without the backslashes it puts before punctuation (`\.`, `\-`, `\!`): a
/// backslash before ASCII punctuation goes, outside code (fenced blocks and `inline` spans).
pub(crate) fn unescape(text: &str) -> String {
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
        let mut chars = line.chars().peekable();
        while let Some(c) = chars.next() {
            match c {
                '`' => {
                    in_code = !in_code;
                    out.push(c);
                }
                '\\' if !in_code => match chars.peek() {
                    Some(&next) if next.is_ascii_punctuation() => {
                        out.push(next);
                        chars.next();
                    }
                    _ => out.push(c),
                },
                _ => out.push(c),
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::{unescape, without_other_moments};

    #[test]
    fn videos_and_recordings_are_left_out_and_noted() {
        let mut notes = Vec::new();
        let text = "A\n![](dayone-moment://P1)\n![](dayone-moment:/video/V1)\n![](dayone-moment:/audio/A1)";
        assert_eq!(
            without_other_moments(text, &mut notes),
            "A\n![](dayone-moment://P1)\n\n"
        );
        assert_eq!(notes.len(), 2);
        assert!(notes[0].contains("a video"));
    }

    #[test]
    fn only_backslashes_before_punctuation_outside_code_go() {
        assert_eq!(
            unescape(r"Hello\. A \- list\! \\ done"),
            r"Hello. A - list! \ done"
        );
        assert_eq!(unescape(r"C:\Users stays"), r"C:\Users stays");
        assert_eq!(unescape("`a\\.b` and a\\.b"), "`a\\.b` and a.b");
        assert_eq!(unescape("```\nx\\.y\n```\nx\\.y"), "```\nx\\.y\n```\nx.y");
    }
}
