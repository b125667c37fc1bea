//! Which entries a list or a search shows: a journal, a tag, a date range, a mood, starred ones.
//!
//! [`EntryFilter`] is what the window sends; [`Scope`] is the same after its names have been looked
//! up, ready to become SQL conditions over `entries e` with named parameters.

use rusqlite::types::Value;
use rusqlite::{Connection, ToSql};
use serde::{Deserialize, Serialize};

use super::journals::journal_seq;
use super::migrations::DATE_KEY_SHIFT;
use super::tags::tag_seq;
use super::{StoreError, UserId};
use crate::analyser::Mood;

/// The earliest date an entry can have: 1 January 1900, in ms since the epoch.
pub const EARLIEST_DATE: i64 = -2_208_988_800_000;
/// The latest: 1 January 2200.
pub const LATEST_DATE: i64 = 7_258_118_400_000;

/// Which entries a list or a search shows. Every field narrows it; `from` and `to` are ms since the
/// epoch, `from` included and `to` not.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct EntryFilter {
    pub journal: Option<String>,
    pub tag: Option<String>,
    pub from: Option<i64>,
    pub to: Option<i64>,
    pub starred: bool,
    pub mood: Option<Mood>,
}

impl EntryFilter {
    /// Only the entries of one journal, or all of them.
    pub fn journal(journal: Option<&str>) -> Self {
        Self {
            journal: journal.map(str::to_owned),
            ..Self::default()
        }
    }
}

/// The most entries a tag may have for a search or list to read them as a set first.
const SMALL_SET: u32 = 2_000;

/// An [`EntryFilter`] with its journal and tag looked up.
#[derive(Debug, Clone, Default)]
pub(super) struct Scope {
    pub journal: Option<i64>,
    pub tag: Option<i64>,
    /// How many entries have the tag.
    pub tag_uses: u32,
    /// The `date_key` range: from `lo` included to `hi` excluded.
    pub lo: Option<i64>,
    pub hi: Option<i64>,
    pub starred: bool,
    pub mood: Option<Mood>,
    /// Nothing can match (an unknown tag, or a range that ends before it starts).
    pub empty: bool,
}

/// The smallest `date_key` of an entry dated `at` (ms) or later.
pub(super) fn date_key_floor(at: i64) -> i64 {
    at.clamp(EARLIEST_DATE, LATEST_DATE) << DATE_KEY_SHIFT
}

impl Scope {
    pub fn resolve(
        conn: &Connection,
        user: &UserId,
        filter: &EntryFilter,
    ) -> Result<Self, StoreError> {
        let journal = filter
            .journal
            .as_deref()
            .map(|id| journal_seq(conn, user, id))
            .transpose()?;
        let mut empty = false;
        let tag = match filter.tag.as_deref() {
            Some(name) => {
                let seq = tag_seq(conn, user, name)?;
                empty |= seq.is_none();
                seq
            }
            None => None,
        };
        let tag_uses = match tag {
            Some(seq) => conn
                .prepare_cached("SELECT uses FROM tags WHERE seq = ?1")?
                .query_row([seq], |row| row.get(0))?,
            None => 0,
        };
        let lo = filter.from.map(date_key_floor);
        let hi = filter.to.map(date_key_floor);
        empty |= matches!((lo, hi), (Some(lo), Some(hi)) if lo >= hi);
        Ok(Self {
            journal,
            tag,
            tag_uses,
            lo,
            hi,
            starred: filter.starred,
            mood: filter.mood,
            empty,
        })
    }

    /// Narrows further by another scope (typed search forms on top of the filter controls).
    pub fn and(mut self, other: Scope) -> Self {
        self.empty |= other.empty
            || matches!((self.journal, other.journal), (Some(a), Some(b)) if a != b)
            || matches!((self.tag, other.tag), (Some(a), Some(b)) if a != b)
            || matches!((self.mood, other.mood), (Some(a), Some(b)) if a != b);
        self.journal = self.journal.or(other.journal);
        if self.tag.is_none() {
            self.tag_uses = other.tag_uses;
        }
        self.tag = self.tag.or(other.tag);
        self.mood = self.mood.or(other.mood);
        self.lo = max_some(self.lo, other.lo);
        self.hi = min_some(self.hi, other.hi);
        self.starred |= other.starred;
        self.empty |= matches!((self.lo, self.hi), (Some(lo), Some(hi)) if lo >= hi);
        self
    }

    /// Whether no date range, star or mood narrows it (a journal or a tag may).
    pub fn plain(&self) -> bool {
        self.lo.is_none() && self.hi.is_none() && !self.starred && self.mood.is_none()
    }

    /// SQL conditions (each starting with `AND`) over `entries e`, and their parameters (`:user`
    /// is the caller's). `key` is the expression holding the entry's `date_key`: the date range is
    /// put on whatever the query walks in date order, so that it becomes the bounds of that walk.
    pub fn conditions(&self, key: &str, params: &mut Params) -> String {
        let mut sql = String::new();
        if let Some(journal) = self.journal {
            sql.push_str(" AND e.journal_seq = :journal");
            params.push(":journal", Value::Integer(journal));
        }
        // A tag's or a mood's entries are checked by key, before the entry's row is read: a
        // rare tag's as a set read once from its index, others by one index lookup per entry
        // (a large set costs more to build than the lookups of a page of matches). The `+` keeps
        // the set from becoming the way into the full-text index, which would look up each key
        // on its own; the lookup is a scalar subquery, not EXISTS, which SQLite would make a join
        // done after the entry's row is read.
        if let Some(tag) = self.tag {
            if self.tag_uses <= SMALL_SET {
                sql.push_str(&format!(
                    " AND +{key} IN (SELECT date_key FROM entry_tags WHERE tag_seq = :tag)"
                ));
            } else {
                sql.push_str(&format!(
                    " AND (SELECT 1 FROM entry_tags
                           WHERE tag_seq = :tag AND date_key = {key}) IS NOT NULL"
                ));
            }
            params.push(":tag", Value::Integer(tag));
        }
        if let Some(lo) = self.lo {
            sql.push_str(&format!(" AND {key} >= :lo"));
            params.push(":lo", Value::Integer(lo));
        }
        if let Some(hi) = self.hi {
            sql.push_str(&format!(" AND {key} < :hi"));
            params.push(":hi", Value::Integer(hi));
        }
        if self.starred {
            sql.push_str(" AND e.starred = 1");
        }
        if let Some(mood) = self.mood {
            // Moods are few, so each has many entries: looked up.
            sql.push_str(&format!(
                " AND (SELECT 1 FROM entry_moods
                       WHERE user_id = :user AND mood = :mood AND date_key = {key}) IS NOT NULL"
            ));
            params.push(":mood", Value::Text(mood.key().to_owned()));
        }
        sql
    }
}

/// Named parameters gathered while a query is put together.
#[derive(Default)]
pub(super) struct Params(Vec<(&'static str, Value)>);

impl Params {
    pub fn push(&mut self, name: &'static str, value: Value) {
        self.0.push((name, value));
    }

    pub fn as_named(&self) -> Vec<(&str, &dyn ToSql)> {
        self.0
            .iter()
            .map(|(name, value)| (*name, value as &dyn ToSql))
            .collect()
    }
}

fn max_some(a: Option<i64>, b: Option<i64>) -> Option<i64> {
    match (a, b) {
        (Some(a), Some(b)) => Some(a.max(b)),
        (a, b) => a.or(b),
    }
}

fn min_some(a: Option<i64>, b: Option<i64>) -> Option<i64> {
    match (a, b) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
}
