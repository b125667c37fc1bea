//! Recovery keys: 160 random bits, shown as 32 Crockford base32 characters in groups of four
//! (`7QF2-M0ZK-...`), and read back forgivingly.
//!
//! The key is high-entropy, so the recovery slot derives its wrapping key with HKDF-SHA256 rather than
//! a slow password hash. There is no checksum: a mistyped key simply fails to unwrap the slot.

use std::fmt;

use zeroize::Zeroizing;

/// Random bytes in a recovery key.
pub const RECOVERY_BYTES: usize = 20;
/// Base32 characters in a recovery key (160 bits, 5 bits a character).
const CHARS: usize = RECOVERY_BYTES * 8 / 5;
/// Characters in each dash-separated group.
const GROUP: usize = 4;
/// Crockford's base32 alphabet: digits and letters without I, L, O and U.
const ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/// A recovery key as the person sees it: `XXXX-XXXX-...`, eight groups of four. Wiped from memory when
/// dropped; its `Debug` output is redacted. Show it with `Display` or [`RecoveryKey::as_str`].
pub struct RecoveryKey(Zeroizing<String>);

impl RecoveryKey {
    /// The key's grouped text from its bytes.
    pub(crate) fn from_bytes(bytes: &[u8; RECOVERY_BYTES]) -> Self {
        let mut text = Zeroizing::new(String::with_capacity(CHARS + CHARS / GROUP - 1));
        let mut buffer: u16 = 0;
        let mut bits = 0;
        let mut written = 0;
        for &byte in bytes {
            buffer = (buffer << 8) | u16::from(byte);
            bits += 8;
            while bits >= 5 {
                bits -= 5;
                if written > 0 && written % GROUP == 0 {
                    text.push('-');
                }
                text.push(char::from(ALPHABET[usize::from((buffer >> bits) & 0x1f)]));
                written += 1;
            }
            buffer &= (1 << bits) - 1;
        }
        debug_assert_eq!(written, CHARS);
        Self(text)
    }

    /// The grouped text, for showing to the person or copying.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for RecoveryKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl fmt::Debug for RecoveryKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("RecoveryKey(<redacted>)")
    }
}

/// The bytes of a recovery key typed by a person, or `None` if `text` is not one. Case does not
/// matter, spaces and dashes are ignored, and O reads as 0, I and L as 1. Anything else outside
/// Crockford's alphabet, or a length other than 32 characters, is not a recovery key.
pub fn parse_recovery_key(text: &str) -> Option<Zeroizing<[u8; RECOVERY_BYTES]>> {
    let mut bytes = Zeroizing::new([0u8; RECOVERY_BYTES]);
    let mut buffer: u16 = 0;
    let mut bits = 0;
    let mut read = 0;
    let mut out = 0;
    for c in text.chars() {
        if c == '-' || c.is_whitespace() {
            continue;
        }
        let value = digit(c)?;
        read += 1;
        if read > CHARS {
            return None;
        }
        buffer = (buffer << 5) | u16::from(value);
        bits += 5;
        if bits >= 8 {
            bits -= 8;
            bytes[out] = (buffer >> bits) as u8;
            out += 1;
            buffer &= (1 << bits) - 1;
        }
    }
    (read == CHARS).then_some(bytes)
}

/// The value of one base32 character, with Crockford's substitutions.
fn digit(c: char) -> Option<u8> {
    let c = match c.to_ascii_uppercase() {
        'O' => '0',
        'I' | 'L' => '1',
        other => other,
    };
    let c = u8::try_from(c).ok()?;
    ALPHABET
        .iter()
        .position(|&a| a == c)
        .and_then(|i| u8::try_from(i).ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_round_trips_and_is_grouped() {
        let bytes: [u8; RECOVERY_BYTES] =
            std::array::from_fn(|i| (i as u8).wrapping_mul(37) ^ 0xa5);
        let key = RecoveryKey::from_bytes(&bytes);
        let text = key.as_str();
        assert_eq!(text.len(), 39);
        assert_eq!(text.split('-').count(), 8);
        assert!(text.split('-').all(|g| g.len() == 4));
        assert_eq!(*parse_recovery_key(text).unwrap(), bytes);
        assert_eq!(format!("{key:?}"), "RecoveryKey(<redacted>)");
    }

    #[test]
    fn known_values() {
        assert_eq!(
            RecoveryKey::from_bytes(&[0; RECOVERY_BYTES]).as_str(),
            "0000-0000-0000-0000-0000-0000-0000-0000"
        );
        assert_eq!(
            RecoveryKey::from_bytes(&[0xff; RECOVERY_BYTES]).as_str(),
            "ZZZZ-ZZZZ-ZZZZ-ZZZZ-ZZZZ-ZZZZ-ZZZZ-ZZZZ"
        );
        let mut one = [0u8; RECOVERY_BYTES];
        one[RECOVERY_BYTES - 1] = 1;
        assert_eq!(
            RecoveryKey::from_bytes(&one).as_str(),
            "0000-0000-0000-0000-0000-0000-0000-0001"
        );
    }

    #[test]
    fn rejects_wrong_lengths_and_letters() {
        assert!(parse_recovery_key("").is_none());
        assert!(parse_recovery_key(&"0".repeat(31)).is_none());
        assert!(parse_recovery_key(&"0".repeat(33)).is_none());
        assert!(parse_recovery_key(&format!("U{}", "0".repeat(31))).is_none());
        assert!(parse_recovery_key(&format!("é{}", "0".repeat(31))).is_none());
        assert!(parse_recovery_key(&"0".repeat(32)).is_some());
    }
}
