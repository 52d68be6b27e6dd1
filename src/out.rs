//! Standard output for commands that print many records: locked once,
//! buffered by block when piped and by line on a terminal, written as raw
//! bytes. A closed pipe is not an error worth reporting: `tk find | head`
//! must end quietly, so callers check `is_broken_pipe` and stop.

use std::io::{self, BufWriter, IsTerminal, Stdout, Write};
use std::process::ExitCode;

/// Buffered stdout. `end_record` flushes after each record on a terminal.
pub struct Out {
    inner: BufWriter<Stdout>,
    line_buffered: bool,
}

impl Out {
    pub fn stdout() -> Out {
        let stdout = io::stdout();
        let line_buffered = stdout.is_terminal();
        Out {
            inner: BufWriter::with_capacity(64 * 1024, stdout),
            line_buffered,
        }
    }

    /// Called after a whole record (a path and its terminator) is written.
    pub fn end_record(&mut self) -> io::Result<()> {
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

/// True when the error means the reader went away (`| head`).
pub fn is_broken_pipe(err: &io::Error) -> bool {
    err.kind() == io::ErrorKind::BrokenPipe
}

/// Run `job` against a buffered stdout and turn the outcome into a status
/// for commands that print one document (`tk explain`, `tk man`): 0, also
/// when the reader went away; 1 with `PREFIX: cannot write...` otherwise.
pub fn print_document(
    prefix: &str,
    job: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> ExitCode {
    let mut out = BufWriter::new(io::stdout().lock());
    match job(&mut out).and_then(|()| out.flush()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) if is_broken_pipe(&e) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("{prefix}: cannot write to stdout: {e}");
            ExitCode::from(1)
        }
    }
}
