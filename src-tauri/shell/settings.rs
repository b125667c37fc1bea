//! The Settings window's back end: the preferences in effect (and which of them the environment
//! decides), saving one change to the config file, and applying it at once.
//!
//! A change is written to `config.toml` first ([`quire_core::preferences::write_preference`], which
//! keeps the person's comments), then read back through the same layers as at launch, so what the
//! window shows is what the next launch will use. Spell checking is applied to the web context here;
//! the look and the editor's options go to every window as a [`PreferencesChanged`] event, and into
//! each new window's first script, so a window never paints with the old look.

use std::path::{Path, PathBuf};
use std::sync::Mutex;

use serde::{Deserialize, Serialize};
use tauri::{AppHandle, Manager, State};
use tauri_plugin_autostart::ManagerExt;
use tauri_specta::Event;

use super::auth_commands::SignInMode as ShownSignInMode;
use super::error::{AppError, ErrorCode};
use super::reminder::ReminderState;
use super::spelling;
use super::state::AuthState;
use quire_core::config::{RawSettings, SignInMode, CONFIG_FILE};
use quire_core::preferences::{self, PreferenceKey, PreferenceValue, Preferences, Resolved};

/// The preferences as they stand, read from the environment and the config file.
pub struct PreferencesState {
    config_dir: Option<PathBuf>,
    resolved: Mutex<Resolved>,
}

impl PreferencesState {
    pub fn load(config_dir: Option<PathBuf>) -> Self {
        let resolved = read(config_dir.as_deref());
        for problem in &resolved.problems {
            tracing::warn!(problem, "a setting was ignored");
        }
        Self {
            config_dir,
            resolved: Mutex::new(resolved),
        }
    }

    pub fn current(&self) -> Resolved {
        self.resolved
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .clone()
    }

    fn reload(&self) -> Resolved {
        let resolved = read(self.config_dir.as_deref());
        *self
            .resolved
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner()) = resolved.clone();
        resolved
    }
}

fn read(config_dir: Option<&Path>) -> Resolved {
    let (file, problem) = match config_dir.map(|dir| RawSettings::from_file(&dir.join(CONFIG_FILE)))
    {
        Some(Ok(file)) => (file, None),
        Some(Err(problem)) => (RawSettings::default(), Some(problem)),
        None => (RawSettings::default(), None),
    };
    let mut resolved = preferences::resolve(&RawSettings::from_env(), &file);
    resolved.problems.extend(problem);
    resolved
}

/// What the Settings window shows.
#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct SettingsView {
    /// The preferences in effect, the keys the environment decides, and values that were ignored.
    pub resolved: Resolved,
    /// How the next sign-in opens the provider's page.
    pub sign_in: ShownSignInMode,
    /// The data folder in use now.
    pub data_dir: String,
    /// The data folder the config file names, if it names one: used from the next start.
    pub data_dir_setting: Option<String>,
    /// The config file the settings are saved in; null when there is no config folder.
    pub config_file: Option<String>,
    /// The spell-check dictionaries installed, such as `en_US`.
    pub dictionaries: Vec<String>,
    /// Whether Quire starts when the person logs in (so that the reminder fires after a reboot).
    pub start_at_login: bool,
}

/// The preferences changed: every window applies them at once.
#[derive(Debug, Clone, Serialize, Deserialize, specta::Type, tauri_specta::Event)]
#[serde(transparent)]
pub struct PreferencesChanged(pub Preferences);

fn view(app: &AppHandle, resolved: Resolved) -> SettingsView {
    let state = app.state::<PreferencesState>();
    let config_file = state.config_dir.as_ref().map(|dir| dir.join(CONFIG_FILE));
    let data_dir_setting = config_file
        .as_deref()
        .and_then(|path| RawSettings::from_file(path).ok())
        .and_then(|file| file.data_dir);
    SettingsView {
        resolved,
        sign_in: app.state::<AuthState>().mode().into(),
        data_dir: app
            .state::<super::state::JournalState>()
            .root()
            .display()
            .to_string(),
        data_dir_setting,
        config_file: config_file.map(|path| path.display().to_string()),
        dictionaries: spelling::dictionaries(),
        start_at_login: app.autolaunch().is_enabled().unwrap_or(false),
    }
}

