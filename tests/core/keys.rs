//! The journal's key slots (`quire_core::keys`): each slot gives back the content key it wraps, and
//! only to the right secret, for the right account; `keys.json` holds nothing that unwraps the key
//! without a secret, and is replaced atomically and privately. The keyring is keyring-core's
//! in-memory mock. Passphrase slots use the real Argon2id cost, so only one test derives from a
//! passphrase: four times, about three seconds each in a debug build.

use std::path::Path;
use std::sync::Arc;

use argon2::{Algorithm, Argon2, Params, Version};
use base64::engine::general_purpose::{STANDARD, STANDARD_NO_PAD, URL_SAFE, URL_SAFE_NO_PAD};
use base64::Engine as _;
use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{Key, XChaCha20Poly1305, XNonce};
use hkdf::Hkdf;
use keyring_core::mock;
use quire_core::auth::secret::Secret;
use quire_core::auth::vault::Vault;
use quire_core::keys::{parse_recovery_key, ContentKey, KeyError, KeySlots, SlotKind, KEYS_FILE};
use serde_json::Value;
use sha2::Sha256;

const ACCOUNT: &str = "0192f1c8-7d3e-7a10-9c4b-5e6f7a8b9c0d";
const OTHER_ACCOUNT: &str = "0192f1c8-7d3e-7a10-9c4b-000000000000";
const PASSPHRASE: &str = "correct horse battery staple";
const CROCKFORD: &str = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/// Asserts that a value matches a pattern, and shows the value if not.
macro_rules! assert_is {
    ($value:expr, $pattern:pat $(if $guard:expr)?) => {{
        let value = $value;
        assert!(matches!(value, $pattern $(if $guard)?), "{value:?}");
    }};
}

fn vault() -> Vault {
    let store: Arc<mock::Store> = mock::Store::new().expect("mock keyring");
    Vault::with_store(store, "quire-keys-test")
}

fn keyring_name(account: &str) -> String {
    format!("journal key for {account}")
}

fn same_key(a: &ContentKey, b: &ContentKey) -> bool {
    a.expose() == b.expose()
}

fn read_json(dir: &Path) -> Value {
    serde_json::from_slice(&std::fs::read(dir.join(KEYS_FILE)).unwrap()).unwrap()
}

fn write_json(dir: &Path, value: &Value) {
    std::fs::write(dir.join(KEYS_FILE), serde_json::to_vec(value).unwrap()).unwrap();
}

/// The stored slot of `kind` in a parsed `keys.json`.
fn slot_mut<'a>(file: &'a mut Value, kind: &str) -> &'a mut Value {
    file["slots"]
        .as_array_mut()
        .unwrap()
        .iter_mut()
        .find(|slot| slot["kind"] == kind)
        .unwrap_or_else(|| panic!("no {kind} slot"))
}

fn field_bytes(slot: &Value, field: &str) -> Vec<u8> {
    STANDARD.decode(slot[field].as_str().unwrap()).unwrap()
}

/// Flips one bit of a slot's base64 field.
fn flip_bit(slot: &mut Value, field: &str) {
    let mut bytes = field_bytes(slot, field);
    bytes[0] ^= 0x01;
    slot[field] = Value::String(STANDARD.encode(bytes));
}

#[test]
fn keyring_slot_round_trips_through_the_file() {
    let (dir, vault, key) = (
        tempfile::tempdir().unwrap(),
        vault(),
        ContentKey::generate(),
    );
    let mut slots = KeySlots::new(ACCOUNT);
    assert!(!slots.has(SlotKind::Keyring));
    slots.add_keyring(&key, &vault).unwrap();
    assert!(slots.has(SlotKind::Keyring));
    slots.save(dir.path()).unwrap();

    let loaded = KeySlots::load(dir.path()).unwrap().unwrap();
    assert_eq!(loaded.account_id(), ACCOUNT);
    assert!(loaded.has(SlotKind::Keyring));
    assert!(!loaded.has(SlotKind::Recovery) && !loaded.has(SlotKind::Passphrase));
    let opened = loaded.open_with_keyring(&vault).unwrap().unwrap();
    assert!(same_key(&opened, &key));

    // Replacing the slot (say, for a new content key) keeps the keyring's wrapping key, so the
    // file saved before still opens with it.
    let entry = vault.load(&keyring_name(ACCOUNT)).unwrap().unwrap();
    let new_key = ContentKey::generate();
    let mut replaced = loaded.clone();
    replaced.add_keyring(&new_key, &vault).unwrap();
    assert_eq!(vault.load(&keyring_name(ACCOUNT)).unwrap().unwrap(), entry);
    let opened = replaced.open_with_keyring(&vault).unwrap().unwrap();
    assert!(same_key(&opened, &new_key));
    let old = loaded.open_with_keyring(&vault).unwrap().unwrap();
    assert!(same_key(&old, &key));
}

