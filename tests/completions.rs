//! `tk completions` in the real shells: bash with the function loaded and
//! COMP_WORDS set, fish with `complete -C`, zsh loading the script under
//! compinit and running its function with `words` and `CURRENT` set, and
//! an interactive zsh on a pseudo-terminal completing a typed line. The
//! answers are checked against what the system says (/proc/filesystems,
//! `id`, the interfaces in /sys/class/net) and against find's table.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

const TK: &str = env!("CARGO_BIN_EXE_tk");

/// Run `shell args...` with tk first in PATH, in `dir`: (status, stdout,
/// stderr).
fn shell(program: &str, args: &[&str], dir: &Path) -> (i32, String, String) {
    let bin = Path::new(TK).parent().unwrap();
    let path = format!("{}:/usr/bin:/bin:/usr/sbin:/sbin", bin.display());
    let out = Command::new(program)
        .args(args)
        .current_dir(dir)
        .env("PATH", path)
        .env("HOME", dir)
        .env("XDG_CONFIG_HOME", dir)
        .env("XDG_DATA_HOME", dir)
        .stdin(Stdio::null())
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// The script for `shell`, saved beside (not in) `dir`, where the file
/// names completed are: `dir` is a folder of the test's temporary one.
fn script(shell: &str, dir: &Path) -> std::path::PathBuf {
    let out = Command::new(TK)
        .args(["completions", shell])
        .output()
        .unwrap();
    assert!(out.status.success());
    let file = dir.parent().unwrap().join(format!("completion.{shell}"));
    std::fs::write(&file, out.stdout).unwrap();
    file
}

/// A temporary folder and, inside it, the folder the shells run in.
fn workspace() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let cwd = tmp.path().join("cwd");
    std::fs::create_dir(&cwd).unwrap();
    (tmp, cwd)
}

/// What bash's completion function offers for `line` (the last word is
/// the one completed; a trailing space means an empty one).
fn bash(line: &str, dir: &Path) -> Vec<String> {
    let file = script("bash", dir);
    let words: Vec<String> = shell_words(line);
    let quoted: Vec<String> = words.iter().map(|w| format!("'{w}'")).collect();
    let program = format!(
        "source '{}'\nCOMP_WORDS=({})\nCOMP_CWORD={}\n_tk\n(( ${{#COMPREPLY[@]}} )) && printf '%s\\n' \"${{COMPREPLY[@]}}\"\nexit 0",
        file.display(),
        quoted.join(" "),
        words.len() - 1
    );
    let (status, out, err) = shell("bash", &["--norc", "--noprofile", "-c", &program], dir);
    assert_eq!((status, err.as_str()), (0, ""), "bash: {line}");
    out.lines().map(str::to_string).collect()
}

/// The words of a command line as the shell would split it; a trailing
/// space gives an empty last word.
fn shell_words(line: &str) -> Vec<String> {
    let mut words: Vec<String> = line.split(' ').map(str::to_string).collect();
    words.retain(|w| !w.is_empty());
    if line.ends_with(' ') {
        words.push(String::new());
    }
    words
}

fn bash_ready() -> Option<(tempfile::TempDir, PathBuf)> {
    (!common::skip::unless_installed("bash", "bash")).then(workspace)
}

#[test]
fn bash_completes_find_primaries_and_their_values() {
    let Some((_tmp, dir)) = bash_ready() else {
        return;
    };
    let d = dir.as_path();
    assert_eq!(bash("tk find . -ty", d), ["-type"]);
    assert_eq!(bash("tk find . -xty", d), ["-xtype"]);
    let types = bash("tk find . -type ", d);
    for letter in ["f", "d", "l", "p", "s", "b", "c"] {
        assert!(types.contains(&letter.to_string()), "{types:?}");
    }
    assert_eq!(
        bash("tk find . -regextype posix-e", d),
        ["posix-egrep", "posix-extended"]
    );
    assert_eq!(bash("tk find -D st", d), ["stat"]);
    assert_eq!(bash("tk find . -ma", d), ["-maxdepth"]);
    // Operators after the starting points, escaped for the shell.
    assert!(bash("tk find . ", d).contains(&"\\(".to_string()));
    assert_eq!(bash("tk find . -exec rm {} ", d), ["{}", "\\;", "+"]);
}

