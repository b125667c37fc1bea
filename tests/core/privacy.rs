//! What Quire prints when something goes wrong must not carry what a person wrote.

const CHILD_ENV: &str = "QUIRE_PANIC_CHILD";

/// Runs `panics_with_private_text` in a child process and reads everything it printed. Debug
/// builds keep Rust's own panic report, message included, so there is nothing to check in one.
#[test]
#[cfg_attr(
    debug_assertions,
    ignore = "debug builds keep Rust's own panic report; run with --release"
)]
fn a_panic_report_names_the_place_but_not_the_message() {
    if std::env::var_os(CHILD_ENV).is_some() {
        return;
    }
    let output = crate::support::step("privacy::panics_with_private_text")
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
    // The file as the compiler was given it, which may start with the crate's own folder.
    let place = printed
        .split_once("panicked at ")
        .and_then(|(_, rest)| rest.split(':').next());
    assert!(
        place.is_some_and(|file| file.ends_with("tests/core/privacy.rs")),
        "the report names the place: {printed}"
    );
    assert!(
        !printed.contains("kingfisher"),
        "the report quotes the text: {printed}"
    );
}

#[test]
#[ignore = "a step of a_panic_report_names_the_place_but_not_the_message, in its child process"]
fn panics_with_private_text() {
    if std::env::var_os(CHILD_ENV).is_none() {
        return;
    }
    quire_core::logging::install_panic_hook();
    let text = String::from("Dear diary, I saw a kingfisher — é");
    let cut = text.len() - 1;
    // Slicing inside a character panics with a message that quotes the string.
    let result = std::thread::spawn(move || text[..cut].len()).join();
    assert!(result.is_err(), "the slice should have panicked");
}
