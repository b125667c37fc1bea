//! Private, durable files and folders: what the data folder's writers share.
//!
//! The data folder holds private writing, so whatever Quire creates there is readable by its owner
//! only, and whatever must survive a power cut is synced, file and folder both, before it counts.

use std::fs::{self, File};
use std::io;
use std::path::Path;

/// Creates `dir` if it is missing, readable by its owner only. An existing folder is left as the
/// person set it up.
pub fn ensure_private_dir(dir: &Path) -> io::Result<()> {
    if dir.is_dir() {
        return Ok(());
    }
    let mut builder = fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder.create(dir)
}

/// Creates an empty file at `path`, readable by its owner only, unless something is there already.
/// Made before SQLite opens a new database, whose write-ahead log and shared-memory files then take
/// the same mode.
pub fn create_private(path: &Path) -> io::Result<()> {
    let mut options = fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    match options.open(path) {
        Ok(_) => Ok(()),
        Err(err) if err.kind() == io::ErrorKind::AlreadyExists => Ok(()),
        Err(err) => Err(err),
    }
}

/// Makes `dir` and the entries `names` in it private: folders 0700 and files 0600, and the same for
/// what those folders hold, `depth` levels down. Whatever made them, and however long ago (a folder
/// another program created first keeps that program's mode). Missing entries and symbolic links are
/// left alone; a file that cannot be changed is reported, and the rest are still changed.
pub fn make_private(dir: &Path, names: &[&str], depth: usize) -> io::Result<()> {
    let mut first_error = set_private(dir).err();
    for name in names {
        if let Err(err) = make_private_tree(&dir.join(name), depth) {
            first_error.get_or_insert(err);
        }
    }
    first_error.map_or(Ok(()), Err)
}

fn make_private_tree(path: &Path, depth: usize) -> io::Result<()> {
    let metadata = match fs::symlink_metadata(path) {
        Ok(metadata) => metadata,
        Err(err) if err.kind() == io::ErrorKind::NotFound => return Ok(()),
        Err(err) => return Err(err),
    };
    if metadata.file_type().is_symlink() {
        return Ok(());
    }
    set_private(path)?;
    if metadata.is_dir() && depth > 0 {
        for item in fs::read_dir(path)? {
            make_private_tree(&item?.path(), depth - 1)?;
        }
    }
    Ok(())
}

/// 0700 for a folder, 0600 for anything else; nothing on platforms without Unix modes.
fn set_private(path: &Path) -> io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let metadata = fs::metadata(path)?;
        let mode = if metadata.is_dir() { 0o700 } else { 0o600 };
        if metadata.permissions().mode() & 0o777 != mode {
            fs::set_permissions(path, fs::Permissions::from_mode(mode))?;
        }
    }
    #[cfg(not(unix))]
    let _ = path;
    Ok(())
}

/// Makes `path` readable by its owner only, then syncs its contents to the disk.
pub fn private_and_synced(path: &Path) -> io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        fs::set_permissions(path, fs::Permissions::from_mode(0o600))?;
    }
    File::open(path)?.sync_all()
}

/// Writes `bytes` to `path` as a private file, and makes both the file and its name durable.
pub fn write_synced(path: &Path, bytes: &[u8]) -> io::Result<()> {
    fs::write(path, bytes)?;
    private_and_synced(path)?;
    if let Some(dir) = path.parent() {
        sync_dir(dir)?;
    }
    Ok(())
}

/// Replaces `path` with `bytes` atomically: writes them to `<path>.tmp`, readable by its owner only,
/// syncs that, renames it over `path` and syncs the folder. A crash leaves either the old file or the
/// new one, never a mix; a `.tmp` left by an earlier crash is replaced.
pub fn replace_synced(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let mut tmp_name = path.as_os_str().to_owned();
    tmp_name.push(".tmp");
    let tmp = std::path::PathBuf::from(tmp_name);
    match fs::remove_file(&tmp) {
        Ok(()) => {}
        Err(err) if err.kind() == io::ErrorKind::NotFound => {}
        Err(err) => return Err(err),
    }
    let written = (|| {
        let mut options = fs::OpenOptions::new();
        options.write(true).create_new(true);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
        let mut file = options.open(&tmp)?;
        io::Write::write_all(&mut file, bytes)?;
        file.sync_all()?;
        drop(file);
        fs::rename(&tmp, path)
    })();
    if let Err(err) = written {
        let _ = fs::remove_file(&tmp);
        return Err(err);
    }
    match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => sync_dir(dir),
        _ => sync_dir(Path::new(".")),
    }
}

/// Makes a rename or a new file in `dir` durable. Folders cannot be synced on Windows; there the
/// rename is as durable as the file system makes it.
pub fn sync_dir(dir: &Path) -> io::Result<()> {
    #[cfg(unix)]
    File::open(dir)?.sync_all()?;
    #[cfg(not(unix))]
    let _ = dir;
    Ok(())
}
