//! Quire's command line: `quire import` and `quire export`, without a window.
//!
//! Both work on the journal of the person signed in on this computer, in the same data folder, with
//! the same keyring and settings as the app (`QUIRE_DATA_DIR` and the config file included). A
//! journal whose key is not in the keyring (a passphrase asked at every start, or a new keyring)
//! asks for the passphrase or the recovery key on the terminal. They run whether the app is open or
//! not: SQLite lets both write the journal, and an import tells a running app (through the
//! data folder's socket, `quire_core::instance`) to list the new entries at once.
//!
//! Progress goes to stderr; the answer (what was imported or exported) to stdout. Exit codes are
//! [`Exit`]'s.

mod journal;
mod output;

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::AtomicBool;

use chrono::{Local, NaiveDate, TimeZone};
use quire_core::exchange::{self, ExchangeError, ExportFormat, Format, ImportOptions, Source};
use quire_core::store::{EntryFilter, JournalColour};

use journal::Journal;
use output::{plural, print_preview, print_problems, ProgressLine};

/// The app's identifier, as `tauri.conf.json` has it: it names the config and data folders.
pub const APP_IDENTIFIER: &str = "app.quire.journal";

/// How the command line ends; scripts can rely on these.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
pub enum Exit {
    Done = 0,
    /// Something went wrong while working; what was written is whole (see the message).
    Failed = 1,
    /// The command or its options were wrong; nothing was done.
    Usage = 2,
    /// There is no journal to work on: no one signed in, or it could not be unlocked.
    NoJournal = 3,
    /// The file to import is damaged or not one Quire reads; nothing was written.
    BadInput = 4,
}

const USAGE: &str = "\
Usage:
  quire import PATH [--format FORMAT] [--journal NAME] [--dry-run]
  quire export --format FORMAT --output PATH [--journal NAME] [--tag TAG] [--from YYYY-MM-DD] [--to YYYY-MM-DD]

Import formats (found from the file when --format is not given):
  day-one, joplin-jex, mini-diary, jrnl-json, jrnl-text, markdown, quire
Export formats:
  quire     Quire's own zip, everything in it (read back by `quire import`)
  markdown  Markdown files with front matter; a zip when PATH ends in .zip, else a folder
  jrnl      jrnl's JSON export; jrnl's journal file when PATH ends in .txt
  dayone    Day One's JSON export: a zip of one JSON file per journal and the photos
  pdf       a printed book: a title page, the entries by month with their pictures

The journal is the one of the person signed in on this computer, in Quire's data folder
(QUIRE_DATA_DIR). Exit status: 0 done, 1 failed, 2 wrong usage, 3 no journal, 4 bad input file.";

/// Runs a command-line command, if the arguments name one; `None` means: start the app.
pub fn run_if_command() -> Option<ExitCode> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let command = args.first()?.as_str();
    let exit = match command {
        "import" => import(&args[1..]),
        "export" => export(&args[1..]),
        "help" | "--help" | "-h" => {
            println!("{USAGE}");
            Ok(())
        }
        _ => return None,
    };
    Some(match exit {
        Ok(()) => ExitCode::SUCCESS,
        Err((exit, message)) => {
            eprintln!("quire: {message}");
            if exit == Exit::Usage {
                eprintln!("\n{USAGE}");
            }
            ExitCode::from(exit as u8)
        }
    })
}

type Outcome = Result<(), (Exit, String)>;

fn usage(message: impl Into<String>) -> (Exit, String) {
    (Exit::Usage, message.into())
}

/// The options after the command: `--name value` pairs and `--flag`s, and the bare words.
struct Options {
    words: Vec<String>,
    pairs: Vec<(String, String)>,
    flags: Vec<String>,
}

