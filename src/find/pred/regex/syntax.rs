//! GNU regex syntax bits, as glibc's `<regex.h>` defines them, and the set
//! that each `-regextype` name turns on (findutils `lib/regextype.c`).
//!
//! The parser reads these bits exactly where glibc's `regcomp.c` does, so a
//! name behaves here as it does in GNU find.

use super::dialect::RegexType;

/// A set of `RE_*` syntax bits.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Syntax(u32);

impl Syntax {
    /// `\` escapes the next character inside `[...]`.
    pub(super) const BACKSLASH_ESCAPE_IN_LISTS: Syntax = Syntax(1);
    /// `\+` and `\?` are operators; `+` and `?` are literals.
    pub(super) const BK_PLUS_QM: Syntax = Syntax(1 << 1);
    /// `[[:alpha:]]` and friends are recognised in lists.
    pub(super) const CHAR_CLASSES: Syntax = Syntax(1 << 2);
    /// `^` and `$` are anchors anywhere in the pattern.
    pub(super) const CONTEXT_INDEP_ANCHORS: Syntax = Syntax(1 << 3);
    /// `* + ? {` are operators even where nothing precedes them.
    pub(super) const CONTEXT_INDEP_OPS: Syntax = Syntax(1 << 4);
    /// `* + ? {` with nothing before them are an error.
    pub(super) const CONTEXT_INVALID_OPS: Syntax = Syntax(1 << 5);
    /// `.` matches a newline.
    pub(super) const DOT_NEWLINE: Syntax = Syntax(1 << 6);
    /// `.` does not match NUL (no path holds one; kept for completeness).
    pub(super) const DOT_NOT_NULL: Syntax = Syntax(1 << 7);
    /// `[^...]` never matches a newline.
    pub(super) const HAT_LISTS_NOT_NEWLINE: Syntax = Syntax(1 << 8);
    /// `{m,n}` intervals exist (spelled `\{m,n\}` unless NO_BK_BRACES).
    pub(super) const INTERVALS: Syntax = Syntax(1 << 9);
    /// No `+ ? |` operators at all.
    pub(super) const LIMITED_OPS: Syntax = Syntax(1 << 10);
    /// A newline in the pattern separates alternatives.
    pub(super) const NEWLINE_ALT: Syntax = Syntax(1 << 11);
    /// `{` `}` are the interval operators, `\{` `\}` literals.
    pub(super) const NO_BK_BRACES: Syntax = Syntax(1 << 12);
    /// `(` `)` group, `\(` `\)` are literals.
    pub(super) const NO_BK_PARENS: Syntax = Syntax(1 << 13);
    /// `\1`..`\9` are literal digits, not back-references.
    pub(super) const NO_BK_REFS: Syntax = Syntax(1 << 14);
    /// `|` is alternation, `\|` a literal.
    pub(super) const NO_BK_VBAR: Syntax = Syntax(1 << 15);
    /// A range whose end sorts before its start (`[z-a]`) is an error.
    pub(super) const NO_EMPTY_RANGES: Syntax = Syntax(1 << 16);
    /// An unmatched `)` is a literal.
    pub(super) const UNMATCHED_RIGHT_PAREN_ORD: Syntax = Syntax(1 << 17);
    /// `\w \W \s \S \b \B \< \> \` \'` are not operators.
    pub(super) const NO_GNU_OPS: Syntax = Syntax(1 << 19);
    /// A malformed interval is taken literally instead of failing.
    pub(super) const INVALID_INTERVAL_ORD: Syntax = Syntax(1 << 21);
    /// Case-insensitive matching (`-iregex`).
    pub(super) const ICASE: Syntax = Syntax(1 << 22);
    /// Internal to the parser: a `^` here is an anchor (pattern start,
    /// after an open group or an alternation).
    pub(super) const CARET_ANCHORS_HERE: Syntax = Syntax(1 << 23);
    /// A repetition operator may not follow another (`a**`), nor start
    /// an expression (`\{` first).
    pub(super) const CONTEXT_INVALID_DUP: Syntax = Syntax(1 << 24);

    const NONE: Syntax = Syntax(0);

