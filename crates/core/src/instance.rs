//! One running Quire per data folder: a second launch hands over to the first.
//!
//! The first launch takes an exclusive lock on [`LOCK_FILE`] in the data folder and listens on the
//! Unix socket [`SOCKET_FILE`] beside it. A later launch with the same folder finds the lock taken,
//! knocks on the socket (the first copy then brings its window forward and answers), and exits
//! before it opens the journal. So two processes never write one journal, and a person who starts
//! Quire twice sees the window they already had.
//!
//! The lock is the operating system's (`flock`), held by an open file: it ends with the process,
//! however the process ends, so a crash leaves nothing stale behind. A socket file left by a copy
//! that was killed is replaced by the next copy to take the lock.
//!
//! The same socket carries one piece of news from Quire's command line: `quire import` tells a running
//! copy that entries were added ([`tell_entries_added`]), so its window lists them at once.
//!
//! Everything here is local and takes well under a millisecond when no other copy runs: one file
//! opened and locked, one socket bound, one thread that waits for knocks.

use std::fs::{File, OpenOptions, TryLockError};
use std::io::{self, Read, Write};
use std::os::unix::net::{UnixListener, UnixStream};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// The lock file in the data folder. Empty; only its lock matters.
pub const LOCK_FILE: &str = "quire.lock";
/// The socket a second launch knocks on, in the data folder.
pub const SOCKET_FILE: &str = "quire.sock";

/// How long a second launch keeps trying to reach the first: it may have taken the lock a moment
/// before it bound its socket, or be on its way out.
pub const PATIENCE: Duration = Duration::from_secs(3);

const KNOCK: &[u8] = b"quire: show your window\n";
const ANSWER: &[u8] = b"quire: shown\n";
const NEWS: &[u8] = b"quire: entries were added\n";
const NOTED: &[u8] = b"quire: noted\n";
/// The longest request a caller may send.
const REQUEST_MAX: u64 = 64;

/// What another process asks of the running copy.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Request {
    /// A later launch: bring the window forward.
    Show,
    /// The command line added entries to the journal: list them.
    EntriesAdded,
}
/// How long either side waits for the other's few bytes.
const EXCHANGE: Duration = Duration::from_secs(2);
const RETRY: Duration = Duration::from_millis(25);

/// What a launch found in its data folder.
#[derive(Debug)]
pub enum Claim {
    /// This process is the only Quire on the folder for as long as it keeps the [`Instance`].
    Ours(Instance),
    /// Another Quire has the folder; it was asked to bring its window forward, and took the request.
    HandedOver,
    /// Another Quire holds the lock but did not answer within [`PATIENCE`].
    NoAnswer(io::Error),
    /// The lock could not be taken at all (a read-only folder, say), so nothing keeps a second copy
    /// out. The journal's own checks still apply.
    Unguarded(io::Error),
}

/// The lock on a data folder, and the socket other launches knock on. Dropping it releases both.
#[derive(Debug)]
pub struct Instance {
    _lock: File,
    socket: PathBuf,
    listener: io::Result<UnixListener>,
}

/// Claims `data_dir` for this process, or hands over to the copy that has it. See [`Claim`].
pub fn claim(data_dir: &Path) -> Claim {
    claim_within(data_dir, PATIENCE)
}

/// [`claim`], trying for at most `patience` to reach a copy that holds the lock.
pub fn claim_within(data_dir: &Path, patience: Duration) -> Claim {
    let socket = data_dir.join(SOCKET_FILE);
    let lock = match open_lock(&data_dir.join(LOCK_FILE)) {
        Ok(file) => file,
        Err(err) => return Claim::Unguarded(err),
    };
    let deadline = Instant::now() + patience;
    loop {
        match lock.try_lock() {
            Ok(()) => {
                return Claim::Ours(Instance {
                    listener: listen(&socket),
                    _lock: lock,
                    socket,
                })
            }
            Err(TryLockError::Error(err)) => return Claim::Unguarded(err),
            Err(TryLockError::WouldBlock) => {}
        }
        let err = match knock(&socket) {
            Ok(()) => return Claim::HandedOver,
            Err(err) => err,
        };
        // Not bound yet, or just closed: worth another try. Anything else will not change.
        let passing = matches!(
            err.kind(),
            io::ErrorKind::NotFound | io::ErrorKind::ConnectionRefused
        );
        if !passing || Instant::now() + RETRY > deadline {
            return Claim::NoAnswer(err);
        }
        std::thread::sleep(RETRY);
    }
}

