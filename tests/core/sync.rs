//! Sync between two journals (two temporary data folders: two devices of one account) through a
//! real CouchDB-protocol server (`support::couch`: PouchDB Server on 127.0.0.1), and PouchDB as an
//! independent second client of the same database. Without pouchdb-server installed, each test
//! says so and passes (under `CI=true` it fails instead).

use std::process::Command;
use std::sync::Arc;

use image::codecs::png::PngEncoder;
use image::{ImageEncoder, Rgb, RgbImage};
use quire_core::auth::secret::Secret;
use quire_core::keys::{ContentKey, KeySlots};
use quire_core::store::{
    prepare_picture, DocBody, Entry, JournalColour, PictureVariant, Store, UserId,
};
use quire_core::sync::{fetch_keys, ServerConfig, SyncError, SyncProgress, SyncReport, Syncer};
use tempfile::TempDir;

use crate::support::couch::{all_bytes, have_server, CouchServer, ADMIN, PASSWORD};
use crate::support::journal::person;

const DB: &str = "journal-ada";

/// One device: its own data folder and journal, under the account's content key.
struct Device {
    _dir: TempDir,
    store: Arc<Store>,
    user: UserId,
    syncer: Syncer,
}

fn config(server: &CouchServer, password: &str) -> ServerConfig {
    ServerConfig {
        url: server.url(),
        database: DB.to_owned(),
        username: ADMIN.to_owned(),
        password: Secret::new(password),
    }
}

fn device(server: &CouchServer, key: &ContentKey) -> Device {
    let dir = tempfile::tempdir().unwrap();
    let store = Arc::new(Store::open_in(dir.path(), key).unwrap());
    let user = person(&store, "ada").id;
    let syncer = Syncer::new(store.clone(), user.clone(), config(server, PASSWORD), key).unwrap();
    Device {
        _dir: dir,
        store,
        user,
        syncer,
    }
}

/// A new entry on `device` with `text`, in its first journal.
fn write(device: &Device, text: &str) -> Entry {
    let entry = device.store.create_entry(&device.user, None, None).unwrap();
    device
        .store
        .save_entry(&device.user, &entry.id, text)
        .unwrap();
    entry
}

async fn sync(device: &Device) -> SyncReport {
    device.syncer.sync_once(&mut |_| {}).await.expect("sync")
}

fn png() -> Vec<u8> {
    let pixels = RgbImage::from_fn(40, 30, |x, y| Rgb([(x * 6) as u8, (y * 8) as u8, 90]));
    let mut bytes = Vec::new();
    PngEncoder::new(&mut bytes)
        .write_image(pixels.as_raw(), 40, 30, image::ExtendedColorType::Rgb8)
        .unwrap();
    bytes
}

/// Every leaf revision of every document on the server, by id.
async fn leaves(server: &CouchServer) -> Vec<(String, usize)> {
    let url = format!(
        "{}{DB}/_changes?style=all_docs&since=0&limit=100000",
        server.url()
    );
    let bytes = crate::support::http_client()
        .get(url)
        .basic_auth(ADMIN, Some(PASSWORD))
        .send()
        .await
        .unwrap()
        .bytes()
        .await
        .unwrap();
    let body: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
    body["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|row| {
            (
                row["id"].as_str().unwrap().to_owned(),
                row["changes"].as_array().unwrap().len(),
            )
        })
        .collect()
}

async fn put_raw(server: &CouchServer, id: &str, body: serde_json::Value) {
    let response = crate::support::http_client()
        .put(format!("{}{DB}/{id}", server.url()))
        .basic_auth(ADMIN, Some(PASSWORD))
        .header("content-type", "application/json")
        .body(body.to_string())
        .send()
        .await
        .unwrap();
    assert!(response.status().is_success(), "{}", response.status());
}