impl Options {
    fn parse(
        args: &[String],
        takes_value: &[&str],
        flags: &[&str],
    ) -> Result<Self, (Exit, String)> {
        let mut options = Self {
            words: Vec::new(),
            pairs: Vec::new(),
            flags: Vec::new(),
        };
        let mut args = args.iter();
        while let Some(arg) = args.next() {
            let (name, inline) = match arg.split_once('=') {
                Some((name, value)) if arg.starts_with("--") => (name, Some(value.to_owned())),
                _ => (arg.as_str(), None),
            };
            if takes_value.contains(&name) {
                let value = match inline {
                    Some(value) => value,
                    None => args
                        .next()
                        .cloned()
                        .ok_or_else(|| usage(format!("{name} needs a value")))?,
                };
                options.pairs.push((name.to_owned(), value));
            } else if flags.contains(&name) && inline.is_none() {
                options.flags.push(name.to_owned());
            } else if arg.starts_with("--") {
                return Err(usage(format!("unknown option {arg}")));
            } else {
                options.words.push(arg.clone());
            }
        }
        Ok(options)
    }

    fn value(&self, name: &str) -> Option<&str> {
        self.pairs
            .iter()
            .rev()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value.as_str())
    }

    fn flag(&self, name: &str) -> bool {
        self.flags.iter().any(|flag| flag == name)
    }
}

fn import(args: &[String]) -> Outcome {
    let options = Options::parse(args, &["--format", "--journal"], &["--dry-run"])?;
    let [path] = options.words.as_slice() else {
        return Err(usage("import takes one file or folder"));
    };
    let path = PathBuf::from(path);
    let source = match options.value("--format") {
        Some(name) => Source {
            path: path.clone(),
            format: import_format(name)?,
        },
        None => Source::detect(&path).map_err(exchange_failure)?,
    };
    let journal = Journal::open()?;
    let mut import_options = ImportOptions::default();
    // `--journal` names where every entry goes; one that does not exist is made, but only once the
    // file has been read and found sound.
    let mut to_make = None;
    if let Some(name) = options.value("--journal") {
        match journal.find_journal(name)? {
            Some(id) => import_options.journal = Some(id),
            None => to_make = Some(name.trim().to_owned()),
        }
    }
    eprintln!("Reading {} ({})…", path.display(), source.format.name());
    let preview = exchange::preview(&journal.store, &journal.user, &source, &import_options)
        .map_err(exchange_failure)?;
    print_preview(&preview, to_make.is_none());
    if let Some(name) = &to_make {
        println!("All of them go into a new journal, \"{name}\".");
    }
    if options.flag("--dry-run") {
        println!("Nothing was written (--dry-run).");
        return Ok(());
    }
    if let Some(name) = to_make {
        let made = journal
            .store
            .create_journal(&journal.user, &name, JournalColour::Teal)
            .map_err(|err| {
                (
                    Exit::Failed,
                    format!("the journal \"{name}\" could not be made: {err}"),
                )
            })?;
        import_options.journal = Some(made.id);
    }
    let mut bar = ProgressLine::new("Importing");
    let report = exchange::import(
        &journal.store,
        &journal.user,
        &source,
        &import_options,
        &mut |progress| bar.show(progress),
        &AtomicBool::new(false),
    );
    bar.finish();
    let report = report.map_err(exchange_failure)?;
    if report.added > 0 {
        match quire_core::instance::tell_entries_added(&journal.data_dir) {
            Ok(true) => eprintln!("Quire is open: its window lists the new entries."),
            Ok(false) => {}
            Err(err) => eprintln!(
                "Quire is open but did not answer ({err}); restart it to see the new entries."
            ),
        }
    }
    println!(
        "Imported {} {} ({} {}); {} already in the journal.",
        report.added,
        plural(report.added, "entry", "entries"),
        report.pictures,
        plural(report.pictures, "picture", "pictures"),
        report.already_there
    );
    if !report.journals_made.is_empty() {
        println!("Journals made: {}.", report.journals_made.join(", "));
    }
    print_problems("Skipped", &report.skipped);
    print_problems("Left out", &report.notes);
    Ok(())
}

