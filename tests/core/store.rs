//! The journal store against a real SQLite file in a temporary folder.

use crate::support::journal::{connect_to, journal, person};
use quire_core::keys::ContentKey;
use quire_core::store::{
    migrations, NewUser, Store, StoreError, User, DATABASE_FILE, MAX_ENTRY_BYTES,
};

#[test]
fn migrations_validate() {
    migrations().validate().expect("migrations are valid");
}

#[test]
fn connections_are_durable_and_enforce_foreign_keys() {
    let j = journal();
    let conn = connect_to(&j.store);
    let mode: String = conn
        .query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .unwrap();
    assert_eq!(mode, "wal");
    // And the store's own connection refuses an entry for a user that does not exist.
    let ghost = quire_core::store::UserId("no-such-user".into());
    assert!(j.store.create_entry(&ghost, None, None).is_err());
}

#[test]
fn an_entry_is_created_saved_and_read_back() {
    let j = journal();
    let me = person(&j.store, "ada");
    let entry = j.store.create_entry(&me.id, None, None).unwrap();
    assert_eq!(entry.content, "");
    assert!(uuid::Uuid::parse_str(&entry.id).is_ok());

    let text = "\n  A quiet morning  \nThe kettle, the light, the first page.";
    let summary = j.store.save_entry(&me.id, &entry.id, text).unwrap();
    assert_eq!(summary.title, "A quiet morning");
    assert_eq!(summary.word_count, 10);
    assert!(summary.updated_at >= entry.updated_at);

    let back = j.store.get_entry(&me.id, &entry.id).unwrap();
    assert_eq!(back.content, text);
    assert_eq!(back.word_count, 10);
}

#[test]
fn saved_text_survives_reopening_the_database() {
    let (dir, key) = (tempfile::tempdir().unwrap(), ContentKey::generate());
    let (user, id) = {
        let store = Store::open_in(dir.path(), &key).unwrap();
        let me = person(&store, "ada");
        let entry = store.create_entry(&me.id, None, None).unwrap();
        store.save_entry(&me.id, &entry.id, "kept").unwrap();
        (me, entry.id)
    };
    assert!(dir.path().join(DATABASE_FILE).exists());
    let store = Store::open_in(dir.path(), &key).unwrap();
    assert_eq!(store.get_entry(&user.id, &id).unwrap().content, "kept");
}

#[test]
fn saving_unchanged_text_writes_nothing() {
    let j = journal();
    let me = person(&j.store, "ada");
    let entry = j.store.create_entry(&me.id, None, None).unwrap();
    let first = j.store.save_entry(&me.id, &entry.id, "same").unwrap();
    std::thread::sleep(std::time::Duration::from_millis(5));
    let second = j.store.save_entry(&me.id, &entry.id, "same").unwrap();
    assert_eq!(first.updated_at, second.updated_at);
}

#[test]
fn oversized_entries_are_refused_with_a_reason() {
    let j = journal();
    let me = person(&j.store, "ada");
    let entry = j.store.create_entry(&me.id, None, None).unwrap();
    let huge = "a".repeat(MAX_ENTRY_BYTES + 1);
    match j.store.save_entry(&me.id, &entry.id, &huge) {
        Err(StoreError::InvalidInput(reason)) => assert!(reason.contains("limit")),
        other => panic!("expected InvalidInput, got {other:?}"),
    }
    // Ten megabytes is a legitimate, if long, entry.
    let long = "word ".repeat(2 * 1024 * 1024);
    assert_eq!(
        j.store
            .save_entry(&me.id, &entry.id, &long)
            .unwrap()
            .word_count,
        2 * 1024 * 1024
    );
}

#[test]
fn the_list_pages_newest_first() {
    let j = journal();
    let me = person(&j.store, "ada");
    for day in 0..25 {
        j.store
            .insert_entry(
                &me.id,
                1_700_000_000_000 + day * 86_400_000,
                &format!("Day {day}"),
            )
            .unwrap();
    }
    let first = j
        .store
        .list_entries(&me.id, &quire_core::store::EntryFilter::default(), 0, 10)
        .unwrap();
    assert_eq!(first.total, 25);
    let titles: Vec<_> = first.items.iter().map(|e| e.title.as_str()).collect();
    assert_eq!(titles[..3], ["Day 24", "Day 23", "Day 22"]);
    let last = j
        .store
        .list_entries(&me.id, &quire_core::store::EntryFilter::default(), 20, 10)
        .unwrap();
    assert_eq!(last.offset, 20);
    let titles: Vec<_> = last.items.iter().map(|e| e.title.as_str()).collect();
    assert_eq!(titles, ["Day 4", "Day 3", "Day 2", "Day 1", "Day 0"]);
    assert!(j
        .store
        .list_entries(&me.id, &quire_core::store::EntryFilter::default(), 30, 10)
        .unwrap()
        .items
        .is_empty());
}

