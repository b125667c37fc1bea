//! The history view's figures: sentiment over time, mood counts, "on this day" and the writing
//! streak. Days are the person's local days (SQLite's `localtime`, the system time zone).

use rusqlite::{named_params, params};
use serde::{Deserialize, Serialize};

use super::entries::{read_summary, summary_columns, EntrySummary, FROM, SUMMARY_WIDTH};
use super::journals::journal_seq;
use super::{Store, StoreError, UserId};
use crate::analyser::Mood;

/// How the sentiment chart groups entries.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum Period {
    Day,
    Week,
    Month,
}

impl Period {
    /// The SQL expression for the local date that starts the period of `e.dated_at`.
    fn start_of(self) -> &'static str {
        match self {
            Period::Day => "date(e.dated_at / 1000, 'unixepoch', 'localtime')",
            // Weeks start on Monday: the coming Sunday ('weekday 0'; today if it is one), less six days.
            Period::Week => {
                "date(e.dated_at / 1000, 'unixepoch', 'localtime', 'weekday 0', '-6 days')"
            }
            Period::Month => "strftime('%Y-%m-01', e.dated_at / 1000, 'unixepoch', 'localtime')",
        }
    }
}

/// The average sentiment of the entries in one period.
#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct SentimentPoint {
    /// The period's first day, `YYYY-MM-DD`.
    pub period: String,
    /// -10 to 10, to one decimal.
    pub average: f64,
    pub entries: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
pub struct MoodCount {
    pub mood: Mood,
    /// The mood's colour, `#rrggbb`.
    pub colour: String,
    pub count: u32,
}

/// Sentiment over time, and how often each mood came up, for the analysed entries in a range.
#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct History {
    /// Oldest first; periods without entries are left out.
    pub points: Vec<SentimentPoint>,
    /// Over every analysed entry in the range, to one decimal; `None` when there are none.
    pub average: Option<f64>,
    /// Most frequent first.
    pub moods: Vec<MoodCount>,
    /// Entries in the range that have no analysis yet (it is on its way).
    pub unanalysed: u32,
}

/// An entry written on today's date in an earlier year.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct OnThisDay {
    pub years_ago: u32,
    pub entry: EntrySummary,
}

/// Consecutive days with writing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct Streak {
    /// Days in a row up to today, or up to yesterday while today has no entry yet.
    pub current: u32,
    pub longest: u32,
    pub wrote_today: bool,
    /// Days with at least one entry, in all.
    pub days_written: u32,
}

/// Most "on this day" entries shown.
const ON_THIS_DAY_LIMIT: u32 = 20;

impl Store {
    /// Today's date where the person is, `YYYY-MM-DD`.
    pub fn local_today(&self) -> Result<String, StoreError> {
        self.reader()
            .query_row("SELECT date('now', 'localtime')", [], |row| row.get(0))
            .map_err(StoreError::from)
    }

    /// Sentiment by `period` and mood counts, for entries written at or after `since` (ms), or
    /// for all of them.
    pub fn history(
        &self,
        user: &UserId,
        period: Period,
        since: Option<i64>,
        journal: Option<&str>,
    ) -> Result<History, StoreError> {
        let conn = self.reader();
        let journal = in_journal(&conn, user, journal)?;
        let since = since.unwrap_or(i64::MIN);
        let mut points = conn.prepare(&format!(
            "SELECT {} AS period, avg(a.sentiment), count(*)
             FROM entries e JOIN entry_analysis a ON a.entry_seq = e.seq
             WHERE e.user_id = :user AND e.deleted_at IS NULL AND e.dated_at >= :since
               AND (:journal IS NULL OR e.journal_seq = :journal)
             GROUP BY period ORDER BY period",
            period.start_of()
        ))?;
        let points = points
            .query_map(
                named_params! { ":user": user.as_str(), ":since": since, ":journal": journal },
                |row| {
                    Ok(SentimentPoint {
                        period: row.get(0)?,
                        average: one_decimal(row.get(1)?),
                        entries: row.get(2)?,
                    })
                },
            )?
            .collect::<Result<Vec<_>, _>>()?;
        let (average, unanalysed): (Option<f64>, u32) = conn.query_row(
            "SELECT avg(a.sentiment), count(*) - count(a.entry_seq)
             FROM entries e LEFT JOIN entry_analysis a ON a.entry_seq = e.seq
             WHERE e.user_id = ?1 AND e.deleted_at IS NULL AND e.dated_at >= ?2
               AND (?3 IS NULL OR e.journal_seq = ?3)
               AND (e.word_count > 0 OR a.entry_seq IS NOT NULL)",
            params![user.as_str(), since, journal],
            |row| Ok((row.get(0)?, row.get(1)?)),
        )?;
        let mut moods = conn.prepare(
            "SELECT a.mood, count(*) AS n
             FROM entries e JOIN entry_analysis a ON a.entry_seq = e.seq
             WHERE e.user_id = ?1 AND e.deleted_at IS NULL AND e.dated_at >= ?2
               AND (?3 IS NULL OR e.journal_seq = ?3)
             GROUP BY a.mood ORDER BY n DESC, a.mood",
        )?;
        let moods = moods
            .query_map(params![user.as_str(), since, journal], |row| {
                Ok((row.get::<_, String>(0)?, row.get::<_, u32>(1)?))
            })?
            .filter_map(|row| match row {
                Ok((mood, count)) => Mood::from_key(&mood).map(|mood| {
                    Ok(MoodCount {
                        mood,
                        colour: mood.colour().to_owned(),
                        count,
                    })
                }),
                Err(err) => Some(Err(err)),
            })
            .collect::<Result<Vec<_>, _>>()?;
        Ok(History {
            points,
            average: average.map(one_decimal),
            moods,
            unanalysed,
        })
    }

