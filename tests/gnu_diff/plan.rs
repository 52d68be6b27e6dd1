//! What the differential test's tree holds: one list of entries, in
//! creation order, with their kind, mode, owner and timestamps. The list
//! is data only; `fixture.rs` builds it on disk.
//!
//! Everything lives under `t/` (the tree most rows search), `loops/`
//! (a directory symlink back to its parent, for -L loop reports; kept
//! apart so it does not turn every -L row into an error), `batch/`
//! (hundreds of long names: more than one 128 KiB `-exec {} +` batch)
//! `out/` (an empty scratch directory for -fprint and friends) or `bin/`
//! (two small scripts for -exec to run).

use crate::gnu_diff::clock::Side::{self, New, Old};

pub enum Kind {
    File(u64),
    /// A file with exactly these bytes (the scripts in `bin/`).
    Text(&'static [u8]),
    /// A file of this length with no data blocks (`set_len`).
    Sparse(u64),
    Dir,
    /// A directory with a tmpfs mounted on it (root only), for -xdev and
    /// -fstype.
    Mount,
    Symlink(Vec<u8>),
    /// A symlink to this path (relative to the fixture root) made absolute.
    AbsSymlink(&'static str),
    /// Another name for this path (relative to the fixture root).
    HardLink(&'static str),
    Fifo,
    Socket,
    /// A character device like /dev/null (root only).
    CharDev,
}

/// When a timestamp lies.
#[derive(Clone, Copy)]
pub enum When {
    /// `now - k days`, a few hours to one side.
    Days(i64, Side),
    /// `now - k minutes`, some seconds to one side.
    Mins(i64, Side),
    /// Exactly `now + offset`.
    Rel(i64),
    /// A fixed moment: seconds and nanoseconds since the epoch.
    Abs(i64, i64),
    /// The kernel's now (UTIME_NOW): as an atime, equal to the ctime the
    /// same call sets, to the nanosecond.
    Now,
}

pub struct Entry {
    pub path: Vec<u8>,
    pub kind: Kind,
    pub mode: Option<u32>,
    /// Only applied when running as root.
    pub owner: Option<(u32, u32)>,
    /// Only applied when running as root (a mode no one may enter).
    pub root_mode: Option<u32>,
    pub mtime: Option<When>,
    pub atime: Option<When>,
}

/// A uid and a gid that have no entry in passwd/group.
pub const NO_USER: u32 = 12345;
pub const NO_GROUP: u32 = 54321;
/// Debian's `daemon` user and group and `nobody`/`nogroup`.
pub const DAEMON: u32 = 1;
pub const NOBODY: u32 = 65534;

/// Default mtime of entries without one: 40 days old.
pub const DEFAULT_AGE: When = When::Days(40, Old);

fn e(path: impl AsRef<[u8]>, kind: Kind) -> Entry {
    Entry {
        path: path.as_ref().to_vec(),
        kind,
        mode: None,
        owner: None,
        root_mode: None,
        mtime: None,
        atime: None,
    }
}

impl Entry {
    fn mode(mut self, m: u32) -> Self {
        self.mode = Some(m);
        self
    }
    fn owner(mut self, uid: u32, gid: u32) -> Self {
        self.owner = Some((uid, gid));
        self
    }
    fn mtime(mut self, w: When) -> Self {
        self.mtime = Some(w);
        self
    }
    fn atime(mut self, w: When) -> Self {
        self.atime = Some(w);
        self
    }
}

fn file(path: impl AsRef<[u8]>, size: u64) -> Entry {
    e(path, Kind::File(size))
}
fn dir(path: impl AsRef<[u8]>) -> Entry {
    e(path, Kind::Dir)
}
fn link(path: impl AsRef<[u8]>, target: impl AsRef<[u8]>) -> Entry {
    e(path, Kind::Symlink(target.as_ref().to_vec()))
}

/// The whole tree, parents before children.
pub fn plan() -> Vec<Entry> {
    let mut p = vec![dir("t")];
    names(&mut p);
    sizes(&mut p);
    types(&mut p);
    not_dir(&mut p);
    modes(&mut p);
    owners(&mut p);
    times(&mut p);
    months(&mut p);
    shapes(&mut p);
    p.push(dir("loops"));
    p.push(file("loops/file", 3));
    p.push(link("loops/up", "."));
    p.push(dir("loops/sub"));
    p.push(link("loops/sub/top", ".."));
    p.push(dir(BATCH_DIR));
    for i in 0..BATCH_FILES {
        p.push(file(format!("{BATCH_DIR}/{}{i:03}", "x".repeat(190)), 0));
    }
    p.push(dir("out"));
    // execvp runs a script without `#!` with /bin/sh; so must -exec.
    p.push(dir("bin"));
    let script: &[u8] = b"echo ran \"$0\" \"$@\"\n";
    p.push(e("bin/noshebang", Kind::Text(script)).mode(0o755));
    let script: &[u8] = b"#!/bin/sh\necho shebang \"$0\" $#\n";
    p.push(e("bin/shebang", Kind::Text(script)).mode(0o755));
    p
}

/// 800 paths of 198 bytes: their arguments and pointers come to about
/// 165 KiB, more than GNU's 128 KiB batch for `-exec ... {} +`.
pub const BATCH_DIR: &str = "batch";
const BATCH_FILES: usize = 800;

fn names(p: &mut Vec<Entry>) {
    p.push(dir("t/names"));
    let plain: &[&[u8]] = &[
        b"plain.txt",
        b"UPPER.TXT",
        b"Mixed.Txt",
        b"with space",
        b"new\nline",
        b"tab\tname",
        b"\xff\xfe",
        b"bad\xffname.txt",
        b"[brackets]",
        b"br[a]ck",
        b"a]b",
        b"star*",
        b"q?mark",
        b"-dash",
        b".hidden",
        b".hidden.txt",
        b"..dots",
        "ünïcödé".as_bytes(),
        "ÉCOLE".as_bytes(),
        "école".as_bytes(),
        "日本語.txt".as_bytes(),
        "straße".as_bytes(),
        b"a{b,c}",
        b"back\\slash",
        b"digit7",
        b"x1y",
        b"trailing.",
        b"caret^x",
        b"bang!x",
        b"abc",
        b"a.b.c",
        b"~tilde",
        b"#hash",
        b"semi;colon",
        b"quote'single",
        b"percent%d",
        b"dollar$HOME",
    ];
    for (i, name) in plain.iter().enumerate() {
        p.push(file([b"t/names/", *name].concat(), i as u64 % 7));
    }
    p.push(dir("t/names/dir with space"));
    p.push(file("t/names/dir with space/inner file", 1));
    p.push(dir("t/names/.hiddendir"));
    p.push(file("t/names/.hiddendir/secret.txt", 2));
    p.push(dir("t/names/sub.txt"));
    p.push(file("t/names/sub.txt/x.txt", 2));
}

fn sizes(p: &mut Vec<Entry>) {
    p.push(dir("t/sizes"));
    const K: u64 = 1024;
    for n in [0, 1, 2, 511, 512, 513, 1023, K, K + 1, 2047, 2048, 2049] {
        p.push(file(format!("t/sizes/s{n}"), n));
    }
    for n in [K * K - 1, K * K, K * K + 1, 2 * K * K + 1] {
        p.push(file(format!("t/sizes/s{n}"), n));
    }
    for n in [K * K * K - 1, K * K * K, K * K * K + 1, 3 * K * K * K] {
        p.push(e(format!("t/sizes/sparse{n}"), Kind::Sparse(n)));
    }
}

fn types(p: &mut Vec<Entry>) {
    p.push(dir("t/types"));
    p.push(file("t/types/file", 5));
    p.push(dir("t/types/dir"));
    p.push(file("t/types/dir/inner", 1));
    p.push(link("t/types/link_file", "file"));
    p.push(link("t/types/link_dir", "dir"));
    p.push(link("t/types/link_chain", "link_file"));
    p.push(link("t/types/dangling", "no/such/target"));
    p.push(link("t/types/loop_a", "loop_b"));
    p.push(link("t/types/loop_b", "loop_a"));
    p.push(link("t/types/self", "self"));
    p.push(link("t/types/link_up", "../names/plain.txt"));
    p.push(e("t/types/link_abs", Kind::AbsSymlink("t/types/file")));
    p.push(e("t/types/fifo", Kind::Fifo));
    p.push(e("t/types/socket", Kind::Socket));
    p.push(e("t/types/chardev", Kind::CharDev));
    p.push(file("t/types/hard1", 4));
    p.push(e("t/types/hard2", Kind::HardLink("t/types/hard1")));
    p.push(e("t/types/dir/hard3", Kind::HardLink("t/types/hard1")));
    p.push(link("t/types/link_hard", "hard1"));
}

/// A link whose target runs through a regular file (ENOTDIR when
/// followed), beside a file and a link to it.
fn not_dir(p: &mut Vec<Entry>) {
    p.push(dir("t/notdir"));
    p.push(file("t/notdir/file", 3));
    p.push(link("t/notdir/link_file", "file"));
    p.push(link("t/notdir/through_file", "file/x"));
}

fn modes(p: &mut Vec<Entry>) {
    p.push(dir("t/modes"));
    let files = [
        ("suid", 0o4755),
        ("sgid", 0o2755),
        ("suid_sgid", 0o6711),
        ("ro", 0o444),
        ("f0000", 0o000),
        ("rwx", 0o777),
        ("f0600", 0o600),
        ("f0644", 0o644),
        ("f0755", 0o755),
        ("f0640", 0o640),
        ("f0604", 0o604),
        ("exec_only", 0o111),
        ("write_only", 0o222),
        ("f0750", 0o750),
        ("sticky_file", 0o1644),
        ("f0044", 0o044),
    ];
    for (name, mode) in files {
        p.push(file(format!("t/modes/{name}"), 3).mode(mode));
    }
    for (name, mode) in [
        ("sticky_dir", 0o1777),
        ("sgid_dir", 0o2775),
        ("d0700", 0o700),
    ] {
        p.push(dir(format!("t/modes/{name}")).mode(mode));
        p.push(file(format!("t/modes/{name}/inner"), 1));
    }
    let mut d0000 = dir("t/modes/d0000");
    d0000.root_mode = Some(0);
    p.push(d0000);
    p.push(file("t/modes/d0000/inner", 1));
    p.push(dir("t/modes/d0555").mode(0o555));
}

fn owners(p: &mut Vec<Entry>) {
    p.push(dir("t/owners"));
    let files = [
        ("nouser_nogroup", NO_USER, NO_GROUP),
        ("nouser_root", NO_USER, 0),
        ("root_nogroup", 0, NO_GROUP),
        ("daemon", DAEMON, DAEMON),
        ("nobody", NOBODY, NOBODY),
        ("root_daemon", 0, DAEMON),
        ("uid1000", 1000, 1000),
    ];
    for (name, uid, gid) in files {
        p.push(file(format!("t/owners/{name}"), 1).owner(uid, gid));
    }
    p.push(dir("t/owners/d_nouser").owner(NO_USER, NO_GROUP));
    p.push(file("t/owners/d_nouser/f", 1).owner(NO_USER, NO_GROUP));
    p.push(link("t/owners/link_nouser", "daemon").owner(NO_USER, NO_GROUP));
}

/// One file a month of 2023, each on another weekday, at another hour
/// (morning and afternoon), minute, second and nanosecond: the names,
/// am/pm strings and formats of every locale the rows run under.
fn months(p: &mut Vec<Entry>) {
    const JAN_1_2023: i64 = 1_672_531_200;
    const DAYS_BEFORE: [i64; 12] = [0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334];
    p.push(dir("t/months"));
    for (m, before) in (0i64..).zip(DAYS_BEFORE) {
        let secs = JAN_1_2023 + (before + m) * 86_400 + (2 * m + 1) * 3_600 + m * 245 + 7;
        let name = format!("t/months/m{:02}", m + 1);
        p.push(file(name, 1).mtime(When::Abs(secs, m * 83_333_333)));
    }
}

fn times(p: &mut Vec<Entry>) {
    p.push(dir("t/times"));
    let tf = |name: String| file(format!("t/times/{name}"), 1);
    for k in [0, 1, 2, 3, 7] {
        for (tag, side) in [("old", Old), ("new", New)] {
            p.push(tf(format!("d{k}_{tag}")).mtime(When::Days(k, side)));
        }
    }
    for k in [0, 1, 2] {
        for (tag, side) in [("old", Old), ("new", New)] {
            p.push(tf(format!("a{k}_{tag}")).atime(When::Days(k, side)));
        }
    }
    for k in [0, 1, 2, 3, 10] {
        for (tag, side) in [("old", Old), ("new", New)] {
            p.push(tf(format!("m{k}_{tag}")).mtime(When::Mins(k, side)));
        }
    }
    for k in [1, 2] {
        for (tag, side) in [("old", Old), ("new", New)] {
            p.push(tf(format!("am{k}_{tag}")).atime(When::Mins(k, side)));
        }
    }
    for k in [0, 1, 2] {
        // Accessed k days (and some hours) after the last status change.
        p.push(tf(format!("used{k}")).atime(When::Days(-k, New)));
    }
    // Accessed at the very moment of its last status change.
    p.push(tf("used_at_change".into()).atime(When::Now));
    p.push(tf("ns_lo".into()).mtime(When::Abs(1_500_000_000, 250_000_000)));
    p.push(tf("ns_hi".into()).mtime(When::Abs(1_500_000_000, 750_000_000)));
    p.push(tf("ns_int".into()).mtime(When::Abs(1_500_000_000, 0)));
    p.push(tf("epoch0".into()).mtime(When::Abs(0, 0)));
    p.push(tf("pre1970".into()).mtime(When::Abs(-400 * 86_400, 0)));
    p.push(tf("y2001".into()).mtime(When::Abs(1_000_000_000, 0)));
    p.push(tf("y2038".into()).mtime(When::Abs((1 << 31) + 3600, 0)));
    p.push(tf("y2100".into()).mtime(When::Abs(4_102_444_800 + 43_200, 0)));
    p.push(dir("t/times/dir_d1").mtime(When::Days(1, Old)));
    p.push(link("t/times/link_m2", "m2_old").mtime(When::Mins(2, New)));
    // Reference files sit exactly on the boundaries that the files above
    // stay clear of: right for -newer, wrong for -mtime rows. They live
    // apart so that rows over t/times never meet them.
    p.push(dir("t/refs"));
    let rf = |name: &str| file(format!("t/refs/{name}"), 1);
    p.push(rf("ref_2d").mtime(When::Rel(-2 * 86_400)));
    p.push(rf("ref_2m").mtime(When::Rel(-120)));
    p.push(
        rf("ref_a1d")
            .mtime(When::Days(3, Old))
            .atime(When::Rel(-86_400)),
    );
}

fn shapes(p: &mut Vec<Entry>) {
    p.push(dir("t/empty_dir"));
    p.push(dir("t/deep"));
    let mut path = String::from("t/deep");
    for level in 1..=6 {
        path.push_str(&format!("/l{level}"));
        p.push(dir(&path));
        p.push(file(format!("{path}/f{level}"), level));
    }
    p.push(dir(format!("{path}/empty")));
    p.push(dir("t/many"));
    for i in 0..300 {
        p.push(file(format!("t/many/f{i:03}"), i % 3));
    }
    p.push(dir("t/many/sub"));
    p.push(file("t/many/sub/f000", 1));
    p.push(e("t/mnt", Kind::Mount));
    p.push(file("t/mnt/on_tmpfs", 7));
    p.push(dir("t/mnt/sub"));
    p.push(file("t/mnt/sub/deeper", 1));
}
