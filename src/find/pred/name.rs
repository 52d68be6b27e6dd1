//! Shell patterns for -name, -path, -lname and their -i forms, with the
//! semantics of POSIX fnmatch(3) as GNU find calls it (no FNM_PATHNAME, no
//! FNM_PERIOD): `*` and `?` also match `/` and a leading dot, `[...]` takes
//! `!` or `^` for negation, ranges and `[:class:]`, a backslash quotes the
//! next character, and braces are ordinary characters (POSIX.1-2017 XCU
//! 2.13 "Pattern Matching Notation").
//!
//! We do not use globset here: its patterns are `&str` (a non-UTF-8 pattern
//! could not be expressed), it treats `{a,b}` and `**` specially, and it
//! has no locale notion of a character. This matcher works on bytes; in a
//! UTF-8 locale `?` and bracket expressions consume a whole UTF-8 character,
//! as glibc does, and bytes that are not UTF-8 stand for themselves. A
//! bracket range in a locale other than C (de_DE, zh_CN, C.UTF-8 for
//! names that are not ASCII) goes to glibc's fnmatch, whose ranges follow
//! the locale's collation tables.

use std::ffi::CString;

use crate::find::locale::Collation;

/// A compiled pattern.
#[derive(Debug, Clone)]
pub struct Glob {
    tokens: Vec<Token>,
    fold_case: bool,
    utf8: bool,
    /// A cheaper equivalent when the pattern allows one.
    shortcut: Shortcut,
    /// In a UTF-8 locale, the same pattern counting bytes: glibc 2.36's
    /// fnmatch accepts a name that matches either way (`?` and `??` both
    /// match "é"), and GNU find inherits that.
    bytewise: Option<Box<Glob>>,
    /// A pattern with a bracket range or class in a locale other than C,
    /// where glibc's tables decide: `[a-z]` takes é and ß under
    /// de_DE.UTF-8, no character past U+00FF is in any range under
    /// C.UTF-8, `[[:upper:]]` takes titlecase ǅ. glibc's own fnmatch
    /// matches it there, as it does for GNU find.
    collated: Option<Collated>,
}

/// A pattern for glibc's fnmatch in the user's locale.
#[derive(Debug, Clone)]
struct Collated {
    collation: &'static Collation,
    pattern: CString,
    /// It has a range (`[a-z]`), not only classes (`[[:upper:]]`).
    ranges: bool,
}

impl Collated {
    /// Whether `name` needs glibc: tk's own matcher gives glibc's answer
    /// for ASCII names, but for ranges in a collating locale (de_DE).
    fn wants(&self, name: &[u8]) -> bool {
        !name.is_ascii() || (self.ranges && !self.collation.ascii_as_in_c())
    }
}

#[derive(Debug, Clone, PartialEq)]
enum Token {
    /// One character (a code point, or a lone byte as `BYTE_BASE + b`).
    Unit(u32),
    Any,
    Star,
    Class {
        negated: bool,
        items: Vec<ClassItem>,
    },
}

