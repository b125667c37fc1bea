//! The conversion of a journal from before encryption, and unlocking a converted one.
//!
//! - The conversion gives each person an encrypted journal with exactly their own entries (the
//!   other person's text is not in the decrypted pages either, free space and the search index
//!   included), re-encrypts the backups, lists the accounts, removes the plain files, reports its
//!   progress in order, and does nothing when run again.
//! - Killed at any moment, the conversion leaves every entry in a journal that opens, and finishes
//!   on the next run (a child process, killed with SIGKILL; its keyring is the Secret Service of
//!   `scripts/with-test-session`, which outlives it).
//! - `accounts::unlock` opens a journal with its passphrase or its recovery key, and refuses anything
//!   else.
//!
//! Keyrings are keyring-core's in-memory mock, except in the kill loop, whose child processes need
//! one that persists between them. The helpers shared with the at-rest tests are in `encryption`.

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::sync::mpsc;
use std::time::{Duration, Instant, SystemTime};

use quire_core::accounts::{self, Accounts, AccountsError, Progress};
use quire_core::auth::vault::Vault;
use quire_core::keys::{ContentKey, KeyError, KeySlots};
use quire_core::store::{self, list_backups, Store, User, UserId, BACKUPS_DIR, DATABASE_FILE};
use rusqlite::{Connection, OpenFlags};
use tempfile::TempDir;

use crate::encryption::{
    assert_is, entries_of, files_holding, files_under, mock_vault, profile, tail, unique_word, wal,
    PASSPHRASE,
};
use crate::support::sqlcipher::{self, contains};

/// A plain journal as a version before encryption left it in its data folder, with its people.
struct Legacy {
    /// The data folder, holding `quire.sqlite3` (and its log) and `backups/`.
    data: TempDir,
    ada: User,
    bob: User,
    /// Each person's word, in every entry of theirs.
    ada_word: String,
    bob_word: String,
    /// Every entry, by person's user id, as the journal holds them.
    entries: BTreeMap<String, BTreeMap<String, String>>,
    /// How many entries each person had when the backup was taken.
    at_backup: BTreeMap<String, usize>,
    backup_name: String,
}

/// Writes a plain journal through the store, as versions before encryption did: Bob uses it first,
/// then Ada, who stays signed in. Each writes `ada_entries` / `bob_entries` entries (three typed and
/// edited, the rest added in bulk from `quire_sample`); Ada's last edit is left for the search
/// index to catch up with. A backup is taken, and Ada writes three more. The folder then holds the
/// journal and its write-ahead log as a running app leaves them, and the backup.
fn legacy_journal(ada_entries: usize, bob_entries: usize) -> Legacy {
    let workshop = tempfile::tempdir().unwrap();
    let source = workshop.path().join(DATABASE_FILE);
    let store = Store::open_unencrypted(&source).unwrap();
    let (ada_word, bob_word) = (unique_word("heron"), unique_word("otter"));
    let mut rng = quire_sample::Rng::new(11);

    let write = |user: &User, word: &str, n: usize, rng: &mut quire_sample::Rng| {
        for i in 0..3.min(n) {
            let entry = store.create_entry(&user.id, None, None).unwrap();
            let text = format!("{word} typed {i}\n{}", quire_sample::entry(rng, 40));
            store.save_entry(&user.id, &entry.id, &text).unwrap();
            store
                .save_entry(&user.id, &entry.id, &format!("{text}\nEdited, {word}."))
                .unwrap();
            if i < 2 {
                store.index_pending().unwrap();
            }
        }
        let bulk: Vec<String> = (3..n)
            .map(|i| format!("{word} {i}\n{}", quire_sample::entry(rng, 60)))
            .collect();
        let day = 86_400_000;
        store
            .insert_entries(
                &user.id,
                None,
                bulk.iter()
                    .enumerate()
                    .map(|(i, text)| (1_600_000_000_000 + i as i64 * day, text.as_str())),
            )
            .unwrap();
    };
    let bob = store.sign_in(&profile("bob")).unwrap();
    write(&bob, &bob_word, bob_entries, &mut rng);
    let ada = store.sign_in(&profile("ada")).unwrap();
    write(&ada, &ada_word, ada_entries, &mut rng);
    let backup = store.back_up(workshop.path()).unwrap();
    let at_backup = [&ada, &bob]
        .into_iter()
        .map(|user| (user.id.0.clone(), entries_of(&store, &user.id).len()))
        .collect();
    for i in 0..3 {
        store
            .insert_entry(
                &ada.id,
                1_700_000_000_000 + i,
                &format!("{ada_word} after the backup {i}"),
            )
            .unwrap();
    }
    let entries = [&ada, &bob]
        .into_iter()
        .map(|user| (user.id.0.clone(), entries_of(&store, &user.id)))
        .collect();

    let pending: i64 = crate::support::journal::connect(&source, None)
        .query_row("SELECT count(*) FROM fts_pending", [], |r| r.get(0))
        .unwrap();
    assert_eq!(pending, 1, "Ada's last edit waits for the search index");

    // The journal as the running app has it: the file and its log, copied while nothing writes.
    let data = tempfile::tempdir().unwrap();
    let log = wal(&source);
    assert!(log.exists() && std::fs::metadata(&log).unwrap().len() > 0);
    std::fs::copy(&source, data.path().join(DATABASE_FILE)).unwrap();
    std::fs::copy(&log, wal(&data.path().join(DATABASE_FILE))).unwrap();
    let backups = data.path().join(BACKUPS_DIR);
    std::fs::create_dir(&backups).unwrap();
    let backup_name = backup
        .path
        .file_name()
        .unwrap()
        .to_string_lossy()
        .into_owned();
    std::fs::copy(&backup.path, backups.join(&backup_name)).unwrap();
    drop(store);
    Legacy {
        data,
        ada,
        bob,
        ada_word,
        bob_word,
        entries,
        at_backup,
        backup_name,
    }
}

