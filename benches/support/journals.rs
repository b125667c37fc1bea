//! The journals the store benchmarks measure: made once per size with `quire_sample`, kept in
//! `target/bench-data/` under a fingerprint of their text and the schema, and copied into a scratch
//! folder for each run. They are encrypted, as every journal is, under a fixed key ([`key`]): they
//! hold made-up text, and a later run must be able to open them. A plain twin of each, made the same
//! way but unencrypted as journals were before encryption ([`Cipher::Plain`]), is kept beside it
//! when a benchmark asks for one: to compare with, and to convert.
//!
//! Used by `benches/store.rs` and `benches/encryption.rs` with
//! `#[path = "support/journals.rs"] mod journals;`.

use std::hash::{DefaultHasher, Hash, Hasher};
use std::path::{Path, PathBuf};
use std::time::Instant;

use quire_core::analyser::Analyser;
use quire_core::keys::ContentKey;
use quire_core::store::{analyse_batch, JournalColour, NewUser, Store, UserId, ANALYSIS_BATCH};
use quire_sample as sample;
use rusqlite::Connection;
use tempfile::TempDir;

pub const DEFAULT_SIZES: &[usize] = &[1_000, 10_000, 100_000];
/// Bump when the way the kept journals are built changes (the seed, the user, the batches, the
/// encryption, the journals, tags, stars and analysis).
pub const DATA_FORMAT: u32 = 3;
pub const SEED: u64 = 7;
pub const YEARS: u32 = 10;
/// A fixed "now" (2026-01-01), so the same size always gives the same journal.
pub const END_MS: i64 = 1_767_225_600_000;
pub const BATCH: usize = 5_000;
pub const ISSUER: &str = "https://id.example.test";
pub const SUBJECT: &str = "bench";
/// The journals entries are spread over, in turn; the first is the one every person starts with.
pub const JOURNALS: &[&str] = &["Journal", "Work", "Dreams", "Travel", "Reading"];
/// The tag on every tenth entry: 10,000 entries of a 100,000-entry journal.
pub const COMMON_TAG: &str = "walk";
/// The other tags, `t1` to `t199`, on two entries in three.
pub const OTHER_TAGS: usize = 199;
/// One entry in this many is starred.
pub const STAR_EVERY: usize = 97;

/// The key every benchmark journal is encrypted under. Not a secret: the journals are made up.
pub fn key() -> ContentKey {
    ContentKey::from_bytes(*b"quire benchmark journal, made up")
}

/// Keys a connection of the benchmark's own to a journal (or to a file beside it) as the store
/// keys its connections: SQLCipher's raw key, before the first statement.
pub fn keyed(conn: Connection) -> Connection {
    let hex: String = key().expose().iter().map(|b| format!("{b:02x}")).collect();
    conn.pragma_update(None, "key", format!("x'{hex}'"))
        .expect("key the connection");
    conn
}

/// How a journal's file is written: encrypted under [`key`], as every journal now is, or plain, as
/// before encryption.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cipher {
    Encrypted,
    Plain,
}

impl Cipher {
    pub fn name(self) -> &'static str {
        match self {
            Cipher::Encrypted => "encrypted",
            Cipher::Plain => "plain",
        }
    }

    /// Opens (creating if needed) the journal at `path` through the store.
    pub fn open(self, path: &Path) -> Store {
        match self {
            Cipher::Encrypted => Store::open(path, &key()),
            Cipher::Plain => Store::open_unencrypted(path),
        }
        .unwrap_or_else(|e| panic!("open the {} journal: {e}", self.name()))
    }

    /// A connection of the benchmark's own, keyed when the file is encrypted.
    pub fn connect(self, conn: Connection) -> Connection {
        match self {
            Cipher::Encrypted => keyed(conn),
            Cipher::Plain => conn,
        }
    }
}

