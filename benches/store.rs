//! What the journal store costs as a journal grows: opening it, an autosave, a page of the list and
//! search as you type, at 1,000, 10,000 and 100,000 entries.
//!
//! `cargo bench --bench store`; `QUIRE_BENCH_SIZES=1000,10000` picks other sizes, a name filter
//! (`-- autosave`) picks groups, and `-- --exact "search top 20"` takes the search percentiles
//! alone. Each journal is made once with `quire_sample` and kept in `target/bench-data/`, named by
//! its size and a fingerprint of the sample text and the schema, so that a change to either makes a
//! new one. It is built under a temporary name and renamed when complete, so an interrupted build is
//! never reused. Every benchmark runs on a scratch copy in the same folder (on disk, so that syncs
//! are real); the kept file is only ever read. Autosave runs last, so the reads see the journals as
//! they were made.
//!
//! The autosave group also times a bare `INSERT` and `COMMIT` of the same text into a one-column
//! table with the same settings (encrypted under the same key, WAL, `synchronous=FULL`), so one run
//! shows how much of a save is the unavoidable encryption and sync to disk and how much is the
//! store's own work (the full-text index, the summary).
//! Criterion times the two one after the other, so a busy disk during one skews their ratio; the
//! bench then also takes them in turn, 300 rounds, and prints both medians and the ratio.
//! At 100,000 entries the search queries are also run 200 times each (for at most a minute), and
//! their median and 95th percentile printed, since criterion reports means and medians only.
//!
//! Those two extra measurements are taken side by side with a plain twin of each journal, the same
//! text unencrypted, as journals were before encryption (kept beside it, made the first time it is
//! wanted): each round of the autosave comparison also saves into the plain journal and inserts into
//! an unencrypted bare table (after untimed rounds that bring all four write-ahead logs to the same
//! steady state), and each search runs on the encrypted and the plain journal in turn. So one run
//! shows what encryption adds, with both sides on the same machine at the same moment.

use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use criterion::{
    criterion_group, criterion_main, BatchSize, BenchmarkGroup, BenchmarkId, Criterion,
    SamplingMode, Throughput,
};
use journals::{kept_journal, scratch_dir, sizes, target_dir, Cipher, ISSUER, SEED, SUBJECT};
use quire_core::store::{EntrySummary, Store, UserId};
use quire_sample as sample;
use rusqlite::Connection;

#[path = "support/journals.rs"]
mod journals;

/// The list's page size in the app.
const PAGE: u32 = 50;
/// How many results the search box asks for.
const HITS: u32 = 20;
/// The size at which search percentiles are measured, and how many runs they take.
const PERCENTILE_SIZE: usize = 100_000;
const PERCENTILE_RUNS: usize = 200;
/// How many rounds the interleaved autosave comparison takes (a save and a bare insert each, into
/// the encrypted and the plain journal).
const RATIO_ROUNDS: usize = 300;
/// The untimed rounds before them.
const RATIO_WARM_UP_ROUNDS: usize = 3_000;

/// What the search box is given, by kind. The sample's rare words turn up in about one entry in a
/// hundred, "the" in every entry, "lunch" in most, "park" and "river" in a third or so each.
const SEARCHES: &[(&str, &str)] = &[
    ("rare word", "quokka "),
    ("common word", "lunch "),
    ("two words", "river park "),
    ("prefix", "walk"),
];

/// A kept journal, copied into a scratch folder for this run.
struct Journal {
    entries: usize,
    cipher: Cipher,
    path: PathBuf,
    user: UserId,
}

impl Journal {
    fn prepare(entries: usize, cipher: Cipher, data: &Path, scratch: &Path) -> Self {
        let kept = kept_journal(entries, cipher, data);
        let path = scratch.join(format!("journal-{entries}-{}.sqlite3", cipher.name()));
        std::fs::copy(&kept, &path).expect("copy the kept journal");
        let user = cipher
            .open(&path)
            .find_user(ISSUER, SUBJECT)
            .expect("look up the user")
            .expect("the kept journal has its user")
            .id;
        Self {
            entries,
            cipher,
            path,
            user,
        }
    }

    fn open(&self) -> Store {
        self.cipher.open(&self.path)
    }

    /// A file for the bare inserts, beside the journal and written as it is.
    fn bare_path(&self) -> PathBuf {
        self.path.with_file_name(format!(
            "bare-{}-{}.sqlite3",
            self.entries,
            self.cipher.name()
        ))
    }

    fn label(&self) -> String {
        self.entries.to_string()
    }
}