#[derive(Debug, Clone, PartialEq)]
enum ClassItem {
    Unit(u32),
    Range(u32, u32),
    Named(Named),
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Named {
    Alnum,
    Alpha,
    Blank,
    Cntrl,
    Digit,
    Graph,
    Lower,
    Print,
    Punct,
    Space,
    Upper,
    Xdigit,
}

#[derive(Debug, Clone, PartialEq)]
enum Shortcut {
    None,
    Exact(Vec<u8>),
    Prefix(Vec<u8>),
    Suffix(Vec<u8>),
    Contains(Vec<u8>),
    Everything,
}

/// Bytes that are not part of valid UTF-8 are units above every code point.
const BYTE_BASE: u32 = 0x11_0000;

/// Read one unit at `pos`: a UTF-8 character when `utf8`, else one byte.
#[inline]
fn next_unit(s: &[u8], pos: usize, utf8: bool) -> (u32, usize) {
    let b = s[pos];
    if !utf8 || b < 0x80 {
        return (
            if b < 0x80 {
                b as u32
            } else {
                BYTE_BASE + b as u32
            },
            1,
        );
    }
    let len = match b {
        0xC2..=0xDF => 2,
        0xE0..=0xEF => 3,
        0xF0..=0xF4 => 4,
        _ => return (BYTE_BASE + b as u32, 1),
    };
    if let Some(chunk) = s.get(pos..pos + len) {
        if let Ok(text) = std::str::from_utf8(chunk) {
            if let Some(c) = text.chars().next() {
                return (c as u32, len);
            }
        }
    }
    (BYTE_BASE + b as u32, 1)
}

fn fold(unit: u32) -> u32 {
    match char::from_u32(unit) {
        Some(c) if c.is_ascii() => c.to_ascii_lowercase() as u32,
        Some(c) => {
            let mut lower = c.to_lowercase();
            match (lower.next(), lower.next()) {
                (Some(l), None) => l as u32,
                _ => unit,
            }
        }
        None => unit,
    }
}

impl Named {
    fn from_name(name: &[u8]) -> Option<Named> {
        Some(match name {
            b"alnum" => Named::Alnum,
            b"alpha" => Named::Alpha,
            b"blank" => Named::Blank,
            b"cntrl" => Named::Cntrl,
            b"digit" => Named::Digit,
            b"graph" => Named::Graph,
            b"lower" => Named::Lower,
            b"print" => Named::Print,
            b"punct" => Named::Punct,
            b"space" => Named::Space,
            b"upper" => Named::Upper,
            b"xdigit" => Named::Xdigit,
            _ => return None,
        })
    }

    fn matches(self, unit: u32) -> bool {
        let Some(c) = char::from_u32(unit) else {
            return false;
        };
        if !c.is_ascii() {
            return match self {
                Named::Alnum => c.is_alphanumeric(),
                Named::Alpha => c.is_alphabetic(),
                Named::Lower => c.is_lowercase(),
                Named::Upper => c.is_uppercase(),
                Named::Space => c.is_whitespace(),
                Named::Cntrl => c.is_control(),
                Named::Graph | Named::Print => !c.is_control() && !c.is_whitespace(),
                Named::Punct | Named::Digit | Named::Xdigit | Named::Blank => false,
            };
        }
        match self {
            Named::Alnum => c.is_ascii_alphanumeric(),
            Named::Alpha => c.is_ascii_alphabetic(),
            Named::Blank => c == ' ' || c == '\t',
            Named::Cntrl => c.is_ascii_control(),
            Named::Digit => c.is_ascii_digit(),
            Named::Graph => c.is_ascii_graphic(),
            Named::Lower => c.is_ascii_lowercase(),
            Named::Print => c.is_ascii_graphic() || c == ' ',
            Named::Punct => c.is_ascii_punctuation(),
            Named::Space => c.is_ascii_whitespace() || c == '\x0b',
            Named::Upper => c.is_ascii_uppercase(),
            Named::Xdigit => c.is_ascii_hexdigit(),
        }
    }
}

impl Glob {
    /// Compile `pattern`. Every pattern is valid: an unclosed `[` is an
    /// ordinary character, as in fnmatch.
    pub fn new(pattern: &[u8], fold_case: bool) -> Glob {
        let locale = crate::find::locale::current();
        let mut glob = Glob::with_locale(pattern, fold_case, locale.utf8());
        let (ranges, classes) = glob.bracket_items();
        if let Some(collation) = locale.collation()
            && (ranges || classes)
            && let Ok(pattern) = CString::new(pattern)
        {
            glob.collated = Some(Collated {
                collation,
                pattern,
                ranges,
            });
        }
        glob
    }

    pub fn with_locale(pattern: &[u8], fold_case: bool, utf8: bool) -> Glob {
        let tokens = tokenize(pattern, utf8);
        let shortcut = if fold_case {
            Shortcut::None
        } else {
            shortcut(&tokens)
        };
        let has_wildcards = tokens
            .iter()
            .any(|t| matches!(t, Token::Any | Token::Class { .. }));
        let bytewise =
            (utf8 && has_wildcards).then(|| Box::new(Glob::with_locale(pattern, fold_case, false)));
        Glob {
            tokens,
            fold_case,
            utf8,
            shortcut,
            bytewise,
            collated: None,
        }
    }

