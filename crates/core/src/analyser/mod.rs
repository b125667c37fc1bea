//! Reading an entry for how it feels and what it is about, entirely on this machine.
//!
//! The analysis an entry gets, and how:
//! - **Sentiment**, -10 to 10: VADER (the `vader-parity` crate, a rule and lexicon model by Hutto and
//!   Gilbert, MIT) scores each sentence, and each feeling word of the emotion lexicon moves that
//!   score a little (turned around when negated); the entry's score is the mean score of its
//!   sentences that carry any feeling, times ten, rounded. VADER is built for sentences, so a long
//!   entry is scored sentence by sentence rather than as one run of text, whose compound score would
//!   saturate towards ±1.
//! - **Negative**: the score is below zero. Both come from the same number, so they always agree.
//! - **Mood**: the feeling named most often, from the emotion lexicon in `emotions.txt`, among those
//!   that agree with the score's sign; otherwise a mood from the score alone (see [`mood`]).
//! - **Subject**: the entry's three most frequent content words ([`keywords`]).
//! - **Summary**: its leading sentence, or two when the first is short, clipped to 200 characters.
//! - **Colour**: the mood's colour.
//!
//! Plain Rust with no I/O: the store keeps the results, the shell decides when to run it. An analysis
//! reads at most the first [`MAX_ANALYSED_CHARS`] characters, so a huge entry costs no more than a
//! long one. [`ANALYSER_VERSION`] is stored with every result; raising it makes the app re-analyse
//! older entries in the background.

pub mod keywords;
pub mod mood;
pub mod text;

use serde::Serialize;
use vader_parity::SentimentIntensityAnalyzer;

pub use mood::{Lexicon, Mood};

/// The version of the rules below. Raise it whenever a change would give an entry a different result.
pub const ANALYSER_VERSION: u32 = 1;

/// The most characters one analysis reads (about 30 pages of writing).
pub const MAX_ANALYSED_CHARS: usize = 100_000;

/// Longest summary, in characters.
const SUMMARY_CHARS: usize = 200;
/// A first sentence shorter than this gets the second one added to the summary.
const SHORT_SENTENCE_CHARS: usize = 60;
/// How many key terms make the subject.
const SUBJECT_TERMS: usize = 3;
/// How far one feeling word of the emotion lexicon moves a sentence's score.
const EMOTION_WEIGHT: f64 = 0.3;
/// VADER's own neutral band: a compound score inside it carries no feeling.
const NEUTRAL_COMPOUND: f64 = 0.05;

/// What the analyser found in one entry.
#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct Analysis {
    /// -10 (very negative) to 10 (very positive).
    pub sentiment: i8,
    pub negative: bool,
    pub mood: Mood,
    /// Key terms, separated by ", ".
    pub subject: String,
    pub summary: String,
    /// `#rrggbb`, the mood's colour.
    pub colour: String,
}

/// The analyser, with its lexicons loaded. Build one and reuse it: loading parses about 11,000
/// lexicon lines.
pub struct Analyser {
    vader: SentimentIntensityAnalyzer,
    emotions: Lexicon,
}

impl Default for Analyser {
    fn default() -> Self {
        Self::new()
    }
}

impl Analyser {
    pub fn new() -> Self {
        Self {
            vader: SentimentIntensityAnalyzer::new(),
            emotions: Lexicon::bundled(),
        }
    }

    /// Analyses `text` (Markdown, read as plain text); `None` when it has no words to analyse.
    pub fn analyse(&self, text: &str) -> Option<Analysis> {
        let text = text::prefix(text, MAX_ANALYSED_CHARS);
        let plain = crate::store::plain_text(text);
        let text = plain.as_str();
        let sentences = text::sentences(text);
        if sentences.is_empty() {
            return None;
        }
        let sentiment = self.sentiment(sentences.iter().map(|s| s.text));
        let mood = self.emotions.mood(text, sentiment);
        let subject =
            keywords::key_terms(text, SUBJECT_TERMS, |w| self.emotions.contains(w)).join(", ");
        Some(Analysis {
            sentiment,
            negative: sentiment < 0,
            mood,
            subject,
            summary: summary(&sentences),
            colour: mood.colour().to_owned(),
        })
    }

    /// The sentiment of a run of sentences, -10 to 10.
    pub fn sentiment<'a>(&self, sentences: impl IntoIterator<Item = &'a str>) -> i8 {
        let (sum, count) = sentences
            .into_iter()
            .map(|sentence| self.sentence_score(sentence))
            .filter(|compound| compound.abs() >= NEUTRAL_COMPOUND)
            .fold((0.0, 0u32), |(sum, count), c| (sum + c, count + 1));
        if count == 0 {
            return 0;
        }
        let mean = sum / f64::from(count);
        // `mean` is within [-1, 1], so the cast cannot truncate.
        #[allow(clippy::cast_possible_truncation)]
        let score = (mean * 10.0).round().clamp(-10.0, 10.0) as i8;
        score
    }

    /// One sentence's score in [-1, 1]: VADER's compound score, moved by [`EMOTION_WEIGHT`] for
    /// each feeling word of the emotion lexicon, which knows diary words VADER does not
    /// ("homesick", "drained", "knackered").
    fn sentence_score(&self, sentence: &str) -> f64 {
        let compound = self.vader.polarity_scores(sentence).compound;
        let feeling = f64::from(self.emotions.valence(sentence)) * EMOTION_WEIGHT;
        (compound + feeling).clamp(-1.0, 1.0)
    }

    /// The emotion lexicon, for callers that want to know what counts as a feeling word.
    pub fn emotions(&self) -> &Lexicon {
        &self.emotions
    }
}