#[test]
fn bash_completes_file_systems_users_and_groups_from_the_system() {
    let Some((_tmp, dir)) = bash_ready() else {
        return;
    };
    let d = dir.as_path();
    let fstypes = bash("tk find / -fstype ", d);
    let proc = std::fs::read_to_string("/proc/filesystems").unwrap();
    for line in proc.lines() {
        let name = line.split_whitespace().last().unwrap().to_string();
        assert!(fstypes.contains(&name), "{name} not in {fstypes:?}");
    }
    let id = |flag| {
        let out = Command::new("id").arg(flag).output().unwrap();
        String::from_utf8(out.stdout).unwrap().trim().to_string()
    };
    assert!(bash("tk find . -user ", d).contains(&id("-un")));
    assert!(bash("tk find . -group ", d).contains(&id("-gn")));
}

#[test]
fn bash_completes_file_names_where_find_wants_a_file() {
    let Some((_tmp, dir)) = bash_ready() else {
        return;
    };
    let d = dir.as_path();
    std::fs::write(d.join("reference.txt"), "").unwrap();
    std::fs::create_dir(d.join("logs")).unwrap();
    for primary in [
        "-newer",
        "-anewer",
        "-samefile",
        "-fprint",
        "-fprint0",
        "-fls",
    ] {
        let found = bash(&format!("tk find . {primary} ref"), d);
        assert_eq!(found, ["reference.txt"], "{primary}");
    }
    assert_eq!(bash("tk find . -fprintf ref", d), ["reference.txt"]);
    assert!(bash("tk find . -fprintf out ", d).is_empty());
    // Starting points are directories.
    assert_eq!(bash("tk find lo", d), ["logs"]);
}

#[test]
fn bash_completes_the_other_commands() {
    let Some((_tmp, dir)) = bash_ready() else {
        return;
    };
    let d = dir.as_path();
    assert_eq!(bash("tk ex", d), ["explain"]);
    let interfaces = bash("tk ip ", d);
    for entry in std::fs::read_dir("/sys/class/net").unwrap() {
        let name = entry.unwrap().file_name().to_string_lossy().into_owned();
        assert!(interfaces.contains(&name), "{name} not in {interfaces:?}");
    }
    assert_eq!(bash("tk bmc --field ip_", d), ["ip_address", "ip_source"]);
    assert!(bash("tk bmc --field MAC", d).contains(&"MAC\\ Address".to_string()));
    assert!(bash("tk explain ", d).contains(&"exit-status".to_string()));
    assert_eq!(bash("tk explain find -mti", d), ["-mtime"]);
    assert_eq!(bash("tk explain find -- . -ty", d), ["-type"]);
    assert_eq!(bash("tk man b", d), ["bmc"]);
}

#[test]
fn fish_completes_with_complete_c() {
    if common::skip::unless_installed("fish", "fish") {
        return;
    }
    let (_tmp, dir) = workspace();
    let file = script("fish", &dir);
    let ask = |line: &str| {
        let program = format!("source '{}'; complete -C '{line}'", file.display());
        let (status, out, err) = shell("fish", &["--no-config", "-c", &program], &dir);
        assert_eq!((status, err.as_str()), (0, ""), "fish: {line}");
        out.lines()
            .map(|l| l.split('\t').next().unwrap().to_string())
            .collect::<Vec<_>>()
    };
    assert_eq!(ask("tk find . -ty"), ["-type"]);
    assert!(ask("tk find . -type ").contains(&"d".to_string()));
    assert_eq!(ask("tk find . -regextype ed"), ["ed"]);
    assert_eq!(ask("tk bmc --field vlan"), ["vlan_id", "vlan_priority"]);
    assert!(ask("tk find . -user ").contains(&"root".to_string()));
    std::fs::write(dir.join("reference.txt"), "").unwrap();
    assert_eq!(ask("tk find . -newer ref"), ["reference.txt"]);
    // fish shows the primary's summary beside it.
    let program = format!("source '{}'; complete -C 'tk find . -ty'", file.display());
    let (_, out, _) = shell("fish", &["--no-config", "-c", &program], &dir);
    assert!(out.starts_with("-type\t"), "{out}");
}

