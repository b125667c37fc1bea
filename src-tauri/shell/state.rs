//! What the app holds while it runs: the open journal and whose it is.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::error::{AppError, ErrorCode};
use crate::local_user::local_user;
use crate::store::{Store, StoreError, User, UserId};

/// An open database and the user whose journal it shows.
pub struct Journal {
    pub store: Store,
    pub user: User,
    pub data_dir: PathBuf,
}

/// The journal, or why it could not be opened. Managed as Tauri state; commands reach the store only
/// through [`JournalState::run`], which always passes the current user.
pub struct JournalState {
    journal: Result<Arc<Journal>, AppError>,
}

impl JournalState {
    /// Opens the journal in `data_dir` for the local user, and clears out last session's deletions.
    pub fn open(data_dir: &Path) -> Self {
        let journal = open_journal(data_dir).map_err(|err| {
            tracing::error!(%err, "could not open the journal");
            let AppError { code, message } = AppError::from(err);
            AppError::new(
                code,
                format!(
                    "Quire could not open your journal in {}. {message}",
                    data_dir.display()
                ),
            )
        });
        Self {
            journal: journal.map(Arc::new),
        }
    }

    pub fn journal(&self) -> Result<Arc<Journal>, AppError> {
        self.journal.clone()
    }

    /// Runs `work` on a blocking thread against the store, for the current user.
    pub async fn run<T, F>(&self, work: F) -> Result<T, AppError>
    where
        T: Send + 'static,
        F: FnOnce(&Store, &UserId) -> Result<T, StoreError> + Send + 'static,
    {
        let journal = self.journal()?;
        tauri::async_runtime::spawn_blocking(move || work(&journal.store, &journal.user.id))
            .await
            .map_err(|err| {
                tracing::error!(%err, "store task failed");
                AppError::new(
                    ErrorCode::Internal,
                    "Quire hit an internal error. Try again; your text is kept in the editor.",
                )
            })?
            .map_err(AppError::from)
    }
}

fn open_journal(data_dir: &Path) -> Result<Journal, StoreError> {
    let store = Store::open_in(data_dir)?;
    let user = local_user(&store)?;
    let purged = store.purge_deleted(&user.id)?;
    tracing::info!(purged, "journal open");
    Ok(Journal {
        store,
        user,
        data_dir: data_dir.to_path_buf(),
    })
}
