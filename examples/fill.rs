//! Fills a journal with made-up entries, to see how Quire feels (and measure it) with years of writing.
//!
//! ```sh
//! cargo run --release --features custom-protocol --example fill -- \
//!     --data-dir DIR --entries 100000 [--years 10] [--seed 1] [--subject demo --issuer URL] \
//!     [--keyring-service NAME]
//! ```
//!
//! `DIR` is a Quire data folder, the one `QUIRE_DATA_DIR` names (the app's own is
//! `~/.local/share/app.quire.journal` on Linux). Without `--subject`, the entries go to the account
//! signed in there (in its `accounts.json`), so sign in with the app first. With `--subject` and
//! `--issuer` they go to that account instead, which is created if it is new; who is signed in does
//! not change. The demo account of `scripts/run` is `--subject demo --issuer http://127.0.0.1:4010`.
//!
//! Every account's journal is encrypted (`DIR/accounts/<id>/quire.sqlite3`), so `fill` opens it as
//! the app does: its key is unwrapped from its key slot (`keys.json`) with a key from the OS keyring,
//! under the app's keyring service (`QUIRE_KEYRING_SERVICE` or the config file, as for the app)
//! unless `--keyring-service` names another. Run it in the desktop session the app runs in (for
//! tests, the same session bus). A new account gets a new key in that keyring, as at its first
//! sign-in in the app. A journal whose key is not in the keyring (one that opens only with its
//! passphrase or recovery key) is not filled; nor is a data folder that still holds a journal from
//! before encryption: start Quire on it once, which encrypts it.
//!
//! The text comes from `quire_sample`: the same seed gives the same entries, dated over the last
//! `--years` years. They are added 5,000 to a transaction, as an import would add them, so a journal
//! that is open in the app meanwhile waits at most one batch. Made-up entries look like any others
//! in the app; to be rid of them, fill a separate data folder rather than your own.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use quire_core::accounts::{self, Account, Accounts};
use quire_core::auth::vault::Vault;
use quire_core::config::Settings;
use quire_core::store::{now_ms, NewUser, Store, UserId};
use quire_sample as sample;

/// The app's identifier, which names its config folder (for the keyring service set there).
const APP_IDENTIFIER: &str = "app.quire.journal";

/// Entries per transaction: big enough that commits are a small share of the time, small enough
/// that the app, if it is open on the same journal, is never kept waiting for long.
const BATCH: usize = 5_000;

const USAGE: &str = "usage: fill --data-dir DIR --entries N [--years 10] [--seed 1] \
                     [--subject SUBJECT --issuer URL] [--keyring-service NAME]";

/// The command line as given, before anything is checked against the disk.
struct Args {
    data_dir: PathBuf,
    entries: usize,
    years: u32,
    seed: u64,
    /// `(subject, issuer)` when the entries are for a named account rather than the signed-in one.
    account: Option<(String, String)>,
    /// The keyring service holding the journals' keys, when not the app's.
    keyring_service: Option<String>,
}

