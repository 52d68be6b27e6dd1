//! -exec, -execdir, -ok and -okdir: running a command for each file, or
//! for batches of files with `{} +`. No shell is involved: each argument
//! reaches the program as it is, with `{}` replaced wherever it stands.
//!
//! A batch collects paths until the next one would pass the size GNU find
//! uses for its command buffer (128 KiB, as `xargs --show-limits` reports),
//! then runs. -execdir batches also run, all of them in the order of the
//! expression, whenever the walk changes depth (GNU's fts loop, see
//! `Evaluator::step`), which also starts a new batch for each starting
//! point; at the end, -exec batches run before -execdir ones.

use std::ffi::{OsStr, OsString};
use std::io::{self, BufRead};
use std::os::fd::{AsFd, AsRawFd, BorrowedFd, OwnedFd};
use std::os::unix::ffi::{OsStrExt, OsStringExt};
use std::os::unix::process::{CommandExt, ExitStatusExt};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::OnceLock;

use crate::find::fs::entry::Entry;
use crate::find::fs::pathname::{containing_dir, execdir_name};
use crate::find::quote::quote;

/// The bytes of command line GNU find fills before running a batch.
const BATCH_BYTES: usize = 128 * 1024;

/// One -exec-like action as parsed.
#[derive(Debug, Clone)]
pub struct ExecSpec {
    /// Which batch slot this action uses (each action has its own).
    pub id: usize,
    /// The command and its arguments, `{}` still in them.
    pub argv: Vec<OsString>,
    /// `{} +`: many paths per run; the `{}` is the last argument.
    pub batch: bool,
    /// -execdir/-okdir: run in the file's directory with `./NAME`.
    pub in_dir: bool,
    /// -ok/-okdir: ask on stderr first.
    pub ask: bool,
}

/// Paths waiting for their batch to run.
#[derive(Debug, Default)]
pub struct Batch {
    paths: Vec<OsString>,
    bytes: usize,
    dir: Option<PathBuf>,
    /// The directory itself, held open for -execdir below a starting
    /// point: the command starts there through fchdir, however long its
    /// path (past PATH_MAX too), and wherever the walk is by then.
    dir_fd: Option<OwnedFd>,
}

/// What running a command came to.
pub enum Outcome {
    /// It ran and exited with this success.
    Exited(bool),
    /// It could not run or died; the message says why.
    Failed(String),
}

impl ExecSpec {
    /// The path as the command sees it, and the directory to run in.
    fn target(&self, entry: &Entry<'_>) -> (OsString, Option<PathBuf>) {
        if !self.in_dir {
            return (OsStr::from_bytes(entry.path).to_os_string(), None);
        }
        (
            OsString::from_vec(execdir_name(entry.path)),
            Some(containing_dir(entry.path)),
        )
    }

    /// Run the command for one file (`;` form). Asks first for -ok.
    pub fn run_one(&self, entry: &Entry<'_>) -> Option<Outcome> {
        let (path, dir) = self.target(entry);
        let argv: Vec<OsString> = self.argv.iter().map(|a| replace_braces(a, &path)).collect();
        if self.ask && !confirm(&self.argv[0], entry.path) {
            return None;
        }
        let by_fd = self.in_dir && entry.depth > 0 && entry.parent.as_raw_fd() >= 0;
        let place = match (&dir, by_fd) {
            (_, true) => Place::Fd(entry.parent),
            (Some(dir), false) => Place::Path(dir),
            (None, false) => Place::Here,
        };
        Some(run(&argv, &place, self.ask))
    }

    /// Whether the batch must run before `entry` joins it: the command
    /// line would pass GNU's size, or (for -execdir) the file is in
    /// another directory. The caller flushes its own output first.
    pub fn runs_before(&self, batch: &Batch, entry: &Entry<'_>) -> bool {
        if batch.paths.is_empty() {
            return false;
        }
        let (path, dir) = self.target(entry);
        let fixed: usize = self.argv.iter().map(|a| a.len() + 1).sum();
        fixed + batch.bytes + path.len() + 1 > BATCH_BYTES || batch.dir != dir
    }

