//! The mood filter: a mood's entries, and their number, stay what the analyses say through new
//! analyses, edits, deletes, restores, new dates and moves; and a journal from before the mood
//! index gets one.

use crate::support::journal::{analyse, connect_to, journal, local_noon, person, Journal};
use quire_core::analyser::{Analyser, Mood};
use quire_core::store::{
    migrations, EntryFilter, EntrySummary, JournalColour, SearchRequest, UserId,
};

/// Every entry the list shows under `filter`, page by page, with the total it reported.
fn listed(j: &Journal, me: &UserId, filter: &EntryFilter) -> (Vec<EntrySummary>, u32) {
    let mut items = Vec::new();
    let mut total = None;
    loop {
        let page = j
            .store
            .list_entries(me, filter, items.len() as u32, 2)
            .unwrap();
        assert_eq!(*total.get_or_insert(page.total), page.total);
        if page.items.is_empty() {
            return (items, page.total);
        }
        items.extend(page.items);
    }
}

/// Checks every mood's list, count and search against the moods the entries themselves show,
/// in all journals and in `journal`.
fn moods_agree(j: &Journal, me: &UserId, journal: &str) {
    for scope in [None, Some(journal.to_owned())] {
        let (all, _) = listed(j, me, &EntryFilter::journal(scope.as_deref()));
        for mood in Mood::ALL {
            let expected: Vec<&str> = all
                .iter()
                .filter(|e| e.analysis.as_ref().map(|a| a.mood) == Some(mood))
                .map(|e| e.id.as_str())
                .collect();
            let filter = EntryFilter {
                journal: scope.clone(),
                mood: Some(mood),
                ..EntryFilter::default()
            };
            let (items, total) = listed(j, me, &filter);
            let ids: Vec<&str> = items.iter().map(|e| e.id.as_str()).collect();
            assert_eq!(
                ids, expected,
                "{mood:?} in {scope:?}: the list, newest first"
            );
            assert_eq!(
                total as usize,
                expected.len(),
                "{mood:?} in {scope:?}: the count"
            );
            let searched: Vec<String> = j
                .store
                .search(
                    me,
                    &SearchRequest {
                        text: "day".into(),
                        filter,
                        limit: 50,
                        ..SearchRequest::default()
                    },
                )
                .unwrap()
                .hits
                .into_iter()
                .map(|h| h.entry.id)
                .collect();
            assert_eq!(searched, expected, "{mood:?} in {scope:?}: a search");
        }
    }
}

