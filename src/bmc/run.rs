//! Running ipmitool: spawn it with an argv that never holds the password,
//! read stdout and stderr as they fill (poll on both, so a child that
//! fills one pipe cannot deadlock us), stop it at the timeout or on
//! SIGINT/SIGTERM/SIGHUP, and turn a failure into a [`BmcError`] by what
//! its stderr says.
//!
//! ipmitool runs in a process group of its own, so the whole group it
//! starts is stopped together, and a Ctrl-C at the terminal reaches tk
//! alone, which stops it. It is always handed its password (`-E` or
//! `-f`), so it has no reason to prompt; were it to read the terminal
//! anyway, being outside the foreground group it would be stopped there
//! (SIGTTIN) and tk would end it at the timeout.
//!
//! It is started with posix_spawn, not fork: a fork copies tk's page
//! tables and makes tk's many threads (`--fanout`) fault on every page
//! they write until the exec, which cost milliseconds of system time per
//! host (issue 21's benchmark, bench/bmc-fleet).

use std::ffi::OsString;
use std::io::{self, Read};
use std::os::fd::{AsRawFd, RawFd};
use std::os::unix::process::{CommandExt, ExitStatusExt};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::thread;
use std::time::{Duration, Instant};

use nix::sys::signal::{self, Signal};
use nix::unistd::Pid;

use super::error::BmcError;

/// One ipmitool run to make.
#[derive(Debug, Clone)]
pub(crate) struct Request {
    pub program: OsString,
    pub args: Vec<OsString>,
    /// The value of IPMI_PASSWORD for ipmitool's environment (used with
    /// `-E`); `None` removes the variable, so it goes nowhere it's unused.
    pub password_env: Option<OsString>,
    pub timeout: Duration,
    /// A BMC over the network (for the timeout's advice).
    pub remote: bool,
}

/// What a finished ipmitool printed.
#[derive(Debug)]
pub(crate) struct Finished {
    pub status: ExitStatus,
    pub stdout: String,
    pub stderr: String,
}

/// More than any `lan print` prints; the rest is read and dropped.
const OUTPUT_LIMIT: usize = 4 << 20;
const POLL: Duration = Duration::from_millis(20);
/// How long ipmitool gets between SIGTERM and SIGKILL.
const GRACE: Duration = Duration::from_millis(500);

/// Run ipmitool to the end, or stop it at the timeout.
pub(crate) fn run(req: &Request) -> Result<Finished, BmcError> {
    // Before the spawn: a signal from then on stops ipmitool, not just us.
    super::signals::catch();
    let mut child = spawn(req)?;
    let mut stdout = Pipe::new(child.stdout.take());
    let mut stderr = Pipe::new(child.stderr.take());
    let deadline = Instant::now() + req.timeout;
    let mut pause = Duration::from_millis(1);
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break status,
            Ok(None) => {}
            Err(err) => {
                stop(&mut child);
                return Err(BmcError::Spawn {
                    program: req.program.clone(),
                    err,
                });
            }
        }
        if super::signals::interrupted() {
            stop(&mut child);
            return Err(BmcError::Interrupted);
        }
        let now = Instant::now();
        if now >= deadline {
            stop(&mut child);
            return Err(BmcError::Timeout {
                secs: req.timeout.as_secs(),
                remote: req.remote,
            });
        }
        if stdout.is_open() || stderr.is_open() {
            // Read what comes, and look again at the next tick, or as
            // soon as ipmitool writes or closes its pipes.
            read_ready(&mut stdout, &mut stderr, POLL.min(deadline - now));
        } else {
            // Both pipes closed: ipmitool is exiting.
            thread::sleep(pause);
            pause = (pause * 2).min(POLL);
        }
    };
    read_to_end(&mut stdout, &mut stderr, &child);
    Ok(Finished {
        status,
        stdout: stdout.into_text(),
        stderr: stderr.into_text(),
    })
}

