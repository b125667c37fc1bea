//! The offline analyser against a labelled sample of journal entries (`tests/fixtures/`).
//!
//! The sample was written for Quire: 240 short entries, each labelled by a human reader with its
//! polarity and, where one clearly fits, its mood. The test prints the analyser's accuracy (the
//! figures recorded in docs/analysis.md) and fails if it falls below the floor set from them.

use std::collections::BTreeMap;

use quire_core::analyser::{Analyser, Mood};

/// Lowest accepted share of entries whose polarity (positive, negative, neutral) is right: a little
/// below the measured accuracy (`docs/analysis.md`), so that a change that makes it worse fails.
const POLARITY_FLOOR: f64 = 0.59;
/// Lowest accepted share of mood-labelled entries whose mood is on the right side (good or bad),
/// set the same way. Most misses are entries read as neutral ("reflective").
const MOOD_VALENCE_FLOOR: f64 = 0.50;

struct Row {
    polarity: &'static str,
    mood: Option<Mood>,
    text: &'static str,
}

fn sample() -> Vec<Row> {
    include_str!("../fixtures/sentiment_sample.tsv")
        .lines()
        .skip(1)
        .map(|line| {
            let mut cols = line.splitn(3, '\t');
            let (polarity, mood, text) = (
                cols.next().unwrap(),
                cols.next().unwrap(),
                cols.next().unwrap(),
            );
            assert!(
                matches!(polarity, "positive" | "negative" | "neutral"),
                "{line}"
            );
            let mood = (mood != "-")
                .then(|| Mood::from_key(mood).unwrap_or_else(|| panic!("unknown mood in {line}")));
            Row {
                polarity,
                mood,
                text,
            }
        })
        .collect()
}

fn polarity_of(score: i8) -> &'static str {
    match score.signum() {
        1 => "positive",
        -1 => "negative",
        _ => "neutral",
    }
}

#[test]
fn accuracy_on_the_labelled_sample() {
    let analyser = Analyser::new();
    let rows = sample();
    assert_eq!(rows.len(), 240);

    // confusion[label][predicted]
    let mut confusion: BTreeMap<&str, BTreeMap<&str, u32>> = BTreeMap::new();
    let (mut right, mut moods, mut mood_right, mut valence_right) = (0, 0, 0, 0);
    let mut misses = Vec::new();
    for row in &rows {
        let analysis = analyser.analyse(row.text).expect("every sample has words");
        let predicted = polarity_of(analysis.sentiment);
        assert_eq!(analysis.negative, analysis.sentiment < 0);
        *confusion
            .entry(row.polarity)
            .or_default()
            .entry(predicted)
            .or_default() += 1;
        if predicted == row.polarity {
            right += 1;
        } else {
            misses.push(format!(
                "  {} → {predicted} ({}): {}",
                row.polarity, analysis.sentiment, row.text
            ));
        }
        if let Some(mood) = row.mood {
            moods += 1;
            mood_right += u32::from(analysis.mood == mood);
            valence_right += u32::from(analysis.mood.valence() == mood.valence());
        }
    }
    let share = |n: u32, of: u32| f64::from(n) / f64::from(of);
    let polarity = share(right, rows.len() as u32);
    let mood_exact = share(mood_right, moods);
    let mood_valence = share(valence_right, moods);
    println!("analyser accuracy on {} labelled entries:", rows.len());
    println!(
        "  polarity: {right}/{} = {:.1}%",
        rows.len(),
        polarity * 100.0
    );
    println!(
        "  mood, exact: {mood_right}/{moods} = {:.1}%",
        mood_exact * 100.0
    );
    println!(
        "  mood, right side (good/bad): {valence_right}/{moods} = {:.1}%",
        mood_valence * 100.0
    );
    println!("  confusion (label → predicted): {confusion:?}");
    println!("  polarity misses:\n{}", misses.join("\n"));
    assert!(
        polarity >= POLARITY_FLOOR,
        "polarity accuracy {polarity:.3} is below {POLARITY_FLOOR}"
    );
    assert!(
        mood_valence >= MOOD_VALENCE_FLOOR,
        "mood valence accuracy {mood_valence:.3} is below {MOOD_VALENCE_FLOOR}"
    );
}

#[test]
fn clearly_happy_and_clearly_sad_entries_are_told_apart() {
    let analyser = Analyser::new();
    let happy = analyser
        .analyse("Best day in years! We got married in the garden and everyone we love was there. I am so happy.")
        .unwrap();
    let sad = analyser
        .analyse("I miss her so much. The house is empty and quiet and I cried all evening. Everything feels hopeless.")
        .unwrap();
    assert!(happy.sentiment >= 5, "{happy:?}");
    assert!(sad.sentiment <= -5, "{sad:?}");
    assert_eq!(happy.mood.valence(), 1, "{happy:?}");
    assert_eq!(sad.mood.valence(), -1, "{sad:?}");
    assert_ne!(happy.colour, sad.colour);
}

#[test]
fn the_subject_names_what_the_entry_is_about() {
    let analyser = Analyser::new();
    let a = analyser
        .analyse(
            "The garden again. Planted tomatoes along the fence; the tomatoes from last year \
             were a disaster. Garden centre closes early on Sundays.",
        )
        .unwrap();
    assert_eq!(a.subject, "garden, tomatoes, planted");
}
