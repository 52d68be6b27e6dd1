//! The pure parser for `ipmitool lan print` text: `&str` in, [`LanPrint`]
//! out, no I/O. It takes output as real BMCs and ipmitool builds produce
//! it: every field optional, labels padded to any width (we split at the
//! first colon, never at a column), continuation lines (`   : User : MD5`)
//! that belong to the field above, tabs, CRLF, trailing blanks, a missing
//! final newline, and stray lines such as stderr noise in a `2>&1`
//! capture, which are skipped and reported by line number.

use std::fmt;

use super::model::{Field, LanPrint, is_known_label};

/// Why a text is not `lan print` output.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ParseError {
    /// Nothing but blank lines (or nothing at all).
    Empty,
    /// `lines` lines, none of them `Label : value`.
    NoFields { lines: usize },
    /// `Label : value` lines, but none with a label `lan print` prints, as
    /// in a `2>&1` capture of a failure (`Error: Unable to establish ...`).
    /// `line` is the first of them.
    UnknownLabels { line: usize, label: String },
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ParseError::Empty => write!(f, "the input is empty"),
            ParseError::NoFields { lines } => write!(
                f,
                "none of its {lines} line(s) is an `ipmitool lan print` field (`Label : value`)"
            ),
            ParseError::UnknownLabels { line, label } => write!(
                f,
                "no `ipmitool lan print` field in it (line {line} is {label:?}: an error message?)"
            ),
        }
    }
}

impl std::error::Error for ParseError {}

/// One line of input, classified.
#[derive(Debug, PartialEq, Eq)]
enum Line<'a> {
    Blank,
    /// `Label : value` (value may be empty).
    Field(&'a str, &'a str),
    /// `        : value`: more of the field above.
    Continuation(&'a str),
    /// Anything else: no colon, e.g. `Unable to Get Channel Cipher Suites`.
    Other,
}

/// Characters trimmed around labels and values: blanks, tabs, the CR of
/// CRLF captures, NULs, and every other white space (`--field` trims its
/// argument the same way, so each label stays a name it finds).
fn trim(s: &str) -> &str {
    s.trim_matches(|c: char| c.is_whitespace() || c == '\u{0}')
}

fn classify(line: &str) -> Line<'_> {
    if trim(line).is_empty() {
        return Line::Blank;
    }
    match line.split_once(':') {
        None => Line::Other,
        Some((label, value)) if trim(label).is_empty() => Line::Continuation(trim(value)),
        Some((label, value)) => Line::Field(trim(label), trim(value)),
    }
}

/// Parse the text of `ipmitool lan print`. Fails only when no field at all
/// is found; lines that fit nowhere are listed in `LanPrint::ignored_lines`.
pub fn parse(text: &str) -> Result<LanPrint, ParseError> {
    let mut print = LanPrint::default();
    let mut lines = 0;
    // Index into print.fields of the field that continuation lines extend.
    let mut current: Option<usize> = None;
    for (index, line) in text.lines().enumerate() {
        lines = index + 1;
        match classify(line) {
            Line::Blank => current = None,
            Line::Field(label, value) => current = Some(add_field(&mut print, label, value)),
            Line::Continuation(value) => match current {
                Some(i) => print.fields[i].values.push(value.to_string()),
                None => print.ignored_lines.push(lines),
            },
            Line::Other => {
                current = None;
                print.ignored_lines.push(lines);
            }
        }
    }
    match print.fields.first() {
        None if print.ignored_lines.is_empty() => Err(ParseError::Empty),
        None => Err(ParseError::NoFields { lines }),
        Some(first) if !print.fields.iter().any(|f| is_known_label(&f.label)) => {
            Err(ParseError::UnknownLabels {
                line: first_field_line(text),
                label: first.label.clone(),
            })
        }
        Some(_) => Ok(print),
    }
}

/// The 1-based number of the first `Label : value` line.
fn first_field_line(text: &str) -> usize {
    text.lines()
        .position(|l| matches!(classify(l), Line::Field(..)))
        .map_or(0, |i| i + 1)
}

