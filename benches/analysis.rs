//! What the offline analysis costs per entry, for entries of typical diary lengths.
//!
//! `cargo bench --bench analysis`. The figures are recorded in docs/analysis.md.

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use quire_core::analyser::Analyser;
use quire_sample as sample;

fn analysis(c: &mut Criterion) {
    let analyser = Analyser::new();
    let mut rng = sample::Rng::new(42);
    let mut group = c.benchmark_group("analyse one entry");
    for words in [50, 150, 600, 2_000] {
        let text = sample::entry(&mut rng, words);
        group.throughput(Throughput::Bytes(text.len() as u64));
        group.bench_with_input(
            BenchmarkId::from_parameter(format!("{words} words")),
            &text,
            |b, text| {
                b.iter(|| analyser.analyse(std::hint::black_box(text)));
            },
        );
    }
    group.finish();

    c.bench_function("load the lexicons", |b| b.iter(Analyser::new));
}

criterion_group!(benches, analysis);
criterion_main!(benches);
