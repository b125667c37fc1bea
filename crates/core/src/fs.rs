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

/// Makes a rename or a new file in `dir` durable. Folders cannot be synced on Windows; there the
/// rename is as durable as the file system makes it.
pub fn sync_dir(dir: &Path) -> io::Result<()> {
    #[cfg(unix)]
    File::open(dir)?.sync_all()?;
    #[cfg(not(unix))]
    let _ = dir;
    Ok(())
}
