//! The `pictures` table: pictures in entries (written in Markdown), kept inside the journal, and so
//! encrypted with it, backed up with it and gone with it.
//!
//! Adding one takes two steps. [`prepare_picture`] is pure and takes no lock, so the app runs it on
//! a worker thread: it checks the bytes (size, format from their first bytes, that they decode,
//! that decoding them cannot take more memory than a picture should) and, when the picture is
//! larger than a window needs, makes a smaller copy to show. [`Store::add_picture`] then writes
//! the result in one short transaction.
//!
//! The original is kept whole, byte for byte, whatever it holds. The display copy is at most
//! [`DISPLAY_MAX_SIDE`] pixels on its longest side: a JPEG, or a PNG when the picture has
//! transparency. A GIF keeps only its original, since it may be animated. A JPEG's EXIF
//! orientation is applied to its display copy (which carries no EXIF), and its width and height
//! are given as it is shown upright; a webview turns the original the same way.
//!
//! A picture belongs to one entry and goes with it: a soft-deleted entry keeps its pictures but
//! they are not served, so that Undo brings them back; purging the entry removes them (the foreign
//! key cascades).

use std::fmt;
use std::io::Cursor;

use fast_image_resize::images::Image as ResizeImage;
use fast_image_resize::{FilterType as ResizeFilter, PixelType, ResizeAlg, ResizeOptions, Resizer};
use image::codecs::jpeg::JpegEncoder;
use image::codecs::png::{CompressionType, FilterType as PngFilter, PngEncoder};
use image::metadata::Orientation;
use image::{
    DynamicImage, ImageDecoder, ImageEncoder, ImageError, ImageFormat, ImageReader, Limits,
};
use rusqlite::{named_params, params, OptionalExtension};
use serde::{Deserialize, Serialize};

use super::{now_ms, Store, StoreError, UserId};

/// The largest picture accepted, in bytes of its file: a phone's photo is a few MB.
pub const MAX_PICTURE_BYTES: usize = 25 * 1024 * 1024;

/// The longest side of a display copy, in pixels; a picture no larger than this is shown as it is.
pub const DISPLAY_MAX_SIDE: u32 = 2048;

/// The most pixels a picture may have: 100 megapixels, far beyond any camera's photo. A small file
/// can claim a huge image (a "decompression bomb"), so this is checked before anything is decoded.
pub const MAX_PICTURE_PIXELS: u64 = 100_000_000;

/// The most memory a decoder may take for one picture. 100 megapixels of 8-bit RGBA fit in it.
const MAX_DECODE_BYTES: u64 = 512 * 1024 * 1024;

/// The display copy's JPEG quality: no visible loss at the size it is shown.
const DISPLAY_JPEG_QUALITY: u8 = 85;

/// Why a picture was refused. Each message tells the person what to do, and is ready to show as
/// it is (a sentence with its capital and full stop).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PictureError {
    /// The file is over [`MAX_PICTURE_BYTES`]; `bytes` is its size.
    TooLarge { bytes: usize },
    /// The picture has more pixels than Quire opens (see [`MAX_PICTURE_PIXELS`]), or would take
    /// more memory to decode than it allows. `size` is its width and height when they are known.
    TooManyPixels { size: Option<(u32, u32)> },
    /// The file is not a PNG, JPEG, WebP or GIF picture.
    NotAPicture,
    /// The file starts like a picture but does not decode.
    Damaged,
    /// The display copy could not be encoded (which should not happen); the reason is the encoder's.
    DisplayCopy(String),
}

impl fmt::Display for PictureError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::TooLarge { bytes } => write!(
                f,
                "This picture is {} MB; Quire keeps pictures up to {} MB. Make it smaller and add \
                 it again.",
                megabytes(*bytes),
                MAX_PICTURE_BYTES / (1024 * 1024)
            ),
            Self::TooManyPixels {
                size: Some((width, height)),
            } => write!(
                f,
                "This picture is {width} × {height} pixels, more than Quire can open. Make it \
                 smaller and add it again."
            ),
            Self::TooManyPixels { size: None } => f.write_str(
                "This picture is too large for Quire to open. Make it smaller and add it again.",
            ),
            Self::NotAPicture => f.write_str(
                "Quire can add PNG, JPEG, WebP and GIF pictures; this file is not one of them.",
            ),
            Self::Damaged => f.write_str("This picture could not be read: it may be damaged."),
            Self::DisplayCopy(reason) => write!(
                f,
                "Quire could not make a copy of this picture to show ({reason}). Try another \
                 picture, or this one saved in another format."
            ),
        }
    }
}

