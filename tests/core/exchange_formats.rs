//! Importing other journals' exports into a real encrypted journal: Day One's JSON (zip and bare),
//! Joplin's JEX tar, Mini Diary's and Mini Diarium's JSON, and plain folders of Markdown or text
//! files. Each fixture is built here from the format as its app writes it. For each: detection,
//! the preview's counts, what the import keeps, importing again adds nothing, a damaged file
//! writes nothing and says where; and a hostile tar is refused.

use std::io::Write;
use std::path::Path;

use crate::exchange_import::{contents, run, write};
use crate::support::exchange::{snapshot, EntrySnapshot};
use crate::support::journal::{journal, person};
use quire_core::exchange::{preview, ExchangeError, Format, ImportOptions, Preview, Source};
use quire_core::store::{Store, UserId};

fn png(shade: u8) -> Vec<u8> {
    let pixels = image::RgbImage::from_fn(3, 2, |x, y| {
        image::Rgb([shade, (x * 7) as u8, (y * 13) as u8])
    });
    let mut bytes = Vec::new();
    image::DynamicImage::ImageRgb8(pixels)
        .write_to(
            &mut std::io::Cursor::new(&mut bytes),
            image::ImageFormat::Png,
        )
        .unwrap();
    bytes
}

fn preview_of(store: &Store, user: &UserId, path: &Path) -> Preview {
    let source = Source::detect(path).unwrap();
    preview(store, user, &source, &ImportOptions::default()).unwrap()
}

fn tag_counts(seen: &Preview) -> Vec<(String, u32)> {
    let mut tags: Vec<(String, u32)> = seen
        .tags
        .iter()
        .map(|t| (t.name.clone(), t.entries))
        .collect();
    tags.sort();
    tags
}

fn journal_counts(seen: &Preview) -> Vec<(String, u64)> {
    let mut journals: Vec<(String, u64)> = seen
        .journals
        .iter()
        .map(|j| (j.name.clone(), j.entries))
        .collect();
    journals.sort();
    journals
}

/// The person's entries as stored, oldest first.
fn stored(store: &Store, user: &UserId) -> Vec<EntrySnapshot> {
    snapshot(store, user).entries
}

fn utc(at: &str) -> i64 {
    chrono::DateTime::parse_from_rfc3339(at)
        .unwrap()
        .timestamp_millis()
}

fn local_nine(day: &str) -> i64 {
    let naive = chrono::NaiveDate::parse_from_str(day, "%Y-%m-%d")
        .unwrap()
        .and_hms_opt(9, 0, 0)
        .unwrap();
    chrono::TimeZone::from_local_datetime(&chrono::Local, &naive)
        .earliest()
        .unwrap()
        .timestamp_millis()
}

// ---------------------------------------------------------------------------------------------
// Day One

/// A Day One export's JSON: one entry with a photo, location and weather, one with only
/// `richText`.
fn dayone_json(md5: &str) -> String {
    let rich = serde_json::json!({
        "meta": {"version": 1},
        "contents": [{"text": "Meeting notes\n"}, {"embeddedObjects": []}, {"text": "All went well."}]
    })
    .to_string();
    serde_json::json!({
        "metadata": {"version": "1.0"},
        "entries": [
            {
                "uuid": "8D1A1D7C0E2A4C8E9A3C5B7D1E2F3A4B",
                "creationDate": "2023-05-01T08:30:00Z",
                "modifiedDate": "2023-05-01T09:00:00Z",
                "timeZone": "Europe/Berlin",
                "text": "Walk by the sea\\.\n\n![](dayone-moment://PHOTO1)\n\nGreat day\\! Cost 5\\-10 `a\\.b`",
                "tags": ["beach", "Road trip"],
                "starred": true,
                "location": {
                    "localityName": "Kiel", "country": "Germany", "latitude": 54.32,
                    "longitude": 10.13, "placeName": "Strand", "administrativeArea": "SH",
                    "region": {"center": {"latitude": 54.32, "longitude": 10.13}, "radius": 75}
                },
                "weather": {"conditionsDescription": "Sunny", "temperatureCelsius": 18,
                            "weatherCode": "clear"},
                "photos": [{"identifier": "PHOTO1", "md5": md5, "type": "png", "width": 3,
                            "height": 2}]
            },
            {
                "uuid": "11111111222233334444555566667777",
                "creationDate": "2023-05-03T20:00:00Z",
                "timeZone": "America/New_York",
                "richText": rich,
                "tags": ["work"],
                "starred": false
            }
        ]
    })
    .to_string()
}

