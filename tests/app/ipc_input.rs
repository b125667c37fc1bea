//! Property tests of what the journal window's commands do with arbitrary input before and after it
//! reaches the store: the id check every entry command runs (`commands::entry_id`), the search
//! input check (`commands::search_input`), and the store's save, read and search with arbitrary
//! text. None panics; ids are accepted exactly when they parse as UUIDs; a saved text reads back
//! byte for byte; a search answers for any input the command lets through; a text over
//! `MAX_ENTRY_BYTES` is refused and leaves the entry as it was. The checks run 1,000 generated cases
//! each and the store 100, since each of its cases commits to a database on disk (set
//! `PROPTEST_CASES` for more; the store runs a tenth of it). `tests/e2e/bad_input.test.mjs` sends the same kinds of
//! input through the real IPC.

use proptest::prelude::*;
use quire::shell::commands::{entry_id, search_input, MAX_QUERY_CHARS};
use quire::shell::error::ErrorCode;
use quire_core::store::{Store, StoreError, UserId, MAX_ENTRY_BYTES};

fn config() -> ProptestConfig {
    ProptestConfig {
        cases: std::env::var("PROPTEST_CASES")
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(1_000),
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

/// Id-shaped strings: real UUIDs in their various spellings, near misses and noise.
fn id_like() -> impl Strategy<Value = String> {
    let uuid = any::<u128>().prop_map(|n| uuid::Uuid::from_u128(n).to_string());
    prop_oneof![
        uuid.clone(),
        uuid.clone().prop_map(|u| u.to_uppercase()),
        uuid.clone().prop_map(|u| format!("{{{u}}}")),
        uuid.clone().prop_map(|u| u.replace('-', "")),
        uuid.clone().prop_map(|u| format!("urn:uuid:{u}")),
        (uuid.clone(), any::<char>()).prop_map(|(u, c)| format!("{u}{c}")),
        (uuid, 0..36_usize).prop_map(|(u, cut)| u[..cut].to_owned()),
        "[0-9a-fA-F-]{0,40}",
        ".*",
    ]
}

/// Text as people and broken pages write it: words, quotes and FTS5 operators, NUL and other
/// controls, combining marks, emoji, and anything else.
fn text_like() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        "[a-zA-Z]{1,12}",
        Just(" ".to_owned()),
        Just("\n".to_owned()),
        Just("\"".to_owned()),
        Just("*".to_owned()),
        Just("-".to_owned()),
        Just("^".to_owned()),
        Just("NEAR(".to_owned()),
        Just(" OR ".to_owned()),
        Just(" AND ".to_owned()),
        Just(" NOT ".to_owned()),
        Just("content:".to_owned()),
        Just("\0".to_owned()),
        Just("\u{2}\u{3}".to_owned()),
        Just("e\u{301}".to_owned()),
        Just("\u{1F98A}".to_owned()),
        Just("\u{FFFD}".to_owned()),
        "\\PC{1,4}",
        ".{1,4}",
    ];
    prop::collection::vec(piece, 0..24).prop_map(|parts| parts.concat())
}

