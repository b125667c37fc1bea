//! The Day One export: its zip holds what Day One's importers look for (one JSON file per journal,
//! photos named by their MD5, Day One's ids and dates), and Quire's own Day One import reads it
//! back into the same entries: dates, time zones, text, tags, stars, places, pictures, journals.

use std::collections::BTreeSet;
use std::io::Read;

use crate::exchange_export::export_to;
use crate::exchange_import::run;
use crate::support::exchange::{carried, png, set_extras, snapshot};
use crate::support::journal::{journal, person};
use quire_core::exchange::ExportFormat;
use quire_core::store::{prepare_picture, JournalColour, Store, UserId};

/// Four entries in two journals, with what a Day One entry can hold.
fn make_journal(store: &Store, user: &UserId) {
    let work = store
        .create_journal(user, "Work", JournalColour::Green)
        .unwrap();
    let first = store
        .create_entry(user, None, Some(1_709_285_400_000))
        .unwrap();
    let picture = store
        .add_picture(user, &first.id, prepare_picture(png(5, 3, 40)).unwrap())
        .unwrap();
    let text = format!(
        "Walk by the sea\nMet #anna at the #beach. Path: C:\\Users\\ada \\*not bold\\*\n\
         ![sea|300](picture:{})\n`code\\.here`",
        picture.id
    );
    store.save_entry(user, &first.id, &text).unwrap();
    store.set_entry_starred(user, &first.id, true).unwrap();
    set_extras(
        store,
        &first.id,
        Some("Europe/Paris"),
        Some(
            r#"{"location": {"latitude": 43.3, "longitude": -1.5, "placeName": "Plage"},
                "weather": {"temperatureCelsius": 12.5, "conditionsDescription": "Sunny"}}"#,
        ),
    );

    let second = store
        .create_entry(user, Some(&work.id), Some(1_709_373_601_250))
        .unwrap();
    let a = store
        .add_picture(user, &second.id, prepare_picture(png(2, 2, 7)).unwrap())
        .unwrap();
    let b = store
        .add_picture(user, &second.id, prepare_picture(png(3, 3, 9)).unwrap())
        .unwrap();
    store
        .save_entry(
            user,
            &second.id,
            &format!(
                "Standup #work-life\n![](picture:{})\n\n![](picture:{})",
                a.id, b.id
            ),
        )
        .unwrap();
    set_extras(store, &second.id, Some("America/Argentina/Salta"), None);

    let third = store
        .create_entry(user, Some(&work.id), Some(-86_400_000))
        .unwrap();
    store
        .save_entry(
            user,
            &third.id,
            "Before 1970\n\n```\nfn x() { \"\\.\" }\n```",
        )
        .unwrap();

    let fourth = store
        .create_entry(user, None, Some(1_800_000_000_000))
        .unwrap();
    store
        .save_entry(user, &fourth.id, "Ünïcode title — “quotes” #été")
        .unwrap();
}

fn zip_text(archive: &mut zip::ZipArchive<std::fs::File>, name: &str) -> String {
    let mut text = String::new();
    archive
        .by_name(name)
        .unwrap()
        .read_to_string(&mut text)
        .unwrap();
    text
}

