//! No secret from the provider may land in a file or a log. A child process of this test drives a
//! whole session against the fake provider (`support::fake_provider`) with the app's own logging
//! (`logging::init`) at `QUIRE_LOG=trace`: sign-in, a refresh that rotates the refresh token, a
//! refresh whose answer is cut off (it carries fresh tokens, but is not JSON), and sign-out with
//! revocation. The test then searches every file of the data folder (the database, its WAL, the
//! log files), the child's captured stdout and stderr, and, inside `scripts/with-test-session`, the
//! scratch home (where the keyring keeps its encrypted file) for every secret the provider issued
//! and every secret of the sign-in: access tokens, ID tokens, the first and rotated refresh tokens,
//! the authorization code and the PKCE verifier.
//!
//! The search itself is checked too: a secret planted in a file of the data folder must be found.

use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::sync::Arc;

use crate::support::fake_provider::{FakeProvider, Kind, CLIENT_ID, TOKEN};
use quire_core::auth::flow::{complete_sign_in, refresh_session, sign_out, Refreshed, Revocation};
use quire_core::auth::oidc::Provider;
use quire_core::auth::secret::Secret;
use quire_core::auth::vault::Vault;
use quire_core::keys::ContentKey;
use quire_core::store::Store;
use url::Url;

/// Set in the child: the folder it works in.
const CHILD_DIR: &str = "QUIRE_SECRETS_TEST_DIR";

#[test]
fn no_secret_from_the_provider_is_written_to_a_file_or_a_log() {
    if std::env::var_os(CHILD_DIR).is_some() {
        return; // in the child, only `session_against_the_fake_provider` runs
    }
    let dir = tempfile::tempdir().unwrap();
    let (stdout, stderr) = (dir.path().join("stdout"), dir.path().join("stderr"));
    let status = crate::support::step("secrets::session_against_the_fake_provider")
        .env(CHILD_DIR, dir.path())
        .env(quire_core::logging::LOG_VAR, "trace")
        .stdout(Stdio::from(std::fs::File::create(&stdout).unwrap()))
        .stderr(Stdio::from(std::fs::File::create(&stderr).unwrap()))
        .status()
        .unwrap();
    let output = std::fs::read_to_string(&stdout).unwrap();
    assert!(status.success() && output.contains("1 passed"), "{output}");

    let secrets = std::fs::read_to_string(dir.path().join("secrets")).unwrap();
    let secrets: Vec<&str> = secrets.lines().collect();
    let data = dir.path().join("data");
    let mut places = files_under(&data);
    places.extend([stdout, stderr]);
    if std::env::var_os("QUIRE_TEST_SESSION").is_some() {
        places.extend(files_under(Path::new(&std::env::var_os("HOME").unwrap())));
    }
    let logged: u64 = places
        .iter()
        .map(|p| p.metadata().map_or(0, |m| m.len()))
        .sum();
    println!(
        "searched {} files ({logged} bytes) for {} secrets",
        places.len(),
        secrets.len()
    );
    let log = quire_core::logging::current_log_file(&quire_core::logging::logs_dir(&data));
    let log = std::fs::read_to_string(log.expect("the child wrote no log file")).unwrap();
    let traced = log.lines().filter(|line| line.contains(" TRACE ")).count();
    println!(
        "the log file has {} lines, {traced} of them at TRACE",
        log.lines().count()
    );
    assert!(traced > 0, "the log file has no TRACE lines");
    let found = find(&places, &secrets);
    assert!(found.is_empty(), "secrets found in files: {found:?}");

    // The search can find one: plant a secret among other text in a file of the data folder.
    let planted = data.join("logs").join("planted.log");
    let text = format!(
        "a line\nanother line with {} in it\n",
        secrets[secrets.len() / 2]
    );
    std::fs::write(&planted, text).unwrap();
    let found = find(&files_under(&data), &secrets);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].0, planted);
}

