//! Tokens of a GNU regex, read the way glibc's `peek_token` and
//! `peek_token_bracket` read them: what a byte means depends on the syntax
//! bits and, for `^` and `$`, on its neighbours.
//!
//! In a UTF-8 locale a valid multibyte character is one token (so `é*`
//! repeats the whole character); any other byte is a token of its own.

use super::syntax::Syntax;

/// One pattern character: a byte (ASCII, any byte in the C locale, or a
/// byte that is not valid UTF-8), or a whole multibyte UTF-8 character.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Lit {
    Byte(u8),
    Char(char),
}

/// Zero-width assertions.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Anchor {
    /// `^`: start of the path or after a newline.
    LineFirst,
    /// `$`: end of the path or before a newline.
    LineLast,
    /// `` \` ``: start of the path.
    BufFirst,
    /// `\'`: end of the path.
    BufLast,
    /// `\<`.
    WordFirst,
    /// `\>`.
    WordLast,
    /// `\b`.
    WordDelim,
    /// `\B`.
    NotWordDelim,
}

/// What a token outside brackets is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Kind {
    Char(Lit),
    /// A `\` with nothing after it.
    TrailingBackslash,
    /// A character that can match nothing: under `-iregex` glibc compares
    /// an escaped lowercase letter that is not an operator (`\d`, or `\b`
    /// in awk syntax) as written against the path upper-cased, so it never
    /// matches. GNU find behaves so; tk does the same.
    Unmatchable,
    Alt,
    /// `\1`..`\9`, as 0..8.
    BackRef(u8),
    Anchor(Anchor),
    /// `\w` (false) or `\W` (true).
    Word(bool),
    /// `\s` (false) or `\S` (true).
    Space(bool),
    OpenGroup,
    CloseGroup,
    Star,
    Plus,
    Question,
    OpenBrace,
    CloseBrace,
    OpenBracket,
    Period,
    End,
}

/// A token: its kind, its length in bytes, and the byte that names it
/// (glibc's `opr.c`), used when an operator falls back to a literal.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Token {
    pub kind: Kind,
    pub len: usize,
    pub byte: u8,
}

/// What a token inside `[...]` is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum BKind {
    Char(Lit),
    /// `[.`
    OpenColl,
    /// `[=`
    OpenEquiv,
    /// `[:` (only with CHAR_CLASSES)
    OpenClass,
    /// `-`
    Range,
    /// `]`
    Close,
    /// `^`
    NonMatch,
    End,
}

/// The pattern being read, with the settings that change its tokens.
pub(super) struct Lexer<'a> {
    pub pat: &'a [u8],
    pub utf8: bool,
    pub icase: bool,
}

