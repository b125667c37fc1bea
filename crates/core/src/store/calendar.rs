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
        // The month's bounds are local midnights, as ms since the epoch.
        let (start, end): (i64, i64) = conn.query_row(
            "SELECT unixepoch(?1 || '-01', 'utc') * 1000,
                    unixepoch(?1 || '-01', '+1 month', 'utc') * 1000",
            [month],
            |row| Ok((row.get(0)?, row.get(1)?)),
        )?;
        let mut stmt = conn.prepare_cached(
            "SELECT date(e.dated_at / 1000, 'unixepoch', 'localtime') AS day, a.mood, count(*)
             FROM entries e LEFT JOIN entry_analysis a ON a.entry_seq = e.seq
             WHERE e.user_id = :user AND e.deleted_at IS NULL
               AND e.date_key >= :lo AND e.date_key < :hi
               AND (:journal IS NULL OR e.journal_seq = :journal)
             GROUP BY day, a.mood",
        )?;
        let rows = stmt.query_map(
            named_params! {
                ":user": user.as_str(),
                ":lo": date_key_floor(start),
                ":hi": date_key_floor(end),
                ":journal": journal,
            },
            |row| {
                Ok((
                    row.get::<_, String>(0)?,
                    row.get::<_, Option<String>>(1)?,
                    row.get::<_, u32>(2)?,
                ))
            },
        )?;
        // Per day: the count, and the most frequent mood (ties go to the mood listed first).
        let mut days: BTreeMap<String, (u32, Option<(u32, Mood)>)> = BTreeMap::new();
        for row in rows {
            let (day, mood, count) = row?;
            let (total, best) = days.entry(day).or_default();
            *total += count;
            if let Some(mood) = mood.as_deref().and_then(Mood::from_key) {
                let better = match best {
                    Some((n, m)) => count > *n || (count == *n && mood < *m),
                    None => true,
                };
                if better {
                    *best = Some((count, mood));
                }
            }
        }
        let (first, last) = extent(&conn, user, journal)?;
        Ok(CalendarMonth {
            month: month.to_owned(),
            days: days
                .into_iter()
                .map(|(date, (count, best))| CalendarDay {
                    date,
                    count,
                    mood: best.map(|(_, mood)| mood),
                    colour: best.map(|(_, mood)| mood.colour().to_owned()),
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
