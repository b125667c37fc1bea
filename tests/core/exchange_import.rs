//! Importing jrnl's files into a real encrypted journal: the preview says what will happen and
//! writes nothing, tags and stars come across, what cannot be kept is skipped with its reason, a
//! bad file writes nothing, importing again adds nothing, and a cancelled import run again ends
//! where a clean one does.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};

use crate::support::journal::{journal, person};
use quire_core::exchange::{
    import, preview, ExchangeError, Format, ImportOptions, ImportReport, Progress, Source,
};
use quire_core::store::{EntryFilter, Store, UserId, MAX_ENTRY_BYTES};

pub const JRNL_JSON: &str = r#"{
  "tags": {"@anna": 1, "@beach": 1, "@c++": 1},
  "entries": [
    {"title": "Walk by the sea.", "body": "Met @Anna at the @beach.", "date": "2024-03-01",
     "time": "10:30", "tags": ["@anna", "@beach"], "starred": true},
    {"title": "Leap day that never was", "body": "", "date": "2023-02-29", "time": "10:00",
     "tags": [], "starred": false},
    {"title": "Code.", "body": "Wrote @c++ all day.", "date": "2024-03-02", "time": "09:00",
     "tags": ["@c++"], "starred": false}
  ]
}"#;

/// The same journal as jrnl writes its file.
pub const JRNL_TEXT: &str = "[2024-03-01 10:30] Walk by the sea. *
Met @Anna at the @beach.

[2023-02-29 10:00] Leap day that never was

[2024-03-02 09:00] Code.
Wrote @c++ all day.
";

pub fn write(dir: &Path, name: &str, contents: &[u8]) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, contents).unwrap();
    path
}

pub fn run(store: &Store, user: &UserId, path: &Path) -> Result<ImportReport, ExchangeError> {
    let source = Source::detect(path)?;
    import(
        store,
        user,
        &source,
        &ImportOptions::default(),
        &mut |_| {},
        &AtomicBool::new(false),
    )
}

/// Every live entry's date, star and text, oldest first.
pub fn contents(store: &Store, user: &UserId) -> Vec<(i64, bool, String)> {
    let mut all = Vec::new();
    loop {
        let page = store
            .list_entries(user, &EntryFilter::default(), all.len() as u32, 500)
            .unwrap();
        if page.items.is_empty() {
            break;
        }
        for summary in &page.items {
            let entry = store.get_entry(user, &summary.id).unwrap();
            all.push((entry.dated_at, entry.starred, entry.content));
        }
    }
    all.sort();
    all
}

fn local(date: &str) -> i64 {
    let naive = chrono::NaiveDateTime::parse_from_str(date, "%Y-%m-%d %H:%M").unwrap();
    chrono::TimeZone::from_local_datetime(&chrono::Local, &naive)
        .earliest()
        .unwrap()
        .timestamp_millis()
}

#[test]
fn a_jrnl_export_is_previewed_then_imported_with_its_tags_and_stars() {
    let j = journal();
    let me = person(&j.store, "ada");
    let path = write(j.dir.path(), "journal.json", JRNL_JSON.as_bytes());
    let source = Source::detect(&path).unwrap();
    assert_eq!(source.format, Format::JrnlJson);

    let seen = preview(&j.store, &me.id, &source, &ImportOptions::default()).unwrap();
    assert_eq!(seen.entries, 2);
    assert_eq!(seen.already_there, 0);
    assert_eq!(seen.first_date, Some(local("2024-03-01 10:30")));
    assert_eq!(seen.last_date, Some(local("2024-03-02 09:00")));
    assert_eq!(seen.journals.len(), 1);
    assert_eq!(
        (seen.journals[0].name.as_str(), seen.journals[0].entries),
        ("Journal", 2)
    );
    assert!(seen.journals[0].exists);
    let tags: Vec<(&str, u32)> = seen
        .tags
        .iter()
        .map(|t| (t.name.as_str(), t.entries))
        .collect();
    assert_eq!(tags, [("Anna", 1), ("beach", 1)]);
    assert_eq!(seen.skipped.len(), 1);
    assert_eq!(
        seen.skipped[0].to_string(),
        "journal.json, entry 2 (2023-02-29 10:00, \u{201c}Leap day that never was\u{201d}): its \
         date, \u{201c}2023-02-29 10:00\u{201d}, is not a date"
    );
    assert_eq!(seen.notes.len(), 1);
    assert!(
        seen.notes[0].to_string().starts_with(
            "journal.json, entry 3 (2024-03-02 09:00, \u{201c}Code.\u{201d}): the tag \u{201c}c++\u{201d} is not one Quire can read"
        ),
        "{}",
        seen.notes[0]
    );
    assert!(
        contents(&j.store, &me.id).is_empty(),
        "a preview writes nothing"
    );

    let mut steps = Vec::new();
    let report = import(
        &j.store,
        &me.id,
        &source,
        &ImportOptions::default(),
        &mut |p: Progress| steps.push((p.done, p.total)),
        &AtomicBool::new(false),
    )
    .unwrap();
    assert_eq!((report.added, report.already_there), (2, 0));
    assert_eq!(steps.last(), Some(&(2, 2)));
    assert_eq!(
        contents(&j.store, &me.id),
        [
            (
                local("2024-03-01 10:30"),
                true,
                "Walk by the sea.\nMet #Anna at the #beach.".to_owned()
            ),
            (
                local("2024-03-02 09:00"),
                false,
                "Code.\nWrote @c++ all day.".to_owned()
            ),
        ]
    );
    let tags: Vec<String> = j
        .store
        .list_tags(&me.id)
        .unwrap()
        .into_iter()
        .map(|t| t.name)
        .collect();
    assert_eq!(tags, ["Anna", "beach"]);
}