const MD5: &str = "5d41402abc4b2a76b9719d911017c592";

fn dayone_zip(path: &Path) {
    let mut zip = zip::ZipWriter::new(std::fs::File::create(path).unwrap());
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    zip.start_file("Travel.json", options).unwrap();
    zip.write_all(dayone_json(MD5).as_bytes()).unwrap();
    zip.start_file(format!("photos/{MD5}.png"), options)
        .unwrap();
    zip.write_all(&png(40)).unwrap();
    zip.finish().unwrap();
}

#[test]
fn a_day_one_zip_is_previewed_then_imported_with_zones_places_and_photos() {
    let j = journal();
    let me = person(&j.store, "ada");
    let path = j.dir.path().join("Export.zip");
    dayone_zip(&path);
    assert_eq!(Source::detect(&path).unwrap().format, Format::DayOne);

    let seen = preview_of(&j.store, &me.id, &path);
    assert_eq!((seen.entries, seen.already_there, seen.pictures), (2, 0, 1));
    assert_eq!(seen.first_date, Some(utc("2023-05-01T08:30:00Z")));
    assert_eq!(seen.last_date, Some(utc("2023-05-03T20:00:00Z")));
    assert_eq!(journal_counts(&seen), [("Travel".to_owned(), 2)]);
    assert_eq!(
        tag_counts(&seen),
        [
            ("Road-trip".to_owned(), 1),
            ("beach".to_owned(), 1),
            ("work".to_owned(), 1)
        ]
    );
    assert!(seen.skipped.is_empty() && seen.notes.is_empty(), "{seen:?}");
    assert!(contents(&j.store, &me.id).is_empty());

    let report = run(&j.store, &me.id, &path).unwrap();
    assert_eq!((report.added, report.pictures), (2, 1));
    let entries = stored(&j.store, &me.id);
    let walk = &entries[0];
    assert_eq!(walk.dated_at, utc("2023-05-01T08:30:00Z"));
    assert_eq!(walk.time_zone.as_deref(), Some("Europe/Berlin"));
    assert_eq!(walk.journal, "Travel");
    assert!(walk.starred);
    assert_eq!(walk.pictures.len(), 1);
    assert_eq!(walk.pictures[0].2, png(40));
    assert_eq!(
        walk.content,
        format!(
            "Walk by the sea.\n\n![](picture:{})\n\nGreat day! Cost 5-10 `a\\.b`\n\n#beach #Road-trip",
            walk.pictures[0].0
        )
    );
    let metadata = walk.metadata.as_ref().unwrap();
    assert_eq!(metadata["location"]["localityName"], "Kiel");
    assert_eq!(metadata["location"]["latitude"], 54.32);
    assert!(metadata["location"].get("region").is_none());
    assert_eq!(metadata["weather"]["conditionsDescription"], "Sunny");
    assert_eq!(metadata["weather"]["temperatureCelsius"], 18);
    let meeting = &entries[1];
    assert_eq!(meeting.content, "Meeting notes\nAll went well.\n\n#work");
    assert_eq!(meeting.time_zone.as_deref(), Some("America/New_York"));
    assert!(!meeting.starred);

    let again = run(&j.store, &me.id, &path).unwrap();
    assert_eq!((again.added, again.already_there), (0, 2));
    assert_eq!(stored(&j.store, &me.id).len(), 2);
}