/// Copies the legacy data folder's files into `to`, for a conversion of its own.
fn copy_folder(from: &Path, to: &Path) {
    for file in files_under(from) {
        let target = to.join(file.strip_prefix(from).unwrap());
        std::fs::create_dir_all(target.parent().unwrap()).unwrap();
        std::fs::copy(&file, &target).unwrap();
    }
}

/// Every file under `dir` with its size and modification time.
fn snapshot(dir: &Path) -> Vec<(PathBuf, u64, SystemTime)> {
    let mut files: Vec<_> = files_under(dir)
        .into_iter()
        .map(|file| {
            let meta = std::fs::metadata(&file).unwrap();
            (file, meta.len(), meta.modified().unwrap())
        })
        .collect();
    files.sort();
    files
}

/// What the data folder holds besides the account list and the accounts' folders: after a
/// conversion, nothing (the plain journal, its log and its backups are gone).
fn left_beside_the_accounts(data: &Path) -> Vec<PathBuf> {
    let mut left: Vec<PathBuf> = std::fs::read_dir(data)
        .unwrap()
        .flatten()
        .map(|item| item.path())
        .filter(|path| {
            let name = path.file_name().unwrap();
            name != accounts::ACCOUNTS_FILE && name != accounts::ACCOUNTS_DIR
        })
        .collect();
    left.sort();
    left
}

/// The account's journal, opened as the app opens it: its key from the keyring slot.
fn open_account(data: &Path, id: &str, vault: &Vault) -> (Store, ContentKey) {
    let folder = accounts::folder(data, id);
    let key = KeySlots::load(&folder)
        .unwrap()
        .expect("a converted journal has its keys.json")
        .open_with_keyring(vault)
        .unwrap()
        .expect("its key is in the keyring");
    let store = Store::open_in(&folder, &key).unwrap();
    (store, key)
}