fn journal_with_person() -> (crate::journal::Journal, UserId) {
    let journal = crate::journal::journal();
    let user = crate::journal::person(&journal.store, "ada").id;
    (journal, user)
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn entry_id_accepts_exactly_the_strings_that_parse_as_uuids(id in id_like()) {
        let parses = uuid::Uuid::parse_str(&id).is_ok();
        match entry_id(id.clone()) {
            Ok(kept) => {
                prop_assert!(parses, "accepted a non-UUID: {id:?}");
                prop_assert_eq!(kept, id, "an accepted id is passed on unchanged");
            }
            Err(err) => {
                prop_assert!(!parses, "refused a UUID: {id:?}");
                prop_assert_eq!(err.code, ErrorCode::InvalidInput);
                prop_assert!(err.message.contains("Reload the entry list"));
            }
        }
    }

    #[test]
    fn search_input_refuses_only_overlong_input_and_drops_only_nul(query in text_like()) {
        match search_input(query.clone()) {
            Ok(kept) => {
                prop_assert!(query.chars().count() <= MAX_QUERY_CHARS);
                prop_assert_eq!(kept, query.replace('\0', ""));
            }
            Err(err) => {
                prop_assert!(query.chars().count() > MAX_QUERY_CHARS);
                prop_assert_eq!(err.code, ErrorCode::InvalidInput);
            }
        }
    }

    #[test]
    fn overlong_search_input_is_refused(extra in 1..50_usize, c in any::<char>()) {
        let query: String = std::iter::repeat_n(c, MAX_QUERY_CHARS + extra).collect();
        prop_assert_eq!(search_input(query).unwrap_err().code, ErrorCode::InvalidInput);
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: config().cases / 10, ..config() })]

    #[test]
    fn any_text_is_saved_and_read_back_exactly_and_any_search_answers(
        texts in prop::collection::vec(text_like(), 1..4),
        queries in prop::collection::vec(text_like(), 1..4),
    ) {
        let (journal, user) = journal_with_person();
        let store: &Store = &journal.store;
        let entry = store.create_entry(&user, None, None).unwrap();
        for text in &texts {
            store.save_entry(&user, &entry.id, text).unwrap();
            prop_assert_eq!(&store.get_entry(&user, &entry.id).unwrap().content, text);
        }
        for query in queries {
            let Ok(query) = search_input(query) else { continue };
            let hits = store.search_entries(&user, &query, 50);
            prop_assert!(hits.is_ok(), "search for {:?} failed: {:?}", query, hits.err());
            for hit in hits.unwrap() {
                prop_assert_eq!(&hit.entry.id, &entry.id);
            }
        }
    }
}

#[test]
fn a_text_over_the_limit_is_refused_and_leaves_the_entry_as_it_was() {
    let (journal, user) = journal_with_person();
    let store = &journal.store;
    let entry = store.create_entry(&user, None, None).unwrap();
    let at_limit = "y".repeat(MAX_ENTRY_BYTES);
    store.save_entry(&user, &entry.id, &at_limit).unwrap();
    // One byte over, in two-byte characters: half as many chars as bytes.
    let over = format!("a{}", "\u{e9}".repeat(MAX_ENTRY_BYTES / 2));
    assert_eq!(over.len(), MAX_ENTRY_BYTES + 1);
    for text in [over, "z".repeat(MAX_ENTRY_BYTES + 1)] {
        let err = store.save_entry(&user, &entry.id, &text).unwrap_err();
        assert!(
            matches!(err, StoreError::InvalidInput(_)),
            "over the limit must be invalid input, got {err:?}"
        );
        assert!(store.get_entry(&user, &entry.id).unwrap().content == at_limit);
    }
}

#[test]
fn another_persons_entry_is_never_read_or_changed() {
    let (journal, ada) = journal_with_person();
    let store = &journal.store;
    let bob = crate::journal::person(store, "bob").id;
    let theirs = store.insert_entry(&bob, 1, "bob's page").unwrap();
    assert!(matches!(
        store.get_entry(&ada, &theirs.id),
        Err(StoreError::NotFound)
    ));
    assert!(matches!(
        store.save_entry(&ada, &theirs.id, "ada was here"),
        Err(StoreError::NotFound)
    ));
    assert!(matches!(
        store.delete_entry(&ada, &theirs.id),
        Err(StoreError::NotFound)
    ));
    store.delete_entry(&bob, &theirs.id).unwrap();
    assert!(matches!(
        store.restore_entry(&ada, &theirs.id),
        Err(StoreError::NotFound)
    ));
    store.restore_entry(&bob, &theirs.id).unwrap();
    assert_eq!(
        store.get_entry(&bob, &theirs.id).unwrap().content,
        "bob's page"
    );
    assert!(store.search_entries(&ada, "bob", 50).unwrap().is_empty());
}
