//! The layers of src/ only point down: scripts/import-graph finds no
//! import cycle among the modules, nor among the folders. It is checked
//! here on the real tree, and on a small tree with a cycle in it, so a
//! script that stopped seeing cycles would fail too. And the table of
//! find's primaries cannot drift from the parser and the expression:
//! every row parses through its builder, every test and action of the
//! expression is built and evaluated.

mod common;

use std::ffi::OsString;
use std::path::Path;
use std::process::{Command, Output};

use common::skip;
use tk::find::cmdline::parse;
use tk::find::cmdline::primaries::{self, ArgKind, PrimaryKind};

fn import_graph(src: &Path) -> Output {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("scripts/import-graph");
    Command::new("python3")
        .arg(script)
        .arg(src)
        .output()
        .expect("python3 runs")
}

#[test]
fn no_module_or_folder_of_src_imports_in_a_cycle() {
    if skip::unless_installed("python3", "python3") {
        return;
    }
    let out = import_graph(&Path::new(env!("CARGO_MANIFEST_DIR")).join("src"));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{text}");
    assert!(
        text.lines()
            .any(|l| l.starts_with("no cycle: ") || l.starts_with("no other cycle: ")),
        "{text}"
    );
}

/// Write `files` (path, text) under a new temporary src/.
fn tree(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (path, text) in files {
        let path = dir.path().join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    dir
}

#[test]
fn a_cycle_of_modules_is_found_and_shown_with_its_lines() {
    if skip::unless_installed("python3", "python3") {
        return;
    }
    let src = tree(&[
        ("lib.rs", "mod app;\n"),
        ("app/mod.rs", "mod low;\nmod top;\n"),
        ("app/low/mod.rs", "pub mod a;\npub mod b;\n"),
        ("app/low/a.rs", "use super::b::B;\npub struct A;\n"),
        (
            "app/low/b.rs",
            "pub struct B;\nfn f() -> crate::app::top::T { todo!() }\n",
        ),
        ("app/top.rs", "use super::low::a::A;\npub struct T;\n"),
    ]);
    let out = import_graph(src.path());
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{text}");
    assert!(
        text.contains("cycle among modules: app::low::a, app::low::b, app::top"),
        "{text}"
    );
    assert!(text.contains("low/b.rs:2: crate::app::top::T"), "{text}");
    assert!(
        text.contains("cycle among layers: app::low, app::top"),
        "{text}"
    );
}

/// Modules in one order, folders in a circle: the layers' check sees it.
/// Test code may look anywhere.
#[test]
fn a_cycle_of_folders_is_found_and_test_code_is_left_out() {
    if skip::unless_installed("python3", "python3") {
        return;
    }
    let src = tree(&[
        ("lib.rs", "mod app;\n"),
        ("app/mod.rs", "mod low;\nmod top;\n"),
        ("app/low/mod.rs", "pub mod a;\npub mod b;\n"),
        ("app/low/a.rs", "use crate::app::top::T;\n"),
        ("app/low/b.rs", "pub struct B;\n"),
        (
            "app/top.rs",
            "use super::low::b::B;\npub struct T;\n#[cfg(test)]\nmod tests {\n    use super::super::low::a;\n}\n",
        ),
    ]);
    let out = import_graph(src.path());
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{text}");
    assert!(!text.contains("cycle among modules"), "{text}");
    assert!(
        text.contains("cycle among layers: app::low, app::top"),
        "{text}"
    );
}

/// A mod.rs that runs its children by bare paths (`walk::Walker`) and
/// holds an item a child uses: a cycle, though no `use` line shows it.
#[test]
fn a_parent_calling_a_child_by_a_bare_path_is_an_edge() {
    if skip::unless_installed("python3", "python3") {
        return;
    }
    let src = tree(&[
        ("lib.rs", "mod app;\n"),
        (
            "app/mod.rs",
            "mod walk;\npub const STACK: usize = 1;\nfn run() { walk::go() }\n",
        ),
        ("app/walk.rs", "pub fn go() { let _ = super::STACK; }\n"),
    ]);
    let out = import_graph(src.path());
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{text}");
    assert!(
        text.contains("cycle among modules: app, app::walk"),
        "{text}"
    );
    assert!(text.contains("app/mod.rs:3: walk::go"), "{text}");
}

/// Words that make a valid argument of each shape, for the table's rows.
fn sample_args(arg: ArgKind, dir: &Path) -> Vec<OsString> {
    let file = dir.join("reference").into_os_string();
    let out = dir.join("output").into_os_string();
    let words: Vec<OsString> = match arg {
        ArgKind::None => vec![],
        ArgKind::Pattern => vec!["*.rs".into()],
        ArgKind::Regex => vec![".*".into()],
        ArgKind::RegexType => vec!["emacs".into()],
        ArgKind::TypeLetters => vec!["f".into()],
        ArgKind::Number => vec!["+1".into()],
        ArgKind::Age => vec!["-1".into()],
        ArgKind::Depth => vec!["2".into()],
        ArgKind::Size => vec!["+1k".into()],
        ArgKind::Mode => vec!["-644".into()],
        ArgKind::User | ArgKind::Group => vec!["root".into()],
        ArgKind::File => vec![file],
        ArgKind::OutputFile => vec![out],
        ArgKind::Date => vec!["2024-01-31".into()],
        ArgKind::Format => vec!["%p\n".into()],
        ArgKind::OutputFileAndFormat => vec![out, "%p\n".into()],
        ArgKind::Command => vec!["true".into(), ";".into()],
        ArgKind::FsType => vec!["ext4".into()],
    };
    let words_of_shape = arg.words().unwrap_or(2);
    assert_eq!(words.len(), words_of_shape, "the sample of {arg:?}");
    words
}

/// Every row of the table of primaries is built by the parser through
/// its own builder, which reads exactly the words its `ArgKind` says
/// (a word left over, or one too many taken, breaks the `-name` that
/// follows), and an action is an action to the implicit -print. So a row
/// whose builder drifts from its shape, or a name the parser does not
/// reach, fails here.
#[test]
fn every_primary_of_the_table_parses_with_the_words_its_shape_says() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("reference"), "").unwrap();
    for row in primaries::all() {
        let mut args: Vec<OsString> = match (row.kind, row.name) {
            (PrimaryKind::Operator, "(" | ")") => vec!["(".into(), "-true".into(), ")".into()],
            (PrimaryKind::Operator, "!" | "-not") => vec![row.name.into(), "-true".into()],
            (PrimaryKind::Operator, "-a" | "-and" | "-o" | "-or" | ",") => {
                vec!["-true".into(), row.name.into(), "-true".into()]
            }
            (PrimaryKind::Operator, other) => panic!("no sample use for the operator {other}"),
            _ => std::iter::once(row.name.into())
                .chain(sample_args(row.arg, dir.path()))
                .collect(),
        };
        args.extend(["-name".into(), "tk-sentinel".into()]);
        let plan = match parse(&args) {
            Ok(plan) => plan,
            // The row's own reader refused a file system without birth
            // times: its row was reached, which is what this checks.
            Err(e) if row.name.contains('B') && e.message.contains("birth times") => continue,
            Err(e) => panic!("{} {args:?}: {}", row.name, e.message),
        };
        let is_action = row.kind == PrimaryKind::Action && !["-prune", "-quit"].contains(&row.name);
        assert_eq!(plan.implicit_print, !is_action, "{}", row.name);
    }
}

