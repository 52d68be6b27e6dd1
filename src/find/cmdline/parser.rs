//! The parser's state and its cursor over the words: what `grammar`
//! drives, and what the builders in `build/` read a primary's arguments
//! with (`arg`, `text_arg`, GNU's words for a missing or bad argument).
//! Also the leading options (-H -L -P -D -O), which come before the
//! starting points. No primary is known here by name.

use std::ffi::{OsStr, OsString};
use std::io::IsTerminal;
use std::os::unix::ffi::OsStrExt;

use crate::find::action::sink::Sinks;
use crate::find::cmdline::error::{ParseError, quote};
use crate::find::pred::regex::RegexType;
use crate::find::pred::time::now;
use crate::find::types::Timestamp;
use crate::find::walk::{Follow, WalkOpts};

/// GNU find's `-D` flags, which tk accepts (and completes) without
/// warning.
pub(crate) const DEBUG_FLAGS: &[&str] = &[
    "exec", "opt", "rates", "search", "stat", "time", "tree", "all", "help",
];

/// The state of one parse: the words, where it is, and what the words
/// read so far have set.
pub(crate) struct Parser<'a> {
    pub(super) args: &'a [OsString],
    pub(super) pos: usize,
    /// The starting points, as given.
    pub(super) starts: &'a [OsString],
    pub(super) opts: WalkOpts,
    pub(super) now: Timestamp,
    pub(super) day_start: bool,
    pub(super) regex_type: RegexType,
    pub(super) has_action: bool,
    /// A test or action has been seen (global options after it warn).
    pub(super) seen_non_option: Option<&'a str>,
    pub(super) warn: bool,
    pub(super) warnings: Vec<String>,
    pub(super) info: Option<String>,
    pub(super) sinks: Sinks,
    pub(super) exec_count: usize,
    /// Where -delete, -prune and an explicit -depth were seen.
    pub(super) delete_at: Option<usize>,
    pub(super) prune_at: Option<usize>,
    pub(super) explicit_depth: bool,
    /// -files0-from FILE: the starting points are read from FILE.
    pub(super) files0_from: Option<OsString>,
    /// Whether an -ok or -okdir reads its answers from standard input.
    pub(super) asks: bool,
}

impl<'a> Parser<'a> {
    pub(super) fn new(args: &'a [OsString]) -> Self {
        Parser {
            args,
            pos: 0,
            starts: &[],
            opts: WalkOpts::default(),
            now: now(),
            day_start: false,
            regex_type: RegexType::default(),
            has_action: false,
            seen_non_option: None,
            // GNU find gives its advice only to a person at a terminal.
            warn: std::io::stdin().is_terminal(),
            warnings: Vec::new(),
            info: None,
            sinks: Sinks::default(),
            exec_count: 0,
            delete_at: None,
            prune_at: None,
            explicit_depth: false,
            files0_from: None,
            asks: false,
        }
    }