fn export(args: &[String]) -> Outcome {
    let options = Options::parse(
        args,
        &[
            "--format",
            "--output",
            "--journal",
            "--tag",
            "--from",
            "--to",
        ],
        &[],
    )?;
    if let Some(word) = options.words.first() {
        return Err(usage(format!(
            "export takes no {word:?}; name the file with --output"
        )));
    }
    let format_name = options
        .value("--format")
        .ok_or_else(|| usage("export needs --format"))?;
    let output = PathBuf::from(
        options
            .value("--output")
            .ok_or_else(|| usage("export needs --output PATH"))?,
    );
    let format = export_format(format_name, &output)?;
    let from = options
        .value("--from")
        .map(|text| day_start(text, 0))
        .transpose()?;
    let to = options
        .value("--to")
        .map(|text| day_start(text, 1))
        .transpose()?;
    if let (Some(from), Some(to)) = (from, to) {
        if to <= from {
            return Err(usage("--to is before --from"));
        }
    }
    let journal = Journal::open()?;
    let journal_id = match options.value("--journal") {
        Some(name) => Some(journal.find_journal(name)?.ok_or_else(|| {
            (
                Exit::Usage,
                format!(
                    "there is no journal called \"{name}\"; {}",
                    journal.journal_names()
                ),
            )
        })?),
        None => None,
    };
    let filter = EntryFilter {
        journal: journal_id,
        tag: options
            .value("--tag")
            .map(|tag| tag.trim_start_matches('#').to_owned()),
        from,
        to,
        ..EntryFilter::default()
    };
    let mut bar = ProgressLine::new("Exporting");
    let report = exchange::export(
        &journal.store,
        &journal.user,
        &filter,
        format,
        &output,
        &mut |progress| bar.show(progress),
        &AtomicBool::new(false),
    );
    bar.finish();
    let report = report.map_err(|err| (Exit::Failed, err.to_string()))?;
    println!(
        "Exported {} {} and {} {} to {}.",
        report.entries,
        plural(report.entries, "entry", "entries"),
        report.pictures,
        plural(report.pictures, "picture", "pictures"),
        output.display()
    );
    eprintln!("The export is not encrypted: keep it somewhere only you can read.");
    Ok(())
}

/// The exit status for what went wrong: the file's fault (nothing was written), or the work's.
fn exchange_failure(err: ExchangeError) -> (Exit, String) {
    let exit = match err {
        ExchangeError::Store(_) | ExchangeError::Write { .. } => Exit::Failed,
        _ => Exit::BadInput,
    };
    (exit, err.to_string())
}

/// An import format by its command-line name (`jrnl-json`), the kebab-case of its serde name.
fn import_format(name: &str) -> Result<Format, (Exit, String)> {
    let mut camel = String::new();
    let mut upper = false;
    for c in name.chars() {
        match c {
            '-' => upper = true,
            c if upper => {
                camel.extend(c.to_uppercase());
                upper = false;
            }
            c => camel.push(c),
        }
    }
    serde_json::from_value(serde_json::Value::String(camel))
        .map_err(|_| usage(format!("Quire does not import the format \"{name}\"")))
}

fn export_format(name: &str, output: &Path) -> Result<ExportFormat, (Exit, String)> {
    let extension = output
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    match (name, extension.as_deref()) {
        ("quire", _) => Ok(ExportFormat::Quire),
        ("markdown", Some("zip")) => Ok(ExportFormat::MarkdownZip),
        ("markdown", _) => Ok(ExportFormat::MarkdownFolder),
        ("jrnl", Some("txt")) => Ok(ExportFormat::JrnlText),
        ("jrnl", _) => Ok(ExportFormat::JrnlJson),
        ("pdf", _) => Ok(ExportFormat::Pdf),
        ("dayone" | "day-one", _) => Ok(ExportFormat::DayOne),
        _ => Err(usage(format!("Quire does not export to \"{name}\""))),
    }
}