    /// Add a file to the batch (after `runs_before` said whether the
    /// batch runs first).
    pub fn push(&self, batch: &mut Batch, entry: &Entry<'_>) {
        let (path, dir) = self.target(entry);
        if batch.paths.is_empty() && self.in_dir && entry.depth > 0 {
            // Without a descriptor (none left) the path still serves
            // wherever it is short enough.
            batch.dir_fd = entry.parent.try_clone_to_owned().ok();
        }
        batch.dir = dir;
        batch.bytes += path.len() + 1;
        batch.paths.push(path);
    }

    /// Whether paths are waiting.
    pub fn pending(&self, batch: &Batch) -> bool {
        !batch.paths.is_empty()
    }

    /// Run what the batch holds.
    pub fn flush(&self, batch: &mut Batch) -> Option<Outcome> {
        if batch.paths.is_empty() {
            return None;
        }
        let mut argv: Vec<OsString> = self.argv[..self.argv.len() - 1].to_vec();
        argv.append(&mut batch.paths);
        batch.bytes = 0;
        let dir = batch.dir.take();
        let fd = batch.dir_fd.take();
        let place = match (&fd, &dir) {
            (Some(fd), _) => Place::Fd(fd.as_fd()),
            (None, Some(dir)) => Place::Path(dir),
            (None, None) => Place::Here,
        };
        Some(run(&argv, &place, false))
    }
}

