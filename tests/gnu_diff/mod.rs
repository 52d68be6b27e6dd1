//! The differential test against GNU find: builds one tree, runs every
//! table row through GNU find and `tk find` back to back, and collects
//! every mismatch into one report. The table itself lives in
//! `tests/find_gnu_diff.rs`; this module is the machinery.
//!
//! Per row: re-stamp the tree's times (`clock.rs`), run GNU, run tk, run
//! GNU again. The second GNU run must agree with the first, or the row is
//! flaky and reported as a harness fault rather than blamed on tk. GNU
//! must also behave as the row says (`case::Gnu`), so the table cannot
//! quietly drift into testing nothing.

pub mod case;
pub mod clock;
pub mod fixture;
mod plan;
pub mod report;
pub mod run;
mod words;

use std::collections::{BTreeMap, BTreeSet};
use std::ffi::OsString;
use std::fmt::Write as _;
use std::os::unix::ffi::{OsStrExt, OsStringExt};
use std::path::{Path, PathBuf};

use case::{Case, Gnu, Who};
use clock::Clock;
use fixture::{Fixture, is_root};
use run::{How, Outcome};

const GNU_FIND: &str = "/usr/bin/find";

pub struct Options {
    pub tk: PathBuf,
    /// Words before the row's arguments: `find` for `tk find`.
    pub tk_prefix: &'static [&'static str],
    /// Rows (by `Case::key`) that tk is known to get wrong; they still
    /// run, and the test fails if one of them starts to pass.
    pub known_gaps: &'static [&'static str],
    /// The table must have at least this many rows.
    pub min_rows: usize,
}

/// Runs the table; panics with the full report if anything is off.
pub fn run_table(cases: &[Case], opts: &Options) {
    if crate::common::skip::unless_gnu_find() || !gnu_find_is_the_oracle() {
        return;
    }
    if !is_root() {
        // Under CI=true this is a failure; on a laptop the rows that can
        // run still do.
        crate::common::skip::skip(
            "the differential test's rows run as `nobody`, and the tree's other owners, \
             device node, mode 0000 directory and tmpfs mount, need root",
        );
    }
    let absent = absent_locales(cases);
    let shared = Fixture::build();
    // `nobody` may not be able to reach the build tree (a checkout under
    // /root, say): give those rows a copy of tk it can run.
    let nobody_tk = is_root().then(|| NobodyCopy::of(&opts.tk));
    for note in &shared.notes {
        eprintln!("find_gnu_diff: NOTE: {note}");
    }
    let filter = std::env::var("TK_DIFFTEST_FILTER").ok();
    let mut tally = Tally::default();
    for (i, case) in cases.iter().enumerate() {
        if filter.as_deref().is_some_and(|f| !case.key().contains(f)) {
            continue;
        }
        if case.who == Who::Nobody && !is_root() || absent.contains(&case.locale) {
            tally.skipped += 1;
            continue;
        }
        let tk = match (&nobody_tk, case.who) {
            (Some(copy), Who::Nobody) => copy.path.as_path(),
            _ => opts.tk.as_path(),
        };
        run_row(
            i,
            case,
            &shared,
            (tk, opts.tk_prefix),
            &mut tally,
            opts.known_gaps,
        );
    }
    if tally.skipped > 0 {
        eprintln!(
            "find_gnu_diff: SKIPPED {} rows that run as `nobody` (not root) \
             or under a locale that is not generated ({absent:?})",
            tally.skipped
        );
    }
    check_table(cases, opts, &mut tally, filter.is_some());
    finish(shared, tally);
}

/// The rows' locales that glibc does not have here (a skip, so a failure
/// under CI=true), but for the one rows use as a locale that is not
/// installed: GNU and tk must then both fall back to C, and if it is
/// installed after all, they must both use it.
fn absent_locales(cases: &[Case]) -> Vec<&'static str> {
    let wanted: BTreeSet<&str> = cases
        .iter()
        .map(|c| c.locale)
        .filter(|l| *l != case::NOT_INSTALLED)
        .collect();
    let absent: Vec<&str> = wanted
        .into_iter()
        .filter(|l| !crate::common::skip::locale_installed(l))
        .collect();
    crate::common::skip::unless_locales(&absent);
    absent
}

