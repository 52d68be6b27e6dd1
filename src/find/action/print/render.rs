//! One -printf directive for one file: the value GNU find prints, put
//! through the directive's flags, width and precision. Times go through
//! the cached local clock and hand-written digits (see `clock`, `strftime`).

use std::os::fd::AsRawFd;

use nix::errno::Errno;
use nix::fcntl::AtFlags;
use nix::sys::stat::fstatat;

use super::ctx::FormatCtx;
use super::directive::Directive;
use super::localized;
use super::pad::Spec;
use super::strftime::{self, signed, unsigned};
use crate::find::fs::entry::{Entry, dangles};
use crate::find::fs::pathname::{last_component, leading_dirs};
use crate::find::types::{Kind, TimeField, Timestamp};
use crate::out::strerror_errno;

/// Append one directive's output for `entry`.
pub(super) fn field(
    spec: Spec,
    directive: Directive,
    entry: &Entry<'_>,
    ctx: &mut FormatCtx,
    out: &mut Vec<u8>,
) -> Result<(), Errno> {
    use Directive as D;
    if spec.overflows() {
        let message = format!(
            "a -printf field width or precision is over {}: {}",
            i32::MAX,
            strerror_errno(Errno::EOVERFLOW)
        );
        ctx.issue(message, true);
        return Ok(());
    }
    let st = || entry.stat();
    match directive {
        // GNU copies an unknown time letter into its printf format, so a
        // digit there becomes a field width: %T5 prints "%5" in 5 columns
        // (and %3T5 too). tk reproduces the output, not the accident.
        D::Time(field, k @ b'1'..=b'9') if field != TimeField::Birth => {
            let width = usize::from(k - b'0');
            out.resize(out.len() + width.saturating_sub(2), b' ');
            out.extend_from_slice(&[b'%', k]);
        }
        D::Depth => spec.decimal(out, i64::try_from(entry.depth).unwrap_or(i64::MAX)),
        D::ModeOctal => spec.octal(out, u64::from(st()?.st_mode & 0o7777)),
        D::Sparseness => spec.general(
            out,
            sparseness(st()?.st_size, st()?.st_blocks),
            ctx.decimal_point.as_bytes(),
        ),
        _ if spec.is_plain() => text(directive, entry, ctx, out)?,
        _ => {
            let mut buf = std::mem::take(&mut ctx.scratch);
            buf.clear();
            let done = text(directive, entry, ctx, &mut buf);
            spec.string(out, &buf);
            ctx.scratch = buf;
            done?;
        }
    }
    Ok(())
}

/// The text of a directive printed with `%s`.
fn text(
    directive: Directive,
    entry: &Entry<'_>,
    ctx: &mut FormatCtx,
    out: &mut Vec<u8>,
) -> Result<(), Errno> {
    use Directive as D;
    let st = || entry.stat();
    match directive {
        D::Ctime(field) => ctime(out, ctx, time_of(entry, field)?),
        D::Time(TimeField::Birth, k) => birth(out, k),
        D::Time(field, k) => time(out, ctx, time_of(entry, field)?, k),
        D::Blocks => unsigned(out, blocks(st()?)),
        D::KiloBlocks => unsigned(out, blocks(st()?).div_ceil(2)),
        D::Device => unsigned(out, st()?.st_dev),
        D::Inode => unsigned(out, st()?.st_ino),
        D::Links => unsigned(out, st()?.st_nlink),
        D::Size => signed(out, st()?.st_size),
        D::Uid => unsigned(out, u64::from(st()?.st_uid)),
        D::Gid => unsigned(out, u64::from(st()?.st_gid)),
        D::User => owner(out, ctx.user_name(st()?.st_uid), st()?.st_uid),
        D::Group => owner(out, ctx.group_name(st()?.st_gid), st()?.st_gid),
        D::FsType => {
            let name = ctx.fstypes.name_of(st()?.st_dev).unwrap_or("unknown");
            out.extend_from_slice(name.as_bytes());
        }
        D::ModeString => out.extend_from_slice(&super::mode::mode_string(st()?.st_mode)),
        D::Path => name(out, ctx, entry.path),
        D::BaseName => name(out, ctx, last_component(entry.path)),
        D::Dirname => name(out, ctx, leading_dirs(entry.path)),
        D::StartPoint => name(out, ctx, entry.root),
        D::RelPath => name(out, ctx, rel_path(entry)),
        D::Kind => out.push(entry.kind()?.letter() as u8),
        D::TargetKind => target_kind(out, entry, ctx)?,
        D::LinkTarget => link_target(out, entry, ctx)?,
        D::Context => context(out, entry, ctx),
        D::Depth | D::ModeOctal | D::Sparseness => unreachable!("numeric directives"),
    }
    Ok(())
}