/// Every `{}` in `arg` replaced by `path`.
pub(crate) fn replace_braces(arg: &OsStr, path: &OsStr) -> OsString {
    let bytes = arg.as_bytes();
    if !bytes.windows(2).any(|w| w == b"{}") {
        return arg.to_os_string();
    }
    let mut out = Vec::with_capacity(bytes.len() + path.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i..].starts_with(b"{}") {
            out.extend_from_slice(path.as_bytes());
            i += 2;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    OsString::from_vec(out)
}

/// Ask `< CMD ... PATH > ? ` on stderr; yes when the answer starts with y.
/// The command and path are written as the bytes they are, as GNU find
/// writes them, and through `write_stderr`, so that a prompt nobody could
/// see makes the run fail as it does in GNU find.
fn confirm(command: &OsStr, path: &[u8]) -> bool {
    crate::out::write_stderr([b"< ", command.as_bytes(), b" ... ", path, b" > ? "]);
    let mut answer = String::new();
    match io::stdin().lock().read_line(&mut answer) {
        Ok(0) | Err(_) => false,
        Ok(_) => answer.trim_start().starts_with(['y', 'Y']),
    }
}

/// Where a command starts.
enum Place<'a> {
    /// Where tk find was started.
    Here,
    /// A directory by its path (a starting point's, always short).
    Path(&'a Path),
    /// A directory by an open descriptor, entered with fchdir.
    Fd(BorrowedFd<'a>),
}

fn run(argv: &[OsString], place: &Place<'_>, stdin_null: bool) -> Outcome {
    match spawn(argv, place, stdin_null, false) {
        // A script without #! fails to exec; execvp(3), which GNU find
        // uses, then runs it with /bin/sh, and so do we.
        Err(err) if err.raw_os_error() == Some(libc::ENOEXEC) => {
            finish(argv, spawn(argv, place, stdin_null, true))
        }
        result => finish(argv, result),
    }
}

fn spawn(
    argv: &[OsString],
    place: &Place<'_>,
    stdin_null: bool,
    through_sh: bool,
) -> io::Result<std::process::ExitStatus> {
    let mut command = if through_sh {
        let mut sh = Command::new("/bin/sh");
        sh.arg(&argv[0]);
        sh
    } else {
        Command::new(&argv[0])
    };
    command.args(&argv[1..]);
    let dir_fd = match place {
        Place::Here => None,
        Place::Path(dir) => {
            command.current_dir(dir);
            None
        }
        Place::Fd(fd) => Some(fd.as_raw_fd()),
    };
    let limit = CHILD_OPEN_FILES.get().copied();
    // Without anything to do in the child, std keeps its faster
    // posix_spawn path.
    if dir_fd.is_none() && limit.is_none() {
        return spawn_and_wait(command, stdin_null);
    }
    // SAFETY: the closure runs in the child between fork and exec and
    // makes only async-signal-safe system calls (fchdir, setrlimit) on
    // values copied before the fork.
    unsafe {
        command.pre_exec(move || {
            if let Some(fd) = dir_fd {
                if libc::fchdir(fd) != 0 {
                    return Err(io::Error::last_os_error());
                }
            }
            if let Some(limit) = limit {
                // Best effort, as the shell's ulimit would be.
                libc::setrlimit(libc::RLIMIT_NOFILE, &limit);
            }
            Ok(())
        });
    }
    spawn_and_wait(command, stdin_null)
}

fn spawn_and_wait(mut command: Command, stdin_null: bool) -> io::Result<std::process::ExitStatus> {
    if stdin_null {
        command.stdin(Stdio::null());
    }
    command.status()
}

/// The open-file limit tk find started with, when it raised its own
/// (`keep_child_open_file_limit`): children get it back.
static CHILD_OPEN_FILES: OnceLock<libc::rlimit> = OnceLock::new();

/// Remember the open-file limit as the user set it, before tk find raises
/// its own: the commands of -exec and friends run with the user's limit.
pub(crate) fn keep_child_open_file_limit() {
    let mut limit = libc::rlimit {
        rlim_cur: 0,
        rlim_max: 0,
    };
    // SAFETY: getrlimit writes into the struct it is given.
    if unsafe { libc::getrlimit(libc::RLIMIT_NOFILE, &mut limit) } == 0 {
        let _ = CHILD_OPEN_FILES.set(limit);
    }
}

fn finish(argv: &[OsString], result: io::Result<std::process::ExitStatus>) -> Outcome {
    let name = quote(argv[0].as_bytes());
    match result {
        Ok(status) => match status.signal() {
            Some(signal) => Outcome::Failed(format!("{name} terminated by signal {signal}")),
            None => Outcome::Exited(status.success()),
        },
        Err(err) => Outcome::Failed(format!("{name}: {}", crate::out::strerror(&err))),
    }
}

/// The PATH check GNU find makes for -execdir and -okdir (`action`): a
/// relative or empty entry would let a file in the searched tree run as
/// a command. The message is GNU's.
pub(crate) fn check_path_safety(path_var: Option<&OsStr>, action: &str) -> Result<(), String> {
    let Some(path_var) = path_var else {
        return Ok(());
    };
    for dir in path_var.as_bytes().split(|&b| b == b':') {
        if dir.is_empty() || dir == b"." {
            return Err(format!(
                "The current directory is included in the PATH environment variable, which is \
                 insecure in combination with the {action} action of find.  Please remove the \
                 current directory from your $PATH (that is, remove \".\", doubled colons, or \
                 leading or trailing colons)"
            ));
        }
        if dir[0] != b'/' {
            return Err(format!(
                "The relative path {} is included in the PATH environment variable, which is \
                 insecure in combination with the {action} action of find.  Please remove that \
                 entry from $PATH",
                quote(dir)
            ));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn braces_are_replaced_inside_words() {
        let path = OsStr::new("./a b");
        assert_eq!(replace_braces(OsStr::new("{}"), path), "./a b");
        assert_eq!(
            replace_braces(OsStr::new("pre{}post"), path),
            "pre./a bpost"
        );
        assert_eq!(replace_braces(OsStr::new("{}{}"), path), "./a b./a b");
        assert_eq!(replace_braces(OsStr::new("{x}"), path), "{x}");
    }

    #[test]
    fn unsafe_path_entries() {
        let check = |path: &str| check_path_safety(Some(OsStr::new(path)), "-execdir");
        assert!(check("/bin:/usr/bin").is_ok());
        assert!(check(".:/bin").is_err());
        assert!(check("/bin:").is_err());
        assert!(check("/bin::/usr/bin").is_err());
        assert!(check("bin:/usr/bin").unwrap_err().contains("bin"));
    }
}
