//! The PDF export, read back by a real PDF reader (poppler's `pdftotext`, `pdfinfo` and
//! `pdfimages`, which `scripts/setup` installs): the words come out, Greek, Cyrillic and accents
//! included, with no Markdown showing; month headings in order; a title page, then numbered pages;
//! the picture is in the file. Without poppler, each test says so and passes (under CI it fails).

use std::path::Path;
use std::process::Command;
use std::sync::atomic::AtomicBool;

use crate::support::journal::{journal, local_noon};
use quire_core::exchange::{export, ExportFormat, ExportReport};
use quire_core::store::{prepare_picture, EntryFilter, NewUser, Store, User};

/// Runs a poppler tool; `None` when it is not installed.
fn poppler(tool: &str, args: &[&str]) -> Option<String> {
    let output = match Command::new(tool).args(args).output() {
        Ok(output) => output,
        Err(_) => {
            assert!(
                std::env::var("CI").is_err(),
                "{tool} is not installed: scripts/setup installs poppler-utils for the tests"
            );
            println!(
                "{tool} is not installed (poppler-utils; scripts/setup installs it): skipping"
            );
            return None;
        }
    };
    assert!(
        output.status.success(),
        "{tool} {args:?} failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    Some(String::from_utf8_lossy(&output.stdout).into_owned())
}

fn ada(store: &Store) -> User {
    store
        .upsert_user(
            &NewUser {
                issuer: "https://id.example.test".into(),
                subject: "ada".into(),
                display_name: Some("Ada Lovelace".into()),
                ..NewUser::default()
            },
            true,
        )
        .expect("upsert user")
}

fn png(width: u32, height: u32) -> Vec<u8> {
    let pixels = image::RgbImage::from_fn(width, height, |x, y| {
        image::Rgb([200, (x * 5) as u8, (y * 7) as u8])
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

/// A journal of two entries a month apart: one with Markdown, Greek, accents and a picture, one in
/// Cyrillic long enough to fill pages.
fn two_months(store: &Store, me: &User) {
    let first = store
        .create_entry(&me.id, None, Some(local_noon("2024-03-01")))
        .unwrap();
    let picture = store
        .add_picture(&me.id, &first.id, prepare_picture(png(40, 30)).unwrap())
        .unwrap();
    let text = format!(
        "# Walk by the sea\n\nThe **calm** water, *slowly* rising.\n\n- first thing\n- second \
         thing\n\n> a quote from Anna\n\n![the sea|300](picture:{})\n\nΚαλημέρα and café crème. \
         #beach",
        picture.id
    );
    store.save_entry(&me.id, &first.id, &text).unwrap();
    let second = store
        .create_entry(&me.id, None, Some(local_noon("2024-04-02")))
        .unwrap();
    let mut long = String::from("Привет из дома. #home\n\n");
    for n in 1..=80 {
        long.push_str(&format!("Paragraph {n} of a long day at home.\n\n"));
    }
    store.save_entry(&me.id, &second.id, &long).unwrap();
}

fn export_pdf(store: &Store, me: &User, filter: &EntryFilter, out: &Path) -> ExportReport {
    export(
        store,
        &me.id,
        filter,
        ExportFormat::Pdf,
        out,
        &mut |_| {},
        &AtomicBool::new(false),
    )
    .unwrap()
}

#[test]
fn the_book_reads_back_with_its_words_months_pages_and_picture() {
    let j = journal();
    let me = ada(&j.store);
    two_months(&j.store, &me);
    let out = j.dir.path().join("book.pdf");
    let report = export_pdf(&j.store, &me, &EntryFilter::default(), &out);
    assert_eq!((report.entries, report.pictures), (2, 1));
    let bytes = std::fs::read(&out).unwrap();
    assert!(bytes.starts_with(b"%PDF-"), "not a PDF");

    let Some(text) = poppler("pdftotext", &[out.to_str().unwrap(), "-"]) else {
        return;
    };
    for word in [
        "Ada Lovelace",
        "Walk by the sea",
        "calm",
        "slowly",
        "first thing",
        "a quote from Anna",
        "the sea",
        "Καλημέρα",
        "café crème",
        "Привет из дома",
        "Paragraph 80 of a long day",
        "#beach",
        "Friday 1 March 2024, 12:00",
    ] {
        assert!(text.contains(word), "{word:?} is missing from:\n{text}");
    }
    for markup in ["**", "# Walk", "> a quote", "picture:", "- first"] {
        assert!(!text.contains(markup), "{markup:?} shows in:\n{text}");
    }
    let heading = |month: &str| text.lines().position(|l| l.trim() == month);
    let march = heading("March 2024").expect("the March heading");
    let april = heading("April 2024").expect("the April heading");
    assert!(march < april, "the months are out of order");

    // pdftotext ends each page with a form feed.
    let pages: Vec<&str> = text
        .split('\u{c}')
        .filter(|p| !p.trim().is_empty())
        .collect();
    assert!(pages.len() >= 3, "{} pages", pages.len());
    assert!(pages[0].contains("2 entries") && pages[0].contains("1 March 2024 – 2 April 2024"));
    let is_number = |page: &str, n: usize| page.lines().any(|l| l.trim() == n.to_string());
    assert!(!is_number(pages[0], 1), "the title page has a number");
    for (i, page) in pages.iter().enumerate().skip(1) {
        assert!(
            is_number(page, i + 1),
            "page {} has no number:\n{page}",
            i + 1
        );
    }

    let info = poppler("pdfinfo", &[out.to_str().unwrap()]).unwrap();
    let count: usize = info
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .expect("a page count")
        .trim()
        .parse()
        .unwrap();
    assert_eq!(count, pages.len());

    let images = poppler("pdfimages", &["-list", out.to_str().unwrap()]).unwrap();
    // Two heading lines, then one line per image: page, num, type, width, height, …
    let rows: Vec<Vec<&str>> = images
        .lines()
        .skip(2)
        .map(|l| l.split_whitespace().collect())
        .collect();
    assert_eq!(rows.len(), 1, "{images}");
    assert_eq!((rows[0][3], rows[0][4]), ("40", "30"), "{images}");
}

#[test]
fn the_book_holds_only_the_chosen_entries() {
    let j = journal();
    let me = ada(&j.store);
    two_months(&j.store, &me);
    let out = j.dir.path().join("home.pdf");
    let filter = EntryFilter {
        tag: Some("home".into()),
        ..EntryFilter::default()
    };
    let report = export_pdf(&j.store, &me, &filter, &out);
    assert_eq!((report.entries, report.pictures), (1, 0));
    let Some(text) = poppler("pdftotext", &[out.to_str().unwrap(), "-"]) else {
        return;
    };
    assert!(text.contains("Tag: #home"), "{text}");
    assert!(text.contains("Привет из дома"));
    assert!(!text.contains("Καλημέρα"));
    assert!(!text.contains("March 2024"));
}
