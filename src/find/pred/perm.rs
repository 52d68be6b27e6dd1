//! -perm MODE, -perm -MODE and -perm /MODE. MODE is octal or symbolic as
//! chmod(1) takes it (`u+x`, `go=r`, `a+rw,g-w`), applied to a mode of 0
//! with no umask, as GNU find does through gnulib's mode_adjust.

/// How the file's permission bits are compared with the mode.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PermMatch {
    /// `-perm MODE`: exactly these bits.
    Exact,
    /// `-perm -MODE`: at least all of these bits.
    All,
    /// `-perm /MODE`: any of these bits (or any file when MODE is 0).
    Any,
}

/// A parsed -perm. A symbolic mode is computed twice, as GNU does: `X`
/// gives execute permission for directories only.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PermTest {
    pub how: PermMatch,
    pub file_mode: u32,
    pub dir_mode: u32,
}

const ALL_BITS: u32 = 0o7777;

impl PermTest {
    pub fn parse(arg: &str) -> Option<PermTest> {
        let (how, rest) = if let Some(rest) = arg.strip_prefix('-') {
            (PermMatch::All, rest)
        } else if let Some(rest) = arg.strip_prefix('/') {
            (PermMatch::Any, rest)
        } else {
            (PermMatch::Exact, arg)
        };
        Some(PermTest {
            how,
            file_mode: parse_mode(rest, false)?,
            dir_mode: parse_mode(rest, true)?,
        })
    }

    pub fn matches(&self, st_mode: u32) -> bool {
        let bits = st_mode & ALL_BITS;
        let mode = if st_mode & libc::S_IFMT == libc::S_IFDIR {
            self.dir_mode
        } else {
            self.file_mode
        };
        match self.how {
            PermMatch::Exact => bits == mode,
            PermMatch::All => bits & mode == mode,
            PermMatch::Any => mode == 0 || bits & mode != 0,
        }
    }
}

/// Octal (`644`, `4755`) or symbolic (`u+x,go-w`) mode, for a directory
/// or not (which only `X` cares about).
pub(crate) fn parse_mode(text: &str, for_dir: bool) -> Option<u32> {
    if text.is_empty() {
        return None;
    }
    if text.bytes().all(|b| b.is_ascii_digit()) {
        let mode = u32::from_str_radix(text, 8).ok()?;
        return (mode <= ALL_BITS).then_some(mode);
    }
    let mut mode = 0u32;
    for clause in text.split(',') {
        mode = apply_clause(mode, clause, for_dir)?;
    }
    Some(mode)
}

fn who_bits(c: u8) -> Option<u32> {
    Some(match c {
        b'u' => 0o4700,
        b'g' => 0o2070,
        b'o' => 0o1007,
        b'a' => ALL_BITS,
        _ => return None,
    })
}

/// One `[ugoa]*([-+=]([rwxXst]*|[ugo]))+` clause.
fn apply_clause(mut mode: u32, clause: &str, for_dir: bool) -> Option<u32> {
    let bytes = clause.as_bytes();
    let mut i = 0;
    let mut affected = 0;
    while i < bytes.len() {
        match who_bits(bytes[i]) {
            Some(bits) => affected |= bits,
            None => break,
        }
        i += 1;
    }
    if affected == 0 {
        affected = ALL_BITS;
    }
    if i == bytes.len() {
        return None;
    }
    while i < bytes.len() {
        let op = bytes[i];
        if !matches!(op, b'+' | b'-' | b'=') {
            return None;
        }
        i += 1;
        let mut value = 0u32;
        if let Some(&c) = bytes.get(i).filter(|c| matches!(c, b'u' | b'g' | b'o')) {
            // Copy another class's bits: `g=u`.
            let shift = match c {
                b'u' => 6,
                b'g' => 3,
                _ => 0,
            };
            let rwx = (mode >> shift) & 0o7;
            value = rwx << 6 | rwx << 3 | rwx;
            i += 1;
        } else {
            while let Some(&c) = bytes.get(i) {
                value |= match c {
                    b'r' => 0o444,
                    b'w' => 0o222,
                    b'x' => 0o111,
                    // X: execute only for directories or already-executable files.
                    b'X' => {
                        if for_dir || mode & 0o111 != 0 {
                            0o111
                        } else {
                            0
                        }
                    }
                    b's' => 0o6000,
                    b't' => 0o1000,
                    _ => break,
                };
                i += 1;
            }
        }
        value &= affected;
        mode = match op {
            b'+' => mode | value,
            b'-' => mode & !value,
            _ => (mode & !affected) | value,
        };
    }
    Some(mode)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_mode(text: &str) -> Option<u32> {
        super::parse_mode(text, false)
    }

    #[test]
    fn capital_x_is_for_directories() {
        assert_eq!(super::parse_mode("a+X", false), Some(0));
        assert_eq!(super::parse_mode("a+X", true), Some(0o111));
        let test = PermTest::parse("/a+X").unwrap();
        assert!(test.matches(0o100644));
        assert!(!test.matches(0o040000));
        assert!(test.matches(0o040100));
    }

    #[test]
    fn octal_modes() {
        assert_eq!(parse_mode("644"), Some(0o644));
        assert_eq!(parse_mode("4755"), Some(0o4755));
        assert_eq!(parse_mode("0"), Some(0));
        assert_eq!(parse_mode("8"), None);
        assert_eq!(parse_mode("17777"), None);
    }

    #[test]
    fn symbolic_modes() {
        assert_eq!(parse_mode("u+x"), Some(0o100));
        assert_eq!(parse_mode("go=r"), Some(0o044));
        assert_eq!(parse_mode("a+rw,g-w"), Some(0o646));
        assert_eq!(parse_mode("+x"), Some(0o111));
        assert_eq!(parse_mode("u=rwx,g=u"), Some(0o770));
        assert_eq!(parse_mode("u+s"), Some(0o4000));
        assert_eq!(parse_mode("o+t"), Some(0o1000));
        assert_eq!(parse_mode("a=rwx,o-rwx"), Some(0o770));
        assert_eq!(parse_mode("u+rw+x"), Some(0o700));
        for bad in ["", "u", "z+x", "u+x,", "u+q", "+644"] {
            assert_eq!(parse_mode(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn three_ways_to_compare() {
        let exact = PermTest::parse("644").unwrap();
        let all = PermTest::parse("-644").unwrap();
        let any = PermTest::parse("/111").unwrap();
        let zero = PermTest::parse("/000").unwrap();
        assert!(exact.matches(0o100644));
        assert!(!exact.matches(0o100664));
        assert!(all.matches(0o100664));
        assert!(!all.matches(0o100600));
        assert!(any.matches(0o100744));
        assert!(!any.matches(0o100644));
        assert!(zero.matches(0o100000));
    }
}