impl std::error::Error for PictureError {}

/// A size in MB (of 1024 × 1024 bytes) with one decimal, rounded up, so that a file just over the
/// limit never reads as the limit itself.
fn megabytes(bytes: usize) -> String {
    let tenths = (bytes as u64 * 10).div_ceil(1024 * 1024);
    format!("{}.{}", tenths / 10, tenths % 10)
}

/// A picture checked and ready to store: made only by [`prepare_picture`].
#[derive(Clone)]
pub struct PreparedPicture {
    mime: &'static str,
    width: u32,
    height: u32,
    data: Vec<u8>,
    display: Option<DisplayCopy>,
}

#[derive(Clone)]
struct DisplayCopy {
    mime: &'static str,
    bytes: Vec<u8>,
}

impl PreparedPicture {
    /// The original's type: `image/png`, `image/jpeg`, `image/webp` or `image/gif`.
    pub fn mime(&self) -> &'static str {
        self.mime
    }

    /// Width in pixels, as the picture is shown (after a JPEG's EXIF orientation).
    pub fn width(&self) -> u32 {
        self.width
    }

    /// Height in pixels, as the picture is shown.
    pub fn height(&self) -> u32 {
        self.height
    }

    /// The original's size in bytes.
    pub fn byte_len(&self) -> usize {
        self.data.len()
    }

    /// The display copy's type and size in bytes, when the picture has one.
    pub fn display(&self) -> Option<(&'static str, usize)> {
        self.display.as_ref().map(|d| (d.mime, d.bytes.len()))
    }
}

impl fmt::Debug for PreparedPicture {
    /// Sizes only: the bytes are the person's.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PreparedPicture")
            .field("mime", &self.mime)
            .field("width", &self.width)
            .field("height", &self.height)
            .field("byte_len", &self.data.len())
            .field("display", &self.display())
            .finish()
    }
}

/// Checks a picture's bytes and makes its display copy when it needs one. Pure and lock-free: run
/// it off the thread that talks to the person, then hand the result to [`Store::add_picture`].
pub fn prepare_picture(bytes: Vec<u8>) -> Result<PreparedPicture, PictureError> {
    if bytes.len() > MAX_PICTURE_BYTES {
        return Err(PictureError::TooLarge { bytes: bytes.len() });
    }
    let format = image::guess_format(&bytes).map_err(|_| PictureError::NotAPicture)?;
    let mime = match format {
        ImageFormat::Png => "image/png",
        ImageFormat::Jpeg => "image/jpeg",
        ImageFormat::WebP => "image/webp",
        ImageFormat::Gif => "image/gif",
        _ => return Err(PictureError::NotAPicture),
    };
    let mut reader = ImageReader::with_format(Cursor::new(bytes.as_slice()), format);
    let mut limits = Limits::default();
    limits.max_alloc = Some(MAX_DECODE_BYTES);
    reader.limits(limits);
    let mut decoder = reader.into_decoder().map_err(|err| unreadable(err, None))?;
    let (width, height) = decoder.dimensions();
    if width == 0 || height == 0 {
        return Err(PictureError::Damaged);
    }
    if u64::from(width) * u64::from(height) > MAX_PICTURE_PIXELS
        || decoder.total_bytes() > MAX_DECODE_BYTES
    {
        return Err(PictureError::TooManyPixels {
            size: Some((width, height)),
        });
    }
    // Browsers and webviews turn a JPEG by its EXIF orientation; other formats' orientation is
    // left alone, since not every webview reads it.
    let orientation = match format {
        ImageFormat::Jpeg => decoder.orientation().unwrap_or(Orientation::NoTransforms),
        _ => Orientation::NoTransforms,
    };
    // Decoded in full even when no copy is made, so that a picture that would not show is refused
    // now rather than shown broken. A GIF decodes its first frame only. A JPEG cut short in its
    // image data still decodes (grey below the cut), as browsers show it.
    let decoded = DynamicImage::from_decoder(decoder)
        .map_err(|err| unreadable(err, Some((width, height))))?;
    let display = if format != ImageFormat::Gif && width.max(height) > DISPLAY_MAX_SIDE {
        Some(display_copy(decoded, format, orientation)?)
    } else {
        None
    };
    let (width, height) = if turns_sideways(orientation) {
        (height, width)
    } else {
        (width, height)
    };
    Ok(PreparedPicture {
        mime,
        width,
        height,
        data: bytes,
        display,
    })
}