fn store(c: &mut Criterion) {
    let data = target_dir().join("bench-data");
    std::fs::create_dir_all(&data).expect("create target/bench-data");
    let scratch = scratch_dir(&data);
    let journals: Vec<Journal> = sizes()
        .into_iter()
        .map(|n| Journal::prepare(n, Cipher::Encrypted, &data, scratch.path()))
        .collect();
    // The plain twins, only where a side-by-side measurement will read them.
    let (ratios, percentiles) = (extra_wanted("autosave"), extra_wanted("search top 20"));
    let plain: Vec<Journal> = journals
        .iter()
        .filter(|j| ratios || (percentiles && j.entries == PERCENTILE_SIZE))
        .map(|j| Journal::prepare(j.entries, Cipher::Plain, &data, scratch.path()))
        .collect();
    open(c, &journals);
    list(c, &journals);
    search(c, &journals);
    if let Some(journal) = journals.iter().find(|j| j.entries == PERCENTILE_SIZE) {
        if percentiles {
            search_percentiles(journal, twin(&plain, journal));
        }
    }
    // Last, so that the reads above see the journals exactly as they were made.
    autosave(c, &journals, if ratios { &plain } else { &[] });
}

/// The plain twin of `journal`, among those prepared.
fn twin<'a>(plain: &'a [Journal], journal: &Journal) -> &'a Journal {
    plain
        .iter()
        .find(|p| p.entries == journal.entries)
        .expect("the plain twin was prepared")
}

fn open(c: &mut Criterion, journals: &[Journal]) {
    let mut group = c.benchmark_group("open and migrate");
    group.measurement_time(Duration::from_secs(3));
    for journal in journals {
        // Nothing else has the file open, as at launch; closing it is left out of the timing.
        group.bench_function(BenchmarkId::from_parameter(journal.label()), |b| {
            b.iter_batched(|| (), |()| journal.open(), BatchSize::PerIteration);
        });
    }
    group.finish();
}

/// Criterion times the encrypted journals; the interleaved comparison, when `plain` holds their
/// plain twins, times each beside its twin.
fn autosave(c: &mut Criterion, journals: &[Journal], plain: &[Journal]) {
    let mut rng = sample::Rng::new(SEED + 1);
    // Two versions of a typical entry, saved in turn so that every save really writes.
    let texts = [sample::entry(&mut rng, 150), sample::entry(&mut rng, 150)];
    let mut group = c.benchmark_group("autosave");
    group
        .sample_size(50)
        .measurement_time(Duration::from_secs(4))
        .throughput(Throughput::Elements(1));
    for journal in journals {
        let store = journal.open();
        let mut save = Autosave::new(&store, &journal.user, &texts);
        let mut bare = BareInsert::new(&journal.bare_path(), journal.cipher, &texts);
        group.bench_function(BenchmarkId::new("save_entry", journal.label()), |b| {
            b.iter(|| save.next());
        });
        group.bench_function(BenchmarkId::new("bare insert", journal.label()), |b| {
            b.iter(|| bare.next());
        });
        if !plain.is_empty() {
            let plain = twin(plain, journal);
            let plain_store = plain.open();
            let mut plain_save = Autosave::new(&plain_store, &plain.user, &texts);
            let mut plain_bare = BareInsert::new(&plain.bare_path(), plain.cipher, &texts);
            autosave_ratio(
                journal.entries,
                [&mut save, &mut plain_save],
                [&mut bare, &mut plain_bare],
            );
        }
    }
    group.finish();
}

/// Saves of the newest entry, its text alternating so that every save really writes.
struct Autosave<'a> {
    store: &'a Store,
    user: &'a UserId,
    id: String,
    texts: &'a [String; 2],
    turn: usize,
}

impl<'a> Autosave<'a> {
    fn new(store: &'a Store, user: &'a UserId, texts: &'a [String; 2]) -> Self {
        let mut page = store
            .list_entries(user, &quire_core::store::EntryFilter::default(), 0, 1)
            .expect("list");
        let id = page.items.remove(0).id;
        Self {
            store,
            user,
            id,
            texts,
            turn: 0,
        }
    }

    fn next(&mut self) -> EntrySummary {
        self.turn += 1;
        let text = &self.texts[self.turn % 2];
        self.store
            .save_entry(self.user, &self.id, text)
            .expect("save")
    }
}

/// The floor under an autosave: the same text committed into a one-column table in its own file
/// next to the journal, with the settings of the store's connections, its key included when the
/// journal has one.
struct BareInsert<'a> {
    conn: Connection,
    texts: &'a [String; 2],
    turn: usize,
}

