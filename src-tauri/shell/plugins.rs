//! Plugins as Quire uses them: from Rust alone. A plugin's page script would go into every page, the
//! provider's sign-in page included, and replace the page's own APIs (`Notification`, `alert`…) with
//! ones that call the plugin's commands. No window needs them: the reminder's notification and the
//! file dialogs of Import and Export are opened from Rust. Without the scripts every page keeps the
//! browser's own behaviour, whose permission requests `windows.rs` refuses, and no window can call
//! the plugins' commands.

use tauri::plugin::Plugin;
use tauri::{AppHandle, Runtime};

/// The daily reminder's notifications.
pub fn notification<R: Runtime>() -> impl Plugin<R> {
    RustOnly(tauri_plugin_notification::init())
}

/// The native file dialogs.
pub fn dialog<R: Runtime>() -> impl Plugin<R> {
    RustOnly(tauri_plugin_dialog::init())
}

/// A plugin with its page script and its commands taken away; everything else is the plugin's own.
struct RustOnly<P>(P);

impl<R: Runtime, P: Plugin<R>> Plugin<R> for RustOnly<P> {
    fn name(&self) -> &'static str {
        self.0.name()
    }

    fn initialize(
        &mut self,
        app: &AppHandle<R>,
        config: serde_json::Value,
    ) -> Result<(), Box<dyn std::error::Error>> {
        self.0.initialize(app, config)
    }

    fn window_created(&mut self, window: tauri::Window<R>) {
        self.0.window_created(window);
    }

    fn webview_created(&mut self, webview: tauri::Webview<R>) {
        self.0.webview_created(webview);
    }

    fn on_navigation(&mut self, webview: &tauri::Webview<R>, url: &url::Url) -> bool {
        self.0.on_navigation(webview, url)
    }

    fn on_page_load(
        &mut self,
        webview: &tauri::Webview<R>,
        payload: &tauri::webview::PageLoadPayload<'_>,
    ) {
        self.0.on_page_load(webview, payload);
    }

    fn on_event(&mut self, app: &AppHandle<R>, event: &tauri::RunEvent) {
        self.0.on_event(app, event);
    }
}