#[test]
fn a_bare_day_one_json_reads_its_photos_from_beside_it() {
    let j = journal();
    let me = person(&j.store, "ada");
    let path = write(j.dir.path(), "Journal.json", dayone_json(MD5).as_bytes());
    std::fs::create_dir(j.dir.path().join("photos")).unwrap();
    write(j.dir.path(), &format!("photos/{MD5}.png"), &png(41));
    assert_eq!(Source::detect(&path).unwrap().format, Format::DayOne);
    let seen = preview_of(&j.store, &me.id, &path);
    assert_eq!((seen.entries, seen.pictures), (2, 1));
    assert_eq!(journal_counts(&seen), [("Journal".to_owned(), 2)]);
    run(&j.store, &me.id, &path).unwrap();
    assert_eq!(stored(&j.store, &me.id)[0].pictures[0].2, png(41));
}

#[test]
fn a_day_one_file_cut_short_or_damaged_writes_nothing_and_says_where() {
    let j = journal();
    let me = person(&j.store, "ada");
    let json = dayone_json(MD5);
    let cut = &json[..json.find("Meeting").unwrap()];
    let path = write(j.dir.path(), "Journal.json", cut.as_bytes());
    let err = run(&j.store, &me.id, &path).unwrap_err();
    assert!(
        err.to_string().starts_with("Journal.json, entry 2: "),
        "{err}"
    );
    assert!(matches!(err, ExchangeError::Malformed { .. }));
    assert!(contents(&j.store, &me.id).is_empty());

    let odd = json.replace("\"starred\":true", "\"starred\":\"yes\"");
    assert_ne!(odd, json);
    let path = write(j.dir.path(), "Odd.json", odd.as_bytes());
    let err = run(&j.store, &me.id, &path).unwrap_err();
    assert!(
        err.to_string()
            .starts_with("Odd.json, entry 1: it is not as a Day One JSON export has it"),
        "{err}"
    );
    assert!(contents(&j.store, &me.id).is_empty());
}

// ---------------------------------------------------------------------------------------------
// Joplin JEX

const FOLDER: &str = "f0000000000000000000000000000001";
const NOTE_1: &str = "a0000000000000000000000000000001";
const NOTE_2: &str = "a0000000000000000000000000000002";
const TAG: &str = "c0000000000000000000000000000001";
const PICTURE: &str = "d0000000000000000000000000000001";
const PDF: &str = "d0000000000000000000000000000002";

/// Items as Joplin's `BaseItem.serialize` writes them.
fn jex_items() -> Vec<(String, Vec<u8>)> {
    let note = |id: &str, title: &str, body: &str, created: &str, extra: &str| {
        format!(
            "{title}\n\n{body}\n\nid: {id}\nparent_id: {FOLDER}\ncreated_time: \
             2024-01-01T00:00:00.000Z\nupdated_time: 2024-03-02T10:00:00.000Z\nis_conflict: 0\n\
             latitude: 0.00000000\nlongitude: 0.00000000\naltitude: 0.0000\nauthor: \n\
             source_url: \n{extra}user_created_time: {created}\nuser_updated_time: \
             2024-03-02T10:00:00.000Z\nencryption_applied: 0\nmarkup_language: 1\ntype_: 1"
        )
    };
    vec![
        (
            format!("{FOLDER}.md"),
            format!("Travel\n\nid: {FOLDER}\ncreated_time: 2024-01-01T00:00:00.000Z\nparent_id: \ntype_: 2")
                .into_bytes(),
        ),
        (
            format!("{NOTE_1}.md"),
            note(
                NOTE_1,
                "Walk by the sea",
                &format!("Calm water.\n\n![sea.png](:/{PICTURE})"),
                "2024-03-01T09:30:00.000Z",
                "is_todo: 0\ntodo_completed: 0\n",
            )
            .replace("latitude: 0.00000000", "latitude: 54.32000000")
            .replace("longitude: 0.00000000", "longitude: 10.13000000")
            .into_bytes(),
        ),
        (
            format!("{NOTE_2}.md"),
            note(
                NOTE_2,
                "Pay the bills",
                &format!("[bill.pdf](:/{PDF})"),
                "2024-03-02T08:00:00.000Z",
                "is_todo: 1\ntodo_completed: 1709370000000\n",
            )
            .into_bytes(),
        ),
        (
            format!("{TAG}.md"),
            format!("sea\n\nid: {TAG}\ncreated_time: 2024-01-01T00:00:00.000Z\ntype_: 5")
                .into_bytes(),
        ),
        (
            "e0000000000000000000000000000001.md".to_owned(),
            format!(
                "id: e0000000000000000000000000000001\nnote_id: {NOTE_1}\ntag_id: {TAG}\n\
                 created_time: 2024-01-01T00:00:00.000Z\ntype_: 6"
            )
            .into_bytes(),
        ),
        (
            format!("{PICTURE}.md"),
            format!(
                "sea.png\n\nid: {PICTURE}\nmime: image/png\nfilename: \nfile_extension: png\n\
                 created_time: 2024-01-01T00:00:00.000Z\ntype_: 4"
            )
            .into_bytes(),
        ),
        (
            format!("{PDF}.md"),
            format!(
                "bill.pdf\n\nid: {PDF}\nmime: application/pdf\nfile_extension: pdf\n\
                 created_time: 2024-01-01T00:00:00.000Z\ntype_: 4"
            )
            .into_bytes(),
        ),
        (format!("resources/{PICTURE}.png"), png(77)),
        (format!("resources/{PDF}.pdf"), b"%PDF-1.4 not really".to_vec()),
    ]
}