#[test]
fn zsh_loads_the_script_and_its_function_answers() {
    if common::skip::unless_installed("zsh", "zsh") {
        return;
    }
    let (_tmp, dir) = workspace();
    let file = script("zsh", &dir);
    // Under compinit, as a user's .zshrc would; then the function itself
    // with compadd and _files standing in to record what it offers.
    let program = format!(
        "autoload -U compinit && compinit -u -d '{dir}/zcompdump' || exit 3\n\
         source '{file}' || exit 4\n\
         [[ $_comps[tk] == _tk ]] || exit 5\n\
         compadd() {{ shift 2; print -l -- \"$@\" }}\n\
         _files() {{ print -- \"(files $*)\" }}\n\
         words=(tk find . -ty); CURRENT=4; _tk\n\
         words=(tk find . -regextype posix-e); CURRENT=5; _tk\n\
         words=(tk find . -newer ''); CURRENT=5; _tk\n\
         words=(tk bmc --field ip_); CURRENT=4; _tk",
        dir = dir.display(),
        file = file.display()
    );
    let (status, out, err) = shell("zsh", &["-f", "-c", &program], &dir);
    assert_eq!((status, err.as_str()), (0, ""), "{out}");
    assert_eq!(
        out.lines().collect::<Vec<_>>(),
        [
            "-type",
            "posix-egrep",
            "posix-extended",
            "(files )",
            "ip_address",
            "ip_source"
        ]
    );
}

/// zsh's own completion widget, on a pseudo-terminal (zsh/zpty): `line`
/// and a Tab typed into an interactive zsh with `_tk` in its fpath; the
/// edited line comes back between markers.
fn zsh_tab(line: &str, dir: &Path) -> String {
    let fpath = dir.parent().unwrap().join("fpath");
    std::fs::create_dir_all(&fpath).unwrap();
    std::fs::copy(script("zsh", dir), fpath.join("_tk")).unwrap();
    let program = format!(
        "zmodload zsh/zpty || exit 3\n\
         zpty z 'zsh -f -i'\n\
         zpty -w z 'PS1=\"%% \"; fpath=({fpath} $fpath); autoload -U compinit; \
         compinit -u -d {fpath}/dump'\n\
         zpty -w -n z $'{line}\\t'\n\
         zpty -w -n z $'\\x01print -r -- \\'<<\\'\\x05\\'>>\\'\\n'\n\
         out=''\n\
         for i in {{1..100}}; do\n\
           zpty -r -t z chunk && out+=$chunk\n\
           [[ $out == *'<<tk '*'>>'* ]] && break\n\
           sleep 0.1\n\
         done\n\
         zpty -d z\n\
         out=${{out//$'\\r'/}}\n\
         print -r -- ${{${{out##*<<}}%%>>*}}",
        fpath = fpath.display()
    );
    let (status, out, err) = shell("zsh", &["-f", "-c", &program], dir);
    assert_eq!((status, err.as_str()), (0, ""), "zsh: {line}");
    out.trim_end().to_string()
}

#[test]
fn zsh_completes_a_typed_line() {
    if common::skip::unless_installed("zsh", "zsh") {
        return;
    }
    let (_tmp, dir) = workspace();
    assert_eq!(zsh_tab("tk find . -ty", &dir), "tk find . -type");
    assert_eq!(
        zsh_tab("tk bmc --field ip_a", &dir),
        "tk bmc --field ip_address"
    );
    assert_eq!(
        zsh_tab("tk find . -regextype posix-ex", &dir),
        "tk find . -regextype posix-extended"
    );
}
