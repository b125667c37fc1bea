//! Against the real Joplin terminal client (the npm package `joplin`, which `scripts/setup`
//! installs in `tests/peers/joplin`): notebooks and notes written with Joplin and exported as JEX,
//! read by Quire; and Quire's Markdown export imported by Joplin, read back from Joplin's own raw
//! export. Each test gives Joplin a profile and a home of its own, with syncing and its location
//! lookup (which would ask a web service) off, so it never leaves the machine. Without Joplin,
//! each test says so and passes; under CI it fails.

use std::collections::{BTreeSet, HashMap};
use std::path::Path;
use std::process::Command;

use crate::exchange_export::export_to;
use crate::exchange_import::{run, write};
use crate::support::exchange::{carried, png, set_extras, snapshot};
use crate::support::journal::{journal, person};
use quire_core::exchange::ExportFormat;
use quire_core::store::{prepare_picture, JournalColour, PictureVariant};

/// The Joplin program: `QUIRE_JOPLIN` (where `scripts/setup` installs it), or `joplin` on the
/// PATH.
fn program() -> String {
    std::env::var("QUIRE_JOPLIN").unwrap_or_else(|_| "joplin".to_owned())
}

/// Whether Joplin is there. CI installs it (`scripts/setup`), so there a missing Joplin fails the
/// test instead of skipping it.
fn have_joplin() -> bool {
    let home = tempfile::tempdir().unwrap();
    let found = Command::new(program())
        .arg("--profile")
        .arg(home.path())
        .arg("version")
        .env("HOME", home.path())
        .stdin(std::process::Stdio::null())
        .output()
        .is_ok_and(|output| output.status.success());
    if !found {
        assert!(
            std::env::var("CI").is_err(),
            "Joplin is not installed: scripts/setup installs it in tests/peers/joplin for the tests"
        );
        println!(
            "Joplin is not installed (scripts/setup installs it, scripts/test sets QUIRE_JOPLIN): \
             skipping the test against it"
        );
    }
    found
}

/// A Joplin of the test's own: its profile and home in a temporary folder.
struct Joplin {
    dir: tempfile::TempDir,
}

impl Joplin {
    /// A new profile, with syncing off and without the location lookup Joplin makes for each new
    /// note.
    fn new() -> Self {
        let joplin = Self {
            dir: tempfile::tempdir().unwrap(),
        };
        joplin.batch(&["config sync.target 0", "config trackLocation false"]);
        joplin
    }

    fn run(&self, args: &[&str]) -> String {
        let profile = self.dir.path().join("profile");
        let output = Command::new(program())
            .arg("--profile")
            .arg(&profile)
            .args(args)
            .env("HOME", self.dir.path())
            .env("XDG_CONFIG_HOME", self.dir.path())
            .stdin(std::process::Stdio::null())
            .output()
            .unwrap();
        let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
        assert!(
            output.status.success(),
            "joplin {args:?} failed: {stdout}{}",
            String::from_utf8_lossy(&output.stderr)
        );
        stdout
    }

    /// Runs `commands` in one Joplin process (each start takes seconds).
    fn batch(&self, commands: &[&str]) {
        let file = write(
            self.dir.path(),
            "commands.txt",
            commands.join("\n").as_bytes(),
        );
        self.run(&["batch", file.to_str().unwrap()]);
    }
}

/// One item of Joplin's raw export: its title, body and properties.
#[derive(Debug)]
struct RawItem {
    title: String,
    body: String,
    props: HashMap<String, String>,
}

