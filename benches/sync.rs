//! The first sync of a 10,000-entry journal from one device to another through a CouchDB-protocol
//! server on loopback (PouchDB Server, as the tests start it): device A pushes everything, then a
//! new device B pulls everything. Each takes far longer than criterion's sampling suits, and the
//! server's state changes with every run, so this prints the times of one run instead.
//!
//! `cargo bench -p quire-core --bench sync` (`QUIRE_SYNC_BENCH_ENTRIES` for another size). Needs
//! `pouchdb-server` (`npm --prefix tests ci`, or `QUIRE_POUCHDB_SERVER`).

#[path = "../tests/core/support/couch.rs"]
mod couch;

use std::sync::Arc;
use std::time::Instant;

use quire_core::auth::secret::Secret;
use quire_core::keys::ContentKey;
use quire_core::store::{NewUser, Store, UserId};
use quire_core::sync::{ServerConfig, Syncer};

const END_MS: i64 = 1_767_225_600_000;

fn device(
    dir: &std::path::Path,
    key: &ContentKey,
    server: &couch::CouchServer,
) -> (Arc<Store>, UserId, Syncer) {
    let store = Arc::new(Store::open_in(dir, key).expect("open a journal"));
    let user = store
        .upsert_user(
            &NewUser {
                issuer: "https://id.example.test".into(),
                subject: "bench".into(),
                ..NewUser::default()
            },
            true,
        )
        .expect("add the person")
        .id;
    let config = ServerConfig {
        url: server.url(),
        database: "bench".to_owned(),
        username: couch::ADMIN.to_owned(),
        password: Secret::new(couch::PASSWORD),
    };
    let syncer = Syncer::new(store.clone(), user.clone(), config, key).expect("a syncer");
    (store, user, syncer)
}

fn main() {
    // `cargo bench` passes --bench; `cargo test --benches` runs this once in its own way: skip.
    if std::env::args().any(|arg| arg == "--test") || !couch::program().exists() {
        println!("sync bench: pouchdb-server is not installed, or this is a test run; skipped");
        return;
    }
    let entries: usize = std::env::var("QUIRE_SYNC_BENCH_ENTRIES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(10_000);
    let runtime = tokio::runtime::Runtime::new().expect("a runtime");
    let server = couch::CouchServer::start();
    let key = ContentKey::generate();
    let a_dir = tempfile::tempdir().expect("temp dir");
    let b_dir = tempfile::tempdir().expect("temp dir");
    let (a, user, a_sync) = device(a_dir.path(), &key, &server);
    let text = quire_sample::journal(7, entries, 10, END_MS);
    a.insert_entries(&user, None, text.iter().map(|(at, t)| (*at, t.as_str())))
        .expect("write the entries");

    let started = Instant::now();
    let pushed = runtime
        .block_on(a_sync.sync_once(&mut |_| {}))
        .expect("push");
    let push_time = started.elapsed();
    let (_, _, b_sync) = device(b_dir.path(), &key, &server);
    let started = Instant::now();
    let pulled = runtime
        .block_on(b_sync.sync_once(&mut |_| {}))
        .expect("pull");
    let pull_time = started.elapsed();
    println!(
        "sync of {entries} entries over loopback: A pushed {} documents in {:.1} s, \
         B pulled {} in {:.1} s; total {:.1} s",
        pushed.pushed,
        push_time.as_secs_f64(),
        pulled.applied,
        pull_time.as_secs_f64(),
        (push_time + pull_time).as_secs_f64()
    );
}