/// A decoding error as the person's reason: too large when a limit stopped it, damaged otherwise
/// (a truncated file, a bad header, or a feature of the format no decoder here reads).
fn unreadable(err: ImageError, size: Option<(u32, u32)>) -> PictureError {
    match err {
        ImageError::Limits(_) => PictureError::TooManyPixels { size },
        _ => PictureError::Damaged,
    }
}

fn turns_sideways(orientation: Orientation) -> bool {
    matches!(
        orientation,
        Orientation::Rotate90
            | Orientation::Rotate270
            | Orientation::Rotate90FlipH
            | Orientation::Rotate270FlipH
    )
}

/// The picture scaled to fit [`DISPLAY_MAX_SIDE`], upright: a JPEG unless it has transparency.
///
/// The square bound is the same either way round, so the picture is scaled before it is turned,
/// which turns fewer pixels.
fn display_copy(
    image: DynamicImage,
    format: ImageFormat,
    orientation: Orientation,
) -> Result<DisplayCopy, PictureError> {
    // JPEG has no alpha; other formats keep theirs through the scaling, to see whether it is used.
    let alpha = format != ImageFormat::Jpeg && image.color().has_alpha();
    let mut small = scale_to_fit(image, alpha).map_err(PictureError::DisplayCopy)?;
    small.apply_orientation(orientation);
    let mut bytes = Vec::new();
    if let DynamicImage::ImageRgba8(rgba) = &small {
        if rgba.pixels().any(|pixel| pixel.0[3] != u8::MAX) {
            PngEncoder::new_with_quality(&mut bytes, CompressionType::Fast, PngFilter::Adaptive)
                .write_image(
                    rgba.as_raw(),
                    rgba.width(),
                    rgba.height(),
                    image::ExtendedColorType::Rgba8,
                )
                .map_err(|err| PictureError::DisplayCopy(err.to_string()))?;
            return Ok(DisplayCopy {
                mime: "image/png",
                bytes,
            });
        }
    }
    let rgb = small.into_rgb8();
    JpegEncoder::new_with_quality(&mut bytes, DISPLAY_JPEG_QUALITY)
        .encode_image(&rgb)
        .map_err(|err| PictureError::DisplayCopy(err.to_string()))?;
    Ok(DisplayCopy {
        mime: "image/jpeg",
        bytes,
    })
}

/// The image scaled down to fit a square of [`DISPLAY_MAX_SIDE`], as 8-bit RGBA when `alpha`,
/// else 8-bit RGB. A bilinear convolution whose support widens with the reduction (as Pillow's
/// reduce does), so every source pixel is averaged in and fine detail does not shimmer; with
/// SIMD, a 12-megapixel photo takes a few tens of milliseconds where `image`'s own `resize` took
/// over half a second.
fn scale_to_fit(image: DynamicImage, alpha: bool) -> Result<DynamicImage, String> {
    let (width, height) = (image.width(), image.height());
    let (to_width, to_height) = fit(width, height, DISPLAY_MAX_SIDE);
    let (pixels, pixel_type) = if alpha {
        (image.into_rgba8().into_raw(), PixelType::U8x4)
    } else {
        (image.into_rgb8().into_raw(), PixelType::U8x3)
    };
    let source =
        ResizeImage::from_vec_u8(width, height, pixels, pixel_type).map_err(|e| e.to_string())?;
    let mut scaled = ResizeImage::new(to_width, to_height, pixel_type);
    // Alpha is premultiplied while scaling (the default), so clear pixels lend no colour.
    Resizer::new()
        .resize(
            &source,
            &mut scaled,
            &ResizeOptions::new().resize_alg(ResizeAlg::Convolution(ResizeFilter::Bilinear)),
        )
        .map_err(|e| e.to_string())?;
    let pixels = scaled.into_vec();
    let image = if alpha {
        image::RgbaImage::from_raw(to_width, to_height, pixels).map(DynamicImage::ImageRgba8)
    } else {
        image::RgbImage::from_raw(to_width, to_height, pixels).map(DynamicImage::ImageRgb8)
    };
    image.ok_or_else(|| "the scaled picture is not the size asked for".to_owned())
}

