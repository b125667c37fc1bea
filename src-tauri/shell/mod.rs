//! The Tauri shell: the only module that talks to Tauri.
//!
//! At launch it reads the settings, starts logging, and decides which window to show (see `start`):
//! a returning person (a signed-in account with its refresh token and its journal's key in the
//! keyring) gets their encrypted journal at once, with no network call on the way, and the session
//! is refreshed in the background; a journal that asks for its passphrase gets the lock window;
//! anyone else gets the welcome window. A journal left by a version before encryption is encrypted
//! first, with its progress in the welcome window.

pub mod about;
pub mod analysis_worker;
pub mod auth_commands;
mod background;
pub mod bindings;
pub mod boot;
pub mod commands;
pub mod error;
pub mod events;
mod exchange_commands;
mod insight_commands;
mod launch;
mod organise_commands;
mod pictures;
mod plugins;
pub mod recovery;
mod reminder;
pub mod security;
mod session_lock;
pub mod settings;
mod sign_in;
mod spelling;
mod start;
pub mod state;
mod sync_commands;
mod sync_connection;
pub mod sync_service;
pub mod windows;

use tauri::{AppHandle, Manager};

use error::{AppError, ErrorCode};
use quire_core::auth::vault::Vault;
use quire_core::config::Settings;
use quire_core::logging;
use state::{AuthState, JournalState};

