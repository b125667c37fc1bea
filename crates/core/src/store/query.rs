//! What a person types in the search box, read into words, phrases, excluded words and typed forms.
//!
//! The forms are `tag:work`, `journal:Work` (or `journal:"Work notes"`), `before:2024-01-01`,
//! `after:2024-01-01` (that day included), `mood:calm` and `is:starred`; `"a phrase"` matches the
//! words in that order and `-word` leaves out entries with the word. Nothing typed is ever handed to
//! FTS5 as syntax: every word becomes a quoted term, so stray quotes, `NEAR`, `*` or `:` cannot cause
//! a syntax error. What cannot be read as written (an unclosed quote, a date that is not one, an
//! unknown mood) is searched as plain words, and [`ParsedQuery::hint`] says so.

use serde::Serialize;

use crate::analyser::Mood;

/// A word to mark in the opened entry; `prefix` when words that start with it match too.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
pub struct HighlightTerm {
    pub text: String,
    pub prefix: bool,
}

/// The typed search, read.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ParsedQuery {
    /// Words and phrases that must all appear, as quoted FTS5 terms.
    pub required: Vec<String>,
    /// Words and phrases that must not appear, as quoted FTS5 terms.
    pub excluded: Vec<String>,
    pub tag: Option<String>,
    pub journal: Option<String>,
    /// `YYYY-MM-DD`: entries dated before that day.
    pub before: Option<String>,
    /// `YYYY-MM-DD`: entries dated on that day or later.
    pub after: Option<String>,
    pub mood: Option<Mood>,
    pub starred: bool,
    pub terms: Vec<HighlightTerm>,
    pub hint: Option<String>,
}

impl ParsedQuery {
    /// The FTS5 expression for the required and excluded terms; `None` when no word is required.
    pub fn fts_match(&self) -> Option<String> {
        if self.required.is_empty() {
            return None;
        }
        let mut expr = format!("({})", self.required.join(" "));
        for term in &self.excluded {
            expr.push_str(" NOT ");
            expr.push_str(term);
        }
        Some(expr)
    }

    /// An FTS5 expression matching any excluded term; `None` when there are none.
    pub fn fts_excluded(&self) -> Option<String> {
        (!self.excluded.is_empty()).then(|| self.excluded.join(" OR "))
    }

    /// Whether anything at all narrows the search.
    pub fn is_empty(&self) -> bool {
        self.required.is_empty()
            && self.excluded.is_empty()
            && self.tag.is_none()
            && self.journal.is_none()
            && self.before.is_none()
            && self.after.is_none()
            && self.mood.is_none()
            && !self.starred
    }

    fn note(&mut self, hint: String) {
        self.hint.get_or_insert(hint);
    }
}

/// One piece of the typed text: a word (possibly `key:value` or `-word`) or a quoted phrase.
#[derive(Debug)]
struct Token {
    text: String,
    quoted: bool,
    negated: bool,
}

/// Reads typed search text.
pub fn parse_query(input: &str) -> ParsedQuery {
    let mut parsed = ParsedQuery::default();
    let (tokens, unclosed) = tokens(input);
    if unclosed {
        parsed.note("A quote was not closed, so those words were searched one by one.".to_owned());
    }
    let still_typing = !input.ends_with(gap);
    let last = tokens.len().checked_sub(1);
    for (i, token) in tokens.into_iter().enumerate() {
        let prefix = still_typing && Some(i) == last && !token.quoted;
        if !token.quoted {
            if let Some((key, value)) = token.text.split_once(':') {
                if read_form(&mut parsed, &key.to_lowercase(), value) {
                    continue;
                }
            }
        }
        add_words(&mut parsed, &token, prefix);
    }
    parsed
}

