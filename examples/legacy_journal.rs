//! Writes a journal as an older Quire left it: the schema of an earlier release, one account and a
//! few entries. The package upgrade test (`tests/install/`) opens it with the installed app to show
//! that the entries are migrated and stay.
//!
//! ```sh
//! cargo run --release --features custom-protocol --example legacy_journal -- \
//!     --data-dir DIR --issuer URL --subject SUBJECT [--schema 2] [--entries 3]
//! ```
//!
//! `--schema` is the number of migrations the older release had run (see `store/migrations.rs`).
//! The entries belong to the account (`--issuer`, `--subject`), so signing in as that account finds
//! them. It refuses to touch a folder that already holds a journal.

use std::path::PathBuf;
use std::process::ExitCode;

use quire_core::store::{migrations, DATABASE_FILE};
use rusqlite::{params, Connection};

const USAGE: &str = "usage: legacy_journal --data-dir DIR --issuer URL --subject SUBJECT \
                     [--schema 2] [--entries 3]";

struct Args {
    data_dir: PathBuf,
    issuer: String,
    subject: String,
    schema: usize,
    entries: u32,
}

fn main() -> ExitCode {
    match parse(std::env::args().skip(1)).and_then(|args| write(&args)) {
        Ok(said) => {
            println!("{said}");
            ExitCode::SUCCESS
        }
        Err(message) => {
            eprintln!("legacy_journal: {message}\n{USAGE}");
            ExitCode::FAILURE
        }
    }
}

fn parse(mut raw: impl Iterator<Item = String>) -> Result<Args, String> {
    let (mut data_dir, mut issuer, mut subject) = (None, None, None);
    let (mut schema, mut entries) = (2, 3);
    while let Some(flag) = raw.next() {
        let mut value = || raw.next().ok_or_else(|| format!("{flag} needs a value"));
        match flag.as_str() {
            "--data-dir" => data_dir = Some(PathBuf::from(value()?)),
            "--issuer" => issuer = Some(value()?),
            "--subject" => subject = Some(value()?),
            "--schema" => schema = value()?.parse().map_err(|_| "--schema wants a number")?,
            "--entries" => entries = value()?.parse().map_err(|_| "--entries wants a number")?,
            other => return Err(format!("unknown argument {other:?}")),
        }
    }
    Ok(Args {
        data_dir: data_dir.ok_or("--data-dir is required")?,
        issuer: issuer.ok_or("--issuer is required")?,
        subject: subject.ok_or("--subject is required")?,
        schema,
        entries,
    })
}

fn write(args: &Args) -> Result<String, String> {
    let path = args.data_dir.join(DATABASE_FILE);
    if path.exists() {
        return Err(format!(
            "{} already holds a journal",
            args.data_dir.display()
        ));
    }
    quire_core::fs::ensure_private_dir(&args.data_dir)
        .map_err(|err| format!("cannot create {}: {err}", args.data_dir.display()))?;
    let mut conn = Connection::open(&path).map_err(|err| err.to_string())?;
    migrations()
        .to_version(&mut conn, args.schema)
        .map_err(|err| format!("cannot write schema version {}: {err}", args.schema))?;
    let day = 86_400_000_i64;
    let tx = conn.transaction().map_err(|err| err.to_string())?;
    tx.execute(
        "INSERT INTO users (id, issuer, subject, first_seen_at, updated_at) VALUES ('legacy', ?1, ?2, 0, 0)",
        params![args.issuer, args.subject],
    )
    .map_err(|err| err.to_string())?;
    for n in 1..=args.entries {
        let text = format!("Legacy entry {n}, written before the upgrade.");
        let at = 1_700_000_000_000 + i64::from(n) * day;
        tx.execute(
            "INSERT INTO entries (id, user_id, created_at, updated_at, content, title, word_count)
             VALUES (?1, 'legacy', ?2, ?2, ?3, ?3, 7)",
            params![format!("0190a000-0000-7000-8000-{n:012}"), at, text],
        )
        .map_err(|err| err.to_string())?;
    }
    tx.commit().map_err(|err| err.to_string())?;
    Ok(format!(
        "wrote {} entries for {} at schema version {} to {}",
        args.entries,
        args.subject,
        args.schema,
        path.display()
    ))
}
