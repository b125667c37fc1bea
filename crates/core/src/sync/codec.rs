//! Documents as the server holds them: ciphertext only.
//!
//! A document is `{ "_id", "_rev", "v": 1, "c": base64(nonce ‖ XChaCha20-Poly1305(body)) }`, the
//! body being the JSON of a [`DocBody`]; a picture's original and display copy are attachments `o`
//! and `d`, encrypted the same way. The associated data binds each ciphertext to its document id
//! (and an attachment to its name), so the server cannot move a body from one document to
//! another. The key is HKDF-SHA256 of the content key with the label "quire sync v1": the server
//! never holds anything encrypted under the key that opens the journal file.

use base64::engine::general_purpose::STANDARD as BASE64;
use base64::Engine as _;
use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use serde_json::{json, Map, Value};
use zeroize::Zeroizing;

use crate::keys::ContentKey;
use crate::store::{DocBody, PictureData, PulledVersion};

/// The format version in every document's `v`.
pub const FORMAT: u64 = 1;
const LABEL: &[u8] = b"quire sync v1";
const NONCE_BYTES: usize = 24;

/// The key documents are encrypted under, derived from the content key.
#[derive(Clone)]
pub struct SyncKey(Zeroizing<[u8; 32]>);

impl std::fmt::Debug for SyncKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SyncKey(…)")
    }
}

impl SyncKey {
    /// A short public name for the key: equal on every device with the same content key, and
    /// telling nothing about it (a hash of a random 256-bit key).
    pub fn fingerprint(&self) -> String {
        use sha2::Digest;
        let mut hash = sha2::Sha256::new();
        hash.update(b"quire key fingerprint v1");
        hash.update(&self.0[..]);
        hash.finalize()[..16]
            .iter()
            .map(|byte| format!("{byte:02x}"))
            .collect()
    }

    pub fn derive(content: &ContentKey) -> Self {
        let mut key = Zeroizing::new([0u8; 32]);
        hkdf::Hkdf::<sha2::Sha256>::new(None, content.expose())
            .expand(LABEL, &mut key[..])
            .expect("32 bytes is a valid HKDF-SHA256 length");
        Self(key)
    }

    fn cipher(&self) -> XChaCha20Poly1305 {
        XChaCha20Poly1305::new(chacha20poly1305::Key::from_slice(&self.0[..]))
    }

    fn seal(&self, plain: &[u8], aad: &[u8]) -> Vec<u8> {
        let mut nonce = [0u8; NONCE_BYTES];
        getrandom::getrandom(&mut nonce).expect("the operating system's random generator failed");
        let sealed = self
            .cipher()
            .encrypt(XNonce::from_slice(&nonce), Payload { msg: plain, aad })
            .expect("XChaCha20-Poly1305 encrypts any length a document has");
        let mut out = Vec::with_capacity(NONCE_BYTES + sealed.len());
        out.extend_from_slice(&nonce);
        out.extend_from_slice(&sealed);
        out
    }

    fn open(&self, sealed: &[u8], aad: &[u8]) -> Result<Vec<u8>, String> {
        if sealed.len() < NONCE_BYTES {
            return Err("its ciphertext is too short".to_owned());
        }
        let (nonce, body) = sealed.split_at(NONCE_BYTES);
        self.cipher()
            .decrypt(XNonce::from_slice(nonce), Payload { msg: body, aad })
            .map_err(|_| "it does not decrypt with this journal's key".to_owned())
    }
}

fn attachment_aad(doc_id: &str, name: &str) -> Vec<u8> {
    format!("{doc_id}/{name}").into_bytes()
}

/// The document to send for `body` as revision `rev`, with `history` (newest first, hashes only)
/// as its `_revisions`. A purged row is sent as a deleted document.
pub fn encode(
    key: &SyncKey,
    doc_id: &str,
    rev: &str,
    history: &[String],
    body: &DocBody,
    data: Option<&PictureData>,
) -> Value {
    let plain = serde_json::to_vec(body).expect("a document body serializes");
    let generation: u64 = rev
        .split_once('-')
        .and_then(|(generation, _)| generation.parse().ok())
        .unwrap_or(1);
    let mut doc = json!({
        "_id": doc_id,
        "_rev": rev,
        "_revisions": { "start": generation, "ids": history },
        "v": FORMAT,
        "c": BASE64.encode(key.seal(&plain, doc_id.as_bytes())),
    });
    if matches!(body, DocBody::Gone { .. }) {
        doc["_deleted"] = json!(true);
    }
    if let Some(data) = data {
        let mut attachments = Map::new();
        let parts = [("o", Some(&data.original)), ("d", data.display.as_ref())];
        for (name, bytes) in parts {
            if let Some(bytes) = bytes {
                let sealed = key.seal(bytes, &attachment_aad(doc_id, name));
                attachments.insert(
                    name.to_owned(),
                    json!({
                        "content_type": "application/octet-stream",
                        "data": BASE64.encode(sealed),
                    }),
                );
            }
        }
        doc["_attachments"] = Value::Object(attachments);
    }
    doc
}

