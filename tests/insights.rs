//! The analysis, history and "ask your journal" queries against a real SQLite file: results kept per
//! entry and per user, the resumable journal-wide job, and the figures of the history view.

use quire::analysis::{Analyser, Mood, ANALYSER_VERSION};
use quire::store::{NewUser, Period, Store, StoreError, User, UserId, ANALYSIS_BATCH};
use tempfile::TempDir;

struct Journal {
    dir: TempDir,
    store: Store,
}

fn journal() -> Journal {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = Store::open_in(dir.path()).expect("open store");
    Journal { dir, store }
}

fn person(store: &Store, subject: &str) -> User {
    store
        .upsert_user(
            &NewUser {
                issuer: "https://id.example.test".into(),
                subject: subject.into(),
                ..NewUser::default()
            },
            true,
        )
        .expect("upsert user")
}

/// Epoch milliseconds for noon, local time, on a `YYYY-MM-DD` date.
fn local_noon(date: &str) -> i64 {
    let conn = rusqlite::Connection::open_in_memory().unwrap();
    conn.query_row(
        "SELECT CAST(strftime('%s', ?1 || ' 12:00:00', 'utc') AS INTEGER) * 1000",
        [date],
        |row| row.get(0),
    )
    .unwrap()
}

/// Analyses one entry the way the app does after a save.
fn analyse(store: &Store, analyser: &Analyser, user: &UserId, id: &str) -> bool {
    let entry = store.pending_entry(user, id).unwrap();
    store
        .save_analysis(user, &entry, analyser.analyse(&entry.content).as_ref())
        .unwrap()
}

/// Runs the journal-wide job to the end, as the worker does; returns the batches it took.
fn run_job(store: &Store, analyser: &Analyser, user: &UserId, everything: bool) -> usize {
    let mut progress = match store.begin_analysis_job(user, everything).unwrap() {
        Some(p) => p,
        None => return 0,
    };
    let mut batches = 0;
    loop {
        let batch = store
            .analysis_batch(user, &progress, ANALYSIS_BATCH)
            .unwrap();
        if batch.is_empty() {
            store.end_analysis_job(user).unwrap();
            return batches;
        }
        let results: Vec<_> = batch
            .into_iter()
            .map(|e| {
                let a = analyser.analyse(&e.content);
                (e, a)
            })
            .collect();
        progress = store
            .commit_analysis_batch(user, &results)
            .unwrap()
            .expect("job still there");
        batches += 1;
    }
}

#[test]
fn an_analysis_is_kept_and_shown_with_the_entry() {
    let j = journal();
    let analyser = Analyser::new();
    let me = person(&j.store, "ada");
    let entry = j.store.create_entry(&me.id).unwrap();
    j.store
        .save_entry(
            &me.id,
            &entry.id,
            "What a wonderful, happy day at the lake!",
        )
        .unwrap();
    assert_eq!(j.store.entry_analysis(&me.id, &entry.id).unwrap(), None);

    assert!(analyse(&j.store, &analyser, &me.id, &entry.id));
    let full = j.store.entry_analysis(&me.id, &entry.id).unwrap().unwrap();
    assert!(
        full.sentiment > 0 && !full.negative && full.current,
        "{full:?}"
    );
    assert_eq!(full.mood, Mood::Joyful);
    assert_eq!(full.colour, Mood::Joyful.colour());

    // The list, search and a later save all carry the brief analysis.
    let page = j.store.list_entries(&me.id, 0, 10).unwrap();
    let brief = page.items[0].analysis.clone().unwrap();
    assert_eq!(brief.mood, Mood::Joyful);
    assert_eq!(brief.summary, "What a wonderful, happy day at the lake!");
    let hits = j.store.search_entries(&me.id, "lake", 10).unwrap();
    assert_eq!(hits[0].entry.analysis, Some(brief.clone()));

    // Editing makes it stale, not gone: the card keeps its mood until the new analysis lands.
    let summary = j
        .store
        .save_entry(
            &me.id,
            &entry.id,
            "The lake froze. Everything went wrong and I feel awful.",
        )
        .unwrap();
    assert_eq!(summary.analysis, Some(brief));
    assert!(
        !j.store
            .entry_analysis(&me.id, &entry.id)
            .unwrap()
            .unwrap()
            .current
    );
    assert!(analyse(&j.store, &analyser, &me.id, &entry.id));
    let full = j.store.entry_analysis(&me.id, &entry.id).unwrap().unwrap();
    assert!(full.negative && full.current, "{full:?}");
}

