//! The commands of the welcome window (sign in) and the session commands of the journal window
//! (connection, sign out). Each hands its work to `sign_in` or the session state.

use serde::Serialize;
use tauri::{AppHandle, State};

use super::error::AppError;
use super::events::Connection;
use super::sign_in;
use super::state::AuthState;
use quire_core::config::SignInMode as ConfiguredMode;

/// What the welcome window needs to know.
#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct AuthStatus {
    /// False when no account service is configured; `setup_help` then says what to set.
    pub configured: bool,
    /// A short name for the account service, such as its host.
    pub provider: Option<String>,
    pub mode: SignInMode,
    pub setup_help: Option<String>,
    /// Why the welcome window is showing: the session ended, the keyring is missing, a bad setting.
    pub notice: Option<AppError>,
}

#[derive(Debug, Clone, Copy, Serialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum SignInMode {
    Embedded,
    Browser,
}

impl From<ConfiguredMode> for SignInMode {
    fn from(mode: ConfiguredMode) -> Self {
        match mode {
            ConfiguredMode::Embedded => Self::Embedded,
            ConfiguredMode::Browser => Self::Browser,
        }
    }
}

#[tauri::command]
#[specta::specta]
pub async fn auth_status(auth: State<'_, AuthState>) -> Result<AuthStatus, AppError> {
    let notice = auth
        .notice()
        .or_else(|| auth.vault.problem().map(AppError::from));
    Ok(match &auth.provider_settings {
        Ok(provider) => AuthStatus {
            configured: true,
            provider: Some(provider.label()),
            mode: auth.mode().into(),
            setup_help: None,
            notice,
        },
        Err(help) => AuthStatus {
            configured: false,
            provider: None,
            mode: auth.mode().into(),
            setup_help: Some(help.clone()),
            notice,
        },
    })
}

/// Resolves once the journal window is open; the welcome window then closes. `browser` asks for the
/// system browser this time, whatever the setting: for providers that refuse embedded sign-in pages.
#[tauri::command]
#[specta::specta]
pub async fn sign_in(app: AppHandle, browser: bool) -> Result<(), AppError> {
    sign_in::sign_in(&app, browser).await
}

#[tauri::command]
#[specta::specta]
pub async fn cancel_sign_in(app: AppHandle) -> Result<(), AppError> {
    sign_in::cancel(&app);
    Ok(())
}

#[tauri::command]
#[specta::specta]
pub async fn connection_status(auth: State<'_, AuthState>) -> Result<Connection, AppError> {
    Ok(auth.connection())
}

/// Revokes and forgets the sign-in; the journal window closes and the welcome window opens.
#[tauri::command]
#[specta::specta]
pub async fn sign_out(app: AppHandle) -> Result<(), AppError> {
    sign_in::sign_out(&app).await
}
