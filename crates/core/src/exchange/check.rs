//! Checking imported entries, and the preview: what an import would do, read without writing.
//!
//! [`ready`] turns an [`ImportedEntry`] into what the store writes, or says why it cannot be kept;
//! the preview and the import both use it, so they agree on every entry.

use std::collections::{BTreeMap, HashMap, HashSet};

use super::error::file_name;
use super::import::ImportOptions;
use super::model::{content_hash, entry_label, local_label};
use super::{ExchangeError, Format, ImportedEntry, ImportedPicture, Item, Problem, Source};
use crate::store::{
    entry_title, tag_text, Store, TagCount, UserId, EARLIEST_DATE, LATEST_DATE, MAX_ENTRY_BYTES,
    MAX_JOURNAL_NAME, MAX_PICTURE_BYTES,
};

/// What importing a file would do.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct Preview {
    pub format: Format,
    pub file: String,
    /// Entries that can be imported, those already in the journal included.
    pub entries: u64,
    /// Of those, how many are in the journal already (imported before): they will be left alone.
    pub already_there: u64,
    /// The earliest and latest dates among them (ms since the epoch).
    pub first_date: Option<i64>,
    pub last_date: Option<i64>,
    /// The journals they go to.
    pub journals: Vec<JournalPreview>,
    /// Their tags (those in their text and those the source adds), by name, with counts.
    pub tags: Vec<TagCount>,
    pub pictures: u64,
    /// Entries that will not be imported, and why.
    pub skipped: Vec<Problem>,
    /// Parts of entries left out (a tag Quire cannot read, a picture too large), and why.
    pub notes: Vec<Problem>,
}

impl Preview {
    /// Entries the import would add.
    pub fn new_entries(&self) -> u64 {
        self.entries - self.already_there
    }
}

/// A journal an import writes to.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct JournalPreview {
    pub name: String,
    pub entries: u64,
    /// Whether the person has a journal of this name already; if not, the import makes it.
    pub exists: bool,
}

impl Ready {
    /// How messages name it.
    pub fn label(&self) -> String {
        entry_label(
            self.position,
            Some(&local_label(self.dated_at)),
            Some(&self.label_text),
        )
    }
}

/// An entry checked and ready to write.
pub(crate) struct Ready {
    /// Its place in the file, and its date and text as the source gave them, for messages.
    pub position: usize,
    pub label_text: String,
    pub source_id: String,
    pub keep_id: Option<String>,
    pub dated_at: i64,
    pub created_at: i64,
    pub updated_at: i64,
    pub time_zone: Option<String>,
    pub text: String,
    pub starred: bool,
    pub journal: Option<String>,
    pub metadata: Option<String>,
    /// Each picture with the id the text refers to it by.
    pub pictures: Vec<(String, ImportedPicture)>,
}

