//! Helpers shared by the `tk bmc --redfish` tests: certificates made by
//! openssl, Redfish services over real HTTPS on 127.0.0.1 at free ports
//! (sushy-tools' `sushy-static` and `sushy-emulator`, and
//! tests/redfish_server.py for sessions and faults), and running tk.
//! Every server is a child of the test, stopped by its pid on drop.
#![allow(dead_code)]

use std::fs;
use std::io::{BufRead, BufReader};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

use crate::common::skip;

pub const TK: &str = env!("CARGO_BIN_EXE_tk");

/// The password the tests' services take; it must never show up in an
/// argv or in tk's output.
pub const PASSWORD: &str = "Zq8-redfish-s3cret";
pub const USER: &str = "admin";

pub fn mockup(shape: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/redfish")
        .join(shape)
}

/// True (the test is skipped) when a tool these tests need is missing.
pub fn missing_tools(sushy: bool) -> bool {
    if skip::unless_installed("openssl", "openssl") || skip::unless_installed("python3", "python3")
    {
        return true;
    }
    sushy
        && skip::skip_if(
            (!skip::installed("sushy-static") || !skip::installed("sushy-emulator")).then_some(
                "sushy-tools is not installed (pip install sushy-tools; scripts/test does)",
            ),
        )
}

/// A test CA, a server certificate it signed for 127.0.0.1 and
/// localhost (and one for another name), and a self-signed certificate (CA:TRUE, as BMCs' are) for
/// 127.0.0.1, in `dir`.
pub struct Certs {
    pub ca: PathBuf,
    pub cert: PathBuf,
    pub key: PathBuf,
    pub self_signed: PathBuf,
    pub self_signed_key: PathBuf,
    /// Signed by the CA for bmc.example.com only (key: `key`).
    pub other_name: PathBuf,
}

impl Certs {
    pub fn new(dir: &Path) -> Certs {
        let p = |name: &str| dir.join(name);
        let run = |args: &[&str]| {
            let out = Command::new("openssl")
                .args(args)
                .current_dir(dir)
                .output()
                .expect("run openssl");
            assert!(
                out.status.success(),
                "openssl {args:?}: {}",
                String::from_utf8_lossy(&out.stderr)
            );
        };
        let days = ["-days", "2"];
        run(&[
            &[
                "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key",
            ],
            &["-out", "ca.pem", "-subj", "/CN=tk test CA"][..],
            &days[..],
            &[
                "-addext",
                "basicConstraints=critical,CA:TRUE",
                "-addext",
                "keyUsage=keyCertSign",
            ],
        ]
        .concat());
        run(&[
            "req",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-keyout",
            "key.pem",
            "-out",
            "req.csr",
            "-subj",
            "/CN=127.0.0.1",
        ]);
        fs::write(
            p("ext"),
            "subjectAltName=IP:127.0.0.1,DNS:localhost\nbasicConstraints=CA:FALSE\n",
        )
        .unwrap();
        run(&[
            &[
                "x509", "-req", "-in", "req.csr", "-CA", "ca.pem", "-CAkey", "ca.key",
            ],
            &["-CAcreateserial", "-out", "cert.pem", "-extfile", "ext"][..],
            &days[..],
        ]
        .concat());
        // The same key, certified by the CA for another name only.
        fs::write(p("ext-other"), "subjectAltName=DNS:bmc.example.com\n").unwrap();
        run(&[
            &[
                "x509", "-req", "-in", "req.csr", "-CA", "ca.pem", "-CAkey", "ca.key",
            ],
            &[
                "-CAcreateserial",
                "-out",
                "other.pem",
                "-extfile",
                "ext-other",
            ][..],
            &days[..],
        ]
        .concat());
        run(&[
            &[
                "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "self.key",
            ],
            &[
                "-out",
                "self.pem",
                "-subj",
                "/CN=bmc",
                "-addext",
                "subjectAltName=IP:127.0.0.1",
            ][..],
            &days[..],
        ]
        .concat());
        Certs {
            ca: p("ca.pem"),
            cert: p("cert.pem"),
            key: p("key.pem"),
            self_signed: p("self.pem"),
            self_signed_key: p("self.key"),
            other_name: p("other.pem"),
        }
    }
}

