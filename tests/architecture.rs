//! The layers of src/ only point down: scripts/import-graph finds no
//! import cycle among the modules, nor among the folders. It is checked
//! here on the real tree, and on a small tree with a cycle in it, so a
//! script that stopped seeing cycles would fail too.

mod common;

use std::path::Path;
use std::process::{Command, Output};

use common::skip;

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
