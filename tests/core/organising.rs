//! Entry dates, journals, stars, tags and the calendar, against a real encrypted journal.

use crate::support::journal::{analyse, connect, connect_to, journal, local_noon, person};
use quire_core::analyser::{Analyser, Mood};
use quire_core::store::{EntryFilter, JournalColour, StoreError, DATABASE_FILE};

fn filter() -> EntryFilter {
    EntryFilter::default()
}

#[test]
fn an_entry_dated_in_the_past_is_listed_by_its_date_and_keeps_its_audit_times() {
    let j = journal();
    let me = person(&j.store, "ada");
    let old = j
        .store
        .insert_entry(&me.id, local_noon("2026-01-10"), "January")
        .unwrap();
    let new = j
        .store
        .insert_entry(&me.id, local_noon("2026-03-10"), "March")
        .unwrap();
    let backdated = j.store.create_entry(&me.id, None, None).unwrap();
    j.store
        .save_entry(&me.id, &backdated.id, "Written today about long ago")
        .unwrap();
    let two_years_ago = local_noon("2024-02-10");
    let moved = j
        .store
        .set_entry_date(&me.id, &backdated.id, two_years_ago)
        .unwrap();
    assert_eq!(moved.dated_at, two_years_ago);
    assert_eq!(
        moved.created_at, backdated.created_at,
        "creation stays an audit field"
    );
    assert!(moved.updated_at >= backdated.updated_at);

    let page = j.store.list_entries(&me.id, &filter(), 0, 10).unwrap();
    let ids: Vec<&str> = page.items.iter().map(|e| e.id.as_str()).collect();
    assert_eq!(
        ids,
        [new.id.as_str(), old.id.as_str(), backdated.id.as_str()]
    );

    // Several entries at the same moment keep a stable order: the later one first.
    let twin = j
        .store
        .create_entry(&me.id, None, Some(two_years_ago))
        .unwrap();
    let page = j.store.list_entries(&me.id, &filter(), 0, 10).unwrap();
    assert_eq!(page.items[2].id, twin.id);
    assert_eq!(page.items[3].id, backdated.id);

    // Search follows the new date, and finds the entry under it.
    let hits = j.store.search_entries(&me.id, "long ago", 10).unwrap();
    assert_eq!(hits.len(), 1);
    assert_eq!(hits[0].entry.dated_at, two_years_ago);

    // "On this day" and the calendar follow it too.
    let on_day = j.store.on_this_day(&me.id, "2026-02-10", None).unwrap();
    assert_eq!(on_day.len(), 1);
    assert_eq!(
        (on_day[0].years_ago, on_day[0].entry.id.as_str()),
        (2, backdated.id.as_str())
    );
    let month = j.store.calendar_month(&me.id, "2024-02", None).unwrap();
    assert_eq!(month.days.len(), 1);
    assert_eq!(
        (month.days[0].date.as_str(), month.days[0].count),
        ("2024-02-10", 2)
    );
    assert_eq!(
        (month.first.as_deref(), month.last.as_deref()),
        (Some("2024-02-10"), Some("2026-03-10"))
    );

    for bad in [i64::MIN, -3_000_000_000_000, 8_000_000_000_000] {
        assert!(matches!(
            j.store.set_entry_date(&me.id, &new.id, bad),
            Err(StoreError::InvalidInput(_))
        ));
    }
}

#[test]
fn the_calendar_counts_entries_per_day_with_the_days_mood() {
    let j = journal();
    let analyser = Analyser::new();
    let me = person(&j.store, "ada");
    let add = |date: &str, text: &str| {
        let entry = j
            .store
            .insert_entry(&me.id, local_noon(date), text)
            .unwrap();
        analyse(&j.store, &analyser, &me.id, &entry.id);
    };
    add(
        "2025-05-03",
        "What a wonderful happy joyful day, full of delight.",
    );
    add(
        "2025-05-03",
        "So happy and joyful, laughing with delight all day.",
    );
    add("2025-05-03", "I feel sad and lonely and miserable tonight.");
    add("2025-05-20", "Calm and peaceful by the quiet lake.");
    add("2025-06-01", "Next month.");
    let month = j.store.calendar_month(&me.id, "2025-05", None).unwrap();
    let days: Vec<(&str, u32)> = month
        .days
        .iter()
        .map(|d| (d.date.as_str(), d.count))
        .collect();
    assert_eq!(days, [("2025-05-03", 3), ("2025-05-20", 1)]);
    let third = &month.days[0];
    assert_eq!(
        third.mood,
        Some(Mood::Joyful),
        "two joyful entries outweigh one sad one"
    );
    assert_eq!(third.colour.as_deref(), Some(Mood::Joyful.colour()));
    assert!(j.store.calendar_month(&me.id, "2025-13", None).is_err());
    assert!(j.store.calendar_month(&me.id, "May 2025", None).is_err());
}