#[test]
fn converting_a_plain_journal_gives_each_person_an_encrypted_journal_of_their_own() {
    let legacy = legacy_journal(40, 25);
    let data = legacy.data.path();
    let vault = mock_vault();
    let mut seen: Vec<Progress> = Vec::new();
    let converted = accounts::convert_plain_journal(data, &vault, |p| seen.push(p)).unwrap();

    let (ada, bob) = (&legacy.ada, &legacy.bob);
    let ids: Vec<&str> = converted.accounts.iter().map(|a| a.id.as_str()).collect();
    assert_eq!(
        ids,
        [bob.id.as_str(), ada.id.as_str()],
        "one account per person, in the order they first used the journal, named by their user id"
    );
    let total: usize = legacy.entries.values().map(BTreeMap::len).sum();
    assert_eq!(converted.entries, total as u64);

    let list = Accounts::load(data).unwrap();
    assert_eq!(
        list.signed_in.as_deref(),
        Some(ada.id.as_str()),
        "Ada was signed in"
    );
    assert_eq!(list.accounts, converted.accounts);
    for (person, account) in [(bob, &list.accounts[0]), (ada, &list.accounts[1])] {
        assert_eq!(
            (account.issuer.as_str(), account.subject.as_str()),
            (person.issuer.as_str(), person.subject.as_str())
        );
    }

    for (me, other, my_word, their_word) in [
        (ada, bob, &legacy.ada_word, &legacy.bob_word),
        (bob, ada, &legacy.bob_word, &legacy.ada_word),
    ] {
        let folder = accounts::folder(data, me.id.as_str());
        let (store, key) = open_account(data, me.id.as_str(), &vault);
        assert_eq!(
            entries_of(&store, &me.id),
            legacy.entries[&me.id.0],
            "{} has every entry of theirs, word for word",
            me.subject
        );
        assert_eq!(
            store.find_user(&other.issuer, &other.subject).unwrap(),
            None
        );
        assert!(entries_of(&store, &other.id).is_empty());
        assert_eq!(
            store.search_entries(&me.id, my_word, 5).unwrap().len(),
            5,
            "search works in the copy"
        );
        // Its search index is sound and in step with its entries (the search above indexed the
        // edit the plain journal had left unindexed).
        let conn = crate::support::journal::connect_to(&store);
        conn.execute(
            "INSERT INTO entries_fts (entries_fts, rank) VALUES ('integrity-check', 1)",
            [],
        )
        .unwrap_or_else(|err| panic!("{}'s search index: {err}", me.subject));
        let (users, entries): (i64, i64) = conn
            .query_row(
                "SELECT (SELECT count(*) FROM users), (SELECT count(*) FROM entries)",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .unwrap();
        assert_eq!((users, entries), (1, legacy.entries[&me.id.0].len() as i64));
        drop(conn);
        drop(store);

        // The backup, re-encrypted under the same key, with their part of it only.
        let backups = list_backups(&folder);
        assert_eq!(backups.len(), 1, "{}: {backups:?}", me.subject);
        assert_eq!(
            backups[0].path,
            folder.join(BACKUPS_DIR).join(&legacy.backup_name)
        );
        store::check_backup(&backups[0].path, Some(&key)).unwrap();
        assert!(
            store::check_backup(&backups[0].path, None).is_err(),
            "not plain"
        );
        let restored = tempfile::tempdir().unwrap();
        std::fs::copy(&backups[0].path, restored.path().join(DATABASE_FILE)).unwrap();
        let copy = Store::open_in(restored.path(), &key).unwrap();
        assert_eq!(entries_of(&copy, &me.id).len(), legacy.at_backup[&me.id.0]);
        assert!(entries_of(&copy, &other.id).is_empty());
        drop(copy);

        // Decrypted, the journal and its backup hold this person's words and none of the other's,
        // anywhere: rows, search index, free space.
        for file in [folder.join(DATABASE_FILE), backups[0].path.clone()] {
            let pages = sqlcipher::decrypted(&file, &key);
            assert!(
                contains(&pages, tail(my_word)),
                "{} decrypts",
                file.display()
            );
            assert!(
                !contains(&pages, tail(their_word)),
                "{}'s words are in {}'s journal {}",
                other.subject,
                me.subject,
                file.display()
            );
            assert!(!contains(
                &pages,
                other.email.as_deref().unwrap().as_bytes()
            ));
        }
    }

    assert_eq!(
        left_beside_the_accounts(data),
        Vec::<PathBuf>::new(),
        "the plain journal, its log and its backups are gone"
    );
    assert!(!accounts::plain_journal_left(data));
    for word in [&legacy.ada_word, &legacy.bob_word] {
        assert_eq!(files_holding(data, tail(word)), Vec::<PathBuf>::new());
    }

    // Progress: in order, and ending with everything done.
    assert!(!seen.is_empty());
    let last = seen.last().unwrap();
    assert_eq!(
        (last.done, last.total),
        (4, 4),
        "two journals and a backup each: {seen:?}"
    );
    for pair in seen.windows(2) {
        assert!(pair[1].done >= pair[0].done, "progress went back: {seen:?}");
    }
    assert!(
        seen.iter().all(|p| p.total == 0 || p.total == last.total),
        "the total does not change once known: {seen:?}"
    );
    assert!(seen.iter().all(|p| p.done <= p.total || p.total == 0));

    // Run again (the next start): there is nothing to do, and nothing changes.
    let before = snapshot(data);
    let again =
        accounts::convert_plain_journal(data, &vault, |p| panic!("progress {p:?}")).unwrap();
    assert_eq!(again, accounts::Converted::default());
    assert_eq!(snapshot(data), before);
}

#[test]
fn unlock_opens_the_journal_with_its_passphrase_or_recovery_key_and_nothing_else() {
    let (data, vault) = (tempfile::tempdir().unwrap(), mock_vault());
    let (account, opened) = accounts::sign_in(data.path(), &vault, &profile("ada")).unwrap();
    let (store, ada) = opened.unwrap();
    let entry = store
        .insert_entry(&ada.id, 1, "Kept behind the passphrase")
        .unwrap();
    let key = store.key().unwrap().clone();
    let mut slots = accounts::slots(data.path(), &account.id).unwrap();
    slots.set_passphrase(&key, PASSPHRASE).unwrap();
    let recovery = slots.set_recovery(&key);
    slots
        .save(&accounts::folder(data.path(), &account.id))
        .unwrap();
    drop(store);

    let (store, unlocked) = accounts::unlock(data.path(), &account, PASSPHRASE, &vault).unwrap();
    assert_eq!(unlocked.expose(), key.expose());
    assert_eq!(
        store.get_entry(&ada.id, &entry.id).unwrap().content,
        "Kept behind the passphrase"
    );
    drop(store);

    // On a computer whose keyring has no key for it, the journal is locked until the recovery key
    // opens it; that also puts its key in this keyring.
    let elsewhere = mock_vault();
    assert!(
        accounts::open_with_keyring(data.path(), &account, &elsewhere)
            .unwrap()
            .is_none()
    );
    let (store, unlocked) =
        accounts::unlock(data.path(), &account, recovery.as_str(), &elsewhere).unwrap();
    assert_eq!(unlocked.expose(), key.expose());
    assert!(store.get_entry(&ada.id, &entry.id).is_ok());
    drop(store);
    let store = accounts::open_with_keyring(data.path(), &account, &elsewhere)
        .unwrap()
        .expect("the recovery key put the journal's key back in this keyring");
    assert!(store.get_entry(&ada.id, &entry.id).is_ok());
    drop(store);

    let wrong = accounts::unlock(
        data.path(),
        &account,
        "correct horse battery stable",
        &vault,
    );
    assert_is!(
        wrong.err(),
        Some(AccountsError::Keys(KeyError::WrongSecret))
    );
}

// The kill loop.

/// Set in the conversion's child process: the data folder it converts.
const CHILD_DATA: &str = "QUIRE_CONVERT_CHILD_DATA";
/// Set in the child: the keyring service its vault uses.
const CHILD_SERVICE: &str = "QUIRE_CONVERT_CHILD_SERVICE";
/// Kills spread over the whole conversion, and kills aimed at its end.
const DEFAULT_KILLS: u32 = 14;
const DEFAULT_LATE_KILLS: u32 = 6;

/// Runs the conversion of a few thousand entries in child processes and kills each with SIGKILL:
/// most at moments spread over the whole run (from before the journal is opened to the wiping of
/// the plain files), the rest aimed at its end, after the last journal is written (listing the
/// accounts, wiping the plain files), where a kill would otherwise rarely land. After each kill,
/// every person's entries are all in their converted journal, which opens with its key from the
/// keyring, or, for a person not converted yet, all in the plain journal. The conversion then runs
/// again to its end, and every entry is in place.
///
/// `QUIRE_CONVERT_KILLS` and `QUIRE_CONVERT_LATE_KILLS` set the number of each.
#[test]
fn a_conversion_killed_at_any_moment_loses_nothing_and_finishes_on_the_next_run() {
    if std::env::var_os(CHILD_DATA).is_some() {
        return;
    }
    let count = |name: &str, default: u32| {
        std::env::var(name)
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(default)
    };
    let (spread, late) = (
        count("QUIRE_CONVERT_KILLS", DEFAULT_KILLS),
        count("QUIRE_CONVERT_LATE_KILLS", DEFAULT_LATE_KILLS),
    );
    let run = format!("quire-test-convert-{}", uuid::Uuid::now_v7());
    if let Some(problem) = Vault::system(&run).problem() {
        panic!(
            "this test needs a Secret Service that outlives its child processes (run it under \
             scripts/with-test-session): {problem}"
        );
    }
    let legacy = legacy_journal(2_000, 800);
    let scratch = tempfile::tempdir().unwrap();

    // One conversion without a kill: how long it takes, and how long its end (after the last
    // journal is written) takes.
    let whole = scratch.path().join("whole");
    copy_folder(legacy.data.path(), &whole);
    let vault = Vault::system(&format!("{run}-whole"));
    let started = Instant::now();
    let mut child = Conversion::start(&whole, &format!("{run}-whole"));
    child.wait_for_last_journal();
    let end_began = started.elapsed();
    let said = child.finish();
    let (took, end_took) = (started.elapsed(), started.elapsed() - end_began);
    assert_eq!(
        said.last().map(String::as_str),
        Some("converted"),
        "{said:?}"
    );
    assert_converted(&whole, &vault, &legacy);
    forget_keys(&vault, &legacy);

    let mut rng = 0x00c0_ffee_u64;
    let mut outcomes: BTreeMap<&'static str, u32> = BTreeMap::new();
    for round in 0..spread + late {
        let data = scratch.path().join(format!("round-{round}"));
        copy_folder(legacy.data.path(), &data);
        let service = format!("{run}-{round}");
        let vault = Vault::system(&service);
        let jitter = (next(&mut rng) % 1000) as f64 / 1000.0;
        let mut child = Conversion::start(&data, &service);
        if round < spread {
            // Round i lands in the i-th slice of the run, which reaches a little beyond its end.
            let slice = took.as_secs_f64() * 1.1 / f64::from(spread);
            std::thread::sleep(Duration::from_secs_f64(slice * (f64::from(round) + jitter)));
        } else {
            child.wait_for_last_journal();
            std::thread::sleep(end_took.mul_f64(jitter));
        }
        let said = child.kill();
        let outcome = check_after_kill(&data, &vault, &legacy, round, said.last());
        *outcomes.entry(outcome).or_default() += 1;

        accounts::convert_plain_journal(&data, &vault, |_| {})
            .unwrap_or_else(|err| panic!("after kill {round} ({outcome}), the next run: {err}"));
        assert_converted(&data, &vault, &legacy);
        forget_keys(&vault, &legacy);
        std::fs::remove_dir_all(&data).unwrap();
    }
    println!(
        "conversion kill loop: {} kills over a conversion of {:.2} s (its end {:.0} ms); after the \
         kill: {outcomes:?}; every entry kept every time",
        spread + late,
        took.as_secs_f64(),
        end_took.as_secs_f64() * 1000.0
    );
    assert!(
        outcomes.get("part-way").is_some_and(|&n| n > 0),
        "no kill landed while the conversion was part-way: {outcomes:?}"
    );
}

#[test]
#[ignore = "a step of a_conversion_killed_at_any_moment_loses_nothing_and_finishes_on_the_next_run, in its child process"]
fn conversion_child() {
    let (Some(data), Some(service)) = (
        std::env::var_os(CHILD_DATA),
        std::env::var(CHILD_SERVICE).ok(),
    ) else {
        return;
    };
    let vault = Vault::system(&service);
    let converted = accounts::convert_plain_journal(Path::new(&data), &vault, |p| {
        println!("progress {}/{} {}", p.done, p.total, p.stage);
    });
    match converted {
        Ok(_) => println!("converted"),
        // Said on stdout, where the parent reads.
        Err(err) => {
            println!("failed: {err}");
            panic!("the conversion failed");
        }
    }
}

/// The conversion running in a child process, and what it has printed.
struct Conversion {
    child: std::process::Child,
    lines: mpsc::Receiver<String>,
    said: Vec<String>,
}

impl Conversion {
    fn start(data: &Path, service: &str) -> Self {
        let mut child = crate::support::step("conversion::conversion_child")
            .env(CHILD_DATA, data)
            .env(CHILD_SERVICE, service)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let stdout = child.stdout.take().unwrap();
        let (tx, lines) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                // The test harness prints the test's name on the line its first output goes on.
                let at = ["progress ", "converted", "failed: "]
                    .iter()
                    .find_map(|said| line.find(said));
                let Some(at) = at else {
                    continue;
                };
                if tx.send(line[at..].to_owned()).is_err() {
                    break;
                }
            }
        });
        Self {
            child,
            lines,
            said: Vec::new(),
        }
    }

    /// Waits until the child first reports its progress complete: its last journal and backup are
    /// copied, and what is left is that journal's key slot and folder, the account list and the
    /// wiping of the plain files.
    fn wait_for_last_journal(&mut self) {
        let complete = |line: &str| {
            let Some((done, total)) = line
                .strip_prefix("progress ")
                .and_then(|rest| rest.split(' ').next())
                .and_then(|counts| counts.split_once('/'))
            else {
                return false;
            };
            done == total && total != "0"
        };
        for line in self.lines.iter() {
            let last = complete(&line);
            self.said.push(line);
            if last {
                return;
            }
        }
        panic!("the child ended before its last journal: {:?}", self.said);
    }

    /// Waits for the child to finish; what it printed.
    fn finish(mut self) -> Vec<String> {
        let status = self.child.wait().unwrap();
        self.said.extend(self.lines.iter());
        assert!(status.success(), "the conversion runs: {:?}", self.said);
        self.said
    }

    /// SIGKILL (nothing, if it has finished); what it printed.
    fn kill(mut self) -> Vec<String> {
        self.child.kill().unwrap();
        self.child.wait().unwrap();
        self.said.extend(self.lines.iter());
        self.said
    }
}
/// After a kill: every person's entries are all in a journal that opens. Answers where the kill
/// left the conversion.
fn check_after_kill(
    data: &Path,
    vault: &Vault,
    legacy: &Legacy,
    round: u32,
    last_said: Option<&String>,
) -> &'static str {
    let mut converted = 0;
    for (id, entries) in &legacy.entries {
        if accounts::folder(data, id).exists() {
            // A finished folder opens from the keyring with every entry, whatever came after.
            let (store, _) = open_account(data, id, vault);
            assert_eq!(
                &entries_of(&store, &UserId(id.clone())),
                entries,
                "kill {round} (after {last_said:?}): the converted journal of {id}"
            );
            converted += 1;
        } else {
            assert_eq!(
                &plain_entries(&data.join(DATABASE_FILE), id),
                entries,
                "kill {round} (after {last_said:?}): {id} is not converted yet, so the plain \
                 journal must hold every entry of theirs"
            );
        }
    }
    let plain_left = !left_beside_the_accounts(data).is_empty();
    match (converted, plain_left) {
        (0, true) if last_said.is_none() => "before it began",
        (n, true) if n < legacy.entries.len() => "part-way",
        (_, true) => "removing the plain files",
        (_, false) => "finished",
    }
}

