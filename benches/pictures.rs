//! What adding a pasted photo costs: `prepare_picture` on a 12-megapixel JPEG (4000 × 3000, made
//! here with enough texture that it does not compress to nothing), `add_picture` of the result into
//! an encrypted journal, and the two together, which must stay well under the second a paste has
//! until the picture is shown. A second group shows where `prepare_picture`'s time goes: decoding,
//! the ways of scaling to fit 2048 pixels that were weighed (`fast_image_resize`, chosen, against
//! `image`'s own), and encoding the display copy.
//!
//! `cargo bench -p quire-core --bench pictures`. Flat sampling, ten samples: each call takes a good
//! fraction of a second. Each add goes to a new entry that is purged afterwards, outside the time,
//! so the journal does not grow from one sample to the next.

use std::hint::black_box;
use std::io::Cursor;
use std::time::{Duration, Instant};

use criterion::{criterion_group, criterion_main, BatchSize, Criterion, SamplingMode};
use fast_image_resize as fir;
use image::codecs::jpeg::JpegEncoder;
use image::imageops::FilterType;
use image::{ImageEncoder, Rgb, RgbImage};
use quire_core::keys::ContentKey;
use quire_core::store::{prepare_picture, NewUser, PreparedPicture, Store, UserId};

const WIDTH: u32 = 4000;
const HEIGHT: u32 = 3000;

/// A photo-like 12-megapixel JPEG at quality 90: smooth gradients with grain on top.
fn photo() -> Vec<u8> {
    let pixels = RgbImage::from_fn(WIDTH, HEIGHT, |x, y| {
        let mut h = x.wrapping_mul(374_761_393) ^ y.wrapping_mul(668_265_263);
        h = (h ^ (h >> 13)).wrapping_mul(1_274_126_177);
        let grain = (h >> 26) as u8;
        Rgb([
            (x * 190 / WIDTH) as u8 + grain,
            (y * 190 / HEIGHT) as u8 + grain,
            ((x + y) * 95 / (WIDTH + HEIGHT)) as u8 + 60 + grain,
        ])
    });
    let mut bytes = Vec::new();
    JpegEncoder::new_with_quality(&mut bytes, 90)
        .write_image(
            pixels.as_raw(),
            WIDTH,
            HEIGHT,
            image::ExtendedColorType::Rgb8,
        )
        .expect("encode the photo");
    bytes
}

/// Times `add` on a new entry per iteration; the entry and its picture are purged untimed.
fn time_adds(
    store: &Store,
    user: &UserId,
    iters: u64,
    mut add: impl FnMut(&str) -> Duration,
) -> Duration {
    let mut total = Duration::ZERO;
    for _ in 0..iters {
        let entry = store.create_entry(user, None, None).expect("an entry").id;
        total += add(&entry);
        store.delete_entry(user, &entry).expect("delete the entry");
        store.purge_deleted(user).expect("purge it");
    }
    total
}

fn pictures(c: &mut Criterion) {
    let photo = photo();
    let prepared = prepare_picture(photo.clone()).expect("prepare the photo");
    println!(
        "photo: {WIDTH} x {HEIGHT} JPEG, {:.1} MB; display copy: {:?}",
        photo.len() as f64 / 1_048_576.0,
        prepared.display()
    );
    let dir = tempfile::tempdir().expect("a temporary folder");
    let store = Store::open_in(dir.path(), &ContentKey::generate()).expect("open the journal");
    let user = store
        .upsert_user(
            &NewUser {
                issuer: "https://id.example.test".into(),
                subject: "bench".into(),
                ..NewUser::default()
            },
            true,
        )
        .expect("a person")
        .id;

    let mut group = c.benchmark_group("12-megapixel JPEG");
    group
        .sample_size(10)
        .sampling_mode(SamplingMode::Flat)
        .measurement_time(Duration::from_secs(10));
    group.bench_function("prepare_picture", |b| {
        b.iter_batched(
            || photo.clone(),
            |bytes| prepare_picture(bytes).expect("prepared"),
            BatchSize::PerIteration,
        )
    });
    group.bench_function("add_picture (encrypted journal)", |b| {
        b.iter_custom(|iters| {
            time_adds(&store, &user, iters, |entry| {
                let picture: PreparedPicture = prepared.clone();
                let start = Instant::now();
                store.add_picture(&user, entry, picture).expect("added");
                start.elapsed()
            })
        })
    });
    group.bench_function("prepare_picture + add_picture", |b| {
        b.iter_custom(|iters| {
            time_adds(&store, &user, iters, |entry| {
                let bytes = photo.clone();
                let start = Instant::now();
                let picture = prepare_picture(bytes).expect("prepared");
                store.add_picture(&user, entry, picture).expect("added");
                start.elapsed()
            })
        })
    });
    group.finish();

    // Where the time goes, and the scaling methods weighed against each other.
    let decoded = image::load_from_memory(&photo).expect("decode");
    let mut group = c.benchmark_group("parts");
    group
        .sample_size(10)
        .sampling_mode(SamplingMode::Flat)
        .measurement_time(Duration::from_secs(5));
    group.bench_function("decode the JPEG", |b| {
        b.iter(|| image::load_from_memory(black_box(&photo)).expect("decode"))
    });
    group.bench_function("scale: image thumbnail (box average)", |b| {
        b.iter(|| decoded.thumbnail(2048, 2048))
    });
    group.bench_function("scale: fast_image_resize Bilinear (chosen)", |b| {
        b.iter_batched(
            || decoded.to_rgb8().into_raw(),
            |pixels| {
                let source =
                    fir::images::Image::from_vec_u8(WIDTH, HEIGHT, pixels, fir::PixelType::U8x3)
                        .expect("a source image");
                let mut scaled = fir::images::Image::new(2048, 1536, fir::PixelType::U8x3);
                fir::Resizer::new()
                    .resize(
                        &source,
                        &mut scaled,
                        &fir::ResizeOptions::new()
                            .resize_alg(fir::ResizeAlg::Convolution(fir::FilterType::Bilinear)),
                    )
                    .expect("scaled");
                scaled
            },
            BatchSize::PerIteration,
        )
    });
    group.bench_function("scale: image resize Triangle", |b| {
        b.iter(|| decoded.resize(2048, 2048, FilterType::Triangle))
    });
    let small = decoded.thumbnail(2048, 2048).into_rgb8();
    group.bench_function("encode the 2048 x 1536 copy (JPEG q85)", |b| {
        b.iter(|| {
            let mut out = Cursor::new(Vec::new());
            JpegEncoder::new_with_quality(&mut out, 85)
                .encode_image(&small)
                .expect("encode");
            out
        })
    });
    group.finish();
}

criterion_group!(benches, pictures);
criterion_main!(benches);