#[test]
fn importing_again_adds_nothing_and_the_preview_says_so() {
    let j = journal();
    let me = person(&j.store, "ada");
    let json = write(j.dir.path(), "journal.json", JRNL_JSON.as_bytes());
    assert_eq!(run(&j.store, &me.id, &json).unwrap().added, 2);
    let again = run(&j.store, &me.id, &json).unwrap();
    assert_eq!((again.added, again.already_there), (0, 2));
    let source = Source::detect(&json).unwrap();
    let seen = preview(&j.store, &me.id, &source, &ImportOptions::default()).unwrap();
    assert_eq!(
        (seen.entries, seen.already_there, seen.new_entries()),
        (2, 2, 0)
    );

    // jrnl's journal file holds the same entries, and is known as the same.
    let text = write(j.dir.path(), "journal.txt", JRNL_TEXT.as_bytes());
    assert_eq!(Source::detect(&text).unwrap().format, Format::JrnlText);
    let from_text = run(&j.store, &me.id, &text).unwrap();
    assert_eq!((from_text.added, from_text.already_there), (0, 2));
    assert_eq!(contents(&j.store, &me.id).len(), 2);
}

#[test]
fn jrnls_journal_file_reads_as_its_json_export_does() {
    let j = journal();
    let me = person(&j.store, "ada");
    let text = write(j.dir.path(), "journal.txt", JRNL_TEXT.as_bytes());
    let report = run(&j.store, &me.id, &text).unwrap();
    assert_eq!(report.added, 2);
    assert_eq!(
        report.skipped[0].to_string(),
        "journal.txt, entry 2 (2023-02-29 10:00, \u{201c}Leap day that never was\u{201d}): its \
         date, \u{201c}2023-02-29 10:00\u{201d}, is not a date"
    );
    let other = journal();
    let them = person(&other.store, "bo");
    let json = write(other.dir.path(), "journal.json", JRNL_JSON.as_bytes());
    run(&other.store, &them.id, &json).unwrap();
    assert_eq!(contents(&j.store, &me.id), contents(&other.store, &them.id));
}

#[test]
fn a_chosen_journal_takes_every_entry_and_named_ones_are_made() {
    let j = journal();
    let me = person(&j.store, "ada");
    let travel = j
        .store
        .create_journal(&me.id, "Travel", quire_core::store::JournalColour::Teal)
        .unwrap();
    let path = write(j.dir.path(), "journal.json", JRNL_JSON.as_bytes());
    let source = Source::detect(&path).unwrap();
    let options = ImportOptions {
        journal: Some(travel.id.clone()),
        ..ImportOptions::default()
    };
    let seen = preview(&j.store, &me.id, &source, &options).unwrap();
    assert_eq!(seen.journals.len(), 1);
    assert_eq!(seen.journals[0].name, "Travel");
    import(
        &j.store,
        &me.id,
        &source,
        &options,
        &mut |_| {},
        &AtomicBool::new(false),
    )
    .unwrap();
    let page = j
        .store
        .list_entries(&me.id, &EntryFilter::journal(Some(&travel.id)), 0, 10)
        .unwrap();
    assert_eq!(page.total, 2);
}

