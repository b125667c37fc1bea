//! Markdown files, in: a folder or a zip of `.md` (or `.txt`) files, as Quire's Markdown export and
//! Joplin's "Markdown + Front Matter" export write them, or as Obsidian keeps daily notes.
//!
//! Each file is an entry. A file without a date in front matter is dated by its name when that
//! starts with one (`2024-05-01 Walk.md`: 09:00 local time, titled "Walk"), else by when it last
//! changed (titled by its name). From its front matter: `created` (or `date`) is the
//! entry's date,
//! `updated` its last change, `tags` its tags, `latitude`, `longitude` and `altitude` its
//! `metadata.location`, and Quire's own `journal`, `starred` and `time_zone`; `title` becomes the
//! first line when the text does not start with it already. `mood` is not read: Quire analyses the
//! text again. A picture the text links to by a relative path inside the folder or zip
//! (`_resources/x.png`) is imported with it, and the link becomes `picture:<id>`.

use std::cell::RefCell;
use std::collections::{HashMap, HashSet};
use std::ops::ControlFlow;
use std::path::{Component, Path, PathBuf};
use std::rc::Rc;

use chrono::{NaiveDate, NaiveDateTime, TimeZone};

use super::error::file_name;
use super::model::{content_hash, entry_label, local_ms};
use super::safe_zip::{SafeZip, ZIP_LIMITS};
use super::stream::MAX_FIELD_BYTES;
use super::{
    ExchangeError, ImportedEntry, ImportedPicture, Importer, Item, PictureData, Problem, Sniff,
};
use crate::store::{entry_title, MAX_PICTURE_BYTES};

pub(crate) struct MarkdownImporter;

/// A folder or zip with `.md` files in it (and no `quire.json`, which Quire's own reader takes).
pub(crate) fn detect(sniff: &Sniff) -> bool {
    sniff
        .zip_names
        .as_ref()
        .or(sniff.folder_names.as_ref())
        .is_some_and(|names| names.iter().any(|name| is_markdown(name)))
}

fn is_markdown(name: &str) -> bool {
    let lower = name.to_lowercase();
    lower.ends_with(".md") || lower.ends_with(".markdown") || lower.ends_with(".txt")
}

/// The date a file's name starts with (`2024-05-01.md`, `2024-05-01 Walk.md`), at 09:00 local
/// time, and the rest of the name.
fn name_date(stem: &str) -> Option<(i64, &str)> {
    let day = NaiveDate::parse_from_str(stem.get(..10)?, "%Y-%m-%d").ok()?;
    let rest = stem[10..].trim_start_matches([' ', '-', '_', '.']).trim();
    Some((local_ms(day.and_hms_opt(9, 0, 0)?)?, rest))
}

/// Every file under `dir` (not following links, not hidden), relative, with `/` between parts.
pub(crate) fn folder_files(dir: &Path) -> Result<Vec<String>, ExchangeError> {
    let mut found = Vec::new();
    let mut stack = vec![PathBuf::new()];
    while let Some(relative) = stack.pop() {
        let entries = std::fs::read_dir(dir.join(&relative))
            .map_err(|err| ExchangeError::unreadable(&file_name(dir), &err))?;
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            if name.starts_with('.') {
                continue;
            }
            let Ok(kind) = entry.file_type() else {
                continue;
            };
            let path = relative.join(&name);
            if kind.is_dir() {
                stack.push(path);
            } else if kind.is_file() {
                found.push(path.to_string_lossy().replace('\\', "/"));
                if found.len() > ZIP_LIMITS.max_files {
                    return Err(ExchangeError::unsafe_zip(
                        &file_name(dir),
                        format!(
                            "this folder holds more than the {} files Quire opens",
                            ZIP_LIMITS.max_files
                        ),
                    ));
                }
            }
        }
    }
    found.sort();
    Ok(found)
}

/// Where the files of a folder or zip are.
#[derive(Clone)]
pub(crate) enum Files {
    Folder(PathBuf),
    Zip(Rc<RefCell<SafeZip>>),
}

impl Files {
    /// The files of the folder or zip at `path`, and their names, sorted.
    pub fn open(path: &Path) -> Result<(Self, Vec<String>), ExchangeError> {
        if path.is_dir() {
            Ok((Self::Folder(path.to_path_buf()), folder_files(path)?))
        } else {
            let zip = SafeZip::open(path, &ZIP_LIMITS)?;
            let mut names = zip.names();
            names.sort();
            Ok((Self::Zip(Rc::new(RefCell::new(zip))), names))
        }
    }

