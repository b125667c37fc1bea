#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

fn main() -> std::process::ExitCode {
    // `quire import` and `quire export` run without a window.
    if let Some(exit) = quire::cli::run_if_command() {
        return exit;
    }
    quire::run();
    std::process::ExitCode::SUCCESS
}