#[tokio::test]
async fn an_entry_written_on_one_device_arrives_on_the_other_with_its_date_tags_journal_and_picture(
) {
    if !have_server() {
        return;
    }
    let server = CouchServer::start();
    let key = ContentKey::generate();
    let a = device(&server, &key);
    let b = device(&server, &key);

    let journal = a
        .store
        .create_journal(&a.user, "Travel", JournalColour::Teal)
        .unwrap();
    let dated = 1_700_000_000_000;
    let entry = a
        .store
        .create_entry(&a.user, Some(&journal.id), Some(dated))
        .unwrap();
    a.store
        .save_entry(
            &a.user,
            &entry.id,
            "Lisbon\n\nTrams with #anna and #travel.",
        )
        .unwrap();
    a.store.set_entry_starred(&a.user, &entry.id, true).unwrap();
    let picture = a
        .store
        .add_picture(&a.user, &entry.id, prepare_picture(png()).unwrap())
        .unwrap();
    assert!(a.syncer.pending_count().unwrap() >= 3);

    let pushed = sync(&a).await;
    assert!(pushed.pushed >= 3, "{pushed:?}");
    assert_eq!(a.syncer.pending_count().unwrap(), 0);
    assert_eq!(sync(&a).await.pushed, 0, "nothing new to push");

    let pulled = sync(&b).await;
    assert_eq!(pulled.set_aside, 0, "{pulled:?}");
    let got = b.store.get_entry(&b.user, &entry.id).unwrap();
    assert_eq!(got.content, "Lisbon\n\nTrams with #anna and #travel.");
    assert_eq!(got.dated_at, dated);
    assert!(got.starred);
    assert_eq!(got.journal_id, journal.id);
    let journals = b.store.list_journals(&b.user).unwrap();
    assert!(journals
        .iter()
        .any(|j| j.id == journal.id && j.name == "Travel"));
    let mut tags: Vec<String> = b
        .store
        .list_tags(&b.user)
        .unwrap()
        .into_iter()
        .map(|tag| tag.name)
        .collect();
    tags.sort();
    assert_eq!(tags, ["anna", "travel"]);
    let pictures = b.store.entry_pictures(&b.user, &entry.id).unwrap();
    assert_eq!(pictures.len(), 1);
    assert_eq!(
        b.store
            .picture(&b.user, &picture.id, PictureVariant::Original)
            .unwrap()
            .bytes,
        png()
    );
    // What B pulled is not pending there, and a later edit on B comes back to A.
    assert_eq!(b.syncer.pending_count().unwrap(), 0);
    b.store
        .save_entry(&b.user, &entry.id, "Lisbon\n\nEdited on the other device.")
        .unwrap();
    sync(&b).await;
    sync(&a).await;
    assert_eq!(
        a.store.get_entry(&a.user, &entry.id).unwrap().content,
        "Lisbon\n\nEdited on the other device."
    );
}

#[tokio::test]
async fn the_server_holds_ciphertext_only() {
    if !have_server() {
        return;
    }
    let server = CouchServer::start();
    let key = ContentKey::generate();
    let a = device(&server, &key);
    let entry = write(&a, "Zanzibarquokka was the word of the day");
    sync(&a).await;
    // A word in a document put there in the clear is found, so the search below can find one.
    put_raw(
        &server,
        "plain",
        serde_json::json!({ "w": "Plainsightmarmot" }),
    )
    .await;

    let bytes = all_bytes(&server.data_dir());
    let has = |word: &str| bytes.windows(word.len()).any(|w| w == word.as_bytes());
    assert!(has("Plainsightmarmot"));
    assert!(!has("Zanzibarquokka"));
    assert!(!has(&entry.id), "the entry's id is not on the server");
    for (id, _) in leaves(&server).await {
        assert!(id == "plain" || id.len() == 32, "a random id: {id}");
    }
}