    /// Whether bracket expressions hold a range (`[a-z]`), and a named
    /// class (`[[:upper:]]`).
    fn bracket_items(&self) -> (bool, bool) {
        let items = || {
            self.tokens.iter().flat_map(|t| match t {
                Token::Class { items, .. } => items.as_slice(),
                _ => &[],
            })
        };
        (
            items().any(|i| matches!(i, ClassItem::Range(..))),
            items().any(|i| matches!(i, ClassItem::Named(..))),
        )
    }

    /// True when the pattern has no wildcard at all (a likely mistake in
    /// `-name`, which `tk explain` warns about).
    pub fn is_literal(&self) -> bool {
        self.tokens.iter().all(|t| matches!(t, Token::Unit(_)))
    }

    pub fn matches(&self, name: &[u8]) -> bool {
        if let Some(c) = &self.collated
            && c.wants(name)
        {
            return c.collation.fnmatch(&c.pattern, name, self.fold_case);
        }
        match &self.shortcut {
            Shortcut::None => {
                self.matches_tokens(name)
                    || (!name.is_ascii()
                        && self
                            .bytewise
                            .as_ref()
                            .is_some_and(|b| b.matches_tokens(name)))
            }
            Shortcut::Exact(lit) => name == &lit[..],
            Shortcut::Prefix(lit) => name.starts_with(lit),
            Shortcut::Suffix(lit) => name.ends_with(lit),
            Shortcut::Contains(lit) => contains(name, lit),
            Shortcut::Everything => true,
        }
    }

    fn unit_eq(&self, pattern: u32, unit: u32) -> bool {
        pattern == unit || (self.fold_case && fold(pattern) == fold(unit))
    }

    fn class_matches(&self, negated: bool, items: &[ClassItem], unit: u32) -> bool {
        let folded = fold(unit);
        let hit = items.iter().any(|item| match *item {
            ClassItem::Unit(u) => self.unit_eq(u, unit),
            // glibc folds both ends and the character: under
            // FNM_CASEFOLD `[Z-a]` is z..a, empty.
            ClassItem::Range(lo, hi) if self.fold_case => (fold(lo)..=fold(hi)).contains(&folded),
            ClassItem::Range(lo, hi) => (lo..=hi).contains(&unit),
            // glibc tests classes on the name's own case, even with
            // FNM_CASEFOLD: -iname '[[:upper:]]*' wants a capital.
            ClassItem::Named(named) => named.matches(unit),
        });
        hit != negated
    }

