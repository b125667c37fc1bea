//! What can go wrong with a journal's key slots, in words a person can act on. No message carries a
//! secret: a passphrase, a recovery key or a key's bytes never reach an error.

use crate::auth::vault::VaultError;

#[derive(Debug, thiserror::Error)]
pub enum KeyError {
    /// Nothing the person typed opens a slot. Also what a tampered recovery or passphrase slot gives:
    /// the two cannot be told apart.
    #[error(
        "that passphrase or recovery key does not open this journal. Check it and try again: a \
         recovery key is the 32 letters and digits Quire showed you when you set it up"
    )]
    WrongSecret,
    /// A new passphrase Quire will not use; the text says why and what to choose instead.
    #[error("{0}")]
    WeakPassphrase(String),
    /// `keys.json` cannot be read as key slots, or the keyring's key does not open its slot. The text
    /// says what is wrong and what to do.
    #[error("{0}")]
    Damaged(String),
    #[error(transparent)]
    Keyring(#[from] VaultError),
    #[error(
        "could not read or write the journal's key file ({0}). Check that Quire's data folder is \
         there and that you can write to it, then try again"
    )]
    Io(#[from] std::io::Error),
}
