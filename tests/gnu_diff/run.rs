//! Runs one find (GNU's or tk's) the same way every time: a clean
//! environment (PATH, LC_ALL, TZ only, so no POSIXLY_CORRECT or locale
//! leaks in), stdin from /dev/null or given bytes, optionally as another
//! user, and a
//! time limit so a walk that never ends fails the row instead of hanging.

use std::ffi::OsString;
use std::io::Read;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const LIMIT: Duration = Duration::from_secs(30);

#[derive(Debug, PartialEq, Eq)]
pub struct Outcome {
    /// None when killed by a signal or by the time limit.
    pub status: Option<i32>,
    pub stdout: Vec<u8>,
    pub stderr: Vec<u8>,
    pub timed_out: bool,
}

pub struct How<'a> {
    pub cwd: &'a Path,
    pub locale: &'a str,
    /// Run as this uid and gid (needs root).
    pub user: Option<u32>,
    /// Bytes to write to stdin, then close it; `None` is /dev/null.
    pub stdin: Option<&'a [u8]>,
    pub path: &'a str,
    /// TZ for the run; `None` passes on the test's own TZ, if any.
    pub tz: Option<&'a str>,
}

/// The PATH every row gets unless it sets its own.
pub const PATH: &str = "/usr/local/bin:/usr/bin:/bin";

/// Runs `program prefix.. args..`.
pub fn run(program: &Path, prefix: &[&str], args: &[OsString], how: &How) -> Outcome {
    let mut cmd = Command::new(program);
    cmd.args(prefix)
        .args(args)
        .current_dir(how.cwd)
        .env_clear()
        .env("PATH", how.path)
        .env("LC_ALL", how.locale)
        .stdin(if how.stdin.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    if let Some(tz) = how.tz {
        cmd.env("TZ", tz);
    } else if let Some(tz) = std::env::var_os("TZ") {
        cmd.env("TZ", tz);
    }
    if let Some(id) = how.user {
        use std::os::unix::process::CommandExt;
        cmd.uid(id).gid(id);
    }
    match cmd.spawn() {
        Ok(mut child) => {
            if let (Some(mut pipe), Some(input)) = (child.stdin.take(), how.stdin) {
                let input = input.to_vec();
                // A find that stops reading early closes the pipe: the
                // write error is expected then, not a failure.
                std::thread::spawn(move || {
                    use std::io::Write;
                    let _ = pipe.write_all(&input);
                });
            }
            wait(child)
        }
        Err(e) => Outcome {
            status: None,
            stdout: Vec::new(),
            stderr: format!("harness: cannot start {program:?}: {e}").into_bytes(),
            timed_out: false,
        },
    }
}

fn wait(mut child: Child) -> Outcome {
    let out = drain(child.stdout.take().unwrap());
    let err = drain(child.stderr.take().unwrap());
    let start = Instant::now();
    let (status, timed_out) = loop {
        if let Some(st) = child.try_wait().unwrap() {
            break (st.code(), false);
        }
        if start.elapsed() > LIMIT {
            let _ = child.kill();
            let _ = child.wait();
            break (None, true);
        }
        std::thread::sleep(Duration::from_millis(1));
    };
    Outcome {
        status,
        stdout: out.join().unwrap(),
        stderr: err.join().unwrap(),
        timed_out,
    }
}

fn drain(mut r: impl Read + Send + 'static) -> std::thread::JoinHandle<Vec<u8>> {
    std::thread::spawn(move || {
        let mut buf = Vec::new();
        let _ = r.read_to_end(&mut buf);
        buf
    })
}
