//! The journal the command line works on: the signed-in account's, opened with the app's settings
//! and keyring, or with the passphrase or recovery key typed on the terminal.

use std::io::{BufRead, IsTerminal, Write};
use std::path::PathBuf;

use quire_core::accounts::{self, Accounts};
use quire_core::auth::vault::Vault;
use quire_core::config::Settings;
use quire_core::store::{Store, UserId, DATABASE_FILE};

use super::{Exit, APP_IDENTIFIER};

/// The signed-in person's journal, open.
pub(super) struct Journal {
    pub(super) data_dir: PathBuf,
    pub(super) store: Store,
    pub(super) user: UserId,
}

impl Journal {
    pub(super) fn open() -> Result<Self, (Exit, String)> {
        let settings = Settings::for_app(APP_IDENTIFIER);
        let data_dir = settings.data_dir.clone();
        let no_journal = |message: String| (Exit::NoJournal, message);
        let list = Accounts::load(&data_dir).map_err(|err| no_journal(format!("{err}.")))?;
        let account = list.signed_in().cloned().ok_or_else(|| {
            no_journal(format!(
                "no one is signed in to Quire in {}. Open Quire and sign in first.",
                data_dir.display()
            ))
        })?;
        if !accounts::folder(&data_dir, &account.id)
            .join(DATABASE_FILE)
            .exists()
        {
            return Err(no_journal(
                "this account has no journal on this computer yet. Open Quire once first.".into(),
            ));
        }
        let vault = Vault::system(&settings.keyring_service);
        let store = match accounts::open_with_keyring(&data_dir, &account, &vault) {
            Ok(Some(store)) => store,
            Ok(None) | Err(accounts::AccountsError::Keyring(_)) => {
                let secret = ask_secret()?;
                accounts::unlock(&data_dir, &account, &secret, &vault)
                    .map(|(store, _key)| store)
                    .map_err(|err| no_journal(format!("the journal did not open: {err}.")))?
            }
            Err(err) => return Err(no_journal(format!("the journal did not open: {err}."))),
        };
        let user = store
            .signed_in_user()
            .map_err(|err| no_journal(err.to_string()))?
            .ok_or_else(|| {
                no_journal(
                    "no one is signed in to this journal. Open Quire and sign in first.".into(),
                )
            })?;
        Ok(Self {
            data_dir,
            store,
            user: user.id,
        })
    }

    /// The id of the journal named `name` (in any case).
    pub(super) fn find_journal(&self, name: &str) -> Result<Option<String>, (Exit, String)> {
        let journals = self
            .store
            .list_journals(&self.user)
            .map_err(|err| (Exit::Failed, err.to_string()))?;
        Ok(journals
            .into_iter()
            .find(|journal| journal.name.to_lowercase() == name.trim().to_lowercase())
            .map(|journal| journal.id))
    }

    pub(super) fn journal_names(&self) -> String {
        match self.store.list_journals(&self.user) {
            Ok(journals) => {
                let names: Vec<String> =
                    journals.iter().map(|j| format!("\"{}\"", j.name)).collect();
                format!("the journals are {}", names.join(", "))
            }
            Err(_) => "open Quire to see the journals".into(),
        }
    }
}

/// The passphrase or the recovery key, read from the terminal without showing it (or from stdin).
fn ask_secret() -> Result<String, (Exit, String)> {
    let stdin = std::io::stdin();
    let terminal = stdin.is_terminal();
    eprint!("The journal is locked. Type its passphrase or recovery key: ");
    let _ = std::io::stderr().flush();
    let hide = terminal
        && std::process::Command::new("stty")
            .arg("-echo")
            .stdin(std::process::Stdio::inherit())
            .status()
            .is_ok_and(|status| status.success());
    let mut line = String::new();
    let read = stdin.lock().read_line(&mut line);
    if hide {
        let _ = std::process::Command::new("stty")
            .arg("echo")
            .stdin(std::process::Stdio::inherit())
            .status();
        eprintln!();
    }
    match read {
        Ok(n) if n > 0 && !line.trim().is_empty() => {
            Ok(line.trim_end_matches(['\r', '\n']).to_owned())
        }
        _ => Err((
            Exit::NoJournal,
            "the journal is locked, and no passphrase or recovery key was typed.".into(),
        )),
    }
}