/// The settings as they stand.
#[tauri::command]
#[specta::specta]
pub async fn get_settings(
    app: AppHandle,
    state: State<'_, PreferencesState>,
) -> Result<SettingsView, AppError> {
    Ok(view(&app, state.current()))
}

/// Saves one setting (`None` goes back to the default) and applies it at once. A key the
/// environment decides is refused, saying which variable to unset.
#[tauri::command]
#[specta::specta]
pub async fn set_setting(
    app: AppHandle,
    state: State<'_, PreferencesState>,
    key: PreferenceKey,
    value: Option<String>,
) -> Result<SettingsView, AppError> {
    if state.current().from_env.contains(&key) {
        return Err(AppError::new(
            ErrorCode::InvalidInput,
            format!(
                "{} is set in the environment, which wins over Settings. Unset it and restart \
                 Quire to change this here.",
                key.env_var()
            ),
        ));
    }
    let Some(config_dir) = state.config_dir.clone() else {
        return Err(AppError::new(
            ErrorCode::Storage,
            "Quire found no config folder to save settings in. Set XDG_CONFIG_HOME or HOME and \
             restart Quire.",
        ));
    };
    let value = value.filter(|value| !value.trim().is_empty());
    let written = {
        let value = value.clone();
        tauri::async_runtime::spawn_blocking(move || {
            preferences::write_preference(&config_dir, key, value.as_deref())
        })
        .await
        .map_err(|err| AppError::new(ErrorCode::Internal, err.to_string()))?
    };
    written.map_err(|message| AppError::new(ErrorCode::InvalidInput, message))?;
    let resolved = state.reload();
    tracing::info!(key = key.file_key(), "a setting was changed");
    apply(&app, key, &resolved);
    Ok(view(&app, resolved))
}

/// Starts Quire when the person logs in, or stops doing so.
#[tauri::command]
#[specta::specta]
pub async fn set_start_at_login(
    app: AppHandle,
    state: State<'_, PreferencesState>,
    on: bool,
) -> Result<SettingsView, AppError> {
    let launcher = app.autolaunch();
    let changed = if on {
        launcher.enable()
    } else {
        launcher.disable()
    };
    if let Err(err) = changed {
        tracing::warn!(%err, on, "could not change starting at login");
        return Err(AppError::new(
            ErrorCode::Storage,
            "Quire could not change whether it starts at login. Check that your autostart folder \
             (~/.config/autostart) can be written to, then try again.",
        ));
    }
    tracing::info!(on, "starting at login changed");
    Ok(view(&app, state.current()))
}

/// Puts a saved change into effect.
fn apply(app: &AppHandle, key: PreferenceKey, resolved: &Resolved) {
    match key {
        PreferenceKey::SignIn => {
            app.state::<AuthState>().set_mode(read_sign_in(app));
        }
        // The journal in use stays where it is until the next start.
        PreferenceKey::DataDir => {}
        PreferenceKey::Reminder => app.state::<ReminderState>().changed(),
        PreferenceKey::SpellCheck => {
            if let Some(window) = app.webview_windows().into_values().next() {
                spelling::apply(&window, &resolved.preferences.spell_check);
            }
        }
        _ => {}
    }
    if let Err(err) = PreferencesChanged(resolved.preferences.clone()).emit(app) {
        tracing::warn!(%err, "could not tell the windows about changed settings");
    }
}

/// The sign-in mode the config file names, or the default.
fn read_sign_in(app: &AppHandle) -> SignInMode {
    let state = app.state::<PreferencesState>();
    let named = state
        .config_dir
        .as_deref()
        .and_then(|dir| RawSettings::from_file(&dir.join(CONFIG_FILE)).ok())
        .and_then(|file| file.sign_in);
    match named.map(|mode| preferences::validate(PreferenceKey::SignIn, &mode)) {
        Some(Ok(PreferenceValue::SignIn(mode))) => mode,
        _ => SignInMode::Embedded,
    }
}

/// The first script of every window: the preferences, so that the page applies them before its
/// first paint (`ui/src/app/preferences.ts`).
pub fn window_script(app: &AppHandle) -> Option<String> {
    let preferences = app.try_state::<PreferencesState>()?.current().preferences;
    let json = serde_json::to_string(&preferences).ok()?;
    Some(format!("window.__QUIRE_PREFERENCES__ = {json};"))
}
