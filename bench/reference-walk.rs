//! The yardstick the bare listing is measured against: the plain walk a
//! Rust programmer would write first, std::fs::read_dir recursively, in
//! the order the file system returns entries (GNU find's order, as long
//! as no directory holds more than 10,000 entries, where fts sorts them
//! by inode). bench/run builds it with `rustc -O` and times it beside GNU
//! find in the bare-listing row, after checking its output equals GNU's.
//!
//! usage: reference-walk DIR

use std::io::Write;
use std::os::unix::ffi::OsStrExt;
use std::path::PathBuf;

fn walk(dir: &mut PathBuf, out: &mut impl Write) -> std::io::Result<()> {
    let Ok(entries) = std::fs::read_dir(&*dir) else {
        return Ok(());
    };
    let entries: Vec<_> = entries.filter_map(Result::ok).collect();
    for entry in entries {
        dir.push(entry.file_name());
        out.write_all(dir.as_os_str().as_bytes())?;
        out.write_all(b"\n")?;
        if entry.file_type().is_ok_and(|t| t.is_dir()) {
            walk(dir, out)?;
        }
        dir.pop();
    }
    Ok(())
}

fn main() -> std::io::Result<()> {
    let root = std::env::args_os()
        .nth(1)
        .expect("usage: reference-walk DIR");
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::with_capacity(64 * 1024, stdout.lock());
    out.write_all(root.as_bytes())?;
    out.write_all(b"\n")?;
    walk(&mut PathBuf::from(root), &mut out)?;
    out.flush()
}
