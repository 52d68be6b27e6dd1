//! `tk man`: every page, in both languages, passes groff's and mandoc's
//! lint without a warning and renders with `man -l`; tk-find(1) has an
//! entry for every primary of find's table; `--dir` writes them all.

mod common;

use std::path::Path;
use std::process::{Command, Stdio};

use tk::explain::canonical_key;
use tk::find::cmdline::primaries;

const TK: &str = env!("CARGO_BIN_EXE_tk");
const PAGES: &[&str] = &["", "find", "ip", "bmc", "explain"];
/// The pages' date, fixed so that two runs compare equal.
const DATE: &str = "1764720000";

/// `tk man --lang LANG PAGE`: the roff, after checking the status.
fn page(lang: &str, name: &str) -> String {
    let mut cmd = Command::new(TK);
    cmd.args(["man", "--lang", lang])
        .env("SOURCE_DATE_EPOCH", DATE);
    if !name.is_empty() {
        cmd.arg(name);
    }
    let out = cmd.output().unwrap();
    assert!(out.status.success(), "tk man {name}: {out:?}");
    assert!(out.stderr.is_empty());
    String::from_utf8(out.stdout).unwrap()
}

/// Run `program args... FILE` on `roff` saved in a file; (status, stdout
/// and stderr together).
fn tool(program: &str, args: &[&str], roff: &str) -> (i32, String) {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("page.1");
    std::fs::write(&file, roff).unwrap();
    let out = Command::new(program)
        .args(args)
        .arg(&file)
        .env("MANWIDTH", "80")
        .env("MAN_KEEP_FORMATTING", "")
        .env("LC_ALL", "C.UTF-8")
        .stdin(Stdio::null())
        .output()
        .unwrap();
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (out.status.code().unwrap_or(-1), text)
}

#[test]
fn groff_finds_nothing_to_warn_about() {
    if common::skip::unless_installed("groff", "groff") {
        return;
    }
    for lang in ["en", "zh"] {
        for name in PAGES {
            let roff = page(lang, name);
            // The Chinese pages need a device with their characters.
            let mut devices = vec!["-Tutf8"];
            if lang == "en" {
                devices.push("-Tps");
            }
            for device in devices {
                let (status, text) = tool("groff", &["-man", "-ww", "-z", device], &roff);
                assert_eq!((status, text.as_str()), (0, ""), "{lang} {name} {device}");
            }
        }
    }
}

#[test]
fn mandoc_lint_finds_nothing_at_all() {
    if common::skip::unless_installed("mandoc", "mandoc") {
        return;
    }
    for lang in ["en", "zh"] {
        for name in PAGES {
            let (status, text) = tool("mandoc", &["-T", "lint", "-W", "all"], &page(lang, name));
            assert_eq!((status, text.as_str()), (0, ""), "{lang} tk-{name}");
        }
    }
}

#[test]
fn man_renders_each_page() {
    if common::skip::unless_installed("man", "man-db") {
        return;
    }
    for (lang, name, header, sample) in [
        ("en", "", "TK(1)", "tk - a sysadmin helper"),
        (
            "en",
            "find",
            "TK-FIND(1)",
            "tk-find - search a directory tree",
        ),
        ("en", "ip", "TK-IP(1)", "--primary"),
        ("en", "bmc", "TK-BMC(1)", "IPMI_PASSWORD"),
        (
            "en",
            "explain",
            "TK-EXPLAIN(1)",
            "tk man --dir ~/.local/share/man",
        ),
        ("zh", "find", "TK-FIND(1)", "在目录树中查找文件"),
        ("zh", "bmc", "TK-BMC(1)", "什么是 BMC"),
    ] {
        let (status, text) = tool("man", &["-l"], &page(lang, name));
        assert_eq!(status, 0, "{lang} {name}: {text}");
        assert!(text.starts_with(header), "{lang} {name}: {text}");
        // Justified lines have runs of spaces; compare words.
        let words = text.split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(
            words.contains(sample),
            "{lang} {name}: no {sample:?} in {text}"
        );
        for section in ["NAME", "SYNOPSIS", "DESCRIPTION", "EXIT STATUS", "SEE ALSO"] {
            assert!(
                text.contains(&format!("\n{section}\n")),
                "{lang} {name}: {section}"
            );
        }
    }
}

