//! Standard output for commands that print many records: locked once,
//! buffered by block when piped and by line on a terminal, written as raw
//! bytes. A closed pipe is not an error worth reporting: `tk find | head`
//! must end quietly, so callers check `is_broken_pipe` and stop.

use std::any::Any;
use std::fs::File;
use std::io::{self, BufWriter, IoSlice, IsTerminal, Write};
use std::mem::ManuallyDrop;
use std::os::fd::FromRawFd;
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, Ordering};

/// Buffered stdout. `end_record` flushes after each record on a terminal.
pub(crate) struct Out {
    inner: BufWriter<Box<dyn Destination>>,
    line_buffered: bool,
}

/// Where `Out` sends its bytes once buffered, and its diagnostics: the
/// descriptors 1 and 2, or a destination of the caller's own that
/// implements this trait. The caller may reach its destination between
/// two records (`Out::destination`) to change where it sends what
/// follows; `Out` knows nothing of that.
pub(crate) trait Destination: Write + Send + AsAny {
    /// Write one diagnostic line (with its newline) to stderr, after
    /// everything written so far.
    fn diagnostic(&mut self, line: &str);
}

/// A destination as `Any`, so that `Out::destination` can lend it back
/// as its own type.
pub(crate) trait AsAny: Any {
    fn as_any_mut(&mut self) -> &mut dyn Any;
}

impl<T: Any> AsAny for T {
    fn as_any_mut(&mut self) -> &mut dyn Any {
        self
    }
}

impl Destination for StdoutFd {
    fn diagnostic(&mut self, line: &str) {
        write_stderr([line.as_bytes()]);
    }
}

/// Descriptor 1, written directly. std's `Stdout` takes a write that fails
/// with EBADF (stdout closed) for a success, and the output would be lost
/// without a word; here the error reaches the caller.
pub(crate) struct StdoutFd(ManuallyDrop<File>);

impl StdoutFd {
    pub(crate) fn new() -> StdoutFd {
        StdoutFd(std_stream(libc::STDOUT_FILENO))
    }
}

/// Descriptor 1 or 2 as a File that writes to it directly and never
/// closes it.
fn std_stream(fd: libc::c_int) -> ManuallyDrop<File> {
    // SAFETY: fds 1 and 2 stay open for the whole run
    // (`guard_closed_output` fills them when the parent closed them), and
    // ManuallyDrop means this File never closes its descriptor.
    ManuallyDrop::new(unsafe { File::from_raw_fd(fd) })
}

impl Default for StdoutFd {
    fn default() -> StdoutFd {
        StdoutFd::new()
    }
}

impl Write for StdoutFd {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.0.write(buf)
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// A block-buffered stdout for commands that print one document.
pub(crate) fn buffered_stdout() -> BufWriter<StdoutFd> {
    BufWriter::new(StdoutFd::new())
}

impl Out {
    pub(crate) fn stdout() -> Out {
        let line_buffered = io::stdout().is_terminal();
        Out {
            inner: BufWriter::with_capacity(64 * 1024, Box::new(StdoutFd::new())),
            line_buffered,
        }
    }

    /// Output to `destination` through a buffer of `capacity` bytes,
    /// block-buffered.
    pub(crate) fn with_capacity(capacity: usize, destination: Box<dyn Destination>) -> Out {
        Out {
            inner: BufWriter::with_capacity(capacity, destination),
            line_buffered: false,
        }
    }

    /// Write a diagnostic line (with its newline) to stderr after the
    /// output written so far, which is flushed first.
    pub(crate) fn diagnostic(&mut self, line: &str) {
        let _ = self.inner.flush();
        self.inner.get_mut().diagnostic(line);
    }

    /// Write out what is buffered, then lend the destination, if it is a
    /// `D`: what the caller changes in it applies to what is written
    /// after. None when the destination is of another type.
    pub(crate) fn destination<D: Destination>(&mut self) -> io::Result<Option<&mut D>> {
        self.inner.flush()?;
        let destination: &mut dyn Destination = &mut **self.inner.get_mut();
        Ok(destination.as_any_mut().downcast_mut::<D>())
    }

    /// Whether stdout is a terminal.
    pub(crate) fn is_terminal(&self) -> bool {
        self.line_buffered
    }

    /// Called after a whole record (a path and its terminator) is written.
    pub(crate) fn end_record(&mut self) -> io::Result<()> {
        if self.line_buffered {
            self.inner.flush()
        } else {
            Ok(())
        }
    }
}

impl Write for Out {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.inner.write(buf)
    }

