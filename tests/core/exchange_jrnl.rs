//! Against the real jrnl program (`pip install jrnl`), when it is on the PATH: a journal written
//! with jrnl, read by Quire from its journal file and from `jrnl --export json`; and Quire's jrnl
//! export read by `jrnl --import`. Without jrnl, each test says so and passes.

use std::path::Path;
use std::process::Command;

use crate::exchange_import::{contents, run, write};
use crate::support::journal::{journal, person};

/// A jrnl configuration of its own, with its journal file in `dir`.
fn config(dir: &Path) -> std::path::PathBuf {
    let journal_file = dir.join("journal.txt");
    let yaml = format!(
        "colors: {{body: none, date: none, tags: none, title: none}}\n\
         default_hour: 9\ndefault_minute: 0\neditor: ''\nencrypt: false\nhighlight: false\n\
         indent_character: '|'\njournals:\n  default:\n    journal: {}\nlinewrap: 79\n\
         tagsymbols: '#@'\ntemplate: false\ntimeformat: '%Y-%m-%d %H:%M'\nversion: v4.2\n",
        journal_file.display()
    );
    write(dir, "jrnl.yaml", yaml.as_bytes())
}

/// The jrnl program: `QUIRE_JRNL` (where `scripts/setup` installs it), or `jrnl` on the PATH.
fn program() -> String {
    std::env::var("QUIRE_JRNL").unwrap_or_else(|_| "jrnl".to_owned())
}

/// Runs jrnl with its own configuration and home; `None` when it is not installed.
fn jrnl(dir: &Path, args: &[&str]) -> Option<String> {
    let output = Command::new(program())
        .arg("--config-file")
        .arg(dir.join("jrnl.yaml"))
        .args(args)
        .env("HOME", dir)
        .env("XDG_CONFIG_HOME", dir)
        .env("XDG_DATA_HOME", dir)
        .stdin(std::process::Stdio::null())
        .output()
        .ok()?;
    assert!(
        output.status.success(),
        "jrnl {args:?} failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    Some(String::from_utf8(output.stdout).unwrap())
}

/// Whether jrnl is there. CI installs it (`scripts/setup`), so there a missing jrnl fails the test
/// instead of skipping it.
fn have_jrnl() -> bool {
    let found = Command::new(program()).arg("--version").output().is_ok();
    if !found {
        assert!(
            std::env::var("CI").is_err(),
            "jrnl is not installed: scripts/setup installs it for the tests"
        );
        println!("jrnl is not installed (scripts/setup installs it): skipping the test against it");
    }
    found
}

#[test]
fn a_journal_written_with_jrnl_reads_the_same_from_its_file_and_its_json_export() {
    if !have_jrnl() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    config(dir.path());
    jrnl(
        dir.path(),
        &["2024-03-01 10:30: Walk by the sea. Met @anna at the @beach."],
    )
    .unwrap();
    jrnl(
        dir.path(),
        &["2024-03-02 09:00 *: Starred day. Wrote with #focus and @work-life."],
    )
    .unwrap();
    jrnl(dir.path(), &["2024-03-03 21:15: Just a title"]).unwrap();
    let json = jrnl(dir.path(), &["--export", "json"]).unwrap();
    let json_path = write(dir.path(), "export.json", json.as_bytes());

    let j = journal();
    let me = person(&j.store, "ada");
    let from_file = run(&j.store, &me.id, &dir.path().join("journal.txt")).unwrap();
    assert_eq!(from_file.added, 3);
    assert!(from_file.skipped.is_empty(), "{:?}", from_file.skipped);
    let entries = contents(&j.store, &me.id);
    let texts: Vec<(&str, bool)> = entries
        .iter()
        .map(|(_, starred, text)| (text.as_str(), *starred))
        .collect();
    assert_eq!(
        texts,
        [
            ("Walk by the sea.\nMet #anna at the #beach.", false),
            ("Starred day.\nWrote with #focus and #work-life.", true),
            ("Just a title", false),
        ]
    );
    let mut tags: Vec<String> = j
        .store
        .list_tags(&me.id)
        .unwrap()
        .into_iter()
        .map(|t| t.name)
        .collect();
    tags.sort();
    assert_eq!(tags, ["anna", "beach", "focus", "work-life"]);

    // The JSON export holds the same entries: nothing new.
    let from_json = run(&j.store, &me.id, &json_path).unwrap();
    assert_eq!((from_json.added, from_json.already_there), (0, 3));

    // And into a journal of its own, the same.
    let other = journal();
    let them = person(&other.store, "bo");
    run(&other.store, &them.id, &json_path).unwrap();
    assert_eq!(contents(&other.store, &them.id), entries);
}

#[test]
fn jrnl_imports_quires_jrnl_export() {
    if !have_jrnl() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    config(dir.path());
    let j = journal();
    let me = person(&j.store, "ada");
    let json = write(
        j.dir.path(),
        "journal.json",
        crate::exchange_import::JRNL_JSON.as_bytes(),
    );
    run(&j.store, &me.id, &json).unwrap();
    let exported = dir.path().join("from-quire.txt");
    quire_core::exchange::export(
        &j.store,
        &me.id,
        &quire_core::store::EntryFilter::default(),
        quire_core::exchange::ExportFormat::JrnlText,
        &exported,
        &mut |_| {},
        &std::sync::atomic::AtomicBool::new(false),
    )
    .unwrap();
    jrnl(
        dir.path(),
        &["--import", "--file", exported.to_str().unwrap()],
    )
    .unwrap();
    let back: serde_json::Value =
        serde_json::from_str(&jrnl(dir.path(), &["--export", "json"]).unwrap()).unwrap();
    let entries = back["entries"].as_array().unwrap();
    assert_eq!(entries.len(), 2);
    assert_eq!(entries[0]["title"], "Walk by the sea.");
    assert_eq!(entries[0]["body"], "Met @Anna at the @beach.");
    assert_eq!(entries[0]["date"], "2024-03-01");
    assert_eq!(entries[0]["time"], "10:30");
    assert_eq!(entries[0]["starred"], true);
    let mut tags: Vec<&str> = entries[0]["tags"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t.as_str().unwrap())
        .collect();
    tags.sort();
    assert_eq!(tags, ["@anna", "@beach"]);
    assert_eq!(entries[1]["title"], "Code.");
    assert_eq!(entries[1]["starred"], false);
}
