//! The WebKit settings Quire gives its own web processes through the environment (no compositing, a
//! lower JavaScript heap floor), and keeps out of the programs it starts
//! (`shell::windows::prepare_web_environment`). In a binary of their own: one test changes the
//! process's environment, which no other test thread may read meanwhile (the other reads none).
#![cfg(target_os = "linux")]

use std::collections::HashMap;
use std::process::Command;

use quire::shell::windows::{
    for_another_program, prepare_web_environment, web_environment, COMPOSITING_ENV,
    HEAP_FLOOR_BYTES, HEAP_FLOOR_ENV, NO_COMPOSITING_ENV,
};

fn environment_of(mut command: Command) -> String {
    let out = command.output().expect("env runs");
    assert!(out.status.success());
    String::from_utf8(out.stdout).expect("the environment is UTF-8 here")
}

/// What `web_environment` sets, given these variables.
fn set_given(vars: &[(&str, &str)]) -> HashMap<&'static str, String> {
    let vars: HashMap<String, String> = vars
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    web_environment(|name| vars.get(name).cloned())
        .into_iter()
        .collect()
}

#[test]
fn web_processes_inherit_quires_settings_and_other_programs_do_not() {
    for name in [HEAP_FLOOR_ENV, NO_COMPOSITING_ENV, COMPOSITING_ENV] {
        assert!(
            std::env::var_os(name).is_none(),
            "run this test without {name} in the environment"
        );
    }
    prepare_web_environment();
    assert_eq!(
        std::env::var(HEAP_FLOOR_ENV).unwrap(),
        (8 << 20).to_string()
    );
    assert_eq!(HEAP_FLOOR_BYTES, 8 << 20);
    assert_eq!(std::env::var(NO_COMPOSITING_ENV).unwrap(), "1");

    // What a child inherits by default, as WebKit's web processes do.
    let inherited = environment_of(Command::new("env"));
    for line in [
        format!("{HEAP_FLOOR_ENV}={HEAP_FLOOR_BYTES}"),
        format!("{NO_COMPOSITING_ENV}=1"),
    ] {
        assert!(
            inherited.lines().any(|l| l == line),
            "{line} in {inherited}"
        );
    }

    // A file manager or browser started by Quire does not.
    let mut other = Command::new("env");
    for_another_program(&mut other);
    let seen = environment_of(other);
    assert!(!seen.contains(HEAP_FLOOR_ENV), "{seen}");
    assert!(!seen.contains(NO_COMPOSITING_ENV), "{seen}");
    assert!(
        seen.lines().any(|l| l.starts_with("PATH=")),
        "the rest is inherited"
    );
}

#[test]
fn what_the_person_set_is_left_alone() {
    let defaults = set_given(&[]);
    assert_eq!(
        defaults.get(NO_COMPOSITING_ENV).map(String::as_str),
        Some("1")
    );
    assert_eq!(
        defaults.get(HEAP_FLOOR_ENV),
        Some(&HEAP_FLOOR_BYTES.to_string())
    );

    // Compositing asked for: WebKit's default stays.
    let composited = set_given(&[(COMPOSITING_ENV, "on")]);
    assert!(
        !composited.contains_key(NO_COMPOSITING_ENV),
        "{composited:?}"
    );
    assert!(composited.contains_key(HEAP_FLOOR_ENV));
    // Any other value is not a request for it.
    assert!(set_given(&[(COMPOSITING_ENV, "yes")]).contains_key(NO_COMPOSITING_ENV));

    // WebKit's own switch, or the heap option, already set (even to the opposite): not overridden.
    let own = set_given(&[(NO_COMPOSITING_ENV, "0"), (HEAP_FLOOR_ENV, "33554432")]);
    assert!(own.is_empty(), "{own:?}");
}
