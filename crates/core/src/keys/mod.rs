//! The journal's content key and the slots that hold it wrapped.
//!
//! Each account's journal file is encrypted by SQLCipher under a random 256-bit content key, handed to
//! SQLCipher as a raw key so that opening the file runs no key derivation. The key itself is never
//! written anywhere in the clear: it is kept wrapped (XChaCha20-Poly1305) in key slots ([`KeySlots`],
//! in the account folder's `keys.json`), opened by the OS keyring, a recovery key or a passphrase.

mod error;
mod recovery;
mod slots;

pub use error::KeyError;
pub use recovery::{parse_recovery_key, RecoveryKey};
pub use slots::{KeySlots, SlotKind, KEYS_FILE};

use zeroize::Zeroizing;

/// Bytes in a content key.
pub const KEY_BYTES: usize = 32;

/// A journal's content key. Its bytes are wiped from memory when it is dropped, and it never prints.
#[derive(Clone)]
pub struct ContentKey(Zeroizing<[u8; KEY_BYTES]>);

impl ContentKey {
    /// A new random key from the operating system's generator.
    pub fn generate() -> Self {
        let mut bytes = Zeroizing::new([0u8; KEY_BYTES]);
        getrandom::getrandom(bytes.as_mut())
            .expect("the operating system's random generator failed");
        Self(bytes)
    }

    pub fn from_bytes(bytes: [u8; KEY_BYTES]) -> Self {
        Self(Zeroizing::new(bytes))
    }

    /// A key from bytes already held in wiped memory.
    pub(crate) fn from_zeroizing(bytes: Zeroizing<[u8; KEY_BYTES]>) -> Self {
        Self(bytes)
    }

    pub fn expose(&self) -> &[u8; KEY_BYTES] {
        &self.0
    }

    /// The key as SQLCipher's raw-key literal, `x'<64 hex digits>'`, for `PRAGMA key`.
    pub(crate) fn sqlcipher_literal(&self) -> Zeroizing<String> {
        const HEX: &[u8; 16] = b"0123456789abcdef";
        let mut text = Zeroizing::new(String::with_capacity(KEY_BYTES * 2 + 3));
        text.push_str("x'");
        for byte in self.0.iter() {
            text.push(HEX[usize::from(byte >> 4)] as char);
            text.push(HEX[usize::from(byte & 0xf)] as char);
        }
        text.push('\'');
        text
    }
}

impl std::fmt::Debug for ContentKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("ContentKey(..)")
    }
}