fn time_of(entry: &Entry<'_>, field: TimeField) -> Result<Timestamp, Errno> {
    Ok(entry
        .time(field)?
        .unwrap_or(Timestamp { sec: -1, nsec: -1 }))
}

fn owner(out: &mut Vec<u8>, name: Option<&[u8]>, id: u32) {
    match name {
        Some(name) => out.extend_from_slice(name),
        None => unsigned(out, u64::from(id)),
    }
}

/// GNU's file_sparseness: allocated bytes over the size.
fn sparseness(size: i64, blocks: i64) -> f64 {
    if size == 0 {
        return if blocks == 0 { 1.0 } else { f64::INFINITY };
    }
    512.0 * blocks as f64 / size as f64
}

/// %a %c %t: GNU's own ctime-like form, English in every locale.
fn ctime(out: &mut Vec<u8>, ctx: &mut FormatCtx, ts: Timestamp) {
    let Some(tm) = ctx.clock.civil(ts.sec) else {
        return time(out, ctx, ts, b'@');
    };
    strftime::letter(out, b'a', &tm, ts.sec, b"");
    out.push(b' ');
    strftime::letter(out, b'b', &tm, ts.sec, b"");
    out.push(b' ');
    strftime::letter(out, b'e', &tm, ts.sec, b"");
    out.push(b' ');
    strftime::letter(out, b'T', &tm, ts.sec, b"");
    nanos(out, ts.nsec);
    out.push(b' ');
    out.extend_from_slice(format!("{:04}", tm.year).as_bytes());
}

/// %A<k> and friends: `@` seconds since the epoch, `+` date+time, else
/// strftime's %k; `S`, `T`, `X`, `+` and `@` get the nanoseconds.
/// 512-byte blocks allocated (never negative on Linux).
fn blocks(st: &libc::stat) -> u64 {
    u64::try_from(st.st_blocks).unwrap_or(0)
}

pub(super) fn time(out: &mut Vec<u8>, ctx: &mut FormatCtx, ts: Timestamp, k: u8) {
    let civil = if k == b'@' {
        None
    } else {
        ctx.clock.civil(ts.sec)
    };
    let Some(tm) = civil else {
        signed(out, ts.sec);
        if matches!(k, b'@' | b'+' | b'S' | b'T' | b'X') {
            nanos(out, ts.nsec);
        }
        return;
    };
    let zone = ctx.clock.zone();
    if let Some(names) = ctx.time_names
        && localized::from_locale(k)
    {
        if k == b'X' {
            let mut fraction = Vec::with_capacity(12);
            nanos(&mut fraction, ts.nsec);
            localized::time_with_nanos(out, names, &tm, ts.sec, zone, &fraction);
        } else {
            localized::letter(out, names, k, &tm, ts.sec, zone);
        }
        return;
    }
    match k {
        b'+' => {
            strftime::letter(out, b'F', &tm, ts.sec, zone);
            out.push(b'+');
            strftime::letter(out, b'T', &tm, ts.sec, zone);
        }
        _ => strftime::letter(out, k, &tm, ts.sec, zone),
    }
    if matches!(k, b'+' | b'S' | b'T' | b'X') {
        nanos(out, ts.nsec);
    }
}

/// GNU find 4.9 on Linux reads the birth time from struct stat, which has
/// none: %B@ prints the "unknown" timestamp {-1, -1}, every other %B<k>
/// prints nothing.
fn birth(out: &mut Vec<u8>, k: u8) {
    if k == b'@' {
        out.extend_from_slice(b"-1.-000000010");
    }
}

/// ".123456789" and GNU's trailing 0.
fn nanos(out: &mut Vec<u8>, nsec: i64) {
    out.push(b'.');
    if nsec < 0 {
        // Only the "unknown" timestamp has one; C's %09ld gives -00000001.
        out.extend_from_slice(format!("{nsec:09}").as_bytes());
    } else {
        let mut digits = *b"0000000000";
        let mut n = u64::try_from(nsec).unwrap_or(0);
        for d in digits[..9].iter_mut().rev() {
            *d = b'0' + (n % 10) as u8;
            n /= 10;
        }
        out.extend_from_slice(&digits);
        return;
    }
    out.push(b'0');
}

