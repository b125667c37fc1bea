//! The book's pages: what goes on the page being filled, kept as marks until the page is full and
//! then drawn into the document, so only one page's text and pictures are held at a time.

use krilla::geom::{Point, Size, Transform};
use krilla::image::Image;
use krilla::page::PageSettings;
use krilla::text::TextDirection;
use krilla::{Document, SerializeSettings};

use super::blocks::Span;
use super::layout::{lines, Face, Fonts, Line};

/// A5, in points: a book's page.
pub(super) const PAGE_WIDTH: f32 = 419.53;
pub(super) const PAGE_HEIGHT: f32 = 595.28;
const MARGIN: f32 = 54.0;
const TOP: f32 = 54.0;
/// Room below the text, where the page number goes.
const BOTTOM: f32 = 64.0;
/// The width of a line of text.
pub(super) const TEXT_WIDTH: f32 = PAGE_WIDTH - 2.0 * MARGIN;
/// How much of a line's height is above its baseline.
const ASCENT: f32 = 0.9;

/// Something drawn on a page.
enum Mark {
    Text {
        x: f32,
        baseline: f32,
        size: f32,
        face: Face,
        text: String,
    },
    Picture {
        x: f32,
        y: f32,
        size: Size,
        image: Image,
    },
}

/// The document, and the page being filled.
pub(super) struct Book {
    document: Document,
    pub fonts: Fonts,
    marks: Vec<Mark>,
    /// The top of the free space on the page.
    y: f32,
    /// Pages drawn so far.
    pages: u32,
}

impl Book {
    pub fn new(fonts: Fonts) -> Self {
        // Untagged: the book is for reading and printing, and text extraction works without tags.
        let settings = SerializeSettings {
            enable_tagging: false,
            ..SerializeSettings::default()
        };
        Self {
            document: Document::new_with(settings),
            fonts,
            marks: Vec::new(),
            y: TOP,
            pages: 0,
        }
    }

    pub fn set_title(&mut self, title: &str) {
        self.document.set_metadata(
            krilla::metadata::Metadata::new()
                .title(title.to_owned())
                .creator("Quire".to_owned()),
        );
    }

    /// The height left on the page.
    pub fn room(&self) -> f32 {
        PAGE_HEIGHT - BOTTOM - self.y
    }

    /// The height a page holds.
    pub fn full_room() -> f32 {
        PAGE_HEIGHT - BOTTOM - TOP
    }

    /// Starts a new page unless `height` fits on this one (or this one is still empty).
    pub fn need(&mut self, height: f32) -> Result<(), String> {
        if height > self.room() && !self.marks.is_empty() {
            self.turn()?;
        }
        Ok(())
    }

    /// Moves down by `gap`, unless that is the top of a page.
    pub fn gap(&mut self, gap: f32) {
        if !self.marks.is_empty() {
            self.y += gap;
        }
    }

    pub fn move_to(&mut self, y: f32) {
        self.y = y;
    }

    /// Ends the page and starts the next; every page but the first (the title page) is numbered.
    pub fn turn(&mut self) -> Result<(), String> {
        let settings = PageSettings::from_wh(PAGE_WIDTH, PAGE_HEIGHT)
            .ok_or_else(|| "the page size is invalid".to_owned())?;
        let number = self.pages + 1;
        if number > 1 {
            let label = number.to_string();
            let size = 9.0;
            let width = self.fonts.width(Face::Regular, size, &label);
            self.marks.push(Mark::Text {
                x: (PAGE_WIDTH - width) / 2.0,
                baseline: PAGE_HEIGHT - BOTTOM / 2.0,
                size,
                face: Face::Regular,
                text: label,
            });
        }
        let mut page = self.document.start_page_with(settings);
        let mut surface = page.surface();
        for mark in self.marks.drain(..) {
            match mark {
                Mark::Text {
                    x,
                    baseline,
                    size,
                    face,
                    text,
                } => surface.draw_text(
                    Point::from_xy(x, baseline),
                    self.fonts.font(face),
                    size,
                    &text,
                    false,
                    TextDirection::Auto,
                ),
                Mark::Picture { x, y, size, image } => {
                    surface.push_transform(&Transform::from_translate(x, y));
                    surface.draw_image(image, size);
                    surface.pop();
                }
            }
        }
        surface.finish();
        page.finish();
        self.pages = number;
        self.y = TOP;
        Ok(())
    }

    /// Lays `spans` out at `size` from `indent`, a line at a time, turning pages as needed;
    /// `first` goes before the first line in the margin of the indent (a list's bullet).
    pub fn paragraph(
        &mut self,
        spans: &[Span],
        size: f32,
        indent: f32,
        first: Option<&str>,
    ) -> Result<(), String> {
        let leading = size * 1.4;
        let laid = lines(&self.fonts, spans, size, TEXT_WIDTH - indent);
        for (n, line) in laid.into_iter().enumerate() {
            self.need(leading)?;
            if let (0, Some(marker)) = (n, first) {
                let width = self.fonts.width(Face::Regular, size, marker);
                self.text(
                    MARGIN + indent - width - size * 0.5,
                    size,
                    Face::Regular,
                    marker,
                );
            }
            self.line(line, MARGIN + indent, size);
            self.y += leading;
        }
        Ok(())
    }

    /// One line of text in one face, centred on the page.
    pub fn centred(&mut self, text: &str, size: f32, face: Face) {
        let width = self.fonts.width(face, size, text);
        self.text((PAGE_WIDTH - width).max(0.0) / 2.0, size, face, text);
        self.y += size * 1.5;
    }

    fn text(&mut self, x: f32, size: f32, face: Face, text: &str) {
        self.marks.push(Mark::Text {
            x,
            baseline: self.y + size * ASCENT,
            size,
            face,
            text: text.to_owned(),
        });
    }

    fn line(&mut self, line: Line, left: f32, size: f32) {
        for run in line {
            self.text(left + run.x, size, run.face, &run.text);
        }
    }

    /// A picture at the text's width (or less, when it would be taller than a page), whole on one
    /// page.
    pub fn picture(&mut self, image: Image) -> Result<(), String> {
        let (pixels_wide, pixels_high) = image.size();
        if pixels_wide == 0 || pixels_high == 0 {
            return Err("the picture has no size".to_owned());
        }
        let aspect = pixels_high as f32 / pixels_wide as f32;
        let mut width = TEXT_WIDTH;
        let mut height = width * aspect;
        if height > Self::full_room() {
            height = Self::full_room();
            width = height / aspect;
        }
        self.need(height)?;
        let size = Size::from_wh(width, height).ok_or("the picture has no size")?;
        self.marks.push(Mark::Picture {
            x: MARGIN + (TEXT_WIDTH - width) / 2.0,
            y: self.y,
            size,
            image,
        });
        self.y += height;
        Ok(())
    }

    /// Draws the last page and hands back the whole PDF.
    pub fn finish(mut self) -> Result<Vec<u8>, String> {
        if !self.marks.is_empty() || self.pages == 0 {
            self.turn()?;
        }
        self.document.finish().map_err(|err| err.to_string())
    }
}