/// A fetched document, decrypted: its id and the version, or the reason it cannot be used (with
/// its revision, when it has one).
pub fn decode(key: &SyncKey, doc: &Value) -> Result<(String, PulledVersion), (String, String)> {
    let rev = doc
        .get("_rev")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_owned();
    let fail = |reason: &str| (rev.clone(), reason.to_owned());
    let doc_id = doc
        .get("_id")
        .and_then(Value::as_str)
        .ok_or_else(|| fail("it has no id"))?;
    match doc.get("v").and_then(Value::as_u64) {
        Some(FORMAT) => {}
        Some(newer) if newer > FORMAT => {
            return Err(fail(&format!(
                "it was written by a newer version of Quire (format {newer}); update Quire"
            )))
        }
        _ => return Err(fail("it is not a Quire document")),
    }
    let sealed = doc
        .get("c")
        .and_then(Value::as_str)
        .and_then(|text| BASE64.decode(text).ok())
        .ok_or_else(|| fail("its ciphertext is missing or not base64"))?;
    let plain = key
        .open(&sealed, doc_id.as_bytes())
        .map_err(|reason| fail(&reason))?;
    let body: DocBody = serde_json::from_slice(&plain).map_err(|err| {
        fail(&format!(
            "its content is not a document Quire knows ({err})"
        ))
    })?;
    let attachment = |name: &str| -> Result<Option<Vec<u8>>, (String, String)> {
        let Some(found) = doc.get("_attachments").and_then(|all| all.get(name)) else {
            return Ok(None);
        };
        let sealed = found
            .get("data")
            .and_then(Value::as_str)
            .and_then(|text| BASE64.decode(text).ok())
            .ok_or_else(|| fail("an attachment came without its data"))?;
        key.open(&sealed, &attachment_aad(doc_id, name))
            .map(Some)
            .map_err(|reason| fail(&reason))
    };
    let data = match (&body, attachment("o")?) {
        (DocBody::Picture(_), Some(original)) => Some(PictureData {
            original,
            display: attachment("d")?,
        }),
        _ => None,
    };
    let parent = doc.get("_revisions").and_then(|revisions| {
        let start = revisions.get("start")?.as_u64()?;
        let hash = revisions.get("ids")?.as_array()?.get(1)?.as_str()?;
        Some(format!("{}-{hash}", start.checked_sub(1)?))
    });
    Ok((
        doc_id.to_owned(),
        PulledVersion {
            rev,
            parent,
            body,
            data,
        },
    ))
}

/// A revision's generation and hash: `3-abc…` is `(3, "abc…")`.
pub fn split_rev(rev: &str) -> Option<(u64, &str)> {
    let (generation, hash) = rev.split_once('-')?;
    Some((generation.parse().ok()?, hash))
}

/// The revision after `parent`, with a random hash, and its `_revisions` history.
pub fn next_rev(parent: Option<&str>) -> (String, Vec<String>) {
    let mut bytes = [0u8; 16];
    getrandom::getrandom(&mut bytes).expect("the operating system's random generator failed");
    let hash: String = bytes.iter().map(|byte| format!("{byte:02x}")).collect();
    match parent.and_then(split_rev) {
        Some((generation, parent_hash)) => (
            format!("{}-{hash}", generation + 1),
            vec![hash, parent_hash.to_owned()],
        ),
        None => (format!("1-{hash}"), vec![hash]),
    }
}

/// Orders the versions of one document: the first is the one every device keeps. A live version
/// beats a deleted one (so an edit beats a delete made elsewhere), then the longer history, then
/// the greater hash, as CouchDB orders its own winners.
pub fn rank(versions: &mut [PulledVersion]) {
    versions.sort_by(|a, b| {
        let key = |v: &PulledVersion| {
            let (generation, hash) = split_rev(&v.rev).unwrap_or((0, ""));
            (!v.body.is_deleted(), generation, hash.to_owned())
        };
        key(b).cmp(&key(a))
    });
}

/// A fresh random document id: 32 hex digits, telling nothing about the row.
pub fn random_id() -> String {
    let mut bytes = [0u8; 16];
    getrandom::getrandom(&mut bytes).expect("the operating system's random generator failed");
    bytes.iter().map(|byte| format!("{byte:02x}")).collect()
}