#[test]
fn keyring_slot_is_none_without_its_keyring_entry() {
    let (vault, key) = (vault(), ContentKey::generate());
    let mut slots = KeySlots::new(ACCOUNT);
    assert!(
        slots.open_with_keyring(&vault).unwrap().is_none(),
        "no slot"
    );
    slots.add_keyring(&key, &vault).unwrap();
    assert!(slots.open_with_keyring(&vault).unwrap().is_some());

    // A new machine: an empty keyring.
    assert!(slots.open_with_keyring(&self::vault()).unwrap().is_none());
    // A reset keyring: the entry is gone.
    vault.delete(&keyring_name(ACCOUNT)).unwrap();
    assert!(slots.open_with_keyring(&vault).unwrap().is_none());
    assert!(slots.has(SlotKind::Keyring));
}

#[test]
fn remove_keyring_deletes_the_keyring_entry() {
    let (dir, vault, key) = (
        tempfile::tempdir().unwrap(),
        vault(),
        ContentKey::generate(),
    );
    let mut slots = KeySlots::new(ACCOUNT);
    slots.add_keyring(&key, &vault).unwrap();
    assert!(vault.load(&keyring_name(ACCOUNT)).unwrap().is_some());

    slots.remove_keyring(&vault).unwrap();
    assert!(!slots.has(SlotKind::Keyring));
    assert_eq!(vault.load(&keyring_name(ACCOUNT)).unwrap(), None);
    assert!(slots.open_with_keyring(&vault).unwrap().is_none());
    slots.save(dir.path()).unwrap();
    assert_eq!(read_json(dir.path())["slots"], Value::Array(vec![]));
    // Removing it again is fine.
    slots.remove_keyring(&vault).unwrap();
}

#[test]
fn recovery_key_round_trips_and_is_confirmed_only_when_typed_back() {
    let (dir, key) = (tempfile::tempdir().unwrap(), ContentKey::generate());
    let mut slots = KeySlots::new(ACCOUNT);
    let recovery = slots.set_recovery(&key);
    let text = recovery.as_str().to_owned();
    assert_eq!(recovery.to_string(), text);
    assert_eq!(text.len(), 39, "{text}");
    let groups: Vec<&str> = text.split('-').collect();
    assert_eq!(groups.len(), 8);
    assert!(groups
        .iter()
        .all(|group| group.len() == 4 && group.chars().all(|c| CROCKFORD.contains(c))));
    assert!(!format!("{recovery:?} {slots:?}").contains(&text));

    assert!(!slots.recovery_confirmed());
    let other = KeySlots::new(ACCOUNT).set_recovery(&key);
    assert_is!(
        slots.confirm_recovery(other.as_str()),
        Err(KeyError::WrongSecret)
    );
    assert_is!(
        slots.confirm_recovery("not a key"),
        Err(KeyError::WrongSecret)
    );
    assert!(!slots.recovery_confirmed());
    slots.save(dir.path()).unwrap();
    let mut slots = KeySlots::load(dir.path()).unwrap().unwrap();
    assert!(!slots.recovery_confirmed());
    slots.confirm_recovery(&text.to_lowercase()).unwrap();
    assert!(slots.recovery_confirmed());
    slots.save(dir.path()).unwrap();

    let slots = KeySlots::load(dir.path()).unwrap().unwrap();
    assert!(slots.recovery_confirmed());
    assert!(same_key(&slots.unlock(&text).unwrap(), &key));

    // A new recovery key replaces the old one and needs confirming again.
    let mut slots = slots;
    let newer = slots.set_recovery(&key);
    assert!(!slots.recovery_confirmed());
    assert_ne!(newer.as_str(), text);
    assert_is!(slots.unlock(&text), Err(KeyError::WrongSecret));
    assert!(same_key(&slots.unlock(newer.as_str()).unwrap(), &key));
}

