//! Key slots: a journal's content key, wrapped with XChaCha20-Poly1305 under up to three wrapping
//! keys, and kept in `keys.json` in the account's folder.
//!
//! - **keyring**: a random 256-bit wrapping key, kept in the OS keyring (base64, under
//!   `journal key for <account id>`), so the journal opens without asking anything.
//! - **recovery**: a wrapping key from HKDF-SHA256 over a 160-bit recovery key and a random salt.
//! - **passphrase**: a wrapping key from Argon2id over the passphrase and a random salt (64 MiB, 3
//!   passes, 1 lane; the parameters are stored with the slot so later versions can raise them).
//!
//! A slot stores only its kind, salt, KDF name and parameters, nonce and ciphertext: nothing that
//! unwraps the key without the secret. The associated data binds each slot to its account and kind,
//! so a slot copied into another account's file, or relabelled, does not open.

use std::fmt;
use std::path::Path;

use argon2::{Algorithm, Argon2, Params, Version};
use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;
use chacha20poly1305::aead::{AeadInPlace, KeyInit};
use chacha20poly1305::{Key, XChaCha20Poly1305, XNonce};
use hkdf::Hkdf;
use serde::{Deserialize, Serialize};
use sha2::Sha256;
use zeroize::Zeroizing;

use super::recovery::{parse_recovery_key, RecoveryKey, RECOVERY_BYTES};
use super::{ContentKey, KeyError, KEY_BYTES};
use crate::auth::secret::Secret;
use crate::auth::vault::Vault;

/// The key slots' file in an account's folder.
pub const KEYS_FILE: &str = "keys.json";

/// The file format this code writes and reads.
const VERSION: u32 = 1;
/// The start of every slot's associated data; the account id and the kind follow.
const AAD_PREFIX: &[u8] = b"quire key slot v1\0";
/// HKDF's `info` for the recovery slot's wrapping key.
const RECOVERY_INFO: &[u8] = b"quire recovery slot v1";
const SALT_BYTES: usize = 16;
const NONCE_BYTES: usize = 24;
const TAG_BYTES: usize = 16;
/// Argon2id's cost for a new passphrase slot.
const ARGON2_MEMORY_KIB: u32 = 64 * 1024;
const ARGON2_PASSES: u32 = 3;
const ARGON2_PARALLELISM: u32 = 1;
/// The most a stored slot may ask of Argon2id, so a damaged or hostile file cannot exhaust memory.
const ARGON2_MAX_MEMORY_KIB: u32 = 4 * 1024 * 1024;
const ARGON2_MAX_PASSES: u32 = 64;
const ARGON2_MAX_PARALLELISM: u32 = 64;
/// The shortest passphrase accepted, in characters.
const MIN_PASSPHRASE_CHARS: usize = 8;

/// What unlocks a slot.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SlotKind {
    Keyring,
    Recovery,
    Passphrase,
}

impl SlotKind {
    fn name(self) -> &'static str {
        match self {
            Self::Keyring => "keyring",
            Self::Recovery => "recovery",
            Self::Passphrase => "passphrase",
        }
    }
}

/// How a slot's wrapping key is made from its secret. The keyring slot has none: its wrapping key
/// is the secret.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "name", deny_unknown_fields)]
enum Kdf {
    #[serde(rename = "hkdf-sha256")]
    HkdfSha256,
    #[serde(rename = "argon2id")]
    Argon2id {
        memory_kib: u32,
        passes: u32,
        parallelism: u32,
    },
}

/// One wrapped copy of the content key, as stored.
#[derive(Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Slot {
    kind: SlotKind,
    #[serde(default, skip_serializing_if = "Option::is_none", with = "base64_opt")]
    salt: Option<Vec<u8>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    kdf: Option<Kdf>,
    #[serde(with = "base64_bytes")]
    nonce: Vec<u8>,
    #[serde(with = "base64_bytes")]
    ciphertext: Vec<u8>,
}

/// `keys.json` as stored.
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct KeysFile {
    version: u32,
    account_id: String,
    recovery_confirmed: bool,
    slots: Vec<Slot>,
}

/// A journal's key slots: at most one of each kind, for one account.
#[derive(Clone)]
pub struct KeySlots {
    version: u32,
    account_id: String,
    slots: Vec<Slot>,
    recovery_confirmed: bool,
}

impl fmt::Debug for KeySlots {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kinds: Vec<SlotKind> = self.slots.iter().map(|slot| slot.kind).collect();
        f.debug_struct("KeySlots")
            .field("account_id", &self.account_id)
            .field("slots", &kinds)
            .field("recovery_confirmed", &self.recovery_confirmed)
            .finish()
    }
}

