//! Spelling GNU regex pieces in the `regex` crate's syntax.
//!
//! The whole pattern is compiled with Unicode off (`(?-u)`) in the C
//! locale, where every byte is a character, and with Unicode on in a UTF-8
//! locale, where `.` and `[^a]` match one whole UTF-8 character and never
//! a byte that is not valid UTF-8: GNU regex behaves the same way there.
//! Literal bytes that are not valid UTF-8 are always matched as bytes.

use std::fmt::Write;

use super::lex::{Anchor, Lit};

/// A literal character.
pub(super) fn lit(out: &mut String, lit: Lit, utf8: bool) {
    match lit {
        Lit::Byte(b) if b.is_ascii_alphanumeric() => out.push(char::from(b)),
        Lit::Byte(b) if b < 0x80 || !utf8 => write!(out, "\\x{b:02X}").unwrap(),
        Lit::Byte(b) => write!(out, "(?-u:\\x{b:02X})").unwrap(),
        Lit::Char(c) => write!(out, "\\x{{{:X}}}", u32::from(c)).unwrap(),
    }
}

/// A class that matches no character (in either locale mode).
pub(super) const NOTHING: &str = "(?-u:[^\\x00-\\xFF])";

/// `.`: any character, with or without newline.
pub(super) fn dot(newline: bool) -> &'static str {
    // NUL never occurs in a path, so RE_DOT_NOT_NULL needs nothing here.
    if newline { "(?s:.)" } else { "(?-s:.)" }
}

/// A zero-width assertion. `^` and `$` also match at a newline inside
/// the path: `re_compile_pattern` sets `newline_anchor`.
pub(super) fn anchor(a: Anchor, utf8: bool) -> &'static str {
    match (a, utf8) {
        (Anchor::LineFirst, _) => "(?m:^)",
        (Anchor::LineLast, _) => "(?m:$)",
        (Anchor::BufFirst, _) => "\\A",
        (Anchor::BufLast, _) => "\\z",
        (Anchor::WordFirst, true) => "\\b{start}",
        (Anchor::WordLast, true) => "\\b{end}",
        (Anchor::WordDelim, true) => "\\b",
        (Anchor::NotWordDelim, true) => "\\B",
        (Anchor::WordFirst, false) => "(?-u:\\b{start})",
        (Anchor::WordLast, false) => "(?-u:\\b{end})",
        (Anchor::WordDelim, false) => "(?-u:\\b)",
        (Anchor::NotWordDelim, false) => "(?-u:\\B)",
    }
}

/// The class for `[:name:]` as an item inside a bracket, or None for a
/// name glibc does not know. In the C locale these are the ASCII classes;
/// in a UTF-8 locale, Unicode approximations of glibc's `i18n` tables.
pub(super) fn class(name: &[u8], utf8: bool) -> Option<String> {
    let ascii = match name {
        b"alpha" => "[:alpha:]",
        b"upper" => "[:upper:]",
        b"lower" => "[:lower:]",
        b"digit" => "[:digit:]",
        b"xdigit" => "[:xdigit:]",
        b"space" => "[:space:]",
        b"print" => "[:print:]",
        b"punct" => "[:punct:]",
        b"graph" => "[:graph:]",
        b"cntrl" => "[:cntrl:]",
        b"blank" => "[:blank:]",
        b"alnum" => "[:alnum:]",
        _ => return None,
    };
    if !utf8 {
        return Some(ascii.to_string());
    }
    // glibc's i18n "space"; the no-break spaces are not in it.
    const SPACE: &str = "[\\t-\\r \\x{1680}\\x{2000}-\\x{2006}\\x{2008}-\\x{200A}\\x{2028}\\x{2029}\\x{205F}\\x{3000}]";
    // Neither control nor line/paragraph separator.
    const PRINT: &str = "[\\P{Cc}&&\\P{Zl}&&\\P{Zp}]";
    // Printable and not a space (so U+00A0 is graph, and punct).
    const GRAPH: &str = "[\\P{Cc}&&\\P{Zl}&&\\P{Zp}&&[^\\t-\\r \\x{1680}\\x{2000}-\\x{2006}\\x{2008}-\\x{200A}\\x{205F}\\x{3000}]]";
    const ALNUM: &str = "[\\p{Alphabetic}\\p{Nd}]";
    Some(
        match name {
            b"alpha" => "[\\p{Alphabetic}[\\p{Nd}--0-9]]",
            b"upper" => "\\p{Uppercase}",
            b"lower" => "\\p{Lowercase}",
            b"alnum" => ALNUM,
            b"space" => SPACE,
            b"blank" => "[\\t \\x{1680}\\x{2000}-\\x{2006}\\x{2008}-\\x{200A}\\x{205F}\\x{3000}]",
            b"cntrl" => "[\\x00-\\x1F\\x7F-\\x{9F}\\x{2028}\\x{2029}]",
            // glibc: punct is every graph character that is not alphanumeric.
            b"punct" => return Some(format!("[{GRAPH}--{ALNUM}]")),
            b"graph" => GRAPH,
            b"print" => PRINT,
            _ => ascii,
        }
        .to_string(),
    )
}

/// `\w` / `\W` (alphanumerics and `_`) and `\s` / `\S` (`[:space:]`).
pub(super) fn shorthand(word: bool, negated: bool, utf8: bool) -> String {
    let inner = if word {
        format!("{}_", class(b"alnum", utf8).unwrap_or_default())
    } else {
        class(b"space", utf8).unwrap_or_default()
    };
    format!("[{}{inner}]", if negated { "^" } else { "" })
}