fn main() -> ExitCode {
    let args = match parse(std::env::args().skip(1)) {
        Ok(Some(args)) => args,
        Ok(None) => {
            println!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        Err(message) => {
            eprintln!("fill: {message}\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    match fill(&args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("fill: {message}");
            ExitCode::FAILURE
        }
    }
}

/// Reads the arguments; `None` when help was asked for.
fn parse(mut raw: impl Iterator<Item = String>) -> Result<Option<Args>, String> {
    let (mut data_dir, mut entries, mut subject, mut issuer) = (None, None, None, None);
    let mut keyring_service = None;
    let (mut years, mut seed) = (10, 1);
    while let Some(flag) = raw.next() {
        if flag == "-h" || flag == "--help" {
            return Ok(None);
        }
        let mut value = || raw.next().ok_or_else(|| format!("{flag} needs a value"));
        match flag.as_str() {
            "--data-dir" => data_dir = Some(PathBuf::from(value()?)),
            "--entries" => entries = Some(number(&flag, &value()?)?),
            "--years" => years = number(&flag, &value()?)?,
            "--seed" => seed = number(&flag, &value()?)?,
            "--subject" => subject = Some(value()?),
            "--issuer" => issuer = Some(value()?),
            "--keyring-service" => keyring_service = Some(value()?),
            _ => return Err(format!("unknown argument {flag:?}")),
        }
    }
    let data_dir = data_dir.ok_or("--data-dir is required")?;
    let entries = entries.ok_or("--entries is required")?;
    if years == 0 {
        return Err("--years must be at least 1".into());
    }
    let account = match (subject, issuer) {
        (Some(subject), Some(issuer)) => Some((subject, issuer)),
        (None, None) => None,
        _ => return Err("--subject and --issuer go together".into()),
    };
    Ok(Some(Args {
        data_dir,
        entries,
        years,
        seed,
        account,
        keyring_service,
    }))
}

/// A whole number; `100_000` and `100,000` are accepted too.
fn number<T: std::str::FromStr>(flag: &str, text: &str) -> Result<T, String> {
    text.replace(['_', ','], "")
        .parse()
        .map_err(|_| format!("{flag} wants a whole number, not {text:?}"))
}

fn fill(args: &Args) -> Result<(), String> {
    let dir = &args.data_dir;
    if !dir.is_dir() {
        return Err(format!(
            "there is no folder {}. Pass the data folder of a journal (the app's is \
             ~/.local/share/app.quire.journal), or create an empty one for a new journal and fill it \
             with --subject and --issuer",
            dir.display()
        ));
    }
    if accounts::plain_journal_left(dir) {
        return Err(format!(
            "{} holds a journal from before encryption. Start Quire on it once \
             (QUIRE_DATA_DIR={}), which encrypts it, then fill it",
            dir.display(),
            dir.display()
        ));
    }
    let service = args
        .keyring_service
        .clone()
        .unwrap_or_else(|| Settings::for_app(APP_IDENTIFIER).keyring_service);
    let vault = Vault::system(&service);
    if let Some(problem) = vault.problem() {
        return Err(format!(
            "the journal's key is kept in the system keyring, which cannot be used: {problem}"
        ));
    }
    let (account, store) = open(args, &vault, &service)?;
    let user = owner(&store, &account)?;

    let started = Instant::now();
    let journal = sample::journal(args.seed, args.entries, args.years, now_ms());
    let mut progress = Progress::new(args.entries);
    for batch in journal.chunks(BATCH) {
        store
            .insert_entries(
                &user,
                None,
                batch.iter().map(|(at, text)| (*at, text.as_str())),
            )
            .map_err(|e| format!("could not add entries: {e}"))?;
        progress.add(batch.len());
    }
    progress.finish();
    let total = store
        .list_entries(&user, &quire_core::store::EntryFilter::default(), 0, 0)
        .map_err(|e| format!("could not count the entries: {e}"))?
        .total;
    let database = store.path().to_path_buf();
    // Closing the store folds the write-ahead log back into the database file. (If the app has the
    // journal open meanwhile, the log stays, and the size below says so.)
    drop(store);

    let elapsed = started.elapsed().as_secs_f64();
    println!(
        "Added {} entries in {elapsed:.1} s ({} a second); the journal now has {} entries.",
        thousands(args.entries as u64),
        thousands((args.entries as f64 / elapsed.max(1e-9)) as u64),
        thousands(u64::from(total)),
    );
    println!("{} is {}.", database.display(), size_on_disk(&database));
    Ok(())
}

/// The account to fill, and its journal opened with its key from the keyring: the named account
/// (added to the list, with a new journal, if it is new) or the one signed in.
fn open(args: &Args, vault: &Vault, service: &str) -> Result<(Account, Store), String> {
    let dir = &args.data_dir;
    let mut list = Accounts::load(dir).map_err(|e| e.to_string())?;
    let (account, new) = match &args.account {
        Some((subject, issuer)) => {
            let new = list.find(issuer, subject).is_none();
            (list.find_or_add(issuer, subject), new)
        }
        None => match list.signed_in() {
            Some(account) => (account.clone(), false),
            None => {
                return Err(format!(
                    "nobody is signed in in {}. Sign in with the app first \
                     (QUIRE_DATA_DIR={} scripts/run), or name the account with --subject and \
                     --issuer",
                    dir.display(),
                    dir.display()
                ))
            }
        },
    };
    let store = accounts::open_with_keyring(dir, &account, vault)
        .map_err(|e| format!("could not open the journal of {}: {e}", account.subject))?
        .ok_or_else(|| {
            format!(
                "the journal of {} is locked: the keyring (service {service:?}) holds no key for \
                 it, so it opens only with its passphrase or recovery key. Unlock it in the app on \
                 this computer first, or pass the app's --keyring-service",
                account.subject
            )
        })?;
    if new {
        // Listed once its journal exists; who is signed in stays as it was.
        list.save(dir).map_err(|e| e.to_string())?;
        eprintln!(
            "created the account {} of {}",
            account.subject, account.issuer
        );
    }
    Ok((account, store))
}

/// The account's user row in its journal, written now if the journal has none yet.
fn owner(store: &Store, account: &Account) -> Result<UserId, String> {
    // An existing row is used as it is: upserting would replace its profile with empty fields.
    let found = store
        .find_user(&account.issuer, &account.subject)
        .map_err(|e| format!("could not look up the account: {e}"))?;
    if let Some(user) = found {
        return Ok(user.id);
    }
    let new = NewUser {
        issuer: account.issuer.clone(),
        subject: account.subject.clone(),
        display_name: Some(account.subject.clone()),
        ..NewUser::default()
    };
    let user = store
        .upsert_user(&new, false)
        .map_err(|e| format!("could not create the account: {e}"))?;
    Ok(user.id)
}

/// "inserted 45,000 of 100,000…" on stderr, rewritten in place on a terminal.
struct Progress {
    done: usize,
    of: usize,
    in_place: bool,
}

impl Progress {
    fn new(of: usize) -> Self {
        Self {
            done: 0,
            of,
            in_place: std::io::stderr().is_terminal(),
        }
    }

    fn add(&mut self, n: usize) {
        self.done += n;
        let line = format!(
            "inserted {} of {}…",
            thousands(self.done as u64),
            thousands(self.of as u64)
        );
        let mut err = std::io::stderr().lock();
        // Progress is a courtesy: a closed stderr must not stop the fill.
        let _ = if self.in_place {
            write!(err, "\r{line}")
        } else {
            writeln!(err, "{line}")
        };
        let _ = err.flush();
    }

    fn finish(&self) {
        if self.in_place && self.done > 0 {
            eprintln!();
        }
    }
}

/// The database and whatever is still in its write-ahead log (there is none once nobody has the
/// journal open).
fn size_on_disk(database: &Path) -> String {
    let len = |path: &Path| std::fs::metadata(path).map(|m| m.len()).unwrap_or(0);
    let mut wal = database.as_os_str().to_owned();
    wal.push("-wal");
    let (main, log) = (len(database), len(Path::new(&wal)));
    let mb = |bytes: u64| format!("{:.1} MB", bytes as f64 / 1e6);
    if log == 0 {
        mb(main)
    } else {
        format!("{} (and {} in its write-ahead log)", mb(main), mb(log))
    }
}

fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(digit);
    }
    out
}