impl KeySlots {
    /// No slots yet, for `account_id`.
    pub fn new(account_id: &str) -> Self {
        Self {
            version: VERSION,
            account_id: account_id.to_owned(),
            slots: Vec::new(),
            recovery_confirmed: false,
        }
    }

    /// The slots in `dir`'s `keys.json`, or `None` if there is no such file.
    pub fn load(dir: &Path) -> Result<Option<Self>, KeyError> {
        let path = dir.join(KEYS_FILE);
        let bytes = match std::fs::read(&path) {
            Ok(bytes) => bytes,
            Err(err) if err.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(err) => return Err(err.into()),
        };
        Self::parse(&bytes).map(Some).map_err(|problem| {
            KeyError::Damaged(match problem {
                Unreadable::Newer(version) => format!(
                    "the journal's key file {} was written by a newer version of Quire (format \
                     {version}). Update Quire to open this journal",
                    path.display()
                ),
                Unreadable::Damaged(problem) => format!(
                    "the journal's key file {} is damaged ({problem}). Put back keys.json from a \
                     backup of this folder; without it the journal cannot be opened",
                    path.display()
                ),
            })
        })
    }

    fn parse(bytes: &[u8]) -> Result<Self, Unreadable> {
        let damaged = Unreadable::Damaged;
        let value: serde_json::Value = serde_json::from_slice(bytes)
            .map_err(|err| damaged(format!("it is not JSON: {err}")))?;
        match value.get("version").and_then(serde_json::Value::as_u64) {
            Some(v) if v == u64::from(VERSION) => {}
            Some(v) if v > u64::from(VERSION) => return Err(Unreadable::Newer(v)),
            _ => return Err(damaged("it has no known format version".into())),
        }
        let file: KeysFile =
            serde_json::from_value(value).map_err(|err| damaged(err.to_string()))?;
        for (i, slot) in file.slots.iter().enumerate() {
            if file.slots[..i].iter().any(|other| other.kind == slot.kind) {
                return Err(damaged(format!("it has two {} slots", slot.kind.name())));
            }
            check_slot(slot)
                .map_err(|problem| damaged(format!("its {} slot {problem}", slot.kind.name())))?;
        }
        Ok(Self {
            version: file.version,
            account_id: file.account_id,
            slots: file.slots,
            recovery_confirmed: file.recovery_confirmed,
        })
    }

    /// Writes `keys.json` in `dir` (made if missing), replacing the old one atomically; the file is
    /// readable by its owner only.
    pub fn save(&self, dir: &Path) -> Result<(), KeyError> {
        let file = KeysFile {
            version: self.version,
            account_id: self.account_id.clone(),
            recovery_confirmed: self.recovery_confirmed,
            slots: self.slots.clone(),
        };
        let mut bytes = serde_json::to_vec_pretty(&file).expect("key slots serialize");
        bytes.push(b'\n');
        crate::fs::ensure_private_dir(dir)?;
        crate::fs::replace_synced(&dir.join(KEYS_FILE), &bytes)?;
        Ok(())
    }

    /// The slots another device can open, as `keys.json` bytes: the recovery key's and the
    /// passphrase's. The keyring slot is never included: its secret lives in this machine's keyring
    /// and is no use elsewhere.
    pub fn portable(&self) -> Vec<u8> {
        let file = KeysFile {
            version: self.version,
            account_id: self.account_id.clone(),
            recovery_confirmed: self.recovery_confirmed,
            slots: self
                .slots
                .iter()
                .filter(|slot| slot.kind != SlotKind::Keyring)
                .cloned()
                .collect(),
        };
        serde_json::to_vec(&file).expect("key slots serialize")
    }

    /// Slots read from [`KeySlots::portable`]'s bytes, as another device published them.
    pub fn from_portable(bytes: &[u8]) -> Result<Self, KeyError> {
        Self::parse(bytes).map_err(|problem| {
            KeyError::Damaged(match problem {
                Unreadable::Newer(version) => format!(
                    "the synced key slots were written by a newer version of Quire (format \
                     {version}). Update Quire on this device"
                ),
                Unreadable::Damaged(problem) => {
                    format!("the synced key slots are damaged ({problem})")
                }
            })
        })
    }

    pub fn account_id(&self) -> &str {
        &self.account_id
    }

    pub fn has(&self, kind: SlotKind) -> bool {
        self.slot(kind).is_some()
    }