impl Lexer<'_> {
    /// The token at byte `at` (glibc `peek_token`).
    pub(super) fn token(&self, at: usize, syn: Syntax) -> Token {
        let Some(&c) = self.pat.get(at) else {
            return Token {
                kind: Kind::End,
                len: 0,
                byte: 0,
            };
        };
        if c == b'\\' {
            return self.escaped(at, syn);
        }
        let plus_qm = !syn.has(Syntax::LIMITED_OPS) && !syn.has(Syntax::BK_PLUS_QM);
        let braces = syn.has(Syntax::INTERVALS) && syn.has(Syntax::NO_BK_BRACES);
        let parens = syn.has(Syntax::NO_BK_PARENS);
        let kind = match c {
            b'\n' if syn.has(Syntax::NEWLINE_ALT) => Kind::Alt,
            b'|' if !syn.has(Syntax::LIMITED_OPS) && syn.has(Syntax::NO_BK_VBAR) => Kind::Alt,
            b'*' => Kind::Star,
            b'+' if plus_qm => Kind::Plus,
            b'?' if plus_qm => Kind::Question,
            b'{' if braces => Kind::OpenBrace,
            b'}' if braces => Kind::CloseBrace,
            b'(' if parens => Kind::OpenGroup,
            b')' if parens => Kind::CloseGroup,
            b'[' => Kind::OpenBracket,
            b'.' => Kind::Period,
            b'^' if self.caret_anchors(at, syn) => Kind::Anchor(Anchor::LineFirst),
            b'$' if self.dollar_anchors(at, syn) => Kind::Anchor(Anchor::LineLast),
            _ => return self.literal(at, 0),
        };
        Token {
            kind,
            len: 1,
            byte: c,
        }
    }

    /// A token starting with `\` at `at`.
    fn escaped(&self, at: usize, syn: Syntax) -> Token {
        let Some(&c2) = self.pat.get(at + 1) else {
            return Token {
                kind: Kind::TrailingBackslash,
                len: 1,
                byte: b'\\',
            };
        };
        let gnu = !syn.has(Syntax::NO_GNU_OPS);
        let plus_qm = !syn.has(Syntax::LIMITED_OPS) && syn.has(Syntax::BK_PLUS_QM);
        let braces = syn.has(Syntax::INTERVALS) && !syn.has(Syntax::NO_BK_BRACES);
        let parens = !syn.has(Syntax::NO_BK_PARENS);
        let kind = match c2 {
            b'|' if !syn.has(Syntax::LIMITED_OPS) && !syn.has(Syntax::NO_BK_VBAR) => Kind::Alt,
            b'1'..=b'9' if !syn.has(Syntax::NO_BK_REFS) => Kind::BackRef(c2 - b'1'),
            b'<' if gnu => Kind::Anchor(Anchor::WordFirst),
            b'>' if gnu => Kind::Anchor(Anchor::WordLast),
            b'b' if gnu => Kind::Anchor(Anchor::WordDelim),
            b'B' if gnu => Kind::Anchor(Anchor::NotWordDelim),
            b'`' if gnu => Kind::Anchor(Anchor::BufFirst),
            b'\'' if gnu => Kind::Anchor(Anchor::BufLast),
            b'w' if gnu => Kind::Word(false),
            b'W' if gnu => Kind::Word(true),
            b's' if gnu => Kind::Space(false),
            b'S' if gnu => Kind::Space(true),
            b'(' if parens => Kind::OpenGroup,
            b')' if parens => Kind::CloseGroup,
            b'+' if plus_qm => Kind::Plus,
            b'?' if plus_qm => Kind::Question,
            b'{' if braces => Kind::OpenBrace,
            b'}' if braces => Kind::CloseBrace,
            _ if self.icase && c2.is_ascii_lowercase() => Kind::Unmatchable,
            _ => return self.literal(at + 1, 1),
        };
        Token {
            kind,
            len: 2,
            byte: c2,
        }
    }

    /// `^` is an anchor at the start, where the parser says so (after an
    /// open group or an alternation), everywhere in ERE, and after a
    /// newline that separates alternatives.
    fn caret_anchors(&self, at: usize, syn: Syntax) -> bool {
        syn.has(Syntax::CONTEXT_INDEP_ANCHORS.with(Syntax::CARET_ANCHORS_HERE))
            || at == 0
            || (syn.has(Syntax::NEWLINE_ALT) && self.pat[at - 1] == b'\n')
    }

    /// `$` is an anchor at the end, before an alternation or a group's
    /// close, and everywhere in ERE.
    fn dollar_anchors(&self, at: usize, syn: Syntax) -> bool {
        if syn.has(Syntax::CONTEXT_INDEP_ANCHORS) || at + 1 == self.pat.len() {
            return true;
        }
        matches!(self.token(at + 1, syn).kind, Kind::Alt | Kind::CloseGroup)
    }

    /// The character at `at` as a literal token; `prefix` bytes (a
    /// backslash) come before it.
    fn literal(&self, at: usize, prefix: usize) -> Token {
        let (lit, len) = self.lit_at(at);
        Token {
            kind: Kind::Char(lit),
            len: prefix + len,
            byte: self.pat[at],
        }
    }

    /// The character at `at` and its length: a whole UTF-8 character in a
    /// UTF-8 locale when the bytes there are valid UTF-8, else one byte.
    pub(super) fn lit_at(&self, at: usize) -> (Lit, usize) {
        let b = self.pat[at];
        if self.utf8 && b >= 0x80 {
            let rest = &self.pat[at..];
            for n in 2..=rest.len().min(4) {
                if let Ok(s) = std::str::from_utf8(&rest[..n]) {
                    if let Some(ch) = s.chars().next() {
                        return (Lit::Char(ch), n);
                    }
                }
            }
        }
        (Lit::Byte(b), 1)
    }

    /// The token at byte `at` inside a bracket expression, and its length
    /// (glibc `peek_token_bracket`).
    pub(super) fn bracket_token(&self, at: usize, syn: Syntax) -> (BKind, usize) {
        let Some(&c) = self.pat.get(at) else {
            return (BKind::End, 0);
        };
        if c == b'\\' && syn.has(Syntax::BACKSLASH_ESCAPE_IN_LISTS) && at + 1 < self.pat.len() {
            let (lit, len) = self.lit_at(at + 1);
            return (BKind::Char(lit), len + 1);
        }
        if c == b'[' {
            match self.pat.get(at + 1) {
                Some(b'.') => return (BKind::OpenColl, 2),
                Some(b'=') => return (BKind::OpenEquiv, 2),
                Some(b':') if syn.has(Syntax::CHAR_CLASSES) => return (BKind::OpenClass, 2),
                _ => {}
            }
        }
        match c {
            b'-' => (BKind::Range, 1),
            b']' => (BKind::Close, 1),
            b'^' => (BKind::NonMatch, 1),
            _ => {
                let (lit, len) = self.lit_at(at);
                (BKind::Char(lit), len)
            }
        }
    }
}
