// The app's commands, by name. build.rs turns each into an `allow-<name>` permission, the journal
// window's capability grants them, and a test checks that this list, the capability and the
// generated bindings agree.
&[
    "session",
    "list_entries",
    "get_entry",
    "create_entry",
    "save_entry",
    "delete_entry",
    "restore_entry",
    "search_entries",
]
