//! Joplin's JEX export: a tar (checked as `safe_tar` does) of `<id>.md` items and
//! `resources/<id>.<ext>` files.
//!
//! Each item is as Joplin serialises it: its title on the first line, a blank line, its body (notes
//! only), a blank line, then `key: value` lines to the end, `\n` in a value standing for a new
//! line. `type_` says what it is: 1 a note, 2 a notebook, 4 a resource (an attachment's
//! description: `mime`, `file_extension`), 5 a tag, 6 a note–tag link (`note_id`, `tag_id`). A note
//! becomes an entry (its title, a blank line and its body, unless the body starts with the title
//! already): its date `user_created_time` (else `created_time`), its journal its notebook's
//! title (`parent_id`), its tags those linked to it, `latitude`/`longitude`/`altitude` its
//! location and `is_todo` a `todo` in its metadata. A resource the body links as `(:/<id>)` is
//! imported when it is a picture, the link becoming `picture:<id>`; other attachments are left
//! out, and the preview says so. Notes are known again by their `id`.
//!
//! The tar is read twice: once for everything but the notes' text (small), then note by note.

use std::collections::HashMap;
use std::ops::ControlFlow;
use std::path::Path;

use super::error::file_name;
use super::model::entry_label;
use super::safe_tar::{is_tar, SafeTar, TarMember};
use super::safe_zip::ZIP_LIMITS;
use super::stream::MAX_FIELD_BYTES;
use super::{ExchangeError, ImportedEntry, ImportedPicture, Importer, Item, PictureData, Sniff};
use crate::store::{entry_title, MAX_PICTURE_BYTES};

pub(crate) struct JoplinJex;

const NOTE: u32 = 1;
const FOLDER: u32 = 2;
const RESOURCE: u32 = 4;
const TAG: u32 = 5;
const NOTE_TAG: u32 = 6;

/// A tar with an item (`<id>.md`) or a resource among the members whose headers are in its first
/// bytes.
pub(crate) fn detect(sniff: &Sniff) -> bool {
    if sniff.zip_names.is_some() || sniff.folder_names.is_some() || !is_tar(&sniff.head) {
        return false;
    }
    sniff.head.chunks_exact(512).any(|block| {
        is_tar(block) && {
            let name = block[..100].split(|&b| b == 0).next().unwrap_or_default();
            let name = name.strip_prefix(b"./").unwrap_or(name);
            (name.ends_with(b".md") && !name.contains(&b'/')) || name.starts_with(b"resources/")
        }
    })
}

/// One serialised item: its title, body and properties.
struct JoplinItem {
    title: String,
    body: String,
    props: HashMap<String, String>,
}

impl JoplinItem {
    fn prop(&self, key: &str) -> Option<&str> {
        self.props
            .get(key)
            .map(String::as_str)
            .filter(|v| !v.is_empty())
    }

    fn kind(&self) -> u32 {
        self.prop("type_")
            .and_then(|v| v.parse().ok())
            .unwrap_or_default()
    }
}

/// Reads an item as Joplin's `BaseItem.unserialize` does: properties from the end up to the first
/// blank line, then the title (first line) and the body (after the blank line that follows).
fn parse_item(text: &str) -> Result<JoplinItem, String> {
    let text = text.trim_start_matches('\u{feff}');
    let lines: Vec<&str> = text.split('\n').collect();
    let mut props = HashMap::new();
    let mut end = lines.len();
    while end > 0 {
        let line = lines[end - 1].trim();
        end -= 1;
        if line.is_empty() {
            if props.is_empty() && end > 0 {
                // A trailing new line.
                continue;
            }
            break;
        }
        let Some((key, value)) = line.split_once(':') else {
            return Err(format!(
                "the line \u{201c}{}\u{201d} is not a \u{201c}key: value\u{201d} property",
                line.chars().take(40).collect::<String>()
            ));
        };
        props.insert(key.trim().to_owned(), unescape_value(value.trim()));
    }
    if !props.contains_key("type_") {
        return Err("it has no type_ property: it may have been cut short".to_owned());
    }
    let body_lines = &lines[..end];
    let title = body_lines.first().copied().unwrap_or_default().to_owned();
    let body = body_lines.get(2..).unwrap_or_default().join("\n");
    Ok(JoplinItem {
        title: title.trim_end_matches('\r').to_owned(),
        body,
        props,
    })
}

/// A property value with Joplin's `\n` and `\r` turned back into new lines.
fn unescape_value(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    let mut chars = value.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\\' {
            match chars.peek() {
                Some('n') => {
                    out.push('\n');
                    chars.next();
                    continue;
                }
                Some('r') => {
                    out.push('\r');
                    chars.next();
                    continue;
                }
                Some('\\') => {
                    out.push('\\');
                    chars.next();
                    continue;
                }
                _ => {}
            }
        }
        out.push(c);
    }
    out
}

