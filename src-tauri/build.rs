const COMMANDS: &[&str] = include!("shell/command_names.rs");

fn main() {
    println!("cargo:rerun-if-changed=src-tauri/shell/command_names.rs");
    // With an app manifest, app commands are denied unless a capability grants them, so a window that
    // no capability names (the sign-in window) can call none of them.
    tauri_build::try_build(
        tauri_build::Attributes::new()
            .app_manifest(tauri_build::AppManifest::new().commands(COMMANDS)),
    )
    .expect("failed to run tauri-build");
}
