//! Bracket expressions (`[a-z]`, `[^]x]`, `[[:digit:]]`, `[[.-.]]`,
//! `[[=a=]]`), read as glibc's `parse_bracket_exp` reads them and spelled
//! as a `regex` crate class.
//!
//! POSIX rules that differ from the `regex` crate: a `]` first in the list
//! is a literal; `\` is a literal unless the syntax says otherwise (awk);
//! `-` first or last is a literal; `[:class:]` exists only in syntaxes with
//! character classes (not in emacs, where `[[:alpha:]]` is `[[:alph]`
//! followed by `]`).

use std::fmt::Write;

use super::emit;
use super::error::Error;
use super::lex::{BKind, Lexer, Lit};
use super::syntax::Syntax;

/// glibc's BRACKET_NAME_BUF_SIZE: longest name in `[:...:]` and friends.
const NAME_MAX: usize = 32;

/// One element of a list before ranges are formed.
enum Elem {
    Lit(Lit),
    Class(Vec<u8>),
    Equiv(Vec<u8>),
    Coll(Vec<u8>),
}

/// A parsed list, ready to spell.
struct Set {
    negated: bool,
    /// Single characters and inclusive ranges, as code points in a UTF-8
    /// locale and as bytes in the C locale.
    ranges: Vec<(u32, u32)>,
    /// `regex` crate spellings of `[:name:]` classes.
    classes: Vec<String>,
}

/// Reads the list that starts at `pos` (just after `[`); returns its
/// `regex` crate spelling and the position after the closing `]`.
pub(super) fn parse(lx: &Lexer<'_>, mut pos: usize, syn: Syntax) -> Result<(String, usize), Error> {
    let mut set = Set {
        negated: false,
        ranges: Vec::new(),
        classes: Vec::new(),
    };
    let (mut tok, mut len) = lx.bracket_token(pos, syn);
    // glibc says "Invalid regular expression" when the pattern ends right
    // after `[` or `[^`, and "Unmatched [" when it ends later.
    if tok == BKind::End {
        return Err(Error::BadPattern);
    }
    if tok == BKind::NonMatch {
        set.negated = true;
        pos += len;
        (tok, len) = lx.bracket_token(pos, syn);
        if tok == BKind::End {
            return Err(Error::BadPattern);
        }
    }
    if tok == BKind::Close {
        tok = BKind::Char(Lit::Byte(b']'));
    }
    let mut first = true;
    loop {
        let start = element(lx, &mut pos, tok, len, syn, first)?;
        first = false;
        (tok, len) = lx.bracket_token(pos, syn);
        let mut range_end = None;
        if !matches!(start, Elem::Class(_) | Elem::Equiv(_)) {
            if tok == BKind::End {
                return Err(Error::Bracket);
            }
            if tok == BKind::Range {
                let (tok2, len2) = lx.bracket_token(pos + len, syn);
                match tok2 {
                    BKind::End => return Err(Error::Bracket),
                    // A '-' just before the closing ']' is a literal.
                    BKind::Close => tok = BKind::Char(Lit::Byte(b'-')),
                    _ => {
                        pos += len;
                        range_end = Some((tok2, len2));
                    }
                }
            }
        }
        match range_end {
            Some((tok2, len2)) => {
                let end = element(lx, &mut pos, tok2, len2, syn, true)?;
                (tok, len) = lx.bracket_token(pos, syn);
                add_range(&mut set, &start, &end, syn, lx.utf8)?;
            }
            None => add_elem(&mut set, start, syn, lx.utf8)?,
        }
        match tok {
            BKind::End => return Err(Error::Bracket),
            BKind::Close => break,
            _ => {}
        }
    }
    Ok((spell(&set, syn, lx.utf8), pos + len))
}

/// Reads one element whose token `tok` (of `len` bytes) is at `*pos`
/// (glibc `parse_bracket_element`).
fn element(
    lx: &Lexer<'_>,
    pos: &mut usize,
    tok: BKind,
    len: usize,
    syn: Syntax,
    accept_hyphen: bool,
) -> Result<Elem, Error> {
    *pos += len;
    match tok {
        BKind::OpenColl => symbol(lx, pos, b'.').map(Elem::Coll),
        BKind::OpenEquiv => symbol(lx, pos, b'=').map(Elem::Equiv),
        BKind::OpenClass => symbol(lx, pos, b':').map(Elem::Class),
        BKind::Char(lit) => Ok(Elem::Lit(lit)),
        BKind::Range => {
            // '-' is a range start only first or last in the list.
            if !accept_hyphen && lx.bracket_token(*pos, syn).0 != BKind::Close {
                return Err(Error::Range);
            }
            Ok(Elem::Lit(Lit::Byte(b'-')))
        }
        BKind::NonMatch => Ok(Elem::Lit(Lit::Byte(b'^'))),
        BKind::Close => Ok(Elem::Lit(Lit::Byte(b']'))),
        BKind::End => Err(Error::Bracket),
    }
}

