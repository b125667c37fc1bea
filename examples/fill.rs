//! Fills a journal with made-up entries, to see how Quire feels (and measure it) with years of writing.
//!
//! ```sh
//! cargo run --release --features custom-protocol --example fill -- \
//!     --data-dir DIR --entries 100000 [--years 10] [--seed 1] [--subject demo --issuer URL]
//! ```
//!
//! `DIR` is a Quire data folder, the one `QUIRE_DATA_DIR` names (the app's own is
//! `~/.local/share/app.quire.journal` on Linux). Without `--subject`, the entries go to whoever is
//! signed in there, so sign in with the app first. With `--subject` and `--issuer` they go to that
//! account instead, which is created if it is new; who is signed in does not change. The demo account
//! of `scripts/run` is `--subject demo --issuer http://127.0.0.1:4010`.
//!
//! The text comes from `quire_sample`: the same seed gives the same entries, dated over the last
//! `--years` years. They are added 5,000 to a transaction, as an import would add them, so a journal
//! that is open in the app meanwhile waits at most one batch. Made-up entries look like any others
//! in the app; to be rid of them, fill a separate data folder rather than your own.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use quire_core::store::{now_ms, NewUser, Store, UserId, DATABASE_FILE};
use quire_sample as sample;

/// Entries per transaction: big enough that commits are a small share of the time, small enough
/// that the app, if it is open on the same journal, is never kept waiting for long.
const BATCH: usize = 5_000;

const USAGE: &str = "usage: fill --data-dir DIR --entries N [--years 10] [--seed 1] \
                     [--subject SUBJECT --issuer URL]";

/// The command line as given, before anything is checked against the disk.
struct Args {
    data_dir: PathBuf,
    entries: usize,
    years: u32,
    seed: u64,
    /// `(subject, issuer)` when the entries are for a named account rather than the signed-in one.
    account: Option<(String, String)>,
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
    let database = dir.join(DATABASE_FILE);
    if args.account.is_none() && !database.exists() {
        return Err(format!(
            "there is no journal in {} yet. Start Quire with QUIRE_DATA_DIR={} and sign in first, or \
             name the account to fill with --subject and --issuer",
            dir.display(),
            dir.display()
        ));
    }
    let store = Store::open_in(dir).map_err(|e| format!("could not open the journal: {e}"))?;
    let user = owner(&store, args)?;

    let started = Instant::now();
    let journal = sample::journal(args.seed, args.entries, args.years, now_ms());
    let mut progress = Progress::new(args.entries);
    for batch in journal.chunks(BATCH) {
        store
            .insert_entries(&user, batch.iter().map(|(at, text)| (*at, text.as_str())))
            .map_err(|e| format!("could not add entries: {e}"))?;
        progress.add(batch.len());
    }
    progress.finish();
    let total = store
        .list_entries(&user, 0, 0)
        .map_err(|e| format!("could not count the entries: {e}"))?
        .total;
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

/// Whose journal gets the entries: the named account (created if new) or whoever is signed in.
fn owner(store: &Store, args: &Args) -> Result<UserId, String> {
    let Some((subject, issuer)) = &args.account else {
        return match store.signed_in_user() {
            Ok(Some(user)) => Ok(user.id),
            Ok(None) => Err(format!(
                "nobody is signed in to the journal in {}. Sign in with the app first \
                 (QUIRE_DATA_DIR={} scripts/run), or name the account with --subject and --issuer",
                args.data_dir.display(),
                args.data_dir.display()
            )),
            Err(e) => Err(format!("could not read who is signed in: {e}")),
        };
    };
    // An existing account is used as it is: upserting would replace its profile with empty fields.
    let found = store
        .find_user(issuer, subject)
        .map_err(|e| format!("could not look up the account: {e}"))?;
    if let Some(user) = found {
        return Ok(user.id);
    }
    let new = NewUser {
        issuer: issuer.clone(),
        subject: subject.clone(),
        display_name: Some(subject.clone()),
        ..NewUser::default()
    };
    let user = store
        .upsert_user(&new, false)
        .map_err(|e| format!("could not create the account: {e}"))?;
    eprintln!("created the account {subject} of {issuer}");
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
