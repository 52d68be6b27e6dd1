//! The `-regextype` names GNU find 4.9 accepts, one variant each. The
//! command line reads them; `syntax` says what each one allows.

/// A `-regextype` name: one variant per name GNU find 4.9 accepts.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) enum RegexType {
    /// `findutils-default`: emacs, but `.` also matches a newline.
    FindutilsDefault,
    /// `ed` (POSIX basic).
    Ed,
    /// `emacs`: GNU find's default.
    #[default]
    Emacs,
    /// `gnu-awk`.
    GnuAwk,
    /// `grep`.
    Grep,
    /// `posix-awk`.
    PosixAwk,
    /// `awk`.
    Awk,
    /// `posix-basic` (BRE).
    PosixBasic,
    /// `posix-egrep` (the same as `egrep`).
    PosixEgrep,
    /// `egrep`.
    Egrep,
    /// `posix-extended` (ERE).
    PosixExtended,
    /// `posix-minimal-basic`: BRE without `\+ \? \|`.
    PosixMinimalBasic,
    /// `sed` (POSIX basic).
    Sed,
}

impl RegexType {
    /// The names, in the order GNU find lists them in its error message.
    pub(crate) const NAMES: &'static [&'static str] = &[
        "findutils-default",
        "ed",
        "emacs",
        "gnu-awk",
        "grep",
        "posix-awk",
        "awk",
        "posix-basic",
        "posix-egrep",
        "egrep",
        "posix-extended",
        "posix-minimal-basic",
        "sed",
    ];

    pub(super) const ALL: [RegexType; 13] = [
        RegexType::FindutilsDefault,
        RegexType::Ed,
        RegexType::Emacs,
        RegexType::GnuAwk,
        RegexType::Grep,
        RegexType::PosixAwk,
        RegexType::Awk,
        RegexType::PosixBasic,
        RegexType::PosixEgrep,
        RegexType::Egrep,
        RegexType::PosixExtended,
        RegexType::PosixMinimalBasic,
        RegexType::Sed,
    ];

    /// The type for a `-regextype` argument (exact, case-sensitive, as in
    /// GNU find).
    pub(crate) fn from_name(name: &str) -> Option<RegexType> {
        let i = Self::NAMES.iter().position(|n| *n == name)?;
        Some(Self::ALL[i])
    }
}