/// Checks an entry: its date, its size with its tags and pictures added, its tags and time zone.
/// An entry that cannot be kept is the `Err`; a part left out is added to `notes`.
pub(crate) fn ready(
    entry: ImportedEntry,
    file: &str,
    notes: &mut Vec<Problem>,
) -> Result<Ready, Problem> {
    // Made only when there is something to say: most entries have nothing.
    let (position, dated_at) = (entry.position, entry.dated_at);
    let label_text: String = entry_title(&entry.text);
    let problem = |reason: String| Problem {
        file: file.to_owned(),
        entry: entry_label(position, Some(&local_label(dated_at)), Some(&label_text)),
        reason,
    };
    if !(EARLIEST_DATE..LATEST_DATE).contains(&entry.dated_at) {
        return Err(problem(
            "its date is outside the years 1900 to 2199 that Quire keeps".to_owned(),
        ));
    }
    let source_id = entry
        .source_id
        .clone()
        .unwrap_or_else(|| content_hash(entry.dated_at, &entry.text));
    for reason in &entry.left_out {
        notes.push(problem(reason.clone()));
    }
    let mut text = entry.text;
    let present: Vec<String> = tag_text::extract(&text)
        .into_iter()
        .map(tag_text::key)
        .collect();
    let mut added: Vec<String> = Vec::new();
    for tag in &entry.tags {
        let name = tag.trim().trim_start_matches(['#', '@']);
        if !tag_text::is_tag_name(name) {
            notes.push(problem(format!(
                "the tag \u{201c}{name}\u{201d} is not one Quire can read (letters, digits, _, - \
                 or /, with a letter in it), so it was left out"
            )));
            continue;
        }
        let key = tag_text::key(name);
        if !present.contains(&key) && !added.iter().any(|a| tag_text::key(a) == key) {
            added.push(name.to_owned());
        }
    }
    if !added.is_empty() {
        let line: Vec<String> = added.iter().map(|name| format!("#{name}")).collect();
        if !text.is_empty() {
            text.push_str("\n\n");
        }
        text.push_str(&line.join(" "));
    }
    let mut pictures = Vec::with_capacity(entry.pictures.len());
    for picture in entry.pictures {
        if picture
            .size
            .is_some_and(|size| size > MAX_PICTURE_BYTES as u64)
        {
            notes.push(problem(format!(
                "the picture {} is over {} MB, more than Quire keeps, so it was left out",
                picture.file_name,
                MAX_PICTURE_BYTES / (1024 * 1024)
            )));
            continue;
        }
        let id = match &picture.id {
            Some(id) => id.clone(),
            None => {
                let id = uuid::Uuid::now_v7().to_string();
                let caption = picture
                    .file_name
                    .rsplit_once('.')
                    .map_or(picture.file_name.as_str(), |(stem, _)| stem)
                    .replace(['[', ']', '|'], " ");
                if !text.is_empty() {
                    text.push_str("\n\n");
                }
                text.push_str(&format!("![{caption}](picture:{id})"));
                id
            }
        };
        pictures.push((id, picture));
    }
    if text.len() > MAX_ENTRY_BYTES {
        return Err(problem(format!(
            "it is {} MB, over the {} MB an entry can hold",
            text.len().div_ceil(1024 * 1024),
            MAX_ENTRY_BYTES / (1024 * 1024)
        )));
    }
    let time_zone = match entry.time_zone {
        Some(zone) if is_time_zone(&zone) => Some(zone),
        Some(zone) => {
            notes.push(problem(format!(
                "its time zone, \u{201c}{zone}\u{201d}, is not a time zone name, so it was left out"
            )));
            None
        }
        None => None,
    };
    let journal = entry.journal.and_then(|name| {
        let name = name.split_whitespace().collect::<Vec<_>>().join(" ");
        let name: String = name.chars().take(MAX_JOURNAL_NAME).collect();
        (!name.is_empty()).then_some(name)
    });
    let metadata =
        (!entry.metadata.is_empty()).then(|| serde_json::Value::Object(entry.metadata).to_string());
    let created_at = entry.created_at.unwrap_or(entry.dated_at);
    Ok(Ready {
        position,
        label_text,
        source_id,
        keep_id: entry.entry_id,
        dated_at: entry.dated_at,
        created_at,
        updated_at: entry.updated_at.unwrap_or(created_at),
        time_zone,
        text,
        starred: entry.starred,
        journal,
        metadata,
        pictures,
    })
}

/// An IANA time zone's name as written (`Europe/Paris`, `UTC`, `America/Argentina/Salta`): its
/// shape only, since Quire carries no time zone database.
fn is_time_zone(zone: &str) -> bool {
    (1..=64).contains(&zone.len())
        && zone.starts_with(|c: char| c.is_ascii_alphabetic())
        && zone
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '/' | '_' | '-' | '+'))
        && !zone.contains("//")
        && !zone.ends_with('/')
}

