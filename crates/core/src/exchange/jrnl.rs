//! What jrnl's two formats share: its entries' title and body, `@tags`, and local dates.
//!
//! jrnl (jrnl.sh) keeps an entry as a title (its first line, or first sentence) and a body; Quire
//! keeps one text whose first line is the title. jrnl's tags are `@word` after white space; Quire's
//! are `#word`, so each `@tag` that is also a Quire tag name becomes `#tag` where it stands, and
//! back on export. jrnl's dates are the writer's wall-clock time with no zone.

use chrono::NaiveDateTime;

use crate::store::tag_text;

/// The name both jrnl formats' imports are noted under, so that the JSON export and the journal
/// file of one journal are known as the same entries.
pub(crate) const KIND: &str = "jrnl";

/// Quire's text for a jrnl entry: the title, and the body on the lines below it.
pub(crate) fn text_of(title: &str, body: &str) -> String {
    let (title, body) = (title.trim(), body.trim());
    if body.is_empty() {
        title.to_owned()
    } else {
        format!("{title}\n{body}")
    }
}

/// The `@tags` in `text` as jrnl reads them (`@` at the start or after white space, then word
/// characters or `-+*#/`), each with its byte range (the `@` included).
fn jrnl_tags(text: &str) -> Vec<std::ops::Range<usize>> {
    let mut found = Vec::new();
    let mut previous: Option<char> = None;
    let mut chars = text.char_indices().peekable();
    while let Some((at, ch)) = chars.next() {
        let after_space = previous.is_none_or(char::is_whitespace);
        previous = Some(ch);
        if ch != '@' || !after_space {
            continue;
        }
        let mut end = at + 1;
        while let Some(&(i, c)) = chars.peek() {
            if !(c.is_alphanumeric() || c == '_' || "-+*#/".contains(c)) {
                break;
            }
            chars.next();
            previous = Some(c);
            end = i + c.len_utf8();
        }
        if end > at + 1 {
            found.push(at..end);
        }
    }
    found
}

/// `text` with each jrnl `@tag` that is a Quire tag name written `#tag`, and the names of all its
/// jrnl tags (without `@`), each once: those Quire cannot read stay `@` in the text and are
/// reported by the import.
pub(crate) fn hash_tags(text: &str) -> (String, Vec<String>) {
    let mut out = String::with_capacity(text.len());
    let mut names: Vec<String> = Vec::new();
    let mut copied = 0;
    for range in jrnl_tags(text) {
        let name = &text[range.start + 1..range.end];
        let trimmed = name.trim_end_matches(['-', '/']);
        if tag_text::is_tag_name(trimmed) {
            out.push_str(&text[copied..range.start]);
            out.push('#');
            copied = range.start + 1;
        }
        let name = if tag_text::is_tag_name(trimmed) {
            trimmed
        } else {
            name
        };
        if !names
            .iter()
            .any(|n| tag_text::key(n) == tag_text::key(name))
        {
            names.push(name.to_owned());
        }
    }
    out.push_str(&text[copied..]);
    (out, names)
}

/// `text` with each Quire `#tag` written `@tag`, for jrnl.
pub(crate) fn at_tags(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut copied = 0;
    for range in tag_text::ranges(text) {
        out.push_str(&text[copied..range.start - 1]);
        out.push('@');
        copied = range.start;
    }
    out.push_str(&text[copied..]);
    out
}

/// Quire's text split as jrnl splits an entry: the first line is the title; a text of one line
/// is split after its first sentence, as jrnl does.
pub(crate) fn split_title(text: &str) -> (&str, &str) {
    let text = text.trim_start();
    if let Some((title, body)) = text.split_once('\n') {
        return (title.trim(), body.trim());
    }
    match sentence_end(text) {
        Some(end) => (text[..end].trim(), text[end..].trim()),
        None => (text.trim(), ""),
    }
}

