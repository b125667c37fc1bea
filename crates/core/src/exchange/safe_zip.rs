//! Opening a zip that came from elsewhere. Before anything in it is read, every member is checked:
//! no name that climbs out of its folder (`..`) or starts at the root, no symbolic link, not more
//! members than a journal could have, and no sign of a "zip bomb" (a small file that unpacks to
//! far more than it holds). A member is then read only up to the size it declares, so a member
//! that lies about its size cannot unpack further.

use std::collections::HashMap;
use std::fs::File;
use std::io::Read;
use std::path::{Component, Path};

use zip::ZipArchive;

use super::error::file_name;
use super::ExchangeError;

/// What a zip may hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ZipLimits {
    /// Most members.
    pub max_files: usize,
    /// Most bytes all members unpack to, together.
    pub max_total_bytes: u64,
    /// Most bytes one member unpacks to per byte it takes in the zip (text packs to a fifth or so;
    /// a bomb to a thousandth)…
    pub max_ratio: u64,
    /// …checked for members that unpack to more than this.
    pub ratio_from_bytes: u64,
}

/// The limits every import uses: room for a lifetime of entries and pictures, and none for a bomb.
pub const ZIP_LIMITS: ZipLimits = ZipLimits {
    max_files: 500_000,
    max_total_bytes: 64 * 1024 * 1024 * 1024,
    max_ratio: 100,
    ratio_from_bytes: 1024 * 1024,
};

/// A zip whose members have all been checked.
pub(crate) struct SafeZip {
    archive: ZipArchive<File>,
    file: String,
    /// Each file member's index and declared size, by name.
    members: HashMap<String, (usize, u64)>,
}

/// Checks the zip at `path` against `limits` without unpacking anything; the error says what is
/// wrong with it.
pub fn check_zip(path: &Path, limits: &ZipLimits) -> Result<(), ExchangeError> {
    SafeZip::open(path, limits).map(|_| ())
}

impl SafeZip {
    pub fn open(path: &Path, limits: &ZipLimits) -> Result<Self, ExchangeError> {
        let file = file_name(path);
        let opened = File::open(path).map_err(|err| ExchangeError::unreadable(&file, &err))?;
        let mut archive = ZipArchive::new(opened).map_err(|err| {
            ExchangeError::malformed(
                &file,
                "its start",
                format!("this zip is damaged or cut short ({err})"),
            )
        })?;
        if archive.len() > limits.max_files {
            return Err(ExchangeError::unsafe_zip(
                &file,
                format!(
                    "this zip holds {} files, more than the {} Quire opens",
                    archive.len(),
                    limits.max_files
                ),
            ));
        }
        let mut members = HashMap::with_capacity(archive.len());
        let mut total: u64 = 0;
        for index in 0..archive.len() {
            let member = archive.by_index_raw(index).map_err(|err| {
                ExchangeError::malformed(
                    &file,
                    format!("file {} in it", index + 1),
                    format!("the zip is damaged ({err})"),
                )
            })?;
            let name = String::from_utf8_lossy(member.name_raw()).into_owned();
            if !stays_inside(&name) || member.enclosed_name().is_none() {
                return Err(ExchangeError::unsafe_zip(
                    &file,
                    format!(
                        "it holds \u{201c}{name}\u{201d}, a name that points outside its folder"
                    ),
                ));
            }
            if member.is_symlink() {
                return Err(ExchangeError::unsafe_zip(
                    &file,
                    format!("it holds \u{201c}{name}\u{201d}, a symbolic link"),
                ));
            }
            if member.encrypted() {
                return Err(ExchangeError::unsafe_zip(
                    &file,
                    format!("\u{201c}{name}\u{201d} in it is encrypted; Quire reads plain zips"),
                ));
            }
            let size = member.size();
            let packed = member.compressed_size().max(1);
            if size > limits.ratio_from_bytes && size / packed > limits.max_ratio {
                return Err(ExchangeError::unsafe_zip(
                    &file,
                    format!(
                        "\u{201c}{name}\u{201d} in it unpacks to {} times its size, as a zip \
                         bomb does",
                        size / packed
                    ),
                ));
            }
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
            if !member.is_dir() {
                members.insert(name, (index, size));
            }
        }
        Ok(Self {
            archive,
            file,
            members,
        })
    }

