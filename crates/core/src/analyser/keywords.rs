//! Key terms: what an entry is about, and which words of a question are worth searching for.

use std::collections::HashMap;

use super::text::words;

/// Words that carry no subject: function words, and the filler of diary writing ("today", "felt").
const STOPWORDS: &[&str] = &[
    "a",
    "about",
    "above",
    "after",
    "again",
    "against",
    "all",
    "almost",
    "also",
    "am",
    "an",
    "and",
    "another",
    "any",
    "anything",
    "are",
    "around",
    "as",
    "at",
    "away",
    "back",
    "be",
    "because",
    "been",
    "before",
    "being",
    "below",
    "between",
    "bit",
    "both",
    "but",
    "by",
    "came",
    "can",
    "could",
    "day",
    "days",
    "did",
    "do",
    "does",
    "doing",
    "done",
    "down",
    "during",
    "each",
    "else",
    "even",
    "ever",
    "every",
    "everything",
    "feel",
    "feeling",
    "feels",
    "felt",
    "few",
    "finally",
    "first",
    "for",
    "from",
    "further",
    "get",
    "gets",
    "getting",
    "go",
    "goes",
    "going",
    "gone",
    "got",
    "had",
    "has",
    "have",
    "having",
    "he",
    "her",
    "here",
    "hers",
    "herself",
    "him",
    "himself",
    "his",
    "how",
    "however",
    "i",
    "i'd",
    "i'll",
    "i'm",
    "i've",
    "if",
    "in",
    "into",
    "is",
    "it",
    "it's",
    "its",
    "itself",
    "just",
    "kind",
    "last",
    "later",
    "least",
    "less",
    "let",
    "like",
    "little",
    "lot",
    "lots",
    "made",
    "make",
    "makes",
    "many",
    "may",
    "maybe",
    "me",
    "might",
    "more",
    "morning",
    "most",
    "much",
    "must",
    "my",
    "myself",
    "need",
    "never",
    "new",
    "next",
    "night",
    "no",
    "nor",
    "not",
    "now",
    "of",
    "off",
    "often",
    "on",
    "once",
    "one",
    "only",
    "or",
    "other",
    "our",
    "ours",
    "ourselves",
    "out",
    "over",
    "own",
    "pretty",
    "quite",
    "rather",
    "really",
    "said",
    "same",
    "say",
    "see",
    "seem",
    "seemed",
    "she",
    "should",
    "since",
    "so",
    "some",
    "something",
    "sometimes",
    "somehow",
    "still",
    "such",
    "sure",
    "take",
    "than",
    "that",
    "that's",
    "the",
    "their",
    "theirs",
    "them",
    "themselves",
    "then",
    "there",
    "these",
    "they",
    "thing",
    "things",
    "think",
    "this",
    "those",
    "though",
    "thought",
    "through",
    "time",
    "to",
    "today",
    "together",
    "tomorrow",
    "tonight",
    "too",
    "took",
    "toward",
    "two",
    "under",
    "until",
    "up",
    "upon",
    "us",
    "very",
    "was",
    "way",
    "we",
    "week",
    "well",
    "went",
    "were",
    "what",
    "when",
    "where",
    "whether",
    "which",
    "while",
    "who",
    "whom",
    "why",
    "will",
    "with",
    "within",
    "without",
    "would",
    "yesterday",
    "yet",
    "you",
    "your",
    "yours",
    "yourself",
];

/// Whether `word` (lowercased) is a content word: long enough, not a stopword, not a number, not
/// a contraction.
pub fn is_content_word(word: &str) -> bool {
    word.chars().count() >= 3
        && !word.contains('\'')
        && word.chars().any(char::is_alphabetic)
        && !STOPWORDS.contains(&word)
}

/// The `limit` words that best say what `text` is about: content words by how often they appear,
/// ties to the one written first, leaving out words in `skip` (the feeling words, which the mood
/// already names). A word always written with a capital (a name) keeps it.
pub fn key_terms(text: &str, limit: usize, skip: impl Fn(&str) -> bool) -> Vec<String> {
    struct Seen {
        count: u32,
        first: usize,
        always_capital: bool,
        original: String,
    }
    let mut seen: HashMap<String, Seen> = HashMap::new();
    let originals = text
        .split(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '’'))
        .map(|w| w.trim_matches(|c| c == '\'' || c == '’'))
        .filter(|w| !w.is_empty());
    for (position, (word, original)) in words(text).zip(originals).enumerate() {
        if !is_content_word(&word) || skip(&word) {
            continue;
        }
        let capital = original.chars().next().is_some_and(char::is_uppercase);
        seen.entry(word)
            .and_modify(|s| {
                s.count += 1;
                s.always_capital &= capital;
            })
            .or_insert(Seen {
                count: 1,
                first: position,
                always_capital: capital,
                original: original.to_owned(),
            });
    }
    let mut ranked: Vec<(String, Seen)> = seen.into_iter().collect();
    ranked.sort_by(|(_, a), (_, b)| b.count.cmp(&a.count).then(a.first.cmp(&b.first)));
    ranked
        .into_iter()
        .take(limit)
        .map(|(word, s)| {
            // A capital only at a sentence start is not a name; one seen twice or more mid-text is.
            if s.always_capital && s.count > 1 {
                s.original
            } else {
                word
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn frequent_content_words_lead() {
        let text = "Work again. The deadline at work moved, and Sam said the deadline was fine. \
                    Sam and I got coffee.";
        assert_eq!(
            key_terms(text, 3, |_| false),
            vec!["work", "deadline", "Sam"]
        );
    }

    #[test]
    fn skipped_and_stop_words_are_left_out() {
        let text = "Felt so happy today, happy and calm by the sea.";
        assert_eq!(
            key_terms(text, 3, |w| w == "happy" || w == "calm"),
            vec!["sea"]
        );
        assert!(key_terms("", 3, |_| false).is_empty());
        assert!(!is_content_word("it's"));
        assert!(!is_content_word("2024"));
        assert!(is_content_word("garden"));
    }
}
