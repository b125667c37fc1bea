//! What can stop a sync, in kinds a window can phrase: each message says what to do next.

use crate::store::StoreError;

#[derive(Debug, thiserror::Error)]
pub enum SyncError {
    /// 401 or 403.
    #[error("the sync server refused the user name or password; check them in the sync settings")]
    Unauthorized,
    /// 404 for the database, and this account may not create it.
    #[error(
        "the sync server has no database {0}; ask its operator to create it, or check its name"
    )]
    DatabaseMissing(String),
    /// 409 where the protocol does not expect one.
    #[error("the sync server reported a conflicting change; sync again")]
    Conflict,
    /// 413: a document (in practice a picture) larger than the server accepts.
    #[error("a picture is larger than the sync server accepts; raise the server's size limit or remove the picture")]
    TooLarge,
    /// 5xx.
    #[error("the sync server had a problem ({0}); sync will try again later")]
    Server(u16),
    /// The server could not be reached, or stopped answering (the cause is for the log).
    #[error("the sync server cannot be reached; sync will try again when the network is back")]
    Offline(String),
    /// An answer that does not follow the replication protocol.
    #[error("the sync server answered something unexpected ({0}); check that its address is a CouchDB database")]
    Protocol(String),
    /// The server address is not usable.
    #[error("the sync server address is not usable ({0}); check it in the sync settings")]
    Address(String),
    #[error("the journal could not record the sync: {0}")]
    Store(#[from] StoreError),
}

impl SyncError {
    /// The error for an HTTP status the protocol did not expect.
    pub(crate) fn from_status(status: reqwest::StatusCode, database: &str) -> Self {
        match status.as_u16() {
            401 | 403 => Self::Unauthorized,
            404 => Self::DatabaseMissing(database.to_owned()),
            409 => Self::Conflict,
            413 => Self::TooLarge,
            code @ 500..=599 => Self::Server(code),
            code => Self::Protocol(format!("HTTP status {code}")),
        }
    }

    pub(crate) fn from_reqwest(err: reqwest::Error) -> Self {
        if err.is_decode() {
            Self::Protocol(err.to_string())
        } else if err.is_builder() {
            Self::Address(err.to_string())
        } else {
            // Connection refused, reset, timed out: all mean "try again later".
            Self::Offline(without_url(&err))
        }
    }
}

/// reqwest's message without the URL, which may hold the database name; the kind is enough.
pub(crate) fn without_url(err: &reqwest::Error) -> String {
    let mut text = err.to_string();
    if let Some(url) = err.url() {
        text = text.replace(url.as_str(), "the server");
    }
    let mut source = std::error::Error::source(err);
    while let Some(cause) = source {
        text = format!("{text}: {cause}");
        source = cause.source();
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_status_the_protocol_does_not_expect_says_what_to_do() {
        let of = |code: u16| {
            SyncError::from_status(reqwest::StatusCode::from_u16(code).unwrap(), "journal-ada")
        };
        assert!(matches!(of(401), SyncError::Unauthorized));
        assert!(matches!(of(403), SyncError::Unauthorized));
        assert!(matches!(of(404), SyncError::DatabaseMissing(db) if db == "journal-ada"));
        assert!(matches!(of(409), SyncError::Conflict));
        assert!(matches!(of(413), SyncError::TooLarge));
        assert!(matches!(of(503), SyncError::Server(503)));
        assert!(matches!(of(418), SyncError::Protocol(_)));
        for (code, says) in [
            (401, "check them in the sync settings"),
            (404, "ask its operator to create it"),
            (409, "sync again"),
            (413, "raise the server's size limit or remove the picture"),
            (502, "sync will try again later"),
        ] {
            let text = of(code).to_string();
            assert!(text.contains(says), "{code}: {text}");
        }
    }
}
