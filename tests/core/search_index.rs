//! The full-text index is brought up to date after saves rather than inside them (migration 7):
//! a save only notes the edited entry, and searching, the analysis worker or the next launch index
//! it. These tests check that no state of that lag can be seen by a search, and that the index
//! always ends up exactly in step with the entries (FTS5's own integrity check, which compares the
//! index with the text it was built from).

use crate::support::journal::{connect_to, journal, key_of, person};
use quire_core::store::Store;

fn pending(store: &Store) -> Vec<(i64, String)> {
    let conn = connect_to(store);
    let mut stmt = conn
        .prepare("SELECT entry_seq, indexed FROM fts_pending ORDER BY entry_seq")
        .unwrap();
    stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

/// FTS5's integrity check, comparing the index with the entries' text; it fails on any mismatch.
fn assert_index_matches_entries(store: &Store) {
    let conn = connect_to(store);
    conn.execute(
        "INSERT INTO entries_fts (entries_fts, rank) VALUES ('integrity-check', 1)",
        [],
    )
    .expect("the full-text index matches the entries");
}

#[test]
fn a_save_leaves_the_index_alone_and_notes_the_entry_once() {
    let j = journal();
    let me = person(&j.store, "ada");
    let entry = j.store.insert_entry(&me.id, 1, "first draft").unwrap();
    assert!(
        pending(&j.store).is_empty(),
        "a new entry is indexed at once"
    );
    for text in ["second draft", "third draft", "fourth draft"] {
        j.store.save_entry(&me.id, &entry.id, text).unwrap();
    }
    let noted = pending(&j.store);
    assert_eq!(noted.len(), 1, "one note per entry, however many saves");
    assert_eq!(noted[0].1, "first draft", "the text the index still holds");

    assert_eq!(j.store.index_pending().unwrap(), 1);
    assert!(pending(&j.store).is_empty());
    assert_index_matches_entries(&j.store);
    assert_eq!(j.store.index_pending().unwrap(), 0);
}

#[test]
fn search_sees_every_saved_word_before_the_index_catches_up() {
    let j = journal();
    let me = person(&j.store, "ada");
    let entry = j
        .store
        .insert_entry(&me.id, 1, "walked the heron path")
        .unwrap();
    j.store
        .save_entry(&me.id, &entry.id, "walked the kingfisher path")
        .unwrap();
    assert_eq!(pending(&j.store).len(), 1);
    let hits = j.store.search_entries(&me.id, "kingfisher", 20).unwrap();
    assert_eq!(hits.len(), 1, "the newest text is found");
    assert!(hits[0]
        .snippet
        .iter()
        .any(|p| p.hit && p.text == "kingfisher"));
    assert!(j
        .store
        .search_entries(&me.id, "heron", 20)
        .unwrap()
        .is_empty());
    assert!(pending(&j.store).is_empty(), "the search indexed it first");

    j.store
        .save_entry(&me.id, &entry.id, "an otter by the weir")
        .unwrap();
    let answer = j.store.ask(&me.id, "where was the otter?", None).unwrap();
    assert_eq!(answer.sources.len(), 1, "ask sees it too");
    assert_index_matches_entries(&j.store);
}

#[test]
fn deleting_an_entry_with_an_unindexed_edit_leaves_nothing_behind() {
    let j = journal();
    let me = person(&j.store, "ada");
    let kept = j.store.insert_entry(&me.id, 1, "kept as written").unwrap();
    let gone = j.store.insert_entry(&me.id, 2, "before the edit").unwrap();
    j.store
        .save_entry(&me.id, &gone.id, "after the edit")
        .unwrap();
    j.store
        .save_entry(&me.id, &kept.id, "kept, then edited")
        .unwrap();
    j.store.delete_entry(&me.id, &gone.id).unwrap();
    assert_eq!(j.store.purge_deleted(&me.id).unwrap(), 1);
    // The purge told the index exactly what it held for that entry, and dropped its note.
    assert_eq!(pending(&j.store).len(), 1);
    assert_eq!(j.store.index_pending().unwrap(), 1);
    assert_index_matches_entries(&j.store);
    for word in ["before", "after"] {
        assert!(j.store.search_entries(&me.id, word, 20).unwrap().is_empty());
    }
    assert_eq!(
        j.store.search_entries(&me.id, "edited", 20).unwrap().len(),
        1
    );
}

#[test]
fn edits_left_unindexed_by_a_crash_are_indexed_after_reopening() {
    let j = journal();
    let me = person(&j.store, "ada");
    let (path, key) = (j.store.path().to_path_buf(), key_of(&j.store));
    let mut ids = Vec::new();
    for i in 0..450 {
        ids.push(
            j.store
                .insert_entry(&me.id, i, &format!("entry {i} about nothing"))
                .unwrap()
                .id,
        );
    }
    for id in &ids {
        j.store
            .save_entry(&me.id, id, "now about lighthouses")
            .unwrap();
    }
    // Gone without indexing, as if the app had been killed.
    std::mem::forget(j.store);
    let store = Store::open(&path, &key).unwrap();
    assert_eq!(pending(&store).len(), 450);
    assert_eq!(
        store.index_pending().unwrap(),
        450,
        "in batches, all of them"
    );
    assert_index_matches_entries(&store);
    assert_eq!(
        store
            .search_entries(&me.id, "lighthouses", 500)
            .unwrap()
            .len(),
        200,
        "the search returns at most its rank window"
    );
    assert!(store
        .search_entries(&me.id, "nothing", 20)
        .unwrap()
        .is_empty());
}

#[test]
fn saving_text_back_to_what_is_indexed_costs_the_index_nothing() {
    let j = journal();
    let me = person(&j.store, "ada");
    let entry = j.store.insert_entry(&me.id, 1, "as it was").unwrap();
    j.store.save_entry(&me.id, &entry.id, "a typo").unwrap();
    j.store.save_entry(&me.id, &entry.id, "as it was").unwrap();
    assert_eq!(j.store.index_pending().unwrap(), 1);
    assert_index_matches_entries(&j.store);
    assert_eq!(j.store.search_entries(&me.id, "was", 20).unwrap().len(), 1);
}