fn tar_of(path: &Path, items: &[(String, Vec<u8>)]) {
    let mut tar = tar::Builder::new(std::fs::File::create(path).unwrap());
    for (name, bytes) in items {
        let mut header = tar::Header::new_ustar();
        header.set_size(bytes.len() as u64);
        header.set_mode(0o644);
        header.set_entry_type(tar::EntryType::Regular);
        tar.append_data(&mut header, name, &bytes[..]).unwrap();
    }
    tar.finish().unwrap();
}

#[test]
fn a_joplin_jex_is_previewed_then_imported_with_notebooks_tags_and_pictures() {
    let j = journal();
    let me = person(&j.store, "ada");
    let path = j.dir.path().join("notes.jex");
    tar_of(&path, &jex_items());
    assert_eq!(Source::detect(&path).unwrap().format, Format::JoplinJex);

    let seen = preview_of(&j.store, &me.id, &path);
    assert_eq!((seen.entries, seen.pictures), (2, 1));
    assert_eq!(seen.first_date, Some(utc("2024-03-01T09:30:00Z")));
    assert_eq!(seen.last_date, Some(utc("2024-03-02T08:00:00Z")));
    assert_eq!(journal_counts(&seen), [("Travel".to_owned(), 2)]);
    assert_eq!(tag_counts(&seen), [("sea".to_owned(), 1)]);
    assert_eq!(seen.notes.len(), 1, "{seen:?}");
    assert!(
        seen.notes[0]
            .reason
            .contains("the attachment \u{201c}bill.pdf\u{201d} is not a picture"),
        "{}",
        seen.notes[0]
    );

    let report = run(&j.store, &me.id, &path).unwrap();
    assert_eq!((report.added, report.pictures), (2, 1));
    let entries = stored(&j.store, &me.id);
    let walk = &entries[0];
    assert_eq!(walk.dated_at, utc("2024-03-01T09:30:00Z"));
    assert_eq!(walk.journal, "Travel");
    assert_eq!(walk.pictures[0].2, png(77));
    assert_eq!(
        walk.content,
        format!(
            "Walk by the sea\n\nCalm water.\n\n![sea.png](picture:{})\n\n#sea",
            walk.pictures[0].0
        )
    );
    let location = &walk.metadata.as_ref().unwrap()["location"];
    assert_eq!(location["latitude"], 54.32);
    assert_eq!(location["longitude"], 10.13);
    let bills = &entries[1];
    assert_eq!(bills.metadata.as_ref().unwrap()["todo"]["done"], true);
    assert!(bills.content.starts_with("Pay the bills\n\n[bill.pdf]"));

    let again = run(&j.store, &me.id, &path).unwrap();
    assert_eq!((again.added, again.already_there), (0, 2));
}

