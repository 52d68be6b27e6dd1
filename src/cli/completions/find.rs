//! Completing `tk find`'s command line: the leading options, starting
//! points, then the expression. Which words a primary takes, and what
//! kind of value each is, comes from find's table of primaries (the one
//! the parser dispatches through), so completion cannot drift from it.

use crate::find::cmdline::DEBUG_FLAGS;
use crate::find::cmdline::primaries::{self, ArgKind};
use crate::find::pred::regex::RegexType;
use crate::find::types::Kind;

use super::reply::Reply;
use super::system;

/// Options that come before the starting points.
const LEADING: &[(&str, &str)] = &[
    ("-P", "never follow symbolic links (the default)"),
    ("-H", "follow symbolic links given as starting points"),
    ("-L", "follow every symbolic link"),
    ("-D", "GNU find's debug flags"),
    ("-O0", "GNU find's optimisation level"),
    ("-O1", "GNU find's optimisation level"),
    ("-O2", "GNU find's optimisation level"),
    ("-O3", "GNU find's optimisation level"),
];

/// Where the word being completed stands.
#[derive(Debug, PartialEq, Eq)]
enum Place {
    /// Before the expression: a leading option or a starting point.
    Start { any_start: bool },
    /// The value of `-D`.
    DebugFlags,
    /// Where a new primary or operator may start.
    Expression,
    /// The value of a primary, of this kind.
    Value(ArgKind),
    /// Inside an `-exec`-like command: its name (true) or an argument.
    Command { first: bool, after_braces: bool },
}

/// The candidates for `current`, after the words `before` (unquoted,
/// what follows `tk find`).
pub(super) fn complete(before: &[String], current: &str) -> Reply {
    let reply = match place(before) {
        Place::Start { any_start } => start(any_start, current),
        Place::DebugFlags => debug_flags(current),
        Place::Expression => expression(),
        Place::Value(kind) => value(kind, current),
        Place::Command { first: true, .. } => Reply {
            commands: true,
            ..Reply::default()
        },
        Place::Command { after_braces, .. } => {
            let mut reply = Reply::files();
            reply.add(["{}", ";"]);
            if after_braces {
                reply.add(["+"]);
            }
            reply
        }
    };
    reply.keep_prefix(current)
}

fn place(before: &[String]) -> Place {
    let mut i = 0;
    // -H -L -P -D FLAGS -OLEVEL
    while let Some(word) = before.get(i) {
        match word.as_str() {
            "-H" | "-L" | "-P" => i += 1,
            "-D" if i + 1 == before.len() => return Place::DebugFlags,
            "-D" => i += 2,
            w if w.starts_with("-O") && w[2..].bytes().all(|b| b.is_ascii_digit()) => i += 1,
            _ => break,
        }
    }
    let first_start = i;
    while before.get(i).is_some_and(|w| !starts_expression(w)) {
        i += 1;
    }
    if i == before.len() {
        return Place::Start {
            any_start: i > first_start,
        };
    }
    while i < before.len() {
        let word = before[i].as_str();
        let Some(primary) = primaries::lookup(word) else {
            i += 1;
            continue;
        };
        let rest = &before[i + 1..];
        match primary.arg.words() {
            Some(n) if rest.len() < n => {
                // -fprintf: a file, then a format.
                return Place::Value(match (primary.arg, rest.len()) {
                    (ArgKind::OutputFileAndFormat, 0) => ArgKind::OutputFile,
                    (ArgKind::OutputFileAndFormat, _) => ArgKind::Format,
                    (kind, _) => kind,
                });
            }
            Some(n) => i += 1 + n,
            None => match command_end(rest) {
                Some(end) => i += 1 + end,
                None => {
                    return Place::Command {
                        first: rest.is_empty(),
                        after_braces: rest.last().is_some_and(|w| w == "{}"),
                    };
                }
            },
        }
    }
    Place::Expression
}

/// GNU's rule: the expression starts at a word beginning with `-` (not
/// `-` alone), or at `!` or `(`.
fn starts_expression(word: &str) -> bool {
    (word.len() > 1 && word.starts_with('-')) || word == "!" || word == "("
}

/// How many words of `rest` an -exec-like command takes, its `;` or
/// `{} +` included; None while it is still open.
fn command_end(rest: &[String]) -> Option<usize> {
    rest.iter()
        .enumerate()
        .position(|(i, w)| w == ";" || (w == "+" && i > 0 && rest[i - 1] == "{}"))
        .map(|at| at + 1)
}

fn start(any_start: bool, current: &str) -> Reply {
    // A starting point is a directory, or a file; a word starting with
    // `-` is not one.
    let mut reply = if current.starts_with('-') {
        Reply::default()
    } else {
        Reply::dirs()
    };
    if !any_start {
        for (word, about) in LEADING {
            reply.words.push((word.to_string(), about.to_string()));
        }
    }
    // After a starting point, or once a `-` is typed, the expression.
    if any_start || current.starts_with('-') {
        reply.words.extend(expression().words);
    }
    reply
}

