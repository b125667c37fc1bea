//! The analysis results against a real SQLite file: kept per entry and per user, never made from
//! older text, and the resumable journal-wide job, up to 100,000 entries.

use crate::support::journal::{analyse, connect, connect_to, journal, key_of, person, run_job};
use quire_core::analyser::{Analyser, Mood, ANALYSER_VERSION};
use quire_core::keys::ContentKey;
use quire_core::store::{analyse_batch, Period, Store, StoreError, UserId, ANALYSIS_BATCH};

#[test]
fn an_analysis_is_kept_and_shown_with_the_entry() {
    let j = journal();
    let analyser = Analyser::new();
    let me = person(&j.store, "ada");
    let entry = j.store.create_entry(&me.id, None, None).unwrap();
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
    let page = j
        .store
        .list_entries(&me.id, &quire_core::store::EntryFilter::default(), 0, 10)
        .unwrap();
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
    let entry = j.store.create_entry(&me.id, None, None).unwrap();
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
    let entry = j.store.create_entry(&ada.id, None, None).unwrap();
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
        .history(&bob.id, Period::Day, None, None)
        .unwrap()
        .points
        .is_empty());
    assert!(j
        .store
        .ask(&bob.id, "happy", None)
        .unwrap()
        .sources
        .is_empty());
    assert_eq!(j.store.count_needing_analysis(&bob.id, true).unwrap(), 0);
}

#[test]
fn emptying_an_entry_removes_its_analysis_and_purging_removes_it_for_good() {
    let j = journal();
    let analyser = Analyser::new();
    let me = person(&j.store, "ada");
    let entry = j.store.create_entry(&me.id, None, None).unwrap();
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
    let conn = connect_to(&j.store);
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
            None,
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
    let results = analyse_batch(&analyser, batch);
    let after_one = j
        .store
        .commit_analysis_batch(&me.id, &results)
        .unwrap()
        .unwrap();
    assert_eq!(after_one.done, ANALYSIS_BATCH);
    let (path, key) = (j.store.path().to_path_buf(), key_of(&j.store));
    drop(j.store);

    // The next launch finds the job where it stopped, and finishes it.
    let store = Store::open(&path, &key).unwrap();
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
}

#[test]
fn an_older_analyser_version_is_redone() {
    let j = journal();
    let analyser = Analyser::new();
    let me = person(&j.store, "ada");
    j.store
        .insert_entries(&me.id, None, [(1_000, "Happy."), (2_000, "Sad.")])
        .unwrap();
    run_job(&j.store, &analyser, &me.id, false);
    assert_eq!(j.store.count_needing_analysis(&me.id, false).unwrap(), 0);
    let conn = connect_to(&j.store);
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
            None,
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
    let history = j.store.history(&me.id, Period::Month, None, None).unwrap();
    let total: u32 = history.moods.iter().map(|m| m.count).sum();
    assert_eq!(total, 100_000);
    assert_eq!(history.unanalysed, 0);
}

#[test]
fn a_journal_from_before_the_analysis_needs_it_after_the_upgrade() {
    let dir = tempfile::tempdir().unwrap();
    let (path, key) = (dir.path().join("quire.sqlite3"), ContentKey::generate());
    {
        // The schema as the previous release left it (migrations 1 and 2), with entries; encrypted,
        // as a journal of this version is when a later one migrates it.
        let mut conn = connect(&path, Some(&key));
        let old = quire_core::store::migrations();
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
    let store = Store::open(&path, &key).unwrap();
    let user = UserId("u1".into());
    // The rebuilt search index (with prefixes) and the entry count cover the old entries.
    assert_eq!(store.search_entries(&user, "hap", 10).unwrap().len(), 1);
    assert_eq!(
        store
            .list_entries(&user, &quire_core::store::EntryFilter::default(), 0, 10)
            .unwrap()
            .total,
        2
    );
    assert_eq!(store.count_needing_analysis(&user, false).unwrap(), 2);
    run_job(&store, &Analyser::new(), &user, false);
    let page = store
        .list_entries(&user, &quire_core::store::EntryFilter::default(), 0, 10)
        .unwrap();
    assert!(page.items.iter().all(|e| e.analysis.is_some()));
    let moods: Vec<i8> = page
        .items
        .iter()
        .map(|e| e.analysis.as_ref().unwrap().sentiment.signum())
        .collect();
    assert_eq!(moods, vec![-1, 1]);
}
