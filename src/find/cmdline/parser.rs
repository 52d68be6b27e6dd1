//! The parser's state and the readers of the primaries' arguments: what
//! `grammar` drives and the builders in `primaries` call. Arguments that
//! name files (-newer, -samefile) are stat'ed once, here, as GNU does;
//! nothing is evaluated.

use std::ffi::{OsStr, OsString};
use std::io::IsTerminal;
use std::os::unix::ffi::OsStrExt;

use crate::find::action::exec::{ExecSpec, check_path_safety};
use crate::find::action::print::Format;
use crate::find::action::sink::{SinkId, Sinks};
use crate::find::cmdline::error::{ParseError, quote};
use crate::find::expr::{Action, Test};
use crate::find::fs::entry::{birth_time, dangles};
use crate::find::pred::date::parse_date;
use crate::find::pred::kind::parse_kinds;
use crate::find::pred::name::Glob;
use crate::find::pred::number::{self, Refused};
use crate::find::pred::owner::{gid_of, uid_of};
use crate::find::pred::perm::PermTest;
use crate::find::pred::regex::{RegexType, compile};
use crate::find::pred::size::SizeTest;
use crate::find::pred::time::{DAY_SECS, day_start_origin, now, parse_window};
use crate::find::types::{AgeWindow, Cmp, CmpKind, KindSet, TimeField, Timestamp};
use crate::find::walk::{Follow, WalkOpts};
use crate::out::strerror_errno;

