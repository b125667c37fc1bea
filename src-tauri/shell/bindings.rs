//! The typed IPC surface: every command, registered once, and its TypeScript bindings.
//!
//! `ui/src/ipc/bindings.ts` is generated from this list and checked in; `tests/app/ipc.rs` fails when it
//! drifts and rewrites it when run with `QUIRE_UPDATE_BINDINGS=1`.

use specta_typescript::Typescript;
use tauri_specta::{collect_commands, collect_events, Builder, ErrorHandlingMode};

use super::{
    about, auth_commands, boot, commands, events, exchange_commands, insight_commands,
    organise_commands, recovery, reminder, security, settings, sync_commands, sync_service,
};

/// Command names, shared with build.rs, which generates one `allow-<name>` permission for each.
pub const COMMAND_NAMES: &[&str] = include!("command_names.rs");

/// Where the generated bindings live, relative to the repository root.
pub const BINDINGS_PATH: &str = "ui/src/ipc/bindings.ts";

pub fn builder() -> Builder<tauri::Wry> {
    Builder::<tauri::Wry>::new()
        .commands(collect_commands![
            commands::journal_owner,
            commands::list_entries,
            commands::get_entry,
            commands::create_entry,
            commands::save_entry,
            commands::delete_entry,
            commands::restore_entry,
            commands::search_entries,
            organise_commands::set_entry_date,
            organise_commands::set_entry_starred,
            organise_commands::move_entry,
            organise_commands::list_journals,
            organise_commands::create_journal,
            organise_commands::update_journal,
            organise_commands::set_journal_template,
            organise_commands::delete_journal,
            organise_commands::undo_delete_journal,
            organise_commands::list_tags,
            organise_commands::rename_tag,
            organise_commands::calendar_month,
            insight_commands::entry_analysis,
            insight_commands::history,
            insight_commands::highlights,
            insight_commands::ask_journal,
            insight_commands::reanalyse_all,
            insight_commands::cancel_analysis,
            insight_commands::analysis_status,
            about::about,
            about::open_data_folder,
            auth_commands::auth_status,
            auth_commands::sign_in,
            auth_commands::cancel_sign_in,
            auth_commands::connection_status,
            auth_commands::sign_out,
            recovery::journal_health,
            recovery::restore_journal,
            security::lock_journal,
            security::security_status,
            security::set_passphrase,
            security::remove_passphrase,
            security::set_lock_options,
            security::new_recovery_key,
            security::confirm_recovery_key,
            security::lock_status,
            security::unlock_journal,
            security::upgrade_status,
            settings::get_settings,
            settings::set_setting,
            settings::set_start_at_login,
            exchange_commands::choose_import,
            exchange_commands::preview_import,
            exchange_commands::import_entries,
            exchange_commands::choose_export,
            exchange_commands::export_entries,
            exchange_commands::cancel_exchange,
            sync_commands::sync_status,
            sync_commands::sync_now,
            sync_commands::connect_sync,
            sync_commands::disconnect_sync,
            sync_commands::join_sync,
            sync_commands::entry_conflicts,
            sync_commands::resolve_conflict,
        ])
        .events(collect_events![
            events::ConnectionChanged,
            events::AccountChanged,
            events::EntryAnalysed,
            events::AnalysisJobChanged,
            events::EntriesAdded,
            security::LockRequested,
            security::UpgradeProgress,
            settings::PreferencesChanged,
            reminder::NewEntryRequested,
            exchange_commands::ExchangeProgress,
            sync_service::SyncChanged,
            sync_service::EntriesSynced
        ])
        // Handed to the journal window with the window itself (see `shell::boot`).
        .typ::<boot::Boot>()
        .constant("PAGE_SIZE", boot::PAGE_SIZE)
        .error_handling(ErrorHandlingMode::Throw)
        // Timestamps are i64 milliseconds: exact in a JS number until the year 287,396.
        .dangerously_cast_bigints_to_number()
        // Commands only return these types, so one TypeScript type per Rust type is enough.
        .disable_serde_phases()
}

/// Writes the TypeScript bindings to `path`.
pub fn export_typescript(path: &std::path::Path) -> Result<(), String> {
    builder()
        .export(
            Typescript::default()
                .header("// Generated from the Rust commands by tests/app/ipc.rs. Do not edit.\n"),
            path,
        )
        .map_err(|err| err.to_string())
}
