//! Encrypted copies of a plain journal: the SQL half of converting a journal written before
//! encryption (`accounts::convert` decides what to copy where, and when the plain file goes).
//!
//! The copy is made by SQLCipher's `sqlcipher_export` into a new file attached under the account's
//! key, which carries every table, index, trigger and the full-text index. A plain journal may hold
//! several people's entries; each copy keeps one person's, its full-text index is merged (so no old
//! segment keeps anyone else's words) and the file rebuilt (`VACUUM`) so that no free page does. The copy is then checked and its entries counted
//! against the source before anyone relies on it.

use std::path::Path;

use rusqlite::{Connection, OpenFlags, OptionalExtension};

use super::{apply_key, StoreError, UserId};
use crate::keys::ContentKey;

/// A person whose entries a plain journal holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlainAccount {
    pub user: UserId,
    pub issuer: String,
    pub subject: String,
    /// Whether they were the one signed in.
    pub signed_in: bool,
}

/// The people in the plain journal at `path`, in the order they first used it.
pub fn plain_accounts(path: &Path) -> Result<Vec<PlainAccount>, StoreError> {
    let conn = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY)?;
    let signed_in: Option<String> = conn
        .query_row("SELECT user_id FROM signed_in", [], |row| row.get(0))
        .optional()?;
    let mut statement =
        conn.prepare("SELECT id, issuer, subject FROM users ORDER BY first_seen_at, id")?;
    let accounts = statement
        .query_map([], |row| {
            let id: String = row.get(0)?;
            Ok(PlainAccount {
                signed_in: signed_in.as_deref() == Some(id.as_str()),
                user: UserId(id),
                issuer: row.get(1)?,
                subject: row.get(2)?,
            })
        })?
        .collect::<Result<Vec<_>, _>>()?;
    Ok(accounts)
}

/// Writes to `to` an encrypted copy, under `key`, of `user`'s part of the plain journal `from`, then
/// checks it and makes it durable. Answers how many entries the copy holds, which is how many the
/// source holds for them. `to` must not exist.
pub fn encrypted_copy(
    from: &Path,
    to: &Path,
    key: &ContentKey,
    user: &UserId,
) -> Result<u64, StoreError> {
    let to_text = to
        .to_str()
        .ok_or_else(|| StoreError::Unsupported("the data folder's path is not UTF-8".to_owned()))?;
    // Read-write, although nothing in `from` changes: a database attached to a read-only
    // connection is read-only too, and the copy is written through the attachment.
    let source = Connection::open_with_flags(from, OpenFlags::SQLITE_OPEN_READ_WRITE)?;
    let (version, expected, others): (i64, i64, i64) = source.query_row(
        "SELECT (SELECT user_version FROM pragma_user_version),
                (SELECT count(*) FROM entries WHERE user_id = ?1),
                (SELECT count(*) FROM users WHERE id != ?1)",
        [user.as_str()],
        |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)),
    )?;
    crate::fs::create_private(to)?;
    source.execute(
        "ATTACH DATABASE ?1 AS encrypted KEY ?2",
        [to_text, key.sqlcipher_literal().as_str()],
    )?;
    source.query_row("SELECT sqlcipher_export('encrypted')", [], |_| Ok(()))?;
    source.pragma_update(Some("encrypted"), "user_version", version)?;
    source.execute("DETACH DATABASE encrypted", [])?;
    drop(source);

    let copy = Connection::open_with_flags(to, OpenFlags::SQLITE_OPEN_READ_WRITE)?;
    apply_key(&copy, key)?;
    copy.execute_batch("PRAGMA foreign_keys = ON; PRAGMA secure_delete = ON;")?;
    if others > 0 {
        copy.execute("DELETE FROM users WHERE id != ?1", [user.as_str()])?;
        // Deleting rows only adds delete markers to the full-text index: its old segments still
        // hold the other people's words until they are merged away.
        copy.execute(
            "INSERT INTO entries_fts (entries_fts) VALUES ('optimize')",
            [],
        )?;
        copy.execute_batch("VACUUM")?;
    }
    let problems: String = copy.query_row("PRAGMA quick_check(1)", [], |row| row.get(0))?;
    let copied: i64 = copy.query_row(
        "SELECT count(*) FROM entries WHERE user_id = ?1",
        [user.as_str()],
        |row| row.get(0),
    )?;
    drop(copy);
    if problems != "ok" || copied != expected {
        return Err(StoreError::Unsupported(format!(
            "the encrypted copy did not match the journal ({problems}; {copied} of {expected} \
             entries)"
        )));
    }
    crate::fs::private_and_synced(to)?;
    Ok(u64::try_from(copied).unwrap_or(0))
}
