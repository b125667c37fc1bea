//! Opening a tar that came from elsewhere, with the rules a zip has (see `safe_zip`): before
//! anything in it is used, every member is checked — no name that climbs out of its folder (`..`)
//! or starts at the root, no link of either kind nor device, not more members than
//! [`ZipLimits::max_files`], not more bytes than [`ZipLimits::max_total_bytes`], and every member
//! whole in the file. A tar is not compressed, so there is no bomb to look for. Members are then
//! read where the check found them.

use std::fs::File;
use std::io::{Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};

use tar::{Archive, EntryType};

use super::error::file_name;
use super::safe_zip::{stays_inside, ZipLimits};
use super::ExchangeError;

/// A file in a tar: its name, and where its bytes are.
#[derive(Debug, Clone)]
pub(crate) struct TarMember {
    pub name: String,
    offset: u64,
    pub size: u64,
}

/// A tar whose members have all been checked.
pub(crate) struct SafeTar {
    path: PathBuf,
    file: String,
    members: Vec<TarMember>,
}

/// Whether `head`, a file's first bytes, is a tar's (POSIX or GNU).
pub(crate) fn is_tar(head: &[u8]) -> bool {
    head.get(257..262) == Some(b"ustar")
}

impl SafeTar {
    pub fn open(path: &Path, limits: &ZipLimits) -> Result<Self, ExchangeError> {
        let file = file_name(path);
        let opened = File::open(path).map_err(|err| ExchangeError::unreadable(&file, &err))?;
        let length = opened
            .metadata()
            .map_err(|err| ExchangeError::unreadable(&file, &err))?
            .len();
        let damaged = |index: usize, err: std::io::Error| {
            ExchangeError::malformed(
                &file,
                format!("file {index} in it"),
                format!("the tar is damaged or cut short ({err})"),
            )
        };
        let mut archive = Archive::new(opened);
        let entries = archive.entries_with_seek().map_err(|err| damaged(1, err))?;
        let mut members = Vec::new();
        let mut total: u64 = 0;
        for (index, entry) in entries.enumerate() {
            let entry = entry.map_err(|err| damaged(index + 1, err))?;
            let name = String::from_utf8_lossy(&entry.path_bytes()).into_owned();
            let kind = entry.header().entry_type();
            if !stays_inside(&name) {
                return Err(ExchangeError::unsafe_zip(
                    &file,
                    format!(
                        "it holds \u{201c}{name}\u{201d}, a name that points outside its folder"
                    ),
                ));
            }
            match kind {
                EntryType::Regular | EntryType::Continuous => {}
                EntryType::Directory | EntryType::XGlobalHeader => continue,
                EntryType::Symlink | EntryType::Link => {
                    return Err(ExchangeError::unsafe_zip(
                        &file,
                        format!("it holds \u{201c}{name}\u{201d}, a link"),
                    ))
                }
                _ => {
                    return Err(ExchangeError::unsafe_zip(
                        &file,
                        format!("it holds \u{201c}{name}\u{201d}, which is not a plain file"),
                    ))
                }
            }
            if members.len() >= limits.max_files {
                return Err(ExchangeError::unsafe_zip(
                    &file,
                    format!(
                        "this tar holds more than the {} files Quire opens",
                        limits.max_files
                    ),
                ));
            }
            let size = entry.size();
            total = total.saturating_add(size);
            if total > limits.max_total_bytes {
                return Err(ExchangeError::unsafe_zip(
                    &file,
                    format!(
                        "it unpacks to more than {} GB",
                        limits.max_total_bytes / (1024 * 1024 * 1024)
                    ),
                ));
            }
            let offset = entry.raw_file_position();
            if offset.saturating_add(size) > length {
                return Err(ExchangeError::malformed(
                    &file,
                    format!("\u{201c}{name}\u{201d}"),
                    "the file ends in the middle of it: it may have been cut short",
                ));
            }
            let name = name.trim_start_matches("./").to_owned();
            members.push(TarMember { name, offset, size });
        }
        Ok(Self {
            path: path.to_path_buf(),
            file,
            members,
        })
    }