#[test]
fn a_wrong_recovery_key_is_a_wrong_secret() {
    let key = ContentKey::generate();
    let mut slots = KeySlots::new(ACCOUNT);
    let right = slots.set_recovery(&key);
    let wrong = KeySlots::new(ACCOUNT).set_recovery(&key);
    assert_is!(slots.unlock(wrong.as_str()), Err(KeyError::WrongSecret));
    assert_is!(slots.unlock(""), Err(KeyError::WrongSecret));
    assert_is!(slots.unlock("password123"), Err(KeyError::WrongSecret));
    // One character off.
    let mut typo: Vec<char> = right.as_str().chars().collect();
    typo[0] = if typo[0] == 'A' { 'B' } else { 'A' };
    let typo: String = typo.into_iter().collect();
    assert_is!(slots.unlock(&typo), Err(KeyError::WrongSecret));
    assert!(slots.unlock(right.as_str()).is_ok());
    // No slots at all.
    assert_is!(
        KeySlots::new(ACCOUNT).unlock(right.as_str()),
        Err(KeyError::WrongSecret)
    );
    let message = KeyError::WrongSecret.to_string();
    assert!(message.contains("does not open this journal"), "{message}");
}

#[test]
fn recovery_keys_are_read_forgivingly() {
    let canonical = "0123-4567-89AB-CDEF-GHJK-MNPQ-RSTV-WXYZ";
    let bytes = parse_recovery_key(canonical).unwrap();
    for typed in [
        "0123-4567-89ab-cdef-ghjk-mnpq-rstv-wxyz",
        "0123 4567 89AB CDEF GHJK MNPQ RSTV WXYZ",
        "0123456789ABCDEFGHJKMNPQRSTVWXYZ",
        "  o123-4567-89ab-cdef-ghjk-mnpq-rstv-wxyz\n",
        "O123-4567-89AB-CDEF-GHJK-MNPQ-RSTV-WXYZ",
        "0I23-4567-89AB-CDEF-GHJK-MNPQ-RSTV-WXYZ",
        "0l23-4567-89AB-CDEF-GHJK-MNPQ-RSTV-WXYZ",
        "0L23 - 4567 - 89AB - CDEF - GHJK - MNPQ - RSTV - WXYZ",
    ] {
        assert_eq!(
            parse_recovery_key(typed).as_deref(),
            Some(&*bytes),
            "{typed:?}"
        );
    }
    for not_a_key in [
        "",
        "0123-4567-89AB-CDEF-GHJK-MNPQ-RSTV-WXY",
        "0123-4567-89AB-CDEF-GHJK-MNPQ-RSTV-WXYZ-0",
        "U123-4567-89AB-CDEF-GHJK-MNPQ-RSTV-WXYZ",
        "0123_4567_89AB_CDEF_GHJK_MNPQ_RSTV_WXYZ",
        "correct horse battery staple",
    ] {
        assert!(parse_recovery_key(not_a_key).is_none(), "{not_a_key:?}");
    }
    // Different text, different key.
    let other = parse_recovery_key("1123-4567-89AB-CDEF-GHJK-MNPQ-RSTV-WXYZ").unwrap();
    assert_ne!(*other, *bytes);

    // A real key, typed loosely, unlocks.
    let key = ContentKey::generate();
    let mut slots = KeySlots::new(ACCOUNT);
    let recovery = slots.set_recovery(&key);
    let loose = recovery
        .as_str()
        .to_lowercase()
        .replace('-', " ")
        .replace('0', "o")
        .replace('1', "l");
    assert!(same_key(&slots.unlock(&loose).unwrap(), &key));
}

#[test]
fn slots_are_bound_to_their_account() {
    let (dir, other_dir) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let (vault, key) = (vault(), ContentKey::generate());
    let mut slots = KeySlots::new(ACCOUNT);
    slots.add_keyring(&key, &vault).unwrap();
    let recovery = slots.set_recovery(&key);
    slots.save(dir.path()).unwrap();

    // The whole file, relabelled as another account's, with that account's keyring entry holding
    // this account's wrapping key: nothing opens.
    let mut file = read_json(dir.path());
    file["account_id"] = Value::String(OTHER_ACCOUNT.into());
    write_json(other_dir.path(), &file);
    let entry = vault.load(&keyring_name(ACCOUNT)).unwrap().unwrap();
    vault.store(&keyring_name(OTHER_ACCOUNT), &entry).unwrap();
    let copied = KeySlots::load(other_dir.path()).unwrap().unwrap();
    assert_eq!(copied.account_id(), OTHER_ACCOUNT);
    assert_is!(copied.unlock(recovery.as_str()), Err(KeyError::WrongSecret));
    assert_is!(copied.open_with_keyring(&vault), Err(KeyError::Damaged(_)));

    // The other account's own file with this account's slots pasted in: the same.
    let mut theirs = KeySlots::new(OTHER_ACCOUNT);
    theirs.set_recovery(&ContentKey::generate());
    theirs.save(other_dir.path()).unwrap();
    let mut file = read_json(other_dir.path());
    file["slots"] = read_json(dir.path())["slots"].clone();
    write_json(other_dir.path(), &file);
    let pasted = KeySlots::load(other_dir.path()).unwrap().unwrap();
    assert_is!(pasted.unlock(recovery.as_str()), Err(KeyError::WrongSecret));
    assert_is!(pasted.open_with_keyring(&vault), Err(KeyError::Damaged(_)));

    // The original still opens both ways.
    let original = KeySlots::load(dir.path()).unwrap().unwrap();
    assert!(same_key(&original.unlock(recovery.as_str()).unwrap(), &key));
    assert!(same_key(
        &original.open_with_keyring(&vault).unwrap().unwrap(),
        &key
    ));
}

