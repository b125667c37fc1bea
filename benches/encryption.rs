//! What encrypting a journal from before encryption costs at the first start of this version:
//! `accounts::convert_plain_journal` on the plain journal of one account, at 1,000, 10,000 and
//! 100,000 entries, its key slot kept in a mock keyring.
//!
//! `cargo bench -p quire-core --bench encryption` (`QUIRE_BENCH_SIZES=100000` for one size). The
//! plain journals are the kept plain twins of the store benchmark's journals
//! (`benches/support/journals.rs`), made with `quire_sample` the first time. Each conversion gets a
//! fresh copy of one as the `quire.sqlite3` of a data folder in the scratch folder (on disk, so
//! that syncs are real), just copied and so in the page cache, as a journal the app had open just
//! before is. It is timed whole: opening and checking the plain journal, the encrypted copy (export,
//! check, sync), the key slot, the account list, and overwriting and removing the plain file; the
//! encrypted copy and the wipe are also printed apart. Then the journal is opened with its key from
//! the keyring and its entries counted, untimed.
//!
//! Not criterion: at 100,000 entries one conversion takes tens of seconds, and criterion takes ten
//! samples at least. Under `cargo bench` each size is converted [`RUNS`] times and every run
//! printed with the median; under `cargo test --benches` (CI's smoke run) once, without figures, as
//! criterion does.

use std::path::Path;
use std::time::{Duration, Instant};

use journals::{kept_journal, scratch_dir, sizes, target_dir, Cipher, ISSUER, SUBJECT};
use keyring_core::mock;
use quire_core::accounts::{self, convert_plain_journal};
use quire_core::auth::vault::Vault;
use quire_core::store::DATABASE_FILE;

// Only part of the support code is used here.
#[allow(dead_code)]
#[path = "support/journals.rs"]
mod journals;

/// The benchmark's name, which a name filter on the command line must match.
const NAME: &str = "convert_plain_journal";
/// Conversions per size when benchmarking.
const RUNS: usize = 3;

/// One conversion's times.
struct Timing {
    total: Duration,
    /// Until the encrypted copy was written, checked and synced.
    copied: Duration,
    /// From the account list written to the plain file wiped and removed.
    wipe: Duration,
    plain_bytes: u64,
    encrypted_bytes: u64,
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let has = |flag: &str| args.iter().any(|a| a == flag);
    if has("--list") {
        println!("{NAME}: benchmark");
        return;
    }
    if !wanted(&args) {
        return;
    }
    // `cargo bench` passes `--bench`; `cargo test --benches` does not.
    let measuring = has("--bench") && !has("--test");
    let data = target_dir().join("bench-data");
    std::fs::create_dir_all(&data).expect("create target/bench-data");
    let scratch = scratch_dir(&data);
    for entries in sizes() {
        let plain = kept_journal(entries, Cipher::Plain, &data);
        let runs = if measuring { RUNS } else { 1 };
        let mut totals = Vec::with_capacity(runs);
        if !measuring {
            println!("Testing {NAME}/{entries}");
        }
        for run in 1..=runs {
            let dir = scratch.path().join(format!("convert-{entries}-{run}"));
            let timing = convert(&plain, entries, &dir);
            if measuring {
                println!(
                    "{NAME} at {entries} entries, run {run}: {:.2} s (the encrypted copy {:.2} s, \
                     the wipe {:.2} s); {:.1} MB plain, {:.1} MB encrypted",
                    timing.total.as_secs_f64(),
                    timing.copied.as_secs_f64(),
                    timing.wipe.as_secs_f64(),
                    timing.plain_bytes as f64 / 1e6,
                    timing.encrypted_bytes as f64 / 1e6,
                );
            }
            totals.push(timing.total);
        }
        if measuring {
            totals.sort_unstable();
            println!(
                "{NAME} at {entries} entries: median {:.2} s over {runs} runs (min {:.2} s, max \
                 {:.2} s)\n",
                totals[runs / 2].as_secs_f64(),
                totals[0].as_secs_f64(),
                totals[runs - 1].as_secs_f64(),
            );
        } else {
            println!("Success\n");
        }
    }
}

/// Converts a copy of the plain journal `plain` in the data folder `dir`, checks what it made, and
/// removes the folder.
fn convert(plain: &Path, entries: usize, dir: &Path) -> Timing {
    std::fs::create_dir(dir).expect("create the data folder");
    std::fs::copy(plain, dir.join(DATABASE_FILE)).expect("copy the plain journal");
    let plain_bytes = std::fs::metadata(plain).map(|m| m.len()).unwrap_or(0);
    let vault = Vault::with_store(mock::Store::new().expect("a mock keyring"), "quire-bench");

    let started = Instant::now();
    let mut marks = Vec::new();
    let converted = convert_plain_journal(dir, &vault, |progress| {
        marks.push((started.elapsed(), progress.done))
    })
    .expect("convert the journal");
    let total = started.elapsed();

    assert_eq!(converted.accounts.len(), 1, "one account");
    assert_eq!(converted.entries, entries as u64, "every entry copied");
    assert!(!accounts::plain_journal_left(dir), "the plain file is gone");
    // Progress comes when it starts (0 done), when the copy is made (1 of 1: no backups), and when
    // the wipe starts.
    let copied = marks
        .iter()
        .find(|(_, done)| *done >= 1)
        .map_or(total, |(at, _)| *at);
    let wipe = total - marks.last().map_or(total, |(at, _)| *at);

    let account = &converted.accounts[0];
    let store = accounts::open_with_keyring(dir, account, &vault)
        .expect("open the encrypted journal")
        .expect("its key is in the keyring");
    let user = store
        .find_user(ISSUER, SUBJECT)
        .expect("look up the user")
        .expect("the journal has its user")
        .id;
    let total_entries = store
        .list_entries(&user, &quire_core::store::EntryFilter::default(), 0, 0)
        .expect("count")
        .total;
    assert_eq!(
        total_entries as usize, entries,
        "the encrypted journal opens whole"
    );
    let encrypted_bytes = std::fs::metadata(store.path())
        .map(|m| m.len())
        .unwrap_or(0);
    drop(store);
    std::fs::remove_dir_all(dir).expect("remove the data folder");
    Timing {
        total,
        copied,
        wipe,
        plain_bytes,
        encrypted_bytes,
    }
}

/// Whether a name filter on the command line (`cargo bench -- NAME`) leaves this benchmark in. The
/// values of criterion's options, which `cargo bench` hands every benchmark alike, are not filters.
fn wanted(args: &[String]) -> bool {
    const WITH_VALUE: &[&str] = &[
        "--save-baseline",
        "--baseline",
        "--baseline-lenient",
        "--load-baseline",
        "--sample-size",
        "--warm-up-time",
        "--measurement-time",
        "--nresamples",
        "--noise-threshold",
        "--confidence-level",
        "--significance-level",
        "--plotting-backend",
        "--output-format",
        "--format",
        "--color",
        "--profile-time",
        "-s",
        "-b",
        "-c",
    ];
    let mut filters = Vec::new();
    let mut skip_value = false;
    for arg in args {
        if std::mem::take(&mut skip_value) {
            continue;
        }
        if arg.starts_with('-') {
            skip_value = WITH_VALUE.contains(&arg.as_str());
        } else {
            filters.push(arg.as_str());
        }
    }
    filters.is_empty() || filters.iter().any(|f| NAME.contains(f))
}