#[test]
fn a_jex_with_an_item_cut_short_writes_nothing_and_names_it() {
    let j = journal();
    let me = person(&j.store, "ada");
    let mut items = jex_items();
    let note = &mut items[2].1;
    let keep = note.len() - 40;
    note.truncate(keep);
    let path = j.dir.path().join("cut.jex");
    tar_of(&path, &items);
    let err = run(&j.store, &me.id, &path).unwrap_err();
    assert!(
        err.to_string()
            .starts_with(&format!("cut.jex, \u{201c}{NOTE_2}.md\u{201d}: ")),
        "{err}"
    );
    assert!(contents(&j.store, &me.id).is_empty());

    // The tar itself cut short in the middle of a file.
    let whole = j.dir.path().join("whole.jex");
    tar_of(&whole, &jex_items());
    let bytes = std::fs::read(&whole).unwrap();
    let path = write(j.dir.path(), "short.jex", &bytes[..1800]);
    let err = run(&j.store, &me.id, &path).unwrap_err();
    assert!(err.to_string().starts_with("short.jex, "), "{err}");
    assert!(contents(&j.store, &me.id).is_empty());
}

/// A tar of one member whose name and kind are written into its header as given, as a hostile
/// tool would, past the checks `tar::Builder` makes.
fn hostile_tar(path: &Path, name: &str, kind: tar::EntryType, link: Option<&str>) {
    let mut header = tar::Header::new_ustar();
    {
        let old = header.as_old_mut();
        old.name[..name.len()].copy_from_slice(name.as_bytes());
        if let Some(link) = link {
            old.linkname[..link.len()].copy_from_slice(link.as_bytes());
        }
    }
    header.set_entry_type(kind);
    header.set_mode(0o644);
    let body: &[u8] = if link.is_some() {
        b""
    } else {
        b"x\n\ntype_: 1"
    };
    header.set_size(body.len() as u64);
    header.set_cksum();
    let mut bytes = header.as_bytes().to_vec();
    bytes.extend_from_slice(body);
    bytes.resize(bytes.len().div_ceil(512) * 512 + 1024, 0);
    std::fs::write(path, bytes).unwrap();
}

#[test]
fn a_hostile_tar_is_refused_and_nothing_is_written() {
    let j = journal();
    let me = person(&j.store, "ada");
    for (file, name, kind, link, says) in [
        (
            "up.jex",
            "../x.md",
            tar::EntryType::Regular,
            None,
            "a name that points outside its folder",
        ),
        (
            "root.jex",
            "/etc/x.md",
            tar::EntryType::Regular,
            None,
            "a name that points outside its folder",
        ),
        (
            "link.jex",
            "x.md",
            tar::EntryType::Symlink,
            Some("/etc/passwd"),
            "a link",
        ),
        (
            "hard.jex",
            "x.md",
            tar::EntryType::Link,
            Some("/etc/passwd"),
            "a link",
        ),
    ] {
        let path = j.dir.path().join(file);
        hostile_tar(&path, name, kind, link);
        let source = Source {
            path: path.clone(),
            format: Format::JoplinJex,
        };
        let err = preview(&j.store, &me.id, &source, &ImportOptions::default()).unwrap_err();
        assert!(
            matches!(&err, ExchangeError::UnsafeZip { reason, .. } if reason.contains(says)),
            "{file}: {err}"
        );
        assert!(err.to_string().starts_with(&format!("{file}: ")), "{err}");
        assert!(contents(&j.store, &me.id).is_empty());
    }
}

// ---------------------------------------------------------------------------------------------
// Mini Diary and Mini Diarium

