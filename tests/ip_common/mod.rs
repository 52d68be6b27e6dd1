//! What the `tk ip` test files share: a network namespace of their own
//! (deleted on drop, even after a panic) in which tk and the reference
//! tools (`ip`, `hostname`) run, its resolv.conf under /etc/netns/NAME/
//! (what `ip netns exec` bind-mounts on /etc/resolv.conf), and a mount
//! namespace inside it for files tk reads (`unshare -m`). Needs root and
//! iproute2, hostname and util-linux: without them a test skips through
//! tests/common/skip.rs (and fails under CI=true).
#![allow(dead_code)]

use std::path::PathBuf;
use std::process::{Command, Output};
use std::sync::atomic::{AtomicUsize, Ordering};

use serde_json::Value;

use crate::common;

pub const TK: &str = env!("CARGO_BIN_EXE_tk");
/// The route-lookup targets tk uses for --primary and --gateway
/// (src/ip/route.rs).
pub const PROBE_V4: &str = "8.8.8.8";
pub const PROBE_V6: &str = "2001:4860:4860::8888";

/// A network namespace that is deleted when dropped, with its
/// /etc/netns/NAME directory.
pub struct Netns {
    pub name: String,
}

impl Netns {
    /// A new empty namespace, or None (after a loud message) when this
    /// machine cannot make one; under CI=true that is a failure instead.
    /// The name holds the test binary's pid, so runs at once never meet.
    pub fn new(tag: &str) -> Option<Netns> {
        static COUNT: AtomicUsize = AtomicUsize::new(0);
        let n = COUNT.fetch_add(1, Ordering::SeqCst);
        let name = format!("tk-ip-{}-{n}-{tag}", std::process::id());
        match missing_requirement().map_or_else(|| add_netns(&name), Err) {
            Ok(()) => Some(Netns { name }),
            Err(why) => {
                common::skip::skip(format!("tk ip namespace test `{tag}`: {why}"));
                None
            }
        }
    }

    /// `ip -n NS ARGS...`, which must succeed.
    pub fn ip(&self, args: &str) {
        let mut full = vec!["-n", &self.name];
        full.extend(args.split_whitespace());
        run_ok("ip", &full);
    }

    /// `ip -j -n NS ARGS...` parsed.
    pub fn ip_json(&self, args: &str) -> Value {
        let mut full = vec!["-j", "-n", &self.name];
        full.extend(args.split_whitespace());
        let out = Command::new("ip").args(&full).output().expect("spawn ip");
        assert!(out.status.success(), "ip {full:?}: {}", text(&out.stderr));
        serde_json::from_slice(&out.stdout).expect("ip -j parses")
    }

    /// Write a sysctl of this namespace (/proc/sys/net is per namespace).
    pub fn sysctl(&self, key: &str, value: &str) {
        let path = format!("/proc/sys/{}", key.replace('.', "/"));
        let script = format!("echo {value} > {path}");
        let out = self.exec(&["sh", "-c", &script]);
        assert!(out.status.success(), "{script}: {}", text(&out.stderr));
    }

    /// This namespace's resolv.conf: `ip netns exec` bind-mounts
    /// /etc/netns/NAME/resolv.conf on /etc/resolv.conf.
    pub fn write_resolv_conf(&self, contents: &str) {
        std::fs::create_dir_all(self.etc_dir()).expect("mkdir /etc/netns/NAME");
        std::fs::write(self.etc_dir().join("resolv.conf"), contents).expect("write resolv.conf");
    }

    fn etc_dir(&self) -> PathBuf {
        PathBuf::from("/etc/netns").join(&self.name)
    }

    /// Run a command inside the namespace.
    pub fn exec(&self, cmd: &[&str]) -> Output {
        let mut args = vec!["netns", "exec", &self.name];
        args.extend(cmd);
        Command::new("ip")
            .args(&args)
            .output()
            .expect("run ip netns exec")
    }

    pub fn exec_stdout(&self, cmd: &[&str]) -> String {
        let out = self.exec(cmd);
        assert!(out.status.success(), "{cmd:?}: {}", text(&out.stderr));
        text(&out.stdout)
    }