/// The name in `[.name.]`, `[=name=]` or `[:name:]`; `*pos` is just after
/// the opening two bytes and ends after the closing two (glibc
/// `parse_bracket_symbol`).
fn symbol(lx: &Lexer<'_>, pos: &mut usize, delim: u8) -> Result<Vec<u8>, Error> {
    let pat = lx.pat;
    let mut name = Vec::new();
    if *pos >= pat.len() {
        return Err(Error::Bracket);
    }
    loop {
        if name.len() >= NAME_MAX {
            return Err(Error::Bracket);
        }
        let ch = pat[*pos];
        *pos += 1;
        if *pos >= pat.len() {
            return Err(Error::Bracket);
        }
        if ch == delim && pat[*pos] == b']' {
            break;
        }
        name.push(ch);
    }
    *pos += 1;
    Ok(name)
}

/// The one character a collating symbol or equivalence class names.
/// Without locale collation rules only single bytes qualify.
fn single(name: &[u8]) -> Result<u32, Error> {
    match name {
        [b] => Ok(u32::from(*b)),
        _ => Err(Error::Collate),
    }
}

/// A character's position in the order ranges use: the byte in the C
/// locale, the code point in a UTF-8 locale (C.UTF-8 collates by code
/// point). None for a byte that is not a character in a UTF-8 locale:
/// glibc keeps only single-byte characters of a list there.
fn code(lit: Lit, utf8: bool) -> Option<u32> {
    match lit {
        Lit::Byte(b) if utf8 && b >= 0x80 => None,
        Lit::Byte(b) => Some(u32::from(b)),
        Lit::Char(c) => Some(u32::from(c)),
    }
}

fn add_elem(set: &mut Set, elem: Elem, syn: Syntax, utf8: bool) -> Result<(), Error> {
    match elem {
        Elem::Lit(lit) => {
            if let Some(c) = code(lit, utf8) {
                set.ranges.push((c, c));
            }
        }
        Elem::Coll(name) | Elem::Equiv(name) => {
            let c = single(&name)?;
            if !(utf8 && c >= 0x80) {
                set.ranges.push((c, c));
            }
        }
        Elem::Class(mut name) => {
            // glibc: with RE_ICASE, upper and lower both mean alpha.
            if syn.has(Syntax::ICASE) && (name == b"upper" || name == b"lower") {
                name = b"alpha".to_vec();
            }
            set.classes
                .push(emit::class(&name, utf8).ok_or(Error::CharClass)?);
        }
    }
    Ok(())
}

fn add_range(
    set: &mut Set,
    start: &Elem,
    end: &Elem,
    syn: Syntax,
    utf8: bool,
) -> Result<(), Error> {
    let bound = |e: &Elem| {
        let c = match e {
            Elem::Lit(Lit::Byte(b)) => u32::from(*b),
            Elem::Lit(Lit::Char(c)) => u32::from(*c),
            Elem::Coll(name) => single(name)?,
            Elem::Class(_) | Elem::Equiv(_) => return Err(Error::Range),
        };
        // glibc finds no collation sequence for a range end outside
        // ASCII in a UTF-8 locale: `[à-ÿ]` is an error there.
        if utf8 && c >= 0x80 {
            return Err(Error::Collate);
        }
        // Under -iregex glibc upper-cases the pattern (and the path) before
        // it forms ranges: `[]-a]` is `[]-A]`, an empty range.
        match u8::try_from(c) {
            Ok(b) if syn.has(Syntax::ICASE) => Ok(u32::from(b.to_ascii_uppercase())),
            _ => Ok(c),
        }
    };
    let (lo, hi) = (bound(start)?, bound(end)?);
    if lo <= hi {
        set.ranges.push((lo, hi));
    } else if syn.has(Syntax::NO_EMPTY_RANGES) {
        return Err(Error::Range);
    }
    Ok(())
}

/// The `regex` crate class for `set`.
fn spell(set: &Set, syn: Syntax, utf8: bool) -> String {
    let mut items = String::new();
    for &(lo, hi) in &set.ranges {
        char_in_class(&mut items, lo, utf8);
        if hi != lo {
            items.push('-');
            char_in_class(&mut items, hi, utf8);
        }
    }
    for class in &set.classes {
        items.push_str(class);
    }
    let negated = set.negated;
    if negated && syn.has(Syntax::HAT_LISTS_NOT_NEWLINE) {
        items.push_str("\\n");
    }
    match (items.is_empty(), negated) {
        // Nothing listed: `[^...]` of nothing is any character, a list of
        // nothing (only possible through an empty range) matches nothing.
        (true, true) => emit::dot(true).to_string(),
        (true, false) => emit::NOTHING.to_string(),
        (false, _) => format!("[{}{items}]", if negated { "^" } else { "" }),
    }
}

fn char_in_class(out: &mut String, c: u32, utf8: bool) {
    if utf8 {
        write!(out, "\\x{{{c:X}}}").unwrap();
    } else {
        write!(out, "\\x{c:02X}").unwrap();
    }
}
