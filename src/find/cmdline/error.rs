//! Errors in a find command line. Each names the offending word and knows
//! where it stands, so the message can point at it. The first line says
//! what GNU find says for the same fault, so scripts and tests that grep
//! GNU's words keep working; tk's own advice follows the underline:
//!
//! ```text
//! tk find: unknown predicate `-nmae'
//!   tk find . -nmae foo
//!             ^^^^^ did you mean '-name'?
//! ```

use std::ffi::OsString;
use std::fmt;

/// A command line `tk find` refuses, found before the walk starts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseError {
    /// GNU find's words for the fault, where GNU has them.
    pub message: String,
    /// Index into the argument list of the word at fault, when there is one.
    pub at: Option<usize>,
    /// tk's advice on what to write instead, shown after the underline.
    pub hint: Option<String>,
    /// The warnings the words before the fault gave, which GNU prints
    /// before the error (it warns as it reads).
    pub warnings: Vec<String>,
}

impl ParseError {
    pub fn new(message: impl Into<String>, at: Option<usize>) -> ParseError {
        ParseError {
            message: message.into(),
            at,
            hint: None,
            warnings: Vec::new(),
        }
    }

    /// The same error with advice to follow GNU's words.
    pub fn hint(mut self, hint: impl Into<String>) -> ParseError {
        self.hint = Some(hint.into());
        self
    }

    /// The message, then the command line with the bad word underlined,
    /// then the advice.
    pub fn render(&self, args: &[OsString]) -> String {
        let mut text = format!("tk find: {}", self.message);
        let Some(at) = self.at.filter(|&i| i < args.len()) else {
            if let Some(hint) = &self.hint {
                text.push_str("\n  ");
                text.push_str(hint);
            }
            return text;
        };
        let mut line = String::from("  tk find");
        let mut marker = String::new();
        for (i, arg) in args.iter().enumerate() {
            line.push(' ');
            let word = shell_word(arg);
            if i == at {
                marker = " ".repeat(line.chars().count()) + &"^".repeat(word.chars().count());
            }
            line.push_str(&word);
        }
        text.push('\n');
        text.push_str(&line);
        text.push('\n');
        text.push_str(&marker);
        if let Some(hint) = &self.hint {
            text.push(' ');
            text.push_str(hint);
        }
        text
    }
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

/// A word as the user would type it in a shell: quoted when it has to be.
pub fn shell_word(arg: &OsString) -> String {
    let text = arg.to_string_lossy();
    let plain = !text.is_empty()
        && text
            .chars()
            .all(|c| c.is_alphanumeric() || "-_./+=:,@%^".contains(c));
    if plain {
        text.into_owned()
    } else {
        format!("'{}'", text.replace('\'', r"'\''"))
    }
}

/// Quote a word for a message as GNU does: ‘word’ in a UTF-8 locale,
/// 'word' otherwise.
pub fn quote(arg: &std::ffi::OsStr) -> String {
    use std::os::unix::ffi::OsStrExt;
    crate::find::quote::quote(arg.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn underlines_the_bad_word() {
        let args: Vec<OsString> = [".", "-nmae", "foo"].iter().map(OsString::from).collect();
        let err = ParseError::new("unknown test '-nmae'", Some(1));
        assert_eq!(
            err.render(&args),
            "tk find: unknown test '-nmae'\n  tk find . -nmae foo\n            ^^^^^"
        );
    }

    #[test]
    fn advice_follows_the_underline() {
        let args: Vec<OsString> = [".", "-nmae"].iter().map(OsString::from).collect();
        let err =
            ParseError::new("unknown predicate `-nmae'", Some(1)).hint("did you mean '-name'?");
        assert_eq!(
            err.render(&args),
            "tk find: unknown predicate `-nmae'\n  tk find . -nmae\n            ^^^^^ did you mean '-name'?"
        );
        let err = ParseError::new("invalid expression", None).hint("add a test after -o");
        assert_eq!(
            err.render(&args),
            "tk find: invalid expression\n  add a test after -o"
        );
    }

    #[test]
    fn quotes_words_the_shell_would_split() {
        assert_eq!(shell_word(&OsString::from("*.txt")), "'*.txt'");
        assert_eq!(shell_word(&OsString::from("a b")), "'a b'");
        assert_eq!(shell_word(&OsString::from("-name")), "-name");
        assert_eq!(shell_word(&OsString::from("")), "''");
    }
}
