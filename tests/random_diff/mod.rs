//! The random differential run: generates command lines (`grammar.rs`)
//! from a seed (`rng.rs`), runs each through GNU find, tk find and GNU
//! find again on the differential test's tree (`gnu_diff/plan.rs`, plus
//! the links of `extras`), and compares stdout bytes, exit status and
//! whether stderr is empty. A line where GNU's two runs disagree is
//! unstable and dropped. Each difference is shrunk (`shrink.rs`) to a
//! minimal command, then sorted: known (`known.rs`: documented, or named
//! in an open issue) or new. New differences fail the run.

pub mod grammar;
mod known;
mod rng;
mod shrink;

use std::collections::BTreeMap;
use std::ffi::OsString;
use std::fmt::Write as _;
use std::io::Write as _;
use std::os::unix::ffi::OsStringExt;
use std::path::{Path, PathBuf};

use crate::gnu_diff::clock::Clock;
use crate::gnu_diff::fixture::Fixture;
use crate::gnu_diff::report::shell_word;
use crate::gnu_diff::run::{self, How, Outcome};
use grammar::Case;
use known::Standing;
use rng::Rng;

const GNU_FIND: &str = "/usr/bin/find";

pub struct Settings {
    pub seed: u64,
    pub count: u64,
    /// Run only this case of the seed (to replay one from a report).
    pub only: Option<u64>,
    pub tk: PathBuf,
}

/// How one command line came out.
enum Verdict {
    Agree,
    /// GNU's two runs disagreed with each other.
    Unstable,
    /// What differed: any of "stdout", "status", "stderr".
    Differ(Vec<&'static str>),
}

#[derive(Default)]
struct Tally {
    ran: u64,
    agree: u64,
    unstable: u64,
    /// Known kind -> shrunk command lines.
    known: BTreeMap<&'static str, Vec<String>>,
    new: Vec<String>,
}

pub fn run(settings: &Settings) {
    let fx = Fixture::build();
    extras(&fx.root);
    let mut tally = Tally::default();
    let cases = match settings.only {
        Some(i) => i..i + 1,
        None => 0..settings.count,
    };
    for i in cases {
        let case = grammar::case(&mut Rng::for_case(settings.seed, i));
        tally.ran += 1;
        let differ = match compare(&fx, &case, &settings.tk) {
            Verdict::Agree => {
                tally.agree += 1;
                continue;
            }
            Verdict::Unstable => {
                tally.unstable += 1;
                continue;
            }
            Verdict::Differ(what) => what,
        };
        let small = shrink::shrink(&case, |c| match compare(&fx, c, &settings.tk) {
            Verdict::Differ(now) => now.iter().any(|w| differ.contains(w)),
            _ => false,
        });
        let line = format!(
            "case {i} ({}): {}\n    shrunk from: {}",
            differ.join(", "),
            command_line(&small),
            command_line(&case)
        );
        match known::classify(&small, &differ) {
            Some(k) => tally.known.entry(k.name).or_default().push(line),
            None => tally.new.push(line),
        }
    }
    finish(settings, fx, tally);
}

/// Links the plan does not have, in `t/links`: to a directory, dangling,
/// a loop, and one whose target runs through a regular file.
fn extras(root: &Path) {
    let dir = root.join("t/links");
    std::fs::create_dir(&dir).unwrap();
    for (name, target) in [
        ("to_dir", "../deep/l1"),
        ("to_file", "../types/file"),
        ("dangling", "nowhere"),
        ("loop", "loop"),
        ("through_file", "../types/file/x"),
    ] {
        std::os::unix::fs::symlink(target, dir.join(name)).unwrap();
    }
}

fn compare(fx: &Fixture, case: &Case, tk: &Path) -> Verdict {
    fx.stamp(&Clock::now());
    let args: Vec<OsString> = case.args.iter().cloned().map(OsString::from_vec).collect();
    let how = How {
        cwd: &fx.root,
        locale: case.locale,
        user: None,
        stdin: None,
        path: run::PATH,
        tz: Some(case.tz),
    };
    let gnu = run::run(Path::new(GNU_FIND), &[], &args, &how);
    let ours = run::run(tk, &["find"], &args, &how);
    let again = run::run(Path::new(GNU_FIND), &[], &args, &how);
    if !differences(&gnu, &again).is_empty() || gnu.timed_out {
        return Verdict::Unstable;
    }
    let what = differences(&gnu, &ours);
    if what.is_empty() {
        Verdict::Agree
    } else {
        Verdict::Differ(what)
    }
}

fn differences(a: &Outcome, b: &Outcome) -> Vec<&'static str> {
    let mut what = Vec::new();
    if a.stdout != b.stdout {
        what.push("stdout");
    }
    if a.status != b.status || a.timed_out != b.timed_out {
        what.push("status");
    }
    if a.stderr.is_empty() != b.stderr.is_empty() {
        what.push("stderr");
    }
    what
}

/// The case as a line to paste into bash in the tree's root.
fn command_line(case: &Case) -> String {
    let mut line = format!(
        "env -i PATH={} LC_ALL={} TZ={} find",
        run::PATH,
        case.locale,
        shell_word(case.tz.as_bytes())
    );
    for arg in &case.args {
        line.push(' ');
        line.push_str(&shell_word(arg));
    }
    line
}

fn finish(settings: &Settings, fx: Fixture, tally: Tally) {
    let stable = tally.ran - tally.unstable;
    let percent = |n: u64| 100.0 * n as f64 / stable.max(1) as f64;
    let known_total: usize = tally.known.values().map(Vec::len).sum();
    let mut text = String::new();
    let _ = writeln!(
        text,
        "find_random: seed {} ({} expressions): {} agree ({:.1}% of {} stable), \
         {} unstable under GNU (dropped), {} known differences, {} new",
        settings.seed,
        tally.ran,
        tally.agree,
        percent(tally.agree),
        stable,
        tally.unstable,
        known_total,
        tally.new.len()
    );
    for entry in known::KNOWN {
        let Some(lines) = tally.known.get(entry.name) else {
            continue;
        };
        let standing = match entry.standing {
            Standing::Documented(doc) => format!("documented: {doc}"),
            Standing::Open(issue) => format!("open: {issue}"),
        };
        let _ = writeln!(
            text,
            "\n[known] {}: {} ({standing})",
            entry.name,
            lines.len()
        );
        for line in lines {
            let _ = writeln!(text, "  {line}");
        }
    }
    for line in &tally.new {
        let _ = writeln!(text, "\n[NEW] {line}");
    }
    let _ = writeln!(
        text,
        "\nEach command runs in the tree built by tests/gnu_diff/plan.rs (TK_RANDOM_KEEP=1 \
         keeps it: {}); `tk find` in place of `find` gives tk's side. \
         Replay one case: TK_RANDOM_SEED={} TK_RANDOM_ONLY=N cargo test --test find_random",
        fx.root.display(),
        settings.seed
    );
    let path = Path::new(env!("CARGO_TARGET_TMPDIR")).join("find_random.report");
    let _ = std::fs::write(&path, &text);
    // Straight to stderr, past the harness's capture: the figures show
    // in every run, passing or not.
    let _ = writeln!(std::io::stderr(), "{text}\nreport: {}", path.display());
    if std::env::var_os("TK_RANDOM_KEEP").is_some() {
        // Forgetting the fixture skips its cleanup: the tree stays.
        std::mem::forget(fx);
    }
    assert!(
        tally.new.is_empty(),
        "{} new differences from GNU find (above, and in {})",
        tally.new.len(),
        path.display()
    );
}
