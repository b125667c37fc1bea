//! How `#tags` are read from an entry's text, and rewritten when a tag is renamed.
//!
//! The text is where tags live: a chip added in the editor writes `#tag` into the text, and the
//! store derives its tag index from the text on every save. The window reads tags with the same
//! rules (`ui/src/journal/tags.ts`); both are tested against `tests/fixtures/tags.json`.
//!
//! A tag is `#` and then a letter, digit or `_`, followed by letters, digits, `_`, `-` or `/`. The
//! `#` starts the text or follows a character that is not a letter, digit, `_`, `#`, `&` or `/`, so
//! links (`page#part`), character references (`&#123;`) and `##` are not tags, and neither is a
//! Markdown heading's `# `. A trailing `-` or `/` is punctuation, not part of the tag. A tag has a
//! letter in it (`#1` is a number) and at most [`MAX_TAG_CHARS`] characters.

use std::ops::Range;

/// The longest tag, in characters after the `#`.
pub const MAX_TAG_CHARS: usize = 64;

/// The name of every tag in `text`, each once, spelt as it first appears.
pub fn extract(text: &str) -> Vec<&str> {
    let mut seen: Vec<String> = Vec::new();
    let mut names = Vec::new();
    for range in tag_ranges(text) {
        let name = &text[range];
        let key = key(name);
        if !seen.contains(&key) {
            seen.push(key);
            names.push(name);
        }
    }
    names
}

/// What makes two spellings the same tag.
pub fn key(name: &str) -> String {
    name.to_lowercase()
}

/// Whether `name` (without its `#`) is a tag as it would be read from the text.
pub fn is_tag_name(name: &str) -> bool {
    let text = format!("#{name}");
    let first = tag_ranges(&text).next();
    first == Some(1..text.len())
}

/// `text` with every occurrence of the tag `from` (in any case) spelt `to` instead.
pub fn rename(text: &str, from: &str, to: &str) -> String {
    let from = key(from);
    let mut out = String::with_capacity(text.len());
    let mut copied = 0;
    for range in tag_ranges(text) {
        if key(&text[range.clone()]) == from {
            out.push_str(&text[copied..range.start]);
            out.push_str(to);
            copied = range.end;
        }
    }
    out.push_str(&text[copied..]);
    out
}

/// The byte range of each tag's name (after its `#`) in `text`, in order.
pub fn ranges(text: &str) -> impl Iterator<Item = Range<usize>> + '_ {
    tag_ranges(text)
}

fn tag_ranges(text: &str) -> impl Iterator<Item = Range<usize>> + '_ {
    let mut chars = text.char_indices().peekable();
    let mut previous: Option<char> = None;
    std::iter::from_fn(move || {
        while let Some((at, ch)) = chars.next() {
            let before = previous.replace(ch);
            if ch != '#' || before.is_some_and(blocks_tag) {
                continue;
            }
            let start = at + 1;
            let mut end = start;
            let mut len = 0;
            let mut trimmed_end = start;
            let mut trimmed_len = 0;
            let mut letter = false;
            while let Some(&(i, c)) = chars.peek() {
                let first = end == start;
                let fits = if first {
                    starts_tag(c)
                } else {
                    continues_tag(c)
                };
                if !fits {
                    break;
                }
                chars.next();
                previous = Some(c);
                end = i + c.len_utf8();
                len += 1;
                letter |= c.is_alphabetic();
                if c != '-' && c != '/' {
                    trimmed_end = end;
                    trimmed_len = len;
                }
            }
            if trimmed_end > start && letter && trimmed_len <= MAX_TAG_CHARS {
                return Some(start..trimmed_end);
            }
        }
        None
    })
}

fn starts_tag(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

fn continues_tag(c: char) -> bool {
    starts_tag(c) || c == '-' || c == '/'
}

/// A character that, right before a `#`, makes it part of something else.
fn blocks_tag(c: char) -> bool {
    starts_tag(c) || matches!(c, '#' | '&' | '/')
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Deserialize)]
    struct Fixture {
        cases: Vec<Case>,
        renames: Vec<Rename>,
    }
    #[derive(Deserialize)]
    struct Case {
        text: String,
        tags: Vec<String>,
    }
    #[derive(Deserialize)]
    struct Rename {
        text: String,
        from: String,
        to: String,
        result: String,
    }

    fn fixture() -> Fixture {
        let json = include_str!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../tests/fixtures/tags.json"
        ));
        serde_json::from_str(json).expect("tests/fixtures/tags.json parses")
    }

    #[test]
    fn reads_tags_as_the_shared_cases_say() {
        for case in fixture().cases {
            assert_eq!(extract(&case.text), case.tags, "in {:?}", case.text);
        }
    }

    #[test]
    fn renames_as_the_shared_cases_say() {
        for case in fixture().renames {
            assert_eq!(
                rename(&case.text, &case.from, &case.to),
                case.result,
                "in {:?}",
                case.text
            );
        }
    }

    #[test]
    fn tells_tag_names_from_other_words() {
        assert!(is_tag_name("work"));
        assert!(is_tag_name("Sea-side"));
        assert!(is_tag_name("a/b"));
        assert!(!is_tag_name("two words"));
        assert!(!is_tag_name("2024"));
        assert!(!is_tag_name("trailing-"));
        assert!(!is_tag_name(""));
        assert!(!is_tag_name("#work"));
    }
}
