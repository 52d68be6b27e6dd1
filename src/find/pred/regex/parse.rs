//! The parser: a GNU regex in, the same language in `regex` crate syntax
//! out. It follows glibc's recursive descent in `regcomp.c` (`parse_reg_exp`,
//! `parse_branch`, `parse_expression`, `parse_dup_op`) step for step, so
//! the odd corners come out the same: `*` first in a BRE is a literal, in
//! `posix-extended` an error and in `egrep` ignored; a malformed interval
//! is an error or a literal `{` depending on the syntax; `a**` is an error
//! only in `posix-basic`.
//!
//! Each parse function returns `None` for an expression that matches the
//! empty string and nothing else would be emitted (glibc's NULL tree).

use super::bracket;
use super::emit;
use super::error::Error;
use super::lex::{Kind, Lexer, Lit, Token};
use super::syntax::Syntax;

/// Largest interval count (glibc RE_DUP_MAX).
const DUP_MAX: i64 = 0x7fff;

/// Deepest group nesting, and longest run of repetition operators on one
/// atom, accepted. The parser recurses once per group level; glibc has no
/// limit and crashes (SIGSEGV) near 20,000 levels.
const NEST_MAX: usize = 500;

/// A pattern in the `regex` crate's syntax.
pub(super) struct Translation {
    /// The body, to be anchored and flagged by the caller.
    pub(super) body: String,
    /// The pattern has back-references, which the body leaves out (each
    /// is an empty group there): only glibc's engine can match it.
    pub(super) back_refs: bool,
}

/// Translates `pattern` to the body of a `regex` crate pattern; the whole
/// pattern is read and checked even when it has back-references.
pub(super) fn translate(pattern: &[u8], syn: Syntax, utf8: bool) -> Result<Translation, Error> {
    let mut p = Parser {
        lx: Lexer {
            pat: pattern,
            utf8,
            icase: syn.has(Syntax::ICASE),
        },
        syn,
        pos: 0,
        tok: Token {
            kind: Kind::End,
            len: 0,
            byte: 0,
        },
        groups: 0,
        completed: 0,
        back_refs: false,
    };
    p.fetch(syn.with(Syntax::CARET_ANCHORS_HERE));
    let body = p.reg_exp(0)?.unwrap_or_default();
    Ok(Translation {
        body,
        back_refs: p.back_refs,
    })
}

struct Parser<'a> {
    lx: Lexer<'a>,
    syn: Syntax,
    /// Byte offset just after the current token.
    pos: usize,
    /// The current token, already consumed.
    tok: Token,
    /// Groups opened so far.
    groups: usize,
    /// Bit n set once group n+1 (of the first nine) has closed: the groups
    /// a back-reference may name.
    completed: u32,
    /// A valid back-reference was read.
    back_refs: bool,
}