/// The child's part: one session with every kind of secret, and the list of them in `secrets`.
#[tokio::test(flavor = "multi_thread")]
#[ignore = "a step of no_secret_from_the_provider_is_written_to_a_file_or_a_log, in its child process"]
async fn session_against_the_fake_provider() {
    let Some(dir) = std::env::var_os(CHILD_DIR).map(PathBuf::from) else {
        return; // run by `no_secret_from_the_provider_is_written_to_a_file_or_a_log`
    };
    let data = dir.join("data");
    quire_core::logging::init(&quire_core::logging::logs_dir(&data));
    tracing::trace!("trace level is on");
    let fake = FakeProvider::start().await;
    let provider = Arc::new(Provider::discover(fake.issuer(), CLIENT_ID).await.unwrap());
    let vault = Vault::system(&format!("quire-secrets-test-{}", uuid::Uuid::now_v7()));
    if let Some(problem) = vault.problem() {
        panic!(
            "this test needs a Secret Service (run it under scripts/with-test-session): {problem}"
        );
    }
    let store = Arc::new(Store::open_in(&data, &ContentKey::generate()).unwrap());

    let redirect = Url::parse("http://127.0.0.1:9/oauth/callback").unwrap();
    let authorization = provider.authorize(&redirect).unwrap();
    let nonce = authorization.nonce.expose().to_owned();
    fake.set(|b| b.nonce = Some(nonce));
    let code = fake.issue_code();
    let signed_in = complete_sign_in(
        &provider,
        &authorization,
        &Secret::new(code),
        &vault,
        &store,
    )
    .await;
    let user = signed_in
        .expect("sign in")
        .user
        .expect("the journal is open");

    fake.set(|b| b.rotate_refresh_tokens = true);
    let refreshed = refresh_session(&provider, &vault, &store, &user).await;
    assert!(
        matches!(refreshed, Ok(Refreshed::Online(_))),
        "{refreshed:?}"
    );

    fake.answer(TOKEN, fake.garbled_token_reply());
    let garbled = refresh_session(&provider, &vault, &store, &user).await;
    assert!(garbled.is_err(), "a cut-off answer must fail: {garbled:?}");

    let known = Arc::clone(&provider);
    let revocation = sign_out(async { Ok(known) }, &vault, &store, &user).await;
    assert_eq!(revocation.unwrap(), Revocation::Revoked);

    let issued = fake.issued();
    let count = |kind| issued.iter().filter(|(k, _)| *k == kind).count();
    let kinds = [Kind::Code, Kind::Access, Kind::Refresh, Kind::Id].map(count);
    println!("issued: code, access, refresh, ID token: {kinds:?}");
    assert!(kinds.iter().all(|&n| n > 0), "{kinds:?}");
    assert_eq!(kinds[2], 3, "first, rotated and garbled refresh tokens");
    let mut secrets: Vec<String> = issued.into_iter().map(|(_, value)| value).collect();
    secrets.push(authorization.verifier.expose().to_owned());
    std::fs::write(dir.join("secrets"), secrets.join("\n")).unwrap();
}

/// Every file under `dir`, recursively (symbolic links are not followed).
fn files_under(dir: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut files = Vec::new();
    for entry in entries.flatten() {
        let Ok(kind) = entry.file_type() else {
            continue;
        };
        if kind.is_dir() {
            files.extend(files_under(&entry.path()));
        } else if kind.is_file() {
            files.push(entry.path());
        }
    }
    files
}

/// Which of `secrets` each file contains, as (file, index of the secret).
fn find(files: &[PathBuf], secrets: &[&str]) -> Vec<(PathBuf, usize)> {
    let mut found = Vec::new();
    for file in files {
        let Ok(bytes) = std::fs::read(file) else {
            continue;
        };
        for (index, secret) in secrets.iter().enumerate() {
            if bytes.windows(secret.len()).any(|w| w == secret.as_bytes()) {
                found.push((file.clone(), index));
            }
        }
    }
    found
}