/// The sizes to measure: `QUIRE_BENCH_SIZES`, or 1,000, 10,000 and 100,000.
pub fn sizes() -> Vec<usize> {
    match std::env::var("QUIRE_BENCH_SIZES") {
        Ok(list) if !list.trim().is_empty() => list
            .split(',')
            .map(|n| {
                n.trim().replace('_', "").parse().unwrap_or_else(|_| {
                    panic!("QUIRE_BENCH_SIZES wants sizes like 1000,10000, not {list:?}")
                })
            })
            .collect(),
        _ => DEFAULT_SIZES.to_vec(),
    }
}

/// The name of the kept journal of `entries` entries, written as `cipher` says.
fn kept_name(entries: usize, cipher: Cipher, version: &str) -> String {
    format!("journal-{entries}-{}-v{version}.sqlite3", cipher.name())
}

/// The kept journal of `entries` entries, written as `cipher` says, made now if it is not there yet.
/// The plain and the encrypted journal of a size hold the same text, made in the same batches.
pub fn kept_journal(entries: usize, cipher: Cipher, dir: &Path) -> PathBuf {
    let version = data_version();
    let name = kept_name(entries, cipher, &version);
    let kept = dir.join(&name);
    if kept.exists() {
        return kept;
    }
    // Older versions of this size, and what an interrupted build left, are of no further use; the
    // current journal of the other kind is.
    let prefix = format!("journal-{entries}-");
    let current = [Cipher::Encrypted, Cipher::Plain].map(|c| kept_name(entries, c, &version));
    for old in std::fs::read_dir(dir)
        .expect("read target/bench-data")
        .flatten()
    {
        let old_name = old.file_name().to_string_lossy().into_owned();
        if old_name.starts_with(&prefix) && !current.contains(&old_name) {
            let _ = std::fs::remove_file(old.path());
        }
    }

    let partial = dir.join(format!("{name}.partial"));
    let started = Instant::now();
    eprintln!(
        "making a journal of {entries} entries, {}, in {}",
        cipher.name(),
        kept.display()
    );
    {
        let store = cipher.open(&partial);
        let user = store
            .sign_in(&NewUser {
                issuer: ISSUER.into(),
                subject: SUBJECT.into(),
                display_name: Some("Bench".into()),
                ..NewUser::default()
            })
            .expect("create the user")
            .id;
        organise(&store, &user, entries);
    }
    // Only the file itself is renamed: the store, closed above, has folded its log into it.
    std::fs::rename(&partial, &kept).expect("keep the journal");
    let size = std::fs::metadata(&kept).map(|m| m.len()).unwrap_or(0);
    eprintln!(
        "made it in {:.1?} ({:.1} MB)",
        started.elapsed(),
        size as f64 / 1e6
    );
    kept
}

/// Fills the journal: the sample's entries spread over [`JOURNALS`] in turn, with tags in their text
/// (see [`tags_of`]), one in [`STAR_EVERY`] starred, and all of them analysed as the app does.
fn organise(store: &Store, user: &UserId, entries: usize) {
    let mut journals = vec![store.list_journals(user).expect("list journals")[0]
        .id
        .clone()];
    for name in &JOURNALS[1..] {
        let made = store
            .create_journal(user, name, JournalColour::Green)
            .expect("create a journal");
        journals.push(made.id);
    }
    let texts: Vec<(i64, String)> = sample::journal(SEED, entries, YEARS, END_MS)
        .into_iter()
        .enumerate()
        .map(|(i, (at, text))| (at, format!("{text}{}", tags_of(i))))
        .collect();
    for (b, batch) in texts.chunks(BATCH).enumerate() {
        for (k, journal) in journals.iter().enumerate() {
            let mine = batch
                .iter()
                .enumerate()
                .filter(|(i, _)| (b * BATCH + i) % journals.len() == k)
                .map(|(_, (at, text))| (*at, text.as_str()));
            store
                .insert_entries(user, Some(journal), mine)
                .expect("insert entries");
        }
    }
    let mut offset = 0;
    loop {
        let page = store
            .list_entries(
                user,
                &quire_core::store::EntryFilter::default(),
                offset,
                500,
            )
            .expect("list entries");
        for (i, entry) in page.items.iter().enumerate() {
            if (offset as usize + i).is_multiple_of(STAR_EVERY) {
                store
                    .set_entry_starred(user, &entry.id, true)
                    .expect("star");
            }
        }
        if page.items.len() < 500 {
            break;
        }
        offset += 500;
    }
    let analyser = Analyser::new();
    let mut progress = store
        .begin_analysis_job(user, true)
        .expect("begin the analysis")
        .expect("a job");
    loop {
        let batch = store
            .analysis_batch(user, &progress, ANALYSIS_BATCH)
            .expect("a batch");
        if batch.is_empty() {
            store.end_analysis_job(user).expect("end the analysis");
            return;
        }
        progress = store
            .commit_analysis_batch(user, &analyse_batch(&analyser, batch))
            .expect("commit a batch")
            .expect("the job");
    }
}

