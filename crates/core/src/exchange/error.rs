//! What stops an import or export, and what it skips. Every message names the file, and the entry
//! when there is one, and is a sentence ready to show.

use std::fmt;
use std::path::Path;

use crate::store::StoreError;

#[derive(Debug, thiserror::Error)]
pub enum ExchangeError {
    /// The file could not be opened or read.
    #[error("Quire could not read {file}: {reason}.")]
    Unreadable { file: String, reason: String },
    /// Not a kind of file Quire imports.
    #[error(
        "{file} is not a file Quire can import: it reads jrnl's JSON exports and journal files, \
         Day One's JSON exports, Joplin's JEX exports, Mini Diary's JSON exports, folders or zips \
         of Markdown or text files, and Quire's own exports."
    )]
    UnknownFormat { file: String },
    /// The file is damaged, cut short or not what it claims to be; nothing was imported.
    #[error("{file}, {at}: {reason}. Nothing was imported; export the file again and retry.")]
    Malformed {
        file: String,
        at: String,
        reason: String,
    },
    /// A zip Quire will not open (see `safe_zip`); nothing was imported.
    #[error("{file}: {reason}. Nothing was imported.")]
    UnsafeZip { file: String, reason: String },
    /// The export could not be written.
    #[error("Quire could not write {file}: {reason}.")]
    Write { file: String, reason: String },
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl ExchangeError {
    pub(crate) fn unreadable(file: &str, err: &std::io::Error) -> Self {
        Self::Unreadable {
            file: file.to_owned(),
            reason: err.to_string(),
        }
    }

    pub(crate) fn malformed(file: &str, at: impl Into<String>, reason: impl Into<String>) -> Self {
        Self::Malformed {
            file: file.to_owned(),
            at: at.into(),
            reason: reason.into(),
        }
    }

    pub(crate) fn unsafe_zip(file: &str, reason: impl Into<String>) -> Self {
        Self::UnsafeZip {
            file: file.to_owned(),
            reason: reason.into(),
        }
    }

    pub(crate) fn write(path: &Path, err: impl fmt::Display) -> Self {
        Self::Write {
            file: file_name(path),
            reason: err.to_string(),
        }
    }
}

/// An entry left out of an import (or a part of one, such as a tag), and why.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct Problem {
    pub file: String,
    /// Which entry: its number in the file, and its date and title when known.
    pub entry: String,
    pub reason: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}, {}: {}", self.file, self.entry, self.reason)
    }
}

/// The file's name as messages give it.
pub(crate) fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|name| name.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string())
}
