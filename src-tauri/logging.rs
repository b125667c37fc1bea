//! Diagnostics through `tracing`, to stderr and to a daily log file in the data folder.
//!
//! What gets logged is operations, ids, counts and errors. Entry text never is: store functions are
//! instrumented with `skip_all`, and nothing formats a `content` value.

use std::path::Path;

use tracing_appender::rolling::{RollingFileAppender, Rotation};
use tracing_subscriber::layer::SubscriberExt;
use tracing_subscriber::util::SubscriberInitExt;
use tracing_subscriber::{fmt, EnvFilter, Layer};

/// Sets the log filter, in `tracing` directive syntax (default `info`).
pub const LOG_VAR: &str = "QUIRE_LOG";
/// Log files kept before the oldest is removed.
const KEEP_FILES: usize = 14;

/// Starts logging. If the log folder cannot be used, logs still go to stderr and the reason is logged
/// there: a journal that cannot write logs should still open.
pub fn init(logs_dir: &Path) {
    let filter = || EnvFilter::try_from_env(LOG_VAR).unwrap_or_else(|_| EnvFilter::new("info"));
    let file = std::fs::create_dir_all(logs_dir)
        .map_err(|err| err.to_string())
        .and_then(|()| {
            RollingFileAppender::builder()
                .rotation(Rotation::DAILY)
                .filename_prefix("quire")
                .filename_suffix("log")
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
