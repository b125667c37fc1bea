//! Pictures in entries, against a real encrypted journal: what `prepare_picture` takes and refuses,
//! the display copy of a large picture, and how pictures follow their entry (another person, delete,
//! Undo, purge). Every picture is made here with the `image` crate.

use std::io::Cursor;

use crate::support::journal::{connect_to, journal, person};
use image::codecs::gif::GifEncoder;
use image::codecs::jpeg::JpegEncoder;
use image::codecs::png::PngEncoder;
use image::codecs::webp::WebPEncoder;
use image::{DynamicImage, ImageEncoder, ImageFormat, Rgb, RgbImage, Rgba, RgbaImage};
use quire_core::store::{
    prepare_picture, PictureError, PictureVariant, Store, StoreError, UserId, DISPLAY_MAX_SIDE,
    MAX_PICTURE_BYTES,
};

/// A repeatable pseudo-random byte for each pixel, so that a picture does not compress to nothing.
fn noise(x: u32, y: u32) -> u8 {
    let mut h = x.wrapping_mul(374_761_393) ^ y.wrapping_mul(668_265_263);
    h = (h ^ (h >> 13)).wrapping_mul(1_274_126_177);
    (h >> 24) as u8
}

fn textured_rgb(width: u32, height: u32) -> RgbImage {
    RgbImage::from_fn(width, height, |x, y| {
        let n = noise(x, y) / 4;
        Rgb([
            (x * 190 / width) as u8 + n,
            (y * 190 / height) as u8 + n,
            128 + n,
        ])
    })
}

/// A PNG whose left half is see-through.
fn transparent_png(width: u32, height: u32) -> Vec<u8> {
    let pixels = RgbaImage::from_fn(width, height, |x, y| {
        let alpha = if x < width / 2 { 0 } else { 255 };
        Rgba([noise(x, y), 90, 200, alpha])
    });
    let mut bytes = Vec::new();
    PngEncoder::new(&mut bytes)
        .write_image(
            pixels.as_raw(),
            width,
            height,
            image::ExtendedColorType::Rgba8,
        )
        .unwrap();
    bytes
}

fn jpeg(width: u32, height: u32, exif: Option<Vec<u8>>) -> Vec<u8> {
    let pixels = textured_rgb(width, height);
    let mut bytes = Vec::new();
    let mut encoder = JpegEncoder::new_with_quality(&mut bytes, 90);
    if let Some(exif) = exif {
        encoder.set_exif_metadata(exif).unwrap();
    }
    encoder
        .write_image(
            pixels.as_raw(),
            width,
            height,
            image::ExtendedColorType::Rgb8,
        )
        .unwrap();
    bytes
}

/// A raw EXIF chunk (big-endian TIFF) holding only an orientation.
fn exif_orientation(value: u16) -> Vec<u8> {
    let mut chunk = b"MM\0\x2a\0\0\0\x08\0\x01\x01\x12\0\x03\0\0\0\x01".to_vec();
    chunk.extend_from_slice(&value.to_be_bytes());
    chunk.extend_from_slice(&[0, 0, 0, 0, 0, 0]);
    chunk
}

fn gif(width: u32, height: u32) -> Vec<u8> {
    let pixels = RgbaImage::from_fn(width, height, |x, _| {
        Rgba([if x % 2 == 0 { 255 } else { 0 }, 0, 0, 255])
    });
    let mut bytes = Vec::new();
    GifEncoder::new(&mut bytes)
        .encode_frame(image::Frame::new(pixels))
        .unwrap();
    bytes
}

fn webp(width: u32, height: u32) -> Vec<u8> {
    let pixels = RgbaImage::from_fn(width, height, |x, y| Rgba([noise(x, y), 10, 20, 255]));
    let mut bytes = Vec::new();
    WebPEncoder::new_lossless(&mut bytes)
        .write_image(
            pixels.as_raw(),
            width,
            height,
            image::ExtendedColorType::Rgba8,
        )
        .unwrap();
    bytes
}

fn decode(bytes: &[u8]) -> DynamicImage {
    image::load_from_memory(bytes).expect("the bytes decode")
}

/// How many picture rows the file holds, whoever they belong to, deleted entries' too.
fn picture_rows(store: &Store) -> i64 {
    connect_to(store)
        .query_row("SELECT count(*) FROM pictures", [], |row| row.get(0))
        .unwrap()
}

fn entry(store: &Store, user: &UserId, text: &str) -> String {
    store
        .insert_entry(user, 1_760_000_000_000, text)
        .unwrap()
        .id
}