#[tokio::test]
async fn an_edit_on_each_device_keeps_both_versions_and_the_devices_agree() {
    if !have_server() {
        return;
    }
    let server = CouchServer::start();
    let key = ContentKey::generate();
    let a = device(&server, &key);
    let b = device(&server, &key);
    let entry = write(&a, "first");
    sync(&a).await;
    sync(&b).await;

    a.store
        .save_entry(&a.user, &entry.id, "written on A")
        .unwrap();
    b.store
        .save_entry(&b.user, &entry.id, "written on B")
        .unwrap();
    sync(&a).await;
    let report = sync(&b).await;
    assert_eq!(report.conflicts, 1, "{report:?}");
    sync(&a).await;

    let on_a = a.store.get_entry(&a.user, &entry.id).unwrap().content;
    let on_b = b.store.get_entry(&b.user, &entry.id).unwrap().content;
    assert_eq!(on_a, on_b, "both devices keep the same version");
    for device in [&a, &b] {
        let conflicts = device
            .store
            .sync_conflicts(&device.user, Some(&entry.id))
            .unwrap();
        assert_eq!(conflicts.len(), 1);
        let DocBody::Entry(lost) = &conflicts[0].body else {
            panic!("an entry's version: {conflicts:?}");
        };
        let mut both = [lost.content.as_str(), on_a.as_str()];
        both.sort();
        assert_eq!(both, ["written on A", "written on B"]);
    }
}

#[tokio::test]
async fn an_edit_wins_over_a_delete_on_the_other_device() {
    if !have_server() {
        return;
    }
    let server = CouchServer::start();
    let key = ContentKey::generate();
    let a = device(&server, &key);
    let b = device(&server, &key);
    let entry = write(&a, "kept #safe");
    sync(&a).await;
    sync(&b).await;

    a.store.delete_entry(&a.user, &entry.id).unwrap();
    b.store
        .save_entry(&b.user, &entry.id, "edited while A deleted it #safe")
        .unwrap();
    sync(&a).await;
    let on_b = sync(&b).await;
    let on_a = sync(&a).await;
    // Each device reports it once: B, which kept its edit over A's delete, and A, whose entry
    // came back.
    assert_eq!(on_b.edits_over_deletes, 1, "{on_b:?}");
    assert_eq!(on_a.edits_over_deletes, 1, "{on_a:?}");
    assert_eq!(on_a.entries, std::slice::from_ref(&entry.id));
    assert_eq!(sync(&b).await.edits_over_deletes, 0, "said once");

    for device in [&a, &b] {
        let got = device.store.get_entry(&device.user, &entry.id).unwrap();
        assert_eq!(got.content, "edited while A deleted it #safe");
        assert_eq!(device.store.list_tags(&device.user).unwrap()[0].entries, 1);
    }
}

#[tokio::test]
async fn a_document_that_is_not_quires_is_set_aside_and_sync_goes_on() {
    if !have_server() {
        return;
    }
    let server = CouchServer::start();
    let key = ContentKey::generate();
    let a = device(&server, &key);
    let b = device(&server, &key);
    let entry = write(&a, "real");
    sync(&a).await;
    put_raw(
        &server,
        "0123456789abcdef0123456789abcdef",
        serde_json::json!({ "v": 1, "c": "bm90IGNpcGhlcnRleHQgYXQgYWxsLCBzb3JyeQ==" }),
    )
    .await;
    put_raw(&server, "hello", serde_json::json!({ "hello": "world" })).await;
    // A document encrypted under another account's key.
    let stranger = device(&server, &ContentKey::generate());
    let theirs = write(&stranger, "not yours");
    sync(&stranger).await;

    let report = sync(&b).await;
    assert_eq!(
        b.store.get_entry(&b.user, &entry.id).unwrap().content,
        "real"
    );
    assert!(b.store.get_entry(&b.user, &theirs.id).is_err());
    let aside = b.store.sync_set_aside_list(&b.user).unwrap();
    assert!(
        aside.len() >= 4,
        "garbage, a stranger's entry and journal: {aside:?}"
    );
    assert_eq!(report.set_aside, aside.len());
    assert!(aside
        .iter()
        .any(|a| a.doc_id == "hello" && a.reason.contains("not a Quire")));
    assert!(aside.iter().any(|a| a.reason.contains("does not decrypt")));
    // Set aside once: the next sync does not fetch them again.
    assert_eq!(sync(&b).await.set_aside, 0);
}

