//! Evaluating the expression for one entry: operators short-circuit as in
//! GNU find, tests read the entry lazily, actions write to the output.
//! Errors met on the way are reported on stderr and remembered for the
//! exit status; the walk goes on.

use std::io::{self, Write};

use nix::errno::Errno;
use nix::unistd::AccessFlags;

use super::entry::Entry;
use super::expr::{Action, Expr, Kind, Test, TimeField};
use super::pred::fstype::FsTypes;
use super::pred::owner::OwnerCache;
use super::walk::{Flow, Visitor, WalkError};
use crate::out::Out;

/// State shared by every evaluation during one run.
pub struct Evaluator<'a> {
    expr: &'a Expr,
    out: &'a mut Out,
    owners: OwnerCache,
    fstypes: FsTypes,
    /// Something went wrong: the exit status will be 1.
    pub failed: bool,
    /// The first error writing to stdout; the walk stops on it.
    pub write_error: Option<io::Error>,
    prune: bool,
    quit: bool,
    /// Whether the current entry's stat error was already reported.
    reported: bool,
}

impl<'a> Evaluator<'a> {
    pub fn new(expr: &'a Expr, out: &'a mut Out) -> Self {
        Evaluator {
            expr,
            out,
            owners: OwnerCache::default(),
            fstypes: FsTypes::default(),
            failed: false,
            write_error: None,
            prune: false,
            quit: false,
            reported: false,
        }
    }

    /// Report a problem with `path` and carry on.
    pub fn report(&mut self, path: &[u8], message: &str) {
        let _ = self.out.flush();
        eprintln!("tk find: '{}': {}", String::from_utf8_lossy(path), message);
        self.failed = true;
    }

    fn stat_failed(&mut self, entry: &Entry<'_>, err: Errno) -> bool {
        if !self.reported {
            self.reported = true;
            self.report(entry.path, &strerror(err));
        }
        false
    }

    fn eval(&mut self, expr: &Expr, entry: &Entry<'_>) -> bool {
        match expr {
            Expr::And(a, b) => self.eval(a, entry) && !self.quit && self.eval(b, entry),
            Expr::Or(a, b) => (self.eval(a, entry) || self.quit) || self.eval(b, entry),
            Expr::Not(a) => !self.eval(a, entry),
            Expr::Comma(a, b) => {
                self.eval(a, entry);
                !self.quit && self.eval(b, entry)
            }
            Expr::Option(_) => true,
            Expr::Test(test) => match self.test(test, entry) {
                Ok(value) => value,
                Err(err) => self.stat_failed(entry, err),
            },
            Expr::Action(action) => self.act(action, entry),
        }
    }

    fn test(&mut self, test: &Test, entry: &Entry<'_>) -> Result<bool, Errno> {
        Ok(match test {
            Test::True => true,
            Test::False => false,
            Test::Name(glob) => glob.matches(entry.name()),
            Test::Path(glob) => glob.matches(entry.path),
            Test::Lname(glob) => match link_target(entry)? {
                Some(target) => glob.matches(&target),
                None => false,
            },
            Test::Regex(re) => re.is_match(entry.path),
            Test::Type(kinds) => kinds.contains(entry.kind()?),
            Test::XType(kinds) => kinds.contains(entry.other_kind()?),
            Test::Size(size) => size.matches(entry.stat()?.st_size as u64),
            Test::Empty => is_empty(entry)?,
            Test::Age {
                field,
                origin,
                window,
            } => match entry.time(*field)? {
                Some(time) => window.matches(origin.nanos_since(time)),
                None => false,
            },
            Test::Newer { field, than } => match entry.time(*field)? {
                Some(time) => time > *than,
                None => false,
            },
            Test::Used(window) => {
                let access = entry.time(TimeField::Access)?;
                let change = entry.time(TimeField::Change)?;
                match (access, change) {
                    (Some(access), Some(change)) => window.matches_used(access.nanos_since(change)),
                    _ => false,
                }
            }
            Test::Perm(perm) => perm.matches(entry.stat()?.st_mode),
            Test::Uid(cmp) => cmp.matches(entry.stat()?.st_uid as u64),
            Test::Gid(cmp) => cmp.matches(entry.stat()?.st_gid as u64),
            Test::NoUser => {
                let uid = entry.stat()?.st_uid;
                !self.owners.user_exists(uid)
            }
            Test::NoGroup => {
                let gid = entry.stat()?.st_gid;
                !self.owners.group_exists(gid)
            }
            Test::Links(cmp) => cmp.matches(entry.stat()?.st_nlink),
            Test::Inum(cmp) => cmp.matches(entry.stat()?.st_ino),
            Test::SameFile { dev, ino } => {
                let st = entry.stat()?;
                st.st_dev == *dev && st.st_ino == *ino
            }
            Test::Readable => accessible(entry, AccessFlags::R_OK),
            Test::Writable => accessible(entry, AccessFlags::W_OK),
            Test::Executable => accessible(entry, AccessFlags::X_OK),
            Test::Fstype(name) => {
                let dev = entry.stat()?.st_dev;
                self.fstypes
                    .name_of(dev)
                    .is_some_and(|t| t.as_bytes() == name.as_encoded_bytes())
            }
        })
    }