#[test]
fn a_small_png_with_transparency_is_kept_byte_for_byte_and_shown_as_it_is() {
    let j = journal();
    let me = person(&j.store, "ada");
    let day = entry(&j.store, &me.id, "A sticker");
    let png = transparent_png(64, 48);

    let prepared = prepare_picture(png.clone()).unwrap();
    assert_eq!(
        (prepared.mime(), prepared.width(), prepared.height()),
        ("image/png", 64, 48)
    );
    assert_eq!(prepared.display(), None, "small enough to show as it is");
    let info = j.store.add_picture(&me.id, &day, prepared).unwrap();
    assert_eq!(
        (
            info.entry_id.as_str(),
            info.mime.as_str(),
            info.width,
            info.height,
            info.byte_len as usize
        ),
        (day.as_str(), "image/png", 64, 48, png.len())
    );

    let original = j
        .store
        .picture(&me.id, &info.id, PictureVariant::Original)
        .unwrap();
    assert_eq!(original.mime, "image/png");
    assert!(original.bytes == png, "the original comes back exactly");
    let shown = j
        .store
        .picture(&me.id, &info.id, PictureVariant::Display)
        .unwrap();
    assert!(
        shown.mime == "image/png" && shown.bytes == png,
        "with no display copy, the original is shown"
    );
    assert_eq!(j.store.entry_pictures(&me.id, &day).unwrap(), vec![info]);
}

#[test]
fn a_large_jpeg_gets_a_display_copy_that_fits_and_decodes() {
    let j = journal();
    let me = person(&j.store, "ada");
    let day = entry(&j.store, &me.id, "The view from the hill");
    let photo = jpeg(3000, 2000, None);

    let prepared = prepare_picture(photo.clone()).unwrap();
    assert_eq!((prepared.width(), prepared.height()), (3000, 2000));
    let (display_mime, display_len) = prepared.display().expect("a display copy");
    assert_eq!(display_mime, "image/jpeg");
    assert!(
        display_len < photo.len(),
        "the copy is smaller than the original"
    );
    let info = j.store.add_picture(&me.id, &day, prepared).unwrap();
    assert_eq!(info.byte_len as usize, photo.len());

    let original = j
        .store
        .picture(&me.id, &info.id, PictureVariant::Original)
        .unwrap();
    assert!(original.bytes == photo, "the original is kept whole");
    let shown = j
        .store
        .picture(&me.id, &info.id, PictureVariant::Display)
        .unwrap();
    assert_eq!(shown.mime, "image/jpeg");
    assert_eq!(shown.bytes.len(), display_len);
    assert_eq!(
        image::guess_format(&shown.bytes).unwrap(),
        ImageFormat::Jpeg
    );
    let copy = decode(&shown.bytes);
    assert_eq!((copy.width(), copy.height()), (DISPLAY_MAX_SIDE, 1365));
    // Scaled, not cropped: the copy's corners have the original's colours (the gradient runs from
    // dark red-green at the top left to bright at the bottom right).
    let (top_left, bottom_right) = (
        copy.to_rgb8().get_pixel(4, 4).0,
        copy.to_rgb8().get_pixel(2040, 1360).0,
    );
    assert!(
        top_left[0] < 80 && bottom_right[0] > 170,
        "{top_left:?} {bottom_right:?}"
    );
}

#[test]
fn a_sideways_jpeg_is_measured_and_shown_upright() {
    let photo = jpeg(2400, 1200, Some(exif_orientation(6)));
    let prepared = prepare_picture(photo).unwrap();
    assert_eq!(
        (prepared.width(), prepared.height()),
        (1200, 2400),
        "orientation 6 turns the picture a quarter"
    );
    let j = journal();
    let me = person(&j.store, "ada");
    let day = entry(&j.store, &me.id, "Portrait");
    let info = j.store.add_picture(&me.id, &day, prepared).unwrap();
    assert_eq!((info.width, info.height), (1200, 2400));
    let shown = j
        .store
        .picture(&me.id, &info.id, PictureVariant::Display)
        .unwrap();
    let copy = decode(&shown.bytes);
    assert_eq!((copy.width(), copy.height()), (1024, DISPLAY_MAX_SIDE));
}