/// Whether /usr/bin/find is GNU findutils, the oracle; when it is not,
/// a skip (a failure under CI=true) says so. The table is written
/// against 4.9: another version is named loudly, as a difference may then
/// be between GNU versions, not tk's.
fn gnu_find_is_the_oracle() -> bool {
    let out = std::process::Command::new(GNU_FIND)
        .arg("--version")
        .output()
        .unwrap_or_else(|e| panic!("{GNU_FIND} --version: {e}"));
    let version = String::from_utf8_lossy(&out.stdout);
    let first = version.lines().next().unwrap_or("");
    let Some(number) = first.strip_prefix("find (GNU findutils) ") else {
        crate::common::skip::skip(format!(
            "{GNU_FIND} is {first:?}, not GNU findutils (Debian package findutils)"
        ));
        return false;
    };
    if !is_4_9(number) {
        eprintln!(
            "\n*** find_gnu_diff: WARNING: {GNU_FIND} is GNU findutils {number}, not 4.9.x; \
             the table is GNU 4.9's behaviour, so a failure here may be a difference \
             between find versions ***\n"
        );
    }
    true
}

/// True for a findutils version number of the 4.9 series.
fn is_4_9(number: &str) -> bool {
    number == "4.9" || number.starts_with("4.9.")
}

#[test]
fn only_findutils_4_9_is_taken_for_the_tables_find() {
    assert!(is_4_9("4.9.0"));
    assert!(is_4_9("4.9"));
    assert!(!is_4_9("4.10.0"));
    assert!(!is_4_9("4.90"));
    assert!(!is_4_9("4.8.0"));
}

#[derive(Default)]
struct Tally {
    rows: usize,
    skipped: usize,
    failures: Vec<String>,
    known: Vec<String>,
    clean_nonempty: usize,
    clean: usize,
    /// Rows that walk (all but `usage` rows) and their distinct outputs.
    walks: usize,
    outputs: BTreeMap<Vec<u8>, Vec<String>>,
}

/// The three runs of one row.
struct Runs {
    argv: Vec<OsString>,
    gnu: Outcome,
    tk: Outcome,
    gnu_again: Outcome,
    trees: Option<(Vec<String>, Vec<String>)>,
    /// The row's output files after each run, in the order of the runs.
    files: [Files; 3],
}

/// The contents of a row's output files, `None` where a file is missing.
type Files = Vec<Option<Vec<u8>>>;

/// The tk program to run and the words that go before a row's arguments.
type Tk<'a> = (&'a Path, &'a [&'a str]);

fn run_row(
    i: usize,
    case: &Case,
    shared: &Fixture,
    tk: Tk,
    tally: &mut Tally,
    known_gaps: &[&str],
) {
    let runs = if case.fresh {
        let fxs = [Fixture::fresh(), Fixture::fresh(), Fixture::fresh()];
        let mut runs = execute(case, [&fxs[0], &fxs[1], &fxs[2]], tk);
        runs.trees = Some((snapshot(&fxs[0].root), snapshot(&fxs[1].root)));
        runs
    } else {
        execute(case, [shared, shared, shared], tk)
    };
    tally.rows += 1;
    if case.gnu == Gnu::Clean {
        tally.clean += 1;
        let wrote = runs.files[0].iter().flatten().any(|f| !f.is_empty());
        tally.clean_nonempty += usize::from(!runs.gnu.stdout.is_empty() || wrote);
    }
    if case.gnu != Gnu::Usage {
        tally.walks += 1;
        tally
            .outputs
            .entry(gnu_output(&runs))
            .or_default()
            .push(case.key());
    }
    let head = headline(i, case, &runs.argv, shared);
    if let Some(fault) = harness_fault(case, &runs) {
        tally.failures.push(format!(
            "{head}\n  HARNESS: {fault}\n{}",
            gnu_detail(&runs.gnu)
        ));
        return;
    }
    let diff = differences(case, &runs);
    let known = known_gaps.contains(&case.key().as_str());
    match (diff.is_empty(), known) {
        (true, false) => {}
        (true, true) => tally.failures.push(format!(
            "{head}\n  KNOWN GAP NOW PASSES: remove this row's line from KNOWN_GAPS"
        )),
        (false, true) => tally.known.push(format!("{head}\n{diff}")),
        (false, false) => tally.failures.push(format!("{head}\n{diff}")),
    }
}