fn summary(sentences: &[text::Sentence<'_>]) -> String {
    let mut summary = sentences[0].text.to_owned();
    if summary.chars().count() < SHORT_SENTENCE_CHARS {
        if let Some(next) = sentences.get(1) {
            if !summary.ends_with(['.', '!', '?', '…']) {
                summary.push('.');
            }
            summary.push(' ');
            summary.push_str(next.text);
        }
    }
    text::clip(&summary, SUMMARY_CHARS)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_happy_entry_reads_as_happy() {
        let a = Analyser::new()
            .analyse("Lunch with Maya in the park. I am so happy and grateful for her!")
            .unwrap();
        assert!(a.sentiment >= 5, "{a:?}");
        assert!(!a.negative);
        assert!(a.mood.valence() > 0, "{a:?}");
        assert_eq!(a.colour, a.mood.colour());
        assert_eq!(
            a.summary,
            "Lunch with Maya in the park. I am so happy and grateful for her!"
        );
    }

    #[test]
    fn a_sad_entry_reads_as_sad() {
        let a = Analyser::new()
            .analyse("I feel awful. The funeral was today and I cried for hours.")
            .unwrap();
        assert!(a.sentiment <= -3, "{a:?}");
        assert!(a.negative);
        assert!(a.mood.valence() < 0, "{a:?}");
    }

    #[test]
    fn neutral_sentences_do_not_dilute_the_feeling() {
        let analyser = Analyser::new();
        let short = analyser.sentiment(["What a wonderful evening!"]);
        let padded = analyser.sentiment(["Bought milk.", "What a wonderful evening!", "Bus at 6."]);
        assert_eq!(short, padded);
        assert_eq!(analyser.sentiment(["Bought milk.", "Bus at 6."]), 0);
    }

    #[test]
    fn nothing_to_analyse_gives_none() {
        let analyser = Analyser::new();
        assert_eq!(analyser.analyse(""), None);
        assert_eq!(analyser.analyse("# \n**  **\n![](picture:x)"), None);
        assert_eq!(analyser.analyse("  \n - \n ..."), None);
    }

    #[test]
    fn summaries_are_clipped_and_short_first_lines_get_company() {
        let analyser = Analyser::new();
        let long = "word ".repeat(100);
        let a = analyser.analyse(&long).unwrap();
        assert!(a.summary.chars().count() <= SUMMARY_CHARS);
        assert!(a.summary.ends_with('…'));
        let a = analyser
            .analyse("Tuesday\nThe garden is finally green again. More later.")
            .unwrap();
        assert_eq!(a.summary, "Tuesday. The garden is finally green again.");
    }

    #[test]
    fn a_huge_entry_is_read_only_up_to_the_cap() {
        let analyser = Analyser::new();
        let calm = "A calm and lovely day. ".repeat(200_000); // 4.6 MB
        let stormy = format!(
            "{calm}{}",
            "A terrible, awful, hateful day. ".repeat(200_000)
        );
        // What comes after the cap does not count.
        assert_eq!(analyser.analyse(&stormy), analyser.analyse(&calm));
    }

    #[test]
    fn the_bundled_lexicon_names_only_known_moods() {
        let source = include_str!("emotions.txt");
        let mut words = std::collections::HashSet::new();
        for line in source
            .lines()
            .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        {
            let (mood, word) = line.split_once('\t').expect("mood<TAB>word");
            let mood = Mood::from_key(mood).unwrap_or_else(|| panic!("unknown mood in {line:?}"));
            assert_ne!(mood.valence(), 0, "{line:?}");
            assert!(words.insert(word), "{word} is listed twice");
        }
        assert!(Analyser::new().emotions().len() > 200);
    }

    #[test]
    fn the_bundled_event_words_are_well_formed_and_not_feelings() {
        let feelings = Lexicon::bundled();
        let mut seen = std::collections::HashSet::new();
        let lines = include_str!("valence.txt")
            .lines()
            .filter(|l| !l.trim().is_empty() && !l.starts_with('#'));
        for line in lines {
            let (weight, word) = line.split_once('\t').expect("weight<TAB>word");
            assert!(["+1", "-1", "+2", "-2"].contains(&weight), "{line:?}");
            assert!(!feelings.contains(word), "{word} is also a feeling word");
            assert!(seen.insert(word), "{word} is listed twice");
        }
        assert!(seen.len() > 100);
    }
}
