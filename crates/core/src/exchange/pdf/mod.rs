//! The PDF export: the entries as a printed book. A title page (whose journal it is, what was
//! chosen, the dates the entries span), then the entries oldest first under month headings, each
//! with its date and time, its text with the Markdown rendered rather than shown, its pictures at
//! the text's width, and its tags; every page but the title page is numbered.
//!
//! The export hands entries in one at a time and each is laid out into the page being filled
//! (`page`), so neither all the text nor more than one picture's bytes are held at once; the PDF
//! writer keeps the finished pages, compressed, until the end. Markdown is read by `blocks`, and
//! lines are broken by `layout` with the font built into the binary.

mod blocks;
mod layout;
mod page;

use std::path::{Path, PathBuf};

use chrono::{Datelike, Local, TimeZone};
use krilla::image::Image;

use self::blocks::{blocks, Block, Span};
use self::layout::{Face, Fonts};
use self::page::{Book, PAGE_HEIGHT};
use super::ExchangeError;
use crate::store::{
    tag_text, EntryFilter, ExportedEntry, PictureVariant, Store, StoreError, UserId,
};

/// A picture's display copy: its type and bytes, or `None` when it went while the export ran.
pub(super) type DisplayCopy = Option<(String, Vec<u8>)>;

const BODY: f32 = 10.5;
const SMALL: f32 = 8.5;

/// What the title page says, read before the first entry.
pub(super) struct Title {
    pub name: String,
    /// The journal, tag and dates chosen, a line each.
    pub chosen: Vec<String>,
    /// The first and last entry's dates (ms), when there are entries.
    pub span: Option<(i64, i64)>,
    pub entries: u64,
}

impl Title {
    /// The person's name, the filter in words and the dates of the first and last entries.
    #[tracing::instrument(skip_all, err)]
    pub fn read(
        store: &Store,
        user: &UserId,
        filter: &EntryFilter,
        entries: u64,
    ) -> Result<Self, StoreError> {
        let name = store
            .user(user)?
            .and_then(|person| {
                person
                    .display_name
                    .filter(|n| !n.trim().is_empty())
                    .or_else(|| {
                        let given = person.given_name.unwrap_or_default();
                        let family = person.family_name.unwrap_or_default();
                        Some(format!("{given} {family}").trim().to_owned())
                            .filter(|n| !n.is_empty())
                    })
            })
            .unwrap_or_else(|| "Journal".to_owned());
        let mut chosen = Vec::new();
        if let Some(id) = &filter.journal {
            if let Some(journal) = store.list_journals(user)?.into_iter().find(|j| j.id == *id) {
                chosen.push(format!("Journal: {}", journal.name));
            }
        }
        if let Some(tag) = &filter.tag {
            chosen.push(format!("Tag: #{}", tag.trim_start_matches('#')));
        }
        match (filter.from, filter.to) {
            (Some(from), Some(to)) => chosen.push(format!("{} to {}", day(from), day(to - 1))),
            (Some(from), None) => chosen.push(format!("From {}", day(from))),
            (None, Some(to)) => chosen.push(format!("Until {}", day(to - 1))),
            (None, None) => {}
        }
        if filter.starred {
            chosen.push("Starred entries".to_owned());
        }
        if let Some(mood) = filter.mood {
            chosen.push(format!("Mood: {}", mood.key()));
        }
        let first = store.export_page(user, filter, None, 1)?;
        let last = store.list_entries(user, filter, 0, 1)?;
        let span = first
            .first()
            .zip(last.items.first())
            .map(|(first, last)| (first.dated_at, last.dated_at));
        Ok(Self {
            name,
            chosen,
            span,
            entries,
        })
    }
}

/// The book being written.
pub(super) struct PdfWriter {
    book: Book,
    /// The destination, for messages.
    out: PathBuf,
    /// The month of the last heading, as (year, month).
    month: Option<(i32, u32)>,
    /// Characters the typeface has no glyph for, to say so in the log.
    missing: usize,
}

