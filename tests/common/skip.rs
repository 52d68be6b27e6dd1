//! The one rule for a test that cannot run on this machine.
//!
//! A test that needs root, a package or a kernel feature that is not here
//! skips with a loud message on stderr (past the harness's capture) on a
//! developer's laptop, and fails under `CI=true`, where everything it needs
//! must be installed. Every test file says "skipped" through this module and
//! nowhere else, so the rule cannot drift between files.

use std::fmt::Display;
use std::io::Write;
use std::path::Path;

/// True when this is CI's run: the variable `CI` is exactly `true`.
pub fn under_ci() -> bool {
    std::env::var("CI").as_deref() == Ok("true")
}

/// Skip the calling test because of `reason`: returns true after a loud
/// message, or panics (the test fails) under `CI=true`.
#[track_caller]
pub fn skip(reason: impl Display) -> bool {
    assert!(
        !under_ci(),
        "{reason}: required under CI=true, so this is a failure"
    );
    // Straight to stderr, past the test harness's output capture.
    let _ = writeln!(
        std::io::stderr(),
        "\n*** SKIPPED: {reason}; that did not run ***\n"
    );
    true
}

/// `skip(reason)` when there is a reason, false (go on) when there is none.
#[track_caller]
pub fn skip_if(reason: Option<impl Display>) -> bool {
    reason.is_some_and(skip)
}

/// Skip unless the effective user is root.
#[track_caller]
pub fn unless_root(what: &str) -> bool {
    skip_if((!nix::unistd::geteuid().is_root()).then(|| format!("{what} needs root")))
}

/// Skip unless `program` is an executable file at that absolute path or
/// on PATH; `package` names the Debian package that provides it.
#[track_caller]
pub fn unless_installed(program: &str, package: &str) -> bool {
    skip_if(
        (!installed(program))
            .then(|| format!("{program} is not installed (Debian package {package})")),
    )
}

/// Skip unless GNU find, the oracle of the find tests, is at
/// /usr/bin/find.
#[track_caller]
pub fn unless_gnu_find() -> bool {
    unless_installed("/usr/bin/find", "findutils")
}

/// True when `program` is an absolute path that exists, or a name found
/// on PATH.
pub fn installed(program: &str) -> bool {
    if program.contains('/') {
        return Path::new(program).exists();
    }
    std::env::var_os("PATH")
        .is_some_and(|path| std::env::split_paths(&path).any(|dir| dir.join(program).is_file()))
}

/// Skip unless glibc has every one of `locales` (de_DE.UTF-8, ...);
/// scripts/test generates the ones the tests use.
#[track_caller]
pub fn unless_locales(locales: &[&str]) -> bool {
    let missing: Vec<&str> = locales
        .iter()
        .copied()
        .filter(|l| !locale_installed(l))
        .collect();
    skip_if(
        (!missing.is_empty()).then(|| {
            format!("locales {missing:?} are not generated (scripts/test runs locale-gen)")
        }),
    )
}

/// True when glibc has `locale`: C, POSIX and C.UTF-8 are built in, the
/// others as `locale -a` lists them (`de_DE.utf8` for de_DE.UTF-8).
pub fn locale_installed(locale: &str) -> bool {
    if matches!(locale, "C" | "POSIX" | "C.UTF-8" | "C.utf8") {
        return true;
    }
    let Ok(out) = std::process::Command::new("locale").arg("-a").output() else {
        return false;
    };
    let want = locale.to_ascii_lowercase().replace("utf-8", "utf8");
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .any(|l| l.to_ascii_lowercase() == want)
}
