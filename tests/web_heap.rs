//! The JavaScript heap floor Quire sets for its own WebKit processes, and keeps out of the programs
//! it starts (`shell::windows::lower_heap_floor`). One test in a binary of its own: it sets the
//! process's environment, which no other test thread may read meanwhile.
#![cfg(target_os = "linux")]

use std::process::Command;

use quire::shell::windows::{
    for_another_program, lower_heap_floor, HEAP_FLOOR_BYTES, HEAP_FLOOR_ENV,
};

fn environment_of(mut command: Command) -> String {
    let out = command.output().expect("env runs");
    assert!(out.status.success());
    String::from_utf8(out.stdout).expect("the environment is UTF-8 here")
}

#[test]
fn web_processes_inherit_the_lowered_floor_and_other_programs_do_not() {
    assert!(
        std::env::var_os(HEAP_FLOOR_ENV).is_none(),
        "run this test without {HEAP_FLOOR_ENV} in the environment"
    );
    lower_heap_floor();
    assert_eq!(
        std::env::var(HEAP_FLOOR_ENV).unwrap(),
        (8 << 20).to_string()
    );
    assert_eq!(HEAP_FLOOR_BYTES, 8 << 20);

    // What a child inherits by default, as WebKit's web processes do.
    let line = format!("{HEAP_FLOOR_ENV}={HEAP_FLOOR_BYTES}");
    assert!(environment_of(Command::new("env"))
        .lines()
        .any(|l| l == line));

    // A file manager or browser started by Quire does not.
    let mut other = Command::new("env");
    for_another_program(&mut other);
    let seen = environment_of(other);
    assert!(!seen.contains(HEAP_FLOOR_ENV), "{seen}");
    assert!(
        seen.lines().any(|l| l.starts_with("PATH=")),
        "the rest is inherited"
    );
}