#[test]
fn entries_written_in_the_same_millisecond_keep_their_order() {
    let j = journal();
    let me = person(&j.store, "ada");
    for n in 0..3 {
        j.store.insert_entry(&me.id, 42, &format!("n{n}")).unwrap();
    }
    let page = j
        .store
        .list_entries(&me.id, &quire_core::store::EntryFilter::default(), 0, 10)
        .unwrap();
    let titles: Vec<_> = page.items.iter().map(|e| e.title.as_str()).collect();
    assert_eq!(titles, ["n2", "n1", "n0"]);
}

#[test]
fn search_ranks_the_best_match_first_and_marks_the_words() {
    let j = journal();
    let me = person(&j.store, "ada");
    j.store
        .insert_entry(&me.id, 1, "Walked to the harbour. Gulls everywhere.")
        .unwrap();
    let best = j
        .store
        .insert_entry(
            &me.id,
            2,
            "Harbour, harbour, harbour: I could live by the harbour.",
        )
        .unwrap();
    j.store
        .insert_entry(&me.id, 3, "Nothing about the sea.")
        .unwrap();

    let hits = j.store.search_entries(&me.id, "harbour", 20).unwrap();
    assert_eq!(hits.len(), 2);
    assert_eq!(hits[0].entry.id, best.id);
    let marked: Vec<_> = hits[0]
        .snippet
        .iter()
        .filter(|p| p.hit)
        .map(|p| p.text.as_str())
        .collect();
    assert!(marked.iter().all(|w| w.eq_ignore_ascii_case("harbour")));
    assert!(marked.len() >= 2);
}

#[test]
fn search_matches_prefixes_accents_and_every_word() {
    let j = journal();
    let me = person(&j.store, "ada");
    let cafe = j
        .store
        .insert_entry(&me.id, 1, "Coffee at the café with Mira")
        .unwrap();
    j.store.insert_entry(&me.id, 2, "Coffee alone").unwrap();

    let ids = |q: &str| -> Vec<String> {
        j.store
            .search_entries(&me.id, q, 20)
            .unwrap()
            .into_iter()
            .map(|h| h.entry.id)
            .collect()
    };
    assert_eq!(ids("cafe"), vec![cafe.id.clone()]);
    assert_eq!(ids("coffee mi"), vec![cafe.id]);
    assert_eq!(ids("coff").len(), 2);
    assert!(ids("coff ").is_empty(), "a finished word is not a prefix");
    assert!(ids("\"unbalanced AND (").is_empty());
    assert!(ids("   ").is_empty());
}

#[test]
fn search_follows_edits_and_deletions() {
    let j = journal();
    let me = person(&j.store, "ada");
    let entry = j.store.insert_entry(&me.id, 1, "old words").unwrap();
    j.store.save_entry(&me.id, &entry.id, "new words").unwrap();
    assert!(j
        .store
        .search_entries(&me.id, "old", 20)
        .unwrap()
        .is_empty());
    assert_eq!(j.store.search_entries(&me.id, "new", 20).unwrap().len(), 1);
    j.store.delete_entry(&me.id, &entry.id).unwrap();
    assert!(j
        .store
        .search_entries(&me.id, "new", 20)
        .unwrap()
        .is_empty());
}