impl Parser<'_> {
    /// Reads the next token (glibc `fetch_token`).
    fn fetch(&mut self, syn: Syntax) {
        self.tok = self.lx.token(self.pos, syn);
        self.pos += self.tok.len;
    }

    fn at(&self, kind: Kind) -> bool {
        self.tok.kind == kind
    }

    /// Whether the current token ends a branch: `|`, the end, or a
    /// group's close inside a group.
    fn branch_ends(&self, nest: usize) -> bool {
        self.at(Kind::Alt) || self.at(Kind::End) || (nest > 0 && self.at(Kind::CloseGroup))
    }

    /// Alternatives: `a|b`; empty alternatives are allowed.
    fn reg_exp(&mut self, nest: usize) -> Result<Option<String>, Error> {
        let initial = self.completed;
        let first = self.branch(nest)?;
        if !self.at(Kind::Alt) {
            return Ok(first);
        }
        let mut alts = vec![first.unwrap_or_default()];
        while self.at(Kind::Alt) {
            self.fetch(self.syn.with(Syntax::CARET_ANCHORS_HERE));
            let closes = nest > 0 && self.at(Kind::CloseGroup);
            if !self.at(Kind::Alt) && !self.at(Kind::End) && !closes {
                // A back-reference may not name a group of another branch.
                let accumulated = self.completed;
                self.completed = initial;
                alts.push(self.branch(nest)?.unwrap_or_default());
                self.completed |= accumulated;
            } else {
                alts.push(String::new());
            }
        }
        Ok(Some(format!("(?:{})", alts.join("|"))))
    }

    /// A concatenation of expressions.
    fn branch(&mut self, nest: usize) -> Result<Option<String>, Error> {
        let mut tree = self.expression(nest)?;
        while !self.branch_ends(nest) {
            if let Some(expr) = self.expression(nest)? {
                tree.get_or_insert_with(String::new).push_str(&expr);
            }
        }
        Ok(tree)
    }

    /// One atom and the repetition operators after it.
    fn expression(&mut self, nest: usize) -> Result<Option<String>, Error> {
        let syn = self.syn;
        let utf8 = self.lx.utf8;
        let atom = match self.tok.kind {
            Kind::Char(lit) => literal(lit, utf8),
            Kind::OpenGroup => self.sub_exp(nest + 1)?,
            Kind::OpenBracket => {
                let (class, end) = bracket::parse(&self.lx, self.pos, syn)?;
                self.pos = end;
                class
            }
            Kind::BackRef(n) => {
                if self.completed & (1 << n) == 0 {
                    return Err(Error::BackRef);
                }
                self.back_refs = true;
                "(?:)".to_string()
            }
            Kind::OpenBrace if syn.has(Syntax::CONTEXT_INVALID_DUP) => return Err(Error::Repeat),
            Kind::Star | Kind::Plus | Kind::Question | Kind::OpenBrace => {
                if syn.has(Syntax::CONTEXT_INVALID_OPS) {
                    return Err(Error::Repeat);
                }
                if syn.has(Syntax::CONTEXT_INDEP_OPS) {
                    // Nothing to repeat: the operator is dropped. A run of
                    // them is skipped here rather than by recursion.
                    while matches!(
                        self.tok.kind,
                        Kind::Star | Kind::Plus | Kind::Question | Kind::OpenBrace
                    ) {
                        self.fetch(syn);
                    }
                    return self.expression(nest);
                }
                literal(Lit::Byte(self.tok.byte), utf8)
            }
            Kind::CloseGroup if !syn.has(Syntax::UNMATCHED_RIGHT_PAREN_ORD) => {
                return Err(Error::CloseParen);
            }
            Kind::CloseGroup | Kind::CloseBrace => literal(Lit::Byte(self.tok.byte), utf8),
            Kind::Anchor(a) => {
                // An anchor takes no repetition: `^*` is `^` then `*`.
                self.fetch(syn);
                return Ok(Some(emit::anchor(a, utf8).to_string()));
            }
            Kind::Unmatchable => emit::NOTHING.to_string(),
            Kind::Period => emit::dot(syn.has(Syntax::DOT_NEWLINE)).to_string(),
            Kind::Word(neg) => emit::shorthand(true, neg, utf8),
            Kind::Space(neg) => emit::shorthand(false, neg, utf8),
            Kind::Alt | Kind::End => return Ok(None),
            Kind::TrailingBackslash => return Err(Error::TrailingBackslash),
        };
        self.fetch(syn);
        let mut tree = Some(atom);
        let mut chained = 0;
        while matches!(
            self.tok.kind,
            Kind::Star | Kind::Plus | Kind::Question | Kind::OpenBrace
        ) {
            // Each operator wraps the atom once more: bound the depth.
            chained += 1;
            if chained > NEST_MAX {
                return Err(Error::TooBig);
            }
            tree = self.dup_op(tree)?;
            // In BRE consecutive repetitions are not allowed.
            if syn.has(Syntax::CONTEXT_INVALID_DUP)
                && matches!(self.tok.kind, Kind::Star | Kind::OpenBrace)
            {
                return Err(Error::Repeat);
            }
        }
        Ok(tree)
    }

    /// A group; the current token is its opening.
    fn sub_exp(&mut self, nest: usize) -> Result<String, Error> {
        if nest > NEST_MAX {
            return Err(Error::TooBig);
        }
        let index = self.groups;
        self.groups += 1;
        self.fetch(self.syn.with(Syntax::CARET_ANCHORS_HERE));
        let inner = if self.at(Kind::CloseGroup) {
            None
        } else {
            let inner = self.reg_exp(nest)?;
            if !self.at(Kind::CloseGroup) {
                return Err(Error::OpenParen);
            }
            inner
        };
        if index < 9 {
            self.completed |= 1 << index;
        }
        Ok(format!("(?:{})", inner.unwrap_or_default()))
    }

    /// Applies the repetition operator in the current token to `elem`.
    fn dup_op(&mut self, elem: Option<String>) -> Result<Option<String>, Error> {
        let (min, max) = if self.at(Kind::OpenBrace) {
            let start_pos = self.pos;
            let start_tok = self.tok;
            match self.interval()? {
                Some(bounds) => bounds,
                None => {
                    // RE_INVALID_INTERVAL_ORD: read the `{` as a literal.
                    self.pos = start_pos;
                    self.tok = start_tok;
                    self.tok.kind = Kind::Char(Lit::Byte(start_tok.byte));
                    return Ok(elem);
                }
            }
        } else {
            match self.tok.kind {
                Kind::Plus => (1, -1),
                Kind::Question => (0, 1),
                _ => (0, -1),
            }
        };
        self.fetch(self.syn);
        let Some(elem) = elem else {
            return Ok(None);
        };
        if min == 0 && max == 0 {
            return Ok(None);
        }
        let op = match (min, max) {
            (0, -1) => "*".to_string(),
            (1, -1) => "+".to_string(),
            (0, 1) => "?".to_string(),
            (m, -1) => format!("{{{m},}}"),
            (m, n) if m == n => format!("{{{m}}}"),
            (m, n) => format!("{{{m},{n}}}"),
        };
        Ok(Some(format!("(?:{elem}){op}")))
    }

    /// Reads `{m}`, `{m,}`, `{,n}` or `{m,n}` after the opening brace:
    /// the bounds (-1 for no upper bound), or None when the interval is
    /// malformed and the syntax takes that literally.
    fn interval(&mut self) -> Result<Option<(i64, i64)>, Error> {
        let mut start = self.number();
        if start == -1 {
            if self.tok.kind == Kind::Char(Lit::Byte(b',')) {
                start = 0; // "{,m}" is "{0,m}"
            } else {
                return Err(Error::BraceContent); // "{}"
            }
        }
        let mut end = 0;
        if start != -2 {
            end = if self.at(Kind::CloseBrace) {
                start
            } else if self.tok.kind == Kind::Char(Lit::Byte(b',')) {
                self.number()
            } else {
                -2
            };
        }
        if start == -2 || end == -2 {
            if !self.syn.has(Syntax::INVALID_INTERVAL_ORD) {
                return Err(if self.at(Kind::End) {
                    Error::Brace
                } else {
                    Error::BraceContent
                });
            }
            return Ok(None);
        }
        if (end != -1 && start > end) || !self.at(Kind::CloseBrace) {
            return Err(Error::BraceContent);
        }
        if DUP_MAX < if end == -1 { start } else { end } {
            return Err(Error::TooBig);
        }
        Ok(Some((start, end)))
    }

    /// A decimal count inside an interval, stopping at `,` or the closing
    /// brace: -1 when there are no digits, -2 when it is malformed
    /// (glibc `fetch_number`).
    fn number(&mut self) -> i64 {
        let mut num: i64 = -1;
        loop {
            self.fetch(self.syn);
            let c = self.tok.byte;
            if self.at(Kind::End) {
                return -2;
            }
            if self.at(Kind::CloseBrace) || c == b',' {
                return num;
            }
            let digit = matches!(self.tok.kind, Kind::Char(Lit::Byte(b'0'..=b'9')));
            num = if !digit || num == -2 {
                -2
            } else if num == -1 {
                i64::from(c - b'0')
            } else {
                (num * 10 + i64::from(c - b'0')).min(DUP_MAX + 1)
            };
        }
    }
}

fn literal(lit: Lit, utf8: bool) -> String {
    let mut s = String::new();
    emit::lit(&mut s, lit, utf8);
    s
}
