//! Tells the integration tests whether they are built by root. The full-disk tests mount a small
//! file system, which needs root; built by anyone else they are reported as ignored, with that
//! reason, instead of passing without having run.

fn main() {
    println!("cargo::rustc-check-cfg=cfg(built_as_root)");
    println!("cargo::rerun-if-changed=build.rs");
    if effective_uid() == Some(0) {
        println!("cargo::rustc-cfg=built_as_root");
    }
}

/// The effective user id, from `/proc` (Linux); `None` elsewhere.
fn effective_uid() -> Option<u32> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let ids = status.lines().find_map(|line| line.strip_prefix("Uid:"))?;
    ids.split_whitespace().nth(1)?.parse().ok()
}
