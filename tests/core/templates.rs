//! Journal templates: a new entry in a journal starts with its template, the date and time filled
//! in; the template is the journal's own, capped, and only its person can set it.

use crate::support::journal::{journal, person};
use quire_core::store::{fill_template, JournalColour, StoreError, MAX_TEMPLATE_BYTES};

#[test]
fn a_new_entry_starts_with_its_journals_template_and_its_date_filled_in() {
    let j = journal();
    let me = person(&j.store, "ada");
    let dreams = j
        .store
        .create_journal(&me.id, "Dreams", JournalColour::Purple)
        .unwrap();
    assert_eq!(dreams.template, "", "a journal starts without a template");
    let set = j
        .store
        .set_journal_template(&me.id, &dreams.id, "## {{date}}\n\nLast night I dreamt ")
        .unwrap();
    assert_eq!(set.template, "## {{date}}\n\nLast night I dreamt ");

    let dated = chrono_noon(2026, 3, 9);
    let entry = j
        .store
        .create_entry(&me.id, Some(&dreams.id), Some(dated))
        .unwrap();
    assert_eq!(
        entry.content,
        "## Monday 9 March 2026\n\nLast night I dreamt "
    );
    assert_eq!(
        j.store.get_entry(&me.id, &entry.id).unwrap().content,
        entry.content
    );

    // Other journals keep blank entries.
    let plain = j.store.create_entry(&me.id, None, Some(dated)).unwrap();
    assert_eq!(plain.content, "");

    // Cleared, new entries are blank again.
    j.store
        .set_journal_template(&me.id, &dreams.id, "")
        .unwrap();
    let blank = j
        .store
        .create_entry(&me.id, Some(&dreams.id), None)
        .unwrap();
    assert_eq!(blank.content, "");
}

#[test]
fn the_time_is_filled_in_and_text_without_placeholders_is_kept_as_it_is() {
    let noon = chrono_noon(2026, 12, 7);
    assert_eq!(
        fill_template("At {{time}} on {{date}}", noon),
        "At 12:00 on Monday 7 December 2026"
    );
    assert_eq!(
        fill_template("{{weather}} stays", noon),
        "{{weather}} stays"
    );
    assert_eq!(fill_template("", noon), "");
}

#[test]
fn a_template_is_capped_and_only_its_person_can_set_it() {
    let j = journal();
    let me = person(&j.store, "ada");
    let other = person(&j.store, "bo");
    let work = j
        .store
        .create_journal(&me.id, "Work", JournalColour::Blue)
        .unwrap();
    let too_long = "x".repeat(MAX_TEMPLATE_BYTES + 1);
    assert!(matches!(
        j.store.set_journal_template(&me.id, &work.id, &too_long),
        Err(StoreError::InvalidInput(_))
    ));
    assert!(matches!(
        j.store
            .set_journal_template(&other.id, &work.id, "mine now"),
        Err(StoreError::NotFound)
    ));
    let listed = j.store.list_journals(&me.id).unwrap();
    let kept = listed.iter().find(|journal| journal.id == work.id).unwrap();
    assert_eq!(
        kept.template, "",
        "nothing was written by the refused calls"
    );
}

/// Noon on that day, local time, in ms since the epoch.
fn chrono_noon(year: i32, month: u32, day: u32) -> i64 {
    crate::support::journal::local_noon(&format!("{year:04}-{month:02}-{day:02}"))
}
