//! What can go wrong in the store, sorted by what a person can do about it.

use std::path::PathBuf;

use rusqlite::ErrorCode;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("no such entry")]
    NotFound,
    #[error("{0}")]
    InvalidInput(String),
    #[error("the disk is full")]
    DiskFull,
    #[error("the database is read-only")]
    ReadOnly,
    #[error("the database is busy in another process")]
    Busy,
    #[error("the database file is damaged or is not a Quire database")]
    Corrupt,
    #[error("{0}")]
    Unsupported(String),
    #[error("could not create the data folder {path}: {source}")]
    Folder {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("could not update the database schema: {0}")]
    Migration(rusqlite_migration::Error),
    #[error("database error: {0}")]
    Sqlite(rusqlite::Error),
    #[error("a file could not be written or read: {0}")]
    Io(std::io::Error),
}

impl From<std::io::Error> for StoreError {
    fn from(err: std::io::Error) -> Self {
        match err.kind() {
            std::io::ErrorKind::StorageFull | std::io::ErrorKind::QuotaExceeded => Self::DiskFull,
            std::io::ErrorKind::ReadOnlyFilesystem | std::io::ErrorKind::PermissionDenied => {
                Self::ReadOnly
            }
            _ => Self::Io(err),
        }
    }
}

impl From<rusqlite::Error> for StoreError {
    fn from(err: rusqlite::Error) -> Self {
        match err.sqlite_error_code() {
            Some(ErrorCode::DiskFull) => Self::DiskFull,
            Some(ErrorCode::ReadOnly) => Self::ReadOnly,
            Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked) => Self::Busy,
            Some(ErrorCode::DatabaseCorrupt | ErrorCode::NotADatabase) => Self::Corrupt,
            _ if matches!(err, rusqlite::Error::QueryReturnedNoRows) => Self::NotFound,
            _ => Self::Sqlite(err),
        }
    }
}

impl From<rusqlite_migration::Error> for StoreError {
    /// A migration that met a damaged file is damage, not a schema problem.
    fn from(err: rusqlite_migration::Error) -> Self {
        match err {
            rusqlite_migration::Error::RusqliteError { err, query } => match Self::from(err) {
                Self::Sqlite(err) => {
                    Self::Migration(rusqlite_migration::Error::RusqliteError { query, err })
                }
                other => other,
            },
            other => Self::Migration(other),
        }
    }
}