#[test]
fn a_moods_entries_follow_analyses_deletes_restores_dates_and_moves() {
    let j = journal();
    let analyser = Analyser::new();
    let me = person(&j.store, "ada").id;
    let work = j
        .store
        .create_journal(&me, "Work", JournalColour::Teal)
        .unwrap()
        .id;
    let texts = [
        (
            "2024-01-05",
            "What a wonderful happy joyful day, full of delight.",
        ),
        ("2024-02-05", "A calm and peaceful day by the quiet lake."),
        ("2024-03-05", "A sad and lonely day, miserable and grey."),
        (
            "2024-04-05",
            "So happy and joyful, a day of laughing with delight.",
        ),
        ("2024-05-05", "A calm, peaceful day of slow quiet reading."),
    ];
    let ids: Vec<String> = texts
        .iter()
        .enumerate()
        .map(|(i, (date, text))| {
            let journal = (i % 2 == 1).then_some(work.as_str());
            let entry = j
                .store
                .create_entry(&me, journal, Some(local_noon(date)))
                .unwrap();
            j.store.save_entry(&me, &entry.id, text).unwrap();
            analyse(&j.store, &analyser, &me, &entry.id);
            entry.id
        })
        .collect();
    let (all, _) = listed(&j, &me, &EntryFilter::default());
    let moods: std::collections::BTreeSet<Mood> = all
        .iter()
        .filter_map(|e| e.analysis.as_ref().map(|a| a.mood))
        .collect();
    assert!(moods.len() >= 2, "the texts get different moods: {moods:?}");
    moods_agree(&j, &me, &work);

    // A new text, analysed again, with another mood.
    j.store
        .save_entry(&me, &ids[0], "A sad and lonely day, miserable and grey.")
        .unwrap();
    analyse(&j.store, &analyser, &me, &ids[0]);
    moods_agree(&j, &me, &work);

    // Deleted, then restored.
    j.store.delete_entry(&me, &ids[2]).unwrap();
    moods_agree(&j, &me, &work);
    j.store.restore_entry(&me, &ids[2]).unwrap();
    moods_agree(&j, &me, &work);

    // A new date puts it elsewhere in its mood's list.
    j.store
        .set_entry_date(&me, &ids[4], local_noon("2023-06-01"))
        .unwrap();
    moods_agree(&j, &me, &work);

    // Moved to another journal, and its journal deleted with its entries, then brought back.
    j.store.move_entry(&me, &ids[0], &work).unwrap();
    moods_agree(&j, &me, &work);
    j.store.delete_journal(&me, &work, None).unwrap();
    let (left, _) = listed(&j, &me, &EntryFilter::default());
    assert_eq!(left.len(), 2);
    for mood in Mood::ALL {
        let filter = EntryFilter {
            mood: Some(mood),
            ..EntryFilter::default()
        };
        let (items, total) = listed(&j, &me, &filter);
        assert!(items.iter().all(|e| left.iter().any(|l| l.id == e.id)));
        assert_eq!(total as usize, items.len());
    }
    j.store.undo_delete_journal(&me, &work).unwrap();
    moods_agree(&j, &me, &work);

    // Deleted for good.
    j.store.delete_entry(&me, &ids[1]).unwrap();
    j.store.purge_deleted(&me).unwrap();
    moods_agree(&j, &me, &work);
    let stray: i64 = connect_to(&j.store)
        .query_row(
            "SELECT count(*) FROM entry_moods m
             WHERE NOT EXISTS (SELECT 1 FROM entries e
                               WHERE e.seq = m.entry_seq AND e.deleted_at IS NULL)",
            [],
            |row| row.get(0),
        )
        .unwrap();
    assert_eq!(stray, 0, "the mood index holds live entries only");
}

#[test]
fn a_journal_from_before_the_mood_index_gets_one() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("journal.sqlite3");
    let mut conn = rusqlite::Connection::open(&path).unwrap();
    let all = migrations();
    all.to_version(&mut conn, 8).unwrap();
    conn.execute_batch(
        "INSERT INTO users (id, issuer, subject, first_seen_at, updated_at)
             VALUES ('u1', 'https://id.example.test', 's1', 0, 0);
         INSERT INTO entries (id, user_id, created_at, updated_at, dated_at, date_key, journal_seq,
                              content, title, word_count, deleted_at)
             SELECT 'e' || value, 'u1', 0, 0, value * 1000, value * 1000 << 20,
                    (SELECT seq FROM journals WHERE user_id = 'u1'), 'text', 'text', 1,
                    CASE WHEN value = 3 THEN 5 END
             FROM (WITH RECURSIVE n (value) AS (SELECT 1 UNION ALL SELECT value + 1 FROM n WHERE value < 4)
                   SELECT value FROM n);
         INSERT INTO entry_analysis (entry_seq, analyser_version, source_updated_at, analysed_at,
                                     sentiment, negative, mood, subject, summary, colour)
             SELECT seq, 1, 0, 0, 0, 0, CASE WHEN seq % 2 = 0 THEN 'calm' ELSE 'joyful' END,
                    '', '', '#000000'
             FROM entries WHERE seq <> 4;",
    )
    .unwrap();
    all.to_latest(&mut conn).unwrap();
    let moods: Vec<(String, String)> = conn
        .prepare("SELECT e.id, m.mood FROM entry_moods m JOIN entries e ON e.seq = m.entry_seq ORDER BY m.date_key")
        .unwrap()
        .query_map([], |row| Ok((row.get(0)?, row.get(1)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    // e3 is deleted and e4 was never analysed.
    assert_eq!(
        moods,
        [("e1".into(), "joyful".into()), ("e2".into(), "calm".into())]
    );
}