/// The words in the tags of tk-find(1)'s tagged paragraphs, as man shows
/// them: the first word of each line indented by exactly 7 columns.
fn tags(text: &str) -> Vec<String> {
    text.lines()
        .filter(|l| l.starts_with("       ") && !l.starts_with("        "))
        .filter_map(|l| l.split_whitespace().next())
        .map(str::to_string)
        .collect()
}

#[test]
fn every_primary_has_an_entry_in_tk_find_1() {
    if common::skip::unless_installed("man", "man-db") {
        return;
    }
    for lang in ["en", "zh"] {
        let (status, text) = tool("man", &["-l"], &page(lang, "find"));
        assert_eq!(status, 0);
        let expression = text
            .split("\nEXPRESSION\n")
            .nth(1)
            .and_then(|t| t.split("\nEXAMPLES\n").next())
            .expect("an EXPRESSION section");
        let tags = tags(expression);
        let missing: Vec<&str> = primaries::all()
            .iter()
            .map(|p| p.name)
            .filter(|name| {
                let key = canonical_key(name);
                !tags.contains(&key)
            })
            .collect();
        assert!(missing.is_empty(), "{lang}: tk-find(1) lacks {missing:?}");
        for leading in ["-H", "-L", "-P", "-D", "-O"] {
            assert!(tags.iter().any(|t| t == leading), "{lang}: {leading}");
        }
    }
}

#[test]
fn dir_writes_every_page_and_man_finds_them() {
    let dir = tempfile::tempdir().unwrap();
    let out = Command::new(TK)
        .args(["man", "--lang", "en", "--dir"])
        .env("SOURCE_DATE_EPOCH", DATE)
        .arg(dir.path())
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    let man1 = dir.path().join("man1");
    let mut names: Vec<String> = std::fs::read_dir(&man1)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(
        names,
        ["tk-bmc.1", "tk-explain.1", "tk-find.1", "tk-ip.1", "tk.1"]
    );
    let written = std::fs::read_to_string(man1.join("tk-find.1")).unwrap();
    assert_eq!(written, page("en", "find"));
    assert!(
        written.contains(".TH TK-FIND 1 2025-12-03 "),
        "SOURCE_DATE_EPOCH"
    );
    if common::skip::unless_installed("man", "man-db") {
        return;
    }
    // man finds the page by name under the folder given as its path.
    let found = Command::new("man")
        .arg("-M")
        .arg(dir.path())
        .args(["-w", "tk-find"])
        .output()
        .unwrap();
    let path = String::from_utf8_lossy(&found.stdout);
    assert_eq!(Path::new(path.trim()), man1.join("tk-find.1"));
}

#[test]
fn an_unknown_page_is_a_usage_error() {
    let out = Command::new(TK).args(["man", "nope"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "tk man: no page 'nope'; pages: find, ip, bmc, explain (or none, for tk itself)\n"
    );
    let unwritable = Command::new(TK)
        .args(["man", "--dir", "/proc/version/x"])
        .output()
        .unwrap();
    assert_eq!(unwritable.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&unwritable.stderr).starts_with("tk man: cannot create "),
        "{unwritable:?}"
    );
}

#[test]
fn the_locale_picks_the_language_without_lang() {
    let roff = |lang: Option<&str>| {
        let mut cmd = Command::new(TK);
        cmd.args(["man", "find"])
            .env("SOURCE_DATE_EPOCH", DATE)
            .env_remove("LC_ALL")
            .env_remove("LC_MESSAGES")
            .env_remove("LANG");
        if let Some(value) = lang {
            cmd.env("LANG", value);
        }
        String::from_utf8(cmd.output().unwrap().stdout).unwrap()
    };
    assert_eq!(roff(Some("zh_CN.UTF-8")), page("zh", "find"));
    assert_eq!(roff(None), page("en", "find"));
}
