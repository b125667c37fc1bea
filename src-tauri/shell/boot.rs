//! The journal window's first screen, handed over with the window itself.
//!
//! Left to itself, the journal window's script would ask for the journal's owner and the first page of
//! entries once it runs, render a splash, and render the journal a round trip later. At launch the
//! shell already holds the open store and the signed-in person, and the first page takes well under
//! a millisecond to read, so it serialises both into a main-frame initialization script that sets
//! `window.__QUIRE_BOOT__` before the page's own script runs: the page's first render is the
//! journal. The data is exactly what the `journal_owner` and `list_entries` commands answer.
//!
//! The page takes the snapshot only on the window's first load (`ui/src/app/boot.ts`); a reload would
//! run the same script again with what is by then old data, so a reloaded page asks the commands.
//! When anything fails here the window simply opens without a snapshot and asks in the usual way,
//! which reports the failure in the window.

use serde::Serialize;

use super::commands::JournalOwner;
use super::state::JournalState;
use quire_core::store::EntryPage;

/// Entries per page of the journal window's list; the snapshot holds the first page. The UI reads
/// the same number from the generated bindings.
pub const PAGE_SIZE: u32 = 100;

/// What the journal window's first render needs.
#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct Boot {
    pub owner: JournalOwner,
    pub first_page: EntryPage,
}

/// The initialization script for a journal window, or `None` when nobody is signed in or the
/// first page could not be read.
pub fn script(journal: &JournalState) -> Option<String> {
    let started = std::time::Instant::now();
    let owner = JournalOwner::of(journal).ok()?;
    let store = journal.store().ok()?;
    let user = journal.user().ok()?;
    let first_page = match store.list_entries(
        &user.id,
        &quire_core::store::EntryFilter::default(),
        0,
        PAGE_SIZE,
    ) {
        Ok(page) => page,
        Err(err) => {
            tracing::warn!(%err, "could not read the first page for the journal window; it will ask");
            return None;
        }
    };
    let json = match serde_json::to_string(&Boot { owner, first_page }) {
        Ok(json) => json,
        Err(err) => {
            tracing::warn!(%err, "could not serialise the journal window's first page");
            return None;
        }
    };
    tracing::debug!(
        bytes = json.len(),
        elapsed_us = started.elapsed().as_micros() as u64,
        "first page ready for the journal window"
    );
    // JSON is a JavaScript expression (since ES2019 even with U+2028 and U+2029 in strings), and an
    // initialization script is plain script, not HTML: nothing in the text can end it early.
    Some(format!("window.__QUIRE_BOOT__ = {json};"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use quire_core::accounts::Account;
    use quire_core::auth::vault::Vault;
    use quire_core::store::NewUser;

    fn boot_of(script: &str) -> serde_json::Value {
        let json = script
            .strip_prefix("window.__QUIRE_BOOT__ = ")
            .and_then(|rest| rest.strip_suffix(';'))
            .expect("the script assigns one JSON value");
        serde_json::from_str(json).expect("the value is JSON")
    }

    #[test]
    fn holds_the_owner_and_first_page_the_commands_would_answer() {
        let dir = tempfile::tempdir().unwrap();
        let journal = JournalState::new(dir.path());
        assert!(script(&journal).is_none(), "nobody signed in: no snapshot");
        let vault = Vault::with_store(keyring_core::mock::Store::new().unwrap(), "quire-boot");
        let account = Account {
            id: "a1".into(),
            issuer: "http://127.0.0.1:1".into(),
            subject: "s1".into(),
            auto_lock_minutes: None,
        };
        journal.open_account(account, &vault).unwrap();

        let store = journal.store().unwrap();
        let user = store
            .sign_in(&NewUser {
                issuer: "http://127.0.0.1:1".into(),
                subject: "s1".into(),
                email: Some("demo@example.test".into()),
                display_name: None,
                given_name: None,
                family_name: None,
                picture: None,
            })
            .unwrap();
        for i in 0..(PAGE_SIZE + 5) {
            let entry = store.create_entry(&user.id, None, None).unwrap();
            // A line separator and a quote: JSON that must still be one JavaScript string.
            let text = format!("Entry {i} \u{2028} \"quoted\" </script>");
            store.save_entry(&user.id, &entry.id, &text).unwrap();
        }
        journal.set_user(Some(user.clone()));

        let boot = boot_of(&script(&journal).expect("a snapshot for a signed-in person"));
        assert_eq!(boot["owner"]["user"]["email"], "demo@example.test");
        assert_eq!(boot["owner"]["dataDir"], dir.path().display().to_string());
        let page = store
            .list_entries(
                &user.id,
                &quire_core::store::EntryFilter::default(),
                0,
                PAGE_SIZE,
            )
            .unwrap();
        assert_eq!(boot["firstPage"], serde_json::to_value(&page).unwrap());
        assert_eq!(boot["firstPage"]["total"], PAGE_SIZE + 5);
        assert_eq!(
            boot["firstPage"]["items"].as_array().unwrap().len(),
            PAGE_SIZE as usize
        );
    }
}