/// Every entry of user `id` in the plain journal at `path`, read without changing the file.
fn plain_entries(path: &Path, id: &str) -> BTreeMap<String, String> {
    let conn = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY)
        .unwrap_or_else(|err| panic!("the plain journal opens: {err}"));
    let mut statement = conn
        .prepare("SELECT id, content FROM entries WHERE user_id = ?1 AND deleted_at IS NULL")
        .unwrap_or_else(|err| panic!("the plain journal reads: {err}"));
    let rows = statement
        .query_map([id], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    rows
}

/// A finished conversion: every person's journal opens from the keyring with every entry of
/// theirs, both are listed, and the plain files are gone.
fn assert_converted(data: &Path, vault: &Vault, legacy: &Legacy) {
    for (id, entries) in &legacy.entries {
        let (store, _) = open_account(data, id, vault);
        assert_eq!(&entries_of(&store, &UserId(id.clone())), entries);
        assert_eq!(list_backups(&accounts::folder(data, id)).len(), 1);
    }
    let list = Accounts::load(data).unwrap();
    assert_eq!(list.accounts.len(), 2);
    assert_eq!(list.signed_in.as_deref(), Some(legacy.ada.id.as_str()));
    assert_eq!(left_beside_the_accounts(data), Vec::<PathBuf>::new());
    let partial: Vec<_> = std::fs::read_dir(data.join(accounts::ACCOUNTS_DIR))
        .unwrap()
        .flatten()
        .filter(|item| item.file_name().to_string_lossy().ends_with(".partial"))
        .collect();
    assert!(
        partial.is_empty(),
        "no unfinished copy is left: {partial:?}"
    );
}

/// Removes the journal keys a round put in the test session's keyring.
fn forget_keys(vault: &Vault, legacy: &Legacy) {
    for id in legacy.entries.keys() {
        vault.delete(&format!("journal key for {id}")).unwrap();
    }
}

/// A pseudo-random number: the same sequence every run, so a failure can be replayed.
fn next(state: &mut u64) -> u64 {
    *state = state
        .wrapping_mul(6_364_136_223_846_793_005)
        .wrapping_add(1_442_695_040_888_963_407);
    *state >> 33
}
