//! Why a pattern does not compile: glibc's `regerror` texts, which GNU find
//! prints after "failed to compile regular expression".

use std::fmt;

/// A compile error, one variant per message.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Error {
    /// REG_BADPAT.
    BadPattern,
    /// REG_ECOLLATE: `[[.xy.]]`, `[[=xy=]]`.
    Collate,
    /// REG_ECTYPE: `[[:nope:]]`.
    CharClass,
    /// REG_EESCAPE: a pattern ending in `\`.
    TrailingBackslash,
    /// REG_ESUBREG: `\2` before a second group closed.
    BackRef,
    /// REG_EBRACK.
    Bracket,
    /// REG_EPAREN.
    OpenParen,
    /// REG_EBRACE.
    Brace,
    /// REG_BADBR: `a\{2,1\}`, `a\{x\}`.
    BraceContent,
    /// REG_ERANGE: `[z-a]` in POSIX syntaxes.
    Range,
    /// REG_BADRPT: `*a` in ERE, `a**` in BRE.
    Repeat,
    /// REG_ESIZE: an interval over 32767, or a pattern the matcher refuses
    /// to build because it would be too large.
    TooBig,
    /// REG_ERPAREN.
    CloseParen,
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Error::BadPattern => "Invalid regular expression",
            Error::Collate => "Invalid collation character",
            Error::CharClass => "Invalid character class name",
            Error::TrailingBackslash => "Trailing backslash",
            Error::BackRef => "Invalid back reference",
            Error::Bracket => "Unmatched [, [^, [:, [., or [=",
            Error::OpenParen => "Unmatched ( or \\(",
            Error::Brace => "Unmatched \\{",
            Error::BraceContent => "Invalid content of \\{\\}",
            Error::Range => "Invalid range end",
            Error::Repeat => "Invalid preceding regular expression",
            Error::TooBig => "Regular expression too big",
            Error::CloseParen => "Unmatched ) or \\)",
        })
    }
}