/// A service running as our child; stopped (by its pid) on drop.
pub struct Server {
    child: Child,
    pub port: u16,
    /// tests/redfish_server.py's record of sessions ("create N",
    /// "delete N"); empty for the sushy servers.
    pub log: PathBuf,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Server {
    /// The session log's lines.
    pub fn sessions(&self) -> Vec<String> {
        fs::read_to_string(&self.log)
            .unwrap_or_default()
            .lines()
            .map(str::to_string)
            .collect()
    }

    /// Wait up to `limit` for the session log to show `line`.
    pub fn wait_for(&self, line: &str, limit: Duration) -> bool {
        let until = Instant::now() + limit;
        while Instant::now() < until {
            if self.sessions().iter().any(|l| l == line) {
                return true;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        false
    }

    /// Every session created was deleted, and there was at least one.
    pub fn assert_all_sessions_deleted(&self) {
        let lines = self.sessions();
        let created: Vec<&str> = lines
            .iter()
            .filter_map(|l| l.strip_prefix("create "))
            .collect();
        let deleted: Vec<&str> = lines
            .iter()
            .filter_map(|l| l.strip_prefix("delete "))
            .collect();
        assert!(!created.is_empty(), "no session was made: {lines:?}");
        let mut left: Vec<&str> = created.clone();
        left.retain(|c| !deleted.contains(c));
        assert!(
            left.is_empty(),
            "sessions left open: {left:?} (log {lines:?})"
        );
    }
}

/// tests/redfish_server.py serving `shape`, with extra options; the
/// password reaches it through its environment, never its argv.
pub fn test_server(dir: &Path, certs: &Certs, shape: &str, extra: &[&str]) -> Server {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/redfish_server.py");
    let log = dir.join(format!("sessions-{}.log", unique()));
    let mut child = Command::new("python3")
        .arg(script)
        .arg("--mockup")
        .arg(mockup(shape))
        .arg("--cert")
        .arg(&certs.cert)
        .arg("--key")
        .arg(&certs.key)
        .arg("--log")
        .arg(&log)
        .args(["--user", USER])
        .args(extra)
        .env("REDFISH_TEST_PASSWORD", PASSWORD)
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("start tests/redfish_server.py");
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let port = line
        .trim()
        .strip_prefix("port ")
        .and_then(|p| p.parse().ok())
        .unwrap_or_else(|| panic!("redfish_server.py said {line:?}"));
    Server { child, port, log }
}

fn unique() -> String {
    use std::sync::atomic::{AtomicUsize, Ordering};
    static N: AtomicUsize = AtomicUsize::new(0);
    format!(
        "{}-{}",
        std::process::id(),
        N.fetch_add(1, Ordering::SeqCst)
    )
}

/// A port free on 127.0.0.1 a moment ago (for servers that cannot be
/// told to pick one).
pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// Wait until something accepts TCP on the port.
fn wait_listening(child: &mut Child, port: u16, what: &str) {
    let until = Instant::now() + Duration::from_secs(20);
    while Instant::now() < until {
        if TcpStream::connect(("127.0.0.1", port)).is_ok() {
            return;
        }
        if let Ok(Some(status)) = child.try_wait() {
            panic!("{what} exited early: {status}");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    panic!("{what} did not listen on 127.0.0.1:{port}");
}

/// sushy-tools' static mockup server over TLS (no auth, no sessions:
/// a POST answers 204 without a token).
pub fn sushy_static(certs: &Certs, cert: &Path, key: &Path, shape: &str) -> Server {
    let _ = certs;
    let port = free_port();
    let mut child = Command::new("sushy-static")
        .args(["-i", "127.0.0.1", "-p", &port.to_string(), "-m"])
        .arg(mockup(shape).join("redfish/v1"))
        .arg("-c")
        .arg(cert)
        .arg("-k")
        .arg(key)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start sushy-static");
    wait_listening(&mut child, port, "sushy-static");
    Server {
        child,
        port,
        log: PathBuf::new(),
    }
}

/// sushy-tools' emulator with its fake driver, over TLS, with HTTP Basic
/// checked against a bcrypt htpasswd file holding USER and PASSWORD.
pub fn sushy_emulator(dir: &Path, certs: &Certs) -> Server {
    let htpasswd = dir.join("htpasswd");
    let made = Command::new("python3")
        .args([
            "-c",
            "import bcrypt, os, sys; h = bcrypt.hashpw(os.environ['PW'].encode(), bcrypt.gensalt(rounds=4)); \
             open(sys.argv[1], 'w').write(sys.argv[2] + ':' + h.decode() + '\\n')",
        ])
        .arg(&htpasswd)
        .arg(USER)
        .env("PW", PASSWORD)
        .status()
        .unwrap();
    assert!(made.success(), "bcrypt htpasswd");
    let port = free_port();
    let config = dir.join(format!("sushy-{port}.conf"));
    fs::write(
        &config,
        format!(
            "SUSHY_EMULATOR_LISTEN_IP = '127.0.0.1'\nSUSHY_EMULATOR_LISTEN_PORT = {port}\n\
             SUSHY_EMULATOR_SSL_CERT = '{}'\nSUSHY_EMULATOR_SSL_KEY = '{}'\n\
             SUSHY_EMULATOR_AUTH_FILE = '{}'\n",
            certs.cert.display(),
            certs.key.display(),
            htpasswd.display()
        ),
    )
    .unwrap();
    let mut child = Command::new("sushy-emulator")
        .arg("--config")
        .arg(&config)
        .arg("--fake")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start sushy-emulator");
    wait_listening(&mut child, port, "sushy-emulator");
    Server {
        child,
        port,
        log: PathBuf::new(),
    }
}

/// `tk bmc --redfish --host 127.0.0.1 --port PORT ARGS...`, with the
/// password in IPMI_PASSWORD when `password` is given, and no other
/// trust store than the system's (SSL_CERT_FILE/DIR removed).
pub fn tk_cmd(port: u16, password: Option<&str>, args: &[&str]) -> Command {
    tk_cmd_at("127.0.0.1", port, password, args)
}

/// [`tk_cmd`] with the BMC reached as `host` (`localhost`, for the
/// certificate's names).
pub fn tk_cmd_at(host: &str, port: u16, password: Option<&str>, args: &[&str]) -> Command {
    let mut cmd = Command::new(TK);
    cmd.args([
        "bmc",
        "--redfish",
        "--host",
        host,
        "--port",
        &port.to_string(),
    ])
    .args(args)
    .env_remove("IPMI_PASSWORD")
    .env_remove("SSL_CERT_FILE")
    .env_remove("SSL_CERT_DIR")
    .env_remove("https_proxy")
    .env_remove("HTTPS_PROXY");
    if let Some(pw) = password {
        cmd.env("IPMI_PASSWORD", pw);
    }
    cmd
}

/// Run tk (see [`tk_cmd`]) and check that the password is nowhere in
/// what it printed.
pub fn tk(port: u16, password: Option<&str>, args: &[&str]) -> Output {
    tk_at("127.0.0.1", port, password, args)
}

/// [`tk`] with the BMC reached as `host`.
pub fn tk_at(host: &str, port: u16, password: Option<&str>, args: &[&str]) -> Output {
    let out = tk_cmd_at(host, port, password, args).output().unwrap();
    assert_no_password(&out);
    out
}

pub fn assert_no_password(out: &Output) {
    for (name, bytes) in [("stdout", &out.stdout), ("stderr", &out.stderr)] {
        let text = String::from_utf8_lossy(bytes);
        assert!(
            !text.contains(PASSWORD),
            "the password is in tk's {name}: {text}"
        );
        assert!(!text.contains("panicked"), "{text}");
    }
}

pub fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

pub fn json(out: &Output) -> serde_json::Value {
    assert!(
        out.status.success(),
        "status {:?}: {}",
        out.status.code(),
        text(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("--json prints JSON")
}

/// One `tk bmc:` line on stderr holding every one of `parts`, this
/// status, nothing on stdout.
pub fn assert_error(out: &Output, code: i32, parts: &[&str]) {
    let err = text(&out.stderr);
    assert_eq!(out.status.code(), Some(code), "stderr: {err}");
    assert_eq!(err.lines().count(), 1, "one line expected: {err}");
    assert!(err.starts_with("tk bmc: "), "{err}");
    for part in parts {
        assert!(err.contains(part), "{err:?} lacks {part:?}");
    }
    assert!(out.stdout.is_empty(), "{}", text(&out.stdout));
}