impl<'a> BareInsert<'a> {
    fn new(path: &Path, cipher: Cipher, texts: &'a [String; 2]) -> Self {
        let conn = cipher.connect(Connection::open(path).expect("open the bare database"));
        let mode: String = conn
            .query_row("PRAGMA journal_mode = WAL", [], |row| row.get(0))
            .expect("WAL");
        assert_eq!(mode, "wal");
        conn.execute_batch(
            "PRAGMA synchronous = FULL;
             PRAGMA foreign_keys = ON;
             PRAGMA secure_delete = FAST;
             CREATE TABLE IF NOT EXISTS notes (id INTEGER PRIMARY KEY, body TEXT NOT NULL) STRICT;",
        )
        .expect("set up the bare database");
        Self {
            conn,
            texts,
            turn: 0,
        }
    }

    fn next(&mut self) {
        self.turn += 1;
        let tx = self.conn.transaction().expect("begin");
        tx.prepare_cached("INSERT INTO notes (body) VALUES (?1)")
            .and_then(|mut insert| insert.execute([&self.texts[self.turn % 2]]))
            .expect("insert");
        tx.commit().expect("commit");
    }
}

/// Saves and bare inserts, into the encrypted journal (`[0]`) and its plain twin (`[1]`), taken in
/// turn, so that whatever else the machine does weighs on all four alike: criterion measures them
/// one after the other, and a busy disk during one of them skews the ratio of their medians.
fn autosave_ratio(entries: usize, saves: [&mut Autosave<'_>; 2], bares: [&mut BareInsert<'_>; 2]) {
    let mut times = [(); 4].map(|()| Vec::with_capacity(RATIO_ROUNDS));
    let [save, plain_save] = saves;
    let [bare, plain_bare] = bares;
    // Untimed rounds first, so that each write-ahead log has filled and started over a few times,
    // as in a journal in use: a log still growing costs every sync a change to the file's size.
    // Criterion has already done so for the encrypted pair; the plain pair is new.
    for _ in 0..RATIO_WARM_UP_ROUNDS {
        black_box(save.next());
        bare.next();
        black_box(plain_save.next());
        plain_bare.next();
    }
    for _ in 0..RATIO_ROUNDS {
        times[0].push(timed(|| {
            black_box(save.next());
        }));
        times[1].push(timed(|| bare.next()));
        times[2].push(timed(|| {
            black_box(plain_save.next());
        }));
        times[3].push(timed(|| plain_bare.next()));
    }
    let [save, bare, plain_save, plain_bare] = times.map(|mut t| median(&mut t));
    let ratio = |a: Duration, b: Duration| a.as_secs_f64() / b.as_secs_f64();
    println!(
        "autosave at {entries} entries, {RATIO_ROUNDS} interleaved rounds, p50:\n  \
         encrypted: save_entry {save:.3?}, bare insert {bare:.3?}, ratio {:.2}\n  \
         plain:     save_entry {plain_save:.3?}, bare insert {plain_bare:.3?}, ratio {:.2}\n  \
         encrypted / plain: save_entry {:.2}, bare insert {:.2}",
        ratio(save, bare),
        ratio(plain_save, plain_bare),
        ratio(save, plain_save),
        ratio(bare, plain_bare),
    );
}

fn timed(f: impl FnOnce()) -> Duration {
    let started = Instant::now();
    f();
    started.elapsed()
}

fn median(times: &mut [Duration]) -> Duration {
    times.sort_unstable();
    times[times.len() / 2]
}

fn list(c: &mut Criterion, journals: &[Journal]) {
    let mut group = c.benchmark_group("list page");
    group
        .sample_size(50)
        .measurement_time(Duration::from_secs(3))
        .throughput(Throughput::Elements(u64::from(PAGE)));
    for journal in journals {
        let store = journal.open();
        let deep = u32::try_from(journal.entries.saturating_sub(100)).expect("size fits u32");
        for (name, offset) in [("first", 0), ("deep", deep)] {
            group.bench_function(BenchmarkId::new(name, journal.label()), |b| {
                b.iter(|| {
                    store
                        .list_entries(
                            &journal.user,
                            &quire_core::store::EntryFilter::default(),
                            black_box(offset),
                            PAGE,
                        )
                        .expect("list")
                });
            });
        }
    }
    group.finish();
}

fn search(c: &mut Criterion, journals: &[Journal]) {
    let mut group = c.benchmark_group("search top 20");
    for journal in journals {
        let store = journal.open();
        slow_when_large(&mut group, journal.entries);
        // One untimed pass first: the first search after opening reads the index in from disk,
        // and a warm-up of one slow call would make criterion plan for minutes.
        for (_, input) in SEARCHES {
            store
                .search_entries(&journal.user, input, HITS)
                .expect("search");
        }
        for (kind, input) in SEARCHES {
            let matching = count_matches(journal, input);
            println!(
                "{input:?} matches {matching} of {} entries",
                journal.entries
            );
            let id = BenchmarkId::new(format!("{kind} {:?}", input.trim()), journal.label());
            group.bench_function(id, |b| {
                b.iter(|| {
                    store
                        .search_entries(&journal.user, black_box(input), HITS)
                        .expect("search")
                });
            });
        }
    }
    group.finish();
}

