//! What finding one's way around a large journal costs: the list filtered by journal, tag, date
//! range or star, a calendar month, search with one filter, a deep page of a common word, and
//! renaming a tag used in 10,000 entries.
//!
//! `cargo bench --bench organising`. It measures the kept 100,000-entry journal of
//! `support/journals.rs` (ten years, five journals, 200 tags, analysed; made the first time, a few
//! minutes), or the sizes in `QUIRE_BENCH_SIZES`. Each figure is the median and 95th percentile of
//! many runs on a scratch copy; the rename runs three times, each on a fresh copy. It prints the
//! figures and nothing else: no criterion, since its reports are means and medians only.

use std::path::Path;
use std::time::{Duration, Instant};

use journals::{kept_journal, scratch_dir, sizes, target_dir, Cipher, COMMON_TAG, ISSUER, SUBJECT};
use quire_core::analyser::Mood;
use quire_core::store::{EntryFilter, SearchRequest, Store, UserId};

// Shared with the other store benchmarks, which use the parts this one does not.
#[allow(dead_code)]
#[path = "support/journals.rs"]
mod journals;

/// The list's page size in the app, and the search's.
const PAGE: u32 = 100;
const SEARCH_PAGE: u32 = 50;
/// Runs per figure; `cargo test --benches` (no `--bench` argument) takes a few, as a smoke test.
fn runs() -> usize {
    if std::env::args().any(|arg| arg == "--bench") {
        200
    } else {
        3
    }
}
/// A year in ms, for the date-range filters.
const YEAR_MS: i64 = 365 * 86_400_000;

fn main() {
    let data = target_dir().join("bench-data");
    std::fs::create_dir_all(&data).expect("create target/bench-data");
    let wanted: Vec<usize> = match std::env::var("QUIRE_BENCH_SIZES") {
        Ok(_) => sizes(),
        Err(_) => vec![100_000],
    };
    for entries in wanted {
        let scratch = scratch_dir(&data);
        let kept = kept_journal(entries, Cipher::Encrypted, &data);
        let path = scratch.path().join("journal.sqlite3");
        std::fs::copy(&kept, &path).expect("copy the kept journal");
        let store = Cipher::Encrypted.open(&path);
        let user = user_of(&store);
        println!(
            "\n{entries} entries, {} journals, ten years",
            store.list_journals(&user).unwrap().len()
        );
        if wanted_part("lists") {
            lists(&store, &user);
        }
        if wanted_part("calendar") {
            calendar(&store, &user);
        }
        if wanted_part("search") {
            searches(&store, &user);
        }
        if wanted_part("pages") {
            deep_pages(&store, &user);
        }
        drop(store);
        if wanted_part("rename") {
            rename(&kept, scratch.path());
        }
    }
}

/// Whether `part` is measured: every part, or those named in `QUIRE_BENCH_ONLY` (comma-separated:
/// lists, calendar, search, pages, rename).
fn wanted_part(part: &str) -> bool {
    std::env::var("QUIRE_BENCH_ONLY").map_or(true, |only| only.split(',').any(|p| p.trim() == part))
}

fn user_of(store: &Store) -> UserId {
    store
        .find_user(ISSUER, SUBJECT)
        .expect("read the user")
        .expect("the bench user")
        .id
}

/// The median and 95th percentile of [`runs`] runs of `f`.
fn percentiles(mut f: impl FnMut()) -> (Duration, Duration) {
    f();
    let runs = runs();
    let mut times: Vec<Duration> = (0..runs)
        .map(|_| {
            let started = Instant::now();
            f();
            started.elapsed()
        })
        .collect();
    times.sort();
    (times[runs / 2], times[runs * 95 / 100])
}

fn show(what: &str, (p50, p95): (Duration, Duration)) {
    println!("  {what:<52} p50 {p50:>10.3?}  p95 {p95:>10.3?}");
}

