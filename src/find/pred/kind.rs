//! -type and -xtype arguments (`f`, `d`, `f,d,l` ...).

use crate::find::types::{Kind, KindSet};

/// Parse `f,d,l`. The error is GNU's complaint, for the parser to wrap.
pub(crate) fn parse_kinds(arg: &[u8]) -> Result<KindSet, String> {
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