#[test]
fn a_large_picture_keeps_its_transparency_in_a_png_copy_and_an_opaque_one_becomes_jpeg() {
    let see_through = prepare_picture(transparent_png(2500, 300)).unwrap();
    assert_eq!(see_through.display().map(|d| d.0), Some("image/png"));

    let j = journal();
    let me = person(&j.store, "ada");
    let day = entry(&j.store, &me.id, "Banner");
    let info = j.store.add_picture(&me.id, &day, see_through).unwrap();
    let shown = j
        .store
        .picture(&me.id, &info.id, PictureVariant::Display)
        .unwrap();
    assert_eq!(shown.mime, "image/png");
    let copy = decode(&shown.bytes).into_rgba8();
    assert_eq!(copy.dimensions(), (DISPLAY_MAX_SIDE, 246));
    assert_eq!(copy.get_pixel(10, 100).0[3], 0, "the left half stays clear");
    assert_eq!(copy.get_pixel(2000, 100).0[3], 255);

    // An RGBA PNG whose every pixel is opaque needs no alpha: its copy is a JPEG.
    let opaque = RgbaImage::from_fn(2100, 100, |x, y| Rgba([noise(x, y), 0, 0, 255]));
    let mut png = Vec::new();
    opaque
        .write_to(&mut Cursor::new(&mut png), ImageFormat::Png)
        .unwrap();
    let prepared = prepare_picture(png).unwrap();
    assert_eq!(prepared.mime(), "image/png");
    assert_eq!(prepared.display().map(|d| d.0), Some("image/jpeg"));
}

#[test]
fn a_gif_keeps_only_its_original_even_when_large() {
    let j = journal();
    let me = person(&j.store, "ada");
    let day = entry(&j.store, &me.id, "Moving pictures");
    for (width, height) in [(40, 30), (2100, 8)] {
        let animation = gif(width, height);
        let prepared = prepare_picture(animation.clone()).unwrap();
        assert_eq!(
            (prepared.mime(), prepared.width(), prepared.height()),
            ("image/gif", width, height)
        );
        assert_eq!(prepared.display(), None, "a GIF may move: no still copy");
        let info = j.store.add_picture(&me.id, &day, prepared).unwrap();
        let shown = j
            .store
            .picture(&me.id, &info.id, PictureVariant::Display)
            .unwrap();
        assert!(shown.mime == "image/gif" && shown.bytes == animation);
    }
    assert_eq!(j.store.entry_pictures(&me.id, &day).unwrap().len(), 2);
}

#[test]
fn a_webp_is_taken_and_kept_whole() {
    let j = journal();
    let me = person(&j.store, "ada");
    let day = entry(&j.store, &me.id, "From the web");
    let bytes = webp(30, 20);
    let prepared = prepare_picture(bytes.clone()).unwrap();
    assert_eq!(
        (prepared.mime(), prepared.width(), prepared.height()),
        ("image/webp", 30, 20)
    );
    let info = j.store.add_picture(&me.id, &day, prepared).unwrap();
    let original = j
        .store
        .picture(&me.id, &info.id, PictureVariant::Original)
        .unwrap();
    assert!(original.mime == "image/webp" && original.bytes == bytes);
}

#[test]
fn a_picture_over_25_mb_is_refused_with_what_to_do_and_nothing_is_written() {
    let j = journal();
    let me = person(&j.store, "ada");
    let _day = entry(&j.store, &me.id, "Too big");
    let mut huge = transparent_png(8, 8);
    huge.resize(MAX_PICTURE_BYTES + 1, 0);
    let err = prepare_picture(huge).unwrap_err();
    assert_eq!(
        err,
        PictureError::TooLarge {
            bytes: MAX_PICTURE_BYTES + 1
        }
    );
    assert_eq!(
        err.to_string(),
        "This picture is 25.1 MB; Quire keeps pictures up to 25 MB. Make it smaller and add it \
         again."
    );
    // At the limit itself, the size is not what is wrong (the padding after the PNG is ignored).
    let mut at_limit = transparent_png(8, 8);
    at_limit.resize(MAX_PICTURE_BYTES, 0);
    assert!(prepare_picture(at_limit).is_ok());
    assert_eq!(picture_rows(&j.store), 0);
}