/// The size of `width` × `height` scaled to fit a square of `side`, keeping its proportions; no
/// side is less than one pixel.
fn fit(width: u32, height: u32, side: u32) -> (u32, u32) {
    let scale = |short: u32, long: u32| {
        let scaled = (u64::from(short) * u64::from(side) + u64::from(long) / 2) / u64::from(long);
        u32::try_from(scaled).unwrap_or(side).clamp(1, side)
    };
    if width >= height {
        (side, scale(height, width))
    } else {
        (scale(width, height), side)
    }
}

/// Which of a picture's bytes to read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub enum PictureVariant {
    /// The copy to show in an entry: the display copy, or the original when it has none.
    Display,
    /// The original, byte for byte as it was added.
    Original,
}

/// What an entry's picture list shows of a picture; the bytes come from [`Store::picture`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct PictureInfo {
    pub id: String,
    pub entry_id: String,
    /// The original's type.
    pub mime: String,
    /// Width and height in pixels, as the picture is shown.
    pub width: u32,
    pub height: u32,
    /// The original's size in bytes.
    pub byte_len: u32,
}

/// A picture's bytes and their type.
#[derive(Clone, PartialEq, Eq)]
pub struct PictureBytes {
    pub mime: String,
    pub bytes: Vec<u8>,
}

impl fmt::Debug for PictureBytes {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PictureBytes")
            .field("mime", &self.mime)
            .field("len", &self.bytes.len())
            .finish()
    }
}

/// Adds the picture row described by `info`; the caller holds the transaction and has checked
/// that the entry is the person's.
pub(super) fn insert_picture(
    conn: &rusqlite::Connection,
    user: &UserId,
    info: &PictureInfo,
    picture: &PreparedPicture,
    created_at: i64,
) -> Result<(), StoreError> {
    let (display_mime, display) = match &picture.display {
        Some(copy) => (Some(copy.mime), Some(copy.bytes.as_slice())),
        None => (None, None),
    };
    conn.prepare_cached(
        "INSERT INTO pictures (id, user_id, entry_id, mime, width, height, byte_len,
                               created_at, display_mime, data, display)
         VALUES (:id, :user, :entry, :mime, :width, :height, :len, :now, :display_mime,
                 :data, :display)",
    )?
    .execute(named_params! {
        ":id": info.id,
        ":user": user.as_str(),
        ":entry": info.entry_id,
        ":mime": info.mime,
        ":width": info.width,
        ":height": info.height,
        ":len": info.byte_len,
        ":now": created_at,
        ":display_mime": display_mime,
        ":data": picture.data,
        ":display": display,
    })?;
    Ok(())
}

impl Store {
    /// Adds a prepared picture to one of the person's entries, in one transaction. The entry must
    /// be theirs and not deleted; otherwise nothing is written.
    #[tracing::instrument(skip_all, err)]
    pub fn add_picture(
        &self,
        user: &UserId,
        entry_id: &str,
        picture: PreparedPicture,
    ) -> Result<PictureInfo, StoreError> {
        let info = PictureInfo {
            id: uuid::Uuid::now_v7().to_string(),
            entry_id: entry_id.to_owned(),
            mime: picture.mime.to_owned(),
            width: picture.width,
            height: picture.height,
            byte_len: u32::try_from(picture.data.len())
                .expect("a prepared picture is at most MAX_PICTURE_BYTES"),
        };
        let mut conn = self.writer();
        let tx = conn.transaction()?;
        let deleted: Option<bool> = tx
            .prepare_cached(
                "SELECT deleted_at IS NOT NULL FROM entries WHERE id = ?1 AND user_id = ?2",
            )?
            .query_row(params![entry_id, user.as_str()], |row| row.get(0))
            .optional()?;
        match deleted {
            None => return Err(StoreError::NotFound),
            Some(true) => {
                return Err(StoreError::InvalidInput(
                    "this entry has been deleted; undo the delete to add pictures to it".to_owned(),
                ))
            }
            Some(false) => {}
        }
        insert_picture(&tx, user, &info, &picture, now_ms())?;
        tx.commit()?;
        Ok(info)
    }