    fn act(&mut self, action: &Action, entry: &Entry<'_>) -> bool {
        match action {
            Action::Print => self.write_record(entry.path, b'\n'),
            Action::Print0 => self.write_record(entry.path, b'\0'),
            Action::Prune => {
                self.prune = true;
                true
            }
            Action::Quit => {
                self.quit = true;
                true
            }
        }
    }

    fn write_record(&mut self, bytes: &[u8], end: u8) -> bool {
        let result = self
            .out
            .write_all(bytes)
            .and_then(|_| self.out.write_all(&[end]))
            .and_then(|_| self.out.end_record());
        if let Err(err) = result {
            self.write_error.get_or_insert(err);
            self.quit = true;
        }
        true
    }
}

impl Visitor for Evaluator<'_> {
    fn visit(&mut self, entry: &Entry<'_>) -> Flow {
        self.prune = false;
        self.reported = false;
        let expr = self.expr;
        self.eval(expr, entry);
        if self.quit {
            Flow::Quit
        } else if self.prune {
            Flow::Prune
        } else {
            Flow::Continue
        }
    }

    fn error(&mut self, path: &[u8], error: WalkError) {
        match error {
            WalkError::Io(err) => self.report(path, &strerror(err)),
            WalkError::Loop(ancestor) => {
                let _ = self.out.flush();
                eprintln!(
                    "tk find: File system loop detected; '{}' is part of the same file system loop as '{}'.",
                    String::from_utf8_lossy(path),
                    String::from_utf8_lossy(&ancestor)
                );
                self.failed = true;
            }
        }
    }
}

/// The C library's text for an errno ("Permission denied"), as GNU prints it.
pub fn strerror(err: Errno) -> String {
    let text = io::Error::from_raw_os_error(err as i32).to_string();
    match text.find(" (os error") {
        Some(end) => text[..end].to_string(),
        None => text,
    }
}

/// A symlink's target, None for anything else.
fn link_target(entry: &Entry<'_>) -> Result<Option<Vec<u8>>, Errno> {
    if entry.kind()? != Kind::Symlink {
        return Ok(None);
    }
    let target = nix::fcntl::readlinkat(entry.parent, entry.at_name)?;
    Ok(Some(target.into_encoded_bytes()))
}

/// -empty: an empty regular file or a directory with no entries.
fn is_empty(entry: &Entry<'_>) -> Result<bool, Errno> {
    match entry.kind()? {
        Kind::File => Ok(entry.stat()?.st_size == 0),
        Kind::Dir => {
            use nix::fcntl::OFlag;
            let flags = OFlag::O_RDONLY | OFlag::O_DIRECTORY | OFlag::O_CLOEXEC;
            let mut dir = nix::dir::Dir::openat(
                entry.parent,
                entry.at_name,
                flags,
                nix::sys::stat::Mode::empty(),
            )?;
            for item in dir.iter() {
                let name = item?.file_name().to_bytes().to_vec();
                if name != b"." && name != b".." {
                    return Ok(false);
                }
            }
            Ok(true)
        }
        _ => Ok(false),
    }
}

/// access(2) through the entry's directory, as -readable and friends ask.
fn accessible(entry: &Entry<'_>, mode: AccessFlags) -> bool {
    nix::unistd::faccessat(
        entry.parent,
        entry.at_name,
        mode,
        nix::fcntl::AtFlags::empty(),
    )
    .is_ok()
}
