//! Diagnostics through `tracing`, to stderr and to a daily log file in the data folder.
//!
//! What gets logged is operations, ids, counts and errors. Entry text never is: store functions are
//! instrumented with `skip_all`, and nothing formats a `content` value. Panic messages are not logged
//! either (see [`install_panic_hook`]): Rust's own messages can quote the string a slice was cut from.

use std::path::{Path, PathBuf};

use tracing_appender::rolling::{RollingFileAppender, Rotation};
use tracing_subscriber::layer::SubscriberExt;
use tracing_subscriber::util::SubscriberInitExt;
use tracing_subscriber::{fmt, EnvFilter, Layer};

/// Sets the log filter, in `tracing` directive syntax (default `info`).
pub const LOG_VAR: &str = "QUIRE_LOG";
/// Log files kept before the oldest is removed.
const KEEP_FILES: usize = 14;
/// Log file names are `quire.YYYY-MM-DD.log`: this prefix, the day (UTC), this suffix.
const FILE_PREFIX: &str = "quire";
const FILE_SUFFIX: &str = "log";

/// The folder the log files go to, inside the data folder.
pub fn logs_dir(data_dir: &Path) -> PathBuf {
    data_dir.join(LOGS_DIR)
}

/// The name of [`logs_dir`] inside the data folder.
pub const LOGS_DIR: &str = "logs";

/// The log file being written now: the newest `quire.YYYY-MM-DD.log` in `logs_dir`. The day in the
/// name sorts as text, so the newest is the greatest name. `None` when there is no log file (the
/// folder could not be used, and logs go to stderr only).
pub fn current_log_file(logs_dir: &Path) -> Option<PathBuf> {
    let prefix = format!("{FILE_PREFIX}.");
    let suffix = format!(".{FILE_SUFFIX}");
    std::fs::read_dir(logs_dir)
        .ok()?
        .filter_map(|entry| entry.ok()?.file_name().into_string().ok())
        .filter(|name| {
            name.len() > prefix.len() + suffix.len()
                && name.starts_with(&prefix)
                && name.ends_with(&suffix)
        })
        .max()
        .map(|name| logs_dir.join(name))
}

/// Starts logging. If the log folder cannot be used, logs still go to stderr and the reason is logged
/// there: a journal that cannot write logs should still open.
pub fn init(logs_dir: &Path) {
    let filter = || EnvFilter::try_from_env(LOG_VAR).unwrap_or_else(|_| EnvFilter::new("info"));
    let file = crate::fs::ensure_private_dir(logs_dir)
        .map_err(|err| err.to_string())
        .and_then(|()| {
            RollingFileAppender::builder()
                .rotation(Rotation::DAILY)
                .filename_prefix(FILE_PREFIX)
                .filename_suffix(FILE_SUFFIX)
                .max_log_files(KEEP_FILES)
                .build(logs_dir)
                .map_err(|err| err.to_string())
        });
    let stderr = fmt::layer()
        .with_writer(std::io::stderr)
        .with_filter(filter());
    let (file_layer, file_error) = match file {
        Ok(appender) => (
            Some(
                fmt::layer()
                    .with_ansi(false)
                    .with_writer(appender)
                    .with_filter(filter()),
            ),
            None,
        ),
        Err(err) => (None, Some(err)),
    };
    // A second init (tests that start the app twice in one process) keeps the first subscriber.
    let _ = tracing_subscriber::registry()
        .with(stderr)
        .with(file_layer)
        .try_init();
    if let Some(err) = file_error {
        tracing::warn!(dir = %logs_dir.display(), %err, "logging to stderr only");
    }
}

/// Replaces the default panic report, which prints the panic's message to stderr, with a log line
/// that names only the thread and the place in the code. A panic message may quote the data it was
/// about (a failed string slice quotes the string), and Quire's data is private writing. Debug builds
/// keep the default report, messages included.
pub fn install_panic_hook() {
    if cfg!(debug_assertions) {
        return;
    }
    std::panic::set_hook(Box::new(|info| {
        let thread = std::thread::current();
        let location = info
            .location()
            .map(|l| format!("{}:{}", l.file(), l.line()))
            .unwrap_or_else(|| "an unknown place".to_owned());
        tracing::error!(
            thread = thread.name().unwrap_or("unnamed"),
            %location,
            "a thread panicked (its message is not logged, since it may quote private text)"
        );
        eprintln!(
            "quire: thread '{}' panicked at {location}",
            thread.name().unwrap_or("unnamed")
        );
    }));
}
