//! What import and export cost as a journal grows: importing a jrnl JSON export of N entries of
//! about 150 words (written here to a file of its own), previewing that file, and exporting N
//! entries to Markdown (a zip), to Quire's own zip and to Day One's; and the PDF book of a year (365
//! entries, 50 of them with a 2048 × 1536 photo), whose budget is 15 s.
//!
//! `cargo bench -p quire-core --bench exchange`; `QUIRE_BENCH_SIZES=1000,10000` picks the sizes
//! (as for the store's benchmarks). Each import goes into a new empty journal, made outside the
//! time. Before the benchmarks, one import of each size is run alone and the growth of the
//! process's peak memory (`VmHWM` in `/proc/self/status`, reset first) is printed: the import
//! streams its file, so this stays far below the file's size.

use std::fs::File;
use std::hint::black_box;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, BatchSize, Criterion, SamplingMode, Throughput};
use quire_core::exchange::{export, import, preview, ExportFormat, ImportOptions, Source};
use quire_core::keys::ContentKey;
use quire_core::store::{EntryFilter, NewUser, Store, UserId};
use tempfile::TempDir;

#[allow(dead_code)]
#[path = "support/journals.rs"]
mod journals;

const WORDS: &[&str] = &[
    "morning", "walked", "river", "bread", "letter", "quiet", "garden", "train", "friend", "rain",
    "book", "coffee", "light", "window", "music", "the", "and", "a", "to", "of", "in", "we",
    "talked", "long", "after", "lunch", "sea", "market", "tired", "happy", "evening", "wrote",
];

/// A jrnl JSON export of `n` entries of about 150 words, a tag in each and a star in some,
/// written an entry at a time.
fn jrnl_export(path: &Path, n: usize) {
    let mut out = BufWriter::new(File::create(path).expect("create the export"));
    out.write_all(b"{\"tags\": {}, \"entries\": [").unwrap();
    let mut seed = 0x2545_f491_u64;
    for i in 0..n {
        let body: Vec<&str> = (0..150)
            .map(|_| {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                WORDS[(seed % WORDS.len() as u64) as usize]
            })
            .collect();
        let day = chrono::NaiveDate::from_ymd_opt(1995, 1, 1).unwrap()
            + chrono::Duration::days((i / 4) as i64);
        let entry = serde_json::json!({
            "title": format!("Day {i}."),
            "body": format!("{} @topic{}", body.join(" "), i % 40),
            "date": day.format("%Y-%m-%d").to_string(),
            "time": format!("{:02}:{:02}", 7 + i % 4 * 3, i % 60),
            "tags": [format!("@topic{}", i % 40)],
            "starred": i % 13 == 0,
        });
        if i > 0 {
            out.write_all(b",").unwrap();
        }
        serde_json::to_writer(&mut out, &entry).unwrap();
    }
    out.write_all(b"]}").unwrap();
    out.flush().unwrap();
}

fn empty_journal(dir: &Path) -> (TempDir, Store, UserId) {
    let folder = tempfile::tempdir_in(dir).expect("scratch folder");
    let store = Store::open_in(folder.path(), &ContentKey::generate()).expect("open");
    let user = store
        .upsert_user(
            &NewUser {
                issuer: "https://id.example.test".into(),
                subject: "bench".into(),
                ..NewUser::default()
            },
            true,
        )
        .expect("user")
        .id;
    (folder, store, user)
}

fn run_import(store: &Store, user: &UserId, source: &Source) -> u64 {
    import(
        store,
        user,
        source,
        &ImportOptions::default(),
        &mut |_| {},
        &AtomicBool::new(false),
    )
    .expect("import")
    .added
}

/// A line of `/proc/self/status` in kB.
fn status_kb(key: &str) -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|line| line.starts_with(key))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// One import alone, with the growth of the peak resident memory it caused.
fn peak_memory(dir: &Path, source: &Source, entries: usize) {
    let (_folder, store, user) = empty_journal(dir);
    // Resets VmHWM to the current resident size (Linux).
    if std::fs::write("/proc/self/clear_refs", "5").is_err() {
        return;
    }
    let (Some(before), file) = (
        status_kb("VmRSS:"),
        std::fs::metadata(&source.path).map_or(0, |m| m.len()),
    ) else {
        return;
    };
    let started = std::time::Instant::now();
    run_import(&store, &user, source);
    let took = started.elapsed();
    if let Some(peak) = status_kb("VmHWM:") {
        println!(
            "import of {entries} entries ({:.1} MB file): {:.1} s, peak memory +{} MB",
            file as f64 / 1e6,
            took.as_secs_f64(),
            peak.saturating_sub(before) / 1024
        );
    }
}

