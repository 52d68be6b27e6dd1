//! -printf formats: parsed once into literal text and directives, as GNU
//! findutils 4.9 parses them (find/print.c, insert_fprintf). Its quirks
//! are kept on purpose: an unknown directive or escape stays in the output
//! as typed and earns a warning, `%-5%` prints `%-5`, `\c` ends the format
//! right there, and a trailing `%` or `%{`, `%[`, `%(` are errors.

use nix::errno::Errno;

use super::ctx::FormatCtx;
use super::directive::Directive;
use super::pad::Spec;
use crate::find::fs::entry::Entry;

/// A parsed -printf format.
#[derive(Debug, Clone, PartialEq)]
pub struct Format {
    pub(super) segments: Vec<Segment>,
    /// The format held `\c`: output stops there and is flushed.
    stops: bool,
    warnings: Vec<String>,
}

/// Literal bytes, or one directive with its flags, width and precision.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Segment {
    Text(Vec<u8>),
    Field(Spec, Directive),
}

/// Directive letters taking no argument, and those taking a time letter.
const SINGLE: &[u8] = b"abcdDfFgGhHiklmMnpPsStuUyYZ%";
const DOUBLE: &[u8] = b"ABCT";

impl Format {
    /// Parse a -printf format. The error is GNU's text ("error: % at end
    /// of format string"), for the caller to prefix.
    pub fn parse(fmt: &[u8]) -> Result<Format, String> {
        let mut parser = Parser::default();
        let mut i = 0;
        while i < fmt.len() {
            i = match fmt[i] {
                b'\\' if fmt.get(i + 1) == Some(&b'c') => {
                    parser.stops = true;
                    break;
                }
                b'\\' => parser.escape(fmt, i),
                b'%' => parser.directive(fmt, i)?,
                byte => {
                    parser.text.push(byte);
                    i + 1
                }
            };
        }
        parser.flush();
        Ok(Format {
            segments: parser.segments,
            stops: parser.stops,
            warnings: parser.warnings,
        })
    }

    /// GNU's warnings about the format ("warning: unrecognized escape
    /// `\q'"), which GNU find prints once when it parses the format.
    pub fn warnings(&self) -> &[String] {
        &self.warnings
    }

    /// Whether rendering reads the file's metadata (so a failing stat
    /// must be reported before anything is printed).
    pub fn needs_stat(&self) -> bool {
        self.segments
            .iter()
            .any(|s| matches!(s, Segment::Field(_, d) if d.needs_stat()))
    }

    /// Append the format for `entry` to `out`. Ok(false) when the format
    /// ended with `\c`: GNU find flushes its output there. On an error
    /// (the metadata could not be read) nothing is appended. Problems
    /// that GNU reports but prints through are left in `ctx` (see
    /// `FormatCtx::take_issues`).
    pub fn render(
        &self,
        entry: &Entry<'_>,
        ctx: &mut FormatCtx,
        out: &mut Vec<u8>,
    ) -> Result<bool, Errno> {
        if self.needs_stat() {
            entry.stat()?;
        }
        let start = out.len();
        for segment in &self.segments {
            let done = match segment {
                Segment::Text(text) => {
                    out.extend_from_slice(text);
                    Ok(())
                }
                Segment::Field(spec, directive) => {
                    super::render::field(*spec, *directive, entry, ctx, out)
                }
            };
            if let Err(err) = done {
                out.truncate(start);
                return Err(err);
            }
        }
        Ok(!self.stops)
    }
}

#[derive(Default)]
struct Parser {
    segments: Vec<Segment>,
    text: Vec<u8>,
    stops: bool,
    warnings: Vec<String>,
}

impl Parser {
    fn flush(&mut self) {
        if !self.text.is_empty() {
            self.segments
                .push(Segment::Text(std::mem::take(&mut self.text)));
        }
    }

    /// `\` at `i`: push what it stands for; return where parsing goes on.
    fn escape(&mut self, fmt: &[u8], i: usize) -> usize {
        let Some(&next) = fmt.get(i + 1) else {
            self.warnings
                .push("warning: escape `\\' followed by nothing at all".into());
            self.text.push(b'\\');
            return i + 1;
        };
        if is_octal(next) {
            let digits = fmt[i + 1..].iter().take(3).take_while(|b| is_octal(**b));
            let value = digits
                .clone()
                .fold(0u32, |n, d| n * 8 + u32::from(d - b'0'));
            // GNU keeps the low byte of \400 and above.
            self.text.push(value.to_le_bytes()[0]);
            return i + 1 + digits.count();
        }
        let value = match next {
            b'a' => 7,
            b'b' => 8,
            b'f' => 12,
            b'n' => b'\n',
            b'r' => b'\r',
            b't' => b'\t',
            b'v' => 11,
            b'\\' => b'\\',
            other => {
                self.warnings.push(format!(
                    "warning: unrecognized escape `\\{}'",
                    char_of(other)
                ));
                self.text.extend_from_slice(&[b'\\', other]);
                return i + 2;
            }
        };
        self.text.push(value);
        i + 2
    }

