//! Settings that come from outside: the environment, then defaults.
//!
//! Raw input stays here; the rest of the app receives validated values.

use std::path::PathBuf;

/// Overrides the folder that holds the database and the logs.
pub const DATA_DIR_VAR: &str = "QUIRE_DATA_DIR";

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("{DATA_DIR_VAR} is set but is not valid Unicode; set it to a folder path")]
    DataDirNotUnicode,
    #[error("no folder for app data is known on this system; set {DATA_DIR_VAR} to a folder path")]
    NoDataDir,
    #[error("could not resolve {DATA_DIR_VAR}: {0}")]
    CurrentDir(std::io::Error),
}

/// The data folder: `QUIRE_DATA_DIR` when set (relative paths are taken from the working folder),
/// otherwise the platform's app data folder.
pub fn data_dir(platform_default: Option<PathBuf>) -> Result<PathBuf, ConfigError> {
    match std::env::var(DATA_DIR_VAR) {
        Ok(value) if !value.trim().is_empty() => {
            let path = PathBuf::from(value);
            if path.is_absolute() {
                Ok(path)
            } else {
                Ok(std::env::current_dir()
                    .map_err(ConfigError::CurrentDir)?
                    .join(path))
            }
        }
        Err(std::env::VarError::NotUnicode(_)) => Err(ConfigError::DataDirNotUnicode),
        _ => platform_default.ok_or(ConfigError::NoDataDir),
    }
}

/// Creates `dir` if it is missing, readable by its owner only: the data folder holds private writing.
/// An existing folder is left as the person set it up.
pub fn ensure_private_dir(dir: &std::path::Path) -> std::io::Result<()> {
    if dir.is_dir() {
        return Ok(());
    }
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder.create(dir)
}