fn exchange(c: &mut Criterion) {
    let data = journals::target_dir().join("bench-data");
    std::fs::create_dir_all(&data).expect("create target/bench-data");
    let scratch = tempfile::tempdir_in(&data).expect("scratch");
    for entries in journals::sizes() {
        let file: PathBuf = scratch.path().join(format!("jrnl-{entries}.json"));
        jrnl_export(&file, entries);
        let source = Source::detect(&file).expect("detect");
        peak_memory(scratch.path(), &source, entries);

        let mut group = c.benchmark_group(format!("exchange {entries}"));
        group
            .sampling_mode(SamplingMode::Flat)
            .sample_size(10)
            .measurement_time(Duration::from_secs(5))
            .throughput(Throughput::Elements(entries as u64));
        group.bench_function("import jrnl json", |b| {
            b.iter_batched(
                || empty_journal(scratch.path()),
                |(_folder, store, user)| black_box(run_import(&store, &user, &source)),
                BatchSize::PerIteration,
            )
        });
        let (_kept, store, user) = empty_journal(scratch.path());
        run_import(&store, &user, &source);
        group.bench_function("preview jrnl json", |b| {
            b.iter(|| {
                black_box(
                    preview(&store, &user, &source, &ImportOptions::default()).expect("preview"),
                )
            })
        });
        for (name, format, out) in [
            (
                "export markdown zip",
                ExportFormat::MarkdownZip,
                "out.md.zip",
            ),
            ("export quire zip", ExportFormat::Quire, "out.quire.zip"),
            ("export day one zip", ExportFormat::DayOne, "out.dayone.zip"),
        ] {
            let out = scratch.path().join(out);
            group.bench_function(name, |b| {
                b.iter(|| {
                    black_box(
                        export(
                            &store,
                            &user,
                            &EntryFilter::default(),
                            format,
                            &out,
                            &mut |_| {},
                            &AtomicBool::new(false),
                        )
                        .expect("export"),
                    )
                })
            });
        }
        group.finish();
        let _ = std::fs::remove_file(&file);
    }
}

/// A 2048 × 1536 JPEG, a display copy's size, different for each `seed` (the PDF writer stores
/// identical pictures once).
fn photo(seed: u32) -> Vec<u8> {
    let pixels = image::RgbImage::from_fn(2048, 1536, |x, y| {
        let wave = ((x / 8 + y / 5 + seed * 17) % 255) as u8;
        image::Rgb([wave, (x / 9) as u8 ^ seed as u8, (y / 7) as u8])
    });
    let mut bytes = Vec::new();
    image::DynamicImage::ImageRgb8(pixels)
        .write_to(
            &mut std::io::Cursor::new(&mut bytes),
            image::ImageFormat::Jpeg,
        )
        .expect("encode a photo");
    bytes
}

fn pdf_book(c: &mut Criterion) {
    let data = journals::target_dir().join("bench-data");
    std::fs::create_dir_all(&data).expect("create target/bench-data");
    let scratch = tempfile::tempdir_in(&data).expect("scratch");
    let file = scratch.path().join("jrnl-365.json");
    jrnl_export(&file, 365);
    let (_kept, store, user) = empty_journal(scratch.path());
    run_import(&store, &user, &Source::detect(&file).expect("detect"));
    let entries = store
        .list_entries(&user, &EntryFilter::default(), 0, 365)
        .expect("list")
        .items;
    for (n, entry) in entries.iter().step_by(7).take(50).enumerate() {
        let picture = quire_core::store::prepare_picture(photo(n as u32)).expect("prepare");
        store
            .add_picture(&user, &entry.id, picture)
            .expect("add a picture");
    }
    let out = scratch.path().join("book.pdf");
    let mut group = c.benchmark_group("exchange pdf");
    group
        .sampling_mode(SamplingMode::Flat)
        .sample_size(10)
        .measurement_time(Duration::from_secs(20));
    group.bench_function("export pdf 365 entries 50 pictures", |b| {
        b.iter(|| {
            black_box(
                export(
                    &store,
                    &user,
                    &EntryFilter::default(),
                    ExportFormat::Pdf,
                    &out,
                    &mut |_| {},
                    &AtomicBool::new(false),
                )
                .expect("export"),
            )
        })
    });
    group.finish();
    if let Ok(meta) = std::fs::metadata(&out) {
        println!(
            "the book of 365 entries and 50 pictures: {:.1} MB",
            meta.len() as f64 / 1e6
        );
    }
}

criterion_group!(benches, exchange, pdf_book);
criterion_main!(benches);
