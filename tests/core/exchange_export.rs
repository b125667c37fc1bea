//! Exports, against real encrypted journals: Quire's own zip read back gives the same journal (a
//! property test over made-up journals), the Markdown export's files and front matter, jrnl's JSON
//! read back, a cancelled export leaves nothing, and zips that are unsafe to open are refused.

use std::io::Write;
use std::path::Path;
use std::sync::atomic::AtomicBool;

use crate::exchange_import::{contents, run, write, JRNL_JSON};
use crate::support::exchange::{png, set_extras, snapshot, Snapshot};
use crate::support::journal::{journal, person};
use proptest::prelude::*;
use quire_core::exchange::{export, ExchangeError, ExportFormat, ExportReport};
use quire_core::store::{prepare_picture, EntryFilter, JournalColour, Store, UserId};

pub fn export_to(store: &Store, user: &UserId, format: ExportFormat, out: &Path) -> ExportReport {
    export(
        store,
        user,
        &EntryFilter::default(),
        format,
        out,
        &mut |_| {},
        &AtomicBool::new(false),
    )
    .unwrap()
}

#[derive(Debug, Clone)]
struct MadeEntry {
    dated_at: i64,
    text: String,
    tag: Option<String>,
    starred: bool,
    journal: usize,
    zone: Option<String>,
    place: Option<(i32, i32)>,
    picture: Option<u8>,
}

fn made_entry() -> impl Strategy<Value = MadeEntry> {
    (
        -2_000_000_000_000i64..4_000_000_000_000,
        "[a-zA-Z0-9 .,!?éü\n]{0,60}",
        proptest::option::of("[a-z][a-z0-9_]{0,8}"),
        any::<bool>(),
        0usize..3,
        proptest::option::of(prop_oneof![
            Just("Europe/Paris".to_owned()),
            Just("America/Argentina/Salta".to_owned()),
            Just("UTC".to_owned()),
        ]),
        proptest::option::of((-90i32..90, -180i32..180)),
        proptest::option::of(any::<u8>()),
    )
        .prop_map(
            |(dated_at, text, tag, starred, journal, zone, place, picture)| MadeEntry {
                dated_at,
                text,
                tag,
                starred,
                journal,
                zone,
                place,
                picture,
            },
        )
}

/// A journal of `made` entries in three journals, with tags, stars, zones, places and pictures.
fn make_journal(store: &Store, user: &UserId, made: &[MadeEntry]) {
    let mut journals = vec![store.list_journals(user).unwrap()[0].id.clone()];
    let work = store
        .create_journal(user, "Work", JournalColour::Green)
        .unwrap();
    store
        .set_journal_template(user, &work.id, "## {{date}}\n")
        .unwrap();
    journals.push(work.id);
    journals.push(
        store
            .create_journal(user, "Dreams", JournalColour::Purple)
            .unwrap()
            .id,
    );
    for entry in made {
        let created = store
            .create_entry(user, Some(&journals[entry.journal]), Some(entry.dated_at))
            .unwrap();
        let mut text = entry.text.clone();
        if let Some(tag) = &entry.tag {
            text.push_str(&format!(" #{tag}"));
        }
        if let Some(shade) = entry.picture {
            let info = store
                .add_picture(
                    user,
                    &created.id,
                    prepare_picture(png(3, 2, shade)).unwrap(),
                )
                .unwrap();
            text.push_str(&format!("\n![shade|200](picture:{})", info.id));
        }
        store.save_entry(user, &created.id, &text).unwrap();
        if entry.starred {
            store.set_entry_starred(user, &created.id, true).unwrap();
        }
        let metadata = entry.place.map(|(lat, long)| {
            serde_json::json!({"location": {"latitude": lat, "longitude": long},
                               "weather": {"temperature_c": 12.5}})
            .to_string()
        });
        set_extras(
            store,
            &created.id,
            entry.zone.as_deref(),
            metadata.as_deref(),
        );
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 12, ..ProptestConfig::default() })]

    #[test]
    fn a_quire_export_read_into_an_empty_journal_gives_the_same_journal(
        made in proptest::collection::vec(made_entry(), 0..12)
    ) {
        let from = journal();
        let me = person(&from.store, "ada");
        make_journal(&from.store, &me.id, &made);
        let out = from.dir.path().join("export.zip");
        let written = export_to(&from.store, &me.id, ExportFormat::Quire, &out);
        prop_assert_eq!(written.entries, made.len() as u64);

        let to = journal();
        let them = person(&to.store, "ada");
        let report = run(&to.store, &them.id, &out).unwrap();
        prop_assert_eq!(report.added, made.len() as u64);
        prop_assert!(report.skipped.is_empty() && report.notes.is_empty(), "{:?}", report);
        prop_assert_eq!(snapshot(&to.store, &them.id), snapshot(&from.store, &me.id));

        // Read again, it adds nothing.
        let again = run(&to.store, &them.id, &out).unwrap();
        prop_assert_eq!((again.added, again.already_there), (0, made.len() as u64));
    }
}

