//! The app's windows, by typed label.

use tauri::{AppHandle, WebviewUrl, WebviewWindow, WebviewWindowBuilder};

/// Every window the app opens. The label is what capabilities match on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WindowLabel {
    Journal,
}

impl WindowLabel {
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Journal => "journal",
        }
    }
}

/// Opens the journal window, which loads the bundled UI.
pub fn open_journal(app: &AppHandle) -> tauri::Result<WebviewWindow> {
    WebviewWindowBuilder::new(
        app,
        WindowLabel::Journal.as_str(),
        WebviewUrl::App("index.html".into()),
    )
    .title("Quire")
    .inner_size(1120.0, 760.0)
    .min_inner_size(640.0, 420.0)
    .build()
}