/// Applies `key:value`; false when it is no form, so it is searched as words.
fn read_form(parsed: &mut ParsedQuery, key: &str, value: &str) -> bool {
    let value = value.trim_matches('"');
    if value.is_empty() {
        return false;
    }
    match key {
        "tag" => parsed.tag = Some(value.trim_start_matches('#').to_owned()),
        "journal" => parsed.journal = Some(value.to_owned()),
        "before" | "after" => {
            if !is_date(value) {
                parsed.note(format!(
                    "\u{201c}{key}:\u{201d} takes a date such as 2024-01-31, so \u{201c}{value}\u{201d} was searched as a word."
                ));
                return false;
            }
            let slot = if key == "before" {
                &mut parsed.before
            } else {
                &mut parsed.after
            };
            *slot = Some(value.to_owned());
        }
        "mood" => match Mood::from_key(&value.to_lowercase()) {
            Some(mood) => parsed.mood = Some(mood),
            None => {
                let moods: Vec<&str> = Mood::ALL.iter().map(|m| m.key()).collect();
                parsed.note(format!(
                    "There is no mood \u{201c}{value}\u{201d} (moods are {}), so it was searched as a word.",
                    moods.join(", ")
                ));
                return false;
            }
        },
        "is" if matches!(value.to_lowercase().as_str(), "starred" | "star") => {
            parsed.starred = true;
        }
        _ => return false,
    }
    true
}

fn add_words(parsed: &mut ParsedQuery, token: &Token, prefix: bool) {
    let words: Vec<&str> = token
        .text
        .split(|c: char| gap(c) || (!token.quoted && c == ':'))
        .filter(|word| word.chars().any(char::is_alphanumeric))
        .collect();
    // A quoted phrase is one term; a word that a stray `:` split is several.
    let terms = if token.quoted && !words.is_empty() {
        vec![words.join(" ")]
    } else {
        words.iter().map(|w| (*w).to_owned()).collect()
    };
    let last = terms.len().saturating_sub(1);
    for (i, term) in terms.into_iter().enumerate() {
        let quoted = format!("\"{}\"", term.replace('"', "\"\""));
        if token.negated {
            parsed.excluded.push(quoted);
            continue;
        }
        // A one-letter prefix matches most of the journal; it waits for a second letter.
        let prefix = prefix && i == last && !token.quoted && term.chars().count() > 1;
        parsed
            .required
            .push(if prefix { quoted + "*" } else { quoted });
        parsed.terms.push(HighlightTerm {
            text: term.to_lowercase(),
            prefix,
        });
    }
}

/// Splits the input into words and quoted phrases. The flag is set when a quote was left open; its
/// words are then read one by one.
fn tokens(input: &str) -> (Vec<Token>, bool) {
    let mut tokens = Vec::new();
    let mut chars = input.chars().peekable();
    let mut unclosed = false;
    while let Some(&c) = chars.peek() {
        if gap(c) {
            chars.next();
            continue;
        }
        let negated = c == '-'
            && chars
                .clone()
                .nth(1)
                .is_some_and(|n| n == '"' || n.is_alphanumeric());
        if negated {
            chars.next();
        }
        if chars.peek() == Some(&'"') {
            chars.next();
            let (phrase, closed) = until_quote(&mut chars);
            unclosed |= !closed;
            for part in if closed {
                vec![phrase]
            } else {
                words_of(&phrase)
            } {
                tokens.push(Token {
                    text: part,
                    quoted: closed,
                    negated,
                });
            }
            continue;
        }
        let mut word = String::new();
        while let Some(&c) = chars.peek() {
            if gap(c) {
                break;
            }
            chars.next();
            // A quoted value belongs to its form: `journal:"Work notes"`.
            if c == '"' && word.ends_with(':') {
                let (value, closed) = until_quote(&mut chars);
                unclosed |= !closed;
                word.push_str(&value);
                break;
            }
            word.push(c);
        }
        tokens.push(Token {
            text: word,
            quoted: false,
            negated,
        });
    }
    (tokens, unclosed)
}

/// The text up to the next `"` (which is consumed), and whether there was one.
fn until_quote(chars: &mut impl Iterator<Item = char>) -> (String, bool) {
    let mut text = String::new();
    for c in chars {
        if c == '"' {
            return (text, true);
        }
        text.push(c);
    }
    (text, false)
}

fn words_of(text: &str) -> Vec<String> {
    text.split(gap)
        .filter(|w| !w.is_empty())
        .map(str::to_owned)
        .collect()
}

/// A NUL separates words too: FTS5 reads a query only up to its first NUL.
fn gap(c: char) -> bool {
    c.is_whitespace() || c == '\0'
}