    /// Wraps `key` under a wrapping key kept in the OS keyring, replacing any keyring slot. A
    /// wrapping key already in the keyring for this account is kept, so a crash between this call
    /// and [`KeySlots::save`] cannot leave the saved slot without its keyring entry.
    pub fn add_keyring(&mut self, key: &ContentKey, vault: &Vault) -> Result<(), KeyError> {
        let name = keyring_name(&self.account_id);
        let existing = vault.load(&name)?;
        let wrapping = match existing.as_ref().and_then(|s| decode_key(s.expose())) {
            Some(wrapping) => wrapping,
            None => {
                let wrapping = random_key();
                let text = Zeroizing::new(STANDARD.encode(wrapping.as_ref()));
                vault.store(&name, &Secret::new(text.as_str()))?;
                wrapping
            }
        };
        let slot = self.wrap(SlotKind::Keyring, None, None, &wrapping, key);
        self.put(slot);
        Ok(())
    }

    /// The content key from the keyring slot, or `None` when there is no keyring slot or the
    /// keyring has no entry for it (a new machine, a reset keyring).
    pub fn open_with_keyring(&self, vault: &Vault) -> Result<Option<ContentKey>, KeyError> {
        let Some(slot) = self.slot(SlotKind::Keyring) else {
            return Ok(None);
        };
        let Some(secret) = vault.load(&keyring_name(&self.account_id))? else {
            return Ok(None);
        };
        let damaged = || {
            KeyError::Damaged(
                "the key in the system keyring does not open this journal's key file (keys.json \
                 may have been changed or restored from another copy). Unlock the journal with \
                 your passphrase or recovery key instead"
                    .into(),
            )
        };
        let wrapping = decode_key(secret.expose()).ok_or_else(damaged)?;
        self.unwrap(slot, &wrapping).map(Some).ok_or_else(damaged)
    }

    /// Removes the keyring slot and deletes its entry from the keyring.
    pub fn remove_keyring(&mut self, vault: &Vault) -> Result<(), KeyError> {
        vault.delete(&keyring_name(&self.account_id))?;
        self.slots.retain(|slot| slot.kind != SlotKind::Keyring);
        Ok(())
    }

    /// Wraps `key` under a new recovery key, replacing any recovery slot, and returns the recovery
    /// key to show. The slot counts as unconfirmed until [`KeySlots::confirm_recovery`].
    pub fn set_recovery(&mut self, key: &ContentKey) -> RecoveryKey {
        let mut secret = Zeroizing::new([0u8; RECOVERY_BYTES]);
        fill_random(secret.as_mut());
        let mut salt = vec![0u8; SALT_BYTES];
        fill_random(&mut salt);
        let wrapping = recovery_wrapping_key(&secret, &salt);
        let slot = self.wrap(
            SlotKind::Recovery,
            Some(salt),
            Some(Kdf::HkdfSha256),
            &wrapping,
            key,
        );
        self.put(slot);
        self.recovery_confirmed = false;
        RecoveryKey::from_bytes(&secret)
    }

    /// Whether the person has typed the current recovery key back since it was made.
    pub fn recovery_confirmed(&self) -> bool {
        self.recovery_confirmed
    }

    /// Marks the recovery key as confirmed if `typed` opens the recovery slot.
    /// Records that the person has the recovery key without asking for it: a device that joins a
    /// journal another one made, whose recovery key was shown and saved there.
    pub fn assume_recovery_saved(&mut self) {
        if self.has(SlotKind::Recovery) {
            self.recovery_confirmed = true;
        }
    }

    pub fn confirm_recovery(&mut self, typed: &str) -> Result<(), KeyError> {
        let opened = match parse_recovery_key(typed) {
            Some(secret) => self.open_recovery(&secret).is_some(),
            None => false,
        };
        if !opened {
            return Err(KeyError::WrongSecret);
        }
        self.recovery_confirmed = true;
        Ok(())
    }

    /// Wraps `key` under a key derived from `passphrase`, replacing any passphrase slot.
    pub fn set_passphrase(&mut self, key: &ContentKey, passphrase: &str) -> Result<(), KeyError> {
        let length = passphrase.chars().count();
        if length == 0 {
            return Err(KeyError::WeakPassphrase(
                "enter a passphrase: it needs at least 8 characters".into(),
            ));
        }
        if length < MIN_PASSPHRASE_CHARS {
            return Err(KeyError::WeakPassphrase(format!(
                "that passphrase is too short ({length} characters). Use at least \
                 {MIN_PASSPHRASE_CHARS}; a few unrelated words are easy to remember and hard to guess"
            )));
        }
        let mut salt = vec![0u8; SALT_BYTES];
        fill_random(&mut salt);
        let kdf = Kdf::Argon2id {
            memory_kib: ARGON2_MEMORY_KIB,
            passes: ARGON2_PASSES,
            parallelism: ARGON2_PARALLELISM,
        };
        let wrapping = passphrase_wrapping_key(passphrase, &salt, kdf)
            .expect("the built-in Argon2id parameters are valid");
        let slot = self.wrap(SlotKind::Passphrase, Some(salt), Some(kdf), &wrapping, key);
        self.put(slot);
        Ok(())
    }

