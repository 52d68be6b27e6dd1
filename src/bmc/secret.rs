//! The remote BMC password, read from where `tk bmc` takes it: the first
//! line of `--password-file FILE`, else the environment variable
//! IPMI_PASSWORD. Never from a command line, and never printed:
//! [`Password`]'s `Debug` shows stars. A leaf: callers turn a file that
//! cannot be read into their own error.

use std::fmt;
use std::fs;
use std::io::{self, Read};
use std::path::Path;

/// A password that does not print itself.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct Password(String);

impl Password {
    pub fn new(text: impl Into<String>) -> Password {
        Password(text.into())
    }

    /// The password itself, for the one place that sends it.
    pub fn reveal(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Password {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Password(***)")
    }
}

/// The password from `--password-file` when given, else IPMI_PASSWORD,
/// else an empty one.
pub(crate) fn load(password_file: Option<&Path>) -> io::Result<Password> {
    match password_file {
        Some(path) => first_line(path).map(Password),
        None => Ok(Password(
            std::env::var_os("IPMI_PASSWORD")
                .unwrap_or_default()
                .to_string_lossy()
                .into_owned(),
        )),
    }
}

/// The password file's first line, as ipmitool reads it; reading it here
/// also reports a missing or unreadable file before anything runs.
pub(crate) fn first_line(path: &Path) -> io::Result<String> {
    // A password is short; reading at most 64 KiB keeps a wrong file
    // (or /dev/zero) from hanging us.
    let mut bytes = Vec::new();
    fs::File::open(path).and_then(|f| f.take(64 << 10).read_to_end(&mut bytes))?;
    let text = String::from_utf8_lossy(&bytes);
    Ok(text.lines().next().unwrap_or("").to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_hides_the_password() {
        let p = Password::new("hunter2");
        assert_eq!(format!("{p:?}"), "Password(***)");
        assert_eq!(p.reveal(), "hunter2");
    }

    #[test]
    fn the_file_gives_its_first_line() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("pw");
        fs::write(&path, "s3cret\r\nsecond\n").unwrap();
        assert_eq!(load(Some(&path)).unwrap().reveal(), "s3cret");
        fs::write(&path, "").unwrap();
        assert_eq!(load(Some(&path)).unwrap().reveal(), "");
        let missing = dir.path().join("missing");
        assert!(load(Some(&missing)).is_err());
    }
}
