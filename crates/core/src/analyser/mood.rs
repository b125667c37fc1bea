//! Moods: the words a person would use for how an entry feels, and the colour each is shown in.
//!
//! A mood comes from the emotion lexicon in `emotions.txt` (written for Quire) when the entry uses
//! its words, and from the sentiment score alone when it does not.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use super::text::words;

/// How an entry feels. Stored by its snake_case name, which is also what the window receives.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, specta::Type,
)]
#[serde(rename_all = "snake_case")]
pub enum Mood {
    Joyful,
    Grateful,
    Calm,
    Hopeful,
    Proud,
    Loving,
    Excited,
    Content,
    Reflective,
    Down,
    Sad,
    Anxious,
    Angry,
    Lonely,
    Tired,
}

impl Mood {
    pub const ALL: [Mood; 15] = [
        Mood::Joyful,
        Mood::Grateful,
        Mood::Calm,
        Mood::Hopeful,
        Mood::Proud,
        Mood::Loving,
        Mood::Excited,
        Mood::Content,
        Mood::Reflective,
        Mood::Down,
        Mood::Sad,
        Mood::Anxious,
        Mood::Angry,
        Mood::Lonely,
        Mood::Tired,
    ];

    /// The name stored in the database.
    pub fn key(self) -> &'static str {
        match self {
            Mood::Joyful => "joyful",
            Mood::Grateful => "grateful",
            Mood::Calm => "calm",
            Mood::Hopeful => "hopeful",
            Mood::Proud => "proud",
            Mood::Loving => "loving",
            Mood::Excited => "excited",
            Mood::Content => "content",
            Mood::Reflective => "reflective",
            Mood::Down => "down",
            Mood::Sad => "sad",
            Mood::Anxious => "anxious",
            Mood::Angry => "angry",
            Mood::Lonely => "lonely",
            Mood::Tired => "tired",
        }
    }

    pub fn from_key(key: &str) -> Option<Mood> {
        Mood::ALL.into_iter().find(|mood| mood.key() == key)
    }

    /// Whether the mood is a good (1), neutral (0) or bad (-1) feeling.
    pub fn valence(self) -> i8 {
        match self {
            Mood::Joyful
            | Mood::Grateful
            | Mood::Calm
            | Mood::Hopeful
            | Mood::Proud
            | Mood::Loving
            | Mood::Excited
            | Mood::Content => 1,
            Mood::Reflective => 0,
            Mood::Down | Mood::Sad | Mood::Anxious | Mood::Angry | Mood::Lonely | Mood::Tired => -1,
        }
    }

    /// The mood's colour: mid-tone hues of about the same lightness, each with at least 3:1 contrast
    /// against both themes' backgrounds (a test checks it), so a dot or stripe in it reads in both.
    pub fn colour(self) -> &'static str {
        match self {
            Mood::Joyful => "#9f7018",
            Mood::Grateful => "#b05a3c",
            Mood::Calm => "#28867d",
            Mood::Hopeful => "#4f863a",
            Mood::Proud => "#8366d3",
            Mood::Loving => "#ce467c",
            Mood::Excited => "#ce5120",
            Mood::Content => "#59834b",
            Mood::Reflective => "#697a93",
            Mood::Down => "#6677ae",
            Mood::Sad => "#3e7ac0",
            Mood::Anxious => "#9a6b8a",
            Mood::Angry => "#d4493e",
            Mood::Lonely => "#a565a8",
            Mood::Tired => "#84766b",
        }
    }

    /// The mood of an entry with no emotion words, from its sentiment score alone.
    fn from_score(score: i8) -> Mood {
        match score {
            5.. => Mood::Joyful,
            1..=4 => Mood::Content,
            0 => Mood::Reflective,
            -4..=-1 => Mood::Down,
            _ => Mood::Sad,
        }
    }
}

/// Words that turn the feeling word after them around ("not happy", "never lonely").
const NEGATORS: &[&str] = &[
    "not", "no", "never", "nor", "without", "hardly", "barely", "isnt", "wasnt", "dont", "didnt",
    "cant", "cannot", "wont", "aint", "neither", "nothing",
];
/// How many words back a negator still counts.
const NEGATION_REACH: usize = 3;