    /// Entries dated `today`'s month and day (`YYYY-MM-DD`) in earlier years, newest first.
    pub fn on_this_day(
        &self,
        user: &UserId,
        today: &str,
        journal: Option<&str>,
    ) -> Result<Vec<OnThisDay>, StoreError> {
        let conn = self.reader();
        let journal = in_journal(&conn, user, journal)?;
        let mut stmt = conn.prepare(&format!(
            "SELECT {}, CAST(substr(:today, 1, 4) AS INTEGER)
                        - CAST(strftime('%Y', e.dated_at / 1000, 'unixepoch', 'localtime') AS INTEGER)
             FROM {FROM}
             WHERE e.user_id = :user AND e.deleted_at IS NULL AND e.word_count > 0
               AND (:journal IS NULL OR e.journal_seq = :journal)
               AND strftime('%m-%d', e.dated_at / 1000, 'unixepoch', 'localtime')
                   = substr(:today, 6, 5)
               AND strftime('%Y', e.dated_at / 1000, 'unixepoch', 'localtime')
                   < substr(:today, 1, 4)
             ORDER BY e.date_key DESC
             LIMIT :limit",
            summary_columns()
        ))?;
        let found = stmt
            .query_map(
                named_params! {
                    ":user": user.as_str(),
                    ":today": today,
                    ":limit": ON_THIS_DAY_LIMIT,
                    ":journal": journal,
                },
                |row| {
                    Ok(OnThisDay {
                        entry: read_summary(row)?,
                        years_ago: row.get(SUMMARY_WIDTH)?,
                    })
                },
            )?
            .collect::<Result<_, _>>()?;
        Ok(found)
    }

    /// The writing streak as of `today` (`YYYY-MM-DD`). Only entries with words count.
    pub fn streak(
        &self,
        user: &UserId,
        today: &str,
        journal: Option<&str>,
    ) -> Result<Streak, StoreError> {
        let conn = self.reader();
        let journal = in_journal(&conn, user, journal)?;
        let mut stmt = conn.prepare(
            "SELECT DISTINCT date(dated_at / 1000, 'unixepoch', 'localtime') AS day
             FROM entries
             WHERE user_id = ?1 AND deleted_at IS NULL AND word_count > 0
               AND (?2 IS NULL OR journal_seq = ?2)
             ORDER BY day",
        )?;
        let days = stmt
            .query_map(params![user.as_str(), journal], |row| {
                row.get::<_, String>(0)
            })?
            .collect::<Result<Vec<_>, _>>()?;
        let days: Vec<i64> = days.iter().filter_map(|d| day_number(d)).collect();
        let today = day_number(today)
            .ok_or_else(|| StoreError::InvalidInput(format!("{today:?} is not a date")))?;
        Ok(streak_of(&days, today))
    }
}

/// The journal's internal key, when the figures are for one journal.
fn in_journal(
    conn: &rusqlite::Connection,
    user: &UserId,
    journal: Option<&str>,
) -> Result<Option<i64>, StoreError> {
    journal.map(|id| journal_seq(conn, user, id)).transpose()
}

fn one_decimal(value: f64) -> f64 {
    (value * 10.0).round() / 10.0
}

/// Days since 1970-01-01 for a `YYYY-MM-DD` date (the proleptic Gregorian calendar).
fn day_number(date: &str) -> Option<i64> {
    let mut parts = date.splitn(3, '-').map(str::parse::<i64>);
    let (y, m, d) = (
        parts.next()?.ok()?,
        parts.next()?.ok()?,
        parts.next()?.ok()?,
    );
    if !(1..=12).contains(&m) || !(1..=31).contains(&d) {
        return None;
    }
    // Howard Hinnant's days-from-civil algorithm.
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    Some(era * 146_097 + doe - 719_468)
}

/// The streak for sorted, distinct day numbers.
fn streak_of(days: &[i64], today: i64) -> Streak {
    let mut longest = 0u32;
    let mut run = 0u32;
    let mut previous: Option<i64> = None;
    for &day in days.iter().filter(|&&d| d <= today) {
        run = if previous == Some(day - 1) {
            run + 1
        } else {
            1
        };
        longest = longest.max(run);
        previous = Some(day);
    }
    let wrote_today = previous == Some(today);
    let current = if previous.is_some_and(|last| last >= today - 1) {
        run
    } else {
        0
    };
    Streak {
        current,
        longest,
        wrote_today,
        days_written: u32::try_from(days.len()).unwrap_or(u32::MAX),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn day_numbers_follow_the_calendar() {
        assert_eq!(day_number("1970-01-01"), Some(0));
        assert_eq!(day_number("2000-03-01"), Some(11_017));
        assert_eq!(
            day_number("2024-03-01").unwrap() - day_number("2024-02-28").unwrap(),
            2
        );
        assert_eq!(day_number("2024-13-01"), None);
        assert_eq!(day_number("yesterday"), None);
    }

    #[test]
    fn streaks_count_runs_of_days() {
        let today = 100;
        assert_eq!(
            streak_of(&[90, 91, 92, 93, 98, 99, 100], today),
            Streak {
                current: 3,
                longest: 4,
                wrote_today: true,
                days_written: 7
            }
        );
        // Not yet written today: yesterday's run still counts.
        let s = streak_of(&[98, 99], today);
        assert_eq!((s.current, s.wrote_today), (2, false));
        // A gap of a day ends it.
        assert_eq!(streak_of(&[97, 98], today).current, 0);
        assert_eq!(streak_of(&[], today).longest, 0);
    }
}
