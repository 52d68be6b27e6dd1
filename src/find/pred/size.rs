//! -size [+-]N[bcwkMG]: the file size in units, rounded up to a whole unit
//! before comparing, as GNU find does. So `-size 1G` matches every
//! non-empty file up to 1 GiB, and `-size -1M` only empty files.

use crate::find::pred::number::whole;
use crate::find::types::{Cmp, CmpKind};

/// A parsed -size argument.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SizeTest {
    pub cmp: Cmp,
    /// Bytes per unit: 512 (b, the default), 1 (c), 2 (w), 1024 (k), M, G.
    pub unit: u64,
}

impl SizeTest {
    pub fn parse(arg: &str) -> Option<SizeTest> {
        let (kind, rest) = CmpKind::split(arg);
        let (digits, unit) = match rest.char_indices().last() {
            Some((i, c)) if c.is_ascii_alphabetic() => (&rest[..i], unit_bytes(c)?),
            _ => (rest, 512),
        };
        // GNU's strtoumax: space and one `+` may lead (`-+1k`).
        let n = whole(digits).ok()?;
        Some(SizeTest {
            cmp: Cmp::new(kind, n),
            unit,
        })
    }

    pub fn matches(&self, size: u64) -> bool {
        self.cmp.matches(size.div_ceil(self.unit))
    }
}

fn unit_bytes(c: char) -> Option<u64> {
    Some(match c {
        'b' => 512,
        'c' => 1,
        'w' => 2,
        'k' => 1024,
        'M' => 1024 * 1024,
        'G' => 1024 * 1024 * 1024,
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::SizeTest;

    fn size(arg: &str, bytes: u64) -> bool {
        SizeTest::parse(arg).unwrap().matches(bytes)
    }

    #[test]
    fn rounds_up_to_the_unit() {
        assert!(size("1G", 1));
        assert!(size("1G", 1 << 30));
        assert!(!size("1G", (1 << 30) + 1));
        assert!(!size("1G", 0));
        assert!(size("-1M", 0));
        assert!(!size("-1M", 1));
        assert!(size("1", 512));
        assert!(size("2", 513));
        assert!(size("1k", 1023));
        assert!(size("1k", 1024));
        assert!(size("2k", 1025));
        assert!(size("+1M", (1 << 20) + 1));
        assert!(!size("+1M", 1 << 20));
        assert!(size("1025c", 1025));
        assert!(size("3w", 5));
    }

    #[test]
    fn rejects_bad_arguments() {
        for bad in ["", "+", "1x", "k", "1.5", "--1", "1kk", "1 "] {
            assert_eq!(SizeTest::parse(bad), None, "{bad:?}");
        }
    }
}
