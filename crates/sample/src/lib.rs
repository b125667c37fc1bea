//! Made-up journals for benchmarks, tests and demos: entries of varied length and mood, spread
//! over the years, the same every time for the same seed.
//!
//! The text is built from a small bank of everyday diary phrases, so searches, the analysis and the
//! list see realistic word frequencies (common words everywhere, rare ones seldom) without any real
//! person's writing.

/// A small, fast, deterministic random source (SplitMix64).
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Self(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (`n` > 0).
    pub fn below(&mut self, n: usize) -> usize {
        // n is small; the modulo bias is irrelevant for made-up text.
        (self.next_u64() % n as u64) as usize
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

const OPENINGS: &[&str] = &[
    "Woke up early",
    "Slept badly again",
    "A slow morning",
    "Rain all day",
    "Bright and cold outside",
    "Back from the office",
    "Quiet Sunday",
    "Long day at work",
    "First warm day of the year",
    "Could not sleep",
];
const PEOPLE: &[&str] = &[
    "Maya",
    "Tom",
    "my sister",
    "Dad",
    "Mum",
    "the neighbours",
    "Priya",
    "Jonas",
    "my manager",
    "an old friend",
];
const PLACES: &[&str] = &[
    "the park",
    "the river",
    "the market",
    "the library",
    "the station",
    "the beach",
    "the garden",
    "the cafe on the corner",
    "the hospital",
    "the gym",
];
const THINGS: &[&str] = &[
    "the project",
    "the garden",
    "the move",
    "the budget",
    "the exam",
    "the trip",
    "the kitchen",
    "the novel",
    "the deadline",
    "the bike",
];
const GOOD: &[&str] = &[
    "I feel grateful for {p} and for small things.",
    "Lunch with {p} at {l} was wonderful.",
    "We laughed for an hour; I had not felt this happy in weeks.",
    "Finished {t} at last and I am proud of it.",
    "A calm evening, tea and a book, peaceful.",
    "I am excited about {t}, it finally feels possible.",
    "Walked to {l} with {p}; lovely light on the water.",
    "Things are looking up and I feel hopeful.",
];
const BAD: &[&str] = &[
    "I am worried about {t} and cannot stop thinking about it.",
    "Argued with {p} and I am still angry.",
    "Felt lonely tonight, nobody called.",
    "Exhausted after {t}, everything takes twice as long.",
    "A sad day; I miss {p} more than I say.",
    "Stressed and tense about {t}, my chest is tight.",
    "The meeting went badly and I feel awful about it.",
];
const PLAIN: &[&str] = &[
    "Went to {l} after lunch.",
    "Paid the bills and cleaned {t}.",
    "Called {p} about the weekend.",
    "Bus was late, took the long way round past {l}.",
    "Made soup, did the washing, read a few pages.",
    "Notes on {t}: three things left to do.",
    "Tomorrow: dentist at nine, then {l}.",
    "Looked at old photos of {p}.",
];
/// Rare words, so that a search for one of them finds a handful of entries in 100,000.
const RARE: &[&str] = &[
    "quokka",
    "zeppelin",
    "marzipan",
    "obsidian",
    "kumquat",
    "xylophone",
    "fjord",
    "gazpacho",
];

/// One made-up entry of roughly `words` words, with a leading mood of good, bad or neither.
pub fn entry(rng: &mut Rng, words: usize) -> String {
    let mood = rng.below(3);
    let mut text = format!("{}.", rng.pick(OPENINGS));
    let mut count = text.split_whitespace().count();
    while count < words {
        let bank = match (mood, rng.below(3)) {
            (0, 0 | 1) => GOOD,
            (1, 0 | 1) => BAD,
            _ => PLAIN,
        };
        let (person, place, thing) = (*rng.pick(PEOPLE), *rng.pick(PLACES), *rng.pick(THINGS));
        let mut sentence = rng
            .pick(bank)
            .replace("{p}", person)
            .replace("{l}", place)
            .replace("{t}", thing);
        if rng.below(400) == 0 {
            sentence = format!("{sentence} Saw a {}.", rng.pick(RARE));
        }
        count += sentence.split_whitespace().count();
        text.push(if rng.below(5) == 0 { '\n' } else { ' ' });
        text.push_str(&sentence);
    }
    text
}

/// `n` entries spread evenly over the `years` before `end_ms`, oldest first, of 20 to 600 words
/// (most near 150, as diaries go).
pub fn journal(seed: u64, n: usize, years: u32, end_ms: i64) -> Vec<(i64, String)> {
    let mut rng = Rng::new(seed);
    let span = i64::from(years) * 365 * 86_400_000;
    let step = span / n.max(1) as i64;
    (0..n)
        .map(|i| {
            let jitter = (rng.next_u64() % (step.max(1) as u64)) as i64;
            let created = end_ms - span + i as i64 * step + jitter;
            // Sum of three draws: a hump around 150 words with a long tail.
            let words = 20 + rng.below(200) + rng.below(200) + rng.below(200);
            (created, entry(&mut rng, words.min(600)))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_seed_gives_the_same_journal() {
        let a = journal(7, 50, 3, 1_000_000_000_000);
        assert_eq!(a, journal(7, 50, 3, 1_000_000_000_000));
        assert_ne!(a, journal(8, 50, 3, 1_000_000_000_000));
        assert!(a.windows(2).all(|w| w[0].0 <= w[1].0), "oldest first");
        for (_, text) in &a {
            let words = text.split_whitespace().count();
            assert!((20..700).contains(&words), "{words} words");
        }
    }
}
