//! -files0-from FILE: the starting points read from FILE (or standard
//! input for `-`), each ended by a NUL byte, the last one perhaps not.
//! The rules and the messages are GNU find 4.9's (process_all_startpoints):
//! a FILE that cannot be opened ends the run; so does one that is standard
//! input itself when -ok or -okdir would read answers from it; an empty
//! name is reported with its place in FILE and skipped; a read error is
//! reported and ends the list.

use std::ffi::{OsStr, OsString};
use std::fs::File;
use std::io::{BufRead, BufReader};
use std::os::unix::ffi::{OsStrExt, OsStringExt};

use crate::find::quote::quote;
use crate::out::strerror;

/// The starting points read, and the problems met on the way.
#[derive(Debug, Default)]
pub(crate) struct Starts {
    pub names: Vec<OsString>,
    /// Messages for names skipped or a read that failed: the run goes on
    /// with `names`, and exits 1.
    pub problems: Vec<String>,
}

/// Read the starting points from `file`; `asks` says whether -ok or
/// -okdir will read from standard input. Err is the message that ends the
/// run before anything is walked.
pub(crate) fn read(file: &OsStr, asks: bool) -> Result<Starts, String> {
    if file.as_bytes() == b"-" {
        // The grammar refuses `-files0-from -` with -ok already.
        return Ok(read_names(
            std::io::stdin().lock(),
            &quote(b"(standard input)"),
        ));
    }
    let name = quote(file.as_bytes());
    let opened = File::open(file)
        .map_err(|e| format!("cannot open {name} for reading: {}", strerror(&e)))?;
    if asks && is_standard_input(&opened) {
        return Err(format!(
            "option -files0-from: standard input must not refer to the same file when \
             combined with -ok, -okdir: {name}"
        ));
    }
    Ok(read_names(BufReader::new(opened), &name))
}

/// Whether `file` is the file standard input is open on.
fn is_standard_input(file: &File) -> bool {
    let ours = nix::sys::stat::fstat(file);
    let stdin = nix::sys::stat::fstat(std::io::stdin());
    matches!((ours, stdin), (Ok(a), Ok(b)) if (a.st_dev, a.st_ino) == (b.st_dev, b.st_ino))
}

/// The NUL-ended names of `input`, `name` quoted for messages.
fn read_names(mut input: impl BufRead, name: &str) -> Starts {
    let mut starts = Starts::default();
    let mut number = 0u64;
    loop {
        let mut record = Vec::new();
        match input.read_until(0, &mut record) {
            Ok(0) => break,
            Ok(_) => {}
            Err(e) => {
                starts
                    .problems
                    .push(format!("{name}: read error: {}", strerror(&e)));
                break;
            }
        }
        number += 1;
        if record.last() == Some(&0) {
            record.pop();
        }
        if record.is_empty() {
            starts
                .problems
                .push(format!("{name}:{number}: invalid zero-length file name"));
        } else {
            starts.names.push(OsString::from_vec(record));
        }
    }
    starts
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names_of(bytes: &[u8]) -> Starts {
        read_names(bytes, "'in'")
    }

    #[test]
    fn names_end_at_nul_bytes_and_the_last_may_lack_one() {
        let starts = names_of(b"a\0-print\0d1/d2");
        assert_eq!(starts.names, ["a", "-print", "d1/d2"]);
        assert!(starts.problems.is_empty());
    }

    #[test]
    fn an_empty_name_is_reported_with_its_place_and_skipped() {
        let starts = names_of(b"a\0\0b\0");
        assert_eq!(starts.names, ["a", "b"]);
        assert_eq!(starts.problems, ["'in':2: invalid zero-length file name"]);
        assert!(names_of(b"").names.is_empty());
    }
}