#[test]
fn journals_hold_entries_and_deleting_one_moves_or_removes_them_with_undo() {
    let j = journal();
    let me = person(&j.store, "ada");
    let first = j.store.list_journals(&me.id).unwrap();
    assert_eq!(first.len(), 1, "everyone starts with one journal");
    let personal = &first[0];
    let work = j
        .store
        .create_journal(&me.id, "  Work ", JournalColour::Teal)
        .unwrap();
    assert_eq!(
        (work.name.as_str(), work.colour),
        ("Work", JournalColour::Teal)
    );
    assert!(matches!(
        j.store.create_journal(&me.id, "work", JournalColour::Red),
        Err(StoreError::InvalidInput(_))
    ));
    assert!(j
        .store
        .create_journal(&me.id, "   ", JournalColour::Red)
        .is_err());

    let mine = j.store.create_entry(&me.id, None, None).unwrap();
    assert_eq!(
        mine.journal_id, personal.id,
        "new entries go to the first journal by default"
    );
    let job = j.store.create_entry(&me.id, Some(&work.id), None).unwrap();
    assert_eq!(job.journal_id, work.id);
    let in_work = EntryFilter::journal(Some(&work.id));
    let page = j.store.list_entries(&me.id, &in_work, 0, 10).unwrap();
    assert_eq!(
        (page.total, page.items[0].id.as_str()),
        (1, job.id.as_str())
    );

    // Moving an entry changes the lists and the counts.
    j.store.move_entry(&me.id, &mine.id, &work.id).unwrap();
    assert_eq!(
        j.store.list_entries(&me.id, &in_work, 0, 10).unwrap().total,
        2
    );
    let counts: Vec<u32> = j
        .store
        .list_journals(&me.id)
        .unwrap()
        .iter()
        .map(|j| j.entries)
        .collect();
    assert_eq!(counts, [0, 2]);

    let renamed = j
        .store
        .update_journal(&me.id, &work.id, "Office", JournalColour::Blue)
        .unwrap();
    assert_eq!(
        (renamed.name.as_str(), renamed.colour),
        ("Office", JournalColour::Blue)
    );

    // Delete, moving the entries; Undo moves them back.
    let deleted = j
        .store
        .delete_journal(&me.id, &work.id, Some(&personal.id))
        .unwrap();
    assert_eq!(
        (deleted.entries, deleted.moved_to.as_deref()),
        (2, Some(personal.id.as_str()))
    );
    assert_eq!(j.store.list_journals(&me.id).unwrap().len(), 1);
    assert_eq!(
        j.store.get_entry(&me.id, &job.id).unwrap().journal_id,
        personal.id
    );
    assert!(
        j.store.list_entries(&me.id, &in_work, 0, 10).is_err(),
        "the journal is gone"
    );
    j.store.undo_delete_journal(&me.id, &work.id).unwrap();
    assert_eq!(
        j.store.get_entry(&me.id, &job.id).unwrap().journal_id,
        work.id
    );
    assert_eq!(
        j.store.list_entries(&me.id, &in_work, 0, 10).unwrap().total,
        2
    );

    // An entry deleted a moment before its journal moves with the others, so that its own Undo
    // brings it back into a journal that is still there.
    j.store.delete_entry(&me.id, &job.id).unwrap();
    let deleted = j
        .store
        .delete_journal(&me.id, &work.id, Some(&personal.id))
        .unwrap();
    assert_eq!(deleted.entries, 1, "the live entries are the ones counted");
    let restored = j.store.restore_entry(&me.id, &job.id).unwrap();
    assert_eq!(restored.journal_id, personal.id);
    j.store.undo_delete_journal(&me.id, &work.id).unwrap();
    assert_eq!(
        j.store.list_entries(&me.id, &in_work, 0, 10).unwrap().total,
        2
    );
    let counts: Vec<u32> = j
        .store
        .list_journals(&me.id)
        .unwrap()
        .iter()
        .map(|j| j.entries)
        .collect();
    assert_eq!(counts, [0, 2]);

    // Delete with the entries; Undo brings them back; without Undo the next launch purges both.
    j.store.delete_journal(&me.id, &work.id, None).unwrap();
    assert!(j.store.get_entry(&me.id, &job.id).is_err());
    assert_eq!(
        j.store
            .list_entries(&me.id, &filter(), 0, 10)
            .unwrap()
            .total,
        0
    );
    j.store.undo_delete_journal(&me.id, &work.id).unwrap();
    assert_eq!(
        j.store
            .list_entries(&me.id, &filter(), 0, 10)
            .unwrap()
            .total,
        2
    );
    j.store.delete_journal(&me.id, &work.id, None).unwrap();
    assert_eq!(j.store.purge_deleted(&me.id).unwrap(), 2);
    assert!(j.store.undo_delete_journal(&me.id, &work.id).is_err());

    // The last journal stays.
    assert!(matches!(
        j.store.delete_journal(&me.id, &personal.id, None),
        Err(StoreError::InvalidInput(_))
    ));
    // Another person's journal is not one of mine.
    let bob = person(&j.store, "bob");
    assert!(j
        .store
        .create_entry(&bob.id, Some(&personal.id), None)
        .is_err());
    assert!(j.store.move_entry(&bob.id, &mine.id, &personal.id).is_err());
}