#[test]
fn tampered_slots_do_not_open() {
    let (dir, vault, key) = (
        tempfile::tempdir().unwrap(),
        vault(),
        ContentKey::generate(),
    );
    let mut slots = KeySlots::new(ACCOUNT);
    slots.add_keyring(&key, &vault).unwrap();
    let recovery = slots.set_recovery(&key);
    slots.save(dir.path()).unwrap();
    let original = read_json(dir.path());

    for field in ["ciphertext", "nonce", "salt"] {
        let mut file = original.clone();
        flip_bit(slot_mut(&mut file, "recovery"), field);
        write_json(dir.path(), &file);
        let tampered = KeySlots::load(dir.path()).unwrap().unwrap();
        assert_is!(
            tampered.unlock(recovery.as_str()),
            Err(KeyError::WrongSecret)
        );
        assert!(tampered.open_with_keyring(&vault).unwrap().is_some());
    }
    for field in ["ciphertext", "nonce"] {
        let mut file = original.clone();
        flip_bit(slot_mut(&mut file, "keyring"), field);
        write_json(dir.path(), &file);
        let tampered = KeySlots::load(dir.path()).unwrap().unwrap();
        assert_is!(
            tampered.open_with_keyring(&vault),
            Err(KeyError::Damaged(_))
        );
        assert!(tampered.unlock(recovery.as_str()).is_ok());
    }
    // A keyring entry that is not a key Quire made.
    write_json(dir.path(), &original);
    vault
        .store(&keyring_name(ACCOUNT), &Secret::new("not base64!"))
        .unwrap();
    let slots = KeySlots::load(dir.path()).unwrap().unwrap();
    let err = slots.open_with_keyring(&vault).unwrap_err();
    assert_is!(&err, KeyError::Damaged(_));
    assert!(err.to_string().contains("recovery key"), "{err}");
}