    /// `%` at `i`: a directive, or literal text with a warning.
    fn directive(&mut self, fmt: &[u8], i: usize) -> Result<usize, String> {
        if i + 1 == fmt.len() {
            return Err("error: % at end of format string".into());
        }
        let j = if fmt[i + 1] == b'%' {
            i + 1
        } else {
            skip_spec(fmt, i + 1)
        };
        let c = fmt.get(j).copied();
        let len = match c {
            None => 1,
            Some(c) if SINGLE.contains(&c) => 1,
            Some(c) if DOUBLE.contains(&c) => 2,
            Some(_) => 0,
        };
        let complete = len > 0 && j + len - 1 < fmt.len();
        let Some(c) = c.filter(|_| complete) else {
            return self.bad_directive(fmt, i, j, len);
        };
        if c == b'%' {
            self.text.extend_from_slice(&fmt[i..j]);
            return Ok(j + 1);
        }
        let aux = if len == 2 { fmt[j + 1] } else { 0 };
        let directive = Directive::from_letter(c, aux).expect("letter listed in SINGLE or DOUBLE");
        self.flush();
        self.segments
            .push(Segment::Field(parse_spec(&fmt[i + 1..j]), directive));
        Ok(j + len)
    }

    /// A directive GNU does not know: reserved ones are errors, others
    /// stay in the output as typed.
    fn bad_directive(
        &mut self,
        fmt: &[u8],
        i: usize,
        j: usize,
        len: usize,
    ) -> Result<usize, String> {
        let c = fmt.get(j).copied().unwrap_or(0);
        if matches!(c, 0 | b'{' | b'[' | b'(') {
            return Err(format!(
                "error: the format directive `%{}' is reserved for future use",
                char_of(c)
            ));
        }
        self.warnings.push(if len == 2 {
            format!(
                "warning: format directive `%{}' should be followed by another character",
                char_of(c)
            )
        } else {
            format!("warning: unrecognized format directive `%{}'", char_of(c))
        });
        self.text.extend_from_slice(&fmt[i..=j]);
        Ok(j + 1)
    }
}

fn is_octal(b: u8) -> bool {
    (b'0'..=b'7').contains(&b)
}

/// A byte of a message: itself when ASCII, else as Latin-1 would show it.
fn char_of(b: u8) -> char {
    char::from(b)
}

/// Past the flags (`-+ #`), width and precision that start at `from`.
fn skip_spec(fmt: &[u8], from: usize) -> usize {
    let mut j = from;
    while j < fmt.len() && b"-+ #".contains(&fmt[j]) {
        j += 1;
    }
    while j < fmt.len() && fmt[j].is_ascii_digit() {
        j += 1;
    }
    if j < fmt.len() && fmt[j] == b'.' {
        j += 1;
        while j < fmt.len() && fmt[j].is_ascii_digit() {
            j += 1;
        }
    }
    j
}

/// Flags, width and precision as printf reads them.
fn parse_spec(text: &[u8]) -> Spec {
    let mut spec = Spec::default();
    let mut rest = text;
    while let Some((&c, tail)) = rest.split_first().filter(|(c, _)| b"-+ #".contains(c)) {
        match c {
            b'-' => spec.left = true,
            b'+' => spec.plus = true,
            b' ' => spec.space = true,
            _ => spec.alt = true,
        }
        rest = tail;
    }
    spec.zero = rest.first() == Some(&b'0');
    let (width, precision) = match rest.iter().position(|&b| b == b'.') {
        Some(dot) => (&rest[..dot], Some(number(&rest[dot + 1..]))),
        None => (rest, None),
    };
    spec.width = number(width);
    spec.precision = precision;
    spec
}

fn number(digits: &[u8]) -> usize {
    digits.iter().fold(0usize, |n, d| {
        n.saturating_mul(10).saturating_add(usize::from(d - b'0'))
    })
}

#[cfg(test)]
#[path = "format_tests.rs"]
mod tests;
