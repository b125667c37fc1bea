//! The app's windows, by typed label.
//!
//! `welcome` and `journal` load the bundled UI and have capabilities; `signin` shows the provider's
//! own page and has none: no capability names it, so nothing in it can call a command.
//!
//! `welcome` and `journal` open at the size and place they were last left, maximized if they were;
//! `signin` always opens afresh.
//!
//! Every window checks each navigation before it happens (see [`navigation`]), and refuses
//! downloads, new windows (`window.open`, `target=_blank`) and permission requests (camera,
//! microphone, location, notifications…): nothing Quire shows needs them.

pub mod navigation;

use tauri::plugin::TauriPlugin;
use tauri::webview::{DownloadEvent, NewWindowResponse, PageLoadEvent, PermissionResponse};
use tauri::{
    AppHandle, Manager, WebviewUrl, WebviewWindow, WebviewWindowBuilder, WindowEvent, Wry,
};
use tauri_plugin_window_state::StateFlags;
use tokio::sync::mpsc;
use url::Url;

use super::analysis_worker::AnalysisWorker;
use super::state::{AuthState, JournalState, SignInEvent};
use navigation::{host_for_title, shown, AppPages, SignInPages};
use quire_core::auth::callback::match_redirect;

/// The sign-in window's title; the page's host follows it once a page loads.
pub const SIGN_IN_TITLE: &str = "Sign in to Quire";

/// Every window the app opens. The label is what capabilities match on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WindowLabel {
    Welcome,
    SignIn,
    Journal,
    /// The locked journal: only the unlock screen.
    Lock,
}

impl WindowLabel {
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Welcome => "welcome",
            Self::SignIn => "signin",
            Self::Journal => "journal",
            Self::Lock => "lock",
        }
    }

    pub fn get(self, app: &AppHandle) -> Option<WebviewWindow> {
        app.get_webview_window(self.as_str())
    }
}

/// Remembers each app window's size, position and maximized state, and restores them when the window
/// is built again. The state is kept in `.window-state.json` in the app's config folder (next to
/// `config.toml`), written when Quire exits. Rust-side only: no capability grants the plugin's
/// commands, so no window can call them.
pub fn window_state_plugin() -> TauriPlugin<Wry> {
    tauri_plugin_window_state::Builder::new()
        .with_state_flags(StateFlags::SIZE | StateFlags::POSITION | StateFlags::MAXIMIZED)
        // The provider's page is a passing window with a size of its own.
        // The lock window takes the journal window's place instead.
        .with_denylist(&[WindowLabel::SignIn.as_str(), WindowLabel::Lock.as_str()])
        .build()
}

/// Opens (or focuses) the journal window, with its first screen's data (see [`super::boot`]).
pub fn open_journal(app: &AppHandle) -> tauri::Result<WebviewWindow> {
    let opened = WindowLabel::Journal.get(app).is_none();
    let window = app_window(
        app,
        WindowLabel::Journal,
        "Quire",
        (1120.0, 760.0),
        (640.0, 420.0),
        || super::boot::script(&app.state::<JournalState>()),
    )?;
    if opened {
        if let Some(state) = app.try_state::<super::settings::PreferencesState>() {
            super::spelling::apply_soon(&window, state.current().preferences.spell_check);
        }
        let (app, session) = (app.clone(), app.state::<AuthState>().generation());
        window.on_window_event(move |event| {
            if matches!(event, WindowEvent::Destroyed) {
                journal_closed(&app, session);
            }
        });
    }
    Ok(window)
}

/// The journal window is gone. If the person left their journal meanwhile (a sign-out, or the
/// session ended), nobody is signed in to it any more and no work goes on for them. Only now: the
/// window saves its last text while it closes, for the signed-in person.
fn journal_closed(app: &AppHandle, session: u64) {
    if app.state::<AuthState>().generation() == session {
        return;
    }
    let journal = app.state::<JournalState>();
    if let Ok(user) = journal.user() {
        app.state::<AnalysisWorker>().closed(user.id);
    }
    // The database closes and its key is wiped once work in flight is done.
    journal.close();
}