#[test]
fn an_analysis_of_older_text_is_not_kept() {
    let j = journal();
    let analyser = Analyser::new();
    let me = person(&j.store, "ada");
    let entry = j.store.create_entry(&me.id).unwrap();
    j.store
        .save_entry(&me.id, &entry.id, "A good day.")
        .unwrap();
    let before = j.store.pending_entry(&me.id, &entry.id).unwrap();
    std::thread::sleep(std::time::Duration::from_millis(5));
    j.store
        .save_entry(&me.id, &entry.id, "A terrible day.")
        .unwrap();
    let late = analyser.analyse(&before.content);
    assert!(!j
        .store
        .save_analysis(&me.id, &before, late.as_ref())
        .unwrap());
    assert_eq!(j.store.entry_analysis(&me.id, &entry.id).unwrap(), None);
}

#[test]
fn analyses_belong_to_their_user() {
    let j = journal();
    let analyser = Analyser::new();
    let ada = person(&j.store, "ada");
    let bob = person(&j.store, "bob");
    let entry = j.store.create_entry(&ada.id).unwrap();
    j.store.save_entry(&ada.id, &entry.id, "So happy.").unwrap();
    assert!(analyse(&j.store, &analyser, &ada.id, &entry.id));

    assert!(matches!(
        j.store.entry_analysis(&bob.id, &entry.id),
        Err(StoreError::NotFound)
    ));
    assert!(matches!(
        j.store.pending_entry(&bob.id, &entry.id),
        Err(StoreError::NotFound)
    ));
    // A result for ada's entry, written as bob, is not kept.
    let pending = j.store.pending_entry(&ada.id, &entry.id).unwrap();
    let sad = analyser.analyse("Awful, awful, awful.");
    assert!(!j
        .store
        .save_analysis(&bob.id, &pending, sad.as_ref())
        .unwrap());
    assert_eq!(
        j.store
            .entry_analysis(&ada.id, &entry.id)
            .unwrap()
            .unwrap()
            .mood,
        Mood::Joyful
    );
    // bob's history, answers and highlights hold nothing of ada's.
    assert!(j
        .store
        .history(&bob.id, Period::Day, None)
        .unwrap()
        .points
        .is_empty());
    assert!(j.store.ask(&bob.id, "happy").unwrap().sources.is_empty());
    assert_eq!(j.store.count_needing_analysis(&bob.id, true).unwrap(), 0);
}

#[test]
fn emptying_an_entry_removes_its_analysis_and_purging_removes_it_for_good() {
    let j = journal();
    let analyser = Analyser::new();
    let me = person(&j.store, "ada");
    let entry = j.store.create_entry(&me.id).unwrap();
    j.store
        .save_entry(&me.id, &entry.id, "Calm evening.")
        .unwrap();
    assert!(analyse(&j.store, &analyser, &me.id, &entry.id));
    j.store.save_entry(&me.id, &entry.id, "   ").unwrap();
    assert!(analyse(&j.store, &analyser, &me.id, &entry.id));
    assert_eq!(j.store.entry_analysis(&me.id, &entry.id).unwrap(), None);
    // An empty entry is not waiting for anything.
    assert_eq!(j.store.count_needing_analysis(&me.id, false).unwrap(), 0);

    j.store
        .save_entry(&me.id, &entry.id, "Calm again.")
        .unwrap();
    assert!(analyse(&j.store, &analyser, &me.id, &entry.id));
    j.store.delete_entry(&me.id, &entry.id).unwrap();
    j.store.purge_deleted(&me.id).unwrap();
    let conn = rusqlite::Connection::open(j.store.path()).unwrap();
    let left: u32 = conn
        .query_row("SELECT count(*) FROM entry_analysis", [], |r| r.get(0))
        .unwrap();
    assert_eq!(
        left, 0,
        "the analysis (with its summary) went with the entry"
    );
}

