//! -type and -xtype arguments (`f`, `d`, `f,d,l` ...), and file kinds from
//! mode bits and directory entries.

use crate::find::expr::{Kind, KindSet};

impl Kind {
    pub fn from_letter(c: u8) -> Option<Kind> {
        Some(match c {
            b'b' => Kind::Block,
            b'c' => Kind::Char,
            b'd' => Kind::Dir,
            b'p' => Kind::Fifo,
            b'f' => Kind::File,
            b'l' => Kind::Symlink,
            b's' => Kind::Socket,
            _ => return None,
        })
    }

    pub fn from_mode(mode: u32) -> Kind {
        match mode & libc::S_IFMT {
            libc::S_IFDIR => Kind::Dir,
            libc::S_IFLNK => Kind::Symlink,
            libc::S_IFBLK => Kind::Block,
            libc::S_IFCHR => Kind::Char,
            libc::S_IFIFO => Kind::Fifo,
            libc::S_IFSOCK => Kind::Socket,
            _ => Kind::File,
        }
    }

    /// The letter -printf's %y uses.
    pub fn letter(self) -> char {
        match self {
            Kind::Block => 'b',
            Kind::Char => 'c',
            Kind::Dir => 'd',
            Kind::Fifo => 'p',
            Kind::File => 'f',
            Kind::Symlink => 'l',
            Kind::Socket => 's',
        }
    }
}

/// Parse `f,d,l`. The error is GNU's complaint, for the parser to wrap.
pub fn parse_kinds(arg: &[u8]) -> Result<KindSet, String> {
    let mut set = KindSet::default();
    if arg.is_empty() {
        return Err("Arguments to -type should contain at least one letter".into());
    }
    for (i, part) in arg.split(|&b| b == b',').enumerate() {
        match part {
            [c] => {
                let kind = Kind::from_letter(*c)
                    .ok_or_else(|| format!("Unknown argument to -type: {}", *c as char))?;
                if set.contains(kind) {
                    return Err(format!(
                        "Duplicate file type '{}' in the argument list to -type",
                        *c as char
                    ));
                }
                set.insert(kind);
            }
            [] => return Err(
                "Last file type in list argument to -type is missing, i.e., list is ending on: ','"
                    .into(),
            ),
            [c, ..] if i == 0 && Kind::from_letter(*c).is_none() => {
                return Err(format!("Unknown argument to -type: {}", *c as char));
            }
            _ => return Err("Must separate multiple arguments to -type using: ','".into()),
        }
    }
    Ok(set)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_of_letters() {
        let set = parse_kinds(b"f,d").unwrap();
        assert!(set.contains(Kind::File) && set.contains(Kind::Dir));
        assert!(!set.contains(Kind::Symlink));
        assert!(parse_kinds(b"q").unwrap_err().contains("Unknown"));
        assert!(parse_kinds(b"fd").unwrap_err().contains("separate"));
        assert!(parse_kinds(b"f,f").unwrap_err().contains("Duplicate"));
        assert!(parse_kinds(b"f,").is_err());
        assert!(parse_kinds(b"").is_err());
    }
}
