//! The connection to a sync server as a person gives it (the database's address, a user name and a
//! password), kept as one keyring entry per account and never in a file, and sync's failures in
//! words for the window. `QUIRE_SYNC_URL`, `QUIRE_SYNC_USERNAME` and `QUIRE_SYNC_PASSWORD` preset
//! it: at the first start they are moved into the keyring, as the sign-in variables are.

use serde::{Deserialize, Serialize};

use super::error::{capitalize, AppError, ErrorCode};
use super::state::JournalState;
use super::sync_service::SyncServer;
use quire_core::auth::secret::Secret;
use quire_core::auth::vault::{account_name, Vault};
use quire_core::sync::{ServerConfig, SyncError};

/// A server connection as the keyring keeps it.
#[derive(Serialize, Deserialize)]
pub struct Connection {
    pub url: String,
    pub username: String,
    pub password: String,
}

impl Connection {
    /// The server and database named by the address: its last path segment is the database.
    pub fn server(&self) -> Result<ServerConfig, AppError> {
        let mut url = url::Url::parse(self.url.trim()).map_err(|err| {
            AppError::invalid(format!(
                "The server address is not a web address ({err}). Type it in full, such as \
                 https://couch.example.org/journal."
            ))
        })?;
        if !matches!(url.scheme(), "http" | "https") {
            return Err(AppError::invalid(
                "The server address must start with https:// (or http:// on this computer's own \
                 network).",
            ));
        }
        let segments: Vec<String> = url
            .path_segments()
            .map(|segments| {
                segments
                    .filter(|segment| !segment.is_empty())
                    .map(str::to_owned)
                    .collect()
            })
            .unwrap_or_default();
        let Some((database, parents)) = segments.split_last() else {
            return Err(AppError::invalid(
                "Add the database's name to the server address, such as \
                 https://couch.example.org/journal.",
            ));
        };
        url.set_path(&format!("/{}", parents.join("/")));
        url.set_query(None);
        url.set_fragment(None);
        Ok(ServerConfig {
            url,
            database: database.clone(),
            username: self.username.trim().to_owned(),
            password: Secret::new(self.password.clone()),
        })
    }

    pub fn view(&self) -> SyncServer {
        SyncServer {
            url: self.url.clone(),
            username: self.username.clone(),
        }
    }
}

/// The keyring entry's name for the signed-in account's connection.
fn keyring_name(journal: &JournalState) -> Option<String> {
    journal
        .account()
        .map(|account| format!("sync:{}", account_name(&account.issuer, &account.subject)))
}

/// The signed-in account's connection: from the keyring, or from the environment (then moved into
/// the keyring).
pub fn load_connection(
    journal: &JournalState,
    vault: &Vault,
) -> Result<Option<Connection>, AppError> {
    let Some(name) = keyring_name(journal) else {
        return Ok(None);
    };
    if let Some(secret) = vault.load(&name)? {
        if let Ok(connection) = serde_json::from_str(secret.expose()) {
            return Ok(Some(connection));
        }
        tracing::warn!("the sync connection in the keyring is unreadable; it is ignored");
    }
    let var = |name: &str| std::env::var(name).ok().filter(|value| !value.is_empty());
    let (Some(url), Some(username)) = (var("QUIRE_SYNC_URL"), var("QUIRE_SYNC_USERNAME")) else {
        return Ok(None);
    };
    let connection = Connection {
        url,
        username,
        password: var("QUIRE_SYNC_PASSWORD").unwrap_or_default(),
    };
    save_connection(journal, vault, &connection)?;
    tracing::info!("the sync connection from the environment is now in the keyring");
    Ok(Some(connection))
}

pub fn save_connection(
    journal: &JournalState,
    vault: &Vault,
    connection: &Connection,
) -> Result<(), AppError> {
    let name = keyring_name(journal).ok_or_else(|| AppError::invalid("Sign in first."))?;
    let json = serde_json::to_string(connection).expect("a connection serializes");
    vault.store(&name, &Secret::new(json))?;
    Ok(())
}

pub fn forget_connection(journal: &JournalState, vault: &Vault) -> Result<(), AppError> {
    if let Some(name) = keyring_name(journal) {
        vault.delete(&name)?;
    }
    Ok(())
}

/// A sync failure in words for the window; `offline` when it is only the network (or the server
/// for a while), which sync retries by itself.
pub fn sync_error(err: &SyncError) -> AppError {
    let code = match err {
        SyncError::Offline(_) | SyncError::Server(_) => ErrorCode::Offline,
        SyncError::Store(_) => ErrorCode::Storage,
        // The credentials, the database, the address, or what the server holds: the person (or
        // the server's operator) must change something.
        _ => ErrorCode::InvalidInput,
    };
    AppError::new(code, capitalize(&err.to_string()) + ".")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn connection(url: &str) -> Connection {
        Connection {
            url: url.to_owned(),
            username: " ada ".to_owned(),
            password: "pw".to_owned(),
        }
    }

    #[test]
    fn the_last_segment_of_the_address_is_the_database() {
        let server = connection("https://couch.example.org/journal-ada")
            .server()
            .unwrap();
        assert_eq!(server.url.as_str(), "https://couch.example.org/");
        assert_eq!(server.database, "journal-ada");
        assert_eq!(server.username, "ada");

        let behind_a_path = connection("http://127.0.0.1:5984/couch/journal/?x=1#y")
            .server()
            .unwrap();
        assert_eq!(behind_a_path.url.as_str(), "http://127.0.0.1:5984/couch");
        assert_eq!(behind_a_path.database, "journal");
    }

    #[test]
    fn an_address_without_a_database_or_not_on_the_web_says_what_to_type() {
        for (url, says) in [
            ("https://couch.example.org/", "database's name"),
            ("couch.example.org/journal", "not a web address"),
            ("ftp://couch.example.org/journal", "https://"),
        ] {
            let err = connection(url).server().unwrap_err();
            assert_eq!(err.code, ErrorCode::InvalidInput, "{url}");
            assert!(err.message.contains(says), "{url}: {}", err.message);
        }
    }

    #[test]
    fn a_server_that_cannot_be_reached_is_offline_and_a_refusal_is_not() {
        assert_eq!(
            sync_error(&SyncError::Offline("refused".into())).code,
            ErrorCode::Offline
        );
        assert_eq!(sync_error(&SyncError::Server(503)).code, ErrorCode::Offline);
        let refused = sync_error(&SyncError::Unauthorized);
        assert_ne!(refused.code, ErrorCode::Offline);
        assert!(refused.message.ends_with('.'));
        assert!(refused.message.starts_with("The sync server refused"));
    }
}
