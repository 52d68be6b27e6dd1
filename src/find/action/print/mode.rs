//! `-rwsr-xr-t`: a mode as ls -l writes it (gnulib's filemodestring),
//! for -printf's %M and the -ls column.

/// The ten-letter mode string of `mode`.
pub(super) fn mode_string(mode: u32) -> [u8; 10] {
    let bit = |mask: u32, letter: u8| if mode & mask != 0 { letter } else { b'-' };
    let special =
        |exec: u32, flag: u32, set: u8, unset: u8| match (mode & exec != 0, mode & flag != 0) {
            (true, true) => set,
            (false, true) => unset,
            (true, false) => b'x',
            (false, false) => b'-',
        };
    [
        type_letter(mode),
        bit(0o400, b'r'),
        bit(0o200, b'w'),
        special(0o100, 0o4000, b's', b'S'),
        bit(0o040, b'r'),
        bit(0o020, b'w'),
        special(0o010, 0o2000, b's', b'S'),
        bit(0o004, b'r'),
        bit(0o002, b'w'),
        special(0o001, 0o1000, b't', b'T'),
    ]
}

fn type_letter(mode: u32) -> u8 {
    match mode & libc::S_IFMT {
        libc::S_IFREG => b'-',
        libc::S_IFDIR => b'd',
        libc::S_IFLNK => b'l',
        libc::S_IFBLK => b'b',
        libc::S_IFCHR => b'c',
        libc::S_IFIFO => b'p',
        libc::S_IFSOCK => b's',
        _ => b'?',
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn letters_for_each_bit() {
        let s = |m: u32| String::from_utf8(mode_string(m).to_vec()).unwrap();
        assert_eq!(s(libc::S_IFREG | 0o644), "-rw-r--r--");
        assert_eq!(s(libc::S_IFDIR | 0o1777), "drwxrwxrwt");
        assert_eq!(s(libc::S_IFDIR | 0o1776), "drwxrwxrwT");
        assert_eq!(s(libc::S_IFREG | 0o4755), "-rwsr-xr-x");
        assert_eq!(s(libc::S_IFREG | 0o6644), "-rwSr-Sr--");
        assert_eq!(s(libc::S_IFLNK | 0o777), "lrwxrwxrwx");
        assert_eq!(s(libc::S_IFCHR | 0o666), "crw-rw-rw-");
        assert_eq!(s(libc::S_IFBLK), "b---------");
        assert_eq!(s(libc::S_IFIFO | 0o600), "prw-------");
        assert_eq!(s(libc::S_IFSOCK | 0o755), "srwxr-xr-x");
    }
}