    /// The names of its files (not folders).
    pub fn names(&self) -> Vec<String> {
        self.members.keys().cloned().collect()
    }

    /// The declared size of the file `name`, if it holds one.
    pub fn size_of(&self, name: &str) -> Option<u64> {
        self.members.get(name).map(|&(_, size)| size)
    }

    /// When the file `name` last changed, as the zip says (local time, to the second).
    pub fn modified(&mut self, name: &str) -> Option<chrono::NaiveDateTime> {
        let &(index, _) = self.members.get(name)?;
        let at = self.archive.by_index_raw(index).ok()?.last_modified()?;
        chrono::NaiveDate::from_ymd_opt(at.year().into(), at.month().into(), at.day().into())?
            .and_hms_opt(at.hour().into(), at.minute().into(), at.second().into())
    }

    /// Reads the file `name`, which may unpack to no more than it declares nor than `max` bytes.
    pub fn reader(&mut self, name: &str, max: u64) -> Result<impl Read + '_, ExchangeError> {
        let &(index, size) = self.members.get(name).ok_or_else(|| {
            ExchangeError::malformed(
                &self.file,
                format!("\u{201c}{name}\u{201d}"),
                "the zip does not hold this file",
            )
        })?;
        if size > max {
            return Err(ExchangeError::malformed(
                &self.file,
                format!("\u{201c}{name}\u{201d}"),
                format!("it is {} MB, more than Quire reads", size / (1024 * 1024)),
            ));
        }
        let member = self.archive.by_index(index).map_err(|err| {
            ExchangeError::malformed(
                &self.file,
                format!("\u{201c}{name}\u{201d}"),
                format!("it could not be unpacked ({err})"),
            )
        })?;
        Ok(DeclaredSize {
            inner: member,
            left: size,
        })
    }

    /// Reads the whole file `name` (at most `max` bytes).
    pub fn read_all(&mut self, name: &str, max: u64) -> Result<Vec<u8>, ExchangeError> {
        let file = self.file.clone();
        let mut bytes = Vec::new();
        self.reader(name, max)?
            .read_to_end(&mut bytes)
            .map_err(|err| {
                ExchangeError::malformed(
                    &file,
                    format!("\u{201c}{name}\u{201d}"),
                    format!("it could not be unpacked ({err})"),
                )
            })?;
        Ok(bytes)
    }
}

/// Whether a member's name stays inside the folder it is unpacked into: relative, without `..`,
/// and without a Windows drive or backslash path.
pub(crate) fn stays_inside(name: &str) -> bool {
    !name.is_empty()
        && !name.starts_with('/')
        && !name.contains('\\')
        && !name.contains(':')
        && Path::new(name)
            .components()
            .all(|part| matches!(part, Component::Normal(_) | Component::CurDir))
}

/// A member's reader that fails when it unpacks past its declared size.
struct DeclaredSize<R> {
    inner: R,
    left: u64,
}

impl<R: Read> Read for DeclaredSize<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        if self.left == 0 {
            let mut probe = [0u8; 1];
            return match self.inner.read(&mut probe)? {
                0 => Ok(0),
                _ => Err(std::io::Error::other(
                    "it unpacks to more than it declares, as a zip bomb does",
                )),
            };
        }
        let room = buf
            .len()
            .min(usize::try_from(self.left).unwrap_or(usize::MAX));
        let n = self.inner.read(&mut buf[..room])?;
        self.left -= n as u64;
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::stays_inside;

    #[test]
    fn names_that_leave_the_folder_are_refused() {
        assert!(stays_inside("quire.json"));
        assert!(stays_inside("pictures/a.png"));
        assert!(!stays_inside("../x"));
        assert!(!stays_inside("pictures/../../x"));
        assert!(!stays_inside("/etc/passwd"));
        assert!(!stays_inside("C:/x"));
        assert!(!stays_inside("a\\..\\x"));
    }
}