    pub fn remove_passphrase(&mut self) {
        self.slots.retain(|slot| slot.kind != SlotKind::Passphrase);
    }

    /// The content key from the passphrase or the recovery key. Input that reads as a recovery key
    /// tries the recovery slot first; then anything tries the passphrase slot.
    pub fn unlock(&self, secret: &str) -> Result<ContentKey, KeyError> {
        if let Some(recovery) = parse_recovery_key(secret) {
            if let Some(key) = self.open_recovery(&recovery) {
                return Ok(key);
            }
        }
        if let Some(key) = self.open_passphrase(secret)? {
            return Ok(key);
        }
        Err(KeyError::WrongSecret)
    }

    fn open_recovery(&self, secret: &[u8; RECOVERY_BYTES]) -> Option<ContentKey> {
        let slot = self.slot(SlotKind::Recovery)?;
        let wrapping = recovery_wrapping_key(secret, slot.salt.as_deref()?);
        self.unwrap(slot, &wrapping)
    }

    fn open_passphrase(&self, passphrase: &str) -> Result<Option<ContentKey>, KeyError> {
        let Some(slot) = self.slot(SlotKind::Passphrase) else {
            return Ok(None);
        };
        let (Some(salt), Some(kdf)) = (slot.salt.as_deref(), slot.kdf) else {
            return Ok(None);
        };
        if passphrase.is_empty() {
            return Ok(None);
        }
        let wrapping = passphrase_wrapping_key(passphrase, salt, kdf).map_err(|err| {
            KeyError::Damaged(format!(
                "the journal's key file has a passphrase slot Quire cannot use ({err}). Unlock \
                 with your recovery key instead"
            ))
        })?;
        Ok(self.unwrap(slot, &wrapping))
    }

    fn slot(&self, kind: SlotKind) -> Option<&Slot> {
        self.slots.iter().find(|slot| slot.kind == kind)
    }

    /// Adds `slot`, replacing one of the same kind.
    fn put(&mut self, slot: Slot) {
        self.slots.retain(|other| other.kind != slot.kind);
        self.slots.push(slot);
    }

    fn wrap(
        &self,
        kind: SlotKind,
        salt: Option<Vec<u8>>,
        kdf: Option<Kdf>,
        wrapping: &[u8; KEY_BYTES],
        key: &ContentKey,
    ) -> Slot {
        let mut nonce = vec![0u8; NONCE_BYTES];
        fill_random(&mut nonce);
        let mut buffer = Zeroizing::new(Vec::with_capacity(KEY_BYTES + TAG_BYTES));
        buffer.extend_from_slice(key.expose());
        XChaCha20Poly1305::new(Key::from_slice(wrapping))
            .encrypt_in_place(
                XNonce::from_slice(&nonce),
                &aad(&self.account_id, kind),
                &mut *buffer,
            )
            .expect("XChaCha20-Poly1305 encrypts a 32-byte key");
        Slot {
            kind,
            salt,
            kdf,
            nonce,
            ciphertext: buffer.to_vec(),
        }
    }

    /// The content key in `slot`, or `None` if `wrapping` does not open it.
    fn unwrap(&self, slot: &Slot, wrapping: &[u8; KEY_BYTES]) -> Option<ContentKey> {
        if slot.nonce.len() != NONCE_BYTES {
            return None;
        }
        let mut buffer = Zeroizing::new(slot.ciphertext.clone());
        XChaCha20Poly1305::new(Key::from_slice(wrapping))
            .decrypt_in_place(
                XNonce::from_slice(&slot.nonce),
                &aad(&self.account_id, slot.kind),
                &mut *buffer,
            )
            .ok()?;
        let mut bytes = Zeroizing::new([0u8; KEY_BYTES]);
        if buffer.len() != KEY_BYTES {
            return None;
        }
        bytes.copy_from_slice(&buffer);
        Some(ContentKey::from_zeroizing(bytes))
    }
}

/// Why `keys.json` cannot be read.
enum Unreadable {
    /// A later format, from a newer Quire.
    Newer(u64),
    Damaged(String),
}