#[test]
fn a_file_cut_short_or_not_json_writes_nothing_and_says_where() {
    let j = journal();
    let me = person(&j.store, "ada");
    let cut = &JRNL_JSON[..JRNL_JSON.find("Wrote").unwrap()];
    let path = write(j.dir.path(), "cut.json", cut.as_bytes());
    let err = run(&j.store, &me.id, &path).unwrap_err();
    assert_eq!(
        err.to_string(),
        "cut.json, entry 3: the file ends in the middle of it: it may have been cut short. \
         Nothing was imported; export the file again and retry."
    );
    assert!(contents(&j.store, &me.id).is_empty());

    let broken = JRNL_JSON.replace("\"time\": \"09:00\"", "\"time\": 09:00");
    let path = write(j.dir.path(), "broken.json", broken.as_bytes());
    let err = run(&j.store, &me.id, &path).unwrap_err();
    assert!(
        err.to_string()
            .starts_with("broken.json, entry 3: this is not valid JSON (line"),
        "{err}"
    );
    assert!(contents(&j.store, &me.id).is_empty());

    let odd = JRNL_JSON.replace("\"starred\": true", "\"starred\": \"yes\"");
    let path = write(j.dir.path(), "odd.json", odd.as_bytes());
    let err = run(&j.store, &me.id, &path).unwrap_err();
    assert!(
        err.to_string()
            .starts_with("odd.json, entry 1: it is not as a jrnl JSON export has it (invalid type"),
        "{err}"
    );
    assert!(contents(&j.store, &me.id).is_empty());

    let path = write(j.dir.path(), "notes.txt", b"just some notes\n");
    assert!(matches!(
        Source::detect(&path),
        Err(ExchangeError::UnknownFormat { file }) if file == "notes.txt"
    ));
}

#[test]
fn an_entry_over_the_size_limit_is_skipped_and_the_rest_imported() {
    let j = journal();
    let me = person(&j.store, "ada");
    let huge = "word ".repeat(MAX_ENTRY_BYTES / 5 + 10);
    let json = serde_json::json!({
        "entries": [
            {"title": "Huge", "body": huge, "date": "2024-01-01", "time": "08:00"},
            {"title": "Small", "body": "fine", "date": "2024-01-02", "time": "08:00"},
        ]
    });
    let path = write(j.dir.path(), "big.json", json.to_string().as_bytes());
    let report = run(&j.store, &me.id, &path).unwrap();
    assert_eq!(report.added, 1);
    assert_eq!(report.skipped.len(), 1);
    assert_eq!(
        report.skipped[0].to_string(),
        "big.json, entry 1 (2024-01-01 08:00, \u{201c}Huge\u{201d}): it is 17 MB, over the 16 MB \
         an entry can hold"
    );
    assert_eq!(contents(&j.store, &me.id)[0].2, "Small\nfine");
}

/// `n` jrnl entries of about 150 words each, a few tagged and starred.
pub fn jrnl_json_of(n: usize) -> String {
    let words = [
        "sea", "walk", "bread", "morning", "letter", "garden", "rain", "train", "friend", "book",
        "quiet", "coffee", "river", "light", "window", "music",
    ];
    let entries: Vec<serde_json::Value> = (0..n)
        .map(|i| {
            let body: Vec<&str> = (0..150)
                .map(|w| words[(i * 7 + w * 3) % words.len()])
                .collect();
            let day = chrono::NaiveDate::from_ymd_opt(2000, 1, 1).unwrap()
                + chrono::Duration::days((i / 3) as i64);
            serde_json::json!({
                "title": format!("Day {i}."),
                "body": format!("{} @tag{}", body.join(" "), i % 10),
                "date": day.format("%Y-%m-%d").to_string(),
                "time": format!("{:02}:{:02}", 8 + i % 3, i % 60),
                "tags": [format!("@tag{}", i % 10)],
                "starred": i % 11 == 0,
            })
        })
        .collect();
    serde_json::json!({ "tags": {}, "entries": entries }).to_string()
}

#[test]
fn a_cancelled_import_run_again_ends_as_a_clean_one() {
    let j = journal();
    let me = person(&j.store, "ada");
    let path = write(j.dir.path(), "many.json", jrnl_json_of(1_000).as_bytes());
    let source = Source::detect(&path).unwrap();
    let options = ImportOptions {
        batch: 100,
        ..ImportOptions::default()
    };
    let cancel = AtomicBool::new(false);
    let report = import(
        &j.store,
        &me.id,
        &source,
        &options,
        &mut |p| {
            if p.done >= 300 {
                cancel.store(true, Ordering::Relaxed);
            }
        },
        &cancel,
    )
    .unwrap();
    assert!(report.cancelled);
    assert_eq!(report.added, 300, "whole batches only");
    assert_eq!(contents(&j.store, &me.id).len(), 300);

    let rest = run(&j.store, &me.id, &path).unwrap();
    assert_eq!((rest.added, rest.already_there), (700, 300));

    let clean = journal();
    let them = person(&clean.store, "bo");
    let path = write(
        clean.dir.path(),
        "many.json",
        jrnl_json_of(1_000).as_bytes(),
    );
    run(&clean.store, &them.id, &path).unwrap();
    assert_eq!(contents(&j.store, &me.id), contents(&clean.store, &them.id));
    assert_eq!(
        j.store.list_tags(&me.id).unwrap(),
        clean.store.list_tags(&them.id).unwrap()
    );
}