/// The ids a body links to as `(:/<32 hex digits>)`, each once, in order.
fn linked_ids(text: &str) -> Vec<String> {
    let mut ids: Vec<String> = Vec::new();
    for (at, _) in text.match_indices("(:/") {
        let Some(id) = text.get(at + 3..at + 35) else {
            continue;
        };
        if id.bytes().all(|b| b.is_ascii_hexdigit())
            && text[at + 35..].starts_with(')')
            && !ids.iter().any(|seen| seen == id)
        {
            ids.push(id.to_owned());
        }
    }
    ids
}

fn parse_time(value: Option<&str>) -> Option<i64> {
    chrono::DateTime::parse_from_rfc3339(value?.trim())
        .ok()
        .map(|at| at.timestamp_millis())
}

/// An attachment's description.
struct Resource {
    title: String,
    mime: String,
}

/// What the first pass over the tar finds.
#[derive(Default)]
struct Index {
    notes: Vec<TarMember>,
    folders: HashMap<String, String>,
    tags: HashMap<String, String>,
    note_tags: HashMap<String, Vec<String>>,
    resources: HashMap<String, Resource>,
    resource_files: HashMap<String, TarMember>,
}

impl Importer for JoplinJex {
    fn kind(&self) -> &'static str {
        "joplin"
    }

    fn read(
        &self,
        path: &Path,
        each: &mut dyn FnMut(Item) -> ControlFlow<()>,
    ) -> Result<(), ExchangeError> {
        let file = file_name(path);
        let tar = SafeTar::open(path, &ZIP_LIMITS)?;
        let mut index = Index::default();
        for member in tar.members() {
            if let Some(name) = member.name.strip_prefix("resources/") {
                let id = name.split('.').next().unwrap_or(name).to_owned();
                index.resource_files.insert(id, member.clone());
                continue;
            }
            if member.name.contains('/') || !member.name.ends_with(".md") {
                continue;
            }
            let item = read_item(&tar, &file, member)?;
            let id = item.prop("id").unwrap_or_default().to_owned();
            match item.kind() {
                NOTE => index.notes.push(member.clone()),
                FOLDER => {
                    index.folders.insert(id, item.title);
                }
                TAG => {
                    index.tags.insert(id, item.title);
                }
                NOTE_TAG => {
                    if let (Some(note), Some(tag)) = (item.prop("note_id"), item.prop("tag_id")) {
                        index
                            .note_tags
                            .entry(note.to_owned())
                            .or_default()
                            .push(tag.to_owned());
                    }
                }
                RESOURCE => {
                    let mime = item.prop("mime").unwrap_or_default().to_owned();
                    index.resources.insert(
                        id,
                        Resource {
                            title: item.title,
                            mime,
                        },
                    );
                }
                _ => {}
            }
        }
        for (position, member) in index.notes.iter().enumerate() {
            let item = read_item(&tar, &file, member)?;
            if each(entry_of(&tar, &file, &index, position + 1, item)).is_break() {
                return Ok(());
            }
        }
        Ok(())
    }
}

fn read_item(tar: &SafeTar, file: &str, member: &TarMember) -> Result<JoplinItem, ExchangeError> {
    let at = format!("\u{201c}{}\u{201d}", member.name);
    let bytes = tar.read(member, MAX_FIELD_BYTES)?;
    let text = String::from_utf8(bytes)
        .map_err(|_| ExchangeError::malformed(file, at.clone(), "it is not UTF-8 text"))?;
    parse_item(&text).map_err(|reason| ExchangeError::malformed(file, at, reason))
}

