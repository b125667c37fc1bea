//! The history view's figures and "ask your journal" against a real SQLite file: sentiment by day,
//! week and month, on this day, the streak, and answers drawn from the right entries.

use crate::support::journal::{journal, local_noon, person, run_job};
use quire_core::analyser::Analyser;
use quire_core::store::Period;

#[test]
fn history_groups_sentiment_by_day_week_and_month() {
    let j = journal();
    let analyser = Analyser::new();
    let me = person(&j.store, "ada");
    // 2026-03-02 is a Monday.
    let entries = [
        ("2026-03-02", "A wonderful, happy day!"),
        ("2026-03-02", "Terrible news, I am so sad."),
        ("2026-03-04", "Lovely dinner with friends, so grateful."),
        ("2026-03-09", "Awful, exhausting week. I hate this."),
        ("2026-04-01", "Bought stamps."),
    ];
    j.store
        .insert_entries(
            &me.id,
            None,
            entries.iter().map(|(d, t)| (local_noon(d), *t)),
        )
        .unwrap();
    run_job(&j.store, &analyser, &me.id, false);
    let scores: Vec<i8> = entries
        .iter()
        .map(|(_, t)| analyser.analyse(t).unwrap().sentiment)
        .collect();

    let by_day = j.store.history(&me.id, Period::Day, None, None).unwrap();
    let days: Vec<(&str, u32)> = by_day
        .points
        .iter()
        .map(|p| (p.period.as_str(), p.entries))
        .collect();
    assert_eq!(
        days,
        vec![
            ("2026-03-02", 2),
            ("2026-03-04", 1),
            ("2026-03-09", 1),
            ("2026-04-01", 1)
        ]
    );
    let first_day = (f64::from(scores[0]) + f64::from(scores[1])) / 2.0;
    assert!((by_day.points[0].average - first_day).abs() < 0.051);

    let by_week = j.store.history(&me.id, Period::Week, None, None).unwrap();
    let weeks: Vec<(&str, u32)> = by_week
        .points
        .iter()
        .map(|p| (p.period.as_str(), p.entries))
        .collect();
    assert_eq!(
        weeks,
        vec![("2026-03-02", 3), ("2026-03-09", 1), ("2026-03-30", 1)]
    );

    let by_month = j.store.history(&me.id, Period::Month, None, None).unwrap();
    let months: Vec<(&str, u32)> = by_month
        .points
        .iter()
        .map(|p| (p.period.as_str(), p.entries))
        .collect();
    assert_eq!(months, vec![("2026-03-01", 4), ("2026-04-01", 1)]);
    let mean = scores.iter().map(|s| f64::from(*s)).sum::<f64>() / 5.0;
    assert!((by_month.average.unwrap() - mean).abs() < 0.051);
    assert_eq!(by_month.moods.iter().map(|m| m.count).sum::<u32>(), 5);

    // A range leaves out what came before it.
    let april = j
        .store
        .history(&me.id, Period::Day, Some(local_noon("2026-03-20")), None)
        .unwrap();
    assert_eq!(april.points.len(), 1);
    assert_eq!(april.average, Some(f64::from(scores[4])));
}

#[test]
fn on_this_day_and_the_streak() {
    let j = journal();
    let me = person(&j.store, "ada");
    let dated = [
        ("2023-11-27", "Three years ago today."),
        ("2025-11-27", "Last year today."),
        ("2025-11-28", "Not today's date."),
        ("2026-11-24", "Streak day one."),
        ("2026-11-25", "Streak day two."),
        ("2026-11-26", "Streak day three."),
        ("2026-11-27", "Today."),
        ("2026-11-20", "An older run."),
    ];
    j.store
        .insert_entries(&me.id, None, dated.iter().map(|(d, t)| (local_noon(d), *t)))
        .unwrap();
    let empty = j.store.create_entry(&me.id, None, None).unwrap(); // no words: never counts
    let _ = empty;

    let found = j.store.on_this_day(&me.id, "2026-11-27", None).unwrap();
    let found: Vec<(u32, &str)> = found
        .iter()
        .map(|o| (o.years_ago, o.entry.title.as_str()))
        .collect();
    assert_eq!(
        found,
        vec![(1, "Last year today."), (3, "Three years ago today.")]
    );

    let streak = j.store.streak(&me.id, "2026-11-27", None).unwrap();
    assert_eq!(
        (streak.current, streak.longest, streak.wrote_today),
        (4, 4, true)
    );
    assert_eq!(streak.days_written, 8);
    // The next day, before writing: the run still stands; a day later it is over.
    assert_eq!(
        j.store.streak(&me.id, "2026-11-28", None).unwrap().current,
        4
    );
    assert_eq!(
        j.store.streak(&me.id, "2026-11-29", None).unwrap().current,
        0
    );
    assert!(j.store.streak(&me.id, "not a date", None).is_err());
    assert!(!j.store.local_today().unwrap().is_empty());
}

#[test]
fn asking_finds_the_relevant_entries_and_sentences() {
    let j = journal();
    let me = person(&j.store, "ada");
    let day = 86_400_000;
    let now = quire_core::store::now_ms();
    j.store
        .insert_entries(
            &me.id,
            None,
            [
                (
                    now - 400 * day,
                    "Took the dogs to the beach. The dog swam for an hour.",
                ),
                (
                    now - 10 * day,
                    "Walked the dog by the river at dawn. Then breakfast.",
                ),
                (now - 5 * day, "Work was long. Meetings all afternoon."),
                (now - 2 * day, "Tax forms, emails, nothing else."),
            ],
        )
        .unwrap();
    let answer = j
        .store
        .ask(&me.id, "When did I walk the dog?", None)
        .unwrap();
    assert_eq!(answer.terms, vec!["walk", "dog"]);
    assert_eq!(answer.sources.len(), 2, "only entries mentioning the words");
    assert!(answer.sources[0].entry.title.starts_with("Walked the dog"));
    let best: String = answer.sentences[0]
        .parts
        .iter()
        .map(|p| p.text.as_str())
        .collect();
    assert_eq!(best, "Walked the dog by the river at dawn.");
    let marked: Vec<&str> = answer.sentences[0]
        .parts
        .iter()
        .filter(|p| p.hit)
        .map(|p| p.text.as_str())
        .collect();
    assert_eq!(marked, vec!["Walked", "dog"]);
    assert_eq!(answer.sentences[0].entry_id, answer.sources[0].entry.id);
    assert!(answer
        .sentences
        .iter()
        .all(|s| !s.parts.iter().any(|p| p.text.contains("breakfast"))));

    // Nothing worth searching for, and FTS5 syntax typed as a question: no error, no answer.
    let none = j.store.ask(&me.id, "what was it?", None).unwrap();
    assert!(none.terms.is_empty() && none.sources.is_empty());
    let odd = j.store.ask(&me.id, "\"NEAR(dog* OR -\"", None).unwrap();
    assert!(odd.sources.iter().all(|s| s.entry.title.contains("dog")));
}