/// Each variant of the expression's tests and actions is made by some
/// builder in cmdline/ (the table or build/), and matched by the
/// evaluator: a variant added without its builder, or left behind when a
/// primary goes, shows here (the compiler sees neither, the enums being
/// public).
#[test]
fn every_test_and_action_of_the_expression_is_built_and_evaluated() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/find");
    let read = |path: &Path| std::fs::read_to_string(path).unwrap();
    let mut builders = read(&src.join("cmdline/primaries.rs"));
    for file in std::fs::read_dir(src.join("cmdline/build")).unwrap() {
        builders += &read(&file.unwrap().path());
    }
    let eval = read(&src.join("eval.rs"));
    let expr = read(&src.join("expr.rs"));
    for enum_name in ["Test", "Action"] {
        let body = expr
            .split(&format!("pub enum {enum_name} {{\n"))
            .nth(1)
            .and_then(|rest| rest.split("\n}\n").next())
            .unwrap_or_else(|| panic!("expr.rs has pub enum {enum_name}"));
        let variants: Vec<&str> = body
            .lines()
            .map(str::trim)
            .filter(|l| l.starts_with(|c: char| c.is_ascii_uppercase()))
            .map(|l| l.split(['(', ' ', ',', '{']).next().unwrap())
            .collect();
        assert!(variants.len() > 5, "{enum_name}: {variants:?}");
        for variant in variants {
            let path = format!("{enum_name}::{variant}");
            assert!(builders.contains(&path), "no builder makes {path}");
            assert!(eval.contains(&path), "eval.rs does not match {path}");
        }
    }
}

/// One skip rule: only tests/common/skip.rs reads `CI` (the unit tests in
/// src/ include that same file as `crate::skip`), so no test decides by
/// itself what CI means.
#[test]
fn only_the_skip_module_reads_the_ci_variable() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let rule = root.join("tests/common/skip.rs");
    let mut readers = Vec::new();
    let mut dirs = vec![root.join("src"), root.join("tests")];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                dirs.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") && path != rule {
                let text = std::fs::read_to_string(&path).unwrap();
                if ["var(\"CI\")", "var_os(\"CI\")"]
                    .iter()
                    .any(|read| text.contains(read))
                {
                    readers.push(path);
                }
            }
        }
    }
    assert!(readers.is_empty(), "read CI themselves: {readers:?}");
    let text = std::fs::read_to_string(&rule).unwrap();
    assert!(text.contains("var(\"CI\")"), "skip.rs reads CI");
}