    fn write_all(&mut self, buf: &[u8]) -> io::Result<()> {
        self.inner.write_all(buf)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

/// Called before Rust's runtime starts (from an `.init_array` entry in
/// main.rs). Started with stdout closed (`tk find . >&-`), Rust would
/// reopen it on /dev/null and everything printed would vanish with exit
/// status 0. GNU tools report that as a write error instead. So a closed
/// stdout (or stderr) becomes /dev/null opened read-only: it still
/// occupies its descriptor, so no file we open later can land there, and
/// every write to it fails with EBADF ("Bad file descriptor"): a command
/// reports that as its write error, and a lost diagnostic makes the exit
/// status 1 (see `stderr_failed`). Only libc calls here: the runtime is
/// not up yet.
pub fn guard_closed_output() {
    for fd in [libc::STDOUT_FILENO, libc::STDERR_FILENO] {
        // SAFETY: fcntl(F_GETFD) only queries the descriptor table.
        let closed = unsafe { libc::fcntl(fd, libc::F_GETFD) } == -1;
        if !closed {
            continue;
        }
        // SAFETY: plain system calls on a NUL-terminated constant path
        // and descriptors we own; `fd` is free, so dup2 takes nothing from
        // anyone. No O_CLOEXEC: children (-exec) inherit the same failing
        // stream.
        unsafe {
            let null = libc::open(c"/dev/null".as_ptr(), libc::O_RDONLY);
            if null >= 0 && null != fd {
                libc::dup2(null, fd);
                libc::close(null);
            }
        }
    }
}

/// `eprintln!` that cannot panic. Where a write to stderr fails (a full
/// disk, a closed descriptor), `eprintln!` panics, and tk, built to abort
/// on a panic, died of SIGABRT with no exit status. Here the failure is
/// remembered, and turns a successful exit status into 1 (see
/// `stderr_failed`), as GNU tools do.
macro_rules! errln {
    ($($arg:tt)*) => {
        $crate::out::write_stderr_line(format_args!($($arg)*))
    };
}
pub(crate) use errln;

/// Write one line to stderr; a failure is only remembered (see `errln!`
/// and `stderr_failed`).
pub(crate) fn write_stderr_line(args: std::fmt::Arguments<'_>) {
    write_stderr([format!("{args}\n").as_bytes()]);
}

/// Write `parts` to stderr as one record: one writev(2) unless the
/// kernel takes less, so that nothing else lands between them and no part
/// is copied. A failure is only remembered (see `stderr_failed`).
pub(crate) fn write_stderr<const N: usize>(parts: [&[u8]; N]) {
    // Descriptor 2 itself: std's Stderr takes EBADF for a success.
    let mut stderr = std_stream(libc::STDERR_FILENO);
    let mut slices = parts.map(IoSlice::new);
    let mut left = &mut slices[..];
    let mut remaining: usize = parts.iter().map(|p| p.len()).sum();
    while remaining > 0 {
        match stderr.write_vectored(left) {
            Ok(0) => break,
            Ok(n) => {
                remaining -= n;
                IoSlice::advance_slices(&mut left, n);
            }
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(_) => break,
        }
    }
    if remaining > 0 {
        STDERR_FAILED.store(true, Ordering::Relaxed);
    }
}

static STDERR_FAILED: AtomicBool = AtomicBool::new(false);

/// Whether a message could not be written to stderr. A command that
/// otherwise succeeded then exits 1, as GNU find does: the user did not
/// see everything there was to say.
pub(crate) fn stderr_failed() -> bool {
    STDERR_FAILED.load(Ordering::Relaxed)
}

/// An I/O error as the C library words it ("No space left on device"),
/// without std's " (os error 28)" suffix.
pub(crate) fn strerror(err: &io::Error) -> String {
    let text = err.to_string();
    match text.find(" (os error") {
        Some(end) => text[..end].to_string(),
        None => text,
    }
}

/// The C library's text for an errno ("Permission denied"), as GNU prints it.
pub(crate) fn strerror_errno(err: nix::errno::Errno) -> String {
    strerror(&io::Error::from_raw_os_error(err as i32))
}

/// True when the error means the reader went away (`| head`).
pub(crate) fn is_broken_pipe(err: &io::Error) -> bool {
    err.kind() == io::ErrorKind::BrokenPipe
}

/// Run `job` against a buffered stdout and turn the outcome into a status
/// for commands that print one document (`tk explain`, `tk man`): 0, also
/// when the reader went away; 1 with `PREFIX: cannot write...` otherwise.
pub(crate) fn print_document(
    prefix: &str,
    job: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> ExitCode {
    let mut out = buffered_stdout();
    match job(&mut out).and_then(|()| out.flush()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) if is_broken_pipe(&e) => ExitCode::SUCCESS,
        Err(e) => {
            crate::errln!("{prefix}: cannot write to stdout: {}", strerror(&e));
            ExitCode::from(1)
        }
    }
}