/// What is wrong with a stored slot's shape, if anything.
fn check_slot(slot: &Slot) -> Result<(), String> {
    if slot.nonce.len() != NONCE_BYTES {
        return Err(format!("has a {}-byte nonce", slot.nonce.len()));
    }
    if slot.ciphertext.len() != KEY_BYTES + TAG_BYTES {
        return Err(format!("has a {}-byte ciphertext", slot.ciphertext.len()));
    }
    let salt_ok = slot
        .salt
        .as_ref()
        .is_some_and(|salt| salt.len() == SALT_BYTES);
    match (slot.kind, slot.kdf) {
        (SlotKind::Keyring, None) if slot.salt.is_none() => Ok(()),
        (SlotKind::Recovery, Some(Kdf::HkdfSha256)) if salt_ok => Ok(()),
        (SlotKind::Passphrase, Some(Kdf::Argon2id { .. })) if salt_ok => Ok(()),
        _ => Err("has the wrong salt or key derivation for its kind".into()),
    }
}

/// The keyring entry that holds an account's keyring-slot wrapping key.
fn keyring_name(account_id: &str) -> String {
    format!("journal key for {account_id}")
}

/// Binds a slot to its account and kind.
fn aad(account_id: &str, kind: SlotKind) -> Vec<u8> {
    let mut aad = AAD_PREFIX.to_vec();
    aad.extend_from_slice(account_id.as_bytes());
    aad.push(0);
    aad.extend_from_slice(kind.name().as_bytes());
    aad
}

fn recovery_wrapping_key(secret: &[u8; RECOVERY_BYTES], salt: &[u8]) -> Zeroizing<[u8; KEY_BYTES]> {
    let mut wrapping = Zeroizing::new([0u8; KEY_BYTES]);
    Hkdf::<Sha256>::new(Some(salt), secret)
        .expand(RECOVERY_INFO, wrapping.as_mut())
        .expect("HKDF-SHA256 gives 32 bytes");
    wrapping
}

fn passphrase_wrapping_key(
    passphrase: &str,
    salt: &[u8],
    kdf: Kdf,
) -> Result<Zeroizing<[u8; KEY_BYTES]>, String> {
    let Kdf::Argon2id {
        memory_kib,
        passes,
        parallelism,
    } = kdf
    else {
        return Err("it is not an Argon2id slot".into());
    };
    if memory_kib > ARGON2_MAX_MEMORY_KIB
        || passes > ARGON2_MAX_PASSES
        || parallelism > ARGON2_MAX_PARALLELISM
    {
        return Err(format!(
            "Argon2id asks for {memory_kib} KiB, {passes} passes, {parallelism} lanes: more than \
             Quire allows"
        ));
    }
    let params = Params::new(memory_kib, passes, parallelism, Some(KEY_BYTES))
        .map_err(|err| format!("Argon2id parameters: {err}"))?;
    let mut wrapping = Zeroizing::new([0u8; KEY_BYTES]);
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
        .hash_password_into(passphrase.as_bytes(), salt, wrapping.as_mut())
        .map_err(|err| format!("Argon2id: {err}"))?;
    Ok(wrapping)
}

/// A keyring entry's text as a wrapping key, if it is one.
fn decode_key(text: &str) -> Option<Zeroizing<[u8; KEY_BYTES]>> {
    let decoded = Zeroizing::new(STANDARD.decode(text.trim()).ok()?);
    if decoded.len() != KEY_BYTES {
        return None;
    }
    let mut key = Zeroizing::new([0u8; KEY_BYTES]);
    key.copy_from_slice(&decoded);
    Some(key)
}

fn random_key() -> Zeroizing<[u8; KEY_BYTES]> {
    let mut key = Zeroizing::new([0u8; KEY_BYTES]);
    fill_random(key.as_mut());
    key
}

fn fill_random(bytes: &mut [u8]) {
    getrandom::getrandom(bytes).expect("the operating system's random generator failed");
}

mod base64_bytes {
    use base64::engine::general_purpose::STANDARD;
    use base64::Engine as _;
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(bytes: &[u8], serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&STANDARD.encode(bytes))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Vec<u8>, D::Error> {
        let text = String::deserialize(deserializer)?;
        STANDARD.decode(text).map_err(serde::de::Error::custom)
    }
}

mod base64_opt {
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(
        bytes: &Option<Vec<u8>>,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        match bytes {
            Some(bytes) => super::base64_bytes::serialize(bytes, serializer),
            None => serializer.serialize_none(),
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Option<Vec<u8>>, D::Error> {
        #[derive(Deserialize)]
        struct Wrapped(#[serde(with = "super::base64_bytes")] Vec<u8>);
        Ok(Option::<Wrapped>::deserialize(deserializer)?.map(|Wrapped(bytes)| bytes))
    }
}
