//! What Quire prints when something goes wrong must not carry what a person wrote.

use std::process::Command;

const CHILD_ENV: &str = "QUIRE_PANIC_CHILD";

/// Runs `panics_with_private_text` in a child process and reads everything it printed.
#[test]
fn a_panic_report_names_the_place_but_not_the_message() {
    if std::env::var_os(CHILD_ENV).is_some() {
        return;
    }
    let output = Command::new(std::env::current_exe().unwrap())
        .args(["--exact", "panics_with_private_text", "--nocapture"])
        .env(CHILD_ENV, "1")
        .output()
        .unwrap();
    let printed = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(output.status.success(), "{printed}");
    assert!(printed.contains("1 passed"), "{printed}");
    if cfg!(debug_assertions) {
        println!("skipped: debug builds keep Rust's own panic report, message included");
        return;
    }
    assert!(
        printed.contains("panicked at tests/privacy.rs:"),
        "the report names the place: {printed}"
    );
    assert!(
        !printed.contains("kingfisher"),
        "the report quotes the text: {printed}"
    );
}

#[test]
fn panics_with_private_text() {
    if std::env::var_os(CHILD_ENV).is_none() {
        return;
    }
    quire::logging::install_panic_hook();
    let text = String::from("Dear diary, I saw a kingfisher — é");
    let cut = text.len() - 1;
    // Slicing inside a character panics with a message that quotes the string.
    let result = std::thread::spawn(move || text[..cut].len()).join();
    assert!(result.is_err(), "the slice should have panicked");
}
