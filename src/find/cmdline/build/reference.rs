//! Reference files (-newer and its kin, -samefile), stat'ed once, while
//! parsing, as GNU does, following links as the walk would for a
//! starting point.

use std::os::unix::ffi::OsStrExt;

use crate::find::cmdline::error::{ParseError, quote};
use crate::find::cmdline::parser::Parser;
use crate::find::expr::Test;
use crate::find::fs::entry::{birth_time, dangles};
use crate::find::types::Timestamp;
use crate::find::walk::Follow;
use crate::out::strerror_errno;

/// Stat a reference file (-newer, -samefile), following links as the
/// walk would for a starting point.
pub(crate) fn reference(
    p: &mut Parser<'_>,
    at: usize,
) -> Result<nix::sys::stat::FileStat, ParseError> {
    let path = p.arg(at)?;
    let follow = p.opts.follow != Follow::Never;
    // A dangling link is described by the link itself (GNU's
    // fallback_stat); a loop, or no file at all, is an error.
    let result = match follow.then(|| nix::sys::stat::stat(path)) {
        Some(Err(e)) if dangles(e) => nix::sys::stat::lstat(path),
        Some(followed) => followed,
        None => nix::sys::stat::lstat(path),
    };
    result.map_err(|e| {
        ParseError::new(
            format!("{}: {}", quote(path), strerror_errno(e)),
            Some(p.pos - 1),
        )
    })
}

/// The birth time of a reference file (statx), for -newerXB.
pub(crate) fn reference_birth(p: &mut Parser<'_>, at: usize) -> Result<Timestamp, ParseError> {
    let path = p.arg(at)?;
    let bad = |why: String| ParseError::new(format!("{}: {why}", quote(path)), Some(p.pos - 1));
    let name = std::ffi::CString::new(path.as_bytes())
        .map_err(|_| bad("a path cannot contain a NUL byte".into()))?;
    let follow = p.opts.follow != Follow::Never;
    let born = match birth_time(nix::fcntl::AT_FDCWD, &name, follow) {
        Err(e) if follow && dangles(e) => birth_time(nix::fcntl::AT_FDCWD, &name, false),
        other => other,
    };
    match born {
        Ok(Some(time)) => Ok(time),
        Ok(None) => Err(bad("its file system does not record birth times".into())),
        Err(e) => Err(bad(strerror_errno(e))),
    }
}

/// -samefile FILE.
pub(crate) fn samefile(p: &mut Parser<'_>, at: usize) -> Result<Test, ParseError> {
    let st = reference(p, at)?;
    Ok(Test::SameFile {
        dev: st.st_dev,
        ino: st.st_ino,
    })
}