/// Opens (or focuses) the welcome window.
pub fn open_welcome(app: &AppHandle) -> tauri::Result<WebviewWindow> {
    app_window(
        app,
        WindowLabel::Welcome,
        "Welcome to Quire",
        (560.0, 700.0),
        (420.0, 480.0),
        || None,
    )
}

/// Opens (or focuses) the lock window, where the journal window is when there is one.
pub fn open_lock(app: &AppHandle) -> tauri::Result<WebviewWindow> {
    let place = WindowLabel::Journal.get(app).and_then(|journal| {
        let scale = journal.scale_factor().ok()?;
        let position = journal.outer_position().ok()?.to_logical::<f64>(scale);
        let size = journal.inner_size().ok()?.to_logical::<f64>(scale);
        Some((position, size))
    });
    let window = app_window(
        app,
        WindowLabel::Lock,
        "Quire (locked)",
        place.map_or((560.0, 640.0), |(_, size)| (size.width, size.height)),
        (420.0, 420.0),
        || None,
    )?;
    if let Some((position, _)) = place {
        let _ = window.set_position(position);
    }
    Ok(window)
}

fn app_window(
    app: &AppHandle,
    label: WindowLabel,
    title: &str,
    size: (f64, f64),
    min: (f64, f64),
    boot_script: impl FnOnce() -> Option<String>,
) -> tauri::Result<WebviewWindow> {
    if let Some(window) = label.get(app) {
        window.set_focus()?;
        return Ok(window);
    }
    // Built hidden, and shown once its page has loaded (see [`show_when_loaded`]). The
    // window-state plugin restores the size and place right after the build, so the window first
    // appears where it was left.
    let pages = app_pages(app);
    let mut builder =
        WebviewWindowBuilder::new(app, label.as_str(), WebviewUrl::App("index.html".into()))
            .title(title)
            .inner_size(size.0, size.1)
            .min_inner_size(min.0, min.1)
            .on_navigation(move |target| {
                let allowed = pages.allows(target);
                if !allowed {
                    refused_navigation(label, target);
                }
                allowed
            });
    if let Some(script) = super::settings::window_script(app) {
        builder = builder.initialization_script(script);
    }
    if let Some(script) = boot_script() {
        builder = builder.initialization_script(script);
    }
    let window = refusing_extras(show_when_loaded(builder), label).build()?;
    show_soon(&window);
    Ok(window)
}

/// Builds the window hidden and shows it once its page has loaded.
///
/// With compositing off ([`web_environment`]), drawing the web view makes GTK's main thread wait
/// for the web process. While the page is still starting, the web process may itself be waiting
/// for the main thread (for WebKit's network process, or for a file of the page), and both wait
/// until WebKit gives up after half a second: before this, one launch in three or so started its
/// page, or ran its script, 500 ms late. Once the page has loaded, its script has run and rendered
/// the first screen, so the window's first frame is the journal and waits for nothing.
fn show_when_loaded(
    builder: WebviewWindowBuilder<'_, Wry, AppHandle>,
) -> WebviewWindowBuilder<'_, Wry, AppHandle> {
    builder.visible(false).on_page_load(|window, payload| {
        if payload.event() == PageLoadEvent::Finished && !window.is_visible().unwrap_or(true) {
            if let Err(err) = window.show() {
                tracing::warn!(%err, window = window.label(), "could not show the window");
            }
        }
    })
}

/// How long a window may stay hidden if its page does not load.
const SHOW_AT_THE_LATEST: std::time::Duration = std::time::Duration::from_secs(2);

/// Shows `window` after [`SHOW_AT_THE_LATEST`] if its page has not loaded by then, so that a page
/// that cannot load still leaves a window to close.
fn show_soon(window: &WebviewWindow) {
    let window = window.clone();
    tauri::async_runtime::spawn(async move {
        tokio::time::sleep(SHOW_AT_THE_LATEST).await;
        if !window.is_visible().unwrap_or(true) {
            tracing::warn!(
                window = window.label(),
                "the page had not loaded: showing the window anyway"
            );
            let _ = window.show();
        }
    });
}

