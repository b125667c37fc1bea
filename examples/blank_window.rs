//! An empty Tauri window, the yardstick for Quire's whole-app benchmark (`tests/bench/app.mjs`).
//!
//! It is built from the same crate, so with the same Tauri, WebKitGTK and `tauri.conf.json` (CSP
//! included) as Quire, and opens one window the size of Quire's journal window on a static page,
//! `ui/public/blank.html`, which has no script. What it costs to start and to keep open is what any
//! Tauri window costs here; whatever Quire takes beyond that is Quire's own.
//!
//! ```sh
//! npm --prefix ui run build     # blank.html is embedded from ui/dist
//! cargo build --release --features custom-protocol --examples
//! target/release/examples/blank_window
//! ```

use std::process::ExitCode;

use tauri::{WebviewUrl, WebviewWindowBuilder};

/// The journal window's size (`open_journal` in `src-tauri/shell/windows.rs`), so both draw as much.
const SIZE: (f64, f64) = (1120.0, 760.0);

fn main() -> ExitCode {
    // Tauri's default, unless asked for Quire's WebKit settings (`QUIRE_BLANK_LIKE_QUIRE=1`), so
    // the benchmark can show both yardsticks.
    if std::env::var("QUIRE_BLANK_LIKE_QUIRE").is_ok_and(|v| v == "1") {
        quire::shell::windows::prepare_web_environment();
    }
    let result = tauri::Builder::default()
        .setup(|app| {
            WebviewWindowBuilder::new(app, "blank", WebviewUrl::App("blank.html".into()))
                .title("Blank")
                .inner_size(SIZE.0, SIZE.1)
                .build()?;
            Ok(())
        })
        .run(tauri::generate_context!());
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("blank_window could not start: {err}");
            ExitCode::FAILURE
        }
    }
}
