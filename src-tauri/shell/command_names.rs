// The app's commands, by name. build.rs turns each into an `allow-<name>` permission, the
// capabilities grant them per window, and a test checks that this list, the capabilities and the
// generated bindings agree.
&[
    "journal_owner",
    "list_entries",
    "get_entry",
    "create_entry",
    "save_entry",
    "delete_entry",
    "restore_entry",
    "search_entries",
    "entry_analysis",
    "history",
    "highlights",
    "ask_journal",
    "reanalyse_all",
    "cancel_analysis",
    "analysis_status",
    "about",
    "open_data_folder",
    "auth_status",
    "sign_in",
    "cancel_sign_in",
    "connection_status",
    "sign_out",
    "journal_health",
    "restore_journal",
]