/// The emotion lexicon (a word → the mood it signals) and the event words (a word → whether it
/// is good or bad news: "promoted", "cancelled", "funeral").
pub struct Lexicon {
    words: HashMap<String, Mood>,
    events: HashMap<String, i8>,
}

impl Lexicon {
    /// Parses the bundled `emotions.txt` and `valence.txt`.
    pub fn bundled() -> Self {
        Self::parse(include_str!("emotions.txt")).with_events(include_str!("valence.txt"))
    }

    /// Adds event words: `<+n|-n><TAB><word>` per line; `#` starts a comment.
    pub fn with_events(mut self, source: &str) -> Self {
        self.events = source
            .lines()
            .map(str::trim)
            .filter(|line| !line.is_empty() && !line.starts_with('#'))
            .filter_map(|line| {
                let (weight, word) = line.split_once('\t')?;
                let weight: i8 = weight.trim().trim_start_matches('+').parse().ok()?;
                Some((word.trim().to_lowercase(), weight))
            })
            .collect();
        self
    }

    /// `<mood><TAB><word>` per line; `#` starts a comment. Lines naming an unknown mood are skipped
    /// (the file and [`Mood`] are checked against each other by a test).
    pub fn parse(source: &str) -> Self {
        let words = source
            .lines()
            .map(str::trim)
            .filter(|line| !line.is_empty() && !line.starts_with('#'))
            .filter_map(|line| {
                let (mood, word) = line.split_once('\t')?;
                Some((word.trim().to_lowercase(), Mood::from_key(mood.trim())?))
            })
            .collect();
        Self {
            words,
            events: HashMap::new(),
        }
    }

    pub fn len(&self) -> usize {
        self.words.len()
    }

    pub fn is_empty(&self) -> bool {
        self.words.is_empty()
    }

    pub fn contains(&self, word: &str) -> bool {
        self.words.contains_key(word)
    }

    /// The feeling and event words of `text`, summed by valence: +1 for each good feeling, -1 for
    /// each bad one, an event word its own weight; turned around when negated ("not happy" is -1).
    pub fn valence(&self, text: &str) -> i32 {
        let mut sum = 0;
        let mut recent: Vec<String> = Vec::with_capacity(NEGATION_REACH);
        for word in words(text) {
            let valence = match (self.words.get(&word), self.events.get(&word)) {
                (Some(mood), _) => Some(i32::from(mood.valence())),
                (None, Some(&weight)) => Some(i32::from(weight)),
                (None, None) => None,
            };
            if let Some(valence) = valence {
                let negated = recent.iter().any(|w| is_negator(w));
                sum += if negated { -valence } else { valence };
                // A negator turns around the first feeling after it, not the rest of the sentence.
                recent.clear();
            }
            if recent.len() == NEGATION_REACH {
                recent.remove(0);
            }
            recent.push(word);
        }
        sum
    }

    /// How often each mood's words appear in `text`, not counting negated ones, with the position
    /// of each mood's first appearance (to break ties toward what was said first).
    fn tally(&self, text: &str) -> HashMap<Mood, (u32, usize)> {
        let mut tally: HashMap<Mood, (u32, usize)> = HashMap::new();
        let mut recent: Vec<String> = Vec::with_capacity(NEGATION_REACH);
        for (position, word) in words(text).enumerate() {
            if let Some(&mood) = self.words.get(&word) {
                let negated = recent.iter().any(|w| is_negator(w));
                if !negated {
                    let entry = tally.entry(mood).or_insert((0, position));
                    entry.0 += 1;
                }
                recent.clear();
            }
            if recent.len() == NEGATION_REACH {
                recent.remove(0);
            }
            recent.push(word);
        }
        tally
    }

    /// The entry's mood: the emotion named most often among those that agree with the sentiment
    /// score's sign (any of them when the score is 0), else the score's own mood.
    pub fn mood(&self, text: &str, score: i8) -> Mood {
        let sign = score.signum();
        self.tally(text)
            .into_iter()
            .filter(|(mood, _)| sign == 0 || mood.valence() == sign)
            .max_by(|(_, (a, first_a)), (_, (b, first_b))| a.cmp(b).then(first_b.cmp(first_a)))
            .map(|(mood, _)| mood)
            .unwrap_or_else(|| Mood::from_score(score))
    }
}