fn spawn(req: &Request) -> Result<Child, BmcError> {
    let mut cmd = Command::new(&req.program);
    // stdin is a pipe closed at once, which reads as empty like /dev/null
    // but needs no /dev/null: where that is missing (a chroot, a bare
    // namespace) spawning failed with ENOENT, as if ipmitool were.
    cmd.args(&req.args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    match &req.password_env {
        Some(value) => cmd.env("IPMI_PASSWORD", value),
        None => cmd.env_remove("IPMI_PASSWORD"),
    };
    // A group of its own. std starts it with posix_spawn (vfork) as long
    // as nothing needs running between fork and exec, as setsid would.
    cmd.process_group(0);
    let spawned = cmd.spawn().map(|mut child| {
        drop(child.stdin.take());
        child
    });
    spawned.map_err(|err| match err.kind() {
        // ENOENT for a file that exists: its `#!` interpreter is missing.
        io::ErrorKind::NotFound if !std::path::Path::new(&req.program).exists() => {
            BmcError::IpmitoolMissing {
                program: req.program.clone(),
            }
        }
        _ => BmcError::Spawn {
            program: req.program.clone(),
            err,
        },
    })
}

/// One of ipmitool's output pipes, read as it fills (so a child that
/// fills one cannot block), in the thread that runs it: a thread per
/// pipe and per host made a fleet start two threads a host, and glibc's
/// per-thread caches grew tk's memory with every host.
struct Pipe<R> {
    source: Option<R>,
    bytes: Vec<u8>,
}

impl<R: Read + AsRawFd> Pipe<R> {
    fn new(source: Option<R>) -> Pipe<R> {
        Pipe {
            source,
            bytes: Vec::new(),
        }
    }

    fn is_open(&self) -> bool {
        self.source.is_some()
    }

    fn fd(&self) -> Option<RawFd> {
        self.source.as_ref().map(AsRawFd::as_raw_fd)
    }

    /// Read what is there (poll said so); keep at most OUTPUT_LIMIT
    /// bytes, and close the pipe at its end.
    fn read_some(&mut self) {
        let Some(source) = &mut self.source else {
            return;
        };
        let mut chunk = [0u8; 8192];
        match source.read(&mut chunk) {
            Ok(0) => self.source = None,
            Ok(n) => {
                let room = OUTPUT_LIMIT.saturating_sub(self.bytes.len());
                self.bytes.extend_from_slice(&chunk[..n.min(room)]);
            }
            Err(err) if err.kind() == io::ErrorKind::Interrupted => {}
            Err(_) => self.source = None,
        }
    }

    fn into_text(self) -> String {
        String::from_utf8_lossy(&self.bytes).into_owned()
    }
}

/// Wait up to `wait` for either pipe to have something (or to close),
/// and read it.
fn read_ready<A, B>(a: &mut Pipe<A>, b: &mut Pipe<B>, wait: Duration)
where
    A: Read + AsRawFd,
    B: Read + AsRawFd,
{
    let mut fds: Vec<libc::pollfd> = [a.fd(), b.fd()]
        .into_iter()
        .flatten()
        .map(|fd| libc::pollfd {
            fd,
            events: libc::POLLIN,
            revents: 0,
        })
        .collect();
    let ms = libc::c_int::try_from(wait.as_millis()).unwrap_or(libc::c_int::MAX);
    // SAFETY: `fds` is an array of fds.len() pollfd that poll may write,
    // and the descriptors stay open (owned by `a` and `b`) for the call.
    let ready = unsafe { libc::poll(fds.as_mut_ptr(), fds.len() as libc::nfds_t, ms) };
    if ready <= 0 {
        return;
    }
    for pollfd in fds.iter().filter(|p| p.revents != 0) {
        if a.fd() == Some(pollfd.fd) {
            a.read_some();
        } else if b.fd() == Some(pollfd.fd) {
            b.read_some();
        }
    }
}

/// Once ipmitool has exited, read both pipes to their end. Should
/// something ipmitool started still hold one open after a second, that
/// rest of its process group is killed (the group outlives its leader
/// only while it has members, so the id can't have been reused), and what
/// comes within 5 s more is kept.
fn read_to_end<A, B>(a: &mut Pipe<A>, b: &mut Pipe<B>, child: &Child)
where
    A: Read + AsRawFd,
    B: Read + AsRawFd,
{
    let exited = Instant::now();
    let mut killed = false;
    while a.is_open() || b.is_open() {
        let waited = exited.elapsed();
        if waited >= Duration::from_secs(6) {
            return;
        }
        if !killed && waited >= Duration::from_secs(1) {
            kill_group(child, Signal::SIGKILL);
            killed = true;
        }
        read_ready(a, b, POLL);
    }
}

/// SIGTERM to ipmitool's process group, SIGKILL after a short grace.
fn stop(child: &mut Child) {
    kill_group(child, Signal::SIGTERM);
    let until = Instant::now() + GRACE;
    while Instant::now() < until {
        if let Ok(Some(_)) = child.try_wait() {
            kill_group(child, Signal::SIGKILL);
            return;
        }
        thread::sleep(POLL);
    }
    kill_group(child, Signal::SIGKILL);
    let _ = child.wait();
}

fn kill_group(child: &Child, sig: Signal) {
    // The child leads a process group of its own: its pid is the group's id.
    let Ok(pid) = i32::try_from(child.id()) else {
        return;
    };
    let _ = signal::killpg(Pid::from_raw(pid), sig);
}

/// Replace each occurrence of the password with `***`, for any ipmitool
/// text that ends up in a message.
pub(crate) fn redact(text: &str, secret: Option<&str>) -> String {
    match secret {
        Some(s) if !s.is_empty() => text.replace(s, "***"),
        _ => text.to_string(),
    }
}

/// stderr lines ipmitool prints on success too (when the BMC does not
/// list its cipher suites); never the reason for a failure.
fn is_noise(line: &str) -> bool {
    line.to_ascii_lowercase()
        .contains("unable to get channel cipher suites")
}

/// The line of ipmitool's stderr that says most: the last one that is not
/// noise.
pub(crate) fn last_error_line(stderr: &str) -> String {
    stderr
        .lines()
        .rev()
        .map(str::trim)
        .find(|l| !l.is_empty() && !is_noise(l))
        .unwrap_or("no message")
        .to_string()
}

/// Where the failed run was aimed, for the message.
#[derive(Debug, Clone)]
pub(crate) struct Context {
    /// "host:port" for a remote BMC; `None` in-band.
    pub target: Option<String>,
    pub channel: Option<u8>,
}

/// Turn a failed run (non-zero exit, no usable output) into an error by
/// its stderr, whose text comes from ipmitool's sources (1.8.18 to 1.8.19
/// and later): the device open in `plugins/open`, channel checks in
/// `ipmi_lanp.c`, session setup in `plugins/lan*`.
pub(crate) fn classify(status: ExitStatus, stderr: &str, ctx: &Context) -> BmcError {
    classify_with(status, stderr, ctx, a_device_is_denied)
}

/// The device files ipmitool tries, in its order (`plugins/open`).
const DEVICES: [&str; 3] = ["/dev/ipmi0", "/dev/ipmi/0", "/dev/ipmidev/0"];

/// Whether one of the BMC device files exists but is not this user's to
/// open for reading and writing.
fn a_device_is_denied() -> bool {
    use nix::errno::Errno;
    use nix::unistd::{AccessFlags, access};
    DEVICES.iter().any(|dev| {
        matches!(
            access(*dev, AccessFlags::R_OK | AccessFlags::W_OK),
            Err(Errno::EACCES | Errno::EPERM)
        )
    })
}

/// `classify`, asking `device_denied` when ipmitool could not open the
/// device: it reports the error of the last file it tried, so a
/// /dev/ipmi0 that is there but not ours to open reads "No such file or
/// directory" (from /dev/ipmidev/0), which would send a user without
/// root off to load drivers that are loaded.
fn classify_with(
    status: ExitStatus,
    stderr: &str,
    ctx: &Context,
    device_denied: impl Fn() -> bool,
) -> BmcError {
    let lower = stderr.to_ascii_lowercase();
    let detail = last_error_line(stderr);
    if lower.contains("could not open device") {
        if lower.contains("permission denied") || device_denied() {
            return BmcError::PermissionDenied;
        }
        return BmcError::NoDevice;
    }
    if lower.contains("invalid channel") || lower.contains("not a lan channel") {
        return BmcError::BadChannel {
            channel: ctx.channel,
            detail,
        };
    }
    const SESSION: &[&str] = &[
        "unable to establish",
        "activate session",
        "open session",
        "rakp",
        "session challenge",
        "unauthorized",
        "insufficient privilege",
        "invalid user name",
        "authentication type",
        "no response from remote controller",
        "get auth capabilities",
        "unable to get session",
    ];
    if let Some(target) = &ctx.target {
        if SESSION.iter().any(|s| lower.contains(s)) {
            return BmcError::SessionRefused {
                target: target.clone(),
                detail,
            };
        }
    }
    BmcError::Failed {
        status: describe(status),
        detail,
    }
}

/// "exit status 1" or "killed by signal 9", for messages.
pub(crate) fn describe(status: ExitStatus) -> String {
    match (status.code(), status.signal()) {
        (Some(code), _) => format!("exit status {code}"),
        (None, Some(sig)) => format!("killed by signal {sig}"),
        (None, None) => status.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn failed() -> ExitStatus {
        ExitStatus::from_raw(1 << 8)
    }

    fn remote() -> Context {
        Context {
            target: Some("h:623".into()),
            channel: Some(5),
        }
    }

    #[test]
    fn device_errors() {
        let local = Context {
            target: None,
            channel: None,
        };
        let text = "Could not open device at /dev/ipmi0 or /dev/ipmi/0 or /dev/ipmidev/0: No such file or directory\n";
        assert!(matches!(
            classify_with(failed(), text, &local, || false),
            BmcError::NoDevice
        ));
        // ipmitool names the last file's error: /dev/ipmi0 may be there
        // and not ours.
        assert!(matches!(
            classify_with(failed(), text, &local, || true),
            BmcError::PermissionDenied
        ));
        let text = "Could not open device at /dev/ipmi0 or /dev/ipmi/0 or /dev/ipmidev/0: Permission denied\n";
        assert!(matches!(
            classify_with(failed(), text, &local, || false),
            BmcError::PermissionDenied
        ));
    }

    #[test]
    fn channel_errors() {
        for text in [
            "Unable to Get Channel Cipher Suites\nGet Channel Info command failed: Requested sensor, data, or record not found\nInvalid channel: 5\n",
            "Channel 5 is not a LAN channel\n",
            "Invalid Channel 5\n",
        ] {
            match classify(failed(), text, &remote()) {
                BmcError::BadChannel {
                    channel: Some(5),
                    detail,
                } => assert!(!detail.contains("Cipher"), "{detail}"),
                other => panic!("{text}: {other:?}"),
            }
        }
    }

    #[test]
    fn session_errors() {
        for text in [
            "Unable to Get Channel Cipher Suites\nError: Unable to establish IPMI v2 / RMCP+ session\n",
            "Activate Session command failed\nError: Unable to establish LAN session\nError: Unable to establish IPMI v1.5 / RMCP session\n",
            "Error in open session response message : invalid authentication algorithm\n",
            "RAKP 2 HMAC is invalid\n",
        ] {
            match classify(failed(), text, &remote()) {
                BmcError::SessionRefused { target, detail } => {
                    assert_eq!(target, "h:623");
                    assert!(!detail.is_empty());
                }
                other => panic!("{text}: {other:?}"),
            }
        }
    }

    #[test]
    fn anything_else_is_a_plain_failure() {
        let e = classify(failed(), "Unable to Get Channel Cipher Suites\n", &remote());
        match e {
            BmcError::Failed { status, detail } => {
                assert_eq!(status, "exit status 1");
                assert_eq!(detail, "no message");
            }
            other => panic!("{other:?}"),
        }
        let killed = ExitStatus::from_raw(9);
        assert!(matches!(
            classify(killed, "", &remote()),
            BmcError::Failed { status, .. } if status == "killed by signal 9"
        ));
    }

    #[test]
    fn redaction() {
        assert_eq!(
            redact("pw s3cret here s3cret", Some("s3cret")),
            "pw *** here ***"
        );
        assert_eq!(redact("text", Some("")), "text");
        assert_eq!(redact("text", None), "text");
    }
}