fn execute(case: &Case, fxs: [&Fixture; 3], tk: Tk) -> Runs {
    let clock = Clock::now();
    for (i, fx) in fxs.iter().enumerate() {
        if !fxs[..i].iter().any(|f| std::ptr::eq(*f, *fx)) {
            fx.stamp(&clock);
        }
    }
    let user = (case.who == Who::Nobody).then_some(plan::NOBODY);
    let go = |fx: &Fixture, program: &Path, prefix: &[&str]| {
        let how = How {
            cwd: &fx.root.join(case.cwd),
            locale: case.locale,
            user,
            stdin: case.stdin,
            path: case.path_env.unwrap_or(run::PATH),
            tz: None,
        };
        take_files(case, fx);
        let outcome = run::run(program, prefix, &argv(case, fx, &clock), &how);
        (outcome, take_files(case, fx))
    };
    let (gnu, gnu_files) = go(fxs[0], Path::new(GNU_FIND), &[]);
    let (tk, tk_files) = go(fxs[1], tk.0, tk.1);
    let (gnu_again, again_files) = go(fxs[2], Path::new(GNU_FIND), &[]);
    Runs {
        argv: argv(case, fxs[0], &clock),
        gnu,
        tk,
        gnu_again,
        trees: None,
        files: [gnu_files, tk_files, again_files],
    }
}

/// Reads and removes the row's output files, so the next run starts
/// without them.
fn take_files(case: &Case, fx: &Fixture) -> Files {
    case.files
        .iter()
        .map(|rel| {
            let path = fx.path(rel);
            let data = std::fs::read(&path).ok();
            let _ = std::fs::remove_file(&path);
            data
        })
        .collect()
}

/// All that GNU's run of a row produced: stdout, then the output files
/// and the tree left behind, if the row has them.
fn gnu_output(runs: &Runs) -> Vec<u8> {
    let mut all = runs.gnu.stdout.clone();
    for file in &runs.files[0] {
        all.extend(b"\0file\0");
        all.extend(file.as_deref().unwrap_or(b"(missing)"));
    }
    if let Some((tree, _)) = &runs.trees {
        all.extend(b"\0tree\0");
        all.extend(tree.join("\n").into_bytes());
    }
    all
}

/// A world-readable copy of the tk binary in a directory of its own.
struct NobodyCopy {
    path: PathBuf,
    _dir: tempfile::TempDir,
}

impl NobodyCopy {
    fn of(tk: &Path) -> NobodyCopy {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::Builder::new()
            .prefix("tk-difftest-bin-")
            .tempdir()
            .unwrap();
        let path = dir.path().join("tk");
        std::fs::copy(tk, &path).unwrap_or_else(|e| panic!("copying {tk:?}: {e}"));
        let open = std::fs::Permissions::from_mode(0o755);
        std::fs::set_permissions(dir.path(), open.clone()).unwrap();
        std::fs::set_permissions(&path, open).unwrap();
        NobodyCopy { path, _dir: dir }
    }
}

/// The row's words with placeholders filled in for this fixture.
fn argv(case: &Case, fx: &Fixture, clock: &Clock) -> Vec<OsString> {
    let mut lookup = |name: &str, arg: &str| -> Result<Vec<u8>, String> {
        match name {
            "INUM" => fx
                .inum(arg)
                .map(|n| n.to_string().into_bytes())
                .ok_or(format!("no {arg}")),
            "ROOT" => Ok(fx.root.as_os_str().as_bytes().to_vec()),
            _ => clock
                .placeholder(name, arg)
                .map(String::into_bytes)
                .ok_or(format!("{name}:{arg}")),
        }
    };
    let words = words::split(case.line).unwrap_or_else(|e| panic!("table row: {e}"));
    words
        .iter()
        .map(|w| words::expand(w, &mut lookup).unwrap_or_else(|e| panic!("{:?}: {e}", case.line)))
        .map(OsString::from_vec)
        .collect()
}

/// Paths, types, sizes and modes below a root, sorted: what a row that
/// changes the tree must leave behind.
fn snapshot(root: &Path) -> Vec<String> {
    use std::os::unix::fs::MetadataExt;
    let mut v: Vec<String> = walkdir::WalkDir::new(root)
        .into_iter()
        .filter_map(Result::ok)
        .map(|e| {
            let m = e.metadata().ok();
            let rel = e.path().strip_prefix(root).unwrap().as_os_str().as_bytes();
            let (mode, size) = m.map_or((0, 0), |m| (m.mode(), m.len()));
            format!("{} {mode:o} {size}", report::escape(rel))
        })
        .collect();
    v.sort();
    v
}

/// Faults of the table or the harness, not of tk.
fn harness_fault(case: &Case, r: &Runs) -> Option<String> {
    let (a, b) = (&r.gnu, &r.gnu_again);
    let same = (a.status, &a.stdout, a.stderr.is_empty(), &r.files[0])
        == (b.status, &b.stdout, b.stderr.is_empty(), &r.files[2]);
    if !same {
        return Some(format!(
            "GNU find gave different results on two runs; the row is not deterministic.\n  \
             second stdout: {}",
            report::window(&report::escape(&r.gnu_again.stdout), 0, 600)
        ));
    }
    let (status, quiet) = (r.gnu.status, r.gnu.stderr.is_empty());
    let fits = match case.gnu {
        Gnu::Clean => status == Some(0) && quiet,
        Gnu::Warns => status == Some(0) && !quiet,
        Gnu::Partial | Gnu::Usage => status == Some(1) && !quiet,
        Gnu::Fails => status == Some(1),
    };
    let fits = fits && (case.gnu != Gnu::Usage || r.gnu.stdout.is_empty());
    (!fits).then(|| format!("GNU find does not behave as the row says ({:?})", case.gnu))
}