    /// Run `setup` (a shell script) in a new mount namespace inside this
    /// network namespace (`unshare -m`: its mounts stay there), then tk ip
    /// ARGS in the same mount namespace.
    pub fn tk_in_mounts(&self, setup: &str, args: &[&str]) -> Output {
        let script = format!("{setup} && exec \"$@\"");
        let mut cmd = vec!["unshare", "-m", "sh", "-c", &script, "sh", TK, "ip"];
        cmd.extend(args);
        self.exec(&cmd)
    }

    pub fn tk(&self, args: &[&str]) -> Output {
        let mut cmd = vec![TK, "ip"];
        cmd.extend(args);
        self.exec(&cmd)
    }

    /// tk ip ARGS, which must succeed with nothing on stderr; its stdout.
    pub fn tk_ok(&self, args: &[&str]) -> String {
        ok(self.tk(args), args)
    }

    /// tk ip ARGS, which must fail with status 1, an empty stdout and one
    /// `tk ip:` line on stderr; that line.
    pub fn tk_err(&self, args: &[&str]) -> String {
        let out = self.tk(args);
        assert_eq!(out.status.code(), Some(1), "tk ip {args:?}");
        assert!(
            out.stdout.is_empty(),
            "tk ip {args:?}: {}",
            text(&out.stdout)
        );
        let err = text(&out.stderr);
        assert!(err.starts_with("tk ip: "), "{err}");
        assert_eq!(err.lines().count(), 1, "{err}");
        err
    }

    pub fn tk_json(&self, args: &[&str]) -> Value {
        let mut full = args.to_vec();
        full.push("--json");
        serde_json::from_str(&self.tk_ok(&full)).expect("tk ip --json parses")
    }

    /// `ip route get DEST` parsed, or None when there is no route.
    pub fn route_get(&self, dest: &str) -> Option<Value> {
        let out = self.exec(&["ip", "-j", "route", "get", dest]);
        if !out.status.success() {
            return None;
        }
        let routes: Value = serde_json::from_slice(&out.stdout).expect("ip -j parses");
        Some(routes[0].clone())
    }

    /// The `prefsrc` of `ip route get DEST`, or None when there is no route.
    pub fn route_src(&self, dest: &str) -> Option<String> {
        let route = self.route_get(dest)?;
        route["prefsrc"].as_str().map(String::from)
    }
}

impl Drop for Netns {
    fn drop(&mut self) {
        let _ = Command::new("ip")
            .args(["netns", "del", &self.name])
            .output();
        let _ = std::fs::remove_dir_all(self.etc_dir());
    }
}

/// A successful run with nothing on stderr; its stdout.
pub fn ok(out: Output, args: &[&str]) -> String {
    assert!(
        out.status.success(),
        "tk ip {args:?}: {}",
        text(&out.stderr)
    );
    assert!(
        out.stderr.is_empty(),
        "tk ip {args:?}: {}",
        text(&out.stderr)
    );
    text(&out.stdout)
}

fn missing_requirement() -> Option<String> {
    if !nix::unistd::geteuid().is_root() {
        return Some("needs root to create network namespaces".into());
    }
    for (tool, package) in [
        ("ip", "iproute2"),
        ("hostname", "hostname"),
        ("unshare", "util-linux"),
    ] {
        if !common::skip::installed(tool) && !common::skip::installed(&format!("/usr/sbin/{tool}"))
        {
            return Some(format!(
                "`{tool}` is not installed (Debian package {package}; scripts/test installs it)"
            ));
        }
    }
    None
}

fn add_netns(name: &str) -> Result<(), String> {
    // A name left over by a killed run of the same pid: start clean.
    let _ = Command::new("ip").args(["netns", "del", name]).output();
    let out = Command::new("ip").args(["netns", "add", name]).output();
    match out {
        Ok(out) if out.status.success() => Ok(()),
        Ok(out) => Err(format!(
            "`ip netns add` failed: {}",
            text(&out.stderr).trim_end()
        )),
        Err(err) => Err(format!("cannot run `ip netns add`: {err}")),
    }
}

pub fn run_ok(cmd: &str, args: &[&str]) {
    let out = Command::new(cmd).args(args).output().expect("spawn");
    assert!(
        out.status.success(),
        "{cmd} {args:?}: {}",
        text(&out.stderr)
    );
}

pub fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}