#[test]
fn the_journal_wide_job_resumes_after_a_restart_and_can_be_cancelled() {
    let j = journal();
    let analyser = Analyser::new();
    let me = person(&j.store, "ada");
    let texts: Vec<String> = (0..450)
        .map(|i| format!("Day {i}. A lovely walk."))
        .collect();
    j.store
        .insert_entries(
            &me.id,
            texts
                .iter()
                .enumerate()
                .map(|(i, t)| (i as i64 * 1000, t.as_str())),
        )
        .unwrap();
    assert_eq!(j.store.count_needing_analysis(&me.id, false).unwrap(), 450);

    // One batch, then the app stops.
    let progress = j.store.begin_analysis_job(&me.id, true).unwrap().unwrap();
    assert_eq!((progress.done, progress.total), (0, 450));
    let batch = j
        .store
        .analysis_batch(&me.id, &progress, ANALYSIS_BATCH)
        .unwrap();
    let results: Vec<_> = batch
        .into_iter()
        .map(|e| {
            let a = analyser.analyse(&e.content);
            (e, a)
        })
        .collect();
    let after_one = j
        .store
        .commit_analysis_batch(&me.id, &results)
        .unwrap()
        .unwrap();
    assert_eq!(after_one.done, ANALYSIS_BATCH);
    let path = j.store.path().to_path_buf();
    drop(j.store);

    // The next launch finds the job where it stopped, and finishes it.
    let store = Store::open(&path).unwrap();
    let resumed = store.analysis_job(&me.id).unwrap().unwrap();
    assert_eq!(resumed, after_one);
    // Starting a catch-up job keeps the one under way.
    assert_eq!(
        store.begin_analysis_job(&me.id, false).unwrap(),
        Some(after_one)
    );
    let rest = store.analysis_batch(&me.id, &resumed, 1000).unwrap();
    assert_eq!(rest.len(), 450 - ANALYSIS_BATCH as usize);
    assert!(rest.iter().all(|e| e.seq > after_one.cursor));
    assert_eq!(store.count_needing_analysis(&me.id, false).unwrap(), 250);
    run_job(&store, &analyser, &me.id, false);
    assert_eq!(store.count_needing_analysis(&me.id, false).unwrap(), 0);
    assert_eq!(store.analysis_job(&me.id).unwrap(), None);
    // Nothing to catch up on: no job.
    assert_eq!(store.begin_analysis_job(&me.id, false).unwrap(), None);

    // "Re-analyse all" starts over; cancelling keeps what was done and ends the job.
    let all = store.begin_analysis_job(&me.id, true).unwrap().unwrap();
    assert_eq!((all.done, all.total, all.everything), (0, 450, true));
    store.end_analysis_job(&me.id).unwrap();
    assert_eq!(store.analysis_job(&me.id).unwrap(), None);
    let _ = j.dir;
}

#[test]
fn an_older_analyser_version_is_redone() {
    let j = journal();
    let analyser = Analyser::new();
    let me = person(&j.store, "ada");
    j.store
        .insert_entries(&me.id, [(1_000, "Happy."), (2_000, "Sad.")])
        .unwrap();
    run_job(&j.store, &analyser, &me.id, false);
    assert_eq!(j.store.count_needing_analysis(&me.id, false).unwrap(), 0);
    let conn = rusqlite::Connection::open(j.store.path()).unwrap();
    conn.execute(
        "UPDATE entry_analysis SET analyser_version = ?1",
        [ANALYSER_VERSION - 1],
    )
    .unwrap();
    assert_eq!(j.store.count_needing_analysis(&me.id, false).unwrap(), 2);
}