/// The app's own pages, as this build serves them.
fn app_pages(app: &AppHandle) -> AppPages {
    let dev_server = if tauri::is_dev() {
        app.config().build.dev_url.clone()
    } else {
        None
    };
    AppPages::new(dev_server)
}

/// Adds the handlers every window shares: no downloads, no new windows, no permissions.
fn refusing_extras(
    builder: WebviewWindowBuilder<'_, Wry, AppHandle>,
    label: WindowLabel,
) -> WebviewWindowBuilder<'_, Wry, AppHandle> {
    builder
        // WebKitGTK would otherwise save the file in the Downloads folder without asking. (On
        // Linux the handler serves every window: they share one web context.)
        .on_download(|_, event| {
            if let DownloadEvent::Requested { url, .. } = event {
                tracing::warn!(url = %shown(&url), "a download was refused");
            }
            false
        })
        .on_new_window(move |url, _| {
            tracing::warn!(window = label.as_str(), url = %shown(&url), "a new window was refused");
            NewWindowResponse::Deny
        })
        .on_permission_request(move |_, kind| {
            tracing::warn!(
                window = label.as_str(),
                ?kind,
                "a permission request was refused"
            );
            PermissionResponse::Deny
        })
}

fn refused_navigation(label: WindowLabel, target: &Url) {
    tracing::warn!(
        window = label.as_str(),
        url = %shown(target),
        "navigation refused: the window may not go there"
    );
}

/// Set to `on` to let WebKit composite (see [`web_environment`]).
pub const COMPOSITING_ENV: &str = "QUIRE_WEBKIT_COMPOSITING";

/// WebKitGTK's own switch: set (to anything but `0`), every web view of the process draws its page
/// directly, without compositing layers, from its first frame.
pub const NO_COMPOSITING_ENV: &str = "WEBKIT_DISABLE_COMPOSITING_MODE";

/// JavaScriptCore's option for the least heap a web page may grow to before its first full
/// collection, read from the environment by each web process as it starts.
pub const HEAP_FLOOR_ENV: &str = "JSC_largeHeapSize";

/// The floor Quire gives its web processes, in bytes (JavaScriptCore's own is 32 MiB).
pub const HEAP_FLOOR_BYTES: usize = 8 << 20;

/// The variables Quire sets for its own WebKit processes, given what the environment already holds
/// (`lookup`). A variable already set is left alone.
///
/// - **No compositing.** WebKitGTK composites every page by default, even a page with no script:
///   each window's web process then keeps GPU (or, without one, software GL) buffers and tiles for
///   its layers. For a page of text that buys nothing visible but memory, and the entry list
///   scrolls slower with it under a software renderer (`docs/benchmarks.md`). Set in the
///   environment, before the first web view is made, the page is drawn that way from its first
///   frame; changing a window's setting after it is built would delay the page's load.
///   `QUIRE_WEBKIT_COMPOSITING=on` keeps WebKit's default, for comparison or if a graphics stack
///   draws the page wrongly without it.
/// - **A lower heap floor.** JavaScriptCore lets a page's heap reach at least 32 MiB before a full
///   collection, then about twice what survives one. Quire's page keeps far less alive, so that
///   floor, not the page, set its size: scrolling through the entry list left garbage in the web
///   process that a collection would have freed (`docs/benchmarks.md`). With 8 MiB the heap
///   follows what is alive; a page that keeps more still grows as before, by the same factor.
pub fn web_environment(lookup: impl Fn(&str) -> Option<String>) -> Vec<(&'static str, String)> {
    let mut set = Vec::new();
    let compositing_asked = lookup(COMPOSITING_ENV).is_some_and(|v| v == "on");
    if !compositing_asked && lookup(NO_COMPOSITING_ENV).is_none() {
        set.push((NO_COMPOSITING_ENV, "1".to_owned()));
    }
    if lookup(HEAP_FLOOR_ENV).is_none() {
        set.push((HEAP_FLOOR_ENV, HEAP_FLOOR_BYTES.to_string()));
    }
    set
}

