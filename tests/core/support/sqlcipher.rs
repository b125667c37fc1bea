//! A journal file as SQLCipher holds it, decrypted page by page outside SQLCipher, so that a test can
//! look for text in everything the file holds: live rows, the full-text index's segments, and the
//! free space inside and between pages that no query shows.
//!
//! SQLCipher 4's layout with Quire's settings (its defaults, and a raw key): 4,096-byte pages; the
//! file's first 16 bytes are the salt; at the end of every page, 80 reserved bytes hold the page's
//! IV (16) and HMAC-SHA512 (64); the rest of the page (after the salt, on page 1) is AES-256-CBC
//! under the raw key itself. The HMACs are not checked: a test that decrypts under the right key
//! also checks that it finds the text it knows is there, which no wrong decryption would give.

use std::path::Path;

use aes::cipher::{BlockCipherDecrypt, KeyInit};
use quire_core::keys::ContentKey;

pub const PAGE: usize = 4096;
const SALT: usize = 16;
const IV: usize = 16;
const RESERVED: usize = IV + 64;
const BLOCK: usize = 16;

/// Every page of the SQLCipher file at `path`, decrypted under `key` and laid end to end: page 1
/// without its salt, every page without its reserved bytes.
pub fn decrypted(path: &Path, key: &ContentKey) -> Vec<u8> {
    let file = std::fs::read(path).unwrap_or_else(|err| panic!("read {}: {err}", path.display()));
    assert_eq!(
        file.len() % PAGE,
        0,
        "{} is not whole {PAGE}-byte pages",
        path.display()
    );
    let cipher = aes::Aes256::new_from_slice(key.expose()).expect("a 256-bit key");
    let mut plain = Vec::with_capacity(file.len());
    for (index, page) in file.chunks_exact(PAGE).enumerate() {
        let start = if index == 0 { SALT } else { 0 };
        let iv: [u8; IV] = page[PAGE - RESERVED..PAGE - RESERVED + IV]
            .try_into()
            .unwrap();
        plain.extend(cbc_decrypt(&cipher, iv, &page[start..PAGE - RESERVED]));
    }
    plain
}

fn cbc_decrypt(cipher: &aes::Aes256, iv: [u8; IV], data: &[u8]) -> Vec<u8> {
    let mut previous = iv;
    let mut out = Vec::with_capacity(data.len());
    for chunk in data.chunks_exact(BLOCK) {
        let sealed: [u8; BLOCK] = chunk.try_into().unwrap();
        let mut block = aes::Block::from(sealed);
        cipher.decrypt_block(&mut block);
        out.extend(block.iter().zip(previous).map(|(b, p)| b ^ p));
        previous = sealed;
    }
    out
}

/// Whether `needle` occurs anywhere in `haystack`.
pub fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    !needle.is_empty() && haystack.windows(needle.len()).any(|w| w == needle)
}
