//! Writing an export: the entries that pass the list's filter, read a page at a time (never all at
//! once), oldest first, into a file, a zip or a folder.
//!
//! Everything is written under a temporary name beside the destination and renamed into place at
//! the end, so a cancel, an error or a crash never leaves half an export where the person looks.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};

use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipWriter};

use super::dayone_out::{journal_file_names, md5_hex, DayOneWriter, Photo};
use super::jrnl_json::JrnlJsonWriter;
use super::markdown::{markdown_of, resource_path, MarkdownNames};
use super::pdf::{display_copy, PdfWriter, Title};
use super::quire::{picture_path, QuireWriter, JOURNAL_FILE};
use super::{jrnl_text, ExchangeError, Progress};
use crate::store::{now_ms, EntryFilter, ExportedEntry, PictureVariant, Store, StoreError, UserId};

/// How many entries are read from the journal at a time.
const EXPORT_PAGE: u32 = 200;

/// What an export writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub enum ExportFormat {
    /// Quire's own zip: everything, for Quire to read back (`docs/quire-json.md`).
    Quire,
    /// A folder of Markdown files with front matter, and `_resources/` for pictures.
    MarkdownFolder,
    /// The same in a zip.
    MarkdownZip,
    /// jrnl's JSON export.
    JrnlJson,
    /// jrnl's journal file, which `jrnl --import` reads.
    JrnlText,
    /// A printed book: a title page, then the entries by month with their pictures.
    Pdf,
    /// Day One's JSON export, a zip of `<Journal>.json` files and `photos/`.
    DayOne,
}

/// What an export wrote.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ExportReport {
    pub entries: u64,
    pub pictures: u64,
    /// Whether it stopped when asked; nothing was left at the destination then.
    pub cancelled: bool,
}

/// Exports the person's entries that pass `filter` to `out` (a file, or a folder for
/// [`ExportFormat::MarkdownFolder`], which must not exist or be empty), calling `progress` after
/// each page and stopping at the next page once `cancel` is set.
#[tracing::instrument(skip_all, err)]
pub fn export(
    store: &Store,
    user: &UserId,
    filter: &EntryFilter,
    format: ExportFormat,
    out: &Path,
    progress: &mut dyn FnMut(Progress),
    cancel: &AtomicBool,
) -> Result<ExportReport, ExchangeError> {
    if format == ExportFormat::MarkdownFolder
        && std::fs::read_dir(out).is_ok_and(|mut dir| dir.next().is_some())
    {
        return Err(ExchangeError::write(
            out,
            "the folder is not empty; choose an empty or a new folder",
        ));
    }
    let partial = partial_path(out);
    remove(&partial);
    let mut run = Run {
        store,
        user,
        filter,
        out,
        progress,
        cancel,
        total: u64::from(store.list_entries(user, filter, 0, 0)?.total),
        report: ExportReport::default(),
    };
    let written = match format {
        ExportFormat::Quire => run.quire(&partial),
        ExportFormat::MarkdownFolder => run.markdown_folder(&partial),
        ExportFormat::MarkdownZip => run.markdown_zip(&partial),
        ExportFormat::JrnlJson => run.jrnl_json(&partial),
        ExportFormat::JrnlText => run.jrnl_text(&partial),
        ExportFormat::Pdf => run.pdf(&partial),
        ExportFormat::DayOne => run.day_one(&partial),
    };
    match written {
        Ok(true) => {
            if out.is_dir() {
                std::fs::remove_dir(out).map_err(|err| ExchangeError::write(out, err))?;
            }
            std::fs::rename(&partial, out).map_err(|err| ExchangeError::write(out, err))?;
            Ok(run.report)
        }
        Ok(false) => {
            remove(&partial);
            run.report.cancelled = true;
            Ok(run.report)
        }
        Err(err) => {
            remove(&partial);
            Err(err)
        }
    }
}

/// `.name.partial` beside `out`.
fn partial_path(out: &Path) -> PathBuf {
    let name = out
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "export".to_owned());
    out.with_file_name(format!(".{name}.partial"))
}

fn remove(path: &Path) {
    if path.is_dir() {
        let _ = std::fs::remove_dir_all(path);
    } else {
        let _ = std::fs::remove_file(path);
    }
}

struct Run<'a> {
    store: &'a Store,
    user: &'a UserId,
    filter: &'a EntryFilter,
    out: &'a Path,
    progress: &'a mut dyn FnMut(Progress),
    cancel: &'a AtomicBool,
    total: u64,
    report: ExportReport,
}

