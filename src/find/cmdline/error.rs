//! Errors in a find command line. Each names the offending word and knows
//! where it stands, so the message can point at it:
//!
//! ```text
//! tk find: unknown test '-nmae' (did you mean '-name'?)
//!   tk find . -nmae foo
//!             ^^^^^
//! ```

use std::ffi::OsString;
use std::fmt;

/// A command line `tk find` refuses, found before the walk starts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseError {
    pub message: String,
    /// Index into the argument list of the word at fault, when there is one.
    pub at: Option<usize>,
}

impl ParseError {
    pub fn new(message: impl Into<String>, at: Option<usize>) -> ParseError {
        ParseError {
            message: message.into(),
            at,
        }
    }

    /// The message, then the command line with the bad word underlined.
    pub fn render(&self, args: &[OsString]) -> String {
        let mut text = format!("tk find: {}", self.message);
        let Some(at) = self.at.filter(|&i| i < args.len()) else {
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

/// Quote a word for a message: 'word', lossy for bytes that are not UTF-8.
pub fn quote(arg: &std::ffi::OsStr) -> String {
    format!("'{}'", arg.to_string_lossy())
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
    fn quotes_words_the_shell_would_split() {
        assert_eq!(shell_word(&OsString::from("*.txt")), "'*.txt'");
        assert_eq!(shell_word(&OsString::from("a b")), "'a b'");
        assert_eq!(shell_word(&OsString::from("-name")), "-name");
        assert_eq!(shell_word(&OsString::from("")), "''");
    }
}