/// Search over a large journal can take long enough per call that criterion's default of a
/// growing number of calls per sample would run for minutes; equal samples keep it in bounds.
fn slow_when_large(group: &mut BenchmarkGroup<'_, criterion::measurement::WallTime>, n: usize) {
    if n >= 100_000 {
        group
            .sampling_mode(SamplingMode::Flat)
            .sample_size(20)
            .measurement_time(Duration::from_secs(10));
    } else {
        group
            .sampling_mode(SamplingMode::Auto)
            .sample_size(50)
            .measurement_time(Duration::from_secs(3));
    }
}

/// How many of the journal's entries a search input matches, to print next to the timings.
fn count_matches(journal: &Journal, input: &str) -> i64 {
    let query = quire_core::store::parse_query(input)
        .fts_match()
        .expect("a searchable input");
    let conn = journal.cipher.connect(
        Connection::open_with_flags(&journal.path, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
            .expect("open read-only"),
    );
    conn.query_row(
        "SELECT count(*) FROM entries_fts WHERE entries_fts MATCH ?1",
        [query],
        |row| row.get(0),
    )
    .expect("count matches")
}

/// Runs each search [`PERCENTILE_RUNS`] times (or for at most a minute) on the encrypted journal and
/// on its plain twin in turn, and prints the median and the 95th percentile of the single calls of
/// each, side by side.
fn search_percentiles(journal: &Journal, plain: &Journal) {
    let sides = [journal, plain];
    let stores = sides.map(Journal::open);
    // As in the criterion group: the first search after opening reads the index in from disk.
    for (store, side) in stores.iter().zip(sides) {
        for (_, input) in SEARCHES {
            store
                .search_entries(&side.user, input, HITS)
                .expect("search");
        }
    }
    println!(
        "\nsearch top {HITS} at {} entries, single calls, encrypted and plain in turn:",
        journal.entries
    );
    for (kind, input) in SEARCHES {
        let started = Instant::now();
        let mut times = [(); 2].map(|()| Vec::with_capacity(PERCENTILE_RUNS));
        while times[0].len() < PERCENTILE_RUNS && started.elapsed() < Duration::from_secs(60) {
            // Each side goes first every other time.
            let round = times[0].len();
            for i in [round % 2, (round + 1) % 2] {
                let call = Instant::now();
                black_box(
                    stores[i]
                        .search_entries(&sides[i].user, input, HITS)
                        .expect("search"),
                );
                times[i].push(call.elapsed());
            }
        }
        let runs = times[0].len();
        let [encrypted, plain] = times.map(|mut t| {
            t.sort_unstable();
            let at = |q: f64| t[((t.len() - 1) as f64 * q).round() as usize];
            [at(0.50), at(0.95), at(1.0)]
        });
        let side = |[p50, p95, max]: [Duration; 3]| {
            format!("p50 {p50:>9.3?}  p95 {p95:>9.3?}  max {max:>9.3?}")
        };
        println!(
            "  {:<24} runs {:>3}  encrypted {}  |  plain {}  |  p95 encrypted / plain {:.2}",
            format!("{kind} {:?}", input.trim()),
            runs,
            side(encrypted),
            side(plain),
            encrypted[1].as_secs_f64() / plain[1].as_secs_f64(),
        );
    }
}

/// Whether to take a group's extra measurements: only when criterion is really benchmarking (not
/// `cargo test`'s one pass, not `--list`) with no name filter that leaves the group out. Criterion
/// keeps its mode to itself, so this reads the same arguments it does.
fn extra_wanted(group: &str) -> bool {
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
    let args: Vec<String> = std::env::args().skip(1).collect();
    let has = |flag: &str| args.iter().any(|a| a == flag);
    if !has("--bench") || has("--test") || has("--list") || has("--profile-time") {
        return false;
    }
    let mut filters = Vec::new();
    let mut skip_value = false;
    for arg in &args {
        if std::mem::take(&mut skip_value) {
            continue;
        }
        if arg.starts_with('-') {
            skip_value = WITH_VALUE.contains(&arg.as_str());
        } else {
            filters.push(arg.as_str());
        }
    }
    filters.is_empty() || filters.iter().any(|f| group.contains(f))
}

criterion_group! {
    name = benches;
    // A second of warm-up is plenty for calls that take microseconds to milliseconds, and keeps the
    // whole run, with the 100,000-entry journal, short.
    config = Criterion::default().warm_up_time(Duration::from_secs(1));
    targets = store
}
criterion_main!(benches);
