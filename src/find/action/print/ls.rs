//! -ls and -fls lines as GNU findutils 4.9 writes them (lib/listfile.c):
//! inode, 1K blocks, mode, links, owner, group, size or device numbers,
//! modification date (month in the locale), the quoted name and
//! ` -> target` for links. Each column but the date starts at GNU's
//! minimum width and widens, for the rest of the run, once a value needs
//! more room.

use nix::errno::Errno;

use super::ctx::FormatCtx;
use super::localized;
use super::strftime::{self, unsigned};
use super::widths::Widths;
use crate::find::fs::entry::Entry;
use crate::out::strerror_errno;

/// Six months of 30 days: older files show the year, not the time.
const SIX_MONTHS: i64 = 6 * 30 * 24 * 60 * 60;

/// Append the -ls line for `entry`, newline included. Nothing is appended
/// when the metadata cannot be read. When the link target cannot be read
/// the line ends without it and without a newline, as in GNU, and the
/// problem is left in `ctx`.
pub fn render_ls(entry: &Entry<'_>, ctx: &mut FormatCtx, out: &mut Vec<u8>) -> Result<(), Errno> {
    let st = *entry.stat()?;
    let w = &mut ctx.widths;
    right(out, &mut w.inode, |o| unsigned(o, st.st_ino));
    out.push(b' ');
    let blocks = (u64::try_from(st.st_blocks).unwrap_or(0) * 512).div_ceil(ctx.ls_block_size);
    right(out, &mut w.blocks, |o| unsigned(o, blocks));
    out.push(b' ');
    out.extend_from_slice(&super::mode::mode_string(st.st_mode));
    out.push(b' ');
    right(out, &mut w.links, |o| unsigned(o, st.st_nlink));
    out.push(b' ');
    owner_columns(out, ctx, st.st_uid, st.st_gid);
    size_column(out, &mut ctx.widths, &st);
    out.push(b' ');
    date_column(out, ctx, st.st_mtime);
    out.push(b' ');
    quote_name(out, entry.path);
    if st.st_mode & libc::S_IFMT == libc::S_IFLNK {
        match nix::fcntl::readlinkat(entry.parent, entry.at_name) {
            Ok(target) => {
                out.extend_from_slice(b" -> ");
                quote_name(out, target.as_encoded_bytes());
            }
            Err(err) => {
                let name = String::from_utf8_lossy(entry.at_name.to_bytes());
                ctx.issue(format!("{name}: {}", strerror_errno(err)), false);
                return Ok(());
            }
        }
    }
    out.push(b'\n');
    Ok(())
}

/// User then group, left-aligned; numbers when the names are unknown.
fn owner_columns(out: &mut Vec<u8>, ctx: &mut FormatCtx, uid: u32, gid: u32) {
    let column = ctx.widths.owner;
    match ctx.user_name(uid) {
        Some(name) => {
            let mut width = column;
            left(out, &mut width, name);
            out.push(b' ');
            ctx.widths.owner = width;
        }
        // GNU 4.9 writes an unknown uid as "%-8lu " and counts the space
        // into the column, which widens it for the names that follow.
        None => {
            let text = format!("{uid:<8} ");
            out.extend_from_slice(text.as_bytes());
            ctx.widths.owner = column.max(text.len());
        }
    }
    let mut group_width = ctx.widths.group;
    match ctx.group_name(gid) {
        Some(name) => left(out, &mut group_width, name),
        None => left(out, &mut group_width, gid.to_string().as_bytes()),
    }
    ctx.widths.group = group_width;
    out.push(b' ');
}

/// The size, or `major, minor` for devices.
fn size_column(out: &mut Vec<u8>, w: &mut Widths, st: &libc::stat) {
    let kind = st.st_mode & libc::S_IFMT;
    if kind != libc::S_IFCHR && kind != libc::S_IFBLK {
        return right(out, &mut w.size, |o| strftime::signed(o, st.st_size));
    }
    let start = out.len();
    right(out, &mut w.major, |o| {
        unsigned(o, u64::from(libc::major(st.st_rdev)))
    });
    out.extend_from_slice(b", ");
    right(out, &mut w.minor, |o| {
        unsigned(o, u64::from(libc::minor(st.st_rdev)))
    });
    w.size = w.size.max(out.len() - start);
}