/// The filters measured, by name.
fn filters(store: &Store, user: &UserId) -> Vec<(&'static str, EntryFilter)> {
    let journal = store.list_journals(user).unwrap()[2].id.clone();
    let end = store
        .list_entries(user, &EntryFilter::default(), 0, 1)
        .unwrap()
        .items[0]
        .dated_at;
    vec![
        ("journal", EntryFilter::journal(Some(&journal))),
        (
            "tag used in a tenth",
            EntryFilter {
                tag: Some(COMMON_TAG.into()),
                ..EntryFilter::default()
            },
        ),
        (
            "tag used in 1 in 300",
            EntryFilter {
                tag: Some("t5".into()),
                ..EntryFilter::default()
            },
        ),
        (
            "date range (a year, three years back)",
            EntryFilter {
                from: Some(end - 4 * YEAR_MS),
                to: Some(end - 3 * YEAR_MS),
                ..EntryFilter::default()
            },
        ),
        (
            "starred",
            EntryFilter {
                starred: true,
                ..EntryFilter::default()
            },
        ),
        (
            "mood (calm)",
            EntryFilter {
                mood: Some(Mood::Calm),
                ..EntryFilter::default()
            },
        ),
    ]
}

fn lists(store: &Store, user: &UserId) {
    println!("first page of the list ({PAGE} entries, with its count)");
    show(
        "no filter",
        percentiles(|| {
            store
                .list_entries(user, &EntryFilter::default(), 0, PAGE)
                .unwrap();
        }),
    );
    for (name, filter) in filters(store, user) {
        show(
            name,
            percentiles(|| {
                let page = store.list_entries(user, &filter, 0, PAGE).unwrap();
                assert!(!page.items.is_empty(), "{name} finds entries");
            }),
        );
    }
}

fn calendar(store: &Store, user: &UserId) {
    println!("a calendar month with per-day counts and moods");
    let journal = store.list_journals(user).unwrap()[1].id.clone();
    show(
        "2023-06, all journals",
        percentiles(|| {
            store.calendar_month(user, "2023-06", None).unwrap();
        }),
    );
    show(
        "2023-06, one journal",
        percentiles(|| {
            store
                .calendar_month(user, "2023-06", Some(&journal))
                .unwrap();
        }),
    );
}

fn searches(store: &Store, user: &UserId) {
    println!("search, first page of {SEARCH_PAGE}, newest first, with one filter");
    for (kind, text) in [
        ("rare word", "quokka "),
        ("common word", "lunch "),
        ("prefix", "walk"),
    ] {
        show(
            &format!("{kind}, no filter"),
            percentiles(|| {
                search(store, user, text, EntryFilter::default());
            }),
        );
        for (name, filter) in filters(store, user) {
            show(
                &format!("{kind}, {name}"),
                percentiles(|| {
                    search(store, user, text, filter.clone());
                }),
            );
        }
    }
}

fn search(store: &Store, user: &UserId, text: &str, filter: EntryFilter) -> usize {
    let request = SearchRequest {
        text: text.into(),
        filter,
        limit: SEARCH_PAGE,
        ..SearchRequest::default()
    };
    store.search(user, &request).unwrap().hits.len()
}

fn deep_pages(store: &Store, user: &UserId) {
    println!("page N of a common word (\u{201c}lunch\u{201d}, {SEARCH_PAGE} a page)");
    for n in [2, 10, 100] {
        // The cursor of page N, found by paging there once.
        let mut request = SearchRequest {
            text: "lunch ".into(),
            limit: SEARCH_PAGE,
            ..SearchRequest::default()
        };
        for _ in 1..n {
            request.cursor = store.search(user, &request).unwrap().next;
        }
        if request.cursor.is_none() {
            println!("  page {n}: this journal has fewer matches");
            continue;
        }
        show(
            &format!("page {n}"),
            percentiles(|| {
                assert_eq!(
                    store.search(user, &request).unwrap().hits.len(),
                    SEARCH_PAGE as usize
                );
            }),
        );
    }
}

fn rename(kept: &Path, scratch: &Path) {
    println!("renaming the tag used in every tenth entry (one transaction)");
    for run in 1..=3 {
        let path = scratch.join(format!("rename-{run}.sqlite3"));
        std::fs::copy(kept, &path).expect("copy the kept journal");
        let store = Cipher::Encrypted.open(&path);
        let user = user_of(&store);
        let started = Instant::now();
        let renamed = store.rename_tag(&user, COMMON_TAG, "stroll").unwrap();
        let took = started.elapsed();
        // What the app does next, in the background.
        let started = Instant::now();
        store.checkpoint().unwrap();
        let folded = started.elapsed();
        println!(
            "  run {run}: {} entries in {took:.2?}, then the log folded in in {folded:.2?}",
            renamed.entries
        );
        drop(store);
        let _ = std::fs::remove_file(&path);
    }
}
