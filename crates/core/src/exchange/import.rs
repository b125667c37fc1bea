//! Writing an import: the file read through once as the preview reads it (so a bad file writes
//! nothing), then again in batches, each one transaction with its entries' pictures and sources.
//!
//! A cancel is seen between batches, so it leaves whole batches behind; so does a crash, since an
//! uncommitted transaction leaves nothing. Running the import again finds what was written (by
//! each entry's source) and adds the rest. If the file changes between the two readings and the
//! second meets a damaged entry, the batches before it stay, and the error is returned.

use std::ops::ControlFlow;
use std::sync::atomic::{AtomicBool, Ordering};

use super::check::{preview, ready, Ready};
use super::error::file_name;
use super::{ExchangeError, Item, Problem, Progress, Source};
use crate::store::{
    prepare_picture, BatchOutcome, JournalColour, JournalTarget, NewImport, Store, UserId,
};

/// How many entries one transaction writes.
pub const IMPORT_BATCH: usize = 250;
/// A batch is written early once its texts reach this many bytes.
const BATCH_BYTES: usize = 32 * 1024 * 1024;

/// How to import.
#[derive(Debug, Clone, PartialEq, Eq, serde::Deserialize, specta::Type)]
#[serde(rename_all = "camelCase", default)]
pub struct ImportOptions {
    /// Every entry goes to this journal (by id) instead of the journals the file names.
    pub journal: Option<String>,
    /// Entries per transaction.
    pub batch: usize,
}

impl Default for ImportOptions {
    fn default() -> Self {
        Self {
            journal: None,
            batch: IMPORT_BATCH,
        }
    }
}

/// What an import did.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ImportReport {
    pub added: u64,
    /// Entries left alone because they were imported before.
    pub already_there: u64,
    pub pictures: u64,
    /// The journals the import made.
    pub journals_made: Vec<String>,
    /// Entries not imported, and why.
    pub skipped: Vec<Problem>,
    /// Parts of entries left out, and why.
    pub notes: Vec<Problem>,
    /// Whether it stopped when asked, before the end. Running it again finishes it.
    pub cancelled: bool,
}

/// Imports `source` into the person's journal. Reads it through first and returns its error
/// without writing anything when it cannot be read; then writes it in batches of
/// `options.batch` entries, calling `progress` after each and stopping after the batch in which
/// `cancel` is set.
#[tracing::instrument(skip_all, err)]
pub fn import(
    store: &Store,
    user: &UserId,
    source: &Source,
    options: &ImportOptions,
    progress: &mut dyn FnMut(Progress),
    cancel: &AtomicBool,
) -> Result<ImportReport, ExchangeError> {
    let checked = preview(store, user, source, options)?;
    let mut writer = Writer {
        store,
        user,
        kind: source.format.importer().kind(),
        options,
        file: file_name(&source.path),
        batch: Vec::new(),
        batch_bytes: 0,
        journals: Vec::new(),
        progress,
        done: 0,
        total: checked.entries,
        report: ImportReport {
            skipped: checked.skipped,
            notes: checked.notes,
            ..ImportReport::default()
        },
        failure: None,
    };
    if cancel.load(Ordering::Relaxed) {
        writer.report.cancelled = true;
        return Ok(writer.report);
    }
    (writer.progress)(Progress {
        done: 0,
        total: writer.total,
    });
    source.format.importer().read(&source.path, &mut |item| {
        writer.take(item);
        if writer.batch.len() >= options.batch.max(1) || writer.batch_bytes >= BATCH_BYTES {
            if let Err(err) = writer.flush() {
                writer.failure = Some(err);
                return ControlFlow::Break(());
            }
            if cancel.load(Ordering::Relaxed) {
                writer.report.cancelled = true;
                return ControlFlow::Break(());
            }
        }
        ControlFlow::Continue(())
    })?;
    if let Some(err) = writer.failure.take() {
        return Err(err);
    }
    if !writer.report.cancelled {
        writer.flush()?;
    }
    Ok(writer.report)
}

struct Writer<'a> {
    store: &'a Store,
    user: &'a UserId,
    kind: &'static str,
    options: &'a ImportOptions,
    file: String,
    batch: Vec<Ready>,
    batch_bytes: usize,
    /// Journals the file describes, made with the next batch.
    journals: Vec<JournalTarget>,
    progress: &'a mut dyn FnMut(Progress),
    done: u64,
    total: u64,
    report: ImportReport,
    failure: Option<ExchangeError>,
}

impl Writer<'_> {
    fn take(&mut self, item: Item) {
        match item {
            Item::Journal(journal) if self.options.journal.is_none() => {
                self.journals.push(JournalTarget::Named {
                    name: journal.name,
                    colour: journal.colour,
                    template: journal.template,
                });
            }
            Item::Journal(_) | Item::Skip(_) => {}
            // The preview has the skips and notes already.
            Item::Entry(entry) => {
                if let Ok(ready) = ready(entry, &self.file, &mut Vec::new()) {
                    self.batch_bytes += ready.text.len();
                    self.batch.push(ready);
                }
            }
        }
    }

    /// Writes the batch in one transaction. Pictures are read and checked first, outside it, and
    /// only for entries that are not there already.
    fn flush(&mut self) -> Result<(), ExchangeError> {
        let batch = std::mem::take(&mut self.batch);
        self.batch_bytes = 0;
        let count = batch.len() as u64;
        let mut entries = Vec::with_capacity(batch.len());
        for ready in batch {
            // Asked only to spare reading an imported entry's pictures again; the batch itself
            // checks every entry in its transaction.
            let there = !ready.pictures.is_empty()
                && self.store.imported_already(
                    self.user,
                    self.kind,
                    &ready.source_id,
                    ready.keep_id.as_deref(),
                )?;
            let mut pictures = Vec::new();
            let label = if ready.pictures.is_empty() {
                String::new()
            } else {
                ready.label()
            };
            for (id, picture) in ready.pictures {
                if there {
                    break;
                }
                let name = picture.file_name.clone();
                let prepared = picture
                    .data
                    .read()
                    .map_err(|err| err.to_string())
                    .and_then(|bytes| prepare_picture(bytes).map_err(|err| err.to_string()));
                match prepared {
                    Ok(prepared) => pictures.push((id, prepared)),
                    Err(err) => self.report.notes.push(Problem {
                        file: self.file.clone(),
                        entry: label.clone(),
                        reason: format!("the picture {name} was left out: {err}"),
                    }),
                }
            }
            let journal = match (&self.options.journal, ready.journal) {
                (Some(id), _) => JournalTarget::Id(id.clone()),
                (None, Some(name)) => JournalTarget::Named {
                    name,
                    colour: JournalColour::Blue,
                    template: String::new(),
                },
                (None, None) => JournalTarget::First,
            };
            entries.push(NewImport {
                source_id: ready.source_id,
                keep_id: ready.keep_id,
                created_at: ready.created_at,
                updated_at: ready.updated_at,
                dated_at: ready.dated_at,
                time_zone: ready.time_zone,
                journal,
                starred: ready.starred,
                content: ready.text,
                metadata: ready.metadata,
                pictures,
            });
        }
        let journals = std::mem::take(&mut self.journals);
        let outcome: BatchOutcome = self
            .store
            .import_batch(self.user, self.kind, entries, &journals)?;
        self.report.added += outcome.added as u64;
        self.report.already_there += outcome.already_there as u64;
        self.report.pictures += outcome.pictures as u64;
        self.report.journals_made.extend(outcome.journals_made);
        self.done += count;
        (self.progress)(Progress {
            done: self.done,
            total: self.total,
        });
        Ok(())
    }
}
