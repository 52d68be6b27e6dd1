//! A running OpenIPMI BMC simulator (`ipmi_sim`) on 127.0.0.1 at a free
//! UDP port, answering `lan print` with the LAN settings it is given, and
//! the real ipmitool to talk to it: shared by the `tk bmc` tests of one
//! BMC (tests/bmc.rs) and of many (tests/bmc_fleet.rs). Each test file
//! uses only some of it.
#![allow(dead_code)]

use std::fs;
use std::net::UdpSocket;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::thread;
use std::time::{Duration, Instant};

use tempfile::TempDir;

use super::write_executable;

pub const PASSWORD: &str = "tk-s3cret-pw";
pub const USER: &str = "admin";

pub fn tk() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_tk"));
    cmd.env_remove("IPMI_PASSWORD").env_remove("TK_IPMITOOL");
    cmd
}

/// The full path of a program, from PATH or the sbin directories.
pub fn find_program(name: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH").unwrap_or_default();
    std::env::split_paths(&path)
        .chain(["/usr/sbin", "/usr/bin", "/sbin"].map(PathBuf::from))
        .map(|dir| dir.join(name))
        .find(|p| p.is_file())
}

/// The programs a test needs, or None after a loud skip (a failure under
/// CI=true, where scripts/test has installed them).
pub fn need(names: &[&str]) -> Option<Vec<PathBuf>> {
    let mut found = Vec::new();
    for name in names {
        match find_program(name) {
            Some(p) => found.push(p),
            None => {
                crate::common::skip::skip(format!(
                    "{name} is not installed (Debian: apt-get install ipmitool openipmi; \
                     scripts/test installs them)"
                ));
                return None;
            }
        }
    }
    Some(found)
}

/// LAN settings the simulator's `lan_config_program` answers with.
pub struct Lan {
    pub source: &'static str,
    pub ip: &'static str,
    pub mask: &'static str,
    pub mac: &'static str,
    pub gw_ip: &'static str,
    pub gw_mac: &'static str,
    pub bgw_ip: &'static str,
    pub bgw_mac: &'static str,
    /// The password of the simulator's user `admin`.
    pub password: &'static str,
}

pub const LAN: Lan = Lan {
    source: "static",
    ip: "10.11.12.13",
    mask: "255.255.252.0",
    mac: "52:54:00:12:34:56",
    gw_ip: "10.11.12.1",
    gw_mac: "52:54:00:aa:bb:cc",
    bgw_ip: "10.11.12.254",
    bgw_mac: "52:54:00:dd:ee:ff",
    password: PASSWORD,
};

/// A running ipmi_sim; killed (by its pid) and reaped on drop.
pub struct Sim {
    child: Child,
    pub port: u16,
    pub dir: TempDir,
    pub ipmitool: PathBuf,
}