/// %P: the path below the starting point.
fn rel_path<'a>(entry: &Entry<'a>) -> &'a [u8] {
    if entry.depth == 0 {
        return b"";
    }
    let rest = &entry.path[entry.root.len().min(entry.path.len())..];
    rest.strip_prefix(b"/").unwrap_or(rest)
}

/// %Y: the kind of what a link points to; N for a dangling link, L for a
/// loop, ? (and a warning) for anything else that goes wrong.
fn target_kind(out: &mut Vec<u8>, entry: &Entry<'_>, ctx: &mut FormatCtx) -> Result<(), Errno> {
    if entry.stat()?.st_mode & libc::S_IFMT != libc::S_IFLNK {
        out.push(Kind::from_mode(entry.stat()?.st_mode).letter() as u8);
        return Ok(());
    }
    match fstatat(entry.parent, entry.at_name, AtFlags::empty()) {
        Ok(st) => out.push(Kind::from_mode(st.st_mode).letter() as u8),
        Err(err) if dangles(err) => out.push(b'N'),
        Err(Errno::ELOOP) => out.push(b'L'),
        Err(err) => {
            out.push(b'?');
            ctx.issue(
                format!("{}: {}", quoted(entry.path), strerror_errno(err)),
                false,
            );
        }
    }
    Ok(())
}

/// %l: a symlink's target, empty for anything else.
fn link_target(out: &mut Vec<u8>, entry: &Entry<'_>, ctx: &mut FormatCtx) -> Result<(), Errno> {
    if entry.kind()? != Kind::Symlink {
        return Ok(());
    }
    match nix::fcntl::readlinkat(entry.parent, entry.at_name) {
        Ok(target) => name(out, ctx, target.as_encoded_bytes()),
        Err(err) => ctx.issue(
            format!("{}: {}", quoted(entry.path), strerror_errno(err)),
            true,
        ),
    }
    Ok(())
}

/// A file name: as it is, or made safe for the terminal it goes to.
fn name(out: &mut Vec<u8>, ctx: &FormatCtx, bytes: &[u8]) {
    if ctx.to_terminal {
        crate::find::action::termsafe::push_printable(out, bytes, ctx.utf8);
    } else {
        out.extend_from_slice(bytes);
    }
}

/// %Z: the SELinux context. Without one GNU prints nothing, reports
/// "getfilecon failed" and exits 1.
fn context(out: &mut Vec<u8>, entry: &Entry<'_>, ctx: &mut FormatCtx) {
    match selinux_context(entry) {
        Ok(label) => out.extend_from_slice(&label),
        Err(err) => ctx.issue(
            format!(
                "getfilecon failed: {}: {}",
                quoted(entry.path),
                strerror_errno(err)
            ),
            true,
        ),
    }
}

fn selinux_context(entry: &Entry<'_>) -> Result<Vec<u8>, Errno> {
    use std::os::unix::ffi::OsStrExt;
    let fd = entry.parent.as_raw_fd();
    let path = if fd == libc::AT_FDCWD {
        entry.at_name.to_bytes().to_vec()
    } else {
        let mut p = format!("/proc/self/fd/{fd}/").into_bytes();
        p.extend_from_slice(entry.at_name.to_bytes());
        p
    };
    let path = std::ffi::CString::new(std::ffi::OsStr::from_bytes(&path).as_bytes())
        .map_err(|_| Errno::EINVAL)?;
    let name = c"security.selinux";
    let mut buf = vec![0u8; 256];
    // SAFETY: path and name are NUL-terminated; buf is writable for its length.
    let n = unsafe {
        if entry.follow {
            libc::getxattr(
                path.as_ptr(),
                name.as_ptr(),
                buf.as_mut_ptr().cast(),
                buf.len(),
            )
        } else {
            libc::lgetxattr(
                path.as_ptr(),
                name.as_ptr(),
                buf.as_mut_ptr().cast(),
                buf.len(),
            )
        }
    };
    let n = usize::try_from(Errno::result(n)?).unwrap_or(0);
    buf.truncate(n);
    if buf.last() == Some(&0) {
        buf.pop();
    }
    Ok(buf)
}

/// A path in a message, as GNU quotes it.
fn quoted(path: &[u8]) -> String {
    crate::find::quote::quote(path)
}
