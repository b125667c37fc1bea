//! What the command line prints: the import's preview, the problems it found, and a progress line.

use std::io::IsTerminal;

use chrono::{Local, TimeZone};
use quire_core::exchange::{Preview, Problem, Progress};

pub(super) fn print_preview(preview: &Preview, journals: bool) {
    println!(
        "{}: {} {}, {} new, {} already in the journal.",
        preview.file,
        preview.entries,
        plural(preview.entries, "entry", "entries"),
        preview.new_entries(),
        preview.already_there
    );
    if let (Some(first), Some(last)) = (preview.first_date, preview.last_date) {
        println!("Dated {} to {}.", day(first), day(last));
    }
    for journal in preview.journals.iter().filter(|_| journals) {
        let made = if journal.exists { "" } else { " (new)" };
        println!("Into \"{}\"{made}: {}", journal.name, journal.entries);
    }
    if !preview.tags.is_empty() {
        let tags: Vec<String> = preview
            .tags
            .iter()
            .take(20)
            .map(|tag| format!("#{} ({})", tag.name, tag.entries))
            .collect();
        let more = preview.tags.len().saturating_sub(20);
        let more = if more > 0 {
            format!(" and {more} more")
        } else {
            String::new()
        };
        println!("Tags: {}{more}.", tags.join(", "));
    }
    if preview.pictures > 0 {
        println!("Pictures: {}.", preview.pictures);
    }
    print_problems("Will skip", &preview.skipped);
    print_problems("Will leave out", &preview.notes);
}

pub(super) fn print_problems(heading: &str, problems: &[Problem]) {
    if problems.is_empty() {
        return;
    }
    println!("{heading} {}:", problems.len());
    for problem in problems.iter().take(50) {
        println!("  {problem}");
    }
    if problems.len() > 50 {
        println!("  … and {} more.", problems.len() - 50);
    }
}

pub(super) fn day(ms: i64) -> String {
    Local
        .timestamp_millis_opt(ms)
        .single()
        .map(|moment| moment.format("%Y-%m-%d").to_string())
        .unwrap_or_else(|| ms.to_string())
}

pub(super) fn plural(n: u64, one: &'static str, many: &'static str) -> &'static str {
    if n == 1 {
        one
    } else {
        many
    }
}

/// A progress line on stderr: redrawn in place on a terminal, a line every tenth otherwise.
pub(super) struct ProgressLine {
    label: &'static str,
    terminal: bool,
    last_tenth: Option<u64>,
    drawn: bool,
}

impl ProgressLine {
    pub(super) fn new(label: &'static str) -> Self {
        Self {
            label,
            terminal: std::io::stderr().is_terminal(),
            last_tenth: None,
            drawn: false,
        }
    }

    pub(super) fn show(&mut self, progress: Progress) {
        let percent = (progress.done * 100)
            .checked_div(progress.total)
            .unwrap_or(100);
        if self.terminal {
            eprint!(
                "\r{}: {} of {} ({percent}%)",
                self.label, progress.done, progress.total
            );
            self.drawn = true;
        } else if self.last_tenth != Some(percent / 10) {
            self.last_tenth = Some(percent / 10);
            eprintln!(
                "{}: {} of {} ({percent}%)",
                self.label, progress.done, progress.total
            );
        }
    }

    pub(super) fn finish(&mut self) {
        if self.drawn {
            eprintln!();
        }
    }
}