    /// Its files (not folders), in the tar's order.
    pub fn members(&self) -> &[TarMember] {
        &self.members
    }

    /// Reads the whole of `member` (at most `max` bytes).
    pub fn read(&self, member: &TarMember, max: u64) -> Result<Vec<u8>, ExchangeError> {
        read_member(&self.path, &self.file, member, max)
    }

    /// A reader of `member` for later, that needs no borrow of the tar.
    pub fn lazy(
        &self,
        member: &TarMember,
        max: u64,
    ) -> impl FnOnce() -> Result<Vec<u8>, ExchangeError> {
        let (path, file, member) = (self.path.clone(), self.file.clone(), member.clone());
        move || read_member(&path, &file, &member, max)
    }
}

fn read_member(
    path: &Path,
    file: &str,
    member: &TarMember,
    max: u64,
) -> Result<Vec<u8>, ExchangeError> {
    let at = format!("\u{201c}{}\u{201d}", member.name);
    if member.size > max {
        return Err(ExchangeError::malformed(
            file,
            at,
            format!(
                "it is {} MB, more than Quire reads",
                member.size / (1024 * 1024)
            ),
        ));
    }
    let mut opened = File::open(path).map_err(|err| ExchangeError::unreadable(file, &err))?;
    let mut bytes = Vec::with_capacity(usize::try_from(member.size).unwrap_or(0));
    opened
        .seek(SeekFrom::Start(member.offset))
        .and_then(|_| (&mut opened).take(member.size).read_to_end(&mut bytes))
        .map_err(|err| ExchangeError::unreadable(file, &err))?;
    if bytes.len() as u64 != member.size {
        return Err(ExchangeError::malformed(
            file,
            at,
            "the file ends in the middle of it: it may have been cut short",
        ));
    }
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tar_of(path: &Path, members: &[(&str, usize)]) {
        let mut tar = tar::Builder::new(File::create(path).unwrap());
        for (name, size) in members {
            let mut header = tar::Header::new_ustar();
            header.set_size(*size as u64);
            header.set_mode(0o644);
            tar.append_data(&mut header, name, &vec![b'x'; *size][..])
                .unwrap();
        }
        tar.finish().unwrap();
    }

    const SMALL: ZipLimits = ZipLimits {
        max_files: 2,
        max_total_bytes: 1000,
        max_ratio: 100,
        ratio_from_bytes: 1024,
    };

    #[test]
    fn members_are_listed_and_read_where_they_are() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.tar");
        tar_of(&path, &[("./a.md", 3), ("resources/b.png", 700)]);
        let tar = SafeTar::open(&path, &SMALL).unwrap();
        let names: Vec<&str> = tar.members().iter().map(|m| m.name.as_str()).collect();
        assert_eq!(names, ["a.md", "resources/b.png"]);
        assert_eq!(tar.read(&tar.members()[1], 1000).unwrap(), vec![b'x'; 700]);
        assert!(tar.read(&tar.members()[1], 100).is_err());
        assert!(is_tar(&std::fs::read(&path).unwrap()));
    }

    #[test]
    fn too_many_files_or_bytes_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let many = dir.path().join("many.tar");
        tar_of(&many, &[("a.md", 1), ("b.md", 1), ("c.md", 1)]);
        let err = SafeTar::open(&many, &SMALL).err().unwrap();
        assert!(err.to_string().contains("more than the 2 files"), "{err}");
        let big = dir.path().join("big.tar");
        tar_of(&big, &[("a.md", 600), ("b.md", 600)]);
        let err = SafeTar::open(&big, &SMALL).err().unwrap();
        assert!(matches!(err, ExchangeError::UnsafeZip { .. }), "{err}");
    }
}