#[test]
fn a_quire_export_read_back_into_its_own_journal_finds_everything_there() {
    let j = journal();
    let me = person(&j.store, "ada");
    let path = write(j.dir.path(), "journal.json", JRNL_JSON.as_bytes());
    run(&j.store, &me.id, &path).unwrap();
    let out = j.dir.path().join("export.zip");
    export_to(&j.store, &me.id, ExportFormat::Quire, &out);
    let report = run(&j.store, &me.id, &out).unwrap();
    assert_eq!((report.added, report.already_there), (0, 2));
}

#[test]
fn the_markdown_export_has_front_matter_that_joplin_reads_and_pictures_beside() {
    let j = journal();
    let me = person(&j.store, "ada");
    let noon = crate::support::journal::local_noon("2024-03-01");
    let entry = j.store.create_entry(&me.id, None, Some(noon)).unwrap();
    let picture = j
        .store
        .add_picture(&me.id, &entry.id, prepare_picture(png(4, 4, 9)).unwrap())
        .unwrap();
    let text = format!(
        "Walk by the sea: \"calm\"\nMet #Anna at the #beach.\n![sea|300](picture:{})",
        picture.id
    );
    j.store.save_entry(&me.id, &entry.id, &text).unwrap();
    j.store.set_entry_starred(&me.id, &entry.id, true).unwrap();
    set_extras(
        &j.store,
        &entry.id,
        Some("Europe/Paris"),
        Some(r#"{"location": {"latitude": 43.3, "longitude": -1.5, "altitude": 12}}"#),
    );
    // Two entries with the same title on the same minute get different files.
    for _ in 0..2 {
        let twin = j.store.create_entry(&me.id, None, Some(noon)).unwrap();
        j.store.save_entry(&me.id, &twin.id, "Twin").unwrap();
    }

    let out = j.dir.path().join("markdown");
    let report = export_to(&j.store, &me.id, ExportFormat::MarkdownFolder, &out);
    assert_eq!((report.entries, report.pictures), (3, 1));
    let mut names: Vec<String> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(
        names,
        [
            "2024-03-01 1200 Twin 2.md",
            "2024-03-01 1200 Twin.md",
            "2024-03-01 1200 Walk by the sea calm.md",
            "_resources",
        ]
    );
    let md = std::fs::read_to_string(out.join("2024-03-01 1200 Walk by the sea calm.md")).unwrap();
    let updated = j.store.get_entry(&me.id, &entry.id).unwrap().updated_at;
    let utc = |ms: i64| {
        chrono::DateTime::from_timestamp_millis(ms)
            .unwrap()
            .format("%Y-%m-%d %H:%M:%SZ")
            .to_string()
    };
    assert_eq!(
        md,
        format!(
            "---\ntitle: \"Walk by the sea: \\\"calm\\\"\"\ncreated: {}\nupdated: {}\ntags:\n  - \
             \"Anna\"\n  - \"beach\"\nlatitude: 43.3\nlongitude: -1.5\naltitude: 12\njournal: \
             \"Journal\"\nstarred: true\ntime_zone: \"Europe/Paris\"\n---\n\nWalk by the sea: \
             \"calm\"\nMet #Anna at the #beach.\n![sea|300](_resources/{}.png)\n",
            utc(noon),
            utc(updated),
            picture.id
        )
    );
    assert_eq!(
        std::fs::read(out.join(format!("_resources/{}.png", picture.id))).unwrap(),
        png(4, 4, 9)
    );

    let zipped = j.dir.path().join("markdown.zip");
    export_to(&j.store, &me.id, ExportFormat::MarkdownZip, &zipped);
    let archive = zip::ZipArchive::new(std::fs::File::open(&zipped).unwrap()).unwrap();
    let mut in_zip: Vec<String> = archive
        .file_names()
        .map(|name| name.unwrap().into_owned())
        .collect();
    in_zip.sort();
    let picture_path = format!("_resources/{}.png", picture.id);
    assert_eq!(
        in_zip,
        [
            "2024-03-01 1200 Twin 2.md",
            "2024-03-01 1200 Twin.md",
            "2024-03-01 1200 Walk by the sea calm.md",
            &picture_path,
        ]
    );
}

#[test]
fn jrnls_json_export_reads_back_as_the_same_entries() {
    let j = journal();
    let me = person(&j.store, "ada");
    let path = write(j.dir.path(), "journal.json", JRNL_JSON.as_bytes());
    run(&j.store, &me.id, &path).unwrap();
    for (format, name) in [
        (ExportFormat::JrnlJson, "out.json"),
        (ExportFormat::JrnlText, "out.txt"),
    ] {
        let out = j.dir.path().join(name);
        assert_eq!(export_to(&j.store, &me.id, format, &out).entries, 2);
        let other = journal();
        let them = person(&other.store, "bo");
        let report = run(&other.store, &them.id, &out).unwrap();
        assert_eq!(report.added, 2, "{name}");
        assert_eq!(
            contents(&other.store, &them.id),
            contents(&j.store, &me.id),
            "{name}"
        );
    }
    let json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(j.dir.path().join("out.json")).unwrap()).unwrap();
    assert_eq!(json["entries"][0]["title"], "Walk by the sea.");
    assert_eq!(json["entries"][0]["body"], "Met @Anna at the @beach.");
    assert_eq!(
        json["entries"][0]["tags"],
        serde_json::json!(["@anna", "@beach"])
    );
    assert_eq!(json["entries"][0]["starred"], true);
    assert_eq!(json["tags"], serde_json::json!({"@anna": 1, "@beach": 1}));
}