#[test]
fn a_hundred_thousand_entries_are_analysed_in_batches() {
    let j = journal();
    let analyser = Analyser::new();
    let me = person(&j.store, "ada");
    let moods = [
        "Wonderful morning, I feel grateful for everything.",
        "Rough day at work; I am exhausted and a bit anxious.",
        "Groceries, laundry, called the bank.",
    ];
    let started = std::time::Instant::now();
    j.store
        .insert_entries(
            &me.id,
            (0..100_000).map(|i| (i64::from(i) * 60_000, moods[i as usize % 3])),
        )
        .unwrap();
    let inserted = started.elapsed();
    let started = std::time::Instant::now();
    let batches = run_job(&j.store, &analyser, &me.id, false);
    println!(
        "100,000 entries: inserted in {inserted:?}, analysed in {:?} ({batches} batches)",
        started.elapsed()
    );
    assert_eq!(batches, 100_000 / ANALYSIS_BATCH as usize);
    assert_eq!(j.store.count_needing_analysis(&me.id, false).unwrap(), 0);
    let history = j.store.history(&me.id, Period::Month, None).unwrap();
    let total: u32 = history.moods.iter().map(|m| m.count).sum();
    assert_eq!(total, 100_000);
    assert_eq!(history.unanalysed, 0);
}

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
        .insert_entries(&me.id, entries.iter().map(|(d, t)| (local_noon(d), *t)))
        .unwrap();
    run_job(&j.store, &analyser, &me.id, false);
    let scores: Vec<i8> = entries
        .iter()
        .map(|(_, t)| analyser.analyse(t).unwrap().sentiment)
        .collect();

    let by_day = j.store.history(&me.id, Period::Day, None).unwrap();
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

    let by_week = j.store.history(&me.id, Period::Week, None).unwrap();
    let weeks: Vec<(&str, u32)> = by_week
        .points
        .iter()
        .map(|p| (p.period.as_str(), p.entries))
        .collect();
    assert_eq!(
        weeks,
        vec![("2026-03-02", 3), ("2026-03-09", 1), ("2026-03-30", 1)]
    );

    let by_month = j.store.history(&me.id, Period::Month, None).unwrap();
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
        .history(&me.id, Period::Day, Some(local_noon("2026-03-20")))
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
        .insert_entries(&me.id, dated.iter().map(|(d, t)| (local_noon(d), *t)))
        .unwrap();
    let empty = j.store.create_entry(&me.id).unwrap(); // no words: never counts
    let _ = empty;

    let found = j.store.on_this_day(&me.id, "2026-11-27").unwrap();
    let found: Vec<(u32, &str)> = found
        .iter()
        .map(|o| (o.years_ago, o.entry.title.as_str()))
        .collect();
    assert_eq!(
        found,
        vec![(1, "Last year today."), (3, "Three years ago today.")]
    );

    let streak = j.store.streak(&me.id, "2026-11-27").unwrap();
    assert_eq!(
        (streak.current, streak.longest, streak.wrote_today),
        (4, 4, true)
    );
    assert_eq!(streak.days_written, 8);
    // The next day, before writing: the run still stands; a day later it is over.
    assert_eq!(j.store.streak(&me.id, "2026-11-28").unwrap().current, 4);
    assert_eq!(j.store.streak(&me.id, "2026-11-29").unwrap().current, 0);
    assert!(j.store.streak(&me.id, "not a date").is_err());
    assert!(!j.store.local_today().unwrap().is_empty());
}

#[test]
fn asking_finds_the_relevant_entries_and_sentences() {
    let j = journal();
    let me = person(&j.store, "ada");
    let day = 86_400_000;
    let now = quire::store::now_ms();
    j.store
        .insert_entries(
            &me.id,
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
    let answer = j.store.ask(&me.id, "When did I walk the dog?").unwrap();
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
    let none = j.store.ask(&me.id, "what was it?").unwrap();
    assert!(none.terms.is_empty() && none.sources.is_empty());
    let odd = j.store.ask(&me.id, "\"NEAR(dog* OR -\"").unwrap();
    assert!(odd.sources.iter().all(|s| s.entry.title.contains("dog")));
}

#[test]
fn a_journal_from_before_the_analysis_needs_it_after_the_upgrade() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("quire.sqlite3");
    {
        // The schema as the previous release left it (migrations 1 and 2), with entries.
        let mut conn = rusqlite::Connection::open(&path).unwrap();
        let old = quire::store::migrations();
        old.to_version(&mut conn, 2).unwrap();
        conn.execute_batch(
            "INSERT INTO users (id, issuer, subject, first_seen_at, updated_at)
                 VALUES ('u1', 'https://id.example.test', 'ada', 0, 0);
             INSERT INTO entries (id, user_id, created_at, updated_at, content, title, word_count)
                 VALUES ('0190a000-0000-7000-8000-000000000001', 'u1', 1, 1, 'A happy old entry.', 'A happy old entry.', 4),
                        ('0190a000-0000-7000-8000-000000000002', 'u1', 2, 2, 'A sad old entry.', 'A sad old entry.', 4);",
        )
        .unwrap();
    }
    let store = Store::open(&path).unwrap();
    let user = UserId("u1".into());
    // The rebuilt search index (with prefixes) and the entry count cover the old entries.
    assert_eq!(store.search_entries(&user, "hap", 10).unwrap().len(), 1);
    assert_eq!(store.list_entries(&user, 0, 10).unwrap().total, 2);
    assert_eq!(store.count_needing_analysis(&user, false).unwrap(), 2);
    run_job(&store, &Analyser::new(), &user, false);
    let page = store.list_entries(&user, 0, 10).unwrap();
    assert!(page.items.iter().all(|e| e.analysis.is_some()));
    let moods: Vec<i8> = page
        .items
        .iter()
        .map(|e| e.analysis.as_ref().unwrap().sentiment.signum())
        .collect();
    assert_eq!(moods, vec![-1, 1]);
}