/// Every item of a raw export, by id. An item is its title, a blank line, its body, a blank line,
/// then `key: value` lines to the end.
fn raw_items(dir: &Path) -> HashMap<String, RawItem> {
    let mut items = HashMap::new();
    for file in std::fs::read_dir(dir).unwrap() {
        let path = file.unwrap().path();
        if path.extension().is_none_or(|e| e != "md") {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        let start = lines
            .iter()
            .rposition(|line| line.is_empty())
            .map_or(0, |blank| blank + 1);
        let props: HashMap<String, String> = lines[start..]
            .iter()
            .filter_map(|line| line.split_once(": ").or_else(|| line.split_once(':')))
            .map(|(k, v)| (k.to_owned(), v.trim().to_owned()))
            .collect();
        let head = &lines[..start.saturating_sub(1)];
        let item = RawItem {
            title: head.first().copied().unwrap_or_default().to_owned(),
            body: head.get(2..).unwrap_or_default().join("\n"),
            props,
        };
        items.insert(item.props["id"].clone(), item);
    }
    items
}

#[test]
fn notebooks_written_with_joplin_and_exported_as_jex_become_journals_in_quire() {
    if !have_joplin() {
        return;
    }
    let joplin = Joplin::new();
    let picture = write(joplin.dir.path(), "red.png", &png(4, 3, 200));
    let attach = format!("attach \"Walk by the sea\" \"{}\"", picture.display());
    joplin.batch(&[
        "mkbook \"Travel\"",
        "use \"Travel\"",
        "mknote \"Walk by the sea\"",
        "set \"Walk by the sea\" body \"Met Anna at the beach.\"",
        "set \"Walk by the sea\" user_created_time 1709285400000",
        "tag add beach \"Walk by the sea\"",
        "tag add \"road trip\" \"Walk by the sea\"",
        &attach,
        "mkbook \"Work\"",
        "use \"Work\"",
        "mknote \"Standup\"",
        "set \"Standup\" body \"Short one.\"",
        "set \"Standup\" user_created_time 1709373600000",
    ]);
    let jex = joplin.dir.path().join("out.jex");
    joplin.run(&["export", "--format", "jex", jex.to_str().unwrap()]);

    let j = journal();
    let me = person(&j.store, "ada");
    let report = run(&j.store, &me.id, &jex).unwrap();
    assert_eq!(report.added, 2);
    assert!(
        report.skipped.is_empty() && report.notes.is_empty(),
        "{report:?}"
    );
    let journal = snapshot(&j.store, &me.id);
    let names: BTreeSet<&str> = journal.journals.iter().map(|j| j.0.as_str()).collect();
    assert!(
        names.is_superset(&BTreeSet::from(["Travel", "Work"])),
        "{names:?}"
    );

    let walk = &journal.entries[0];
    assert_eq!(
        (walk.dated_at, walk.journal.as_str()),
        (1_709_285_400_000, "Travel")
    );
    assert!(
        walk.content.starts_with("Walk by the sea\n"),
        "{:?}",
        walk.content
    );
    assert!(
        walk.content.contains("Met Anna at the beach."),
        "{:?}",
        walk.content
    );
    assert_eq!(walk.pictures.len(), 1);
    let (id, mime, bytes) = &walk.pictures[0];
    assert_eq!((mime.as_str(), bytes), ("image/png", &png(4, 3, 200)));
    assert!(
        walk.content.contains(&format!("(picture:{id})")),
        "{:?}",
        walk.content
    );
    // Joplin fills in 0, 0 for a note without a place: that is no place.
    assert_eq!(walk.metadata, None);

    let standup = &journal.entries[1];
    assert_eq!(
        (
            standup.dated_at,
            standup.journal.as_str(),
            standup.content.as_str()
        ),
        (1_709_373_600_000, "Work", "Standup\n\nShort one.")
    );
    let mut tags: Vec<&str> = journal.tags.iter().map(|t| t.0.as_str()).collect();
    tags.sort();
    assert_eq!(tags, ["beach", "road-trip"]);
}

#[test]
fn joplin_imports_quires_markdown_export_with_its_tags_dates_and_pictures() {
    if !have_joplin() {
        return;
    }
    let j = journal();
    let me = person(&j.store, "ada");
    let work = j
        .store
        .create_journal(&me.id, "Work", JournalColour::Green)
        .unwrap();
    let walk = j
        .store
        .create_entry(&me.id, None, Some(1_709_285_400_000))
        .unwrap();
    let picture = j
        .store
        .add_picture(&me.id, &walk.id, prepare_picture(png(6, 4, 90)).unwrap())
        .unwrap();
    let walk_text = format!(
        "Walk by the sea: \"calm\"\nMet #Anna at the #beach.\n![sea|300](picture:{})",
        picture.id
    );
    j.store.save_entry(&me.id, &walk.id, &walk_text).unwrap();
    set_extras(
        &j.store,
        &walk.id,
        Some("Europe/Paris"),
        Some(r#"{"location": {"latitude": 43.3, "longitude": -1.5}}"#),
    );
    let code = j
        .store
        .create_entry(&me.id, Some(&work.id), Some(1_709_373_600_000))
        .unwrap();
    j.store
        .save_entry(&me.id, &code.id, "Code\n\nWrote all day. #work")
        .unwrap();
    let out = j.dir.path().join("markdown");
    export_to(&j.store, &me.id, ExportFormat::MarkdownFolder, &out);

    let joplin = Joplin::new();
    joplin.run(&[
        "import",
        "--format",
        "md_frontmatter",
        "--force",
        out.to_str().unwrap(),
    ]);
    let raw = joplin.dir.path().join("raw");
    joplin.run(&["export", "--format", "raw", raw.to_str().unwrap()]);
    let items = raw_items(&raw);
    let of_type = |kind: &'static str| items.values().filter(move |i| i.props["type_"] == kind);
    let notes: HashMap<&str, &RawItem> = of_type("1").map(|n| (n.title.as_str(), n)).collect();
    assert_eq!(
        notes.keys().copied().collect::<BTreeSet<_>>(),
        BTreeSet::from(["Walk by the sea: \"calm\"", "Code"])
    );

    let walk_note = notes["Walk by the sea: \"calm\""];
    assert_eq!(
        walk_note.props["user_created_time"],
        "2024-03-01T09:30:00.000Z"
    );
    assert!(
        walk_note.body.contains("Met #Anna at the #beach."),
        "{walk_note:?}"
    );
    assert_eq!(
        walk_note.props["latitude"].parse::<f64>().unwrap(),
        43.3,
        "{walk_note:?}"
    );
    let resources: Vec<&RawItem> = of_type("4").collect();
    assert_eq!(resources.len(), 1);
    let resource = resources[0];
    assert_eq!(resource.props["mime"], "image/png");
    let resource_id = &resource.props["id"];
    assert!(
        walk_note
            .body
            .contains(&format!("![sea|300](:/{resource_id})")),
        "{walk_note:?}"
    );
    assert_eq!(
        std::fs::read(raw.join(format!("resources/{resource_id}.png"))).unwrap(),
        j.store
            .picture(&me.id, &picture.id, PictureVariant::Original)
            .unwrap()
            .bytes
    );

    let code_note = notes["Code"];
    assert_eq!(
        code_note.props["user_created_time"],
        "2024-03-02T10:00:00.000Z"
    );
    assert!(
        code_note.body.contains("Wrote all day. #work"),
        "{code_note:?}"
    );

    let tags: HashMap<&str, &str> = of_type("5")
        .map(|t| (t.props["id"].as_str(), t.title.as_str()))
        .collect();
    let tags_of = |note: &RawItem| -> BTreeSet<&str> {
        of_type("6")
            .filter(|link| link.props["note_id"] == note.props["id"])
            .map(|link| tags[link.props["tag_id"].as_str()])
            .collect()
    };
    assert_eq!(tags_of(walk_note), BTreeSet::from(["Anna", "beach"]));
    assert_eq!(tags_of(code_note), BTreeSet::from(["work"]));

    // And back: Joplin's JEX of it read into an empty journal gives the same texts, dates and
    // pictures (Joplin keeps one notebook for the folder, so the journals are not compared).
    let jex = joplin.dir.path().join("back.jex");
    joplin.run(&["export", "--format", "jex", jex.to_str().unwrap()]);
    let back = crate::support::journal::journal();
    let them = person(&back.store, "bo");
    run(&back.store, &them.id, &jex).unwrap();
    let texts = |store: &quire_core::store::Store, user| {
        carried(snapshot(store, user))
            .0
            .into_iter()
            .map(|e| (e.dated_at, e.content, e.pictures))
            .collect::<Vec<_>>()
    };
    assert_eq!(texts(&back.store, &them.id), texts(&j.store, &me.id));
}