    const POSIX_COMMON: Syntax = Syntax::CHAR_CLASSES
        .with(Syntax::DOT_NEWLINE)
        .with(Syntax::DOT_NOT_NULL)
        .with(Syntax::INTERVALS)
        .with(Syntax::NO_EMPTY_RANGES);
    const POSIX_BASIC: Syntax = Syntax::POSIX_COMMON
        .with(Syntax::BK_PLUS_QM)
        .with(Syntax::CONTEXT_INVALID_DUP);
    const POSIX_MINIMAL_BASIC: Syntax = Syntax::POSIX_COMMON.with(Syntax::LIMITED_OPS);
    const POSIX_EXTENDED: Syntax = Syntax::POSIX_COMMON
        .with(Syntax::CONTEXT_INDEP_ANCHORS)
        .with(Syntax::CONTEXT_INDEP_OPS)
        .with(Syntax::NO_BK_BRACES)
        .with(Syntax::NO_BK_PARENS)
        .with(Syntax::NO_BK_VBAR)
        .with(Syntax::CONTEXT_INVALID_OPS)
        .with(Syntax::UNMATCHED_RIGHT_PAREN_ORD);
    const AWK: Syntax = Syntax::BACKSLASH_ESCAPE_IN_LISTS
        .with(Syntax::DOT_NOT_NULL)
        .with(Syntax::NO_BK_PARENS)
        .with(Syntax::NO_BK_REFS)
        .with(Syntax::NO_BK_VBAR)
        .with(Syntax::NO_EMPTY_RANGES)
        .with(Syntax::DOT_NEWLINE)
        .with(Syntax::CONTEXT_INDEP_ANCHORS)
        .with(Syntax::CHAR_CLASSES)
        .with(Syntax::UNMATCHED_RIGHT_PAREN_ORD)
        .with(Syntax::NO_GNU_OPS);
    const GNU_AWK: Syntax = Syntax::POSIX_EXTENDED
        .with(Syntax::BACKSLASH_ESCAPE_IN_LISTS)
        .with(Syntax::INVALID_INTERVAL_ORD)
        .without(Syntax::DOT_NOT_NULL)
        .without(Syntax::CONTEXT_INDEP_OPS)
        .without(Syntax::CONTEXT_INVALID_OPS);
    const POSIX_AWK: Syntax = Syntax::POSIX_EXTENDED
        .with(Syntax::BACKSLASH_ESCAPE_IN_LISTS)
        .with(Syntax::INTERVALS)
        .with(Syntax::NO_GNU_OPS)
        .with(Syntax::INVALID_INTERVAL_ORD);
    const GREP: Syntax = Syntax::POSIX_BASIC
        .with(Syntax::NEWLINE_ALT)
        .without(Syntax::CONTEXT_INVALID_DUP)
        .without(Syntax::DOT_NOT_NULL);
    const EGREP: Syntax = Syntax::POSIX_EXTENDED
        .with(Syntax::INVALID_INTERVAL_ORD)
        .with(Syntax::NEWLINE_ALT)
        .without(Syntax::CONTEXT_INVALID_OPS)
        .without(Syntax::DOT_NOT_NULL);

    /// The bits GNU find uses for `-regextype NAME`.
    pub(super) fn of(kind: RegexType) -> Syntax {
        match kind {
            RegexType::FindutilsDefault => Syntax::NONE.with(Syntax::DOT_NEWLINE),
            RegexType::Emacs => Syntax::NONE,
            RegexType::Ed | RegexType::Sed | RegexType::PosixBasic => Syntax::POSIX_BASIC,
            RegexType::PosixMinimalBasic => Syntax::POSIX_MINIMAL_BASIC,
            RegexType::Grep => Syntax::GREP,
            RegexType::Awk => Syntax::AWK,
            RegexType::GnuAwk => Syntax::GNU_AWK,
            RegexType::PosixAwk => Syntax::POSIX_AWK,
            RegexType::Egrep | RegexType::PosixEgrep => Syntax::EGREP,
            RegexType::PosixExtended => Syntax::POSIX_EXTENDED,
        }
    }

    /// The bits as glibc's `reg_syntax_t` holds them.
    pub(super) const fn bits(self) -> u32 {
        self.0
    }

    /// These bits plus `other`'s.
    pub(super) const fn with(self, other: Syntax) -> Syntax {
        Syntax(self.0 | other.0)
    }

    /// These bits less `other`'s.
    pub(super) const fn without(self, other: Syntax) -> Syntax {
        Syntax(self.0 & !other.0)
    }

    /// Whether any bit of `other` is set.
    pub(super) const fn has(self, other: Syntax) -> bool {
        self.0 & other.0 != 0
    }
}
