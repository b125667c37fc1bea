//! What unlocking a journal costs: `KeySlots::unlock` with a passphrase (Argon2id at the real
//! parameters: 64 MiB, 3 passes, 1 lane) and with a recovery key (HKDF-SHA256), each opening the
//! slot and checking its tag.
//!
//! `cargo bench -p quire-core --bench keys`. The passphrase is timed in flat sampling, ten samples
//! of a few unlocks each, since a single unlock takes a good fraction of a second.

use std::hint::black_box;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, Criterion, SamplingMode};
use quire_core::keys::{ContentKey, KeySlots};

const ACCOUNT: &str = "0192f1c8-7d3e-7a10-9c4b-5e6f7a8b9c0d";
const PASSPHRASE: &str = "correct horse battery staple";

fn unlock(c: &mut Criterion) {
    let key = ContentKey::generate();
    let mut slots = KeySlots::new(ACCOUNT);
    let recovery = slots.set_recovery(&key);
    slots
        .set_passphrase(&key, PASSPHRASE)
        .expect("set the passphrase");

    let mut group = c.benchmark_group("unlock");
    group.sample_size(10);

    group
        .sampling_mode(SamplingMode::Flat)
        .measurement_time(Duration::from_secs(15));
    group.bench_function("passphrase (Argon2id, 64 MiB, 3 passes)", |b| {
        b.iter(|| {
            slots
                .unlock(black_box(PASSPHRASE))
                .expect("the passphrase opens")
        })
    });

    group
        .sampling_mode(SamplingMode::Auto)
        .measurement_time(Duration::from_secs(3));
    group.bench_function("recovery key (HKDF-SHA256)", |b| {
        b.iter(|| {
            slots
                .unlock(black_box(recovery.as_str()))
                .expect("the recovery key opens")
        })
    });
    group.finish();
}

criterion_group!(benches, unlock);
criterion_main!(benches);