    pub(super) fn peek(&self) -> Option<&'a [u8]> {
        self.args.get(self.pos).map(|a| a.as_bytes())
    }

    /// -H -L -P -D opts -Olevel, before the starting points.
    pub(super) fn leading_options(&mut self) -> Result<(), ParseError> {
        while let Some(word) = self.peek() {
            match word {
                b"-H" => self.opts.follow = Follow::Roots,
                b"-L" => self.opts.follow = Follow::Always,
                b"-P" => self.opts.follow = Follow::Never,
                b"--" => {
                    self.pos += 1;
                    return Ok(());
                }
                b"-D" => {
                    let Some(flags) = self.args.get(self.pos + 1) else {
                        return Err(ParseError::new(
                            "Missing argument after the -D option.",
                            Some(self.pos),
                        )
                        .hint("debug options; try '-D help'"));
                    };
                    self.debug_flags(flags.as_bytes());
                    if self.info.is_some() {
                        // GNU prints the list for `-D help` and exits
                        // there: nothing after it is read.
                        self.pos = self.args.len();
                        return Ok(());
                    }
                    self.pos += 1;
                }
                [b'-', b'O', level @ ..] => {
                    // GNU's optimisation levels: tk takes them and has one.
                    let message = if level.is_empty() {
                        "The -O option must be immediately followed by a decimal integer"
                    } else if !level.iter().all(u8::is_ascii_digit) {
                        "Please specify a decimal number immediately after -O"
                    } else {
                        ""
                    };
                    if !message.is_empty() {
                        return Err(ParseError::new(message, Some(self.pos)));
                    }
                }
                _ => return Ok(()),
            }
            self.pos += 1;
        }
        Ok(())
    }

    /// -D: tk has no debug dumps, but takes GNU's flags, lists them for
    /// `-D help` and warns about unknown ones, as GNU does.
    pub(super) fn debug_flags(&mut self, flags: &[u8]) {
        for flag in flags.split(|&b| b == b',') {
            if flag == b"help" {
                self.info = Some(DEBUG_HELP.to_string());
            } else if !DEBUG_FLAGS.contains(&String::from_utf8_lossy(flag).as_ref()) {
                self.warnings.push(format!(
                    "Ignoring unrecognised debug flag '{}'",
                    String::from_utf8_lossy(flag)
                ));
            }
        }
    }

    /// The argument of the primary at `at`.
    pub(super) fn arg(&mut self, at: usize) -> Result<&'a OsStr, ParseError> {
        match self.args.get(self.pos) {
            Some(arg) => {
                self.pos += 1;
                Ok(arg.as_os_str())
            }
            None => Err(missing_argument(&self.args[at], at)),
        }
    }

    /// The argument as text; words that are not UTF-8 are refused, naming
    /// the primary (only patterns may be arbitrary bytes).
    pub(super) fn text_arg(&mut self, at: usize) -> Result<&'a str, ParseError> {
        let arg = self.arg(at)?;
        arg.to_str().ok_or_else(|| {
            ParseError::new(
                format!(
                    "the argument to {} is not valid UTF-8: {}",
                    quote(&self.args[at]),
                    quote(arg)
                ),
                Some(self.pos - 1),
            )
        })
    }

    /// GNU's words for an argument it cannot read, then tk's `hint`.
    pub(super) fn bad_arg(&self, at: usize, hint: &str) -> ParseError {
        ParseError::new(
            format!(
                "invalid argument `{}' to `{}'",
                self.args[self.pos - 1].to_string_lossy(),
                self.args[at].to_string_lossy()
            ),
            Some(self.pos - 1),
        )
        .hint(hint)
    }

    /// GNU's warning for a global option after a test or an action.
    pub(super) fn warn_if_not_first(&mut self, name: &str) {
        if let Some(before) = self.seen_non_option.filter(|_| self.warn) {
            self.warnings.push(format!(
                "warning: you have specified the global option {name} after the argument {before}, \
                 but global options are not positional, i.e., {name} affects tests specified before \
                 it as well as those specified after it.  Please specify global options before \
                 other arguments."
            ));
        }
    }
}

/// GNU's words when a primary's argument is missing.
pub(super) fn missing_argument(primary: &OsStr, at: usize) -> ParseError {
    ParseError::new(
        format!("missing argument to `{}'", primary.to_string_lossy()),
        Some(at),
    )
}

const DEBUG_HELP: &str = "Valid arguments for -D:
exec       Show diagnostic information relating to -exec, -execdir, -ok and -okdir
opt        Show diagnostic information relating to optimisation
rates      Indicate how often each predicate succeeded
search     Navigate the directory tree verbosely
stat       Trace calls to stat(2) and lstat(2)
time       Show diagnostic information relating to time-of-day and timestamp comparisons
tree       Display the expression tree
all        Set all of the debug flags (but help)
help       Explain the various -D options
";
