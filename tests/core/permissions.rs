//! What Quire keeps in the data folder is readable by its owner only: a new journal's files from
//! the start, and a folder and files that something else made, or an older version left, once they
//! are made private (as every start does, in `shell::run`).
#![cfg(unix)]

use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::Path;

use quire_core::keys::ContentKey;
use quire_core::store::{Store, BACKUPS_DIR, DAMAGED_DIR, DATABASE_FILE};

fn mode(path: &Path) -> u32 {
    fs::symlink_metadata(path).unwrap().permissions().mode() & 0o777
}

fn set_mode(path: &Path, mode: u32) {
    fs::set_permissions(path, fs::Permissions::from_mode(mode)).unwrap();
}

#[test]
fn a_new_journal_and_its_write_ahead_files_are_private() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let store = Store::open_in(&data, &ContentKey::generate()).unwrap();
    crate::support::journal::person(&store, "ada");
    assert_eq!(mode(&data), 0o700);
    for name in ["", "-wal", "-shm"] {
        let file = data.join(format!("{DATABASE_FILE}{name}"));
        assert!(
            file.exists(),
            "{} is there while the journal is open",
            file.display()
        );
        assert_eq!(mode(&file), 0o600, "{}", file.display());
    }
}

#[test]
fn a_folder_made_open_by_someone_else_is_made_private_and_only_quires_files_in_it() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path();
    set_mode(data, 0o755);
    let ours = [
        DATABASE_FILE.to_owned(),
        format!("{DATABASE_FILE}-wal"),
        "logs/quire.2026-12-01.log".to_owned(),
        format!("{BACKUPS_DIR}/quire-2026-12-01T08-00-00Z.sqlite3"),
        format!("{DAMAGED_DIR}/2026-12-02T09-00-00Z/{DATABASE_FILE}"),
    ];
    for file in &ours {
        let path = data.join(file);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(&path, "x").unwrap();
        set_mode(&path, 0o644);
    }
    for folder in ["logs", BACKUPS_DIR, DAMAGED_DIR] {
        set_mode(&data.join(folder), 0o755);
    }
    // WebKit's files share the default data folder; Quire leaves them, and links, as they are.
    fs::write(data.join("cookies"), "x").unwrap();
    set_mode(&data.join("cookies"), 0o644);
    let elsewhere = tempfile::tempdir().unwrap();
    let target = elsewhere.path().join("shared.txt");
    fs::write(&target, "x").unwrap();
    set_mode(&target, 0o644);
    std::os::unix::fs::symlink(&target, data.join("logs/elsewhere")).unwrap();

    let names = [DATABASE_FILE, &ours[1], "logs", BACKUPS_DIR, DAMAGED_DIR];
    quire_core::fs::make_private(data, &names, 2).unwrap();

    assert_eq!(mode(data), 0o700);
    for file in &ours {
        assert_eq!(mode(&data.join(file)), 0o600, "{file}");
    }
    for folder in ["logs", BACKUPS_DIR, DAMAGED_DIR] {
        assert_eq!(mode(&data.join(folder)), 0o700, "{folder}");
    }
    assert_eq!(mode(&data.join("cookies")), 0o644);
    assert_eq!(mode(&target), 0o644, "a link's target is untouched");
}
