//! Killing the journal's writer with SIGKILL in the middle of autosaves, over and over.
//!
//! A child process (this test binary, run again in child mode) opens the store and autosaves like a
//! person typing: every save appends a word to the newest entry, a new entry is started every so
//! often, and the search index is brought up to date now and then, as the analysis worker does.
//! After each save returns it prints `saved ENTRY N`: that is the moment the UI shows "Saved". The
//! parent kills it at a random moment (anywhere: opening the database, mid-transaction, mid-index),
//! then checks that the database passes `PRAGMA integrity_check` and FTS5's own check, and that every
//! entry holds at least the words last reported saved. The journal is encrypted, as every journal
//! is: the child gets its key from the parent (`QUIRE_KILL_LOOP_KEY`, in hex), and the checks read
//! the file through a connection keyed with it.
//!
//! CI runs 40 kills; `QUIRE_KILL_LOOP_KILLS=1000 cargo test --release --features custom-protocol
//! --test kill_loop -- --nocapture` runs the long version (its figures are in docs/reliability.md).

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use crate::support::journal::connect;
use quire_core::keys::{ContentKey, KEY_BYTES};
use quire_core::store::{Store, UserId, DATABASE_FILE};

const CHILD_ENV: &str = "QUIRE_KILL_LOOP_CHILD";
/// The journal's key, in hex, for the child.
const KEY_ENV: &str = "QUIRE_KILL_LOOP_KEY";
const DEFAULT_KILLS: u32 = 40;
/// An entry gets a new one after this many words, so that saves stay the size of real entries.
const WORDS_PER_ENTRY: usize = 2_000;

/// The text of an entry after `n` saves: `w0 w1 … w(n-1)`.
fn words(n: usize) -> String {
    (0..n)
        .map(|i| format!("w{i}"))
        .collect::<Vec<_>>()
        .join(" ")
}

/// How many saves `text` is the result of, if it is a text the child writes at all.
fn saves_in(text: &str) -> Option<usize> {
    if text.is_empty() {
        return Some(0);
    }
    let n = text.split(' ').count();
    (text == words(n)).then_some(n)
}

#[test]
fn a_killed_writer_loses_no_saved_text_and_leaves_a_sound_database() {
    if let Some(dir) = std::env::var_os(CHILD_ENV) {
        child(Path::new(&dir));
        return;
    }
    let (kills, dir, key) = rounds_and_journal();
    let mut rng = 0x5eed_u64;
    let mut reported: BTreeMap<String, usize> = BTreeMap::new();
    let (mut saves, mut mid_save_kills, started) = (0_usize, 0_u32, Instant::now());
    for round in 0..kills {
        let (mut proc, rx, reader) = spawn_writer(dir.path(), &key);
        // A random moment: from before the store is open to well into the saves.
        let wait = Duration::from_millis(2 + next(&mut rng) % 160);
        std::thread::sleep(wait);
        proc.kill().unwrap(); // SIGKILL
        proc.wait().unwrap();
        reader.join().unwrap();
        let (count, last_line) = note_reports(&rx, &mut reported);
        saves += count;
        if last_line.starts_with("saving") {
            mid_save_kills += 1;
        }
        check(dir.path(), &key, &reported, round);
    }
    println!(
        "kill loop: {kills} kills in {:.1} s, {saves} saves reported as saved over {} entries, \
         {mid_save_kills} kills after a save had started and before it was reported, 0 losses, \
         integrity_check ok every time",
        started.elapsed().as_secs_f64(),
        reported.len()
    );
    assert!(
        saves > 0,
        "the child never got to save; the loop tested nothing"
    );
}

/// Copying the database and its write-ahead log while the writer is frozen mid-write, as a power cut
/// would leave the files on a disk that honours flushes, and opening the copy: it is sound and holds
/// every save reported before the freeze. The writer then goes on, so copies land at every stage of
/// its work, including checkpoints.
#[test]
fn a_copy_of_the_files_taken_mid_write_opens_sound_with_every_reported_save() {
    if std::env::var_os(CHILD_ENV).is_some() {
        return;
    }
    let (copies, dir, key) = rounds_and_journal();
    let (mut proc, rx, reader) = spawn_writer(dir.path(), &key);
    let pid = proc.id().to_string();
    let signal = |name: &str| {
        let status = Command::new("kill").args([name, &pid]).status().unwrap();
        assert!(status.success(), "kill {name} {pid}");
    };
    let mut rng = 0x00c0_ffee_u64;
    let mut reported: BTreeMap<String, usize> = BTreeMap::new();
    let (mut saves, started) = (0_usize, Instant::now());
    for round in 0..copies {
        std::thread::sleep(Duration::from_millis(1 + next(&mut rng) % 40));
        signal("-STOP");
        // Everything printed before the freeze is in the pipe; give the reader a moment to drain it.
        std::thread::sleep(Duration::from_millis(20));
        saves += note_reports(&rx, &mut reported).0;
        let copy = tempfile::tempdir().unwrap();
        for file in [DATABASE_FILE, &format!("{DATABASE_FILE}-wal")] {
            let from = dir.path().join(file);
            if from.exists() {
                std::fs::copy(&from, copy.path().join(file)).unwrap();
            }
        }
        signal("-CONT");
        check(copy.path(), &key, &reported, round);
    }
    proc.kill().unwrap();
    proc.wait().unwrap();
    reader.join().unwrap();
    println!(
        "copies mid-write: {copies} copies in {:.1} s, {saves} saves reported before them, \
         0 losses, integrity_check ok every time",
        started.elapsed().as_secs_f64()
    );
    assert!(
        saves > 0,
        "the writer never got to save; the copies tested nothing"
    );
}