impl Drop for Sim {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

pub fn free_udp_port() -> u16 {
    let sock = UdpSocket::bind("127.0.0.1:0").unwrap();
    sock.local_addr().unwrap().port()
}

/// True once something listens on 127.0.0.1:port (UDP), from /proc.
pub fn udp_listening(port: u16) -> bool {
    let want = format!("0100007F:{port:04X}");
    fs::read_to_string("/proc/net/udp")
        .map(|t| {
            t.lines()
                .any(|l| l.split_whitespace().nth(1) == Some(want.as_str()))
        })
        .unwrap_or(false)
}

impl Sim {
    /// Start ipmi_sim with these LAN settings, or None (skipped).
    pub fn start(lan: &Lan) -> Option<Sim> {
        let progs = need(&["ipmitool", "ipmi_sim"])?;
        let dir = tempfile::tempdir().unwrap();
        let prog = dir.path().join("lan_config");
        let answers = [
            ("ip_addr_src", lan.source),
            ("ip_addr", lan.ip),
            ("mac_addr", lan.mac),
            ("subnet_mask", lan.mask),
            ("default_gw_ip_addr", lan.gw_ip),
            ("default_gw_mac_addr", lan.gw_mac),
            ("backup_gw_ip_addr", lan.bgw_ip),
            ("backup_gw_mac_addr", lan.bgw_mac),
        ];
        let mut script = String::from(
            "#!/bin/sh\n# ipmi_sim runs: lan_config get NAME...\n[ \"$1\" = get ] || exit 0\nshift\nfor n in \"$@\"; do\n  case $n in\n",
        );
        for (name, value) in answers {
            script += &format!("    {name}) echo \"{name}: {value}\";;\n");
        }
        script += "  esac\ndone\n";
        write_executable(&prog, &script);
        // Try a few ports: another process may take ours between probe and bind.
        for _ in 0..5 {
            let port = free_udp_port();
            let conf = dir.path().join("lan.conf");
            fs::write(&conf, lan_conf(port, &prog, lan.password)).unwrap();
            let emu = dir.path().join("bmc.emu");
            fs::write(
                &emu,
                "mc_setbmc 0x20\nmc_add 0x20 0 no-device-sdrs 0x23 9 8 0x9f 0x1291 0xf02 persist_sdr\nmc_enable 0x20\n",
            )
            .unwrap();
            let state = dir.path().join("state");
            fs::create_dir_all(&state).unwrap();
            let log = fs::File::create(dir.path().join("sim.log")).unwrap();
            let mut child = Command::new(&progs[1])
                .arg("-c")
                .arg(&conf)
                .arg("-f")
                .arg(&emu)
                .arg("-s")
                .arg(&state)
                .arg("-n")
                .stdin(Stdio::null())
                .stdout(log.try_clone().unwrap())
                .stderr(log)
                .spawn()
                .expect("start ipmi_sim");
            let until = Instant::now() + Duration::from_secs(10);
            while Instant::now() < until && matches!(child.try_wait(), Ok(None)) {
                if udp_listening(port) {
                    return Some(Sim {
                        child,
                        port,
                        dir,
                        ipmitool: progs[0].clone(),
                    });
                }
                thread::sleep(Duration::from_millis(20));
            }
            let _ = child.kill();
            let _ = child.wait();
            let log = fs::read_to_string(dir.path().join("sim.log")).unwrap_or_default();
            eprintln!("ipmi_sim on port {port} did not come up; retrying. Its log:\n{log}");
        }
        panic!("ipmi_sim did not start");
    }

    /// `tk bmc --host 127.0.0.1 --port P --user admin --cipher-suite 3`
    /// plus `args`, with IPMI_PASSWORD set to `password`. The cipher suite
    /// saves ipmitool's 10 s of asking ipmi_sim for its list, which the
    /// simulator never answers.
    pub fn tk(&self, password: &str, args: &[&str]) -> Output {
        self.tk_cmd(password, args)
            .args(["--cipher-suite", "3"])
            .output()
            .unwrap()
    }

    /// As `tk`, without a cipher suite: ipmitool spends 10 s on the list.
    pub fn tk_cmd(&self, password: &str, args: &[&str]) -> Command {
        let mut cmd = tk();
        cmd.arg("bmc")
            .args(["--host", "127.0.0.1", "--port", &self.port.to_string()])
            .args(["--user", USER])
            .args(args)
            .env("IPMI_PASSWORD", password);
        cmd
    }

    /// A script that runs `shell` and then execs the real ipmitool with
    /// its own arguments, to see what tk hands to ipmitool.
    pub fn wrapper(&self, shell: &str) -> PathBuf {
        let path = self.dir.path().join("ipmitool-wrapper");
        let script = format!(
            "#!/bin/sh\n{shell}\nexec '{}' \"$@\"\n",
            self.ipmitool.display()
        );
        write_executable(&path, &script);
        path
    }

    /// The real ipmitool against the simulator, password through -E.
    pub fn ipmitool(&self, args: &[&str]) -> Output {
        Command::new(&self.ipmitool)
            .args(["-I", "lanplus", "-C", "3", "-H", "127.0.0.1"])
            .args(["-p", &self.port.to_string(), "-U", USER, "-E"])
            .args(args)
            .env("IPMI_PASSWORD", PASSWORD)
            .stdin(Stdio::null())
            .output()
            .unwrap()
    }
}

fn lan_conf(port: u16, prog: &Path, password: &str) -> String {
    format!(
        "name \"tk-test\"\n\
         set_working_mc 0x20\n\
         startlan 1\n\
         \x20 addr 127.0.0.1 {port}\n\
         \x20 priv_limit admin\n\
         \x20 allowed_auths_callback none md2 md5 straight\n\
         \x20 allowed_auths_user none md2 md5 straight\n\
         \x20 allowed_auths_operator none md2 md5 straight\n\
         \x20 allowed_auths_admin none md2 md5 straight\n\
         \x20 guid a123456789abcdefa123456789abcdef\n\
         \x20 lan_config_program \"{}\"\n\
         endlan\n\
         user 2 true \"{USER}\" \"{password}\" admin 10 none md2 md5 straight\n",
        prog.display()
    )
}
