//! The fake provider's signing keys and ID tokens ([`super::fake_provider`]). Its three RSA keys (the
//! first published key, the one it rotates to, and a rogue one) are made once per test process with
//! `openssl genrsa` (or `node` if openssl is missing); an ID token is signed as the fake's
//! [`Behaviour`] says, rightly or in one of the ways a verifier must refuse.

use std::process::Command;
use std::sync::OnceLock;
use std::time::UNIX_EPOCH;

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use openidconnect::core::CoreRsaPrivateSigningKey;
use openidconnect::core::{CoreHmacKey, CoreIdToken, CoreIdTokenClaims, CoreJwsSigningAlgorithm};
use openidconnect::{AccessToken, JsonWebKeyId, PrivateSigningKey};
use serde_json::{json, Value};

use super::fake_provider::{Behaviour, CLIENT_ID, SUBJECT};

/// Signs an ID token as the behaviour says; `nonce` only for a code exchange.
pub fn mint(b: &Behaviour, issuer: &str, access: &str, nonce: Option<&str>) -> String {
    let now = UNIX_EPOCH.elapsed().unwrap().as_secs() as i64 + b.skew;
    let mut claims = json!({
        "iss": b.token_issuer.as_deref().unwrap_or(issuer),
        "aud": [b.token_audience.as_deref().unwrap_or(CLIENT_ID)],
        "sub": SUBJECT,
        "iat": if b.expired { now - 1200 } else { now },
        "exp": if b.expired { now - 600 } else { now + 600 },
    });
    if let Some(nonce) = nonce {
        claims["nonce"] = json!(nonce);
    }
    let claims: CoreIdTokenClaims = serde_json::from_value(claims).expect("ID token claims");
    let alg = CoreJwsSigningAlgorithm::RsaSsaPkcs1V15Sha256;
    let access = AccessToken::new(access.to_owned());
    let key = match (b.forged, b.unpublished_key, b.rotated_key) {
        (true, _, _) => Key::Forged,
        (_, true, _) => Key::Unpublished,
        (_, _, true) => Key::Second,
        _ => Key::First,
    };
    let token = CoreIdToken::new(claims, &signing_key(key), alg, Some(&access), None)
        .expect("sign the ID token")
        .to_string();
    if b.unsigned {
        return with_header(&token, json!({"alg": "none", "typ": "JWT"}), None);
    }
    if b.hmac_with_public_key {
        let public = serde_json::to_vec(&signing_key(Key::First).as_verification_key())
            .expect("the published key as JSON");
        let header = json!({"alg": "HS256", "typ": "JWT", "kid": "fake-key-1"});
        return with_header(&token, header, Some(&CoreHmacKey::new(public)));
    }
    if !b.flip_signature {
        return token;
    }
    let (signed, signature) = token.rsplit_once('.').expect("a JWS");
    let mut signature = URL_SAFE_NO_PAD.decode(signature).expect("base64url");
    signature[7] ^= 0x01;
    format!("{signed}.{}", URL_SAFE_NO_PAD.encode(signature))
}

/// `token`'s claims under another `header`, signed with HS256 by `key`, or unsigned without one.
fn with_header(token: &str, header: Value, key: Option<&CoreHmacKey>) -> String {
    let claims = token.split('.').nth(1).expect("a JWS");
    let signed = format!("{}.{claims}", URL_SAFE_NO_PAD.encode(header.to_string()));
    let signature = key.map_or_else(String::new, |key| {
        let mac = key.sign(&CoreJwsSigningAlgorithm::HmacSha256, signed.as_bytes());
        URL_SAFE_NO_PAD.encode(mac.expect("an HMAC"))
    });
    format!("{signed}.{signature}")
}

/// The key set the fake publishes while it signs with `key`.
pub fn key_set(key: Key) -> Value {
    json!({ "keys": [signing_key(key).as_verification_key()] })
}

/// The keys the fake signs with.
#[derive(Debug, Clone, Copy)]
pub enum Key {
    /// Published until the rotation.
    First,
    /// Published after the rotation, under another `kid`.
    Second,
    /// The rogue key under the first key's `kid`.
    Forged,
    /// The rogue key under a `kid` that is never published.
    Unpublished,
}

fn signing_key(key: Key) -> CoreRsaPrivateSigningKey {
    let (pem, kid) = match key {
        Key::First => (0, "fake-key-1"),
        Key::Second => (1, "fake-key-2"),
        Key::Forged => (2, "fake-key-1"),
        Key::Unpublished => (2, "fake-key-never-published"),
    };
    let kid = Some(JsonWebKeyId::new(kid.into()));
    CoreRsaPrivateSigningKey::from_pem(&keys()[pem], kid).expect("a PKCS#1 PEM key")
}

/// The first, the second and the rogue RSA key (PKCS#1 PEM), made once per test process.
pub fn keys() -> &'static [String; 3] {
    static KEYS: OnceLock<[String; 3]> = OnceLock::new();
    KEYS.get_or_init(|| [generate_rsa_pem(), generate_rsa_pem(), generate_rsa_pem()])
}

fn generate_rsa_pem() -> String {
    const NODE: &str = "process.stdout.write(require('crypto').generateKeyPairSync('rsa',\
                        {modulusLength:2048}).privateKey.export({type:'pkcs1',format:'pem'}))";
    let tools: [(&str, &[&str]); 2] = [
        ("openssl", &["genrsa", "-traditional", "2048"]),
        ("node", &["-e", NODE]),
    ];
    for (program, args) in tools {
        let Ok(output) = Command::new(program).args(args).output() else {
            continue;
        };
        let pem = String::from_utf8_lossy(&output.stdout).into_owned();
        if output.status.success() && pem.contains("BEGIN RSA PRIVATE KEY") {
            return pem;
        }
    }
    panic!("making a test RSA key needs `openssl` or `node` on the PATH");
}