    /// Reads the file `name`, at most `max` bytes.
    pub fn read(&self, name: &str, max: u64) -> Result<Vec<u8>, ExchangeError> {
        match self {
            Self::Folder(dir) => {
                let path = dir.join(name);
                let size = std::fs::metadata(&path)
                    .map_err(|err| ExchangeError::unreadable(name, &err))?
                    .len();
                if size > max {
                    return Err(ExchangeError::malformed(
                        name,
                        "its size",
                        format!("it is {} MB, more than Quire reads", size / (1024 * 1024)),
                    ));
                }
                std::fs::read(&path).map_err(|err| ExchangeError::unreadable(name, &err))
            }
            Self::Zip(zip) => zip.borrow_mut().read_all(name, max),
        }
    }

    /// When the file `name` last changed (ms since the epoch).
    fn modified(&self, name: &str) -> Option<i64> {
        match self {
            Self::Folder(dir) => {
                let at = std::fs::metadata(dir.join(name)).ok()?.modified().ok()?;
                let ms = at.duration_since(std::time::UNIX_EPOCH).ok()?.as_millis();
                i64::try_from(ms).ok()
            }
            Self::Zip(zip) => zip.borrow_mut().modified(name).and_then(local_ms),
        }
    }

    /// The size of the file `name`, when it is there.
    pub fn size(&self, name: &str) -> Option<u64> {
        match self {
            Self::Folder(dir) => std::fs::metadata(dir.join(name)).ok().map(|m| m.len()),
            Self::Zip(zip) => zip.borrow().size_of(name),
        }
    }
}

impl Importer for MarkdownImporter {
    fn kind(&self) -> &'static str {
        "markdown"
    }

    fn read(
        &self,
        path: &Path,
        each: &mut dyn FnMut(Item) -> ControlFlow<()>,
    ) -> Result<(), ExchangeError> {
        let (files, names) = Files::open(path)?;
        let all: HashSet<&str> = names.iter().map(String::as_str).collect();
        let mut position = 0;
        for name in names.iter().filter(|name| is_markdown(name)) {
            position += 1;
            let bytes = files.read(name, MAX_FIELD_BYTES)?;
            let item = match String::from_utf8(bytes) {
                Ok(text) => entry_of(&files, &all, name, position, &text),
                Err(_) => Item::Skip(Problem {
                    file: name.clone(),
                    entry: entry_label(position, None, None),
                    reason: "it is not UTF-8 text".to_owned(),
                }),
            };
            if each(item).is_break() {
                return Ok(());
            }
        }
        Ok(())
    }
}

/// A front matter value: a line's text, or a list.
enum Value {
    Text(String),
    List(Vec<String>),
}

/// The front matter's fields (keys in lower case) and the text after it; `Err` when it starts
/// but never ends.
fn front_matter(text: &str) -> Result<(HashMap<String, Value>, &str), &'static str> {
    let text = text.trim_start_matches('\u{feff}');
    let Some(rest) = text
        .strip_prefix("---\n")
        .or_else(|| text.strip_prefix("---\r\n"))
    else {
        return Ok((HashMap::new(), text));
    };
    let mut fields = HashMap::new();
    let mut list_key: Option<String> = None;
    let mut offset = 0;
    for line in rest.split_inclusive('\n') {
        offset += line.len();
        let line = line.trim_end_matches(['\n', '\r']);
        if line.starts_with("---") {
            let body = &rest[offset..];
            let body = body
                .strip_prefix("\r\n")
                .or_else(|| body.strip_prefix('\n'))
                .unwrap_or(body);
            return Ok((fields, body));
        }
        let trimmed = line.trim_start();
        if let (Some(item), Some(key)) = (trimmed.strip_prefix("- "), &list_key) {
            if let Some(Value::List(items)) = fields.get_mut(key) {
                items.push(scalar(item));
            }
            continue;
        }
        let Some((key, value)) = line.split_once(':') else {
            continue;
        };
        let key = key.trim().to_lowercase();
        let value = value.trim();
        if value.is_empty() {
            fields.insert(key.clone(), Value::List(Vec::new()));
            list_key = Some(key);
        } else if let Some(inline) = value.strip_prefix('[').and_then(|v| v.strip_suffix(']')) {
            let items = inline
                .split(',')
                .map(scalar)
                .filter(|s| !s.is_empty())
                .collect();
            fields.insert(key, Value::List(items));
            list_key = None;
        } else {
            fields.insert(key, Value::Text(scalar(value)));
            list_key = None;
        }
    }
    Err("its front matter does not end (no closing ---)")
}