/// Where the first sentence of a line ends, as jrnl finds it: a full stop, question or exclamation
/// mark or ellipsis, an optional closing quote and brackets, then white space.
fn sentence_end(line: &str) -> Option<usize> {
    let chars: Vec<(usize, char)> = line.char_indices().collect();
    for (i, &(_, c)) in chars.iter().enumerate() {
        if !matches!(c, '.' | '!' | '?' | '\u{2026}') {
            continue;
        }
        let mut j = i + 1;
        if chars
            .get(j)
            .is_some_and(|&(_, c)| matches!(c, '\'' | '\u{2019}' | '"' | '\u{201d}'))
        {
            j += 1;
        }
        while chars.get(j).is_some_and(|&(_, c)| matches!(c, ']' | ')')) {
            j += 1;
        }
        let spaces = chars[j.min(chars.len())..]
            .iter()
            .take_while(|(_, c)| c.is_whitespace())
            .count();
        if spaces > 0 {
            let end = chars.get(j + spaces).map_or(line.len(), |&(at, _)| at);
            return Some(end);
        }
    }
    None
}

/// A jrnl date and time as jrnl writes them (its default `%Y-%m-%d %H:%M`, with seconds, with
/// AM/PM, or a date alone at jrnl's default 09:00).
pub(crate) fn parse_date(blob: &str) -> Option<NaiveDateTime> {
    let blob = blob.trim();
    const FORMATS: &[&str] = &[
        "%Y-%m-%d %H:%M",
        "%Y-%m-%d %H:%M:%S",
        "%Y-%m-%d %I:%M %p",
        "%Y-%m-%d %I:%M:%S %p",
    ];
    FORMATS
        .iter()
        .find_map(|format| NaiveDateTime::parse_from_str(blob, format).ok())
        .or_else(|| {
            chrono::NaiveDate::parse_from_str(blob, "%Y-%m-%d")
                .ok()
                .and_then(|day| day.and_hms_opt(9, 0, 0))
        })
}

/// Whether `blob` is shaped like a jrnl date (`2024-03-01…`), valid or not.
pub(crate) fn looks_like_date(blob: &str) -> bool {
    let b = blob.as_bytes();
    b.len() >= 10
        && b[..4].iter().all(u8::is_ascii_digit)
        && b[4] == b'-'
        && b[5..7].iter().all(u8::is_ascii_digit)
        && b[7] == b'-'
        && b[8..10].iter().all(u8::is_ascii_digit)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn jrnl_tags_become_quire_tags_where_they_can() {
        let (text, tags) = hash_tags("Met @Anna at @work. Ate @c++ with me@example.com @x-");
        assert_eq!(text, "Met #Anna at #work. Ate @c++ with me@example.com #x-");
        assert_eq!(tags, ["Anna", "work", "c++", "x"]);
        assert_eq!(
            at_tags("Met #Anna at #work. page#1"),
            "Met @Anna at @work. page#1"
        );
    }

    #[test]
    fn titles_split_as_jrnl_splits_them() {
        assert_eq!(split_title("Title\nbody\n"), ("Title", "body"));
        assert_eq!(
            split_title("Hello there. More text"),
            ("Hello there.", "More text")
        );
        assert_eq!(split_title("No end"), ("No end", ""));
        assert_eq!(split_title("Wow!\" (yes) ok"), ("Wow!\"", "(yes) ok"));
    }

    #[test]
    fn reads_jrnls_date_forms() {
        let at = |s| parse_date(s).map(|d| d.to_string());
        assert_eq!(
            at("2024-03-01 10:30").as_deref(),
            Some("2024-03-01 10:30:00")
        );
        assert_eq!(
            at("2024-03-01 10:30:15").as_deref(),
            Some("2024-03-01 10:30:15")
        );
        assert_eq!(
            at("2024-03-01 02:30 PM").as_deref(),
            Some("2024-03-01 14:30:00")
        );
        assert_eq!(at("2024-03-01").as_deref(), Some("2024-03-01 09:00:00"));
        assert_eq!(at("2024-13-01 10:30"), None);
        assert!(looks_like_date("2024-13-01 10:30"));
        assert!(!looks_like_date("see page"));
    }
}