/// How many rounds to run (`QUIRE_KILL_LOOP_KILLS`, or [`DEFAULT_KILLS`]), and a new journal with
/// its one person for the writer, and its key.
fn rounds_and_journal() -> (u32, tempfile::TempDir, ContentKey) {
    let rounds = std::env::var("QUIRE_KILL_LOOP_KILLS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(DEFAULT_KILLS);
    let (dir, key) = (tempfile::tempdir().unwrap(), ContentKey::generate());
    let store = Store::open_in(dir.path(), &key).unwrap();
    crate::support::journal::person(&store, "ada");
    (rounds, dir, key)
}

/// The key as the child is given it: 64 hex digits.
fn key_to_hex(key: &ContentKey) -> String {
    key.expose().iter().map(|b| format!("{b:02x}")).collect()
}

/// The key the parent gave, back from its hex digits.
fn key_from_hex(hex: &str) -> ContentKey {
    let mut bytes = [0u8; KEY_BYTES];
    assert_eq!(hex.len(), KEY_BYTES * 2, "{KEY_ENV} holds a whole key");
    for (i, byte) in bytes.iter_mut().enumerate() {
        *byte = u8::from_str_radix(&hex[i * 2..i * 2 + 2], 16).expect("hex digits");
    }
    ContentKey::from_bytes(bytes)
}

type Reports = mpsc::Receiver<String>;

/// Starts the writer (this binary in child mode) on `dir`, with a thread forwarding its lines.
fn spawn_writer(
    dir: &Path,
    key: &ContentKey,
) -> (std::process::Child, Reports, std::thread::JoinHandle<()>) {
    let mut proc = crate::support::step(
        "kill_loop::a_killed_writer_loses_no_saved_text_and_leaves_a_sound_database",
    )
    .env(CHILD_ENV, dir)
    .env(KEY_ENV, key_to_hex(key))
    .stdout(Stdio::piped())
    .stderr(Stdio::null())
    .spawn()
    .unwrap();
    let stdout = proc.stdout.take().unwrap();
    let (tx, rx) = mpsc::channel();
    let reader = std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    (proc, rx, reader)
}

/// Takes in the writer's lines so far: records each `saved ENTRY N`, and answers how many there
/// were and the last line of all.
fn note_reports(rx: &Reports, reported: &mut BTreeMap<String, usize>) -> (usize, String) {
    let (mut saves, mut last_line) = (0, String::new());
    for line in rx.try_iter() {
        if let Some(rest) = line.strip_prefix("saved ") {
            let (id, n) = rest.split_once(' ').unwrap();
            let n: usize = n.parse().unwrap();
            let seen = reported.entry(id.to_owned()).or_default();
            *seen = (*seen).max(n);
            saves += 1;
        }
        last_line = line;
    }
    (saves, last_line)
}

/// A pseudo-random number: the same sequence every run, so a failure can be replayed.
fn next(state: &mut u64) -> u64 {
    *state = state
        .wrapping_mul(6_364_136_223_846_793_005)
        .wrapping_add(1_442_695_040_888_963_407);
    *state >> 33
}

/// After a kill: the database is sound and holds every reported save.
fn check(dir: &Path, key: &ContentKey, reported: &BTreeMap<String, usize>, round: u32) {
    let conn = connect(&dir.join(DATABASE_FILE), Some(key));
    let integrity: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(integrity, "ok", "after kill {round}");
    let broken_keys: i64 = conn
        .query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(broken_keys, 0, "after kill {round}");
    conn.execute(
        "INSERT INTO entries_fts (entries_fts) VALUES ('integrity-check')",
        [],
    )
    .unwrap_or_else(|err| panic!("the search index is damaged after kill {round}: {err}"));
    for (id, saved) in reported {
        let text: String = conn
            .query_row("SELECT content FROM entries WHERE id = ?1", [id], |r| {
                r.get(0)
            })
            .unwrap_or_else(|err| panic!("entry {id} is gone after kill {round}: {err}"));
        let on_disk = saves_in(&text)
            .unwrap_or_else(|| panic!("entry {id} holds text nobody wrote after kill {round}"));
        assert!(
            on_disk >= *saved,
            "kill {round}: entry {id} has {on_disk} words on disk, but {saved} were reported saved"
        );
    }
}

/// The writer: saves until it is killed.
fn child(dir: &Path) {
    let key = key_from_hex(&std::env::var(KEY_ENV).expect("the journal's key from the parent"));
    let store = Store::open_in(dir, &key).unwrap();
    let user: UserId = store.signed_in_user().unwrap().map_or_else(
        || crate::support::journal::person(&store, "ada").id,
        |u| u.id,
    );
    let out = std::io::stdout();
    let mut out = out.lock();
    let newest = store
        .list_entries(&user, &quire_core::store::EntryFilter::default(), 0, 1)
        .unwrap()
        .items
        .into_iter()
        .next();
    let (mut id, mut n) = match newest {
        Some(entry) => {
            let text = store.get_entry(&user, &entry.id).unwrap().content;
            (entry.id, saves_in(&text).expect("the child's own text"))
        }
        None => (store.create_entry(&user, None, None).unwrap().id, 0),
    };
    loop {
        if n >= WORDS_PER_ENTRY {
            id = store.create_entry(&user, None, None).unwrap().id;
            n = 0;
        }
        n += 1;
        writeln!(out, "saving {id} {n}").unwrap();
        out.flush().unwrap();
        store.save_entry(&user, &id, &words(n)).unwrap();
        writeln!(out, "saved {id} {n}").unwrap();
        out.flush().unwrap();
        if n % 7 == 0 {
            store.index_pending().unwrap();
        }
    }
}