/// A YAML scalar as text: double-quoted (JSON's escapes), single-quoted, or plain.
fn scalar(value: &str) -> String {
    let value = value.trim();
    if value.starts_with('"') {
        if let Ok(text) = serde_json::from_str::<String>(value) {
            return text;
        }
    }
    if let Some(inner) = value.strip_prefix('\'').and_then(|v| v.strip_suffix('\'')) {
        return inner.replace("''", "'");
    }
    value.trim_matches('"').to_owned()
}

/// A front matter date: Joplin's `2024-03-01 09:30:00Z`, RFC 3339, or a local date and time.
fn parse_moment(value: &str) -> Option<i64> {
    let value = value.trim();
    if let Ok(at) = chrono::DateTime::parse_from_rfc3339(&value.replacen(' ', "T", 1)) {
        return Some(at.timestamp_millis());
    }
    if let Some(utc) = value.strip_suffix('Z') {
        for format in [
            "%Y-%m-%d %H:%M:%S",
            "%Y-%m-%dT%H:%M:%S%.f",
            "%Y-%m-%d %H:%M",
        ] {
            if let Ok(at) = NaiveDateTime::parse_from_str(utc, format) {
                return Some(chrono::Utc.from_utc_datetime(&at).timestamp_millis());
            }
        }
    }
    for format in ["%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M"] {
        if let Ok(at) = NaiveDateTime::parse_from_str(value, format) {
            return local_ms(at);
        }
    }
    NaiveDate::parse_from_str(value, "%Y-%m-%d")
        .ok()
        .and_then(|day| day.and_hms_opt(9, 0, 0))
        .and_then(local_ms)
}

fn entry_of(
    files: &Files,
    all: &HashSet<&str>,
    name: &str,
    position: usize,
    contents: &str,
) -> Item {
    let skip = |reason: String| {
        Item::Skip(Problem {
            file: name.to_owned(),
            entry: entry_label(position, None, None),
            reason,
        })
    };
    let (fields, body) = match front_matter(contents) {
        Ok(parsed) => parsed,
        Err(reason) => return skip(reason.to_owned()),
    };
    let text_field = |key: &str| match fields.get(key) {
        Some(Value::Text(text)) => Some(text.as_str()),
        _ => None,
    };
    let stem = name.rsplit('/').next().unwrap_or(name);
    let stem = stem.rsplit_once('.').map_or(stem, |(stem, _)| stem);
    let (dated_at, title) = match text_field("created").or_else(|| text_field("date")) {
        Some(date) => match parse_moment(date) {
            Some(dated_at) => (dated_at, text_field("title")),
            None => return skip(format!("its date, \u{201c}{date}\u{201d}, is not a date")),
        },
        // A plain file: the date from its name (`2024-05-01 Walk.md`), the rest of which is its
        // title, else the day it last changed and all of its name.
        None => match name_date(stem) {
            Some((dated_at, rest)) => (dated_at, text_field("title").or(Some(rest))),
            None => match files.modified(name) {
                Some(dated_at) => (dated_at, text_field("title").or(Some(stem))),
                None => {
                    return skip("it has no date (none in its front matter or its name)".to_owned())
                }
            },
        },
    };
    let mut text = body.trim_end().to_owned();
    if let Some(title) = title.filter(|t| !t.trim().is_empty()) {
        if entry_title(&text) != entry_title(title) {
            text = if text.is_empty() {
                title.to_owned()
            } else {
                format!("{title}\n\n{text}")
            };
        }
    }
    let source_id = content_hash(dated_at, &text);
    let (text, pictures) = with_pictures(files, all, name, &text);
    let mut metadata = serde_json::Map::new();
    // As written, so that `43` stays an integer and `43.48` a decimal.
    let number =
        |key: &str| text_field(key).and_then(|v| v.trim().parse::<serde_json::Number>().ok());
    if let (Some(latitude), Some(longitude)) = (number("latitude"), number("longitude")) {
        let mut location = serde_json::json!({"latitude": latitude, "longitude": longitude});
        if let Some(altitude) = number("altitude") {
            location["altitude"] = altitude.into();
        }
        metadata.insert("location".to_owned(), location);
    }
    let tags = match fields.get("tags").or_else(|| fields.get("keywords")) {
        Some(Value::List(tags)) => tags.clone(),
        Some(Value::Text(tag)) => tag.split_whitespace().map(str::to_owned).collect(),
        None => Vec::new(),
    };
    Item::Entry(ImportedEntry {
        position,
        source_id: Some(source_id),
        dated_at,
        updated_at: text_field("updated").and_then(parse_moment),
        time_zone: text_field("time_zone").map(str::to_owned),
        text,
        tags,
        starred: text_field("starred").is_some_and(|v| matches!(v, "true" | "yes")),
        journal: text_field("journal").map(str::to_owned),
        metadata,
        pictures,
        ..ImportedEntry::default()
    })
}