/// GNU find's `-D` flags, which tk accepts (and completes) without
/// warning.
pub const DEBUG_FLAGS: &[&str] = &[
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

    /// -delete turns on -depth, under which -prune does nothing: GNU
    /// refuses the pair unless -depth was asked for explicitly, and so do
    /// we, before anything is deleted.
    pub(super) fn check_delete_with_prune(&self) -> Result<(), ParseError> {
        if let (Some(delete), Follow::Always) = (self.delete_at, self.opts.follow) {
            // GNU follows the links and deletes what they lead to; tk never
            // deletes outside the starting points, so it refuses.
            return Err(ParseError::new(
                "-delete with -L or -follow would delete files outside the starting points \
                 through symbolic links; drop -L to delete the links themselves",
                Some(delete),
            ));
        }
        match (self.delete_at, self.prune_at) {
            (Some(_), Some(prune)) if !self.explicit_depth => Err(ParseError::new(
                "The -delete action automatically turns on -depth, but -prune does nothing \
                 when -depth is in effect.  If you want to carry on anyway, just explicitly \
                 use the -depth option.",
                Some(prune),
            )),
            _ => Ok(()),
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
                 but global options are not positional: {name} affects tests specified before it as \
                 well as those after it. Please specify global options before other arguments."
            ));
        }
    }

    pub(super) fn depth_arg(&mut self, at: usize) -> Result<usize, ParseError> {
        let text = self.text_arg(at)?;
        match number::level(text) {
            Ok(n) => Ok(n),
            Err(_) => Err(ParseError::new(
                format!(
                    "Expected a positive decimal integer argument to {}, but got {}",
                    self.args[at].to_string_lossy(),
                    quote(OsStr::new(text))
                ),
                Some(self.pos - 1),
            )
            .hint("a whole number of levels, 0 or more")),
        }
    }

    /// -depth and -d: a directory's contents before the directory.
    pub(super) fn depth_first(&mut self) {
        self.opts.contents_first = true;
        self.explicit_depth = true;
    }

    /// -follow: as -L.
    pub(super) fn follow_always(&mut self) {
        self.opts.follow = Follow::Always;
    }

    /// -regextype NAME.
    pub(super) fn regextype(&mut self, at: usize) -> Result<(), ParseError> {
        let text = self.text_arg(at)?;
        self.regex_type = RegexType::from_name(text).ok_or_else(|| {
            let names: Vec<String> = RegexType::NAMES
                .iter()
                .map(|n| quote(OsStr::new(n)))
                .collect();
            ParseError::new(
                format!(
                    "Unknown regular expression type {}; valid types are {}.",
                    quote(OsStr::new(text)),
                    names.join(", ")
                ),
                Some(self.pos - 1),
            )
        })?;
        Ok(())
    }

    /// -help: print the usage instead of walking.
    pub(super) fn help(&mut self) {
        self.info = Some(usage());
    }

    /// -version: print the version instead of walking.
    pub(super) fn version(&mut self) {
        self.info = Some(format!(
            "tk find {} (GNU findutils 4.9 compatible)\n",
            env!("CARGO_PKG_VERSION")
        ));
    }

    /// -delete turns on -depth; where it stands is kept for the check
    /// against -prune.
    pub(super) fn note_delete(&mut self, at: usize) {
        self.delete_at.get_or_insert(at);
        self.opts.contents_first = true;
    }

    /// Where the first -prune stands, for the check against -delete.
    pub(super) fn note_prune(&mut self, at: usize) {
        self.prune_at.get_or_insert(at);
    }

    /// A -printf format argument.
    pub(super) fn format(&mut self, at: usize) -> Result<Format, ParseError> {
        let text = self.arg(at)?;
        let format = Format::parse(text.as_bytes())
            .map_err(|why| ParseError::new(why, Some(self.pos - 1)))?;
        self.warnings.extend(format.warnings().iter().cloned());
        Ok(format)
    }

    /// -fprintf FILE FORMAT. Without a format GNU names the file, and
    /// opens nothing.
    pub(super) fn fprintf(&mut self, at: usize) -> Result<Action, ParseError> {
        if let [file] = &self.args[self.pos..] {
            return Err(ParseError::new(
                format!(
                    "invalid argument `{}' to `{}'",
                    file.to_string_lossy(),
                    self.args[at].to_string_lossy()
                ),
                Some(self.pos),
            )
            .hint("the format is missing"));
        }
        Ok(Action::Printf {
            sink: self.sink(at)?,
            format: self.format(at)?,
        })
    }

    /// Open the file argument of a -f* action.
    pub(super) fn sink(&mut self, at: usize) -> Result<SinkId, ParseError> {
        let name = self.arg(at)?;
        self.sinks.open(name).map_err(|e| {
            ParseError::new(
                format!("{}: {}", quote(name), crate::out::strerror(&e)),
                Some(self.pos - 1),
            )
            .hint("cannot open it for writing")
        })
    }

    /// `CMD ARGS... ;` or `CMD ARGS... {} +` after an -exec-like word.
    pub(super) fn exec(&mut self, name: &str, at: usize) -> Result<ExecSpec, ParseError> {
        let missing = || {
            let ends = if name.starts_with("-ok") {
                "end the command with ';' (written \\; in a shell)"
            } else {
                "end the command with ';' (written \\; in a shell) or {} +"
            };
            missing_argument(&self.args[at], at).hint(ends)
        };
        let ask = name.starts_with("-ok");
        let start = self.pos;
        let mut end = None;
        let mut batch = false;
        for i in start..self.args.len() {
            let word = self.args[i].as_bytes();
            if word == b";" {
                end = Some(i);
                break;
            }
            // -ok and -okdir take one file at a time: `{} +` ends nothing.
            if word == b"+" && !ask && i > start && self.args[i - 1].as_bytes() == b"{}" {
                end = Some(i);
                batch = true;
                break;
            }
        }
        let end = end.ok_or_else(missing)?;
        if end == start {
            return Err(ParseError::new(
                format!(
                    "invalid argument `{}' to `{name}'",
                    self.args[end].to_string_lossy()
                ),
                Some(end),
            )
            .hint("the command is missing"));
        }
        let argv: Vec<OsString> = self.args[start..end].to_vec();
        self.pos = end + 1;
        let in_dir = name.ends_with("dir");
        self.asks |= ask;
        if batch {
            let braces = argv
                .iter()
                .filter(|a| a.as_bytes().windows(2).any(|w| w == b"{}"))
                .count();
            if braces > 1 {
                return Err(ParseError::new(
                    format!("Only one instance of {{}} is supported with {name} ... +"),
                    Some(at),
                ));
            }
        }
        if in_dir {
            check_path_safety(std::env::var_os("PATH").as_deref(), name)
                .map_err(|why| ParseError::new(why, Some(at)))?;
        }
        self.exec_count += 1;
        Ok(ExecSpec {
            id: self.exec_count - 1,
            argv,
            batch,
            in_dir,
            ask,
        })
    }

    pub(super) fn glob(&mut self, at: usize, fold_case: bool) -> Result<Glob, ParseError> {
        let pattern = self.arg(at)?;
        Ok(Glob::new(pattern.as_bytes(), fold_case))
    }

    /// The pattern of -path and its kin. The paths tested never end in a
    /// slash, but for a starting point written with one: a pattern that
    /// ends in a slash and matches no starting point gets a warning, as
    /// GNU find gives it (even under -nowarn; not under POSIXLY_CORRECT).
    pub(super) fn path_glob(&mut self, at: usize, fold_case: bool) -> Result<Glob, ParseError> {
        let pattern = self.arg(at)?.as_bytes();
        let glob = Glob::new(pattern, fold_case);
        let hopeless = pattern.ends_with(b"/")
            && !self
                .starts
                .iter()
                .any(|start| glob.matches(start.as_bytes()))
            && std::env::var_os("POSIXLY_CORRECT").is_none();
        if hopeless {
            self.warnings.push(format!(
                "warning: {} {} ends with '/' and matches no starting point, so it matches nothing",
                quote(&self.args[at]),
                quote(OsStr::from_bytes(pattern))
            ));
        }
        Ok(glob)
    }

    pub(super) fn name_glob(&mut self, at: usize, fold_case: bool) -> Result<Test, ParseError> {
        let pattern = self.arg(at)?.as_bytes();
        if self.warn && pattern.contains(&b'/') && pattern != b"/" {
            self.warnings.push(format!(
                "warning: {} matches against base names only, but the pattern {} contains a '/', \
                 so it can never match; did you mean -path?",
                quote(&self.args[at]),
                quote(OsStr::from_bytes(pattern))
            ));
        }
        Ok(Test::Name(Glob::new(pattern, fold_case)))
    }

    pub(super) fn number(&mut self, at: usize) -> Result<Cmp, ParseError> {
        let text = self.text_arg(at)?;
        let (kind, digits) = CmpKind::split(text);
        match number::whole(digits) {
            Ok(n) => Ok(Cmp::new(kind, n)),
            Err(Refused::NotANumber) => Err(self.bad_arg(at, "expected [+-]N")),
            Err(Refused::TooLarge) => Err(self.bad_arg(at, "the number is too large")),
        }
    }

    /// `[+-]N` periods of `unit_secs`, N read as GNU's strtod reads it in
    /// the locale (`1,5` under de_DE.UTF-8).
    fn window(&mut self, at: usize, unit_secs: i64) -> Result<AgeWindow, ParseError> {
        let text = self.text_arg(at)?;
        let point = number::decimal_point();
        parse_window(text, unit_secs, point).ok_or_else(|| {
            self.bad_arg(
                at,
                &format!("expected [+-]N, with '{point}' as the decimal point in this locale"),
            )
        })
    }

    pub(super) fn age(
        &mut self,
        at: usize,
        field: TimeField,
        unit_secs: i64,
    ) -> Result<Test, ParseError> {
        let window = self.window(at, unit_secs)?;
        let origin = if self.day_start {
            day_start_origin(self.now)
        } else {
            self.now
        };
        Ok(Test::Age {
            field,
            origin,
            window,
        })
    }

    /// Stat a reference file (-newer, -samefile), following links as the
    /// walk would for a starting point.
    pub(super) fn reference(&mut self, at: usize) -> Result<nix::sys::stat::FileStat, ParseError> {
        let path = self.arg(at)?;
        let follow = self.opts.follow != Follow::Never;
        // A dangling link is described by the link itself (GNU's
        // fallback_stat); a loop, or no file at all, is an error.
        let result = match follow.then(|| nix::sys::stat::stat(path)) {
            Some(Err(e)) if dangles(e) => nix::sys::stat::lstat(path),
            Some(followed) => followed,
            None => nix::sys::stat::lstat(path),
        };
        result.map_err(|e| {
            ParseError::new(
                format!("{}: {}", quote(path), strerror_errno(e)),
                Some(self.pos - 1),
            )
        })
    }

    /// The birth time of a reference file (statx), for -newerXB.
    pub(super) fn reference_birth(&mut self, at: usize) -> Result<Timestamp, ParseError> {
        let path = self.arg(at)?;
        let bad =
            |why: String| ParseError::new(format!("{}: {why}", quote(path)), Some(self.pos - 1));
        let name = std::ffi::CString::new(path.as_bytes())
            .map_err(|_| bad("a path cannot contain a NUL byte".into()))?;
        let follow = self.opts.follow != Follow::Never;
        let born = match birth_time(nix::fcntl::AT_FDCWD, &name, follow) {
            Err(e) if follow && dangles(e) => birth_time(nix::fcntl::AT_FDCWD, &name, false),
            other => other,
        };
        match born {
            Ok(Some(time)) => Ok(time),
            Ok(None) => Err(bad("its file system does not record birth times".into())),
            Err(e) => Err(bad(strerror_errno(e))),
        }
    }

    pub(super) fn newer(
        &mut self,
        at: usize,
        field: TimeField,
        reference: u8,
    ) -> Result<Test, ParseError> {
        let than = if reference == b't' {
            if self.peek().is_none() {
                return Err(ParseError::new(
                    format!("The {} test needs an argument", quote(&self.args[at])),
                    Some(at),
                ));
            }
            let text = self.text_arg(at)?;
            parse_date(text, self.now).ok_or_else(|| {
                ParseError::new(
                    format!(
                        "I cannot figure out how to interpret {} as a date or time",
                        quote(OsStr::new(text))
                    ),
                    Some(self.pos - 1),
                )
                .hint("try 2024-01-31, '2024-01-31 13:45', '2 days ago', 'last monday' or @1700000000")
            })?
        } else if reference == b'B' {
            self.reference_birth(at)?
        } else {
            let st = self.reference(at)?;
            let (sec, nsec) = match reference {
                b'a' => (st.st_atime, st.st_atime_nsec),
                b'c' => (st.st_ctime, st.st_ctime_nsec),
                _ => (st.st_mtime, st.st_mtime_nsec),
            };
            Timestamp { sec, nsec }
        };
        Ok(Test::Newer { field, than })
    }

    /// -regex and -iregex, in the syntax -regextype chose.
    pub(super) fn regex(&mut self, at: usize, ignore_case: bool) -> Result<Test, ParseError> {
        let pattern = self.arg(at)?;
        let re = compile(pattern.as_bytes(), self.regex_type, ignore_case).map_err(|why| {
            ParseError::new(
                format!(
                    "failed to compile regular expression '{}': {why}",
                    pattern.to_string_lossy()
                ),
                Some(self.pos - 1),
            )
        })?;
        Ok(Test::Regex(re))
    }

    /// The letters of -type or -xtype (`name`).
    pub(super) fn kinds(&mut self, at: usize, name: &str) -> Result<KindSet, ParseError> {
        let arg = self.arg(at)?;
        parse_kinds(arg.as_bytes())
            .map_err(|why| ParseError::new(why.replace("-type", name), Some(self.pos - 1)))
    }

    /// -size [+-]N[bcwkMG].
    pub(super) fn size(&mut self, at: usize) -> Result<Test, ParseError> {
        let text = self.text_arg(at)?;
        let size = SizeTest::parse(text).ok_or_else(|| {
            // GNU looks at the unit letter first, then at the number.
            let message = match text.chars().last() {
                None => "invalid null argument to -size".to_string(),
                Some(unit) if !unit.is_ascii_digit() && !"bcwkMG".contains(unit) => {
                    format!("invalid -size type `{unit}'")
                }
                Some(_) => format!("Invalid argument `{text}' to -size"),
            };
            ParseError::new(message, Some(self.pos - 1))
                .hint("expected [+-]N[bcwkMG], as in -size +10M")
        })?;
        Ok(Test::Size(size))
    }

    /// -used [+-]N, in days.
    pub(super) fn used(&mut self, at: usize) -> Result<Test, ParseError> {
        let window = self.window(at, DAY_SECS).map_err(|err| ParseError {
            message: format!(
                "Invalid argument {} to -used",
                self.args[self.pos - 1].to_string_lossy()
            ),
            ..err
        })?;
        Ok(Test::Used(window))
    }

    /// -perm MODE, -perm -MODE, -perm /MODE.
    pub(super) fn perm(&mut self, at: usize) -> Result<Test, ParseError> {
        let text = self.text_arg(at)?;
        if text.starts_with('/') && text[1..].bytes().all(|b| b == b'0') && text.len() > 1 {
            self.warnings.push(format!(
                "warning: you have specified a mode pattern {text} (which is equivalent to /000). \
                 The meaning of -perm /000 has now been changed to be consistent with -perm -000; \
                 that is, while it used to match no files, it now matches all files."
            ));
        }
        let perm = PermTest::parse(text).ok_or_else(|| {
            ParseError::new(
                format!("invalid mode {}", quote(OsStr::new(text))),
                Some(self.pos - 1),
            )
            .hint("octal like 644 or symbolic like u+x,g-w; prefix - for all bits, / for any bit")
        })?;
        Ok(Test::Perm(perm))
    }

    /// -user NAME.
    pub(super) fn user(&mut self, at: usize) -> Result<Test, ParseError> {
        let text = self.text_arg(at)?;
        let uid = uid_of(text).ok_or_else(|| {
            ParseError::new(
                format!(
                    "{} is not the name of a known user",
                    quote(OsStr::new(text))
                ),
                Some(self.pos - 1),
            )
        })?;
        Ok(Test::Uid(Cmp::Exactly(uid as u64)))
    }

    /// -group NAME.
    pub(super) fn group(&mut self, at: usize) -> Result<Test, ParseError> {
        let text = self.text_arg(at)?;
        let gid = gid_of(text).ok_or_else(|| {
            ParseError::new(
                format!(
                    "{} is not the name of an existing group",
                    quote(OsStr::new(text))
                ),
                Some(self.pos - 1),
            )
        })?;
        Ok(Test::Gid(Cmp::Exactly(gid as u64)))
    }

    /// -samefile FILE.
    pub(super) fn samefile(&mut self, at: usize) -> Result<Test, ParseError> {
        let st = self.reference(at)?;
        Ok(Test::SameFile {
            dev: st.st_dev,
            ino: st.st_ino,
        })
    }
}