#[test]
fn deleting_hides_an_entry_until_restored_and_purge_removes_it() {
    let j = journal();
    let me = person(&j.store, "ada");
    let entry = j.store.insert_entry(&me.id, 1, "regret").unwrap();
    j.store.delete_entry(&me.id, &entry.id).unwrap();
    assert_eq!(
        j.store
            .list_entries(&me.id, &quire_core::store::EntryFilter::default(), 0, 10)
            .unwrap()
            .total,
        0
    );
    assert!(matches!(
        j.store.get_entry(&me.id, &entry.id),
        Err(StoreError::NotFound)
    ));
    assert!(matches!(
        j.store.delete_entry(&me.id, &entry.id),
        Err(StoreError::NotFound)
    ));

    let restored = j.store.restore_entry(&me.id, &entry.id).unwrap();
    assert_eq!(restored.title, "regret");
    assert_eq!(
        j.store
            .list_entries(&me.id, &quire_core::store::EntryFilter::default(), 0, 10)
            .unwrap()
            .total,
        1
    );

    j.store.delete_entry(&me.id, &entry.id).unwrap();
    assert_eq!(j.store.purge_deleted(&me.id).unwrap(), 1);
    assert!(matches!(
        j.store.restore_entry(&me.id, &entry.id),
        Err(StoreError::NotFound)
    ));
}

#[test]
fn one_user_never_sees_or_touches_another_users_entries() {
    let j = journal();
    let ada = person(&j.store, "ada");
    let bob = person(&j.store, "bob");
    let secret = j
        .store
        .insert_entry(&ada.id, 1, "ada's secret plans")
        .unwrap();

    assert_eq!(
        j.store
            .list_entries(&bob.id, &quire_core::store::EntryFilter::default(), 0, 10)
            .unwrap()
            .total,
        0
    );
    assert!(j
        .store
        .search_entries(&bob.id, "secret", 10)
        .unwrap()
        .is_empty());
    assert!(matches!(
        j.store.get_entry(&bob.id, &secret.id),
        Err(StoreError::NotFound)
    ));
    assert!(matches!(
        j.store.save_entry(&bob.id, &secret.id, "defaced"),
        Err(StoreError::NotFound)
    ));
    assert!(matches!(
        j.store.delete_entry(&bob.id, &secret.id),
        Err(StoreError::NotFound)
    ));
    assert_eq!(j.store.purge_deleted(&bob.id).unwrap(), 0);

    let still = j.store.get_entry(&ada.id, &secret.id).unwrap();
    assert_eq!(still.content, "ada's secret plans");
    assert_eq!(
        j.store.search_entries(&ada.id, "secret", 10).unwrap().len(),
        1
    );
}

#[test]
fn upserting_the_same_account_updates_one_row() {
    let j = journal();
    let first = person(&j.store, "ada");
    let again = j
        .store
        .upsert_user(
            &NewUser {
                issuer: first.issuer.clone(),
                subject: first.subject.clone(),
                email: Some("ada@new.example.test".into()),
                display_name: Some("Ada".into()),
                ..NewUser::default()
            },
            false,
        )
        .unwrap();
    assert_eq!(again.id, first.id);
    assert_eq!(again.first_seen_at, first.first_seen_at);
    assert_eq!(again.email.as_deref(), Some("ada@new.example.test"));
    assert_eq!(again.last_sign_in_at, first.last_sign_in_at);
    let found = j
        .store
        .find_user(&first.issuer, &first.subject)
        .unwrap()
        .unwrap();
    assert_eq!(found, again);
    assert!(j.store.upsert_user(&NewUser::default(), true).is_err());
}

#[test]
fn signing_in_records_who_is_signed_in_until_cleared() {
    let j = journal();
    assert!(j.store.signed_in_user().unwrap().is_none());
    let account = NewUser {
        issuer: "https://id.example.test".into(),
        subject: "ada".into(),
        email: Some("ada@example.test".into()),
        ..NewUser::default()
    };
    let ada = j.store.sign_in(&account).unwrap();
    assert!(ada.last_sign_in_at.is_some());
    assert_eq!(j.store.signed_in_user().unwrap().as_ref(), Some(&ada));

    let bob = j
        .store
        .sign_in(&NewUser {
            subject: "bob".into(),
            ..account.clone()
        })
        .unwrap();
    assert_eq!(j.store.signed_in_user().unwrap().unwrap().id, bob.id);

    j.store.clear_signed_in().unwrap();
    assert!(j.store.signed_in_user().unwrap().is_none());
    // Signing in again as the same account finds the same row, and so the same entries.
    let entry = j.store.insert_entry(&ada.id, 1, "still mine").unwrap();
    let again = j.store.sign_in(&account).unwrap();
    assert_eq!(again.id, ada.id);
    assert_eq!(
        j.store.get_entry(&again.id, &entry.id).unwrap().content,
        "still mine"
    );
}

