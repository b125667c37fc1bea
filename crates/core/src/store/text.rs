//! What the list shows of an entry, derived from its text when it is saved.

/// Longest title kept, in characters; the list shows one line anyway.
const TITLE_CHARS: usize = 120;

/// The first line that has something on it, trimmed and cut to a list-sized length.
pub fn title(content: &str) -> String {
    let line = content.lines().map(str::trim).find(|line| !line.is_empty());
    line.map(|line| line.chars().take(TITLE_CHARS).collect())
        .unwrap_or_default()
}

/// Words as a person counts them: runs of characters between whitespace.
pub fn word_count(content: &str) -> u32 {
    u32::try_from(content.split_whitespace().count()).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn title_is_the_first_line_with_text() {
        assert_eq!(title("\n  \n  Morning pages  \nmore"), "Morning pages");
        assert_eq!(title("   "), "");
        assert_eq!(title(&"é".repeat(500)).chars().count(), TITLE_CHARS);
    }

    #[test]
    fn word_count_splits_on_any_whitespace() {
        assert_eq!(word_count("one two\tthree\nfour  "), 4);
        assert_eq!(word_count(""), 0);
    }
}