impl Instance {
    /// Answers every knock from a later launch, calling `show` for each, on a thread of its own.
    /// Fails when the socket could not be bound: later launches then cannot hand over, and say so.
    pub fn answer_knocks(&self, show: impl Fn() + Send + 'static) -> io::Result<()> {
        self.answer_requests(move |request| {
            if request == Request::Show {
                show();
            }
        })
    }

    /// Answers every [`Request`] from another process, calling `on` for each, on a thread of its
    /// own. Fails when the socket could not be bound.
    pub fn answer_requests(&self, on: impl Fn(Request) + Send + 'static) -> io::Result<()> {
        let listener = match &self.listener {
            Ok(listener) => listener.try_clone()?,
            Err(err) => {
                return Err(io::Error::new(
                    err.kind(),
                    format!("{}: {err}", self.socket.display()),
                ))
            }
        };
        std::thread::Builder::new()
            .name("quire-instance".into())
            .spawn(move || {
                for stream in listener.incoming() {
                    match stream {
                        // One bad caller never stops the next one from being answered.
                        Ok(stream) => {
                            let _ = answer(stream, &on);
                        }
                        // Out of file descriptors, say: wait for it to pass rather than spin.
                        Err(_) => std::thread::sleep(Duration::from_millis(100)),
                    }
                }
            })?;
        Ok(())
    }
}

fn open_lock(path: &Path) -> io::Result<File> {
    let mut options = OpenOptions::new();
    options.read(true).write(true).create(true).truncate(false);
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    match options.open(path) {
        Ok(file) => Ok(file),
        // A lock works through a read-only handle too, if the file is there.
        Err(err) => File::open(path).map_err(|_| err),
    }
}

fn listen(socket: &Path) -> io::Result<UnixListener> {
    // Ours now that the lock is: a file left here belongs to a copy that is gone.
    match std::fs::remove_file(socket) {
        Ok(()) => {}
        Err(err) if err.kind() == io::ErrorKind::NotFound => {}
        Err(err) => return Err(err),
    }
    let listener = at_address(socket, |path| UnixListener::bind(path))?;
    // Made with the process's umask; only its owner may knock.
    std::fs::set_permissions(socket, std::os::unix::fs::PermissionsExt::from_mode(0o600))?;
    Ok(listener)
}

/// Asks the copy listening on `socket` to show its window, and waits for it to say it will.
fn knock(socket: &Path) -> io::Result<()> {
    let mut stream = at_address(socket, |path| UnixStream::connect(path))?;
    stream.set_read_timeout(Some(EXCHANGE))?;
    stream.set_write_timeout(Some(EXCHANGE))?;
    stream.write_all(KNOCK)?;
    let mut reply = Vec::with_capacity(ANSWER.len());
    stream.take(ANSWER.len() as u64).read_to_end(&mut reply)?;
    if reply == ANSWER {
        Ok(())
    } else {
        Err(io::Error::new(
            io::ErrorKind::InvalidData,
            "the running copy gave an answer Quire does not know",
        ))
    }
}

/// The longest socket path a Unix socket address holds, without its closing zero byte.
#[cfg(target_os = "linux")]
const ADDRESS_MAX: usize = 107;

/// Calls `f` with an address for `socket`. A data folder deep enough that the path does not fit in a
/// socket address is reached through `/proc/self/fd` on Linux, where the kernel follows the open
/// folder's link; elsewhere binding it fails and a second launch is told no copy answered.
fn at_address<T>(socket: &Path, f: impl FnOnce(&Path) -> io::Result<T>) -> io::Result<T> {
    #[cfg(target_os = "linux")]
    if std::os::unix::ffi::OsStrExt::as_bytes(socket.as_os_str()).len() > ADDRESS_MAX {
        use std::os::fd::AsRawFd;
        if let (Some(dir), Some(name)) = (socket.parent(), socket.file_name()) {
            let dir = File::open(dir)?;
            let short = Path::new("/proc/self/fd")
                .join(dir.as_raw_fd().to_string())
                .join(name);
            return f(&short);
        }
    }
    f(socket)
}