/// Starts the app and returns when its last window has closed, or at once when another copy of
/// Quire has the same data folder and took over.
pub fn run() {
    let launched = std::time::Instant::now();
    if let Some(problem) = no_display() {
        eprintln!("{problem}");
        std::process::exit(1);
    }
    // First of all, while this is the only thread: it sets the environment.
    windows::prepare_web_environment();
    let context = tauri::generate_context!();
    let settings = Settings::for_app(&context.config().identifier);
    // Before logging, which would otherwise create the folder with default permissions.
    if let Err(err) = quire_core::fs::ensure_private_dir(&settings.data_dir) {
        eprintln!(
            "Quire could not create its data folder {}: {err}. Check that the folder above it \
             exists and can be written to, or choose another folder with QUIRE_DATA_DIR.",
            settings.data_dir.display()
        );
        std::process::exit(1);
    }
    // Before Tauri starts anything: a second launch hands over to the first and returns here,
    // having shown no window and written nothing, not even to the log.
    #[cfg(unix)]
    let claim = match quire_core::instance::claim(&settings.data_dir) {
        quire_core::instance::Claim::HandedOver => return,
        claim => claim,
    };
    let made_private = make_data_private(&settings.data_dir);
    let ipc = bindings::builder();
    let builder = tauri::Builder::default();
    // Elsewhere a plugin does the same, first, so that a second launch hands over before it
    // touches the database.
    #[cfg(not(unix))]
    let builder = builder.plugin(tauri_plugin_single_instance::init(|app, _args, _cwd| {
        focus_any_window(app)
    }));
    let result = builder
        .plugin(windows::window_state_plugin())
        // Rust-side only, to show the data folder. Without its click handler, which would put a
        // script into every page, the provider's sign-in page included.
        .plugin(
            tauri_plugin_opener::Builder::new()
                .open_js_links_on_click(false)
                .build(),
        )
        .plugin(plugins::notification())
        .plugin(plugins::dialog())
        // Rust-side only: Settings turns it on and off; no window may.
        .plugin(tauri_plugin_autostart::init(
            tauri_plugin_autostart::MacosLauncher::LaunchAgent,
            None,
        ))
        .register_asynchronous_uri_scheme_protocol(pictures::SCHEME, pictures::handle)
        .invoke_handler(ipc.invoke_handler())
        .setup(move |app| {
            let setup_at_ms = launched.elapsed().as_millis() as u64;
            ipc.mount_events(app);
            logging::init(&logging::logs_dir(&settings.data_dir));
            logging::install_panic_hook();
            if let Err(err) = &made_private {
                tracing::warn!(%err, "could not make everything in the data folder private");
            }
            tracing::info!(
                version = env!("CARGO_PKG_VERSION"),
                data_dir = %settings.data_dir.display(),
                "starting"
            );
            #[cfg(unix)]
            let busy = guard_data_dir(app, claim);
            #[cfg(not(unix))]
            let busy: Option<AppError> = None;
            let redirect =
                url::Url::parse(&format!("{}:/oauth/callback", app.config().identifier))?;
            let step = std::time::Instant::now();
            let free = busy.is_none() && unwritable(&settings.data_dir).is_none();
            let journal = match busy.or_else(|| unwritable(&settings.data_dir)) {
                None => JournalState::new(&settings.data_dir),
                Some(problem) => JournalState::unavailable(&settings.data_dir, problem),
            };
            let auth = AuthState::new(
                settings.provider.clone(),
                settings.sign_in,
                Vault::system(&settings.keyring_service),
                redirect,
            );
            if let Some(problem) = &settings.problem {
                auth.set_notice(Some(AppError::new(
                    ErrorCode::NotConfigured,
                    problem.clone(),
                )));
            }
            // A journal from before encryption is encrypted first, with its progress in the
            // welcome window; the launch goes on from there.
            let upgrading = free && quire_core::accounts::plain_journal_left(&settings.data_dir);
            let start = if upgrading || !free {
                start::Start::Welcome
            } else {
                start::returning(&journal, &auth)
            };
            let journal_ms = step.elapsed().as_millis() as u64;
            app.manage(journal);
            app.manage(auth);
            app.manage(settings::PreferencesState::load(
                quire_core::config::config_dir(&app.config().identifier),
            ));
            reminder::start(app.handle());
            app.manage(security::UpgradeState::default());
            app.manage(sync_service::SyncService::default());
            exchange_commands::manage(app.handle());
            // After the journal is managed: the worker looks it up for every piece of work.
            app.manage(analysis_worker::AnalysisWorker::start(app.handle().clone()));
            let step = std::time::Instant::now();
            if upgrading {
                app.state::<security::UpgradeState>()
                    .set(Some(security::Upgrade {
                        stage: "Checking your journal".to_owned(),
                        done: 0,
                        total: 0,
                    }));
            }
            start::open_first_window(app.handle(), start)?;
            tracing::info!(
                setup_at_ms,
                journal_ms,
                window_ms = step.elapsed().as_millis() as u64,
                built_at_ms = launched.elapsed().as_millis() as u64,
                "first window built"
            );
            if upgrading {
                security::upgrade(app.handle().clone());
            }
            security::watch_session_lock(app.handle().clone());
            recovery::spawn_backups(app.handle().clone());
            Ok(())
        })
        .build(context);
    match result {
        Ok(app) => app.run(|app, event| {
            if let tauri::RunEvent::ExitRequested {
                code: None, api, ..
            } = &event
            {
                if app.state::<sync_service::SyncService>().replacing_window() {
                    api.prevent_exit();
                }
            }
        }),
        Err(err) => {
            eprintln!("Quire could not start: {err}");
            std::process::exit(1);
        }
    }
}

/// Makes the data folder and everything Quire keeps in it readable by its owner only, at every
/// start: whoever created them (Tauri makes the folder first when it is also WebKit's), and
/// whatever mode an older version left. WebKit's own files in the folder are left as they are.
fn make_data_private(data_dir: &std::path::Path) -> std::io::Result<()> {
    use quire_core::accounts::{ACCOUNTS_DIR, ACCOUNTS_FILE};
    use quire_core::store::{BACKUPS_DIR, DAMAGED_DIR, DATABASE_FILE};
    let (wal, shm) = (
        format!("{DATABASE_FILE}-wal"),
        format!("{DATABASE_FILE}-shm"),
    );
    // The journal of a version before encryption is among them until it is encrypted.
    let mut ours = vec![
        ACCOUNTS_FILE,
        ACCOUNTS_DIR,
        DATABASE_FILE,
        &wal,
        &shm,
        logging::LOGS_DIR,
        BACKUPS_DIR,
        DAMAGED_DIR,
    ];
    #[cfg(unix)]
    ours.extend([
        quire_core::instance::LOCK_FILE,
        quire_core::instance::SOCKET_FILE,
    ]);
    // Four levels: accounts/<id>/damaged/<time>/<file>.
    quire_core::fs::make_private(data_dir, &ours, 4)
}