/// "Mar  5 07:08", or "Mar  5  2024" for files older than six months or
/// more than an hour in the future, the month named in the locale ("3月",
/// "Mär"); raw seconds when there is no local time. Never padded: GNU
/// 4.9 prints the text as it comes, whatever its width.
fn date_column(out: &mut Vec<u8>, ctx: &mut FormatCtx, mtime: i64) {
    let Some(tm) = ctx.clock.civil(mtime) else {
        return strftime::signed(out, mtime);
    };
    match ctx.time_names {
        Some(names) => localized::letter(out, names, b'b', &tm, mtime, b""),
        None => strftime::letter(out, b'b', &tm, mtime, b""),
    }
    out.push(b' ');
    strftime::letter(out, b'e', &tm, mtime, b"");
    if ctx.now - SIX_MONTHS <= mtime && mtime <= ctx.now + 3600 {
        out.push(b' ');
        strftime::letter(out, b'R', &tm, mtime, b"");
    } else {
        out.extend_from_slice(b"  ");
        strftime::letter(out, b'Y', &tm, mtime, b"");
    }
}

/// Write with `fill`, padded on the left to `width`; widen `width` to fit.
fn right(out: &mut Vec<u8>, width: &mut usize, fill: impl FnOnce(&mut Vec<u8>)) {
    let start = out.len();
    fill(out);
    let len = out.len() - start;
    if len < *width {
        out.splice(start..start, std::iter::repeat_n(b' ', *width - len));
    }
    *width = (*width).max(len);
}

/// Write `text` padded on the right to `width`; widen `width` to fit.
fn left(out: &mut Vec<u8>, width: &mut usize, text: &[u8]) {
    out.extend_from_slice(text);
    out.resize(out.len() + width.saturating_sub(text.len()), b' ');
    *width = (*width).max(text.len());
}

/// GNU's print_name_with_quoting: C-style escapes for blanks, quotes and
/// backslashes, three-digit octal for other bytes outside 0x21..0x7e.
fn quote_name(out: &mut Vec<u8>, name: &[u8]) {
    for &c in name {
        match c {
            b'\\' => out.extend_from_slice(b"\\\\"),
            b'\n' => out.extend_from_slice(b"\\n"),
            8 => out.extend_from_slice(b"\\b"),
            b'\r' => out.extend_from_slice(b"\\r"),
            b'\t' => out.extend_from_slice(b"\\t"),
            12 => out.extend_from_slice(b"\\f"),
            b' ' => out.extend_from_slice(b"\\ "),
            b'"' => out.extend_from_slice(b"\\\""),
            0x21..=0x7e => out.push(c),
            _ => out.extend_from_slice(format!("\\{c:03o}").as_bytes()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_quoted_like_gnu() {
        let mut out = Vec::new();
        quote_name(&mut out, b"a b\\c\n\"d\"\x0b\xc3\xa9");
        assert_eq!(out, b"a\\ b\\\\c\\n\\\"d\\\"\\013\\303\\251".to_vec());
    }

    #[test]
    fn columns_widen_and_stay_wide() {
        let (mut out, mut width) = (Vec::new(), 3);
        right(&mut out, &mut width, |o| o.extend_from_slice(b"12345"));
        right(&mut out, &mut width, |o| o.extend_from_slice(b"1"));
        assert_eq!(out, b"12345    1".to_vec());
    }

    #[test]
    fn lines_like_gnu_find_ls() {
        use crate::find::action::print::testutil::{
            gnu_find, gnu_records, render_each, sample_tree,
        };
        let Some(find) = gnu_find() else { return };
        let tree = sample_tree();
        let roots = [tree.path(), std::path::Path::new("/dev/null")];
        for (root, follow) in roots.iter().flat_map(|r| [(r, false), (r, true)]) {
            let gnu = gnu_records(&find, root, follow, &["-ls"]);
            assert!(!gnu.is_empty());
            let ours = render_each(&gnu, root, follow, render_ls);
            for ((path, want), got) in gnu.iter().zip(&ours) {
                assert_eq!(
                    got.escape_ascii().to_string(),
                    want.escape_ascii().to_string(),
                    "-ls of {} (follow {follow})",
                    path.escape_ascii()
                );
            }
        }
    }
}