#[test]
fn the_entry_count_follows_every_change() {
    let j = journal();
    let ada = person(&j.store, "ada");
    let bob = person(&j.store, "bob");
    let counted = |user: &User| -> u32 {
        let conn = connect_to(&j.store);
        conn.query_row(
            "SELECT count(*) FROM entries WHERE user_id = ?1 AND deleted_at IS NULL",
            [user.id.as_str()],
            |r| r.get(0),
        )
        .unwrap()
    };
    let check = |step: &str| {
        for user in [&ada, &bob] {
            let listed = j
                .store
                .list_entries(&user.id, &quire_core::store::EntryFilter::default(), 0, 1)
                .unwrap()
                .total;
            assert_eq!(listed, counted(user), "{step}: {}", user.subject);
        }
    };
    check("empty");
    let mut ids = Vec::new();
    for i in 0..20 {
        ids.push(j.store.create_entry(&ada.id, None, None).unwrap().id);
        if i % 3 == 0 {
            j.store.create_entry(&bob.id, None, None).unwrap();
        }
    }
    j.store
        .insert_entries(&ada.id, None, (0..50).map(|i| (i, "bulk")))
        .unwrap();
    check("created");
    for id in ids.iter().step_by(2) {
        j.store.delete_entry(&ada.id, id).unwrap();
    }
    check("deleted");
    // Deleting twice, or another user's entry, changes nothing.
    assert!(j.store.delete_entry(&ada.id, &ids[0]).is_err());
    assert!(j.store.delete_entry(&bob.id, &ids[1]).is_err());
    check("refused deletes");
    j.store.restore_entry(&ada.id, &ids[0]).unwrap();
    check("restored");
    j.store.purge_deleted(&ada.id).unwrap();
    check("purged");
    assert_eq!(
        j.store
            .list_entries(&ada.id, &quire_core::store::EntryFilter::default(), 0, 1)
            .unwrap()
            .total,
        20 / 2 + 1 + 50
    );
}

#[test]
fn a_word_in_very_many_entries_is_ranked_among_the_newest() {
    let j = journal();
    let me = person(&j.store, "ada");
    // An old entry that says "lunch" the most, then 250 newer ones that say it once.
    j.store
        .insert_entries(&me.id, None, [(0, "lunch lunch lunch, the oldest lunch")])
        .unwrap();
    let newer: Vec<String> = (0..250)
        .map(|i| format!("Entry {i}: lunch, then a long walk by the river and home again"))
        .collect();
    j.store
        .insert_entries(
            &me.id,
            None,
            newer
                .iter()
                .enumerate()
                .map(|(i, t)| (i as i64 + 1, t.as_str())),
        )
        .unwrap();
    let hits = j.store.search_entries(&me.id, "lunch ", 20).unwrap();
    assert_eq!(hits.len(), 20);
    assert!(
        hits.iter().all(|h| h.entry.title.starts_with("Entry")),
        "only the newest 200 matches are ranked"
    );
    // With fewer matches, the best match wins wherever it is.
    let few = j.store.search_entries(&me.id, "oldest", 20).unwrap();
    assert_eq!(few.len(), 1);
    let two = j.store.search_entries(&me.id, "oldest lunch", 20).unwrap();
    assert_eq!(two[0].entry.title, "lunch lunch lunch, the oldest lunch");
}

#[test]
fn closing_the_store_folds_the_write_ahead_log_back() {
    let (dir, key) = (tempfile::tempdir().unwrap(), ContentKey::generate());
    let store = Store::open_in(dir.path(), &key).unwrap();
    let me = person(&store, "ada");
    let entry = store.create_entry(&me.id, None, None).unwrap();
    store.save_entry(&me.id, &entry.id, "Kept.").unwrap();
    let wal = dir.path().join(format!("{DATABASE_FILE}-wal"));
    assert!(wal.exists(), "writes go to the log first");
    drop(store);
    assert!(
        !wal.exists(),
        "the last connection to close checkpoints and removes the log"
    );
    let store = Store::open_in(dir.path(), &key).unwrap();
    assert_eq!(store.get_entry(&me.id, &entry.id).unwrap().content, "Kept.");
}
