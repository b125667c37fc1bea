//! The IPC surface: generated TypeScript bindings, the journal window's capability, the error
//! shape the UI relies on, and what the About dialog reports.

use std::collections::BTreeSet;
use std::path::Path;

use quire::shell::about::{folder_to_show, not_shown, About};
use quire::shell::bindings::{export_typescript, BINDINGS_PATH, COMMAND_NAMES};
use quire::shell::error::{AppError, ErrorCode};
use quire_core::store::StoreError;

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
    crate::assert_checked_in(BINDINGS_PATH, &generated(), "the Rust commands");
}

#[test]
fn every_command_is_in_the_bindings_and_granted_to_exactly_one_window() {
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

    let journal = capability("journal");
    let welcome = capability("welcome");
    let lock = capability("lock");
    let granted = |cap: &serde_json::Value| -> BTreeSet<String> {
        permissions(cap)
            .iter()
            .filter_map(|p| p.strip_prefix("allow-"))
            .map(|p| p.replace('-', "_"))
            .collect()
    };
    let journal_commands = granted(&journal);
    let welcome_commands = granted(&welcome);
    let lock_commands = granted(&lock);
    assert_eq!(
        &(&journal_commands | &welcome_commands) | &lock_commands,
        names,
        "every command is granted to some window"
    );
    assert!(
        journal_commands.is_disjoint(&welcome_commands),
        "the welcome window reaches no journal command, and the journal no sign-in command"
    );
    assert_eq!(
        lock_commands,
        ["lock_status", "unlock_journal"].map(String::from).into(),
        "the lock window only unlocks: nothing of the journal reaches it"
    );
    assert!(permissions(&lock).iter().all(|p| p.starts_with("allow-")));
    assert_eq!(
        welcome_commands,
        [
            "auth_status",
            "cancel_sign_in",
            "journal_health",
            "restore_journal",
            "sign_in",
            "upgrade_status"
        ]
        .map(String::from)
        .into(),
        "the welcome window signs in, restores a damaged journal (it shows at launch when the journal cannot open), and shows the first start's encryption"
    );
    for command in [
        "about",
        "open_data_folder",
        "analysis_status",
        "sign_out",
        "lock_journal",
        "set_passphrase",
    ] {
        assert!(
            journal_commands.contains(command),
            "{command} is the journal window's"
        );
    }

    let core: Vec<String> = permissions(&journal)
        .into_iter()
        .filter(|p| p.starts_with("core:"))
        .collect();
    assert_eq!(
        core,
        [
            "core:event:allow-listen",
            "core:event:allow-unlisten",
            "core:window:allow-destroy"
        ],
        "only what events and the close-time flush need"
    );
    assert!(
        permissions(&welcome)
            .iter()
            .all(|p| p.starts_with("allow-") || p.starts_with("core:event:")),
        "the welcome window listens to events (the encryption's progress) and nothing more of core"
    );
    // Plugins work from Rust (the window-state plugin restores windows by itself): no window is
    // granted a plugin's own commands.
    for cap in [&journal, &welcome, &lock] {
        for permission in permissions(cap) {
            assert!(
                permission.starts_with("allow-") || permission.starts_with("core:"),
                "{permission}: no plugin permission is granted to a window"
            );
        }
    }

    // The sign-in window shows the provider's page: no capability may name it or any remote URL.
    let mut files: Vec<String> = std::fs::read_dir(repo("capabilities"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    files.sort();
    assert_eq!(files, ["journal.json", "lock.json", "welcome.json"]);
    for cap in [&journal, &welcome, &lock] {
        assert!(cap.get("remote").is_none(), "no remote URL may reach IPC");
        let windows = cap["windows"].as_array().unwrap();
        assert_eq!(windows.len(), 1);
        assert_ne!(windows[0], "signin");
        assert!(!windows[0].as_str().unwrap().contains('*'));
    }
}

fn capability(name: &str) -> serde_json::Value {
    let path = repo(&format!("capabilities/{name}.json"));
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn permissions(capability: &serde_json::Value) -> Vec<String> {
    capability["permissions"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|p| p.as_str().map(str::to_owned))
        .collect()
}

#[test]
fn errors_cross_ipc_as_code_and_message() {
    let json = serde_json::to_value(AppError::from(StoreError::DiskFull)).unwrap();
    assert_eq!(json["code"], "disk_full");
    assert!(json["message"]
        .as_str()
        .unwrap()
        .contains("The disk is full"));
    assert_eq!(json.as_object().unwrap().len(), 2);

    let json = serde_json::to_value(AppError::from(StoreError::NotFound)).unwrap();
    assert_eq!(json["code"], "not_found");
}

#[test]
fn about_names_the_version_the_data_folder_and_the_current_log() {
    let dir = tempfile::tempdir().unwrap();
    let shown = |path: &Path| path.display().to_string();
    let journal_dir = dir.path().join("accounts").join("a1");
    let about = About::for_data_dir(dir.path(), Some(&journal_dir));
    assert_eq!(about.version, env!("CARGO_PKG_VERSION"));
    assert_eq!(about.data_dir, shown(dir.path()));
    assert_eq!(
        about.database_file.as_deref(),
        Some(shown(&journal_dir.join(quire_core::store::DATABASE_FILE)).as_str())
    );
    assert_eq!(About::for_data_dir(dir.path(), None).database_file, None);
    assert_eq!(about.logs_dir, shown(&dir.path().join("logs")));
    assert_eq!(about.log_file, None, "no log file written yet");

    let logs = dir.path().join("logs");
    std::fs::create_dir(&logs).unwrap();
    for name in [
        "quire.2026-11-24.log",
        "quire.2026-11-26.log",
        "quire.2026-11-25.log",
        "quire.log",
        "notes.txt",
    ] {
        std::fs::write(logs.join(name), "").unwrap();
    }
    assert_eq!(
        About::for_data_dir(dir.path(), None).log_file,
        Some(shown(&logs.join("quire.2026-11-26.log"))),
        "the newest day's file is the one being written"
    );

    let json = serde_json::to_value(&about).unwrap();
    let keys: BTreeSet<&str> = json
        .as_object()
        .unwrap()
        .keys()
        .map(|k| k.as_str())
        .collect();
    assert_eq!(
        keys,
        ["dataDir", "databaseFile", "logFile", "logsDir", "version"].into()
    );
}

#[test]
fn a_folder_that_cannot_be_shown_says_which_folder_to_open_by_hand() {
    let dir = tempfile::tempdir().unwrap();
    let shown = folder_to_show(dir.path()).expect("an existing folder");
    assert!(shown.is_absolute());

    let err = not_shown(&shown, "no file manager answered");
    assert_eq!(err.code, ErrorCode::OpenFailed);
    assert!(err.message.contains("no file manager answered"));
    assert!(
        err.message
            .ends_with(&format!("Open this folder by hand: {}", shown.display())),
        "{}",
        err.message
    );
    let json = serde_json::to_value(&err).unwrap();
    assert_eq!(json["code"], "open_failed");

    let missing = dir.path().join("gone");
    let err = folder_to_show(&missing).unwrap_err();
    assert_eq!(err.code, ErrorCode::OpenFailed);
    assert!(err.message.contains(&missing.display().to_string()));
}

/// One CSP from `tauri.conf.json`: directive name to its sources.
type Csp = std::collections::BTreeMap<String, BTreeSet<String>>;

fn tauri_conf() -> serde_json::Value {
    serde_json::from_str(&std::fs::read_to_string(repo("tauri.conf.json")).unwrap()).unwrap()
}

fn csp(security: &serde_json::Value, key: &str) -> Csp {
    security[key]
        .as_object()
        .unwrap_or_else(|| panic!("app.security.{key} is a map of directives"))
        .iter()
        .map(|(directive, sources)| {
            let sources = sources.as_str().expect("sources are one string");
            let sources = sources.split_whitespace().map(str::to_owned).collect();
            (directive.clone(), sources)
        })
        .collect()
}

fn sources<'a>(csp: &'a Csp, directive: &str) -> Vec<&'a str> {
    csp.get(directive)
        .unwrap_or_else(|| panic!("the CSP has no {directive}"))
        .iter()
        .map(String::as_str)
        .collect()
}

/// The rules both policies keep; `dev` is the policy for `cargo tauri dev`, which may add what the
/// dev server needs and nothing else.
fn check_csp(name: &str, csp: &Csp, dev: bool) {
    for (directive, list) in csp {
        for source in list {
            // A bare scheme (`data:`, `blob:`, `https:`) allows anything of that scheme; Tauri's
            // IPC and Quire's own protocol are served by the app itself.
            let any_of_a_scheme = source.ends_with(':') && source != "ipc:" && source != "quire:";
            assert!(
                !source.contains("unsafe-eval") && source != "*" && !any_of_a_scheme,
                "{name} {directive}: {source} would let pages run or load more than the app's own \
                 files"
            );
            assert!(
                !source.starts_with("http")
                    || source == "http://ipc.localhost"
                    || source == "http://quire.localhost"
                    || dev,
                "{name} {directive}: {source} is a network source; the app windows load nothing \
                 from the network"
            );
        }
    }
    assert_eq!(sources(csp, "default-src"), ["'self'"], "{name}");
    assert_eq!(
        sources(csp, "script-src"),
        ["'self'"],
        "{name}: scripts only from the app's own files (no 'unsafe-inline', no eval)"
    );
    for directive in [
        "object-src",
        "base-uri",
        "form-action",
        "frame-src",
        "frame-ancestors",
    ] {
        assert_eq!(sources(csp, directive), ["'none'"], "{name} {directive}");
    }
    assert_eq!(
        sources(csp, "img-src"),
        ["'self'", "http://quire.localhost", "quire:"],
        "{name}: the app's files and the pictures in the journal (Quire's own protocol); no \
         data: images, nothing remote"
    );
    assert_eq!(sources(csp, "font-src"), ["'self'"], "{name}");
    let style = sources(csp, "style-src");
    let connect = sources(csp, "connect-src");
    // Tauri's IPC, and Quire's own protocol, which takes new pictures.
    let ipc = [
        "http://ipc.localhost",
        "http://quire.localhost",
        "ipc:",
        "quire:",
    ];
    if dev {
        // Vite injects styles and reloads over a websocket to its own server.
        assert_eq!(style, ["'self'", "'unsafe-inline'"], "{name}");
        assert_eq!(
            connect,
            [
                "http://ipc.localhost",
                "http://quire.localhost",
                "ipc:",
                "quire:",
                "ws://localhost:5173"
            ],
            "{name}: IPC, the pictures' protocol and the dev server's reload socket"
        );
    } else {
        assert_eq!(style, ["'self'"], "{name}: no inline styles");
        assert_eq!(
            connect, ipc,
            "{name}: requests only to Tauri's IPC and the pictures' protocol"
        );
    }
}

#[test]
fn the_csp_lets_the_app_windows_run_only_their_own_code_and_reach_only_ipc() {
    let conf = tauri_conf();
    let security = &conf["app"]["security"];
    let keys: BTreeSet<&str> = security
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(
        keys,
        ["csp", "devCsp"].into(),
        "no other security setting (no asset protocol, no switch that stops Tauri adding hashes \
         for its own scripts, no inline capability)"
    );
    let release = csp(security, "csp");
    let dev = csp(security, "devCsp");
    check_csp("csp", &release, false);
    check_csp("devCsp", &dev, true);
    let directives = |csp: &Csp| csp.keys().cloned().collect::<Vec<_>>();
    assert_eq!(
        directives(&release),
        directives(&dev),
        "both policies name the same directives"
    );
    eprintln!(
        "csp: {} directives, devCsp: {} directives",
        release.len(),
        dev.len()
    );

    // The dev server the devCsp's websocket points at.
    assert_eq!(conf["build"]["devUrl"], "http://localhost:5173");
    // Windows are built in code (shell::windows), where each gets its navigation, download,
    // new-window and permission handlers; a window declared here would get none of them.
    assert_eq!(conf["app"]["windows"], serde_json::json!([]));
    assert!(
        conf["app"].get("withGlobalTauri").is_none(),
        "pages reach Tauri only through the generated bindings"
    );
}