#[test]
fn stars_filter_the_list() {
    let j = journal();
    let me = person(&j.store, "ada");
    let a = j.store.insert_entry(&me.id, 1_000, "one").unwrap();
    j.store.insert_entry(&me.id, 2_000, "two").unwrap();
    assert!(
        j.store
            .set_entry_starred(&me.id, &a.id, true)
            .unwrap()
            .starred
    );
    let starred = EntryFilter {
        starred: true,
        ..filter()
    };
    let page = j.store.list_entries(&me.id, &starred, 0, 10).unwrap();
    assert_eq!((page.total, page.items[0].id.as_str()), (1, a.id.as_str()));
    assert!(
        !j.store
            .set_entry_starred(&me.id, &a.id, false)
            .unwrap()
            .starred
    );
    assert_eq!(
        j.store.list_entries(&me.id, &starred, 0, 10).unwrap().total,
        0
    );
}

#[test]
fn tags_come_from_the_text_and_follow_edits_deletes_and_restores() {
    let j = journal();
    let me = person(&j.store, "ada");
    let a = j.store.create_entry(&me.id, None, None).unwrap();
    j.store
        .save_entry(&me.id, &a.id, "By the sea #Walk #family")
        .unwrap();
    let b = j
        .store
        .insert_entry(&me.id, 1_000, "Rain again #walk")
        .unwrap();
    let names = |j: &crate::support::journal::Journal| -> Vec<(String, u32)> {
        j.store
            .list_tags(&me.id)
            .unwrap()
            .into_iter()
            .map(|t| (t.name, t.entries))
            .collect()
    };
    assert_eq!(
        names(&j),
        [("family".to_owned(), 1), ("Walk".to_owned(), 2)]
    );

    let walks = EntryFilter {
        tag: Some("#WALK".into()),
        ..filter()
    };
    let page = j.store.list_entries(&me.id, &walks, 0, 10).unwrap();
    let ids: Vec<&str> = page.items.iter().map(|e| e.id.as_str()).collect();
    assert_eq!((page.total, ids), (2, vec![a.id.as_str(), b.id.as_str()]));

    // Editing the text is editing the tags.
    j.store
        .save_entry(&me.id, &a.id, "By the sea #family")
        .unwrap();
    assert_eq!(
        names(&j),
        [("family".to_owned(), 1), ("Walk".to_owned(), 1)]
    );
    // A deleted entry's tags are not counted; Undo brings them back.
    j.store.delete_entry(&me.id, &b.id).unwrap();
    assert_eq!(names(&j), [("family".to_owned(), 1)]);
    assert_eq!(
        j.store.list_entries(&me.id, &walks, 0, 10).unwrap().total,
        0
    );
    j.store.restore_entry(&me.id, &b.id).unwrap();
    assert_eq!(
        names(&j),
        [("family".to_owned(), 1), ("walk".to_owned(), 1)]
    );
    // An unknown tag filters to nothing rather than failing.
    let none = EntryFilter {
        tag: Some("nope".into()),
        ..filter()
    };
    assert_eq!(j.store.list_entries(&me.id, &none, 0, 10).unwrap().total, 0);
    // Re-dating an entry keeps it under its tags, in its new place.
    j.store
        .set_entry_date(&me.id, &b.id, 5_000_000_000_000)
        .unwrap();
    let page = j.store.list_entries(&me.id, &walks, 0, 10).unwrap();
    assert_eq!((page.total, page.items[0].dated_at), (1, 5_000_000_000_000));
}