/// GNU's words when a primary's argument is missing.
fn missing_argument(primary: &OsStr, at: usize) -> ParseError {
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

pub(super) fn usage() -> String {
    "Usage: tk find [-H] [-L] [-P] [-Olevel] [-D debugopts] [path...] [expression]\n\
     \n\
     The default path is the current directory; the default expression is -print.\n\
     Expression: operators, options, tests and actions, as in GNU find:\n\
     \n\
     operators (decreasing precedence; -and is implicit where no others are given):\n\
     \x20     ( EXPR )   ! EXPR   -not EXPR   EXPR1 -a EXPR2   EXPR1 -and EXPR2\n\
     \x20     EXPR1 -o EXPR2   EXPR1 -or EXPR2   EXPR1 , EXPR2\n\
     \n\
     positional options (always true): -daystart -follow -nowarn -regextype -warn\n\
     \n\
     normal options (always true, specified before other expressions):\n\
     \x20     -depth -files0-from FILE -maxdepth LEVELS -mindepth LEVELS\n\
     \x20     -mount -noleaf -xdev -ignore_readdir_race -noignore_readdir_race\n\
     \n\
     tests (N can be +N or -N or N):\n\
     \x20     -amin N -anewer FILE -atime N -cmin N -cnewer FILE -ctime N -empty -false\n\
     \x20     -fstype TYPE -gid N -group NAME -ilname PATTERN -iname PATTERN -inum N\n\
     \x20     -iwholename PATTERN -iregex PATTERN -links N -lname PATTERN -mmin N -mtime N\n\
     \x20     -name PATTERN -newer FILE -newerXY REF -nouser -nogroup -path PATTERN\n\
     \x20     -perm [-/]MODE -regex PATTERN -readable -writable -executable\n\
     \x20     -wholename PATTERN -size N[bcwkMG] -true -type [bcdpfls] -uid N -used N\n\
     \x20     -user NAME -xtype [bcdpfls]\n\
     \n\
     actions: -delete -print0 -printf FORMAT -fprintf FILE FORMAT -print\n\
     \x20     -fprint0 FILE -fprint FILE -ls -fls FILE -prune -quit\n\
     \x20     -exec COMMAND ; -exec COMMAND {} + -ok COMMAND ;\n\
     \x20     -execdir COMMAND ; -execdir COMMAND {} + -okdir COMMAND ;\n\
     \n\
     `tk explain find` describes each of them with examples.\n"
        .replace("-files0-from FILE ", "")
}