/// The text with each link to a picture in the source pointing at `picture:<id>`, and those
/// pictures.
fn with_pictures(
    files: &Files,
    all: &HashSet<&str>,
    name: &str,
    text: &str,
) -> (String, Vec<ImportedPicture>) {
    let base = Path::new(name).parent().unwrap_or(Path::new(""));
    let mut out = String::with_capacity(text.len());
    let mut pictures: Vec<ImportedPicture> = Vec::new();
    let mut ids: HashMap<String, String> = HashMap::new();
    let mut rest = text;
    while let Some(at) = rest.find("](") {
        let (before, after) = rest.split_at(at + 2);
        out.push_str(before);
        let Some(close) = after.find(')') else {
            rest = after;
            continue;
        };
        let target = &after[..close];
        match picture_path(base, target).filter(|path| all.contains(path.as_str())) {
            Some(path) => {
                let id = ids.entry(path.clone()).or_insert_with(|| {
                    let id = uuid::Uuid::now_v7().to_string();
                    let files = files.clone();
                    let reading = path.clone();
                    pictures.push(ImportedPicture {
                        file_name: path.rsplit('/').next().unwrap_or(&path).to_owned(),
                        id: Some(id.clone()),
                        size: files.size(&path),
                        data: PictureData::Lazy(Box::new(move || {
                            files.read(&reading, MAX_PICTURE_BYTES as u64 + 1)
                        })),
                    });
                    id
                });
                out.push_str(&format!("picture:{id}"));
            }
            None => out.push_str(target),
        }
        rest = &after[close..];
    }
    out.push_str(rest);
    (out, pictures)
}

/// The source path a link points at, when it is a relative link to a picture that stays inside.
fn picture_path(base: &Path, target: &str) -> Option<String> {
    let target = target.trim().trim_start_matches('<').trim_end_matches('>');
    let target = target.split(" \"").next()?.replace("%20", " ");
    let lower = target.to_lowercase();
    if target.contains(':')
        || ![".png", ".jpg", ".jpeg", ".webp", ".gif"]
            .iter()
            .any(|ext| lower.ends_with(ext))
    {
        return None;
    }
    let mut parts: Vec<String> = Vec::new();
    for part in base.join(&target).components() {
        match part {
            Component::Normal(part) => parts.push(part.to_string_lossy().into_owned()),
            Component::CurDir => {}
            Component::ParentDir => {
                parts.pop()?;
            }
            Component::RootDir | Component::Prefix(_) => return None,
        }
    }
    Some(parts.join("/"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_front_matter_as_joplin_and_quire_write_it() {
        let (fields, body) = front_matter(
            "---\ntitle: \"A \\\"walk\\\"\"\ncreated: 2024-03-01 09:30:00Z\ntags:\n  - sea\n  - \
             'it''s'\nlatitude: -1.5\n---\n\nBody\n",
        )
        .unwrap();
        assert!(matches!(fields.get("title"), Some(Value::Text(t)) if t == "A \"walk\""));
        assert!(matches!(fields.get("tags"), Some(Value::List(l)) if l == &["sea", "it's"]));
        assert!(matches!(fields.get("latitude"), Some(Value::Text(t)) if t == "-1.5"));
        assert_eq!(body, "Body\n");
        assert!(front_matter("---\ntitle: x\n").is_err());
        assert_eq!(
            front_matter("no front matter").unwrap().1,
            "no front matter"
        );
    }

    #[test]
    fn reads_dates_as_front_matter_writes_them() {
        assert_eq!(
            parse_moment("2024-03-01 09:30:00Z"),
            Some(1_709_285_400_000)
        );
        assert_eq!(
            parse_moment("2024-03-01T09:30:00+00:00"),
            Some(1_709_285_400_000)
        );
        assert_eq!(
            parse_moment("2024-03-01T09:30:00.250Z"),
            Some(1_709_285_400_250)
        );
        assert!(parse_moment("2024-03-01").is_some());
        assert_eq!(parse_moment("soon"), None);
    }

    #[test]
    fn picture_links_resolve_inside_the_source_only() {
        let base = Path::new("notes");
        assert_eq!(
            picture_path(base, "../_resources/a%20b.png").as_deref(),
            Some("_resources/a b.png")
        );
        assert_eq!(picture_path(base, "../../x.png"), None);
        assert_eq!(picture_path(base, "https://example.test/x.png"), None);
        assert_eq!(picture_path(base, "doc.pdf"), None);
    }
}