impl PdfWriter {
    /// A book that starts with its title page.
    pub fn start(title: &Title, out: &Path) -> Result<Self, ExchangeError> {
        let fail = |err: String| ExchangeError::write(out, err);
        let mut book = Book::new(Fonts::load().map_err(fail)?);
        book.set_title(&title.name);
        book.move_to(PAGE_HEIGHT * 0.28);
        book.centred(&title.name, 26.0, Face::Bold);
        book.gap(18.0);
        for line in &title.chosen {
            book.centred(line, 12.0, Face::Regular);
        }
        book.gap(12.0);
        if let Some((first, last)) = title.span {
            let (first, last) = (day(first), day(last));
            let span = if first == last {
                first
            } else {
                format!("{first} – {last}")
            };
            book.centred(&span, 12.0, Face::Italic);
        }
        let count = match title.entries {
            1 => "1 entry".to_owned(),
            n => format!("{n} entries"),
        };
        book.centred(&count, 10.0, Face::Regular);
        book.turn().map_err(fail)?;
        Ok(Self {
            book,
            out: out.to_owned(),
            month: None,
            missing: 0,
        })
    }

    /// Lays out one entry; `picture` reads a picture's display copy (`None` when it is gone).
    /// Returns how many pictures were printed.
    pub fn entry(
        &mut self,
        entry: &ExportedEntry,
        picture: &mut dyn FnMut(&str) -> Result<DisplayCopy, StoreError>,
    ) -> Result<u64, ExchangeError> {
        let out = self.out.clone();
        let fail = |err: String| ExchangeError::write(&out, err);
        let at = Local.timestamp_millis_opt(entry.dated_at).single();
        let month = at.map(|at| (at.year(), at.month()));
        // A heading is kept with the first lines after it.
        let keep = BODY * 1.4 * 3.0 + 30.0;
        if month != self.month {
            self.month = month;
            let heading =
                at.map_or_else(|| "Undated".to_owned(), |at| at.format("%B %Y").to_string());
            self.book.need(keep + 40.0).map_err(fail)?;
            self.book.gap(10.0);
            self.book.centred(&heading, 17.0, Face::Bold);
            self.book.gap(8.0);
        }
        self.missing += self.book.fonts.missing(&entry.content);
        let heading = at.map_or_else(String::new, |at| {
            at.format("%A %-d %B %Y, %H:%M").to_string()
        });
        self.book.need(keep).map_err(fail)?;
        self.book.gap(6.0);
        self.book
            .paragraph(&[plain(&heading, true, false)], 11.5, 0.0, None)
            .map_err(fail)?;
        self.book.gap(4.0);
        let mut printed = 0;
        let mut shown: Vec<&str> = Vec::new();
        for block in blocks(&entry.content) {
            match &block {
                Block::Picture { id, caption } => {
                    match entry.pictures.iter().find(|p| p.id == *id) {
                        Some(info) => {
                            shown.push(&info.id);
                            let image = picture(&info.id)?;
                            printed += u64::from(image.is_some());
                            self.picture(image, caption).map_err(fail)?;
                        }
                        None => self
                            .book
                            .paragraph(&[plain(caption, false, true)], BODY, 0.0, None)
                            .map_err(fail)?,
                    }
                }
                other => self.block(other).map_err(fail)?,
            }
        }
        // Pictures of the entry that its text does not point at are printed after it.
        for info in entry
            .pictures
            .iter()
            .filter(|p| !shown.contains(&p.id.as_str()))
        {
            let image = picture(&info.id)?;
            printed += u64::from(image.is_some());
            self.picture(image, "").map_err(fail)?;
        }
        let tags = tag_text::extract(&entry.content);
        if !tags.is_empty() {
            let line: Vec<String> = tags.iter().map(|t| format!("#{t}")).collect();
            self.book.gap(2.0);
            self.book
                .paragraph(&[plain(&line.join("  "), false, true)], SMALL, 0.0, None)
                .map_err(fail)?;
        }
        self.book.gap(BODY);
        Ok(printed)
    }