/// Sets [`web_environment`] in this process's environment, where WebKitGTK reads it and its web
/// processes inherit it. Must run before any thread starts, since it changes the environment.
/// Elsewhere than Linux this does nothing.
pub fn prepare_web_environment() {
    #[cfg(target_os = "linux")]
    {
        let set = web_environment(|name| {
            std::env::var_os(name).map(|v| v.to_string_lossy().into_owned())
        });
        for (name, value) in &set {
            std::env::set_var(name, value);
        }
        let _ = WEB_ENVIRONMENT_SET.set(set.into_iter().map(|(name, _)| name).collect());
    }
}

/// The variables [`prepare_web_environment`] set (rather than found set).
static WEB_ENVIRONMENT_SET: std::sync::OnceLock<Vec<&'static str>> = std::sync::OnceLock::new();

/// Keeps the settings Quire made for its own web processes out of another program it starts: a
/// browser built on WebKit would otherwise start with them.
pub fn for_another_program(command: &mut std::process::Command) -> &mut std::process::Command {
    for name in WEB_ENVIRONMENT_SET.get().into_iter().flatten() {
        command.env_remove(name);
    }
    command
}

/// Opens the provider's sign-in page. Every navigation is checked before it happens: the redirect
/// back to `redirect` is cancelled (it never loads) and handed to the waiting sign-in; pages
/// [`SignInPages`] does not allow for `issuer` are refused; closing the window reports a
/// cancellation. The title names the host of the page shown, since the window has no address bar.
pub fn open_sign_in(
    app: &AppHandle,
    url: &Url,
    redirect: &Url,
    issuer: &str,
    events: mpsc::Sender<SignInEvent>,
) -> tauri::Result<WebviewWindow> {
    if let Some(stale) = WindowLabel::SignIn.get(app) {
        stale.destroy()?;
    }
    let redirect = redirect.clone();
    // A page that closes itself (`window.close()`) would leave a blank window that never reports a
    // close; send it to this address instead, which counts as cancelling.
    let closed = redirect
        .join("closed")
        .map_err(|err| tauri::Error::Anyhow(err.into()))?;
    let close_script = format!(
        "window.close = () => {{ window.location.href = {}; }};",
        serde_json::to_string(closed.as_str()).unwrap_or_default()
    );
    let on_redirect = events.clone();
    let pages = SignInPages::for_issuer(issuer);
    let builder = WebviewWindowBuilder::new(
        app,
        WindowLabel::SignIn.as_str(),
        WebviewUrl::External(url.clone()),
    )
    .title(SIGN_IN_TITLE)
    .inner_size(520.0, 720.0)
    .initialization_script(&close_script)
    .on_navigation(move |target| {
        // Never block here: hand the URL over and let the sign-in task do the rest.
        if let Some(url) = match_redirect(target.as_str(), &redirect) {
            let _ = on_redirect.try_send(SignInEvent::Redirect(url));
            false
        } else if match_redirect(target.as_str(), &closed).is_some() {
            let _ = on_redirect.try_send(SignInEvent::Cancelled);
            false
        } else if pages.allows(target) {
            true
        } else {
            refused_navigation(WindowLabel::SignIn, target);
            false
        }
    })
    .on_page_load(|window, payload| {
        if payload.event() == PageLoadEvent::Started {
            let title = match host_for_title(payload.url()) {
                Some(host) => format!("{SIGN_IN_TITLE} \u{2014} {host}"),
                None => SIGN_IN_TITLE.to_owned(),
            };
            let _ = window.set_title(&title);
        }
    });
    let window = refusing_extras(builder, WindowLabel::SignIn).build()?;
    window.on_window_event(move |event| {
        if matches!(event, WindowEvent::Destroyed) {
            let _ = events.try_send(SignInEvent::Cancelled);
        }
    });
    Ok(window)
}
