//! A full disk and a read-only file system, for real: the journal lives on a small tmpfs mounted for
//! each test. Mounting needs root (as in CI); built by anyone else, the tests are reported as ignored.

use std::fs::{self, File};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::support::journal::{connect, person};
use quire_core::keys::ContentKey;
use quire_core::store::{Store, StoreError, DATABASE_FILE};

/// A tmpfs of `megabytes`, unmounted when dropped.
struct SmallDisk {
    dir: tempfile::TempDir,
}

impl SmallDisk {
    fn mount(megabytes: u32) -> Self {
        let dir = tempfile::tempdir().unwrap();
        mount(&[
            "-t",
            "tmpfs",
            "-o",
            &format!("size={megabytes}m,mode=0700"),
            "tmpfs",
            dir.path().to_str().unwrap(),
        ]);
        Self { dir }
    }

    fn path(&self) -> &Path {
        self.dir.path()
    }

    fn remount(&self, options: &str) {
        mount(&[
            "-o",
            &format!("remount,{options}"),
            self.path().to_str().unwrap(),
        ]);
    }

    /// Fills what is left of the disk with one file, and returns its path.
    fn fill(&self) -> PathBuf {
        let filler = self.path().join("filler");
        let mut file = File::create(&filler).unwrap();
        let block = vec![0u8; 64 * 1024];
        loop {
            match file.write(&block) {
                Ok(0) => break,
                Ok(_) => {}
                Err(err) => {
                    assert_eq!(err.raw_os_error(), Some(28), "expected ENOSPC, got {err}");
                    break;
                }
            }
        }
        let _ = file.sync_all();
        filler
    }
}

impl Drop for SmallDisk {
    fn drop(&mut self) {
        let _ = Command::new("umount")
            .arg("-l")
            .arg(self.dir.path())
            .status();
    }
}

fn mount(args: &[&str]) {
    let status = Command::new("mount").args(args).status().unwrap();
    assert!(status.success(), "mount {args:?} failed");
}

fn integrity(path: &Path, key: &ContentKey) -> String {
    connect(path, Some(key))
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap()
}

#[test]
#[cfg_attr(not(built_as_root), ignore = "mounting a small file system needs root")]
fn a_full_disk_refuses_the_save_keeps_what_was_saved_and_saves_once_there_is_room() {
    let (disk, key) = (SmallDisk::mount(4), ContentKey::generate());
    let store = Store::open_in(disk.path(), &key).unwrap();
    let me = person(&store, "ada");
    let entry = store.create_entry(&me.id, None, None).unwrap();
    store
        .save_entry(&me.id, &entry.id, "Saved before the disk filled up.")
        .unwrap();

    let filler = disk.fill();
    // A long entry needs new pages in the write-ahead log, and there is no room for them.
    let long = "A day of writing that does not fit. ".repeat(30_000);
    let refused = store.save_entry(&me.id, &entry.id, &long).unwrap_err();
    assert!(matches!(refused, StoreError::DiskFull), "{refused:?}");
    assert_eq!(
        store.get_entry(&me.id, &entry.id).unwrap().content,
        "Saved before the disk filled up.",
        "the last saved text is untouched"
    );

    // Room again: the same save (the retry) goes through and lasts.
    fs::remove_file(filler).unwrap();
    store.save_entry(&me.id, &entry.id, &long).unwrap();
    drop(store);
    assert_eq!(integrity(&disk.path().join(DATABASE_FILE), &key), "ok");
    let store = Store::open_in(disk.path(), &key).unwrap();
    assert_eq!(store.get_entry(&me.id, &entry.id).unwrap().content, long);
}

#[test]
#[cfg_attr(not(built_as_root), ignore = "mounting a small file system needs root")]
fn a_journal_on_a_read_only_file_system_is_refused_with_a_reason_and_left_alone() {
    let (disk, key) = (SmallDisk::mount(4), ContentKey::generate());
    let (me, id) = {
        let store = Store::open_in(disk.path(), &key).unwrap();
        let me = person(&store, "ada");
        let entry = store.create_entry(&me.id, None, None).unwrap();
        store.save_entry(&me.id, &entry.id, "kept").unwrap();
        (me, entry.id)
    };
    let database = disk.path().join(DATABASE_FILE);
    let before = fs::read(&database).unwrap();

    disk.remount("ro");
    let refused = Store::open_in(disk.path(), &key)
        .err()
        .expect("a read-only journal cannot be opened for writing");
    assert!(matches!(refused, StoreError::ReadOnly), "{refused:?}");
    assert_eq!(fs::read(&database).unwrap(), before);

    disk.remount("rw");
    let store = Store::open_in(disk.path(), &key).unwrap();
    assert_eq!(store.get_entry(&me.id, &id).unwrap().content, "kept");
}
