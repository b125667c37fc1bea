//! What the list shows of an entry, derived from its text when it is saved.

/// Longest title kept, in characters; the list shows one line anyway.
const TITLE_CHARS: usize = 120;

/// The first line that has something on it, as plain text (without its Markdown), trimmed and cut
/// to a list-sized length.
pub fn title(content: &str) -> String {
    content
        .lines()
        .map(plain_line)
        .find(|line| !line.is_empty())
        .map(|line| line.chars().take(TITLE_CHARS).collect())
        .unwrap_or_default()
}

/// The text as it reads, line by line: Markdown's marks taken away (see [`plain_line`]), so that
/// the analysis reads sentences, not syntax.
pub fn plain_text(content: &str) -> String {
    content
        .lines()
        .map(plain_line)
        .collect::<Vec<_>>()
        .join("\n")
}

/// A line of Markdown as it reads: no heading, quote or list marks before it, no emphasis or code
/// marks in it, and links and pictures as their text.
fn plain_line(line: &str) -> String {
    let mut rest = line.trim();
    loop {
        let before = rest;
        let hashes = rest.chars().take_while(|c| *c == '#').count();
        if (1..=6).contains(&hashes) && rest[hashes..].starts_with(char::is_whitespace) {
            rest = rest[hashes..].trim_start();
        }
        rest = rest
            .strip_prefix("> ")
            .unwrap_or(rest)
            .trim_start_matches('>');
        for mark in ["- [ ] ", "- [x] ", "- [X] ", "- ", "* ", "+ "] {
            rest = rest.strip_prefix(mark).unwrap_or(rest);
        }
        let digits = rest.chars().take_while(char::is_ascii_digit).count();
        if digits > 0 {
            let after = &rest[digits..];
            if let Some(item) = after
                .strip_prefix(". ")
                .or_else(|| after.strip_prefix(") "))
            {
                rest = item;
            }
        }
        rest = rest.trim_start();
        if rest == before {
            break;
        }
    }
    without_addresses(rest)
        .replace("![", "")
        .chars()
        .filter(|c| !matches!(c, '*' | '_' | '`' | '[' | ']'))
        .collect::<String>()
        .trim()
        .to_owned()
}

/// The text with each link's and picture's address (`](…)`) cut to its closing bracket.
fn without_addresses(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.contains("](") {
        return text.into();
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find("](") {
        out.push_str(&rest[..=at]);
        let address = &rest[at + 2..];
        match address.find(|c: char| c == ')' || c.is_whitespace()) {
            Some(end) if address[end..].starts_with(')') => rest = &address[end + 1..],
            _ => rest = &rest[at + 1..],
        }
    }
    out.push_str(rest);
    out.into()
}

/// Words as a person counts them: runs of letters and digits, with apostrophes and hyphens inside
/// ("don't", "well-known"). Markdown's marks and the addresses of links and pictures are not words.
/// The editor counts the same way (`ui/src/editor/wordCount.ts`).
pub fn word_count(content: &str) -> u32 {
    let text = without_addresses(content);
    let mut count = 0u32;
    let mut chars = text.chars().peekable();
    let mut in_word = false;
    while let Some(c) = chars.next() {
        if c.is_alphanumeric() {
            if !in_word {
                count = count.saturating_add(1);
                in_word = true;
            }
        } else if in_word
            && matches!(c, '\'' | '’' | '-')
            && chars.peek().is_some_and(|next| next.is_alphanumeric())
        {
            // Inside a word.
        } else {
            in_word = false;
        }
    }
    count
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_text_keeps_the_words_and_drops_the_marks() {
        assert_eq!(
            plain_text("# A morning\n\nThe ferry at **seven**, past the *old pier*.\n- [x] postcards\n> The sea\n![Harbour](picture:0193)"),
            "A morning\n\nThe ferry at seven, past the old pier.\npostcards\nThe sea\nHarbour"
        );
    }

    #[test]
    fn title_is_the_first_line_with_text() {
        assert_eq!(title("\n  \n  Morning pages  \nmore"), "Morning pages");
        assert_eq!(title("   "), "");
        assert_eq!(title(&"é".repeat(500)).chars().count(), TITLE_CHARS);
    }

    #[test]
    fn title_reads_the_markdown_as_text() {
        assert_eq!(title("# Harbour *day*\nmore"), "Harbour day");
        assert_eq!(title("- [ ] buy **bread**"), "buy bread");
        assert_eq!(
            title("> 1. a [quoted link](https://example.org/x)"),
            "a quoted link"
        );
        assert_eq!(
            title("![Dusk](picture:0193f0a4-5b6c-7d8e-9f00-112233445566) at sea"),
            "Dusk at sea"
        );
        assert_eq!(title("#hashtag first"), "#hashtag first");
    }

    #[test]
    fn word_count_counts_words_not_marks_or_addresses() {
        assert_eq!(word_count("one two\tthree\nfour  "), 4);
        assert_eq!(word_count(""), 0);
        assert_eq!(
            word_count("# A heading\n\n- **bold** and *soft*, don't stop: well-known 2024!"),
            9
        );
        assert_eq!(word_count("--- — …"), 0);
        assert_eq!(
            word_count("See [the pier](https://example.org/pier-2) ![dusk](picture:0193f0a4-5b6c-7d8e-9f00-112233445566)"),
            4
        );
        assert_eq!(word_count("Café naïve 東京"), 3);
    }
}