/// tk against GNU: empty when they agree.
fn differences(case: &Case, r: &Runs) -> String {
    let (g, t) = (&r.gnu, &r.tk);
    let mut d = String::new();
    if t.timed_out {
        d.push_str("  tk TIMED OUT (killed)\n");
    }
    if g.status != t.status {
        let _ = writeln!(d, "  status: gnu {:?}, tk {:?}", g.status, t.status);
    }
    if g.stderr.is_empty() != t.stderr.is_empty() {
        d.push_str("  stderr: one is empty, the other is not\n");
    }
    // tk speaks English only: GNU's words are compared where GNU's are
    // English too.
    if case.gnu == Gnu::Usage
        && matches!(case.locale, "C" | "C.UTF-8")
        && let Some(want) = gnu_words_for_tk(&g.stderr)
        && first_line(&t.stderr) != want
    {
        let _ = writeln!(
            d,
            "  tk's first line is not GNU's:\n    gnu: {}\n    tk:  {}",
            report::escape(&want),
            report::escape(first_line(&t.stderr))
        );
    }
    if case.gnu != Gnu::Usage && g.stdout != t.stdout {
        let (ge, te) = (report::escape(&g.stdout), report::escape(&t.stdout));
        let at = report::first_difference(&ge, &te);
        let _ = writeln!(d, "  stdout differs at escaped char {at}:");
        let _ = writeln!(d, "    gnu: {}", report::window(&ge, at, 900));
        let _ = writeln!(d, "    tk:  {}", report::window(&te, at, 900));
    }
    for (name, (g, t)) in case.files.iter().zip(r.files[0].iter().zip(&r.files[1])) {
        if g != t {
            let show = |f: &Option<Vec<u8>>| {
                f.as_ref()
                    .map_or("(no such file)".into(), |b| report::escape(b))
            };
            let (ge, te) = (show(g), show(t));
            let at = report::first_difference(&ge, &te);
            let _ = writeln!(d, "  file {name} differs at escaped char {at}:");
            let _ = writeln!(d, "    gnu: {}", report::window(&ge, at, 900));
            let _ = writeln!(d, "    tk:  {}", report::window(&te, at, 900));
        }
    }
    if let Some((a, b)) = &r.trees
        && a != b
    {
        let only = |x: &[String], y: &[String]| -> Vec<String> {
            x.iter().filter(|l| !y.contains(l)).cloned().collect()
        };
        let _ = writeln!(
            d,
            "  trees afterwards differ (path mode size):\n    only after gnu: {:?}\n    only after tk:  {:?}",
            only(a, b),
            only(b, a)
        );
    }
    if !d.is_empty() {
        let _ = writeln!(
            d,
            "  gnu stderr: {}",
            report::window(&report::escape(&g.stderr), 0, 400)
        );
        let _ = writeln!(
            d,
            "  tk stderr:  {}",
            report::window(&report::escape(&t.stderr), 0, 400)
        );
    }
    d
}

fn first_line(bytes: &[u8]) -> &[u8] {
    bytes.split(|&b| b == b'\n').next().unwrap_or_default()
}

/// GNU's first line of a command-line error as tk must say it: the same
/// words after `tk find: ` instead of `/usr/bin/find: `.
fn gnu_words_for_tk(stderr: &[u8]) -> Option<Vec<u8>> {
    let prefix = format!("{GNU_FIND}: ");
    let words = first_line(stderr).strip_prefix(prefix.as_bytes())?;
    Some([b"tk find: ", words].concat())
}

fn headline(i: usize, case: &Case, argv: &[OsString], fx: &Fixture) -> String {
    let words: Vec<String> = argv
        .iter()
        .map(|w| report::shell_word(w.as_bytes()))
        .collect();
    let who = if case.who == Who::Nobody {
        "setpriv --reuid=65534 --regid=65534 --clear-groups "
    } else {
        ""
    };
    let tree = if case.fresh {
        "\n  (GNU and tk each ran in a fresh tree of their own)"
    } else {
        ""
    };
    let input = case.stdin.map_or(String::new(), |b| {
        format!("printf %s {} | ", report::shell_word(b))
    });
    let path = case.path_env.map_or(String::new(), |p| {
        format!("PATH={} ", report::shell_word(p.as_bytes()))
    });
    format!(
        "--- row {i}: {}\n  repro: cd {}/{} && {input}LC_ALL={} {path}{who}find|tk find {}{tree}",
        case.key(),
        fx.root.display(),
        case.cwd,
        case.locale,
        words.join(" ")
    )
}