#[test]
fn the_day_one_zip_has_a_json_file_per_journal_and_photos_named_by_md5() {
    let j = journal();
    let me = person(&j.store, "ada");
    make_journal(&j.store, &me.id);
    let out = j.dir.path().join("dayone.zip");
    let report = export_to(&j.store, &me.id, ExportFormat::DayOne, &out);
    assert_eq!((report.entries, report.pictures), (4, 3));

    let mut archive = zip::ZipArchive::new(std::fs::File::open(&out).unwrap()).unwrap();
    let names: BTreeSet<String> = archive
        .file_names()
        .map(|name| name.unwrap().into_owned())
        .filter(|name| !name.starts_with("photos/"))
        .collect();
    assert_eq!(
        names,
        BTreeSet::from(["Journal.json".into(), "Work.json".into()])
    );

    let journal: serde_json::Value =
        serde_json::from_str(&zip_text(&mut archive, "Journal.json")).unwrap();
    assert_eq!(journal["metadata"]["version"], "1.0");
    let entries = journal["entries"].as_array().unwrap();
    assert_eq!(entries.len(), 2);
    let walk = &entries[0];
    let uuid = walk["uuid"].as_str().unwrap();
    assert_eq!(uuid.len(), 32);
    assert!(uuid
        .chars()
        .all(|c| c.is_ascii_digit() || c.is_ascii_uppercase()));
    assert_eq!(walk["creationDate"], "2024-03-01T09:30:00Z");
    assert_eq!(walk["timeZone"], "Europe/Paris");
    assert_eq!(walk["starred"], true);
    assert_eq!(walk["tags"], serde_json::json!(["anna", "beach"]));
    assert_eq!(walk["location"]["placeName"], "Plage");
    assert_eq!(walk["weather"]["conditionsDescription"], "Sunny");
    let photo = &walk["photos"][0];
    let (identifier, md5) = (
        photo["identifier"].as_str().unwrap(),
        photo["md5"].as_str().unwrap(),
    );
    assert_eq!(
        (photo["type"].as_str(), photo["width"].as_u64()),
        (Some("png"), Some(5))
    );
    assert!(walk["text"]
        .as_str()
        .unwrap()
        .contains(&format!("![sea|300](dayone-moment://{identifier})")));
    let mut bytes = Vec::new();
    archive
        .by_name(&format!("photos/{md5}.png"))
        .unwrap()
        .read_to_end(&mut bytes)
        .unwrap();
    assert_eq!(bytes, png(5, 3, 40));
    // No time zone is made up for an entry that has none.
    assert!(entries[1].get("timeZone").is_none());

    let work: serde_json::Value =
        serde_json::from_str(&zip_text(&mut archive, "Work.json")).unwrap();
    assert_eq!(work["entries"][0]["creationDate"], "1969-12-31T00:00:00Z");
    assert_eq!(
        work["entries"][1]["creationDate"],
        "2024-03-02T10:00:01.250Z"
    );
    assert_eq!(work["entries"][1]["photos"].as_array().unwrap().len(), 2);
}

#[test]
fn a_day_one_export_read_by_quires_day_one_import_gives_the_same_entries() {
    let from = journal();
    let me = person(&from.store, "ada");
    make_journal(&from.store, &me.id);
    let out = from.dir.path().join("dayone.zip");
    export_to(&from.store, &me.id, ExportFormat::DayOne, &out);
    assert_eq!(
        quire_core::exchange::detect(&out).unwrap(),
        quire_core::exchange::Format::DayOne
    );

    let to = journal();
    let them = person(&to.store, "ada");
    let report = run(&to.store, &them.id, &out).unwrap();
    assert_eq!(report.added, 4);
    assert!(
        report.skipped.is_empty() && report.notes.is_empty(),
        "{report:?}"
    );
    assert_eq!(
        carried(snapshot(&to.store, &them.id)),
        carried(snapshot(&from.store, &me.id))
    );

    // Read again, it adds nothing: the entries are known by their uuid.
    let again = run(&to.store, &them.id, &out).unwrap();
    assert_eq!((again.added, again.already_there), (0, 4));
}

#[test]
fn a_day_one_export_of_one_journal_holds_only_its_file() {
    let j = journal();
    let me = person(&j.store, "ada");
    make_journal(&j.store, &me.id);
    let work = j
        .store
        .list_journals(&me.id)
        .unwrap()
        .into_iter()
        .find(|journal| journal.name == "Work")
        .unwrap();
    let out = j.dir.path().join("work.zip");
    let report = quire_core::exchange::export(
        &j.store,
        &me.id,
        &quire_core::store::EntryFilter::journal(Some(&work.id)),
        ExportFormat::DayOne,
        &out,
        &mut |_| {},
        &std::sync::atomic::AtomicBool::new(false),
    )
    .unwrap();
    assert_eq!((report.entries, report.pictures), (2, 2));
    let archive = zip::ZipArchive::new(std::fs::File::open(&out).unwrap()).unwrap();
    let json: Vec<String> = archive
        .file_names()
        .map(|name| name.unwrap().into_owned())
        .filter(|name| name.ends_with(".json"))
        .collect();
    assert_eq!(json, ["Work.json"]);
}