#[test]
fn files_that_are_not_pictures_or_do_not_decode_are_refused() {
    let not_one = "Quire can add PNG, JPEG, WebP and GIF pictures; this file is not one of them.";
    let random: Vec<u8> = (0..4096u32).map(|i| noise(i, 7)).collect();
    let bmp = {
        let mut bytes = Vec::new();
        DynamicImage::ImageRgb8(textured_rgb(4, 4))
            .write_to(&mut Cursor::new(&mut bytes), ImageFormat::Bmp)
            .map(|()| bytes)
            // Without the BMP encoder, a BMP's first bytes stand in for it.
            .unwrap_or_else(|_| b"BM\x46\0\0\0\0\0\0\0\x36\0\0\0".to_vec())
    };
    for (what, bytes) in [
        ("random bytes", random),
        ("nothing", Vec::new()),
        ("text", b"# My day\n\nA walk.".to_vec()),
        ("a BMP", bmp),
    ] {
        let err = prepare_picture(bytes).unwrap_err();
        assert_eq!(err, PictureError::NotAPicture, "{what}");
        assert_eq!(err.to_string(), not_one);
    }

    let damaged = "This picture could not be read: it may be damaged.";
    let png = transparent_png(200, 200);
    let photo = jpeg(300, 200, None);
    let mut bad_header = png.clone();
    bad_header[16..24].fill(0); // IHDR's width and height
    for (what, bytes) in [
        ("a truncated PNG", png[..png.len() / 2].to_vec()),
        ("a PNG cut after its header", png[..40].to_vec()),
        // A JPEG cut in its image data still decodes, grey where it stops, as browsers show it;
        // one cut before its image data does not.
        ("a JPEG cut in its headers", photo[..200].to_vec()),
        ("a PNG with a bad header", bad_header),
        ("a PNG signature and nothing else", png[..8].to_vec()),
    ] {
        let err = prepare_picture(bytes).unwrap_err();
        assert_eq!(err, PictureError::Damaged, "{what}");
        assert_eq!(err.to_string(), damaged);
    }
}