fn gnu_detail(g: &Outcome) -> String {
    format!(
        "  gnu status {:?}\n  gnu stdout: {}\n  gnu stderr: {}",
        g.status,
        report::window(&report::escape(&g.stdout), 0, 900),
        report::window(&report::escape(&g.stderr), 0, 400)
    )
}

/// Checks that the table has teeth: enough rows, mostly non-empty
/// outputs, many distinct outputs, and no stale KNOWN_GAPS entries.
fn check_table(cases: &[Case], opts: &Options, tally: &mut Tally, filtered: bool) {
    let keys: BTreeSet<String> = cases.iter().map(Case::key).collect();
    if keys.len() != cases.len() {
        tally
            .failures
            .push("two table rows have the same key: make each row unique".into());
    }
    if cases.len() < opts.min_rows {
        tally.failures.push(format!(
            "the table has {} rows; it needs {}",
            cases.len(),
            opts.min_rows
        ));
    }
    for gap in opts.known_gaps {
        if !cases.iter().any(|c| c.key() == *gap) {
            tally.failures.push(format!(
                "KNOWN_GAPS names a row that is not in the table: {gap}"
            ));
        }
    }
    if filtered {
        return;
    }
    if tally.clean_nonempty * 4 < tally.clean * 3 {
        tally.failures.push(format!(
            "only {} of {} clean rows print anything: too many rows test nothing",
            tally.clean_nonempty, tally.clean
        ));
    }
    if tally.outputs.len() * 3 < tally.walks * 2 {
        tally.failures.push(format!(
            "only {} distinct GNU outputs over {} walking rows: too many rows test the same thing",
            tally.outputs.len(),
            tally.walks
        ));
        for (out, lines) in tally.outputs.iter().filter(|(_, l)| l.len() > 1) {
            let out = report::window(&report::escape(out), 0, 120);
            tally
                .failures
                .push(format!("  same output {out} from: {lines:?}"));
        }
    }
}

fn finish(fx: Fixture, tally: Tally) {
    let mut text = String::new();
    for f in &tally.known {
        let _ = writeln!(text, "[known gap]\n{f}");
    }
    for f in &tally.failures {
        let _ = writeln!(text, "[FAIL]\n{f}");
    }
    let summary = format!(
        "find_gnu_diff: {} rows run, {} failing, {} known gaps, {} skipped; \
         {} distinct GNU outputs; {}/{} clean rows print something",
        tally.rows,
        tally.failures.len(),
        tally.known.len(),
        tally.skipped,
        tally.outputs.len(),
        tally.clean_nonempty,
        tally.clean
    );
    let path = Path::new(env!("CARGO_TARGET_TMPDIR")).join("find_gnu_diff.report");
    let saved = std::fs::write(&path, format!("{text}\n{summary}\n"));
    let report_at = match saved {
        Ok(()) => format!("full report: {}", path.display()),
        Err(e) => format!("(could not write the report to {}: {e})", path.display()),
    };
    eprintln!("{summary}\n{report_at}");
    if std::env::var_os("TK_DIFFTEST_KEEP").is_some() {
        eprintln!(
            "TK_DIFFTEST_KEEP is set: the tree stays at {}",
            fx.root.display()
        );
        // Forgetting the fixture skips its cleanup: the tree (and its
        // tmpfs mount) stay for a look by hand.
        std::mem::forget(fx);
    }
    if !tally.failures.is_empty() {
        panic!(
            "\n{}\n{summary}\n{report_at}\n(TK_DIFFTEST_KEEP=1 keeps the tree for the repro lines)",
            shorten(&tally.failures)
        );
    }
}

/// The first failures in full and a one-line list of the rest: a
/// table-wide breakage stays readable in the test's own output.
fn shorten(failures: &[String]) -> String {
    const FULL: usize = 25;
    let mut s: String = failures
        .iter()
        .take(FULL)
        .map(|f| format!("[FAIL]\n{f}\n"))
        .collect();
    if failures.len() > FULL {
        let _ = writeln!(s, "... and {} more failures:", failures.len() - FULL);
        for f in &failures[FULL..] {
            let _ = writeln!(s, "  {}", f.lines().next().unwrap_or(""));
        }
    }
    s
}