/// Add a field, or extend the one with the same label (a BMC that repeats a
/// label keeps all its values). Returns the field's index.
fn add_field(print: &mut LanPrint, label: &str, value: &str) -> usize {
    if let Some(i) = print.fields.iter().position(|f| f.label == label) {
        print.fields[i].values.push(value.to_string());
        return i;
    }
    print.fields.push(Field {
        label: label.to_string(),
        values: vec![value.to_string()],
    });
    print.fields.len() - 1
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Found by the bmc_lan_print fuzz target (issue 7): a label that
    /// began with a vertical tab kept it, while `--field` trims it from
    /// its argument, so `--field LABEL` could not find a label the table
    /// showed.
    #[test]
    fn every_label_is_trimmed_as_field_trims_names() {
        use crate::bmc::model::Summary;
        use crate::bmc::render;
        let text = "IP Address : 10.0.0.1\n\u{b}\u{fffd}\u{fffd} : x\n\u{a0}Odd\u{c} : y\n";
        let print = parse(text).unwrap();
        let labels: Vec<&str> = print.fields.iter().map(|f| f.label.as_str()).collect();
        assert_eq!(labels, ["IP Address", "\u{fffd}\u{fffd}", "Odd"]);
        let summary = Summary::new(&print, None);
        for label in labels {
            assert!(render::field(&summary, label).is_ok(), "{label:?}");
        }
    }

    #[test]
    fn classify_lines() {
        assert_eq!(classify(""), Line::Blank);
        assert_eq!(classify(" \t\r"), Line::Blank);
        assert_eq!(
            classify("IP Address              : 10.0.0.1  "),
            Line::Field("IP Address", "10.0.0.1")
        );
        assert_eq!(
            classify("IP Address\t:\t10.0.0.1\r"),
            Line::Field("IP Address", "10.0.0.1")
        );
        // MAC addresses have colons: only the first one splits.
        assert_eq!(
            classify("MAC Address : 00:11:22:33:44:55"),
            Line::Field("MAC Address", "00:11:22:33:44:55")
        );
        assert_eq!(
            classify("                        : User     : MD5 "),
            Line::Continuation("User     : MD5")
        );
        assert_eq!(classify(": x"), Line::Continuation("x"));
        assert_eq!(
            classify("SNMP Community String   :"),
            Line::Field("SNMP Community String", "")
        );
        assert_eq!(classify("Unable to Get Channel Cipher Suites"), Line::Other);
    }

    #[test]
    fn continuation_lines_join_the_field_above() {
        let p = parse("Auth Type Enable : Callback : MD5\n   : User : NONE\n   : OEM      : \n")
            .unwrap();
        assert_eq!(p.fields.len(), 1);
        assert_eq!(
            p.fields[0].values,
            ["Callback : MD5", "User : NONE", "OEM      :"]
        );
    }

    #[test]
    fn noise_lines_are_reported_not_fatal() {
        let p = parse("Unable to Get Channel Cipher Suites\nIP Address : 1.2.3.4\n : orphan?\n")
            .unwrap();
        assert_eq!(p.fields.len(), 1);
        assert_eq!(p.ignored_lines, [1]);
        let p = parse(": orphan\nIP Address : 1.2.3.4").unwrap();
        assert_eq!(p.ignored_lines, [1]);
    }

    #[test]
    fn a_noise_line_ends_a_continuation() {
        let p = parse("IP Address : 1\nnoise\n : 2\n").unwrap();
        assert_eq!(p.fields[0].values, ["1"]);
        assert_eq!(p.ignored_lines, [2, 3]);
    }

    #[test]
    fn repeated_labels_keep_every_value() {
        let p = parse("MAC Address : 1\nVendor Thing : 2\nMAC Address : 3").unwrap();
        assert_eq!(p.fields.len(), 2);
        assert_eq!(p.fields[0].values, ["1", "3"]);
    }

    #[test]
    fn no_fields_is_an_error() {
        assert_eq!(parse(""), Err(ParseError::Empty));
        assert_eq!(parse("\n \n"), Err(ParseError::Empty));
        assert_eq!(
            parse("garbage\nmore garbage\n"),
            Err(ParseError::NoFields { lines: 2 })
        );
        assert!(
            ParseError::NoFields { lines: 2 }
                .to_string()
                .contains("2 line(s)")
        );
    }

    #[test]
    fn a_captured_error_message_is_not_a_lan_print() {
        let text = "Unable to Get Channel Cipher Suites\nError: Unable to establish IPMI v2 / RMCP+ session\n";
        let err = parse(text).unwrap_err();
        assert_eq!(
            err,
            ParseError::UnknownLabels {
                line: 2,
                label: "Error".to_string()
            }
        );
        assert!(err.to_string().contains("line 2 is \"Error\""));
    }
}