/// The tags written at the end of entry `i`: [`COMMON_TAG`] on every tenth, and one of the others
/// on two in three.
pub fn tags_of(i: usize) -> String {
    let mut tags = String::new();
    if i.is_multiple_of(10) {
        tags.push_str(&format!(" #{COMMON_TAG}"));
    }
    if !i.is_multiple_of(3) {
        tags.push_str(&format!(" #t{}", (i * 7919) % OTHER_TAGS + 1));
    }
    if tags.is_empty() {
        tags
    } else {
        format!("\n\n{}", tags.trim_start())
    }
}

/// This run's scratch folder. It sits next to the kept journals rather than in the system's
/// temporary folder, which may be in memory, where a sync to disk would cost nothing. Folders left by
/// runs that were interrupted are removed first, where the running processes can be seen (Linux).
pub fn scratch_dir(data: &Path) -> TempDir {
    let processes = Path::new("/proc");
    if processes.join("self").exists() {
        for entry in std::fs::read_dir(data)
            .expect("read target/bench-data")
            .flatten()
        {
            let name = entry.file_name().to_string_lossy().into_owned();
            let owner = name
                .strip_prefix("scratch-")
                .and_then(|rest| rest.split('-').next());
            if owner.is_some_and(|pid| !processes.join(pid).exists()) {
                let _ = std::fs::remove_dir_all(entry.path());
            }
        }
    }
    tempfile::Builder::new()
        .prefix(&format!("scratch-{}-", std::process::id()))
        .tempdir_in(data)
        .expect("create a scratch folder")
}

/// A short fingerprint of what a kept journal holds: the generated text and the schema. A change to
/// either makes new journals, so a kept one is never migrated before it is measured.
pub fn data_version() -> String {
    let mut schema = Connection::open_in_memory().expect("an in-memory database");
    quire_core::store::migrations()
        .to_latest(&mut schema)
        .expect("migrate an empty database");
    let tables: Vec<String> = schema
        .prepare("SELECT sql FROM sqlite_schema WHERE sql IS NOT NULL ORDER BY name")
        .and_then(|mut stmt| stmt.query_map([], |row| row.get(0))?.collect())
        .expect("read the schema");
    let mut hasher = DefaultHasher::new();
    DATA_FORMAT.hash(&mut hasher);
    tables.hash(&mut hasher);
    sample::journal(SEED, 50, YEARS, END_MS).hash(&mut hasher);
    format!("{:08x}", hasher.finish() as u32)
}

/// Cargo's target folder: the one holding this benchmark's binary, marked by `CACHEDIR.TAG`.
pub fn target_dir() -> PathBuf {
    std::env::current_exe()
        .ok()
        .and_then(|exe| {
            exe.ancestors()
                .find(|dir| dir.join("CACHEDIR.TAG").exists())
                .map(Path::to_path_buf)
        })
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target"))
}