    /// A picture's bytes, for one of the person's live entries: [`StoreError::NotFound`] for an
    /// unknown id, another person's picture, or one whose entry is deleted.
    pub fn picture(
        &self,
        user: &UserId,
        id: &str,
        variant: PictureVariant,
    ) -> Result<PictureBytes, StoreError> {
        let sql = match variant {
            PictureVariant::Display => {
                "SELECT coalesce(p.display_mime, p.mime), coalesce(p.display, p.data)
                 FROM pictures p JOIN entries e ON e.id = p.entry_id
                 WHERE p.id = ?1 AND p.user_id = ?2 AND e.user_id = ?2 AND e.deleted_at IS NULL"
            }
            PictureVariant::Original => {
                "SELECT p.mime, p.data
                 FROM pictures p JOIN entries e ON e.id = p.entry_id
                 WHERE p.id = ?1 AND p.user_id = ?2 AND e.user_id = ?2 AND e.deleted_at IS NULL"
            }
        };
        self.reader()
            .prepare_cached(sql)?
            .query_row(params![id, user.as_str()], |row| {
                Ok(PictureBytes {
                    mime: row.get(0)?,
                    bytes: row.get(1)?,
                })
            })
            .map_err(StoreError::from)
    }

    /// The pictures of one of the person's live entries, in the order they were added; none for an
    /// entry that is deleted, unknown or another person's.
    pub fn entry_pictures(
        &self,
        user: &UserId,
        entry_id: &str,
    ) -> Result<Vec<PictureInfo>, StoreError> {
        let conn = self.reader();
        let mut stmt = conn.prepare_cached(
            "SELECT p.id, p.entry_id, p.mime, p.width, p.height, p.byte_len
             FROM pictures p JOIN entries e ON e.id = p.entry_id
             WHERE p.entry_id = ?1 AND p.user_id = ?2 AND e.user_id = ?2 AND e.deleted_at IS NULL
             ORDER BY p.id",
        )?;
        let pictures = stmt
            .query_map(params![entry_id, user.as_str()], picture_info)?
            .collect::<Result<_, _>>()?;
        Ok(pictures)
    }
}

/// A picture's description from a row of `id, entry_id, mime, width, height, byte_len`.
pub(super) fn picture_info(row: &rusqlite::Row<'_>) -> rusqlite::Result<PictureInfo> {
    Ok(PictureInfo {
        id: row.get(0)?,
        entry_id: row.get(1)?,
        mime: row.get(2)?,
        width: row.get(3)?,
        height: row.get(4)?,
        byte_len: row.get(5)?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_over_the_limit_read_as_over_it() {
        assert_eq!(megabytes(MAX_PICTURE_BYTES), "25.0");
        assert_eq!(megabytes(MAX_PICTURE_BYTES + 1), "25.1");
        assert_eq!(megabytes(32_715_000), "31.2");
    }

    #[test]
    fn the_messages_say_what_to_do() {
        assert_eq!(
            PictureError::TooLarge { bytes: 32_715_000 }.to_string(),
            "This picture is 31.2 MB; Quire keeps pictures up to 25 MB. Make it smaller and add it \
             again."
        );
        assert_eq!(
            PictureError::TooManyPixels {
                size: Some((12_000, 9_000))
            }
            .to_string(),
            "This picture is 12000 × 9000 pixels, more than Quire can open. Make it smaller and \
             add it again."
        );
    }

    #[test]
    fn a_scaled_picture_fits_the_square_and_keeps_its_proportions() {
        assert_eq!(fit(4000, 3000, 2048), (2048, 1536));
        assert_eq!(fit(3000, 2000, 2048), (2048, 1365));
        assert_eq!(fit(2500, 300, 2048), (2048, 246));
        assert_eq!(fit(1200, 2400, 2048), (1024, 2048));
        assert_eq!(fit(100_000, 1, 2048), (2048, 1));
    }

    #[test]
    fn only_quarter_turns_swap_the_sides() {
        assert!(turns_sideways(Orientation::Rotate90));
        assert!(turns_sideways(Orientation::Rotate270FlipH));
        assert!(!turns_sideways(Orientation::Rotate180));
        assert!(!turns_sideways(Orientation::FlipHorizontal));
    }
}