    /// Backtracking match where only the last `*` is a backtrack point,
    /// which is enough because `*` matches any sequence of units.
    fn matches_tokens(&self, s: &[u8]) -> bool {
        let tokens = &self.tokens;
        let (mut ti, mut si) = (0usize, 0usize);
        let mut resume: Option<(usize, usize)> = None;
        loop {
            if ti < tokens.len() {
                if tokens[ti] == Token::Star {
                    resume = Some((ti + 1, si));
                    ti += 1;
                    continue;
                }
                if si < s.len() {
                    let (unit, len) = next_unit(s, si, self.utf8);
                    let ok = match &tokens[ti] {
                        Token::Unit(p) => self.unit_eq(*p, unit),
                        Token::Any => true,
                        Token::Class { negated, items } => {
                            self.class_matches(*negated, items, unit)
                        }
                        Token::Star => unreachable!("handled above"),
                    };
                    if ok {
                        ti += 1;
                        si += len;
                        continue;
                    }
                }
            } else if si == s.len() {
                return true;
            }
            match resume {
                Some((rti, rsi)) if rsi < s.len() => {
                    let (_, len) = next_unit(s, rsi, self.utf8);
                    resume = Some((rti, rsi + len));
                    ti = rti;
                    si = rsi + len;
                }
                _ => return false,
            }
        }
    }
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    needle.is_empty() || haystack.windows(needle.len()).any(|w| w == needle)
}

fn tokenize(p: &[u8], utf8: bool) -> Vec<Token> {
    let mut tokens = Vec::new();
    let mut i = 0;
    while i < p.len() {
        match p[i] {
            b'*' => {
                if tokens.last() != Some(&Token::Star) {
                    tokens.push(Token::Star);
                }
                i += 1;
            }
            b'?' => {
                tokens.push(Token::Any);
                i += 1;
            }
            b'[' => match parse_class(p, i + 1, utf8) {
                Some((token, next)) => {
                    tokens.push(token);
                    i = next;
                }
                None => {
                    tokens.push(Token::Unit(b'[' as u32));
                    i += 1;
                }
            },
            b'\\' => {
                if i + 1 < p.len() {
                    let (unit, len) = next_unit(p, i + 1, utf8);
                    tokens.push(Token::Unit(unit));
                    i += 1 + len;
                } else {
                    // glibc: a trailing backslash never matches anything.
                    tokens.push(Token::Class {
                        negated: false,
                        items: Vec::new(),
                    });
                    i += 1;
                }
            }
            _ => {
                let (unit, len) = next_unit(p, i, utf8);
                tokens.push(Token::Unit(unit));
                i += len;
            }
        }
    }
    tokens
}

/// Parse a bracket expression whose body starts at `i` (after `[`).
/// Returns None when there is no closing `]`: then `[` is literal.
fn parse_class(p: &[u8], mut i: usize, utf8: bool) -> Option<(Token, usize)> {
    let mut negated = false;
    if i < p.len() && (p[i] == b'!' || p[i] == b'^') {
        negated = true;
        i += 1;
    }
    let mut items = Vec::new();
    let mut first = true;
    loop {
        if i >= p.len() {
            return None;
        }
        if p[i] == b']' && !first {
            return Some((Token::Class { negated, items }, i + 1));
        }
        first = false;
        if p[i] == b'[' && p.get(i + 1) == Some(&b':') {
            if let Some(end) = find_class_end(p, i + 2) {
                let named = Named::from_name(&p[i + 2..end])?;
                items.push(ClassItem::Named(named));
                i = end + 2;
                continue;
            }
        }
        let (lo, next) = class_unit(p, i, utf8)?;
        i = next;
        if p.get(i) == Some(&b'-') && p.get(i + 1).is_some_and(|&b| b != b']') {
            let (hi, next) = class_unit(p, i + 1, utf8)?;
            items.push(ClassItem::Range(lo, hi));
            i = next;
        } else {
            items.push(ClassItem::Unit(lo));
        }
    }
}

fn class_unit(p: &[u8], i: usize, utf8: bool) -> Option<(u32, usize)> {
    if p[i] == b'\\' {
        if i + 1 >= p.len() {
            return None;
        }
        let (unit, len) = next_unit(p, i + 1, utf8);
        return Some((unit, i + 1 + len));
    }
    let (unit, len) = next_unit(p, i, utf8);
    Some((unit, i + len))
}

fn find_class_end(p: &[u8], from: usize) -> Option<usize> {
    (from..p.len().saturating_sub(1)).find(|&j| p[j] == b':' && p[j + 1] == b']')
}

fn literal_bytes(tokens: &[Token]) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    for token in tokens {
        let Token::Unit(unit) = *token else {
            return None;
        };
        if unit >= BYTE_BASE {
            out.push(u8::try_from(unit - BYTE_BASE).ok()?);
        } else {
            let c = char::from_u32(unit)?;
            let mut buf = [0u8; 4];
            out.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
        }
    }
    Some(out)
}

fn shortcut(tokens: &[Token]) -> Shortcut {
    let star_first = tokens.first() == Some(&Token::Star);
    let star_last = tokens.len() > 1 && tokens.last() == Some(&Token::Star);
    if tokens == [Token::Star] {
        return Shortcut::Everything;
    }
    let inner = &tokens[star_first as usize..tokens.len() - star_last as usize];
    let Some(lit) = literal_bytes(inner) else {
        return Shortcut::None;
    };
    match (star_first, star_last) {
        (false, false) => Shortcut::Exact(lit),
        (false, true) => Shortcut::Prefix(lit),
        (true, false) => Shortcut::Suffix(lit),
        (true, true) => Shortcut::Contains(lit),
    }
}

