//! The parts of a path find's tests and actions name, each with GNU
//! find's rule for trailing slashes and the root. They differ on purpose:
//! -name matches `foo` for `foo/`, %f prints `foo/`, -execdir passes
//! `./foo/`, and %h of `/x` is empty while -execdir runs in `/`.

use std::ffi::OsStr;
use std::os::unix::ffi::OsStrExt;
use std::path::PathBuf;

/// The name -name matches: the last component, trailing slashes removed
/// (`foo/` gives `foo`, `/` stays `/`).
pub(crate) fn base_name(path: &[u8]) -> &[u8] {
    let trimmed = match path.iter().rposition(|&b| b != b'/') {
        Some(last) => &path[..=last],
        None if path.is_empty() => return path,
        None => return &path[..1],
    };
    match trimmed.iter().rposition(|&b| b == b'/') {
        Some(slash) => &trimmed[slash + 1..],
        None => trimmed,
    }
}

/// gnulib's base_name, which %f prints and -execdir builds on: the last
/// component with one trailing slash kept (`t/deep//` gives `deep/`).
pub(crate) fn last_component(path: &[u8]) -> &[u8] {
    let Some(last) = path.iter().rposition(|&b| b != b'/') else {
        return &path[..path.len().min(1)];
    };
    let start = path[..last]
        .iter()
        .rposition(|&b| b == b'/')
        .map_or(0, |s| s + 1);
    let end = if last + 1 < path.len() {
        last + 2
    } else {
        last + 1
    };
    &path[start..end]
}

/// %h: the path up to its last slash, "." without one. Trailing slashes
/// are dropped first, except after a one-letter name, as GNU does.
pub(crate) fn leading_dirs(path: &[u8]) -> &[u8] {
    let mut p = path;
    if let Some(last) = p.iter().rposition(|&b| b != b'/') {
        if last > 0 && last + 1 < p.len() {
            p = &p[..=last];
        }
    }
    match p.iter().rposition(|&b| b == b'/') {
        Some(slash) => &p[..slash],
        None => b".",
    }
}

/// What -execdir passes for `path`: `./` and its last component, or `/`
/// alone for the root.
pub(crate) fn execdir_name(path: &[u8]) -> Vec<u8> {
    if path.iter().all(|&b| b == b'/') {
        return b"/".to_vec();
    }
    let mut name = b"./".to_vec();
    name.extend_from_slice(last_component(path));
    name
}

/// The directory -execdir runs in: the path without its last component,
/// "." when there is none and "/" for entries of the root.
pub(crate) fn containing_dir(path: &[u8]) -> PathBuf {
    let trimmed = match path.iter().rposition(|&b| b != b'/') {
        Some(last) => &path[..=last],
        None => return PathBuf::from("/"),
    };
    match trimmed.iter().rposition(|&b| b == b'/') {
        Some(0) => PathBuf::from("/"),
        Some(slash) => PathBuf::from(OsStr::from_bytes(&trimmed[..slash])),
        None => PathBuf::from("."),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_for_dash_name() {
        assert_eq!(base_name(b"a/b/c"), b"c");
        assert_eq!(base_name(b"foo/"), b"foo");
        assert_eq!(base_name(b"foo//"), b"foo");
        assert_eq!(base_name(b"/"), b"/");
        assert_eq!(base_name(b"//"), b"/");
        assert_eq!(base_name(b"."), b".");
        assert_eq!(base_name(b"./x"), b"x");
        assert_eq!(base_name(b""), b"");
    }

    #[test]
    fn names_for_percent_f_and_h() {
        let cases: &[(&str, &str, &str)] = &[
            ("d", "d", "."),
            ("d/", "d/", "d"),
            ("ab/", "ab/", "."),
            ("ab//", "ab/", "."),
            ("d/x", "x", "d"),
            ("./d//x", "x", "./d/"),
            ("/", "/", ""),
            ("//", "/", "/"),
            ("/x", "x", ""),
            (".", ".", "."),
            ("t/deep//", "deep/", "t"),
        ];
        for (path, base, dir) in cases {
            let b = String::from_utf8_lossy(last_component(path.as_bytes())).into_owned();
            let d = String::from_utf8_lossy(leading_dirs(path.as_bytes())).into_owned();
            assert_eq!((b.as_str(), d.as_str()), (*base, *dir), "{path}");
        }
    }

    #[test]
    fn execdir_names_keep_one_trailing_slash() {
        assert_eq!(execdir_name(b"t/deep/"), b"./deep/");
        // Measured with GNU find 4.9: t/deep// gives ./deep/ too.
        assert_eq!(execdir_name(b"t/deep//"), b"./deep/");
        assert_eq!(execdir_name(b"./d/b"), b"./b");
        assert_eq!(execdir_name(b"."), b"./.");
        assert_eq!(execdir_name(b"/"), b"/");
        assert_eq!(execdir_name(b"x"), b"./x");
    }

    #[test]
    fn directories_execdir_runs_in() {
        assert_eq!(containing_dir(b"./d/b"), PathBuf::from("./d"));
        assert_eq!(containing_dir(b"d"), PathBuf::from("."));
        assert_eq!(containing_dir(b"/x"), PathBuf::from("/"));
        assert_eq!(containing_dir(b"d/e/"), PathBuf::from("d"));
        assert_eq!(containing_dir(b"/"), PathBuf::from("/"));
    }
}
