//! What `tk __complete` answers: candidate words (with a description for
//! shells that show one), and which of the shell's own completions to add
//! (file names, directory names, command names). The first line of the
//! answer names those, the candidates follow one per line.

use std::io::{self, Write};

/// The shell asking, for how a candidate is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Asker {
    Bash,
    Zsh,
    Fish,
}

impl Asker {
    pub(super) fn from_name(name: &str) -> Option<Asker> {
        match name {
            "bash" => Some(Asker::Bash),
            "zsh" => Some(Asker::Zsh),
            "fish" => Some(Asker::Fish),
            _ => None,
        }
    }
}

/// The answer to one Tab.
#[derive(Debug, Default, PartialEq, Eq)]
pub(super) struct Reply {
    /// (word, description)
    pub words: Vec<(String, String)>,
    pub files: bool,
    pub dirs: bool,
    pub commands: bool,
}

impl Reply {
    pub(super) fn words<I, S>(words: I) -> Reply
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        let mut reply = Reply::default();
        reply.add(words);
        reply
    }

    pub(super) fn files() -> Reply {
        Reply {
            files: true,
            ..Reply::default()
        }
    }

    pub(super) fn dirs() -> Reply {
        Reply {
            dirs: true,
            ..Reply::default()
        }
    }

    /// Add candidates without a description.
    pub(super) fn add<I, S>(&mut self, words: I)
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.words
            .extend(words.into_iter().map(|w| (w.into(), String::new())));
    }

    /// Keep the candidates that start with `prefix`, once each.
    pub(super) fn keep_prefix(mut self, prefix: &str) -> Reply {
        self.words.retain(|(w, _)| w.starts_with(prefix));
        let mut seen = std::collections::HashSet::new();
        self.words.retain(|(w, _)| seen.insert(w.clone()));
        self
    }

    /// The answer as the scripts read it.
    pub(super) fn write(&self, asker: Asker, out: &mut dyn Write) -> io::Result<()> {
        let mut how: Vec<&str> = Vec::new();
        for (wanted, name) in [
            (self.files, "files"),
            (self.dirs, "dirs"),
            (self.commands, "commands"),
        ] {
            if wanted {
                how.push(name);
            }
        }
        // Never an empty first line: bash's word splitting would drop it.
        let how = if how.is_empty() {
            "-".to_string()
        } else {
            how.join(" ")
        };
        writeln!(out, "{how}")?;
        for (word, about) in &self.words {
            match asker {
                // fish escapes what it inserts itself, and shows the
                // description after a tab.
                Asker::Fish if about.is_empty() => writeln!(out, "{word}")?,
                Asker::Fish => writeln!(out, "{word}\t{about}")?,
                // bash and zsh insert the word as it is.
                Asker::Bash | Asker::Zsh => writeln!(out, "{}", escape(word))?,
            }
        }
        Ok(())
    }
}

/// A word as bash or zsh must have it typed: a backslash before each
/// character the shell would read specially.
fn escape(word: &str) -> String {
    let mut out = String::with_capacity(word.len());
    for c in word.chars() {
        if " \t\"'()<>|&;$`*?[]#~!{}\\".contains(c) && word != "{}" {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// A word as the shell passed it, quotes and backslashes taken off, for
/// reading what was typed (`\(` is `(`, `"*.txt"` is `*.txt`).
pub(super) fn unquote(word: &str) -> String {
    let mut out = String::with_capacity(word.len());
    let mut quote: Option<char> = None;
    let mut chars = word.chars();
    while let Some(c) = chars.next() {
        match (quote, c) {
            (None, '\'' | '"') => quote = Some(c),
            (Some(q), c) if c == q => quote = None,
            (None | Some('"'), '\\') => out.extend(chars.next()),
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unquote_takes_off_what_the_shell_would() {
        assert_eq!(unquote(r"\("), "(");
        assert_eq!(unquote(r#""*.txt""#), "*.txt");
        assert_eq!(unquote("'a b'c"), "a bc");
        assert_eq!(unquote(r"IP\ Address"), "IP Address");
    }

    #[test]
    fn the_answer_names_the_shells_own_completions_first() {
        let mut reply = Reply::files();
        reply.add(["IP Address", "(", "{}"]);
        let mut out = Vec::new();
        reply.write(Asker::Bash, &mut out).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "files\nIP\\ Address\n\\(\n{}\n"
        );
        let mut out = Vec::new();
        Reply::default().write(Asker::Fish, &mut out).unwrap();
        assert_eq!(out, b"-\n");
    }

    #[test]
    fn keep_prefix_filters_and_drops_repeats() {
        let reply = Reply::words(["-type", "-true", "-type", "-name"]).keep_prefix("-t");
        let words: Vec<&str> = reply.words.iter().map(|(w, _)| w.as_str()).collect();
        assert_eq!(words, ["-type", "-true"]);
    }
}