/// Reads `source` through without writing anything and says what importing it would do. A file
/// that cannot be read through is an error naming the file and the entry.
#[tracing::instrument(skip_all, err)]
pub fn preview(
    store: &Store,
    user: &UserId,
    source: &Source,
    options: &ImportOptions,
) -> Result<Preview, ExchangeError> {
    let importer = source.format.importer();
    let kind = importer.kind();
    let file = file_name(&source.path);
    let journals = store.list_journals(user)?;
    let chosen = match &options.journal {
        Some(id) => Some(
            journals
                .iter()
                .find(|j| &j.id == id)
                .map(|j| j.name.clone())
                .ok_or_else(|| {
                    crate::store::StoreError::InvalidInput(
                        "that journal no longer exists; pick another one".to_owned(),
                    )
                })?,
        ),
        None => None,
    };
    let first = journals.first().map(|j| j.name.clone()).unwrap_or_default();
    let mut preview = Preview {
        format: source.format,
        file: file.clone(),
        entries: 0,
        already_there: 0,
        first_date: None,
        last_date: None,
        journals: Vec::new(),
        tags: Vec::new(),
        pictures: 0,
        skipped: Vec::new(),
        notes: Vec::new(),
    };
    let mut by_journal: Vec<(String, u64)> = Vec::new();
    let mut tags: BTreeMap<String, TagCount> = BTreeMap::new();
    let mut failure: Option<ExchangeError> = None;
    let mut seen = Seen {
        sources: store.imported_source_ids(user, kind)?,
        entries: None,
    };
    importer.read(&source.path, &mut |item| {
        match item {
            Item::Journal(journal) => {
                if chosen.is_none() {
                    count_journal(&mut by_journal, &journal.name, 0);
                }
            }
            Item::Skip(problem) => preview.skipped.push(problem),
            Item::Entry(entry) => match ready(entry, &file, &mut preview.notes) {
                Err(problem) => preview.skipped.push(problem),
                Ok(ready) => {
                    match seen.contains(store, user, &ready) {
                        Ok(true) => preview.already_there += 1,
                        Ok(false) => {}
                        Err(err) => {
                            failure = Some(err.into());
                            return std::ops::ControlFlow::Break(());
                        }
                    }
                    preview.entries += 1;
                    preview.pictures += ready.pictures.len() as u64;
                    preview.first_date = Some(
                        preview
                            .first_date
                            .map_or(ready.dated_at, |d| d.min(ready.dated_at)),
                    );
                    preview.last_date = Some(
                        preview
                            .last_date
                            .map_or(ready.dated_at, |d| d.max(ready.dated_at)),
                    );
                    let journal = chosen
                        .as_deref()
                        .or(ready.journal.as_deref())
                        .unwrap_or(&first);
                    count_journal(&mut by_journal, journal, 1);
                    for name in tag_text::extract(&ready.text) {
                        tags.entry(tag_text::key(name))
                            .or_insert_with(|| TagCount {
                                name: name.to_owned(),
                                entries: 0,
                            })
                            .entries += 1;
                    }
                }
            },
        }
        std::ops::ControlFlow::Continue(())
    })?;
    if let Some(err) = failure {
        return Err(err);
    }
    let existing: HashMap<String, ()> = journals
        .iter()
        .map(|j| (j.name.to_lowercase(), ()))
        .collect();
    preview.journals = by_journal
        .into_iter()
        .map(|(name, entries)| JournalPreview {
            exists: existing.contains_key(&name.to_lowercase()),
            name,
            entries,
        })
        .collect();
    preview.tags = tags.into_values().collect();
    Ok(preview)
}

/// What is in the journal already, as the import's own check ([`Store::imported_already`]) finds it:
/// the sources' ids, and the entries' ids once an entry keeps one, read whole.
struct Seen {
    sources: HashSet<String>,
    entries: Option<HashSet<String>>,
}

impl Seen {
    fn contains(
        &mut self,
        store: &Store,
        user: &UserId,
        ready: &Ready,
    ) -> Result<bool, crate::store::StoreError> {
        if self.sources.contains(&ready.source_id) {
            return Ok(true);
        }
        let Some(id) = &ready.keep_id else {
            return Ok(false);
        };
        let entries = match &mut self.entries {
            Some(entries) => entries,
            none => none.insert(store.entry_ids(user)?),
        };
        Ok(entries.contains(id))
    }
}

fn count_journal(counts: &mut Vec<(String, u64)>, name: &str, by: u64) {
    match counts
        .iter_mut()
        .find(|(have, _)| have.to_lowercase() == name.to_lowercase())
    {
        Some((_, count)) => *count += by,
        None => counts.push((name.to_owned(), by)),
    }
}
