//! The tree the docs' examples run in: a small project with text files,
//! logs of different ages, temporary files, empty files and directories,
//! links (good, broken, hard), files of known modes and sizes, a .git to
//! prune, and a saved `ipmitool lan print` for `tk bmc --from`.

use std::fs::{self, File, FileTimes, Permissions};
use std::os::unix::fs::{PermissionsExt, symlink};
use std::path::Path;
use std::time::{Duration, SystemTime};

const DAY: u64 = 24 * 60 * 60;

/// (path, contents, mode, age in days)
const FILES: &[(&str, &str, u32, u64)] = &[
    ("notes.txt", "meeting notes\n", 0o644, 2),
    ("report.txt", "quarterly report\n", 0o644, 10),
    ("empty.txt", "", 0o644, 1),
    ("README.md", "# demo project\n", 0o644, 3),
    ("build.sh", "#!/bin/sh\necho build\n", 0o755, 5),
    ("secret.key", "not a real key\n", 0o600, 20),
    ("src/main.rs", "fn main() {}\n", 0o644, 1),
    ("src/lib.rs", "pub fn f() {}\n", 0o644, 1),
    ("docs/guide.txt", "how to use it\n", 0o644, 4),
    ("docs/index.md", "# index\n", 0o644, 4),
    ("logs/app.log", "started\n", 0o644, 0),
    ("logs/debug.log", "debugging\n", 0o644, 6),
    ("logs/old.log", "long ago\n", 0o644, 40),
    ("tmp/a.tmp", "scratch\n", 0o644, 0),
    ("tmp/b.tmp", "scratch\n", 0o644, 1),
    (".git/config", "[core]\n", 0o644, 30),
    (".git/HEAD", "ref: refs/heads/main\n", 0o644, 30),
    (
        "node_modules/pkg/index.js",
        "module.exports = 1;\n",
        0o644,
        30,
    ),
];

/// Build the tree under `root` (an empty directory).
pub fn build(root: &Path) {
    let now = SystemTime::now();
    for (path, contents, mode, days) in FILES {
        let full = root.join(path);
        fs::create_dir_all(full.parent().unwrap()).unwrap();
        fs::write(&full, contents).unwrap();
        fs::set_permissions(&full, Permissions::from_mode(*mode)).unwrap();
        let when = now - Duration::from_secs(days * DAY + 3600);
        let times = FileTimes::new().set_modified(when).set_accessed(when);
        File::options()
            .write(true)
            .open(&full)
            .unwrap()
            .set_times(times)
            .unwrap();
    }
    for dir in ["tmp/cache", "empty-dir"] {
        fs::create_dir_all(root.join(dir)).unwrap();
    }
    // A 3 MiB sparse file, for -size +1M.
    File::create(root.join("big.iso"))
        .unwrap()
        .set_len(3 << 20)
        .unwrap();
    fs::hard_link(root.join("report.txt"), root.join("report-copy.txt")).unwrap();
    symlink("notes.txt", root.join("link-to-notes")).unwrap();
    symlink("missing.txt", root.join("broken-link")).unwrap();
    let capture = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/explain/lan-print.txt");
    fs::copy(capture, root.join("lan-print.txt")).unwrap();
    // Captures from two hosts, for `tk bmc --from` with several files.
    fs::create_dir(root.join("captures")).unwrap();
    for host in ["web1", "web2"] {
        fs::copy(capture, root.join(format!("captures/{host}.txt"))).unwrap();
    }
}