/// The only passphrase test: it derives from a passphrase four times at the real cost (setting it,
/// recomputing it here, the right and a wrong one), which takes a while in a debug build.
#[test]
fn passphrase_slot_round_trips_and_keys_json_holds_nothing_that_unwraps() {
    let (dir, vault, key) = (
        tempfile::tempdir().unwrap(),
        vault(),
        ContentKey::generate(),
    );
    let mut slots = KeySlots::new(ACCOUNT);
    slots.add_keyring(&key, &vault).unwrap();
    let recovery = slots.set_recovery(&key);
    slots.set_passphrase(&key, PASSPHRASE).unwrap();
    assert!(slots.has(SlotKind::Passphrase));
    slots.save(dir.path()).unwrap();
    let text = std::fs::read_to_string(dir.path().join(KEYS_FILE)).unwrap();
    let file: Value = serde_json::from_str(&text).unwrap();

    // Only the allowed fields, everywhere.
    let mut top: Vec<&str> = file
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    top.sort_unstable();
    assert_eq!(
        top,
        ["account_id", "recovery_confirmed", "slots", "version"]
    );
    let stored = file["slots"].as_array().unwrap();
    assert_eq!(stored.len(), 3);
    for slot in stored {
        for field in slot.as_object().unwrap().keys() {
            assert!(
                ["kind", "salt", "kdf", "nonce", "ciphertext"].contains(&field.as_str()),
                "unexpected slot field {field:?}"
            );
        }
        if let Some(kdf) = slot.get("kdf") {
            for field in kdf.as_object().unwrap().keys() {
                assert!(
                    ["name", "memory_kib", "passes", "parallelism"].contains(&field.as_str()),
                    "unexpected KDF field {field:?}"
                );
            }
        }
    }
    let keyring = stored.iter().find(|s| s["kind"] == "keyring").unwrap();
    assert!(keyring.get("salt").is_none() && keyring.get("kdf").is_none());
    let passphrase = stored.iter().find(|s| s["kind"] == "passphrase").unwrap();
    assert_eq!(passphrase["kdf"]["name"], "argon2id");
    assert_eq!(passphrase["kdf"]["memory_kib"], 65536);
    assert_eq!(passphrase["kdf"]["passes"], 3);
    assert_eq!(passphrase["kdf"]["parallelism"], 1);
    let salt = field_bytes(passphrase, "salt");
    assert_eq!(salt.len(), 16);

    // Argon2id's output, recomputed from the stored salt and parameters; it opens the slot, so it
    // is the value that must not be in the file.
    let kdf = &passphrase["kdf"];
    let number = |name: &str| u32::try_from(kdf[name].as_u64().unwrap()).unwrap();
    let params = Params::new(
        number("memory_kib"),
        number("passes"),
        number("parallelism"),
        Some(32),
    )
    .unwrap();
    let mut argon2_output = [0u8; 32];
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
        .hash_password_into(PASSPHRASE.as_bytes(), &salt, &mut argon2_output)
        .unwrap();
    let mut aad = b"quire key slot v1\0".to_vec();
    aad.extend_from_slice(ACCOUNT.as_bytes());
    aad.extend_from_slice(b"\0passphrase");
    let unwrapped = XChaCha20Poly1305::new(Key::from_slice(&argon2_output))
        .decrypt(
            XNonce::from_slice(&field_bytes(passphrase, "nonce")),
            Payload {
                msg: &field_bytes(passphrase, "ciphertext"),
                aad: &aad,
            },
        )
        .expect("the recomputed Argon2id output opens the passphrase slot");
    assert_eq!(unwrapped, key.expose());

    // The recovery slot's HKDF output and the keyring's wrapping key, likewise.
    let recovery_slot = stored.iter().find(|s| s["kind"] == "recovery").unwrap();
    let mut hkdf_output = [0u8; 32];
    Hkdf::<Sha256>::new(
        Some(&field_bytes(recovery_slot, "salt")),
        &*parse_recovery_key(recovery.as_str()).unwrap(),
    )
    .expand(b"quire recovery slot v1", &mut hkdf_output)
    .unwrap();
    let entry = vault.load(&keyring_name(ACCOUNT)).unwrap().unwrap();
    let keyring_key = STANDARD.decode(entry.expose()).unwrap();
    assert_eq!(keyring_key.len(), 32);

    let secrets: [(&str, &[u8]); 4] = [
        ("content key", key.expose()),
        ("Argon2id output", &argon2_output),
        ("HKDF output", &hkdf_output),
        ("keyring wrapping key", &keyring_key),
    ];
    let mut decoded: Vec<Vec<u8>> = vec![text.as_bytes().to_vec()];
    for slot in stored {
        for field in ["salt", "nonce", "ciphertext"] {
            if slot.get(field).is_some() {
                decoded.push(field_bytes(slot, field));
            }
        }
    }
    for (what, secret) in secrets {
        let hex: String = secret.iter().map(|b| format!("{b:02x}")).collect();
        for encoded in [
            STANDARD.encode(secret),
            STANDARD_NO_PAD.encode(secret),
            URL_SAFE.encode(secret),
            URL_SAFE_NO_PAD.encode(secret),
            hex.clone(),
            hex.to_uppercase(),
        ] {
            assert!(!text.contains(&encoded), "keys.json holds the {what}");
        }
        for bytes in &decoded {
            assert!(
                !bytes.windows(secret.len()).any(|w| w == secret),
                "keys.json holds the {what}'s bytes"
            );
        }
    }
    assert!(!text.contains(PASSPHRASE) && !text.contains(recovery.as_str()));

    // Through the file: the right passphrase opens it, a wrong one does not.
    let loaded = KeySlots::load(dir.path()).unwrap().unwrap();
    assert!(same_key(&loaded.unlock(PASSPHRASE).unwrap(), &key));
    assert_is!(
        loaded.unlock("correct horse battery stapler"),
        Err(KeyError::WrongSecret)
    );

    let mut removed = loaded;
    removed.remove_passphrase();
    assert!(!removed.has(SlotKind::Passphrase));
    assert!(removed.has(SlotKind::Recovery) && removed.has(SlotKind::Keyring));
}