/// `YYYY-MM-DD`, a real day.
fn is_date(value: &str) -> bool {
    let parts: Vec<&str> = value.split('-').collect();
    let [year, month, day] = parts.as_slice() else {
        return false;
    };
    let number = |s: &str, len: usize| {
        (s.len() == len && s.bytes().all(|b| b.is_ascii_digit()))
            .then(|| s.parse::<u32>().ok())
            .flatten()
    };
    let (Some(year), Some(month), Some(day)) = (number(year, 4), number(month, 2), number(day, 2))
    else {
        return false;
    };
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    let days = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    (1900..2200).contains(&year) && (1..=days).contains(&day)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_become_quoted_terms_and_the_last_a_prefix() {
        let q = parse_query("quiet mor");
        assert_eq!(q.fts_match().as_deref(), Some("(\"quiet\" \"mor\"*)"));
        assert_eq!(
            q.terms,
            vec![
                HighlightTerm {
                    text: "quiet".into(),
                    prefix: false
                },
                HighlightTerm {
                    text: "mor".into(),
                    prefix: true
                },
            ]
        );
        assert_eq!(
            parse_query("quiet ").fts_match().as_deref(),
            Some("(\"quiet\")")
        );
        assert_eq!(parse_query("w").fts_match().as_deref(), Some("(\"w\")"));
        assert_eq!(
            parse_query("NEAR(a b)").fts_match().as_deref(),
            Some("(\"NEAR(a\" \"b)\"*)")
        );
        assert!(parse_query("  - * \"\"  ").is_empty());
        assert_eq!(
            parse_query("sea\0wall").fts_match().as_deref(),
            Some("(\"sea\" \"wall\"*)")
        );
        assert_eq!(parse_query("").hint, None);
    }

    #[test]
    fn reads_phrases_exclusions_and_forms() {
        let q = parse_query(
            "\"quiet morning\" -rain tag:#Work journal:\"Work notes\" before:2024-01-01 after:2023-06-30 mood:Calm is:starred sea ",
        );
        assert_eq!(q.required, vec!["\"quiet morning\"", "\"sea\""]);
        assert_eq!(q.excluded, vec!["\"rain\""]);
        assert_eq!(
            q.fts_match().as_deref(),
            Some("(\"quiet morning\" \"sea\") NOT \"rain\"")
        );
        assert_eq!(q.tag.as_deref(), Some("Work"));
        assert_eq!(q.journal.as_deref(), Some("Work notes"));
        assert_eq!(q.before.as_deref(), Some("2024-01-01"));
        assert_eq!(q.after.as_deref(), Some("2023-06-30"));
        assert_eq!(q.mood, Some(Mood::Calm));
        assert!(q.starred);
        assert_eq!(q.hint, None);
        assert_eq!(q.terms[0].text, "quiet morning");
    }

    #[test]
    fn bad_syntax_is_searched_as_words_with_a_hint() {
        let q = parse_query("before:someday walk");
        assert_eq!(q.before, None);
        assert_eq!(q.required, vec!["\"before\"", "\"someday\"", "\"walk\"*"]);
        assert!(q.hint.unwrap().contains("2024-01-31"));

        let q = parse_query("say \"hello there");
        assert_eq!(q.required, vec!["\"say\"", "\"hello\"", "\"there\"*"]);
        assert!(q.hint.unwrap().contains("quote"));

        let q = parse_query("mood:grumpy");
        assert_eq!(q.mood, None);
        assert!(q.hint.unwrap().contains("grumpy"));

        assert!(parse_query("before:2023-02-29").hint.is_some());
        assert!(parse_query("after:2024-02-29").hint.is_none());
        // Not a form at all: searched as words, without a hint.
        let q = parse_query("re:lunch ");
        assert_eq!(q.required, vec!["\"re\"", "\"lunch\""]);
        assert_eq!(q.hint, None);
    }

    #[test]
    fn only_exclusions_leave_nothing_required() {
        let q = parse_query("-rain -\"grey sky\"");
        assert_eq!(q.fts_match(), None);
        assert_eq!(
            q.fts_excluded().as_deref(),
            Some("\"rain\" OR \"grey sky\"")
        );
        assert!(!q.is_empty());
    }
}