#[test]
fn a_cancelled_export_leaves_nothing() {
    let j = journal();
    let me = person(&j.store, "ada");
    let path = write(j.dir.path(), "journal.json", JRNL_JSON.as_bytes());
    run(&j.store, &me.id, &path).unwrap();
    let out = j.dir.path().join("export.zip");
    let report = export(
        &j.store,
        &me.id,
        &EntryFilter::default(),
        ExportFormat::Quire,
        &out,
        &mut |_| {},
        &AtomicBool::new(true),
    )
    .unwrap();
    assert!(report.cancelled);
    let left: Vec<_> = std::fs::read_dir(j.dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.contains("export"))
        .collect();
    assert!(left.is_empty(), "{left:?}");
}

/// A zip with one member `name` holding `bytes`, or a symbolic link to `/etc/passwd`.
fn zip_with(path: &Path, name: &str, bytes: &[u8], link: bool) {
    let mut zip = zip::ZipWriter::new(std::fs::File::create(path).unwrap());
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    zip.start_file("quire.json", options).unwrap();
    zip.write_all(br#"{"format": "quire-journal", "version": 1, "journals": [], "entries": []}"#)
        .unwrap();
    if link {
        zip.add_symlink(name, "/etc/passwd", options).unwrap();
    } else {
        zip.start_file(name, options).unwrap();
        zip.write_all(bytes).unwrap();
    }
    zip.finish().unwrap();
}

#[test]
fn unsafe_zips_are_refused_and_nothing_is_written() {
    let j = journal();
    let me = person(&j.store, "ada");
    let cases: [(&str, &str, Vec<u8>, bool, &str); 4] = [
        (
            "climb.zip",
            "../x",
            b"x".to_vec(),
            false,
            "climb.zip: it holds \u{201c}../x\u{201d}, a name that points outside its folder. \
             Nothing was imported.",
        ),
        (
            "root.zip",
            "/etc/x",
            b"x".to_vec(),
            false,
            "root.zip: it holds \u{201c}/etc/x\u{201d}, a name that points outside its folder. \
             Nothing was imported.",
        ),
        (
            "link.zip",
            "pictures/a.png",
            Vec::new(),
            true,
            "link.zip: it holds \u{201c}pictures/a.png\u{201d}, a symbolic link. Nothing was \
             imported.",
        ),
        (
            "bomb.zip",
            "pictures/zeros.png",
            vec![0u8; 20 * 1024 * 1024],
            false,
            "bomb.zip: \u{201c}pictures/zeros.png\u{201d} in it unpacks to",
        ),
    ];
    for (file, name, bytes, link, message) in cases {
        let path = j.dir.path().join(file);
        zip_with(&path, name, &bytes, link);
        let err = run(&j.store, &me.id, &path).unwrap_err();
        assert!(matches!(err, ExchangeError::UnsafeZip { .. }), "{err:?}");
        assert!(err.to_string().starts_with(message), "{err}");
    }
    assert!(contents(&j.store, &me.id).is_empty());
    assert_eq!(j.store.list_journals(&me.id).unwrap().len(), 1);
}

/// An entry as a Markdown round trip keeps it: pictures by their bytes, not their ids.
fn without_picture_ids(snapshot: Snapshot) -> Vec<(i64, String, bool, String, Option<String>)> {
    let mut entries: Vec<_> = snapshot
        .entries
        .into_iter()
        .map(|entry| {
            let mut content = entry.content.clone();
            for (id, _, _) in &entry.pictures {
                content = content.replace(id.as_str(), "<picture>");
            }
            let pictures: Vec<&Vec<u8>> = entry.pictures.iter().map(|(_, _, b)| b).collect();
            (
                entry.dated_at,
                format!("{content} {pictures:?} {:?}", entry.metadata),
                entry.starred,
                entry.journal,
                entry.time_zone,
            )
        })
        .collect();
    entries.sort();
    entries
}

#[test]
fn the_markdown_export_reads_back_as_the_same_entries() {
    let from = journal();
    let me = person(&from.store, "ada");
    let made: Vec<MadeEntry> = (0..6)
        .map(|i| MadeEntry {
            dated_at: 1_700_000_000_000 + i * 86_400_000,
            text: format!("Day {i}\nWent out."),
            tag: (i % 2 == 0).then(|| format!("tag{i}")),
            starred: i % 3 == 0,
            journal: (i % 3) as usize,
            zone: (i == 1).then(|| "Europe/Paris".to_owned()),
            place: (i == 2).then_some((43, -1)),
            picture: (i == 4).then_some(7),
        })
        .collect();
    make_journal(&from.store, &me.id, &made);
    for (format, name) in [
        (ExportFormat::MarkdownFolder, "md"),
        (ExportFormat::MarkdownZip, "md.zip"),
    ] {
        let out = from.dir.path().join(name);
        export_to(&from.store, &me.id, format, &out);
        let to = journal();
        let them = person(&to.store, "bo");
        let report = run(&to.store, &them.id, &out).unwrap();
        assert_eq!(report.added, 6, "{name}: {report:?}");
        assert!(report.notes.is_empty(), "{name}: {:?}", report.notes);
        let mut want = snapshot(&from.store, &me.id);
        // The front matter keeps a place's latitude, longitude and altitude, not the weather.
        for entry in &mut want.entries {
            if let Some(metadata) = &mut entry.metadata {
                metadata.as_object_mut().unwrap().remove("weather");
            }
        }
        let got = snapshot(&to.store, &them.id);
        assert_eq!(got.tags, want.tags, "{name}");
        assert_eq!(
            without_picture_ids(got),
            without_picture_ids(want),
            "{name}"
        );
        let again = run(&to.store, &them.id, &out).unwrap();
        assert_eq!((again.added, again.already_there), (0, 6), "{name}");
    }
}

#[test]
fn a_joplin_markdown_export_is_read_with_its_title_place_tags_and_pictures() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("notes/Travel")).unwrap();
    std::fs::create_dir_all(dir.path().join("notes/_resources")).unwrap();
    std::fs::write(
        dir.path().join("notes/Travel/Trip to the coast.md"),
        "---\ntitle: Trip to the coast\nupdated: 2024-03-02 10:00:00Z\ncreated: 2024-03-01 \
         09:30:00Z\nlatitude: 43.48\nlongitude: -1.56\naltitude: 0.0000\ntags:\n  - travel\n  - \
         sea\n---\n\nWe drove west.\n\n![](../_resources/0a1b.png)\n",
    )
    .unwrap();
    std::fs::write(dir.path().join("notes/_resources/0a1b.png"), png(5, 5, 3)).unwrap();
    let j = journal();
    let me = person(&j.store, "ada");
    let report = run(&j.store, &me.id, &dir.path().join("notes")).unwrap();
    assert_eq!((report.added, report.pictures), (1, 1), "{report:?}");
    let got = snapshot(&j.store, &me.id);
    let entry = &got.entries[0];
    let (id, _, bytes) = &entry.pictures[0];
    assert_eq!(
        entry.content,
        format!("Trip to the coast\n\nWe drove west.\n\n![](picture:{id})\n\n#travel #sea")
    );
    assert_eq!(bytes, &png(5, 5, 3));
    assert_eq!(entry.dated_at, 1_709_285_400_000);
    assert_eq!(entry.updated_at, 1_709_373_600_000);
    assert_eq!(
        entry.metadata,
        Some(
            serde_json::json!({"location": {"latitude": 43.48, "longitude": -1.56, "altitude": 0.0}})
        )
    );
}