#[tokio::test]
async fn a_push_cut_off_by_the_server_dying_resumes_without_duplicates() {
    if !have_server() {
        return;
    }
    let mut server = CouchServer::start();
    let key = ContentKey::generate();
    let a = device(&server, &key);
    let texts: Vec<String> = (0..250).map(|i| format!("entry {i}")).collect();
    a.store
        .insert_entries(
            &a.user,
            None,
            texts
                .iter()
                .enumerate()
                .map(|(i, text)| (1_600_000_000_000 + i as i64 * 60_000, text.as_str())),
        )
        .unwrap();
    let cut = a
        .syncer
        .sync_once(&mut |progress| {
            if let SyncProgress::Pushing { done, .. } = progress {
                if done >= 100 {
                    server.kill();
                }
            }
        })
        .await;
    assert!(matches!(cut, Err(SyncError::Offline(_))), "{cut:?}");
    let left = a.syncer.pending_count().unwrap();
    assert!(left > 0 && left < 251, "{left} left");

    server.restart();
    sync(&a).await;
    assert_eq!(a.syncer.pending_count().unwrap(), 0);
    let on_server = leaves(&server).await;
    assert_eq!(
        on_server.len(),
        251,
        "250 entries and the journal, once each"
    );
    assert!(
        on_server.iter().all(|(_, leaves)| *leaves == 1),
        "no conflicts"
    );

    let b = device(&server, &key);
    let pulled = sync(&b).await;
    assert_eq!(pulled.applied, 251, "{pulled:?}");
}