impl Run<'_> {
    /// Hands each entry to `each`, a page at a time; `false` when cancelled.
    fn pages(
        &mut self,
        each: &mut dyn FnMut(&ExportedEntry) -> Result<(), ExchangeError>,
    ) -> Result<bool, ExchangeError> {
        self.pages_of(self.filter, each)
    }

    /// [`Self::pages`] over the entries that pass `filter`.
    fn pages_of(
        &mut self,
        filter: &EntryFilter,
        each: &mut dyn FnMut(&ExportedEntry) -> Result<(), ExchangeError>,
    ) -> Result<bool, ExchangeError> {
        let mut after = None;
        loop {
            if self.cancel.load(Ordering::Relaxed) {
                return Ok(false);
            }
            let page = self
                .store
                .export_page(self.user, filter, after, EXPORT_PAGE)?;
            let Some(last) = page.last() else {
                return Ok(true);
            };
            after = Some(last.date_key);
            for entry in &page {
                each(entry)?;
                self.report.entries += 1;
            }
            (self.progress)(Progress {
                done: self.report.entries,
                total: self.total.max(self.report.entries),
            });
        }
    }

    fn io(&self) -> impl Fn(std::io::Error) -> ExchangeError + '_ {
        |err| ExchangeError::write(self.out, err)
    }

    fn jrnl_json(&mut self, partial: &Path) -> Result<bool, ExchangeError> {
        let mut file = create(partial, self.out)?;
        let mut writer = JrnlJsonWriter::default();
        writer.start(&mut file).map_err(self.io())?;
        let out = self.out;
        let done = self.pages(&mut |entry| {
            writer
                .entry(&mut file, entry)
                .map_err(|err| ExchangeError::write(out, err))
        })?;
        if done {
            writer.finish(&mut file).map_err(self.io())?;
            close(file, self.out)?;
        }
        Ok(done)
    }

    fn jrnl_text(&mut self, partial: &Path) -> Result<bool, ExchangeError> {
        let mut file = create(partial, self.out)?;
        let out = self.out;
        let mut first = true;
        let done = self.pages(&mut |entry| {
            let written = jrnl_text::write_entry(&mut file, entry, first);
            first = false;
            written.map_err(|err| ExchangeError::write(out, err))
        })?;
        if done {
            close(file, self.out)?;
        }
        Ok(done)
    }

    fn pdf(&mut self, partial: &Path) -> Result<bool, ExchangeError> {
        let (store, user, out) = (self.store, self.user, self.out);
        let title = Title::read(store, user, self.filter, self.total)?;
        let mut writer = PdfWriter::start(&title, out)?;
        let mut pictures = 0;
        let done = self.pages(&mut |entry| {
            pictures += writer.entry(entry, &mut |id| display_copy(store, user, id))?;
            Ok(())
        })?;
        self.report.pictures = pictures;
        if done {
            // The writer assembles the file in memory; it is written out in one go.
            let bytes = writer.finish()?;
            let mut file = create(partial, out)?;
            file.write_all(&bytes).map_err(self.io())?;
            close(file, out)?;
        }
        Ok(done)
    }

    fn quire(&mut self, partial: &Path) -> Result<bool, ExchangeError> {
        let mut zip = ZipWriter::new(create(partial, self.out)?);
        zip.start_file(JOURNAL_FILE, deflated().large_file(true))
            .map_err(|err| ExchangeError::write(self.out, err))?;
        let journals = self.store.list_journals(self.user)?;
        let mut writer = QuireWriter::start(&mut zip, &journals, now_ms()).map_err(self.io())?;
        let mut pictures: Vec<(String, String)> = Vec::new();
        let out = self.out;
        let done = self.pages(&mut |entry| {
            pictures.extend(
                entry
                    .pictures
                    .iter()
                    .map(|p| (p.id.clone(), picture_path(&p.id, &p.mime))),
            );
            writer
                .entry(&mut zip, entry)
                .map_err(|err| ExchangeError::write(out, err))
        })?;
        if !done {
            return Ok(false);
        }
        writer.finish(&mut zip).map_err(self.io())?;
        for (id, path) in pictures {
            if self.cancel.load(Ordering::Relaxed) {
                return Ok(false);
            }
            self.picture_into_zip(&mut zip, &id, &path)?;
        }
        let file = zip
            .finish()
            .map_err(|err| ExchangeError::write(self.out, err))?;
        close(file, self.out)?;
        Ok(true)
    }

    /// One JSON file per journal, each read through the filter narrowed to that journal (a zip
    /// holds one file at a time), then the photos. A picture is read once for its MD5 and again
    /// to be written, so that no more than a page is ever in memory.
    fn day_one(&mut self, partial: &Path) -> Result<bool, ExchangeError> {
        let mut zip = ZipWriter::new(create(partial, self.out)?);
        let journals = self.store.list_journals(self.user)?;
        let names = journal_file_names(&journals);
        let (store, user, out) = (self.store, self.user, self.out);
        let mut photos: Vec<(String, String)> = Vec::new();
        for (journal, name) in journals.iter().zip(names) {
            if self
                .filter
                .journal
                .as_ref()
                .is_some_and(|id| *id != journal.id)
            {
                continue;
            }
            let filter = EntryFilter {
                journal: Some(journal.id.clone()),
                ..self.filter.clone()
            };
            if self.store.list_entries(self.user, &filter, 0, 0)?.total == 0 {
                continue;
            }
            zip.start_file(name, deflated().large_file(true))
                .map_err(|err| ExchangeError::write(out, err))?;
            let mut writer = DayOneWriter::start(&mut zip).map_err(self.io())?;
            let done = self.pages_of(&filter, &mut |entry| {
                let mut in_entry = Vec::new();
                for info in &entry.pictures {
                    if let Some(bytes) = original(store, user, &info.id)? {
                        in_entry.push(Photo {
                            info,
                            md5: md5_hex(&bytes),
                        });
                    }
                }
                photos.extend(in_entry.iter().map(|p| (p.info.id.clone(), p.path())));
                writer
                    .entry(&mut zip, entry, &in_entry)
                    .map_err(|err| ExchangeError::write(out, err))
            })?;
            if !done {
                return Ok(false);
            }
            writer.finish(&mut zip).map_err(self.io())?;
        }
        // The same picture in two entries is one file.
        let mut written = std::collections::HashSet::new();
        for (id, path) in photos {
            if self.cancel.load(Ordering::Relaxed) {
                return Ok(false);
            }
            if written.insert(path.clone()) {
                self.picture_into_zip(&mut zip, &id, &path)?;
            }
        }
        let file = zip
            .finish()
            .map_err(|err| ExchangeError::write(self.out, err))?;
        close(file, self.out)?;
        Ok(true)
    }

    fn markdown_zip(&mut self, partial: &Path) -> Result<bool, ExchangeError> {
        let mut zip = ZipWriter::new(create(partial, self.out)?);
        let mut names = MarkdownNames::default();
        let mut pictures: Vec<(String, String)> = Vec::new();
        let out = self.out;
        let done = self.pages(&mut |entry| {
            zip.start_file(names.name_for(entry), deflated())
                .map_err(|err| ExchangeError::write(out, err))?;
            zip.write_all(markdown_of(entry).as_bytes())
                .map_err(|err| ExchangeError::write(out, err))?;
            pictures.extend(
                entry
                    .pictures
                    .iter()
                    .map(|p| (p.id.clone(), resource_path(&p.id, &p.mime))),
            );
            Ok(())
        })?;
        if !done {
            return Ok(false);
        }
        for (id, path) in pictures {
            self.picture_into_zip(&mut zip, &id, &path)?;
        }
        let file = zip
            .finish()
            .map_err(|err| ExchangeError::write(self.out, err))?;
        close(file, self.out)?;
        Ok(true)
    }

    fn markdown_folder(&mut self, partial: &Path) -> Result<bool, ExchangeError> {
        let resources = partial.join(super::markdown::RESOURCES);
        std::fs::create_dir_all(&resources).map_err(self.io())?;
        let mut names = MarkdownNames::default();
        let (store, user, out) = (self.store, self.user, self.out);
        let mut pictures = 0;
        let done = self.pages(&mut |entry| {
            std::fs::write(partial.join(names.name_for(entry)), markdown_of(entry))
                .map_err(|err| ExchangeError::write(out, err))?;
            for picture in &entry.pictures {
                if let Some(bytes) = original(store, user, &picture.id)? {
                    std::fs::write(
                        partial.join(resource_path(&picture.id, &picture.mime)),
                        bytes,
                    )
                    .map_err(|err| ExchangeError::write(out, err))?;
                    pictures += 1;
                }
            }
            Ok(())
        })?;
        self.report.pictures = pictures;
        Ok(done)
    }

    fn picture_into_zip(
        &mut self,
        zip: &mut ZipWriter<BufWriter<File>>,
        id: &str,
        path: &str,
    ) -> Result<(), ExchangeError> {
        let Some(bytes) = original(self.store, self.user, id)? else {
            return Ok(());
        };
        // Pictures are compressed already.
        zip.start_file(
            path,
            SimpleFileOptions::default().compression_method(CompressionMethod::Stored),
        )
        .map_err(|err| ExchangeError::write(self.out, err))?;
        zip.write_all(&bytes).map_err(self.io())?;
        self.report.pictures += 1;
        Ok(())
    }
}

/// A picture's original bytes; `None` when it went while the export ran.
fn original(store: &Store, user: &UserId, id: &str) -> Result<Option<Vec<u8>>, ExchangeError> {
    match store.picture(user, id, PictureVariant::Original) {
        Ok(picture) => Ok(Some(picture.bytes)),
        Err(StoreError::NotFound) => Ok(None),
        Err(err) => Err(err.into()),
    }
}

fn deflated() -> SimpleFileOptions {
    SimpleFileOptions::default().compression_method(CompressionMethod::Deflated)
}

fn create(partial: &Path, out: &Path) -> Result<BufWriter<File>, ExchangeError> {
    File::create(partial)
        .map(|file| BufWriter::with_capacity(256 * 1024, file))
        .map_err(|err| ExchangeError::write(out, err))
}

/// Flushes the file and waits for the disk, before it is renamed into place.
fn close(file: BufWriter<File>, out: &Path) -> Result<(), ExchangeError> {
    let file = file
        .into_inner()
        .map_err(|err| ExchangeError::write(out, err.error()))?;
    file.sync_all()
        .map_err(|err| ExchangeError::write(out, err))
}
