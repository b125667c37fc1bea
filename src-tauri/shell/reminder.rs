//! The daily reminder: at the time chosen in Settings, a desktop notification says "Time to write",
//! and clicking it opens a new entry in the journal window.
//!
//! The notification goes through `tauri-plugin-notification`, which reports a click on it ("tap").
//! The schedule looks at the wall clock once a minute rather than sleeping until the time: a
//! monotonic sleep does not count the time a laptop spends suspended, and the clock may change
//! (daylight saving, travel). A reminder missed by more than [`LATE_BY_AT_MOST`] (the computer was
//! asleep, or off) is skipped, not shown hours late. "Start Quire at login" (`tauri-plugin-autostart`)
//! keeps it firing after a reboot.

use std::time::Duration;

use chrono::{DateTime, Local, NaiveDate, NaiveTime, TimeZone};
use serde::{Deserialize, Serialize};
use tauri::{AppHandle, Manager};
use tauri_plugin_notification::NotificationExt;
use tauri_specta::Event;
use tokio::sync::Notify;

use super::settings::PreferencesState;
use super::windows::{self, WindowLabel};
use quire_core::preferences::ReminderTime;

/// How often the schedule looks at the clock.
const TICK: Duration = Duration::from_secs(30);
/// A reminder found due later than this after its time is skipped for the day.
const LATE_BY_AT_MOST: chrono::TimeDelta = chrono::TimeDelta::minutes(10);

/// Wakes the schedule when the reminder's time changes in Settings.
#[derive(Default)]
pub struct ReminderState {
    changed: Notify,
}

impl ReminderState {
    pub fn changed(&self) {
        self.changed.notify_one();
    }
}

/// The journal window is asked to start a new entry (a click on the reminder).
#[derive(Debug, Clone, Serialize, Deserialize, specta::Type, tauri_specta::Event)]
pub struct NewEntryRequested;

/// The moment of `time` on `day` in local time; the later one when the clock goes back over it, and
/// the first moment after it when the clock skips it.
fn on_day(day: NaiveDate, time: ReminderTime) -> Option<DateTime<Local>> {
    let naive = day.and_time(NaiveTime::from_hms_opt(
        u32::from(time.hour),
        u32::from(time.minute),
        0,
    )?);
    match Local.from_local_datetime(&naive) {
        chrono::LocalResult::Single(moment) => Some(moment),
        chrono::LocalResult::Ambiguous(_, later) => Some(later),
        chrono::LocalResult::None => Local
            .from_local_datetime(&(naive + chrono::TimeDelta::hours(1)))
            .earliest(),
    }
}

/// Whether the reminder is due at `now`, not shown yet on its day (`shown_on`), and not long past.
pub fn due(now: DateTime<Local>, time: ReminderTime, shown_on: Option<NaiveDate>) -> bool {
    let today = now.date_naive();
    if shown_on == Some(today) {
        return false;
    }
    on_day(today, time).is_some_and(|at| now >= at && now - at <= LATE_BY_AT_MOST)
}

/// Starts the schedule; it runs for the life of the app.
pub fn start(app: &AppHandle) {
    app.manage(ReminderState::default());
    let handle = app.clone();
    if let Err(err) = app.notification().on_action(move |performed| {
        if performed.action_id() == "tap" {
            open_new_entry(&handle);
        }
    }) {
        tracing::warn!(%err, "a click on the reminder will not open Quire");
    }
    let app = app.clone();
    tauri::async_runtime::spawn(async move {
        let mut shown_on: Option<NaiveDate> = None;
        loop {
            let time = app
                .state::<PreferencesState>()
                .current()
                .preferences
                .reminder;
            if let Some(time) = time {
                let now = Local::now();
                if due(now, time, shown_on) {
                    shown_on = Some(now.date_naive());
                    show(&app);
                }
            }
            let state = app.state::<ReminderState>();
            tokio::select! {
                () = tokio::time::sleep(TICK) => {}
                () = state.changed.notified() => {}
            }
        }
    });
}

fn show(app: &AppHandle) {
    let shown = app
        .notification()
        .builder()
        .title("Time to write")
        .body("A few lines about today? Click to start a new entry.")
        .show();
    match shown {
        Ok(()) => tracing::info!("the daily reminder was shown"),
        Err(err) => tracing::warn!(%err, "could not show the daily reminder"),
    }
}

/// Brings the journal window forward and asks it for a new entry; a locked journal shows its lock
/// window instead, and nobody signed in, the welcome window.
fn open_new_entry(app: &AppHandle) {
    let app = app.clone();
    let main = app.clone();
    let ran = main.run_on_main_thread(move || {
        if let Some(window) = WindowLabel::Journal.get(&app) {
            let _ = window.unminimize();
            let _ = window.set_focus();
            if let Err(err) = NewEntryRequested.emit_to(&app, WindowLabel::Journal.as_str()) {
                tracing::warn!(%err, "could not ask the journal window for a new entry");
            }
        } else if let Some(window) = [WindowLabel::Lock, WindowLabel::Welcome]
            .into_iter()
            .find_map(|label| label.get(&app))
        {
            let _ = window.set_focus();
        } else if let Err(err) = windows::open_welcome(&app) {
            tracing::warn!(%err, "could not open a window for the reminder");
        }
    });
    if let Err(err) = ran {
        tracing::warn!(%err, "could not open the journal for the reminder");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(hour: u32, minute: u32) -> DateTime<Local> {
        let day = NaiveDate::from_ymd_opt(2026, 6, 15).unwrap();
        Local
            .from_local_datetime(&day.and_hms_opt(hour, minute, 0).unwrap())
            .earliest()
            .unwrap()
    }

    const EVENING: ReminderTime = ReminderTime {
        hour: 21,
        minute: 30,
    };

    #[test]
    fn due_from_its_minute_for_a_short_while() {
        assert!(!due(at(21, 29), EVENING, None));
        assert!(due(at(21, 30), EVENING, None));
        assert!(due(at(21, 39), EVENING, None));
        // Asleep through it: not shown hours late.
        assert!(!due(at(23, 0), EVENING, None));
    }

    #[test]
    fn once_a_day() {
        let today = at(21, 30).date_naive();
        assert!(!due(at(21, 31), EVENING, Some(today)));
        assert!(due(at(21, 31), EVENING, today.pred_opt()));
    }
}