const MINI_DIARY: &str = r#"{
  "metadata": {"application": "Mini Diary", "version": "3.3.0",
               "dateUpdated": "Sat Mar 02 2024 10:00:00 GMT+0100"},
  "entries": {
    "2024-03-01": {"dateUpdated": "2024-03-01T20:00:00.000Z", "title": "Walk by the sea",
                   "text": "Met **Anna** at the #beach."},
    "2024-03-02": {"dateUpdated": "2024-03-02T20:00:00.000Z", "title": "",
                   "text": "Rain all day."},
    "2024-02-30": {"dateUpdated": "2024-03-02T20:00:00.000Z", "title": "Never",
                   "text": "No such day."},
    "2024-03-03": {"dateUpdated": "2024-03-03T20:00:00.000Z", "title": "", "text": ""}
  }
}"#;

/// Mini Diarium's export of the same days and one more: a list, its text the HTML its editor
/// writes, with tags.
const MINI_DIARIUM: &str = r#"{
  "metadata": {"application": "Mini Diarium", "version": "0.4.0",
               "exportedAt": "2024-03-05T10:00:00+00:00"},
  "entries": [
    {"id": 1, "date": "2024-03-01", "title": "Walk by the sea",
     "text": "<p>Met <strong>Anna</strong> at the #beach.</p>",
     "dateUpdated": "2024-03-01T20:00:00+00:00", "tags": []},
    {"id": 2, "date": "2024-03-02", "title": "", "text": "<p>Rain all day.</p>",
     "dateUpdated": "2024-03-02T20:00:00+00:00", "tags": []},
    {"id": 3, "date": "2024-03-04", "title": "Sun",
     "text": "<p>Out <em>at last</em> &amp; warm.</p><ul><li>bikes</li><li>tea</li></ul>",
     "dateUpdated": "2024-03-04T20:00:00+00:00", "tags": ["weather"],
     "metadata": {"fontFamily": "Merriweather", "fontSize": 18.0}}
  ]
}"#;

#[test]
fn a_mini_diary_export_is_previewed_then_imported_once() {
    let j = journal();
    let me = person(&j.store, "ada");
    let path = write(j.dir.path(), "diary.json", MINI_DIARY.as_bytes());
    assert_eq!(Source::detect(&path).unwrap().format, Format::MiniDiary);

    let seen = preview_of(&j.store, &me.id, &path);
    assert_eq!((seen.entries, seen.pictures), (2, 0));
    assert_eq!(seen.first_date, Some(local_nine("2024-03-01")));
    assert_eq!(seen.last_date, Some(local_nine("2024-03-02")));
    assert_eq!(journal_counts(&seen), [("Journal".to_owned(), 2)]);
    assert_eq!(tag_counts(&seen), [("beach".to_owned(), 1)]);
    let skipped: Vec<String> = seen.skipped.iter().map(ToString::to_string).collect();
    assert_eq!(
        skipped,
        [
            "diary.json, entry 3 (2024-02-30, \u{201c}Never\u{201d}): its date, \
             \u{201c}2024-02-30\u{201d}, is not a date",
            "diary.json, entry 4 (2024-03-03): it is empty"
        ]
    );

    let report = run(&j.store, &me.id, &path).unwrap();
    assert_eq!(report.added, 2);
    assert_eq!(
        contents(&j.store, &me.id),
        [
            (
                local_nine("2024-03-01"),
                false,
                "Walk by the sea\n\nMet **Anna** at the #beach.".to_owned()
            ),
            (local_nine("2024-03-02"), false, "Rain all day.".to_owned()),
        ]
    );
    let again = run(&j.store, &me.id, &path).unwrap();
    assert_eq!((again.added, again.already_there), (0, 2));

    // Mini Diarium's export of the same days finds them there, and adds the new one.
    let listed = write(j.dir.path(), "diarium.json", MINI_DIARIUM.as_bytes());
    assert_eq!(Source::detect(&listed).unwrap().format, Format::MiniDiary);
    let again = run(&j.store, &me.id, &listed).unwrap();
    assert_eq!((again.added, again.already_there), (1, 2));
    assert_eq!(
        contents(&j.store, &me.id)[2],
        (
            local_nine("2024-03-04"),
            false,
            "Sun\n\nOut *at last* & warm.\n\n- bikes\n- tea\n\n#weather".to_owned()
        )
    );
}

