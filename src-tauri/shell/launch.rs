//! Starting another program: the file manager, the web browser.
//!
//! The program runs directly (no shell) with its input and output closed, and has a moment to report
//! an early failure; one still running after that is left to run, detached from the call and in a
//! process group of its own, and a thread of its own collects it when it ends. It does not inherit
//! the settings Quire gives its own WebKit processes
//! ([`super::windows::prepare_web_environment`]): a browser built on WebKit would otherwise start
//! with them.

use std::io;
use std::process::{Command, ExitStatus, Stdio};
use std::time::{Duration, Instant};

const POLL: Duration = Duration::from_millis(50);

/// What became of a started program within the wait.
#[derive(Debug)]
pub enum Launched {
    /// It ended, with this status.
    Exited(ExitStatus),
    /// It is still running: taken to be doing its work.
    Running,
}

/// Starts `command` and waits up to `wait` for it to end. Fails only when it cannot be started.
pub fn launch(mut command: Command, wait: Duration) -> io::Result<Launched> {
    super::windows::for_another_program(&mut command);
    // A group of its own: a Ctrl+C meant for Quire in a terminal does not close the browser too.
    #[cfg(unix)]
    std::os::unix::process::CommandExt::process_group(&mut command, 0);
    let mut child = command
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()?;
    let deadline = Instant::now() + wait;
    loop {
        match child.try_wait() {
            Ok(Some(status)) => return Ok(Launched::Exited(status)),
            Ok(None) if Instant::now() < deadline => std::thread::sleep(POLL),
            Ok(None) | Err(_) => {
                std::thread::spawn(move || {
                    let _ = child.wait();
                });
                return Ok(Launched::Running);
            }
        }
    }
}