#[test]
fn short_passphrases_are_refused() {
    let key = ContentKey::generate();
    let mut slots = KeySlots::new(ACCOUNT);
    for weak in ["", "abc", "seven77", "ééééééé"] {
        let err = slots.set_passphrase(&key, weak).unwrap_err();
        assert_is!(&err, KeyError::WeakPassphrase(_));
        let message = err.to_string();
        assert!(message.contains('8'), "{message}");
        if !weak.is_empty() {
            assert!(!message.contains(weak), "{message}");
        }
    }
    assert!(!slots.has(SlotKind::Passphrase));
}

#[test]
fn save_replaces_the_file_atomically_and_privately() {
    let (dir, vault, key) = (
        tempfile::tempdir().unwrap(),
        vault(),
        ContentKey::generate(),
    );
    let tmp = dir.path().join(format!("{KEYS_FILE}.tmp"));
    let mut slots = KeySlots::new(ACCOUNT);
    slots.save(dir.path()).unwrap();
    assert!(!tmp.exists());

    // A leftover from a crash, readable by anyone, is replaced and gone.
    std::fs::write(&tmp, b"half a file").unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&tmp, std::fs::Permissions::from_mode(0o644)).unwrap();
    }
    slots.add_keyring(&key, &vault).unwrap();
    slots.save(dir.path()).unwrap();
    assert!(!tmp.exists());
    let names: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names, [KEYS_FILE]);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(dir.path().join(KEYS_FILE))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600);
    }
    let loaded = KeySlots::load(dir.path()).unwrap().unwrap();
    assert!(same_key(
        &loaded.open_with_keyring(&vault).unwrap().unwrap(),
        &key
    ));

    // Into a folder not made yet.
    let nested = dir.path().join("accounts").join(ACCOUNT);
    loaded.save(&nested).unwrap();
    assert!(KeySlots::load(&nested).unwrap().is_some());
}

#[test]
fn a_missing_file_is_none_and_a_malformed_one_is_damaged() {
    let dir = tempfile::tempdir().unwrap();
    assert!(KeySlots::load(dir.path()).unwrap().is_none());

    let mut slots = KeySlots::new(ACCOUNT);
    slots.set_recovery(&ContentKey::generate());
    slots.save(dir.path()).unwrap();
    let good = read_json(dir.path());

    let mut extra_field = good.clone();
    slot_mut(&mut extra_field, "recovery")["wrapping_key"] = Value::String("AAAA".into());
    let mut extra_top = good.clone();
    extra_top["hint"] = Value::String("my cat".into());
    let mut short_nonce = good.clone();
    slot_mut(&mut short_nonce, "recovery")["nonce"] = Value::String(STANDARD.encode([0u8; 12]));
    let mut not_base64 = good.clone();
    slot_mut(&mut not_base64, "recovery")["ciphertext"] = Value::String("!!".into());
    let mut no_salt = good.clone();
    slot_mut(&mut no_salt, "recovery")
        .as_object_mut()
        .unwrap()
        .remove("salt");
    let mut twice = good.clone();
    let copy = twice["slots"][0].clone();
    twice["slots"].as_array_mut().unwrap().push(copy);
    let mut newer = good.clone();
    newer["version"] = Value::from(2);

    for (what, bytes) in [
        ("not JSON", b"{\"version\": 1, ".to_vec()),
        ("empty", Vec::new()),
        (
            "extra slot field",
            serde_json::to_vec(&extra_field).unwrap(),
        ),
        ("extra top field", serde_json::to_vec(&extra_top).unwrap()),
        ("short nonce", serde_json::to_vec(&short_nonce).unwrap()),
        ("not base64", serde_json::to_vec(&not_base64).unwrap()),
        ("no salt", serde_json::to_vec(&no_salt).unwrap()),
        ("two recovery slots", serde_json::to_vec(&twice).unwrap()),
        ("newer version", serde_json::to_vec(&newer).unwrap()),
    ] {
        std::fs::write(dir.path().join(KEYS_FILE), &bytes).unwrap();
        let result = KeySlots::load(dir.path());
        assert_is!(&result, Err(KeyError::Damaged(_)));
        let message = result.unwrap_err().to_string();
        assert!(message.contains(KEYS_FILE), "{what}: {message}");
        if what == "newer version" {
            assert!(message.contains("Update Quire"), "{message}");
            assert!(!message.contains("damaged"), "{message}");
        }
    }
}