fn debug_flags(current: &str) -> Reply {
    // A comma-separated list: complete its last flag.
    let done = current.rfind(',').map_or("", |at| &current[..=at]);
    Reply::words(DEBUG_FLAGS.iter().map(|f| format!("{done}{f}")))
}

/// Every primary and operator, each with its summary.
fn expression() -> Reply {
    let mut reply = Reply::default();
    for p in primaries::all() {
        reply
            .words
            .push((p.name.to_string(), p.summary.to_string()));
    }
    reply
}

fn value(kind: ArgKind, current: &str) -> Reply {
    match kind {
        ArgKind::TypeLetters => {
            let done = current.rfind(',').map_or("", |at| &current[..=at]);
            let letters = (b'!'..=b'~').filter(|&c| Kind::from_letter(c).is_some());
            Reply::words(letters.map(|c| format!("{done}{}", c as char)))
        }
        ArgKind::RegexType => Reply::words(RegexType::NAMES.iter().copied()),
        ArgKind::FsType => Reply::words(system::file_system_types()),
        ArgKind::User => Reply::words(system::user_names()),
        ArgKind::Group => Reply::words(system::group_names()),
        ArgKind::File | ArgKind::OutputFile => Reply::files(),
        ArgKind::Command => Reply {
            commands: true,
            ..Reply::default()
        },
        // A pattern, number, size, mode, date or format: nothing to offer.
        _ => Reply::default(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(line: &str, current: &str) -> Vec<String> {
        let before: Vec<String> = line.split_whitespace().map(str::to_string).collect();
        complete(&before, current)
            .words
            .into_iter()
            .map(|(w, _)| w)
            .collect()
    }

    #[test]
    fn a_primary_completes_from_the_table() {
        assert_eq!(words(".", "-ty"), ["-type"]);
        assert!(words(". -name x", "-ne").contains(&"-newer".to_string()));
        assert!(words(". -name x", "-ne").contains(&"-newermt".to_string()));
    }

    #[test]
    fn values_follow_the_argument_kind() {
        let types = words(". -type", "");
        assert!(types.contains(&"f".to_string()) && types.contains(&"d".to_string()));
        assert!(!types.contains(&"x".to_string()));
        assert!(words(". -xtype", "f,").contains(&"f,l".to_string()));
        assert_eq!(
            words(". -regextype", "posix-e"),
            ["posix-egrep", "posix-extended"]
        );
        assert!(words(". -user", "ro").contains(&"root".to_string()));
        assert!(complete(&[".".into(), "-newer".into()], "").files);
        let fprintf = complete(&[".".into(), "-fprintf".into()], "");
        assert!(fprintf.files);
        let format = complete(&[".".into(), "-fprintf".into(), "out".into()], "");
        assert!(!format.files && format.words.is_empty());
    }

    #[test]
    fn every_primary_that_takes_a_file_completes_file_names() {
        let takes_a_file = primaries::all().iter().filter(|p| {
            matches!(
                p.arg,
                ArgKind::File | ArgKind::OutputFile | ArgKind::OutputFileAndFormat
            )
        });
        let mut count = 0;
        for p in takes_a_file {
            let reply = complete(&[".".into(), p.name.into()], "");
            assert!(reply.files, "{}", p.name);
            count += 1;
        }
        assert!(count >= 8, "{count}");
    }

    #[test]
    fn leading_options_and_starting_points() {
        let reply = complete(&[], "");
        assert!(reply.dirs);
        assert!(reply.words.iter().any(|(w, _)| w == "-L"));
        assert_eq!(words("-D", "st"), ["stat"]);
        assert_eq!(words("-D", "exec,t"), ["exec,time", "exec,tree"]);
        assert!(
            !complete(&["-L".into()], "")
                .words
                .iter()
                .any(|(w, _)| w == "-name")
        );
        assert!(words("-L src", "").contains(&"-name".to_string()));
        assert!(words("-L src", "-").contains(&"-not".to_string()));
        assert!(!words("-L src", "-").contains(&"-L".to_string()));
    }

    #[test]
    fn inside_exec_come_commands_then_files_and_the_terminators() {
        let first = complete(&[".".into(), "-exec".into()], "");
        assert!(first.commands && first.words.is_empty());
        assert_eq!(words(". -exec rm", ""), ["{}", ";"]);
        assert_eq!(words(". -exec rm {}", ""), ["{}", ";", "+"]);
        assert!(words(". -exec rm {} ;", "-pr").contains(&"-print".to_string()));
    }
}
