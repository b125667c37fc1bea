//! The calendar: for one month, the days with entries, how many, and the mood that marks each day.
//! Days are the person's local days (SQLite's `localtime`), as in History.

use std::collections::BTreeMap;

use rusqlite::{named_params, Connection, OptionalExtension};
use serde::Serialize;

use super::filter::date_key_floor;
use super::journals::journal_seq;
use super::{Store, StoreError, UserId};
use crate::analyser::Mood;

/// A day of the calendar with entries on it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct CalendarDay {
    /// `YYYY-MM-DD`, local time.
    pub date: String,
    pub count: u32,
    /// The day's most frequent mood among its analysed entries, and that mood's colour.
    pub mood: Option<Mood>,
    pub colour: Option<String>,
}

/// One month of the calendar.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct CalendarMonth {
    /// `YYYY-MM`.
    pub month: String,
    /// Only the days with entries, in order.
    pub days: Vec<CalendarDay>,
    /// The local dates of the oldest and newest entries in view, for the year picker.
    pub first: Option<String>,
    pub last: Option<String>,
}

impl Store {
    /// The month `month` (`YYYY-MM`) of `journal`, or of all journals.
    pub fn calendar_month(
        &self,
        user: &UserId,
        month: &str,
        journal: Option<&str>,
    ) -> Result<CalendarMonth, StoreError> {
        if !is_month(month) {
            return Err(StoreError::InvalidInput(format!(
                "{month:?} is not a month; use YYYY-MM"
            )));
        }
        let conn = self.reader();
        let journal = journal.map(|id| journal_seq(&conn, user, id)).transpose()?;
        // The local midnight starting each day of the month (and the next month's first), as
        // `date_key` bounds: entries are put in their day by key, without a time-zone conversion
        // per entry, and read from the date index alone.
        let bounds: Vec<(String, i64)> = conn
            .prepare_cached(
                "WITH RECURSIVE days (day) AS (
                     SELECT date(?1 || '-01')
                     UNION ALL
                     SELECT date(day, '+1 day') FROM days WHERE day < date(?1 || '-01', '+1 month')
                 )
                 SELECT day, unixepoch(day, 'utc') * 1000 FROM days",
            )?
            .query_map([month], |row| Ok((row.get(0)?, row.get(1)?)))?
            .map(|row| row.map(|(day, at): (String, i64)| (day, date_key_floor(at))))
            .collect::<Result<_, _>>()?;
        let (lo, hi) = (bounds[0].1, bounds[bounds.len() - 1].1);
        // Each walks an index that holds the date key, so no entry's row is read (a journal is the
        // person's own: `journal_seq` checked that).
        let sql = match journal {
            Some(_) => {
                "SELECT e.date_key, a.mood
                 FROM entries e LEFT JOIN entry_analysis a ON a.entry_seq = e.seq
                 WHERE e.journal_seq = :scope AND e.deleted_at IS NULL
                   AND e.date_key >= :lo AND e.date_key < :hi"
            }
            None => {
                "SELECT e.date_key, a.mood
                 FROM entries e LEFT JOIN entry_analysis a ON a.entry_seq = e.seq
                 WHERE e.user_id = :scope AND e.deleted_at IS NULL
                   AND e.date_key >= :lo AND e.date_key < :hi"
            }
        };
        let scope: rusqlite::types::Value = match journal {
            Some(seq) => seq.into(),
            None => user.as_str().to_owned().into(),
        };
        let mut stmt = conn.prepare_cached(sql)?;
        let rows = stmt.query_map(
            named_params! { ":scope": scope, ":lo": lo, ":hi": hi },
            |row| Ok((row.get::<_, i64>(0)?, row.get::<_, Option<String>>(1)?)),
        )?;
        // Per day: the count, and how often each mood came up.
        let mut days: BTreeMap<usize, (u32, BTreeMap<Mood, u32>)> = BTreeMap::new();
        for row in rows {
            let (key, mood) = row?;
            let day = bounds.partition_point(|(_, start)| *start <= key) - 1;
            let (count, moods) = days.entry(day).or_default();
            *count += 1;
            if let Some(mood) = mood.as_deref().and_then(Mood::from_key) {
                *moods.entry(mood).or_default() += 1;
            }
        }
        let (first, last) = extent(&conn, user, journal)?;
        Ok(CalendarMonth {
            month: month.to_owned(),
            days: days
                .into_iter()
                .map(|(day, (count, moods))| {
                    // The most frequent mood; a tie goes to the mood listed first.
                    let mood = moods
                        .into_iter()
                        .max_by(|(a, n), (b, m)| n.cmp(m).then(b.cmp(a)))
                        .map(|(mood, _)| mood);
                    CalendarDay {
                        date: bounds[day].0.clone(),
                        count,
                        mood,
                        colour: mood.map(|m| m.colour().to_owned()),
                    }
                })
                .collect(),
            first,
            last,
        })
    }
}

/// The local dates of the oldest and newest entries in view.
fn extent(
    conn: &Connection,
    user: &UserId,
    journal: Option<i64>,
) -> Result<(Option<String>, Option<String>), StoreError> {
    let end = |order: &str| -> Result<Option<String>, StoreError> {
        Ok(conn
            .prepare_cached(&format!(
                "SELECT date(dated_at / 1000, 'unixepoch', 'localtime') FROM entries
                     WHERE user_id = ?1 AND deleted_at IS NULL
                       AND (?2 IS NULL OR journal_seq = ?2)
                     ORDER BY date_key {order} LIMIT 1"
            ))?
            .query_row(rusqlite::params![user.as_str(), journal], |row| row.get(0))
            .optional()?)
    };
    Ok((end("ASC")?, end("DESC")?))
}

/// `YYYY-MM` with a real month.
fn is_month(month: &str) -> bool {
    let bytes = month.as_bytes();
    bytes.len() == 7
        && bytes[4] == b'-'
        && bytes
            .iter()
            .enumerate()
            .all(|(i, b)| i == 4 || b.is_ascii_digit())
        && (1..=12).contains(&month[5..].parse::<u32>().unwrap_or(0))
        && (1900..2200).contains(&month[..4].parse::<u32>().unwrap_or(0))
}
