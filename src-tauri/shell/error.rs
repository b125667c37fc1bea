//! The one error type that crosses IPC: `{ code, message }`.
//!
//! The UI branches on `code`; a person reads `message`, which always says what to do next. Every
//! message is written whole on this side, from typed errors, and the UI shows it as it is. None
//! carries entry text or secrets.

use serde::Serialize;

use quire_core::store::StoreError;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    NotFound,
    InvalidInput,
    Storage,
    DiskFull,
    ReadOnly,
    Busy,
    Internal,
    /// No account service is configured; the message says what to set.
    NotConfigured,
    /// The person closed the sign-in window or cancelled.
    SignInCancelled,
    /// The provider or the person declined the sign-in.
    SignInDenied,
    /// A step of completing the sign-in failed; the message names the step.
    SignInFailed,
    /// The account service could not be reached.
    Offline,
    /// The OS keyring is missing, locked or failing.
    Keyring,
    /// Nobody is signed in any more (signed out, or the session was revoked).
    SessionEnded,
    /// The file manager could not show a folder; the message names the folder to open by hand.
    OpenFailed,
    /// The journal's database file is damaged; the welcome window offers a restore.
    Damaged,
    /// Another copy of Quire has this data folder and did not hand over; the message says what to do.
    InUse,
    /// The journal is locked: only the lock window can open it.
    Locked,
    /// A wrong passphrase or recovery key; the message says how long to wait before the next try.
    WrongSecret,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type, thiserror::Error)]
#[error("{message}")]
pub struct AppError {
    pub code: ErrorCode,
    pub message: String,
}

impl AppError {
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        Self {
            code,
            message: message.into(),
        }
    }

    pub fn invalid(message: impl Into<String>) -> Self {
        Self::new(ErrorCode::InvalidInput, message)
    }

    pub fn internal(message: impl Into<String>) -> Self {
        Self::new(ErrorCode::Internal, message)
    }
}

impl From<StoreError> for AppError {
    fn from(err: StoreError) -> Self {
        use ErrorCode::*;
        let (code, message) = match err {
            StoreError::NotFound => (
                NotFound,
                "That entry no longer exists; it may have been deleted. Pick another entry from the list."
                    .to_string(),
            ),
            StoreError::InvalidInput(reason) => (InvalidInput, capitalize(&reason) + "."),
            StoreError::DiskFull => (
                DiskFull,
                "The disk is full. Free some space on the disk, then try again.".to_string(),
            ),
            StoreError::ReadOnly => (
                ReadOnly,
                "Quire cannot write to its data folder. Check that the folder can be written to and \
                 that the disk is not read-only, then try again."
                    .to_string(),
            ),
            StoreError::Corrupt => (
                Damaged,
                "Quire found your journal file damaged and has stopped writing to it. Copy your text somewhere safe, then quit Quire and open it again to restore a backup."
                    .to_string(),
            ),
            StoreError::Busy => (
                Busy,
                "The journal is busy with other work. Wait a moment, then try again.".to_string(),
            ),
            other => (
                Storage,
                format!(
                    "Quire could not use its database: {other}. Check that the disk is connected \
                     and working, then try again; if it keeps happening, see the log file in the \
                     data folder."
                ),
            ),
        };
        tracing::warn!(?code, "command failed");
        Self { code, message }
    }
}

impl From<quire_core::auth::vault::VaultError> for AppError {
    fn from(err: quire_core::auth::vault::VaultError) -> Self {
        Self::new(ErrorCode::Keyring, capitalize(&err.to_string()) + ".")
    }
}

impl From<quire_core::auth::flow::SignInFailure> for AppError {
    fn from(failure: quire_core::auth::flow::SignInFailure) -> Self {
        let advice = if failure.unreachable {
            " Check your internet connection, then try again."
        } else {
            " Try again; if it keeps failing, check the sign-in settings in the README."
        };
        let code = if failure.step == quire_core::auth::flow::Step::Keyring {
            ErrorCode::Keyring
        } else if failure.unreachable {
            ErrorCode::Offline
        } else {
            ErrorCode::SignInFailed
        };
        Self::new(code, format!("{failure}.{advice}"))
    }
}

/// Error texts from below start in lower case so that they read well inside a sentence.
pub fn capitalize(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}
