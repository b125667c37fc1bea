//! jrnl's own journal file, in and out: what `jrnl --import` reads.
//!
//! Each entry starts on a line `[2024-03-01 10:30] Title…`; the title line ends with ` *` when the
//! entry is starred; the body follows, and entries are separated by a blank line. A `[…]` line
//! whose brackets do not hold a date is body text, as jrnl reads it; one that holds something
//! shaped like a date that is none (`[2024-13-40 10:30]`) starts an entry that is skipped.

use std::io::{BufRead, BufReader, Write};
use std::ops::ControlFlow;
use std::path::Path;

use super::error::file_name;
use super::jrnl::{self, KIND};
use super::jrnl_json::local_date_time;
use super::model::{entry_label, local_ms};
use super::stream::{Metered, MAX_FIELD_BYTES};
use super::{trimmed_start, ExchangeError, ImportedEntry, Importer, Item, Problem, Sniff};
use crate::store::ExportedEntry;

pub(crate) struct JrnlText;

/// A file whose first line starts with a bracketed date.
pub(crate) fn detect(sniff: &Sniff) -> bool {
    let head = trimmed_start(&sniff.head);
    head.starts_with(b"[")
        && std::str::from_utf8(&head[1..head.len().min(40)])
            .or_else(|e| std::str::from_utf8(&head[1..=e.valid_up_to()]))
            .is_ok_and(jrnl::looks_like_date)
}

/// An entry's first line: its date (or the text that should have been one) and the rest.
struct Started {
    position: usize,
    blob: String,
    text: String,
}

/// The date in brackets at the start of `line`, if the line starts an entry, and what follows it.
fn entry_start(line: &str) -> Option<(&str, &str)> {
    let rest = line.strip_prefix('[')?;
    let close = rest.find(']')?;
    let (blob, after) = (&rest[..close], &rest[close + 1..]);
    let after = match after.strip_prefix(' ') {
        Some(after) => after,
        None if after.trim().is_empty() => after,
        None => return None,
    };
    (jrnl::parse_date(blob).is_some() || jrnl::looks_like_date(blob)).then_some((blob, after))
}

impl Importer for JrnlText {
    fn kind(&self) -> &'static str {
        KIND
    }

    fn read(
        &self,
        path: &Path,
        each: &mut dyn FnMut(Item) -> ControlFlow<()>,
    ) -> Result<(), ExchangeError> {
        let file = file_name(path);
        let opened =
            std::fs::File::open(path).map_err(|err| ExchangeError::unreadable(&file, &err))?;
        let (metered, meter) = Metered::new(BufReader::new(opened), MAX_FIELD_BYTES);
        let mut reader = BufReader::new(metered);
        let mut current: Option<Started> = None;
        let mut preamble = String::new();
        let mut line = String::new();
        let mut line_number = 0usize;
        let mut position = 0usize;
        loop {
            line.clear();
            line_number += 1;
            let read = reader.read_line(&mut line).map_err(|err| {
                let reason = if meter.over() {
                    format!(
                        "it holds a text over {} MB, more than any entry can be",
                        MAX_FIELD_BYTES / (1024 * 1024)
                    )
                } else if err.kind() == std::io::ErrorKind::InvalidData {
                    format!("line {line_number} is not UTF-8 text")
                } else {
                    format!("the file could not be read ({err})")
                };
                let at = match &current {
                    Some(started) => format!("entry {}", started.position),
                    None => format!("line {line_number}"),
                };
                ExchangeError::malformed(&file, at, reason)
            })?;
            if read == 0 {
                break;
            }
            let body_line = if line_number == 1 {
                line.trim_start_matches('\u{feff}')
            } else {
                line.as_str()
            };
            if let Some((blob, after)) = entry_start(body_line) {
                if let Some(done) = current.take() {
                    if each(finish(&file, done)).is_break() {
                        return Ok(());
                    }
                }
                meter.mark();
                position += 1;
                current = Some(Started {
                    position,
                    blob: blob.to_owned(),
                    text: after.to_owned(),
                });
            } else if let Some(started) = &mut current {
                started.text.push_str(body_line);
            } else {
                preamble.push_str(body_line);
            }
            if current.is_none() && !preamble.trim().is_empty() {
                let skipped = Item::Skip(Problem {
                    file: file.clone(),
                    entry: format!("line {line_number}"),
                    reason: "text before the first dated entry is not part of any entry".to_owned(),
                });
                preamble.clear();
                if each(skipped).is_break() {
                    return Ok(());
                }
            }
        }
        if let Some(done) = current {
            let _ = each(finish(&file, done));
        }
        Ok(())
    }
}

/// An entry read to its end: starred when its first line ends with `*`, as jrnl reads it.
fn finish(file: &str, started: Started) -> Item {
    let raw = started.text;
    let (first, rest) = raw.split_once('\n').unwrap_or((raw.as_str(), ""));
    let starred = first.trim().ends_with('*');
    let raw = if starred {
        format!("{}\n{rest}", first.trim_matches(['\n', ' ', '*']))
    } else {
        raw.clone()
    };
    let (title, body) = jrnl::split_title(&raw);
    let text = jrnl::text_of(title, body);
    let Some(dated_at) = jrnl::parse_date(&started.blob).and_then(local_ms) else {
        return Item::Skip(Problem {
            file: file.to_owned(),
            entry: entry_label(started.position, Some(&started.blob), Some(&text)),
            reason: format!("its date, \u{201c}{}\u{201d}, is not a date", started.blob),
        });
    };
    let (text, tags) = jrnl::hash_tags(&text);
    Item::Entry(ImportedEntry {
        position: started.position,
        dated_at,
        text,
        tags,
        starred,
        ..ImportedEntry::default()
    })
}

/// Writes one entry as jrnl's journal file has it; `first` for the first one written.
pub(crate) fn write_entry(
    out: &mut dyn Write,
    entry: &ExportedEntry,
    first: bool,
) -> std::io::Result<()> {
    let text = jrnl::at_tags(&entry.content);
    let (title, body) = jrnl::split_title(&text);
    let (date, time) = local_date_time(entry.dated_at);
    if !first {
        out.write_all(b"\n")?;
    }
    write!(out, "[{date} {time}] {title}")?;
    if entry.starred {
        out.write_all(b" *")?;
    }
    if !body.is_empty() {
        write!(out, "\n{body}")?;
    }
    out.write_all(b"\n")
}
