//! Mini Diary's JSON export: `{"metadata": {"application": "Mini Diary", "version",
//! "dateUpdated"}, "entries": {"2020-01-02": {"dateUpdated", "title", "text"}}}`, one entry a day
//! keyed by its date, its text Markdown; and Mini Diarium's: `{"metadata": {"application": "Mini
//! Diarium", "version", "exportedAt"}, "entries": [{"id", "date", "title", "text", "dateUpdated",
//! "tags"}]}`, a list, its text the HTML its editor writes (read here as Markdown: paragraphs,
//! line breaks, headings, lists, quotes, bold, italics, strike-through, code and links; other tags
//! dropped, their text kept). An entry is dated 09:00 local time on its day; its title becomes its
//! first line. Neither format's ids last across exports, so entries are known again by their day
//! and a hash of their text.

use std::ops::ControlFlow;
use std::path::Path;

use chrono::NaiveDate;
use serde::Deserialize;

use super::error::file_name;
use super::model::{content_hash, entry_label, local_ms};
use super::stream::stream_only_entries;
use super::{
    bytes_contain, trimmed_start, ExchangeError, ImportedEntry, Importer, Item, Problem, Sniff,
};
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
    #[serde(default)]
    tags: Vec<String>,
}

/// A JSON object that names Mini Diary (or Mini Diarium), or whose entries carry Mini Diary's
/// `dateUpdated`.
pub(crate) fn detect(sniff: &Sniff) -> bool {
    let head = trimmed_start(&sniff.head);
    head.starts_with(b"{")
        && bytes_contain(head, b"\"entries\"")
        && (bytes_contain(head, b"\"Mini Diar") || bytes_contain(head, b"\"dateUpdated\""))
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
        let mut entry = |position: usize, raw: DiaryEntry| each(read_entry(&file, position, raw));
        stream_only_entries(reader, &file, "a Mini Diary export", &mut entry)
    }
}

fn read_entry(file: &str, position: usize, raw: DiaryEntry) -> Item {
    let title = raw.title.trim();
    let body = if looks_like_html(&raw.text) {
        html_to_markdown(&raw.text)
    } else {
        raw.text.trim_end().to_owned()
    };
    let body = body.as_str();
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
        tags: raw
            .tags
            .iter()
            .map(|tag| tag.split_whitespace().collect::<Vec<_>>().join("-"))
            .collect(),
        ..ImportedEntry::default()
    })
}

/// Whether a text is HTML, as Mini Diarium's editor writes it: it starts with a tag and closes one.
fn looks_like_html(text: &str) -> bool {
    let text = text.trim_start();
    text.starts_with('<') && text.contains("</")
}

/// HTML as Markdown, for the tags a diary's editor writes; other tags are dropped, their text kept.
fn html_to_markdown(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut links: Vec<String> = Vec::new();
    let mut rest = html;
    while let Some(open) = rest.find('<') {
        out.push_str(&decode_entities(&rest[..open]));
        let Some(close) = rest[open..].find('>') else {
            out.push_str(&decode_entities(&rest[open..]));
            rest = "";
            break;
        };
        let tag = &rest[open + 1..open + close];
        rest = &rest[open + close + 1..];
        let closing = tag.starts_with('/');
        let tag = tag.trim_start_matches('/').trim_end_matches('/');
        let name = tag
            .split(|c: char| c.is_whitespace())
            .next()
            .unwrap_or_default()
            .to_ascii_lowercase();
        match (name.as_str(), closing) {
            ("p" | "div", true) => out.push_str("\n\n"),
            ("br", _) => out.push('\n'),
            ("strong" | "b", _) => out.push_str("**"),
            ("em" | "i", _) => out.push('*'),
            ("s" | "strike" | "del", _) => out.push_str("~~"),
            ("code", _) => out.push('`'),
            ("h1" | "h2" | "h3" | "h4" | "h5" | "h6", false) => {
                let level = usize::from(name.as_bytes()[1] - b'0');
                out.push_str(&"#".repeat(level));
                out.push(' ');
            }
            ("h1" | "h2" | "h3" | "h4" | "h5" | "h6", true) => out.push_str("\n\n"),
            ("li", false) => out.push_str("- "),
            ("li", true) => out.push('\n'),
            ("ul" | "ol", true) => out.push('\n'),
            ("blockquote", false) => out.push_str("> "),
            ("blockquote", true) => out.push_str("\n\n"),
            ("a", false) => {
                links.push(attribute(tag, "href").unwrap_or_default());
                out.push('[');
            }
            ("a", true) => {
                let href = links.pop().unwrap_or_default();
                out.push_str(&format!("]({href})"));
            }
            _ => {}
        }
    }
    out.push_str(&decode_entities(rest));
    // No more than one blank line in a row, and none at the ends.
    let mut text = String::with_capacity(out.len());
    let mut blank = 0;
    for line in out.lines() {
        let line = line.trim_end();
        if line.trim().is_empty() {
            blank += 1;
            continue;
        }
        if !text.is_empty() {
            text.push_str(if blank > 0 { "\n\n" } else { "\n" });
        }
        blank = 0;
        text.push_str(line);
    }
    text
}

/// The value of `name="…"` in a tag.
fn attribute(tag: &str, name: &str) -> Option<String> {
    let at = tag.find(&format!("{name}=\""))? + name.len() + 2;
    let end = tag[at..].find('"')?;
    Some(decode_entities(&tag[at..at + end]))
}

fn decode_entities(text: &str) -> String {
    if !text.contains('&') {
        return text.to_owned();
    }
    text.replace("&nbsp;", " ")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&#x27;", "'")
        .replace("&amp;", "&")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mini_diariums_html_reads_as_markdown() {
        let html = "<h2>Sunday</h2><p>See <a href=\"https://example.com/?a=1&amp;b=2\">the \
                    <strong>site</strong></a> &amp; <em>rest</em>.<br>Next line</p><ul><li>one</li>\
                    <li>two</li></ul><p><span style=\"color: #ff0000\">red</span> <code>x</code></p>";
        assert!(looks_like_html(html));
        assert_eq!(
            html_to_markdown(html),
            "## Sunday\n\nSee [the **site**](https://example.com/?a=1&b=2) & *rest*.\nNext line\n\n\
             - one\n- two\n\nred `x`"
        );
        assert!(!looks_like_html("A <b>bold</b> claim"));
    }
}
