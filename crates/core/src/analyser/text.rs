//! Splitting an entry into sentences and words, the units every analysis works on.

/// One sentence of an entry, with where it starts in the text (in bytes).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sentence<'a> {
    pub text: &'a str,
    pub start: usize,
}

/// The entry's sentences, trimmed, in order. A sentence ends at `.`, `!`, `?` or `…` followed by
/// white space (closing quotes and brackets stay with it), and at every line break: diaries are
/// often written as lists and fragments, one thought to a line.
pub fn sentences(text: &str) -> Vec<Sentence<'_>> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut chars = text.char_indices().peekable();
    while let Some((i, ch)) = chars.next() {
        let end = match ch {
            '\n' | '\r' => Some(i),
            '.' | '!' | '?' | '…' => {
                let mut end = i + ch.len_utf8();
                while let Some(&(j, next)) = chars.peek() {
                    if matches!(
                        next,
                        '.' | '!' | '?' | '…' | '"' | '\'' | ')' | ']' | '”' | '’'
                    ) {
                        end = j + next.len_utf8();
                        chars.next();
                    } else {
                        break;
                    }
                }
                match chars.peek() {
                    None => Some(end),
                    Some(&(_, next)) if next.is_whitespace() => Some(end),
                    _ => None,
                }
            }
            _ => None,
        };
        if let Some(end) = end {
            push(&mut out, text, start, end);
            start = end;
        }
    }
    push(&mut out, text, start, text.len());
    out
}

fn push<'a>(out: &mut Vec<Sentence<'a>>, text: &'a str, start: usize, end: usize) {
    let raw = &text[start..end];
    let trimmed = raw.trim_start();
    let offset = start + (raw.len() - trimmed.len());
    let trimmed = trimmed.trim_end();
    if trimmed.chars().any(char::is_alphanumeric) {
        out.push(Sentence {
            text: trimmed,
            start: offset,
        });
    }
}

/// The words of `text`, lowercased: runs of letters, digits and inner apostrophes (so "didn't"
/// stays one word). Curly apostrophes count as straight ones.
pub fn words(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '’'))
        .map(|w| w.trim_matches(|c| c == '\'' || c == '’'))
        .filter(|w| !w.is_empty())
        .map(|w| w.to_lowercase().replace('’', "'"))
}

/// Cuts `text` to at most `max` characters at a word boundary, adding "…" when it cut.
pub fn clip(text: &str, max: usize) -> String {
    let collapsed = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if collapsed.chars().count() <= max {
        return collapsed;
    }
    let keep = max.saturating_sub(1);
    let cut: String = collapsed.chars().take(keep).collect();
    let ends_a_word = collapsed.chars().nth(keep).is_some_and(char::is_whitespace);
    let at_word = match cut.rfind(' ') {
        Some(space) if !ends_a_word && space > cut.len() / 2 => &cut[..space],
        _ => cut.as_str(),
    };
    format!(
        "{}…",
        at_word.trim_end_matches(|c: char| c.is_whitespace() || ",;:-".contains(c))
    )
}

/// The first `max_chars` characters of `text`, cut on a character boundary.
pub fn prefix(text: &str, max_chars: usize) -> &str {
    match text.char_indices().nth(max_chars) {
        Some((end, _)) => &text[..end],
        None => text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(text: &str) -> Vec<&str> {
        sentences(text).into_iter().map(|s| s.text).collect()
    }

    #[test]
    fn sentences_end_at_punctuation_and_line_breaks() {
        assert_eq!(
            texts("Slept badly. Work was fine!! Then \"what now?\" she said\nbread, milk"),
            vec![
                "Slept badly.",
                "Work was fine!!",
                "Then \"what now?\"",
                "she said",
                "bread, milk"
            ]
        );
        assert_eq!(
            texts("3.5 km run... felt good"),
            vec!["3.5 km run...", "felt good"]
        );
        assert_eq!(texts("  \n - \n"), Vec::<&str>::new());
    }

    #[test]
    fn sentence_offsets_point_into_the_text() {
        let text = "One.  Two?\n\nThree";
        for s in sentences(text) {
            assert_eq!(&text[s.start..s.start + s.text.len()], s.text);
        }
    }

    #[test]
    fn words_are_lowercased_and_keep_inner_apostrophes() {
        let w: Vec<String> = words("I didn’t SLEEP, 'really' — 2 hours").collect();
        assert_eq!(w, vec!["i", "didn't", "sleep", "really", "2", "hours"]);
    }

    #[test]
    fn clip_cuts_at_a_word() {
        assert_eq!(clip("a  short\nline", 40), "a short line");
        assert_eq!(clip("the quick brown fox jumps", 16), "the quick brown…");
        assert_eq!(prefix("héllo", 2), "hé");
    }
}