#[tokio::test]
async fn pouchdb_replicates_the_database_and_sees_every_document() {
    if !have_server() {
        return;
    }
    let server = CouchServer::start();
    let key = ContentKey::generate();
    let a = device(&server, &key);
    for i in 0..5 {
        let entry = write(&a, &format!("entry {i}"));
        if i == 0 {
            a.store
                .add_picture(&a.user, &entry.id, prepare_picture(png()).unwrap())
                .unwrap();
        }
    }
    sync(&a).await;
    let on_server = leaves(&server).await.len();
    assert_eq!(on_server, 7, "5 entries, a picture and the journal");

    let folder = tempfile::tempdir().unwrap();
    let script = crate::support::repo().join("tests/sync/pouchdb-replicate.mjs");
    let output = Command::new("node")
        .arg(script)
        .arg(server.db_url_with_auth(DB))
        .arg(folder.path().join("replica"))
        .current_dir(crate::support::repo().join("tests"))
        .output()
        .expect("run node");
    assert!(
        output.status.success(),
        "PouchDB failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let seen: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(seen["doc_count"], on_server);
    assert_eq!(seen["conflicted"], 0);
}

#[tokio::test]
async fn a_wrong_password_is_unauthorized_and_the_key_slots_unlock_a_second_device() {
    if !have_server() {
        return;
    }
    let server = CouchServer::start();
    let key = ContentKey::generate();
    let a = device(&server, &key);
    let wrong = Syncer::new(
        a.store.clone(),
        a.user.clone(),
        config(&server, "not the password"),
        &key,
    )
    .unwrap();
    let refused = wrong.sync_once(&mut |_| {}).await;
    assert!(
        matches!(refused, Err(SyncError::Unauthorized)),
        "{refused:?}"
    );
    assert!(!format!("{:?}", config(&server, PASSWORD)).contains(PASSWORD));

    let mut slots = KeySlots::new("account");
    let recovery = slots.set_recovery(&key);
    a.syncer.publish_keys(&slots).await.unwrap();
    let fetched = fetch_keys(&config(&server, PASSWORD))
        .await
        .unwrap()
        .expect("published slots");
    let unlocked = fetched.unlock(recovery.as_str()).unwrap();
    assert_eq!(unlocked.expose(), key.expose());
}

#[tokio::test]
async fn a_conflict_settled_on_one_device_is_settled_on_the_other() {
    if !have_server() {
        return;
    }
    let server = CouchServer::start();
    let key = ContentKey::generate();
    let a = device(&server, &key);
    let b = device(&server, &key);
    let entry = write(&a, "first");
    sync(&a).await;
    sync(&b).await;
    a.store.save_entry(&a.user, &entry.id, "from A").unwrap();
    b.store.save_entry(&b.user, &entry.id, "from B").unwrap();
    sync(&a).await;
    sync(&b).await;
    sync(&a).await;
    assert_eq!(
        a.store.sync_conflicted_entries(&a.user).unwrap(),
        std::slice::from_ref(&entry.id)
    );
    assert_eq!(
        b.store.sync_conflicted_entries(&b.user).unwrap(),
        std::slice::from_ref(&entry.id)
    );

    a.store
        .sync_resolve(&a.user, &entry.id, "from A\n\nfrom B")
        .unwrap();
    assert!(a.store.sync_conflicted_entries(&a.user).unwrap().is_empty());
    sync(&a).await;
    sync(&b).await;
    assert_eq!(
        b.store.get_entry(&b.user, &entry.id).unwrap().content,
        "from A\n\nfrom B"
    );
    assert!(
        b.store.sync_conflicted_entries(&b.user).unwrap().is_empty(),
        "B dropped the version A closed"
    );
    // A third device that arrives later sees no conflict either.
    let c = device(&server, &key);
    let report = sync(&c).await;
    assert_eq!(report.conflicts, 0, "{report:?}");
    assert!(c.store.sync_conflicted_entries(&c.user).unwrap().is_empty());
    assert_eq!(
        c.store.get_entry(&c.user, &entry.id).unwrap().content,
        "from A\n\nfrom B"
    );
}

#[tokio::test]
async fn a_new_device_merges_its_first_journal_into_the_one_of_the_same_name() {
    if !have_server() {
        return;
    }
    let server = CouchServer::start();
    let key = ContentKey::generate();
    let a = device(&server, &key);
    let on_a = write(&a, "written on A");
    sync(&a).await;
    let b = device(&server, &key);
    let on_b = write(&b, "written on B first");
    sync(&b).await;
    sync(&a).await;
    for device in [&a, &b] {
        let journals = device.store.list_journals(&device.user).unwrap();
        assert_eq!(journals.len(), 1, "{journals:?}");
        assert_eq!(journals[0].name, "Journal");
        for id in [&on_a.id, &on_b.id] {
            let entry = device.store.get_entry(&device.user, id).unwrap();
            assert_eq!(entry.journal_id, journals[0].id);
        }
    }
}

#[tokio::test]
async fn waiting_for_the_server_ends_when_another_device_pushes() {
    if !have_server() {
        return;
    }
    let server = CouchServer::start();
    let key = ContentKey::generate();
    let a = device(&server, &key);
    let b = device(&server, &key);
    sync(&a).await;
    sync(&b).await;
    let quiet = b
        .syncer
        .wait_for_server(std::time::Duration::from_millis(300))
        .await
        .unwrap();
    assert!(!quiet, "nothing new on the server");
    let waiting = b.syncer.wait_for_server(std::time::Duration::from_secs(30));
    let writing = async {
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
        write(&a, "news");
        sync(&a).await;
    };
    let started = std::time::Instant::now();
    let (woke, ()) = tokio::join!(waiting, writing);
    assert!(woke.unwrap());
    assert!(
        started.elapsed() < std::time::Duration::from_secs(20),
        "the wait ended with the change, not at its timeout"
    );
}
