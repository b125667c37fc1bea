//! The IPC surface: generated TypeScript bindings, the journal window's capability, and the error
//! shape the UI relies on.

use std::collections::BTreeSet;
use std::path::Path;

use quire::shell::bindings::{export_typescript, BINDINGS_PATH, COMMAND_NAMES};
use quire::shell::error::AppError;
use quire::store::StoreError;

fn repo(path: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(path)
}

fn generated() -> String {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("bindings.ts");
    export_typescript(&out).expect("export bindings");
    std::fs::read_to_string(out).unwrap()
}

#[test]
fn checked_in_bindings_match_the_rust_commands() {
    let fresh = generated();
    let path = repo(BINDINGS_PATH);
    if std::env::var_os("QUIRE_UPDATE_BINDINGS").is_some() {
        std::fs::write(&path, &fresh).unwrap();
        eprintln!("wrote {}", path.display());
    }
    let checked_in = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        checked_in == fresh,
        "{BINDINGS_PATH} is out of date with the Rust commands. Regenerate it with:\n  \
         QUIRE_UPDATE_BINDINGS=1 cargo test --test ipc\nand commit the result."
    );
}

#[test]
fn every_command_is_in_the_bindings_and_granted_to_the_journal_window_only() {
    let bindings = generated();
    let invoked: BTreeSet<String> = bindings
        .split("__TAURI_INVOKE<")
        .skip(1)
        .filter_map(|rest| rest.split_once(">(\"")?.1.split('"').next())
        .map(str::to_owned)
        .collect();
    let names: BTreeSet<String> = COMMAND_NAMES.iter().map(|s| s.to_string()).collect();
    assert_eq!(
        invoked, names,
        "command_names.rs and the registered commands differ"
    );

    let capability: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(repo("capabilities/journal.json")).unwrap())
            .unwrap();
    assert_eq!(capability["windows"], serde_json::json!(["journal"]));
    assert!(
        capability.get("remote").is_none(),
        "no remote URL may reach IPC"
    );
    let granted: BTreeSet<String> = capability["permissions"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|p| p.as_str())
        .filter_map(|p| p.strip_prefix("allow-"))
        .map(|p| p.replace('-', "_"))
        .collect();
    assert_eq!(
        granted, names,
        "the capability must grant exactly the app's commands"
    );

    let core: Vec<&str> = capability["permissions"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|p| p.as_str())
        .filter(|p| p.starts_with("core:"))
        .collect();
    assert_eq!(
        core,
        [
            "core:event:allow-listen",
            "core:event:allow-unlisten",
            "core:window:allow-destroy"
        ],
        "only what the close-time flush needs"
    );

    let others = std::fs::read_dir(repo("capabilities")).unwrap().count();
    assert_eq!(others, 1, "one capability, for the journal window");
}

#[test]
fn errors_cross_ipc_as_code_and_message() {
    let json = serde_json::to_value(AppError::from(StoreError::DiskFull)).unwrap();
    assert_eq!(json["code"], "disk_full");
    assert!(json["message"]
        .as_str()
        .unwrap()
        .contains("free some space"));
    assert_eq!(json.as_object().unwrap().len(), 2);

    let json = serde_json::to_value(AppError::from(StoreError::NotFound)).unwrap();
    assert_eq!(json["code"], "not_found");
}