/// The start of the day `text` (YYYY-MM-DD) plus `days`, in local time, in ms since the epoch.
fn day_start(text: &str, days: u64) -> Result<i64, (Exit, String)> {
    let date = NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .map_err(|_| usage(format!("{text:?} is not a date; write it as YYYY-MM-DD")))?;
    let date = date
        .checked_add_days(chrono::Days::new(days))
        .ok_or_else(|| usage(format!("{text} is too far away")))?;
    let midnight = date.and_hms_opt(0, 0, 0).expect("midnight exists");
    Local
        .from_local_datetime(&midnight)
        .earliest()
        .map(|moment| moment.timestamp_millis())
        .ok_or_else(|| usage(format!("{text} has no midnight in this time zone")))
}

#[cfg(test)]
mod tests {
    use super::output::day;
    use super::*;

    #[test]
    fn the_identifier_is_the_one_tauri_conf_json_names() {
        let conf: serde_json::Value =
            serde_json::from_str(include_str!("../../tauri.conf.json")).unwrap();
        assert_eq!(conf["identifier"], APP_IDENTIFIER);
    }

    #[test]
    fn import_formats_are_named_in_kebab_case() {
        assert_eq!(import_format("jrnl-json").unwrap(), Format::JrnlJson);
        assert_eq!(import_format("quire").unwrap(), Format::Quire);
        assert_eq!(import_format("markdown").unwrap(), Format::Markdown);
        assert_eq!(import_format("day-one").unwrap(), Format::DayOne);
        assert_eq!(import_format("joplin-jex").unwrap(), Format::JoplinJex);
        assert_eq!(import_format("mini-diary").unwrap(), Format::MiniDiary);
        assert_eq!(import_format("jrnlJson").unwrap(), Format::JrnlJson);
        assert_eq!(import_format("word").unwrap_err().0, Exit::Usage);
    }

    #[test]
    fn export_formats_follow_the_output_name() {
        let out = |name: &str| PathBuf::from(name);
        assert_eq!(
            export_format("markdown", &out("a.zip")).unwrap(),
            ExportFormat::MarkdownZip
        );
        assert_eq!(
            export_format("markdown", &out("notes")).unwrap(),
            ExportFormat::MarkdownFolder
        );
        assert_eq!(
            export_format("jrnl", &out("j.txt")).unwrap(),
            ExportFormat::JrnlText
        );
        assert_eq!(
            export_format("jrnl", &out("j.json")).unwrap(),
            ExportFormat::JrnlJson
        );
        assert_eq!(
            export_format("pdf", &out("b.pdf")).unwrap(),
            ExportFormat::Pdf
        );
        assert_eq!(
            export_format("dayone", &out("d.zip")).unwrap(),
            ExportFormat::DayOne
        );
        assert_eq!(
            export_format("docx", &out("b.docx")).unwrap_err().0,
            Exit::Usage
        );
    }

    #[test]
    fn options_take_values_inline_or_after_and_refuse_strangers() {
        let args = |list: &[&str]| list.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        let parsed = Options::parse(
            &args(&[
                "file.json",
                "--format=jrnl-json",
                "--journal",
                "Work",
                "--dry-run",
            ]),
            &["--format", "--journal"],
            &["--dry-run"],
        )
        .unwrap();
        assert_eq!(parsed.words, ["file.json"]);
        assert_eq!(parsed.value("--format"), Some("jrnl-json"));
        assert_eq!(parsed.value("--journal"), Some("Work"));
        assert!(parsed.flag("--dry-run"));
        assert!(Options::parse(&args(&["--journal"]), &["--journal"], &[]).is_err());
        assert!(Options::parse(&args(&["--force"]), &[], &[]).is_err());
    }

    #[test]
    fn dates_are_local_days_and_bad_ones_are_refused() {
        let start = day_start("2024-05-01", 0).unwrap();
        let next = day_start("2024-05-01", 1).unwrap();
        assert!(next > start && next - start <= 25 * 3_600_000);
        assert_eq!(day(start), "2024-05-01");
        assert_eq!(day_start("May 1", 0).unwrap_err().0, Exit::Usage);
    }
}