/// Why no journal can be opened or created in the data folder when it cannot be written to (a
/// read-only disk, or permissions); `None` when it can.
fn unwritable(data_dir: &std::path::Path) -> Option<AppError> {
    let probe = data_dir.join(".quire-write-check");
    let written = std::fs::OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(true)
        .open(&probe);
    let _ = std::fs::remove_file(&probe);
    let err = written.err()?;
    tracing::error!(%err, "the data folder cannot be written to");
    let (code, problem) = match quire_core::store::StoreError::from(err) {
        quire_core::store::StoreError::DiskFull => (
            ErrorCode::DiskFull,
            "the disk is full. Free some space on the disk",
        ),
        _ => (
            ErrorCode::ReadOnly,
            "it cannot write to its data folder. Check that the folder can be written to and that \
             the disk is not read-only",
        ),
    };
    Some(AppError::new(
        code,
        format!(
            "Quire could not open your journal in {}: {problem}, then start Quire again.",
            data_dir.display()
        ),
    ))
}

/// What to say when there is no graphical session to open a window in (GTK would otherwise stop
/// Quire with a panic that names its own internals).
fn no_display() -> Option<&'static str> {
    let set = |name: &str| std::env::var_os(name).is_some_and(|value| !value.is_empty());
    let needs_one = cfg!(all(unix, not(target_os = "macos")));
    (needs_one && !set("DISPLAY") && !set("WAYLAND_DISPLAY")).then_some(
        "Quire needs a graphical desktop, and none was found (neither DISPLAY nor WAYLAND_DISPLAY \
         is set). Start Quire from your desktop, or from a terminal inside it.",
    )
}

/// Keeps the data folder's lock for the life of the process and answers later launches. Answers
/// the problem to show instead of the journal when another copy has it but did not answer.
#[cfg(unix)]
fn guard_data_dir(app: &tauri::App, claim: quire_core::instance::Claim) -> Option<AppError> {
    use quire_core::instance::{Claim, Request};
    use tauri_specta::Event;
    use windows::WindowLabel;
    match claim {
        Claim::Ours(instance) => {
            let handle = app.handle().clone();
            let answered = instance.answer_requests(move |request| match request {
                Request::Show => focus_any_window(&handle),
                Request::EntriesAdded => {
                    tracing::info!("entries were added from the command line");
                    if let Err(err) = events::EntriesAdded.emit_to(&handle, WindowLabel::Journal.as_str()) {
                        tracing::warn!(%err, "could not tell the journal window of the added entries");
                    }
                }
            });
            if let Err(err) = answered {
                tracing::warn!(%err, "a second launch of Quire will not be able to hand over to this one");
            }
            app.manage(instance);
            None
        }
        Claim::Unguarded(err) => {
            // The journal's own checks (a read-only folder, say) decide what happens next.
            tracing::warn!(%err, "could not lock the data folder; a second copy of Quire would not hand over");
            None
        }
        Claim::NoAnswer(err) => {
            tracing::error!(%err, "another copy of Quire has this journal and did not answer");
            Some(AppError::new(
                ErrorCode::InUse,
                "Quire is already running with this journal, but that copy did not answer. Look for \
                 its window, or close it. Then start Quire again.",
            ))
        }
        // Never here: `run` returns before Tauri starts.
        Claim::HandedOver => None,
    }
}

/// A second launch: bring forward what this one shows.
fn focus_any_window(app: &AppHandle) {
    tracing::info!("another launch of Quire handed over to this one");
    use windows::WindowLabel::{Journal, Lock, SignIn, Welcome};
    if let Some(window) = [SignIn, Journal, Lock, Welcome]
        .into_iter()
        .find_map(|label| label.get(app))
    {
        let _ = window.unminimize();
        let _ = window.set_focus();
    }
}