/// Reads a knock, has the window brought forward, and only then answers, so that a later launch
/// returns only once its request was passed on. A copy whose process is stopped does not answer,
/// and the later launch tells the person.
fn answer(mut stream: UnixStream, on: &impl Fn(Request)) -> io::Result<()> {
    stream.set_read_timeout(Some(EXCHANGE))?;
    stream.set_write_timeout(Some(EXCHANGE))?;
    let mut request = Vec::new();
    io::BufRead::read_until(
        &mut io::BufReader::new((&mut stream).take(REQUEST_MAX)),
        b'\n',
        &mut request,
    )?;
    let (request, reply) = match request.as_slice() {
        KNOCK => (Request::Show, ANSWER),
        NEWS => (Request::EntriesAdded, NOTED),
        _ => return Err(io::Error::new(io::ErrorKind::InvalidData, "not a request")),
    };
    on(request);
    stream.write_all(reply)
}

/// Tells the copy of Quire running on `data_dir`, if there is one, that entries were added to its
/// journal. `Ok(false)` when none is running.
pub fn tell_entries_added(data_dir: &Path) -> io::Result<bool> {
    let socket = data_dir.join(SOCKET_FILE);
    let mut stream = match at_address(&socket, |path| UnixStream::connect(path)) {
        Ok(stream) => stream,
        Err(err)
            if matches!(
                err.kind(),
                io::ErrorKind::NotFound | io::ErrorKind::ConnectionRefused
            ) =>
        {
            return Ok(false)
        }
        Err(err) => return Err(err),
    };
    stream.set_read_timeout(Some(EXCHANGE))?;
    stream.set_write_timeout(Some(EXCHANGE))?;
    stream.write_all(NEWS)?;
    let mut reply = Vec::with_capacity(NOTED.len());
    stream.take(NOTED.len() as u64).read_to_end(&mut reply)?;
    if reply == NOTED {
        Ok(true)
    } else {
        Err(io::Error::new(
            io::ErrorKind::InvalidData,
            "the running copy gave an answer Quire does not know",
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::Arc;

    fn ours(claim: Claim) -> Instance {
        match claim {
            Claim::Ours(instance) => instance,
            other => panic!("expected the folder to be ours, got {other:?}"),
        }
    }

    /// Answers knocks on `instance`, counting them.
    fn counting(instance: &Instance) -> Arc<AtomicUsize> {
        let shown = Arc::new(AtomicUsize::new(0));
        let counter = shown.clone();
        instance
            .answer_knocks(move || {
                counter.fetch_add(1, Ordering::SeqCst);
            })
            .unwrap();
        shown
    }

    #[test]
    fn a_second_claim_hands_over_and_the_first_is_asked_to_show() {
        let dir = tempfile::tempdir().unwrap();
        let first = ours(claim(dir.path()));
        let shown = counting(&first);

        // A lock belongs to an open file, so a second open in this process is refused like another
        // process would be.
        assert!(matches!(claim(dir.path()), Claim::HandedOver));
        assert!(matches!(claim(dir.path()), Claim::HandedOver));
        assert_eq!(shown.load(Ordering::SeqCst), 2);
    }

    #[test]
    fn the_folder_is_free_again_once_the_first_is_gone() {
        let dir = tempfile::tempdir().unwrap();
        drop(ours(claim(dir.path())));
        // Its socket file is still there, as after a crash; the next copy replaces it.
        assert!(dir.path().join(SOCKET_FILE).exists());
        let next = ours(claim(dir.path()));
        next.answer_knocks(|| {}).unwrap();
        assert!(matches!(claim(dir.path()), Claim::HandedOver));
    }

    #[test]
    fn a_holder_that_never_answers_is_reported_after_the_wait() {
        let dir = tempfile::tempdir().unwrap();
        // Holds the lock, but nobody accepts on the socket: no thread answers knocks.
        let silent = ours(claim(dir.path()));
        std::fs::remove_file(dir.path().join(SOCKET_FILE)).unwrap();
        let started = Instant::now();
        match claim_within(dir.path(), Duration::from_millis(200)) {
            Claim::NoAnswer(err) => assert_eq!(err.kind(), io::ErrorKind::NotFound),
            other => panic!("expected no answer, got {other:?}"),
        }
        assert!(
            started.elapsed() >= Duration::from_millis(150),
            "it kept trying"
        );
        drop(silent);
    }

    #[test]
    fn a_stranger_on_the_socket_gets_nothing_and_later_knocks_still_work() {
        let dir = tempfile::tempdir().unwrap();
        let first = ours(claim(dir.path()));
        let shown = counting(&first);
        let mut stranger = UnixStream::connect(dir.path().join(SOCKET_FILE)).unwrap();
        stranger
            .write_all(b"GET / HTTP/1.1\r\nHost: x\r\n\r\n")
            .unwrap();
        // Closed without a word; Linux may report that as a reset, since the rest went unread.
        let mut reply = Vec::new();
        let _ = stranger.read_to_end(&mut reply);
        assert!(reply.is_empty(), "a stranger is told nothing");
        assert_eq!(shown.load(Ordering::SeqCst), 0);

        assert!(matches!(claim(dir.path()), Claim::HandedOver));
        assert_eq!(shown.load(Ordering::SeqCst), 1);
    }

    #[test]
    #[cfg(target_os = "linux")]
    fn a_folder_too_deep_for_a_socket_address_still_hands_over() {
        let dir = tempfile::tempdir().unwrap();
        let deep = dir.path().join("d".repeat(120));
        std::fs::create_dir(&deep).unwrap();
        assert!(deep.join(SOCKET_FILE).as_os_str().len() > ADDRESS_MAX);
        let first = ours(claim(&deep));
        first.answer_knocks(|| {}).unwrap();
        assert!(
            deep.join(SOCKET_FILE).exists(),
            "bound in the folder itself"
        );
        assert!(matches!(claim(&deep), Claim::HandedOver));
    }

    #[test]
    fn a_socket_that_cannot_be_bound_keeps_the_lock_and_says_why() {
        let dir = tempfile::tempdir().unwrap();
        // Something that is not a socket, and cannot be removed, is in the way.
        std::fs::create_dir(dir.path().join(SOCKET_FILE)).unwrap();
        std::fs::write(dir.path().join(SOCKET_FILE).join("keep"), "").unwrap();
        let first = ours(claim(dir.path()));
        let err = first.answer_knocks(|| {}).unwrap_err();
        assert!(err.to_string().contains(SOCKET_FILE), "{err}");
        // The folder is still guarded: a second copy does not get it, and is told no one answered.
        assert!(matches!(
            claim_within(dir.path(), Duration::from_millis(300)),
            Claim::NoAnswer(_)
        ));
    }

    #[test]
    fn news_of_added_entries_reaches_the_running_copy_and_nothing_else_does() {
        let dir = tempfile::tempdir().unwrap();
        assert!(
            !tell_entries_added(dir.path()).unwrap(),
            "no copy running: nobody to tell"
        );
        let first = ours(claim(dir.path()));
        let heard = Arc::new(std::sync::Mutex::new(Vec::new()));
        let log = heard.clone();
        first
            .answer_requests(move |request| log.lock().unwrap().push(request))
            .unwrap();
        assert!(tell_entries_added(dir.path()).unwrap());
        assert!(matches!(claim(dir.path()), Claim::HandedOver));
        let mut stranger = UnixStream::connect(dir.path().join(SOCKET_FILE)).unwrap();
        stranger.write_all(b"quire: something else\n").unwrap();
        let mut reply = Vec::new();
        let _ = stranger.read_to_end(&mut reply);
        assert!(reply.is_empty(), "an unknown request gets no answer");
        assert_eq!(
            *heard.lock().unwrap(),
            [Request::EntriesAdded, Request::Show]
        );
    }

    #[test]
    fn the_lock_file_and_the_socket_are_private() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let _first = ours(claim(dir.path()));
        for name in [LOCK_FILE, SOCKET_FILE] {
            let mode = std::fs::metadata(dir.path().join(name))
                .unwrap()
                .permissions()
                .mode();
            assert_eq!(mode & 0o777, 0o600, "{name}");
        }
    }
}