#[cfg(test)]
mod tests {
    use super::Glob;

    fn m(pattern: &str, name: &str) -> bool {
        let a = Glob::with_locale(pattern.as_bytes(), false, true);
        let b = Glob::with_locale(pattern.as_bytes(), false, false);
        // The shortcut and the general matcher must agree.
        let general = Glob {
            shortcut: super::Shortcut::None,
            ..a.clone()
        };
        assert_eq!(a.matches(name.as_bytes()), general.matches(name.as_bytes()));
        if name.is_ascii() && pattern.is_ascii() {
            assert_eq!(a.matches(name.as_bytes()), b.matches(name.as_bytes()));
        }
        a.matches(name.as_bytes())
    }

    fn mi(pattern: &str, name: &str) -> bool {
        Glob::with_locale(pattern.as_bytes(), true, true).matches(name.as_bytes())
    }

    #[test]
    fn stars_and_questions() {
        assert!(m("*.txt", "a.txt"));
        assert!(m("*.txt", ".txt"));
        assert!(m("*", ".hidden"));
        assert!(m("*", ""));
        assert!(!m("?", ""));
        assert!(m("a*b*c", "aXXbYYc"));
        assert!(!m("a*b*c", "aXXbYY"));
        assert!(m("*/x", "dir/x"));
        assert!(m("a?c", "a/c"));
        assert!(m("**", "anything"));
        assert!(m("*a*", "banana"));
        assert!(!m("*a*", "xyz"));
        assert!(m("foo*", "foobar"));
        assert!(m("foo", "foo"));
        assert!(!m("foo", "foox"));
    }

    #[test]
    fn brackets() {
        assert!(m("[abc]", "b"));
        assert!(!m("[!abc]", "b"));
        assert!(!m("[^abc]", "b"));
        assert!(m("[^abc]", "d"));
        assert!(m("[]]", "]"));
        assert!(m("[!]]", "a"));
        assert!(m("[a-c]x", "bx"));
        assert!(!m("[a-c]x", "dx"));
        assert!(m("[[:digit:]]*", "1abc"));
        assert!(!m("[[:digit:]]*", "abc"));
        assert!(m("[[:upper:][:digit:]]", "Q"));
        assert!(m("[a-]", "-"));
        assert!(m("[", "["));
        assert!(m("[ab", "[ab"));
        assert!(!m("[ab", "a"));
        assert!(m(r"[\]]", "]"));
    }

    #[test]
    fn escapes_and_braces() {
        assert!(m(r"\*", "*"));
        assert!(!m(r"\*", "a"));
        assert!(m(r"a\?", "a?"));
        assert!(m("{a,b}", "{a,b}"));
        assert!(!m("{a,b}", "a"));
        assert!(!m("abc\\", "abc\\"));
    }

    #[test]
    fn multibyte_characters() {
        assert!(m("?", "é"));
        assert!(m("caf?", "café"));
        // glibc 2.36 also accepts the byte count (measured through GNU find).
        assert!(m("??", "é"));
        assert!(m("??????", "école"));
        assert!(!m("????", "é"));
        assert!(m("[é]", "é"));
        assert!(!Glob::with_locale("?".as_bytes(), false, false).matches("é".as_bytes()));
        assert!(Glob::with_locale(b"\xff*", false, true).matches(b"\xff\xfeabc"));
        assert!(Glob::with_locale(b"?", false, true).matches(b"\xff"));
    }

    #[test]
    fn case_folding() {
        assert!(mi("*.TXT", "a.txt"));
        assert!(mi("[A-C]", "b"));
        assert!(mi("[a-c]", "B"));
        assert!(mi("É", "é"));
        assert!(!mi("*.txt", "a.log"));
    }

    #[test]
    fn literal_detection() {
        assert!(Glob::new(b"foo.txt", false).is_literal());
        assert!(!Glob::new(b"*.txt", false).is_literal());
    }
}
