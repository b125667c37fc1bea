//! The Markdown export: one `.md` file per entry, named by its date and title, with YAML front
//! matter that Joplin's "Markdown + Front Matter" import reads (`title`, `created`, `updated`,
//! `tags`, `latitude`, `longitude`, `altitude`) and Quire's own fields (`journal`, `starred`,
//! `mood`, `time_zone`). Pictures are files in `_resources/`, and the text points at them there.
//! `markdown_in` reads it back.

use std::collections::HashSet;
use std::fmt::Write as _;

use chrono::TimeZone;

use super::quire::extension;
use crate::store::{entry_title, tag_text, ExportedEntry};

/// The folder beside the entries that holds their pictures.
pub(crate) const RESOURCES: &str = "_resources";

/// Longest file name stem, in characters.
const NAME_CHARS: usize = 80;

/// Names the files of one export, each once.
#[derive(Default)]
pub(crate) struct MarkdownNames {
    used: HashSet<String>,
}

impl MarkdownNames {
    /// `2024-03-01 1030 Walk by the sea.md`: safe on every file system, and not used before in
    /// this export (in any case).
    pub fn name_for(&mut self, entry: &ExportedEntry) -> String {
        let date = chrono::Local
            .timestamp_millis_opt(entry.dated_at)
            .single()
            .map(|at| at.format("%Y-%m-%d %H%M").to_string())
            .unwrap_or_default();
        let title = safe_name(&entry_title(&entry.content));
        let stem = if title.is_empty() {
            date
        } else {
            format!("{date} {title}")
        };
        let mut name = format!("{stem}.md");
        let mut n = 2;
        while !self.used.insert(name.to_lowercase()) {
            name = format!("{stem} {n}.md");
            n += 1;
        }
        name
    }
}

/// A title as a file name: no path separators, reserved or control characters, no leading or
/// trailing dots or spaces, cut to [`NAME_CHARS`].
fn safe_name(title: &str) -> String {
    let cleaned: String = title
        .chars()
        .map(|c| {
            if c.is_control() || "/\\:*?\"<>|#%{}^~[]`".contains(c) {
                ' '
            } else {
                c
            }
        })
        .collect();
    let words: Vec<&str> = cleaned.split_whitespace().collect();
    let joined: String = words.join(" ").chars().take(NAME_CHARS).collect();
    joined.trim_matches(['.', ' ']).to_owned()
}

/// The file's contents: front matter, a blank line, then the entry's text with its pictures'
/// addresses pointing into [`RESOURCES`].
pub(crate) fn markdown_of(entry: &ExportedEntry) -> String {
    let mut out = String::from("---\n");
    let line = |out: &mut String, key: &str, value: &str| {
        let _ = writeln!(out, "{key}: {}", yaml_string(value));
    };
    line(&mut out, "title", &entry_title(&entry.content));
    let _ = writeln!(out, "created: {}", utc(entry.dated_at));
    let _ = writeln!(out, "updated: {}", utc(entry.updated_at));
    let tags = tag_text::extract(&entry.content);
    if !tags.is_empty() {
        out.push_str("tags:\n");
        for tag in tags {
            let _ = writeln!(out, "  - {}", yaml_string(tag));
        }
    }
    if let Some(location) = location(entry) {
        for (key, value) in location {
            let _ = writeln!(out, "{key}: {value}");
        }
    }
    line(&mut out, "journal", &entry.journal_name);
    let _ = writeln!(out, "starred: {}", entry.starred);
    if let Some(mood) = entry.mood {
        let _ = writeln!(out, "mood: {}", mood.key());
    }
    if let Some(zone) = &entry.time_zone {
        line(&mut out, "time_zone", zone);
    }
    out.push_str("---\n\n");
    out.push_str(&with_resource_paths(entry));
    if !out.ends_with('\n') {
        out.push('\n');
    }
    out
}

/// The relative path of a picture in the export.
pub(crate) fn resource_path(id: &str, mime: &str) -> String {
    format!("{RESOURCES}/{id}.{}", extension(mime))
}

fn with_resource_paths(entry: &ExportedEntry) -> String {
    let mut text = entry.content.clone();
    for picture in &entry.pictures {
        text = text.replace(
            &format!("(picture:{})", picture.id),
            &format!("({})", resource_path(&picture.id, &picture.mime)),
        );
    }
    text
}

/// A string as YAML reads it back exactly: JSON's double-quoted form, which YAML shares.
fn yaml_string(value: &str) -> String {
    serde_json::Value::String(value.to_owned()).to_string()
}

/// A moment as Joplin writes it: `2024-03-01 09:30:00Z`.
fn utc(ms: i64) -> String {
    chrono::Utc
        .timestamp_millis_opt(ms)
        .single()
        .map(|at| at.format("%Y-%m-%d %H:%M:%SZ").to_string())
        .unwrap_or_default()
}

/// `latitude`, `longitude` and `altitude` from the entry's `metadata.location`, when it has them.
fn location(entry: &ExportedEntry) -> Option<Vec<(&'static str, String)>> {
    let metadata: serde_json::Value = serde_json::from_str(entry.metadata.as_deref()?).ok()?;
    let place = metadata.get("location")?;
    let number = |key: &str| place.get(key).and_then(serde_json::Value::as_f64);
    let (latitude, longitude) = (number("latitude")?, number("longitude")?);
    let mut fields = vec![
        ("latitude", latitude.to_string()),
        ("longitude", longitude.to_string()),
    ];
    if let Some(altitude) = number("altitude") {
        fields.push(("altitude", altitude.to_string()));
    }
    Some(fields)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_are_safe() {
        assert_eq!(safe_name("A/b: c?"), "A b c");
        assert_eq!(safe_name("..hidden.."), "hidden");
        assert_eq!(safe_name("#work notes"), "work notes");
        assert_eq!(safe_name(&"x".repeat(200)).len(), NAME_CHARS);
    }

    #[test]
    fn yaml_strings_are_quoted_as_json() {
        assert_eq!(yaml_string("a \"b\"\n"), "\"a \\\"b\\\"\\n\"");
    }
}
