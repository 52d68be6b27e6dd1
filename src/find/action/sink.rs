//! Where actions write: stdout, or the files -fprint, -fprint0, -fls and
//! -fprintf name. Each file is opened (and truncated) once, when the
//! command line is read, even if no file ever matches; naming the same
//! file twice shares one stream; /dev/stdout and /dev/stderr are the
//! streams themselves, as in GNU find.

use std::ffi::{OsStr, OsString};
use std::fs::File;
use std::io::{self, BufWriter, IsTerminal, Write};
use std::os::unix::fs::MetadataExt;

/// An output stream an action writes to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SinkId {
    Stdout,
    Stderr,
    File(usize),
}

/// The files opened for the -f* actions.
#[derive(Debug, Default)]
pub(crate) struct Sinks {
    files: Vec<OpenFile>,
}

#[derive(Debug)]
struct OpenFile {
    name: OsString,
    dev_ino: (u64, u64),
    writer: BufWriter<File>,
    terminal: bool,
}

impl Sinks {
    /// Open `name` for writing (truncating it) unless it is open already.
    pub(crate) fn open(&mut self, name: &OsStr) -> io::Result<SinkId> {
        match name.as_encoded_bytes() {
            b"/dev/stdout" => return Ok(SinkId::Stdout),
            b"/dev/stderr" => return Ok(SinkId::Stderr),
            _ => {}
        }
        if let Some(i) = self.files.iter().position(|f| f.name == name) {
            return Ok(SinkId::File(i));
        }
        if let Ok(meta) = std::fs::metadata(name) {
            let key = (meta.dev(), meta.ino());
            if let Some(i) = self.files.iter().position(|f| f.dev_ino == key) {
                return Ok(SinkId::File(i));
            }
        }
        let file = File::create(name)?;
        let meta = file.metadata()?;
        self.files.push(OpenFile {
            name: name.to_os_string(),
            dev_ino: (meta.dev(), meta.ino()),
            terminal: file.is_terminal(),
            writer: BufWriter::new(file),
        });
        Ok(SinkId::File(self.files.len() - 1))
    }

    /// The writer for a file sink.
    pub(crate) fn file(&mut self, i: usize) -> &mut BufWriter<File> {
        &mut self.files[i].writer
    }

    /// Whether the file is a terminal (-fprint /dev/tty).
    pub(crate) fn is_terminal(&self, i: usize) -> bool {
        self.files[i].terminal
    }

    pub(crate) fn name(&self, i: usize) -> &OsStr {
        &self.files[i].name
    }

    /// Flush every file; the first failure names its file.
    pub(crate) fn flush_all(&mut self) -> Result<(), (OsString, io::Error)> {
        for f in &mut self.files {
            f.writer.flush().map_err(|e| (f.name.clone(), e))?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_file_is_opened_once() {
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join("out");
        let mut sinks = Sinks::default();
        let a = sinks.open(path.as_os_str()).unwrap();
        let b = sinks.open(path.as_os_str()).unwrap();
        assert_eq!(a, b);
        assert_eq!(
            sinks.open(OsStr::new("/dev/stdout")).unwrap(),
            SinkId::Stdout
        );
        assert_eq!(
            sinks.open(OsStr::new("/dev/stderr")).unwrap(),
            SinkId::Stderr
        );
        assert!(sinks.open(OsStr::new("/no/such/dir/out")).is_err());
    }
}