#[test]
fn renaming_a_tag_rewrites_every_entry_and_merges_into_an_existing_one() {
    let j = journal();
    let me = person(&j.store, "ada");
    let a = j
        .store
        .insert_entry(&me.id, 1_000, "#work then #Work/plan and #workout")
        .unwrap();
    let b = j
        .store
        .insert_entry(&me.id, 2_000, "Meeting #Work #job")
        .unwrap();
    let c = j.store.insert_entry(&me.id, 3_000, "Just a #job").unwrap();

    let renamed = j.store.rename_tag(&me.id, "work", "job").unwrap();
    assert_eq!((renamed.name.as_str(), renamed.entries), ("job", 2));
    // The app folds the rename's log into the journal afterwards, beside the open connections.
    j.store.checkpoint().unwrap();
    assert_eq!(
        j.store.get_entry(&me.id, &a.id).unwrap().content,
        "#job then #Work/plan and #workout"
    );
    assert_eq!(
        j.store.get_entry(&me.id, &b.id).unwrap().content,
        "Meeting #job #job"
    );
    assert_eq!(
        j.store.get_entry(&me.id, &c.id).unwrap().content,
        "Just a #job"
    );
    let tags: Vec<(String, u32)> = j
        .store
        .list_tags(&me.id)
        .unwrap()
        .into_iter()
        .map(|t| (t.name, t.entries))
        .collect();
    assert_eq!(
        tags,
        [
            ("job".to_owned(), 3),
            ("Work/plan".to_owned(), 1),
            ("workout".to_owned(), 1)
        ]
    );
    // Search sees the renamed text.
    assert_eq!(j.store.search_entries(&me.id, "job ", 10).unwrap().len(), 3);
    assert!(j
        .store
        .search_entries(&me.id, "meeting work ", 10)
        .unwrap()
        .is_empty());

    // Only the spelling: the tag keeps its entries, shown the new way.
    j.store.rename_tag(&me.id, "#JOB", "Job").unwrap();
    assert_eq!(j.store.list_tags(&me.id).unwrap()[0].name, "Job");

    assert!(matches!(
        j.store.rename_tag(&me.id, "job", "two words"),
        Err(StoreError::InvalidInput(_))
    ));
    assert!(matches!(
        j.store.rename_tag(&me.id, "job", "2024"),
        Err(StoreError::InvalidInput(_))
    ));
    assert!(matches!(
        j.store.rename_tag(&me.id, "missing", "x"),
        Err(StoreError::NotFound)
    ));
}

#[test]
fn a_journal_from_before_dates_and_tags_gets_them_on_upgrade() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(DATABASE_FILE);
    let key = quire_core::keys::ContentKey::generate();
    {
        let mut conn = connect(&path, Some(&key));
        quire_core::store::migrations()
            .to_version(&mut conn, 7)
            .unwrap();
        conn.execute_batch(
            "INSERT INTO users (id, issuer, subject, first_seen_at, updated_at)
                 VALUES ('u1', 'https://id.example.test', 'ada', 0, 0);
             INSERT INTO entries (id, user_id, created_at, updated_at, content, title, word_count)
                 VALUES ('0190a000-0000-7000-8000-000000000001', 'u1', 5000, 5000, 'older #sea walk', 'older', 3),
                        ('0190a000-0000-7000-8000-000000000002', 'u1', 9000, 9000, 'newer #Sea swim', 'newer', 3),
                        ('0190a000-0000-7000-8000-000000000003', 'u1', 9000, 9000, 'same moment', 'same', 2);",
        )
        .unwrap();
    }
    let store = quire_core::store::Store::open(&path, &key).unwrap();
    let me = quire_core::store::UserId("u1".into());
    let page = store.list_entries(&me, &filter(), 0, 10).unwrap();
    let dates: Vec<i64> = page.items.iter().map(|e| e.dated_at).collect();
    assert_eq!(
        dates,
        [9000, 9000, 5000],
        "each entry is dated when it was created"
    );
    assert_eq!(page.items[0].id, "0190a000-0000-7000-8000-000000000003");
    let journals = store.list_journals(&me).unwrap();
    assert_eq!((journals.len(), journals[0].entries), (1, 3));
    assert!(page.items.iter().all(|e| e.journal_id == journals[0].id));
    let tags = store.list_tags(&me).unwrap();
    assert_eq!((tags[0].name.as_str(), tags[0].entries), ("sea", 2));
    assert_eq!(store.search_entries(&me, "swim", 10).unwrap().len(), 1);
    // And the key still opens it: nothing of the upgrade left the encrypted file.
    drop(store);
    let check = connect(&path, Some(&key));
    let version: i64 = check
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(version as usize, quire_core::store::MIGRATION_COUNT);
}

#[test]
fn a_new_person_gets_one_journal_and_signing_in_again_adds_none() {
    let j = journal();
    let me = person(&j.store, "ada");
    person(&j.store, "ada");
    assert_eq!(j.store.list_journals(&me.id).unwrap().len(), 1);
    let conn = connect_to(&j.store);
    let all: i64 = conn
        .query_row("SELECT count(*) FROM journals", [], |r| r.get(0))
        .unwrap();
    assert_eq!(all, 1);
}