    fn block(&mut self, block: &Block) -> Result<(), String> {
        let book = &mut self.book;
        match block {
            Block::Heading(spans) => {
                book.need(BODY * 4.0)?;
                book.gap(4.0);
                let bold: Vec<Span> = spans
                    .iter()
                    .map(|s| Span {
                        bold: true,
                        ..s.clone()
                    })
                    .collect();
                book.paragraph(&bold, 12.0, 0.0, None)?;
            }
            Block::Paragraph(spans) => {
                book.paragraph(spans, BODY, 0.0, None)?;
                book.gap(BODY * 0.5);
            }
            Block::Quote(spans) => {
                let slanted: Vec<Span> = spans
                    .iter()
                    .map(|s| Span {
                        italic: !s.bold,
                        ..s.clone()
                    })
                    .collect();
                book.paragraph(&slanted, BODY, 18.0, None)?;
                book.gap(BODY * 0.5);
            }
            Block::Item {
                marker,
                depth,
                spans,
            } => {
                let indent = 16.0 + 14.0 * (*depth).min(4) as f32;
                book.paragraph(spans, BODY, indent, Some(marker))?;
            }
            Block::Code(lines) => {
                for line in lines {
                    book.paragraph(&[plain(line, false, false)], SMALL + 0.5, 12.0, None)?;
                }
                book.gap(BODY * 0.5);
            }
            Block::Rule => book.gap(BODY),
            Block::Picture { .. } => {}
        }
        Ok(())
    }

    /// A picture and its caption; one that cannot be read says so in its place.
    fn picture(&mut self, picture: DisplayCopy, caption: &str) -> Result<(), String> {
        let Some((mime, bytes)) = picture else {
            return Ok(());
        };
        let image = match mime.as_str() {
            "image/jpeg" => Image::from_jpeg(bytes.into(), true),
            "image/png" => Image::from_png(bytes.into(), true),
            "image/webp" => Image::from_webp(bytes.into(), true),
            "image/gif" => Image::from_gif(bytes.into(), true),
            other => Err(format!("{other} is not a picture type Quire prints")),
        };
        let book = &mut self.book;
        book.gap(4.0);
        match image {
            Ok(image) => book.picture(image)?,
            Err(err) => {
                tracing::warn!("a picture left out of the PDF: {err}");
                let note = "[A picture that could not be read]";
                book.paragraph(&[plain(note, false, true)], SMALL, 0.0, None)?;
            }
        }
        if !caption.is_empty() {
            book.gap(2.0);
            book.paragraph(&[plain(caption, false, true)], SMALL, 0.0, None)?;
        }
        book.gap(BODY * 0.5);
        Ok(())
    }

    /// The whole PDF.
    pub fn finish(self) -> Result<Vec<u8>, ExchangeError> {
        if self.missing > 0 {
            tracing::warn!(
                "{} characters have no glyph in the book's typeface and print as a box",
                self.missing
            );
        }
        self.book
            .finish()
            .map_err(|err| ExchangeError::write(&self.out, err))
    }
}

/// A picture's display copy, its type and bytes; `None` when it went while the export ran.
pub(super) fn display_copy(
    store: &Store,
    user: &UserId,
    id: &str,
) -> Result<DisplayCopy, StoreError> {
    match store.picture(user, id, PictureVariant::Display) {
        Ok(picture) => Ok(Some((picture.mime, picture.bytes))),
        Err(StoreError::NotFound) => Ok(None),
        Err(err) => Err(err),
    }
}

fn plain(text: &str, bold: bool, italic: bool) -> Span {
    Span {
        text: text.to_owned(),
        bold,
        italic,
    }
}

/// `1 March 2024`, in the local time zone as the journal shows dates.
fn day(ms: i64) -> String {
    Local
        .timestamp_millis_opt(ms)
        .single()
        .map(|at| at.format("%-d %B %Y").to_string())
        .unwrap_or_default()
}