/// The standard CRC-32 of PNG chunks.
fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = !0u32;
    for &byte in bytes {
        crc ^= u32::from(byte);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

fn png_chunk(kind: &[u8; 4], data: &[u8]) -> Vec<u8> {
    let mut chunk = (data.len() as u32).to_be_bytes().to_vec();
    chunk.extend_from_slice(kind);
    chunk.extend_from_slice(data);
    let mut checked = kind.to_vec();
    checked.extend_from_slice(data);
    chunk.extend_from_slice(&crc32(&checked).to_be_bytes());
    chunk
}

#[test]
fn a_picture_that_claims_too_many_pixels_is_refused_before_it_is_decoded() {
    // A few dozen bytes that claim 20,000 × 20,000 pixels: 1.6 GB once decoded.
    let mut bomb = b"\x89PNG\r\n\x1a\n".to_vec();
    let mut header = Vec::new();
    header.extend_from_slice(&20_000u32.to_be_bytes());
    header.extend_from_slice(&20_000u32.to_be_bytes());
    header.extend_from_slice(&[8, 6, 0, 0, 0]);
    bomb.extend(png_chunk(b"IHDR", &header));
    bomb.extend(png_chunk(
        b"IDAT",
        &[0x78, 0x9c, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01],
    ));
    bomb.extend(png_chunk(b"IEND", &[]));
    let err = prepare_picture(bomb).unwrap_err();
    assert_eq!(
        err,
        PictureError::TooManyPixels {
            size: Some((20_000, 20_000))
        }
    );
    assert_eq!(
        err.to_string(),
        "This picture is 20000 × 20000 pixels, more than Quire can open. Make it smaller and add \
         it again."
    );
}

#[test]
fn another_person_can_neither_read_nor_list_nor_add_to_an_entry_that_is_not_theirs() {
    let j = journal();
    let ada = person(&j.store, "ada");
    let bob = person(&j.store, "bob");
    let day = entry(&j.store, &ada.id, "Mine");
    let info = j
        .store
        .add_picture(
            &ada.id,
            &day,
            prepare_picture(transparent_png(10, 10)).unwrap(),
        )
        .unwrap();

    for variant in [PictureVariant::Display, PictureVariant::Original] {
        assert!(matches!(
            j.store.picture(&bob.id, &info.id, variant),
            Err(StoreError::NotFound)
        ));
    }
    assert!(j.store.entry_pictures(&bob.id, &day).unwrap().is_empty());
    assert!(matches!(
        j.store.add_picture(
            &bob.id,
            &day,
            prepare_picture(transparent_png(10, 10)).unwrap()
        ),
        Err(StoreError::NotFound)
    ));
    assert_eq!(picture_rows(&j.store), 1);
    // Ada still has hers.
    assert!(j
        .store
        .picture(&ada.id, &info.id, PictureVariant::Original)
        .is_ok());
}

#[test]
fn a_deleted_entry_keeps_its_pictures_for_undo_and_purging_it_removes_them() {
    let j = journal();
    let me = person(&j.store, "ada");
    let gone = entry(&j.store, &me.id, "To delete");
    let kept = entry(&j.store, &me.id, "To keep");
    let png = transparent_png(12, 12);
    let info = j
        .store
        .add_picture(&me.id, &gone, prepare_picture(png.clone()).unwrap())
        .unwrap();
    let other = j
        .store
        .add_picture(&me.id, &kept, prepare_picture(gif(5, 5)).unwrap())
        .unwrap();

    j.store.delete_entry(&me.id, &gone).unwrap();
    for variant in [PictureVariant::Display, PictureVariant::Original] {
        assert!(matches!(
            j.store.picture(&me.id, &info.id, variant),
            Err(StoreError::NotFound)
        ));
    }
    assert!(j.store.entry_pictures(&me.id, &gone).unwrap().is_empty());
    assert_eq!(picture_rows(&j.store), 2, "kept for Undo");

    j.store.restore_entry(&me.id, &gone).unwrap();
    let back = j
        .store
        .picture(&me.id, &info.id, PictureVariant::Original)
        .unwrap();
    assert!(back.bytes == png, "Undo brings the picture back");
    assert_eq!(
        j.store.entry_pictures(&me.id, &gone).unwrap(),
        vec![info.clone()]
    );

    j.store.delete_entry(&me.id, &gone).unwrap();
    assert_eq!(j.store.purge_deleted(&me.id).unwrap(), 1);
    let left: Vec<String> = connect_to(&j.store)
        .prepare("SELECT id FROM pictures")
        .unwrap()
        .query_map([], |row| row.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(
        left,
        vec![other.id.clone()],
        "the purged entry's picture went with it"
    );
    assert!(j
        .store
        .picture(&me.id, &other.id, PictureVariant::Display)
        .is_ok());
}

#[test]
fn deleting_a_journal_hides_its_entries_pictures_until_undo() {
    let j = journal();
    let me = person(&j.store, "ada");
    let trips = j
        .store
        .create_journal(&me.id, "Trips", quire_core::store::JournalColour::Green)
        .unwrap();
    let day = j
        .store
        .create_entry(&me.id, Some(&trips.id), None)
        .unwrap()
        .id;
    let info = j
        .store
        .add_picture(&me.id, &day, prepare_picture(webp(6, 6)).unwrap())
        .unwrap();
    j.store.delete_journal(&me.id, &trips.id, None).unwrap();
    assert!(matches!(
        j.store.picture(&me.id, &info.id, PictureVariant::Display),
        Err(StoreError::NotFound)
    ));
    j.store.undo_delete_journal(&me.id, &trips.id).unwrap();
    assert!(j
        .store
        .picture(&me.id, &info.id, PictureVariant::Display)
        .is_ok());
}

#[test]
fn a_picture_cannot_be_added_to_a_deleted_or_unknown_entry() {
    let j = journal();
    let me = person(&j.store, "ada");
    let day = entry(&j.store, &me.id, "Soon gone");
    j.store.delete_entry(&me.id, &day).unwrap();
    match j.store.add_picture(
        &me.id,
        &day,
        prepare_picture(transparent_png(4, 4)).unwrap(),
    ) {
        Err(StoreError::InvalidInput(reason)) => assert_eq!(
            reason,
            "this entry has been deleted; undo the delete to add pictures to it"
        ),
        other => panic!("expected the deleted entry to be refused, got {other:?}"),
    }
    assert!(matches!(
        j.store.add_picture(
            &me.id,
            "0192f1c8-7d3e-7a10-9c4b-5e6f7a8b9c0d",
            prepare_picture(transparent_png(4, 4)).unwrap()
        ),
        Err(StoreError::NotFound)
    ));
    assert_eq!(picture_rows(&j.store), 0);
}

#[test]
fn a_picture_is_encrypted_in_the_journal_file() {
    let j = journal();
    let me = person(&j.store, "ada");
    let day = entry(&j.store, &me.id, "Secret");
    let png = transparent_png(300, 300);
    j.store
        .add_picture(&me.id, &day, prepare_picture(png.clone()).unwrap())
        .unwrap();
    j.store.checkpoint().unwrap();
    // A run of the picture's compressed bytes from its middle: found nowhere in the files.
    let needle = &png[png.len() / 2..png.len() / 2 + 32];
    for suffix in ["", "-wal"] {
        let path = format!("{}{suffix}", j.store.path().display());
        let Ok(file) = std::fs::read(&path) else {
            continue;
        };
        assert!(
            !file.windows(needle.len()).any(|w| w == needle),
            "{path} holds the picture in the clear"
        );
    }
}