fn entry_of(tar: &SafeTar, file: &str, index: &Index, position: usize, item: JoplinItem) -> Item {
    let mut text = match (item.title.trim(), item.body.trim_end()) {
        ("", body) => body.to_owned(),
        (title, "") => title.to_owned(),
        // A note that came from Markdown whose first line is its title (Quire's export, as Joplin
        // imports it) already starts with it.
        (title, body) if entry_title(body) == entry_title(title) => {
            body.trim_start_matches('\n').to_owned()
        }
        (title, body) => format!("{title}\n\n{}", body.trim_start_matches('\n')),
    };
    let created = item.prop("user_created_time").or(item.prop("created_time"));
    let Some(dated_at) = parse_time(created) else {
        return Item::Skip(super::Problem {
            file: file.to_owned(),
            entry: entry_label(position, created, Some(&text)),
            reason: format!(
                "its date, \u{201c}{}\u{201d}, is not a date",
                created.unwrap_or_default()
            ),
        });
    };
    if item.prop("encryption_applied").is_some_and(|v| v != "0") {
        return Item::Skip(super::Problem {
            file: file.to_owned(),
            entry: entry_label(position, created, None),
            reason: "it is encrypted with Joplin's end-to-end encryption; export it from Joplin \
                     with encryption turned off"
                .to_owned(),
        });
    }
    let id = item.prop("id").map(str::to_owned);
    let mut pictures = Vec::new();
    let mut left_out = Vec::new();
    for resource_id in linked_ids(&text) {
        let link = format!("(:/{resource_id})");
        let Some(resource) = index.resources.get(&resource_id) else {
            continue;
        };
        match index.resource_files.get(&resource_id) {
            Some(member) if resource.mime.starts_with("image/") => {
                let picture = uuid::Uuid::now_v7().to_string();
                text = text.replace(&link, &format!("(picture:{picture})"));
                pictures.push(ImportedPicture {
                    file_name: member
                        .name
                        .rsplit('/')
                        .next()
                        .unwrap_or(&member.name)
                        .to_owned(),
                    id: Some(picture),
                    size: Some(member.size),
                    data: PictureData::Lazy(Box::new(
                        tar.lazy(member, MAX_PICTURE_BYTES as u64 + 1),
                    )),
                });
            }
            Some(_) => left_out.push(format!(
                "the attachment \u{201c}{}\u{201d} is not a picture, so it was left out",
                resource.title
            )),
            None => left_out.push(format!(
                "the attachment \u{201c}{}\u{201d} is not in the export, so it was left out",
                resource.title
            )),
        }
    }
    let mut metadata = serde_json::Map::new();
    let number = |key: &str| {
        item.prop(key)
            .and_then(|v| v.parse::<f64>().ok())
            .and_then(serde_json::Number::from_f64)
    };
    if let (Some(latitude), Some(longitude)) = (number("latitude"), number("longitude")) {
        if latitude.as_f64() != Some(0.0) || longitude.as_f64() != Some(0.0) {
            let mut location = serde_json::json!({"latitude": latitude, "longitude": longitude});
            if let Some(altitude) = number("altitude").filter(|a| a.as_f64() != Some(0.0)) {
                location["altitude"] = altitude.into();
            }
            metadata.insert("location".to_owned(), location);
        }
    }
    if item.prop("is_todo") == Some("1") {
        let done = item.prop("todo_completed").is_some_and(|v| v != "0");
        metadata.insert("todo".to_owned(), serde_json::json!({ "done": done }));
    }
    let tags = id
        .as_ref()
        .and_then(|id| index.note_tags.get(id))
        .map(|tags| {
            tags.iter()
                .filter_map(|tag| index.tags.get(tag))
                .map(|name| name.replace(char::is_whitespace, "-"))
                .collect()
        })
        .unwrap_or_default();
    Item::Entry(ImportedEntry {
        position,
        source_id: id,
        dated_at,
        created_at: Some(dated_at),
        updated_at: parse_time(item.prop("user_updated_time").or(item.prop("updated_time"))),
        text,
        tags,
        journal: item
            .prop("parent_id")
            .and_then(|folder| index.folders.get(folder))
            .cloned(),
        metadata,
        pictures,
        left_out,
        ..ImportedEntry::default()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn items_read_as_joplin_writes_them() {
        let note = parse_item(
            "Walk\n\nBody line\n\nsecond\n\nid: abc\nparent_id: f1\nsource_url: a\\nb\ntype_: 1",
        )
        .unwrap();
        assert_eq!(note.title, "Walk");
        assert_eq!(note.body, "Body line\n\nsecond");
        assert_eq!(note.prop("source_url"), Some("a\nb"));
        assert_eq!(note.kind(), NOTE);
        let folder = parse_item("Travel\n\nid: f1\ntype_: 2\n").unwrap();
        assert_eq!((folder.title.as_str(), folder.kind()), ("Travel", FOLDER));
        assert!(parse_item("Walk\n\nBody\n\nid: abc\nparent_").is_err());
        assert!(parse_item("Walk\n\nBody\n\nid: abc").is_err());
    }

    #[test]
    fn links_to_resources_are_found_once_each() {
        let a = "a".repeat(32);
        let b = "0123456789abcdef0123456789ABCDEF";
        let text = format!("![x](:/{a}) [y](:/{b}) ![again](:/{a}) (:/short) (:/{a}x)");
        assert_eq!(linked_ids(&text), [a.clone(), b.to_owned()]);
    }
}