#[test]
fn a_mini_diary_file_cut_short_writes_nothing_and_says_where() {
    let j = journal();
    let me = person(&j.store, "ada");
    let cut = &MINI_DIARY[..MINI_DIARY.find("Rain").unwrap()];
    let path = write(j.dir.path(), "diary.json", cut.as_bytes());
    let err = run(&j.store, &me.id, &path).unwrap_err();
    assert_eq!(
        err.to_string(),
        "diary.json, entry 2: the file ends in the middle of it: it may have been cut short. \
         Nothing was imported; export the file again and retry."
    );
    assert!(contents(&j.store, &me.id).is_empty());
}

// ---------------------------------------------------------------------------------------------
// Plain Markdown and text files

#[test]
fn a_folder_of_plain_notes_is_dated_by_names_then_by_last_change() {
    let j = journal();
    let me = person(&j.store, "ada");
    let dir = j.dir.path().join("vault");
    std::fs::create_dir_all(dir.join("daily")).unwrap();
    write(&dir, "daily/2024-05-01.md", b"Quiet day at the #garden.\n");
    write(&dir, "daily/2024-05-02 Walk.md", b"Along the river.\n");
    let ideas = write(&dir, "Ideas.txt", b"A shed for the bikes.\n");
    let changed = utc("2024-04-20T12:00:00Z");
    std::fs::File::options()
        .write(true)
        .open(&ideas)
        .unwrap()
        .set_modified(std::time::UNIX_EPOCH + std::time::Duration::from_millis(changed as u64))
        .unwrap();
    assert_eq!(Source::detect(&dir).unwrap().format, Format::Markdown);

    let seen = preview_of(&j.store, &me.id, &dir);
    assert_eq!(seen.entries, 3);
    assert_eq!(seen.first_date, Some(changed));
    assert_eq!(seen.last_date, Some(local_nine("2024-05-02")));
    assert_eq!(tag_counts(&seen), [("garden".to_owned(), 1)]);
    assert!(seen.skipped.is_empty(), "{:?}", seen.skipped);

    let report = run(&j.store, &me.id, &dir).unwrap();
    assert_eq!(report.added, 3);
    assert_eq!(
        contents(&j.store, &me.id),
        [
            (changed, false, "Ideas\n\nA shed for the bikes.".to_owned()),
            (
                local_nine("2024-05-01"),
                false,
                "Quiet day at the #garden.".to_owned()
            ),
            (
                local_nine("2024-05-02"),
                false,
                "Walk\n\nAlong the river.".to_owned()
            ),
        ]
    );
    let again = run(&j.store, &me.id, &dir).unwrap();
    assert_eq!((again.added, again.already_there), (0, 3));
}

#[test]
fn a_zip_of_plain_notes_is_dated_by_names_then_by_the_zips_times() {
    let j = journal();
    let me = person(&j.store, "ada");
    let path = j.dir.path().join("notes.zip");
    let mut zip = zip::ZipWriter::new(std::fs::File::create(&path).unwrap());
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .last_modified_time(zip::DateTime::from_date_and_time(2024, 4, 20, 12, 0, 0).unwrap());
    zip.start_file("2024-05-01.md", options).unwrap();
    zip.write_all(b"Quiet day.\n").unwrap();
    zip.start_file("Ideas.md", options).unwrap();
    zip.write_all(b"A shed.\n").unwrap();
    zip.finish().unwrap();
    assert_eq!(Source::detect(&path).unwrap().format, Format::Markdown);
    run(&j.store, &me.id, &path).unwrap();
    let noon = chrono::NaiveDate::from_ymd_opt(2024, 4, 20)
        .unwrap()
        .and_hms_opt(12, 0, 0)
        .unwrap();
    let noon = chrono::TimeZone::from_local_datetime(&chrono::Local, &noon)
        .earliest()
        .unwrap()
        .timestamp_millis();
    assert_eq!(
        contents(&j.store, &me.id),
        [
            (noon, false, "Ideas\n\nA shed.".to_owned()),
            (local_nine("2024-05-01"), false, "Quiet day.".to_owned()),
        ]
    );
}