fn is_negator(word: &str) -> bool {
    let bare: String = word.chars().filter(|c| *c != '\'').collect();
    NEGATORS.contains(&bare.as_str()) || word.ends_with("n't")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lexicon() -> Lexicon {
        Lexicon::parse("# test\njoyful\thappy\nanxious\tworried\ntired\texhausted\nnope\tword\n")
    }

    #[test]
    fn keys_round_trip_and_colours_are_distinct() {
        let mut colours = std::collections::HashSet::new();
        for mood in Mood::ALL {
            assert_eq!(Mood::from_key(mood.key()), Some(mood));
            assert!(colours.insert(mood.colour()), "{mood:?} shares a colour");
        }
        assert_eq!(Mood::from_key("elated"), None);
    }

    /// WCAG relative luminance of a `#rrggbb` colour.
    fn luminance(hex: &str) -> f64 {
        let channel = |i: usize| {
            let c = f64::from(u8::from_str_radix(&hex[i..i + 2], 16).unwrap()) / 255.0;
            if c <= 0.039_28 {
                c / 12.92
            } else {
                ((c + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5)
    }

    #[test]
    fn every_colour_reads_on_both_themes() {
        // The lightest and darkest backgrounds a mood colour sits on (ui/src/app/theme.css).
        let light = ["#f8f4ec", "#f0eadf"];
        let dark = ["#15191f", "#1a1f27"];
        for mood in Mood::ALL {
            let l = luminance(mood.colour());
            for bg in light {
                let ratio = (luminance(bg) + 0.05) / (l + 0.05);
                assert!(ratio >= 3.0, "{mood:?} on {bg}: {ratio:.2}");
            }
            for bg in dark {
                let ratio = (l + 0.05) / (luminance(bg) + 0.05);
                assert!(ratio >= 3.0, "{mood:?} on {bg}: {ratio:.2}");
            }
        }
    }

    #[test]
    fn unknown_moods_in_the_lexicon_are_skipped() {
        assert_eq!(lexicon().len(), 3);
    }

    #[test]
    fn the_most_named_agreeing_emotion_wins() {
        let lex = lexicon();
        assert_eq!(lex.mood("Worried, worried, exhausted.", -5), Mood::Anxious);
        assert_eq!(lex.mood("Exhausted but happy", 4), Mood::Joyful);
        // A feeling that disagrees with the score does not set the mood.
        assert_eq!(lex.mood("I was worried, it went great", 3), Mood::Content);
    }

    #[test]
    fn negated_emotions_do_not_count() {
        let lex = lexicon();
        assert_eq!(lex.mood("I am not happy today", -2), Mood::Down);
        assert_eq!(lex.mood("I wasn't worried at all", 2), Mood::Content);
        assert_eq!(lex.mood("never really happy, never", 0), Mood::Reflective);
    }

    #[test]
    fn valence_sums_feeling_words_and_turns_negated_ones_around() {
        let lex = lexicon();
        assert_eq!(lex.valence("happy, happy, worried"), 1);
        assert_eq!(lex.valence("not happy and exhausted"), -2);
        assert_eq!(lex.valence("never worried"), 1);
        assert_eq!(lex.valence("bread and milk"), 0);
    }

    #[test]
    fn event_words_count_with_their_weight() {
        let lex = lexicon().with_events("# events\n+1\tpromoted\n-2\tfuneral\nbad line\n");
        assert_eq!(lex.valence("promoted"), 1);
        assert_eq!(lex.valence("the funeral, and I was happy to see them"), -1);
        assert_eq!(lex.valence("not promoted"), -1);
        // Event words do not name a mood.
        assert_eq!(lex.mood("promoted!", 3), Mood::Content);
    }

    #[test]
    fn ties_go_to_the_first_named() {
        let lex = lexicon();
        assert_eq!(lex.mood("exhausted and worried", -3), Mood::Tired);
        assert_eq!(lex.mood("worried and exhausted", -3), Mood::Anxious);
    }

    #[test]
    fn no_emotion_words_fall_back_to_the_score() {
        let lex = lexicon();
        assert_eq!(lex.mood("The best day!", 7), Mood::Joyful);
        assert_eq!(lex.mood("Bought milk.", 0), Mood::Reflective);
        assert_eq!(lex.mood("A terrible, awful day.", -8), Mood::Sad);
    }
}
