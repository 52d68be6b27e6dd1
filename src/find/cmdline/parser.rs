//! The find command line, `[-H|-L|-P] [-D opts] [-Olevel] [start...]
//! [expression]`, parsed into a `Plan`: the starting points, the walk
//! options and the expression tree. Nothing is evaluated here; arguments
//! that name files (-newer, -samefile) are stat'ed once, as GNU does.
//!
//! The grammar, loosest binding first (GNU find's precedence):
//!
//! ```text
//! comma := or  ( ","          or  )*
//! or    := and ( ("-o"|"-or") and )*
//! and   := not ( ["-a"|"-and"] not )*
//! not   := ("!"|"-not") not | primary
//! primary := "(" comma ")" | test | action | option
//! ```

use std::ffi::{OsStr, OsString};
use std::io::IsTerminal;
use std::os::unix::ffi::OsStrExt;

use crate::find::action::exec::{ExecSpec, check_path_safety};
use crate::find::action::print::Format;
use crate::find::action::sink::{SinkId, Sinks};
use crate::find::cmdline::error::{ParseError, quote};
use crate::find::cmdline::primaries::{self, Build, PrimaryKind};
use crate::find::expr::{Action, Expr, Test};
use crate::find::fs::entry::birth_time;
use crate::find::pred::kind::parse_kinds;
use crate::find::pred::name::Glob;
use crate::find::pred::owner::{gid_of, uid_of};
use crate::find::pred::perm::PermTest;
use crate::find::pred::regex::{RegexType, compile};
use crate::find::pred::size::SizeTest;
use crate::find::pred::time::{DAY_SECS, day_start_origin, now, parse_date, parse_window};
use crate::find::types::{Cmp, CmpKind, KindSet, TimeField, Timestamp};
use crate::find::walk::{Follow, WalkOpts};
use crate::out::strerror_errno;

/// Everything `tk find` needs to run, checked before the walk starts.
#[derive(Debug)]
pub struct Plan {
    pub starts: Vec<OsString>,
    pub opts: WalkOpts,
    /// The expression, with the implicit -print added when it has no action.
    pub expr: Expr,
    /// Whether the user's expression had no action, so -print was added.
    pub implicit_print: bool,
    /// Text to print instead of walking (-help, -version).
    pub info: Option<String>,
    /// Warnings to print before the walk, as GNU find prints them (the
    /// advisory ones only with -warn or when stdin is a terminal).
    pub warnings: Vec<String>,
    /// The files the -f* actions write to, opened while parsing.
    pub sinks: Sinks,
    /// How many -exec-like actions there are (each has a batch slot).
    pub exec_count: usize,
    /// The moment the run started, read once.
    pub now: Timestamp,
}

/// Parse the arguments that follow `tk find`.
pub fn parse(args: &[OsString]) -> Result<Plan, ParseError> {
    let mut p = Parser::new(args);
    p.leading_options()?;
    let first_expr = p.pos
        + args[p.pos..]
            .iter()
            .position(|a| starts_expression(a))
            .unwrap_or(args.len() - p.pos);
    p.starts = &args[p.pos..first_expr];
    let mut starts: Vec<OsString> = p.starts.to_vec();
    p.pos = first_expr;
    if starts.is_empty() {
        starts.push(OsString::from("."));
    }
    let expr = if p.pos < args.len() {
        let expr = p.comma()?;
        if p.pos < args.len() {
            return Err(p.stray(p.pos));
        }
        Some(expr)
    } else {
        None
    };
    p.check_delete_with_prune()?;
    let implicit_print = !p.has_action;
    let expr = match (expr, implicit_print) {
        (None, _) => Expr::Action(Action::Print),
        (Some(e), true) => Expr::And(Box::new(e), Box::new(Expr::Action(Action::Print))),
        (Some(e), false) => e,
    };
    Ok(Plan {
        starts,
        opts: p.opts,
        expr,
        implicit_print,
        info: p.info,
        warnings: p.warnings,
        sinks: p.sinks,
        exec_count: p.exec_count,
        now: p.now,
    })
}

/// GNU's rule for where the starting points end: at the first word that
/// starts with `-` (but is not just `-`), or is `!` or `(`.
fn starts_expression(arg: &OsStr) -> bool {
    let b = arg.as_bytes();
    (b.len() > 1 && b[0] == b'-') || b == b"!" || b == b"("
}

pub(crate) struct Parser<'a> {
    args: &'a [OsString],
    pos: usize,
    /// The starting points, as given.
    starts: &'a [OsString],
    pub(super) opts: WalkOpts,
    now: Timestamp,
    pub(super) day_start: bool,
    regex_type: RegexType,
    has_action: bool,
    /// A test or action has been seen (global options after it warn).
    seen_non_option: Option<&'a str>,
    pub(super) warn: bool,
    warnings: Vec<String>,
    info: Option<String>,
    sinks: Sinks,
    exec_count: usize,
    /// Where -delete, -prune and an explicit -depth were seen.
    delete_at: Option<usize>,
    prune_at: Option<usize>,
    explicit_depth: bool,
}

impl<'a> Parser<'a> {
    fn new(args: &'a [OsString]) -> Self {
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
        }
    }

    /// -delete turns on -depth, under which -prune does nothing: GNU
    /// refuses the pair unless -depth was asked for explicitly, and so do
    /// we, before anything is deleted.
    fn check_delete_with_prune(&self) -> Result<(), ParseError> {
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
                "-delete turns on -depth, and -prune does nothing under -depth; \
                 add -depth explicitly if that is really what you want",
                Some(prune),
            )),
            _ => Ok(()),
        }
    }

    fn peek(&self) -> Option<&'a [u8]> {
        self.args.get(self.pos).map(|a| a.as_bytes())
    }

    /// -H -L -P -D opts -Olevel, before the starting points.
    fn leading_options(&mut self) -> Result<(), ParseError> {
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
                            "missing argument to '-D' (debug options; try '-D help')",
                            Some(self.pos),
                        ));
                    };
                    self.debug_flags(flags.as_bytes());
                    self.pos += 1;
                }
                [b'-', b'O', level @ ..] if level.iter().all(u8::is_ascii_digit) => {}
                _ => return Ok(()),
            }
            self.pos += 1;
        }
        Ok(())
    }

    /// -D: tk has no debug dumps, but takes GNU's flags, lists them for
    /// `-D help` and warns about unknown ones, as GNU does.
    fn debug_flags(&mut self, flags: &[u8]) {
        const KNOWN: &[&[u8]] = &[
            b"exec", b"opt", b"rates", b"search", b"stat", b"time", b"tree", b"all", b"help",
        ];
        for flag in flags.split(|&b| b == b',') {
            if flag == b"help" {
                self.info = Some(DEBUG_HELP.to_string());
            } else if !KNOWN.contains(&flag) {
                self.warnings.push(format!(
                    "Ignoring unrecognised debug flag '{}'",
                    String::from_utf8_lossy(flag)
                ));
            }
        }
    }

    fn comma(&mut self) -> Result<Expr, ParseError> {
        let mut left = self.or()?;
        while self.peek() == Some(b",") {
            let at = self.pos;
            self.pos += 1;
            let right = self.operand_after(at, Self::or)?;
            left = Expr::Comma(Box::new(left), Box::new(right));
        }
        Ok(left)
    }

    fn or(&mut self) -> Result<Expr, ParseError> {
        let mut left = self.and()?;
        while matches!(self.peek(), Some(b"-o" | b"-or")) {
            let at = self.pos;
            self.pos += 1;
            let right = self.operand_after(at, Self::and)?;
            left = Expr::Or(Box::new(left), Box::new(right));
        }
        Ok(left)
    }

    fn and(&mut self) -> Result<Expr, ParseError> {
        let mut left = self.not()?;
        loop {
            match self.peek() {
                None | Some(b")" | b"," | b"-o" | b"-or") => return Ok(left),
                Some(b"-a" | b"-and") => {
                    let at = self.pos;
                    self.pos += 1;
                    let right = self.operand_after(at, Self::not)?;
                    left = Expr::And(Box::new(left), Box::new(right));
                }
                Some(_) => {
                    let right = self.not()?;
                    left = Expr::And(Box::new(left), Box::new(right));
                }
            }
        }
    }

    /// The right side of a binary operator at `at`, which must exist.
    fn operand_after(
        &mut self,
        at: usize,
        parse: fn(&mut Self) -> Result<Expr, ParseError>,
    ) -> Result<Expr, ParseError> {
        match self.peek() {
            None | Some(b")" | b"," | b"-o" | b"-or" | b"-a" | b"-and") => Err(ParseError::new(
                format!(
                    "expected an expression after '{}'",
                    self.args[at].to_string_lossy()
                ),
                Some(at),
            )),
            Some(_) => parse(self),
        }
    }

    fn not(&mut self) -> Result<Expr, ParseError> {
        if matches!(self.peek(), Some(b"!" | b"-not")) {
            let at = self.pos;
            self.pos += 1;
            if matches!(
                self.peek(),
                None | Some(b")" | b"," | b"-o" | b"-or" | b"-a" | b"-and")
            ) {
                return Err(ParseError::new(
                    format!(
                        "expected an expression after '{}'",
                        self.args[at].to_string_lossy()
                    ),
                    Some(at),
                ));
            }
            return Ok(Expr::Not(Box::new(self.not()?)));
        }
        self.primary()
    }

    fn primary(&mut self) -> Result<Expr, ParseError> {
        let at = self.pos;
        let Some(word) = self.peek() else {
            return Err(ParseError::new("expected an expression", None));
        };
        match word {
            b"(" => {
                self.pos += 1;
                if self.peek() == Some(b")") {
                    return Err(ParseError::new(
                        "empty parentheses are not allowed",
                        Some(self.pos),
                    ));
                }
                if self.peek().is_none() {
                    return Err(ParseError::new("'(' is never closed: add a ')'", Some(at)));
                }
                let inner = self.comma()?;
                if self.peek() != Some(b")") {
                    return Err(ParseError::new("'(' is never closed: add a ')'", Some(at)));
                }
                self.pos += 1;
                Ok(inner)
            }
            b")" => Err(self.stray(at)),
            b"-o" | b"-or" | b"-a" | b"-and" | b"," => Err(ParseError::new(
                format!(
                    "'{}' needs an expression before it",
                    String::from_utf8_lossy(word)
                ),
                Some(at),
            )),
            _ => {
                self.pos += 1;
                self.word(word, at)
            }
        }
    }

    fn stray(&self, at: usize) -> ParseError {
        ParseError::new("unexpected ')': there is no '(' to close", Some(at))
    }

    /// The argument of the primary at `at`.
    pub(super) fn arg(&mut self, at: usize) -> Result<&'a OsStr, ParseError> {
        match self.args.get(self.pos) {
            Some(arg) => {
                self.pos += 1;
                Ok(arg.as_os_str())
            }
            None => Err(ParseError::new(
                format!("missing argument to {}", quote(&self.args[at])),
                Some(at),
            )),
        }
    }

    /// The argument as text; words that are not UTF-8 are refused, naming
    /// the primary (only patterns may be arbitrary bytes).
    fn text_arg(&mut self, at: usize) -> Result<&'a str, ParseError> {
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

    fn bad_arg(&self, at: usize, why: &str) -> ParseError {
        ParseError::new(
            format!(
                "invalid argument {} to {}{}",
                quote(&self.args[self.pos - 1]),
                quote(&self.args[at]),
                why
            ),
            Some(self.pos - 1),
        )
    }

    /// One test, action or option, `word` already consumed: its row of
    /// the table of primaries builds it.
    fn word(&mut self, word: &'a [u8], at: usize) -> Result<Expr, ParseError> {
        let Some(primary) = std::str::from_utf8(word).ok().and_then(primaries::lookup) else {
            return Err(self.unknown(word, at));
        };
        match primary.build {
            // The grammar takes operators before they get here.
            Build::Grammar => Err(self.unknown(word, at)),
            Build::Option(apply) => {
                apply(self, at)?;
                if primary.kind == PrimaryKind::GlobalOption {
                    self.warn_if_not_first(primary.name);
                }
                Ok(Expr::Option(primary.name))
            }
            Build::Test(build) => {
                self.seen_non_option.get_or_insert(primary.name);
                build(self, at).map(Expr::Test)
            }
            Build::Action(build) => {
                self.seen_non_option.get_or_insert(primary.name);
                let action = build(self, at)?;
                self.has_action =
                    self.has_action || !matches!(action, Action::Prune | Action::Quit);
                Ok(Expr::Action(action))
            }
        }
    }

    fn unknown(&self, word: &[u8], at: usize) -> ParseError {
        let text = String::from_utf8_lossy(word);
        if !word.starts_with(b"-") {
            return ParseError::new(
                format!(
                    "paths must come before the expression: {} (quote patterns, as in -name '*.txt')",
                    quote(&self.args[at])
                ),
                Some(at),
            );
        }
        let mut message = format!("unknown test, action or option '{text}'");
        if let Some(near) = nearest_name(&text) {
            message.push_str(&format!(" (did you mean '{near}'?)"));
        }
        ParseError::new(message, Some(at))
    }

    /// GNU's warning for a global option after a test or an action.
    fn warn_if_not_first(&mut self, name: &str) {
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
        match text.parse::<usize>() {
            Ok(n) if text.bytes().all(|b| b.is_ascii_digit()) => Ok(n),
            _ => Err(ParseError::new(
                format!(
                    "{} needs a non-negative whole number, not {}",
                    quote(&self.args[at]),
                    quote(OsStr::new(text))
                ),
                Some(self.pos - 1),
            )),
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
            ParseError::new(
                format!(
                    "unknown regular expression type {}; valid types are {}",
                    quote(OsStr::new(text)),
                    RegexType::NAMES.join(", ")
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

    /// Open the file argument of a -f* action.
    pub(super) fn sink(&mut self, at: usize) -> Result<SinkId, ParseError> {
        let name = self.arg(at)?;
        self.sinks.open(name).map_err(|e| {
            ParseError::new(
                format!(
                    "cannot open {} for writing: {}",
                    quote(name),
                    crate::out::strerror(&e)
                ),
                Some(self.pos - 1),
            )
        })
    }

    /// `CMD ARGS... ;` or `CMD ARGS... {} +` after an -exec-like word.
    pub(super) fn exec(&mut self, name: &str, at: usize) -> Result<ExecSpec, ParseError> {
        let missing = || {
            ParseError::new(
                format!(
                    "missing argument to '{name}': end the command with ';' (written \\; in a shell) or {{}} +"
                ),
                Some(at),
            )
        };
        let start = self.pos;
        let mut end = None;
        let mut batch = false;
        for i in start..self.args.len() {
            let word = self.args[i].as_bytes();
            if word == b";" {
                end = Some(i);
                break;
            }
            if word == b"+" && i > start && self.args[i - 1].as_bytes() == b"{}" {
                end = Some(i);
                batch = true;
                break;
            }
        }
        let end = end.ok_or_else(missing)?;
        if end == start {
            return Err(missing());
        }
        let argv: Vec<OsString> = self.args[start..end].to_vec();
        self.pos = end + 1;
        let ask = name.starts_with("-ok");
        let in_dir = name.ends_with("dir");
        if batch {
            if ask {
                return Err(ParseError::new(
                    format!("'{name}' cannot take '{{}} +'; use ';'"),
                    Some(end),
                ));
            }
            let braces = argv
                .iter()
                .filter(|a| a.as_bytes().windows(2).any(|w| w == b"{}"))
                .count();
            if braces > 1 {
                return Err(ParseError::new(
                    format!("only one '{{}}' is allowed with '{name} ... {{}} +'"),
                    Some(at),
                ));
            }
        }
        if in_dir {
            check_path_safety(std::env::var_os("PATH").as_deref())
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
        if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return Err(self.bad_arg(at, ": expected [+-]N"));
        }
        digits
            .parse()
            .map(|n| Cmp::new(kind, n))
            .map_err(|_| self.bad_arg(at, ": number too large"))
    }

    pub(super) fn age(
        &mut self,
        at: usize,
        field: TimeField,
        unit_secs: i64,
    ) -> Result<Test, ParseError> {
        let text = self.text_arg(at)?;
        let window =
            parse_window(text, unit_secs).ok_or_else(|| self.bad_arg(at, ": expected [+-]N"))?;
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
    fn reference(&mut self, at: usize) -> Result<nix::sys::stat::FileStat, ParseError> {
        let path = self.arg(at)?;
        let follow = self.opts.follow != Follow::Never;
        let result = if follow {
            nix::sys::stat::stat(path)
        } else {
            nix::sys::stat::lstat(path)
        };
        result.map_err(|e| {
            ParseError::new(
                format!("{}: {}", quote(path), strerror_errno(e)),
                Some(self.pos - 1),
            )
        })
    }

    /// The birth time of a reference file (statx), for -newerXB.
    fn reference_birth(&mut self, at: usize) -> Result<Timestamp, ParseError> {
        let path = self.arg(at)?;
        let bad =
            |why: String| ParseError::new(format!("{}: {why}", quote(path)), Some(self.pos - 1));
        let name = std::ffi::CString::new(path.as_bytes())
            .map_err(|_| bad("a path cannot contain a NUL byte".into()))?;
        let follow = self.opts.follow != Follow::Never;
        match birth_time(nix::fcntl::AT_FDCWD, &name, follow) {
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
            let text = self.text_arg(at)?;
            parse_date(text, self.now).ok_or_else(|| {
                ParseError::new(
                    format!(
                        "cannot read {} as a date or time (try 2024-01-31, '2024-01-31 13:45:00' or @1700000000)",
                        quote(OsStr::new(text))
                    ),
                    Some(self.pos - 1),
                )
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
                format!("bad regular expression {}: {why}", quote(pattern)),
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
        let size = SizeTest::parse(text)
            .ok_or_else(|| self.bad_arg(at, ": expected [+-]N[bcwkMG], as in -size +10M"))?;
        Ok(Test::Size(size))
    }

    /// -used [+-]N, in days.
    pub(super) fn used(&mut self, at: usize) -> Result<Test, ParseError> {
        let text = self.text_arg(at)?;
        let window =
            parse_window(text, DAY_SECS).ok_or_else(|| self.bad_arg(at, ": expected [+-]N"))?;
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
                format!(
                    "invalid mode {} for -perm (octal like 644 or symbolic like u+x,g-w; \
                     prefix - for all bits, / for any bit)",
                    quote(OsStr::new(text))
                ),
                Some(self.pos - 1),
            )
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
                    "{} is not the name of a known group",
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

/// The known name closest to a mistyped one, if it is close enough.
pub fn nearest_name(word: &str) -> Option<&'static str> {
    primaries::all()
        .iter()
        .map(|p| p.name)
        .filter(|n| n.starts_with('-') && n.len() > 1)
        .map(|n| (crate::suggest::edit_distance(word, n), n))
        .filter(|(d, n)| *d <= 2.max(n.len() / 4) && *d < n.len() - 1)
        .min_by_key(|(d, _)| *d)
        .map(|(_, n)| n)
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

fn usage() -> String {
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

#[cfg(test)]
mod tests {
    use super::*;

    fn args(words: &[&str]) -> Vec<OsString> {
        words.iter().map(OsString::from).collect()
    }

    /// The tree as a compact string: a&b, a|b, !a, a,b, names for leaves.
    fn shape(expr: &Expr) -> String {
        match expr {
            Expr::And(a, b) => format!("({}&{})", shape(a), shape(b)),
            Expr::Or(a, b) => format!("({}|{})", shape(a), shape(b)),
            Expr::Comma(a, b) => format!("({},{})", shape(a), shape(b)),
            Expr::Not(a) => format!("!{}", shape(a)),
            Expr::Option(name) => name.to_string(),
            Expr::Action(Action::Print) => "print".into(),
            Expr::Action(a) => format!("{a:?}").to_lowercase(),
            Expr::Test(Test::True) => "t".into(),
            Expr::Test(Test::False) => "f".into(),
            Expr::Test(t) => format!("{t:?}").chars().take(4).collect(),
        }
    }

    fn tree(words: &[&str]) -> String {
        shape(&parse(&args(words)).unwrap().expr)
    }

    fn error(words: &[&str]) -> ParseError {
        parse(&args(words)).unwrap_err()
    }

    /// Which expressions stat about every entry, and so get a thread
    /// reading and stat'ing ahead (see `read_ahead_lanes`).
    #[test]
    fn which_expressions_stat_most_entries() {
        let most = |words: &[&str]| parse(&args(words)).unwrap().expr.stats_most_entries();
        for words in [
            &[".", "-type", "f", "-mtime", "-7"][..],
            &[".", "-size", "+1M"],
            &[".", "-printf", "%T+ %p\n"],
            &[".", "-ls"],
            &[".", "!", "-name", "*.o", "-mmin", "-5"],
            &[".", "-type", "f,d", "-empty"],
            &[".", "-name", "a", "-o", "-mmin", "-5"],
        ] {
            assert!(most(words), "{words:?} stats most entries");
        }
        for words in [
            &["."][..],
            &[".", "-name", "*.txt"],
            &[".", "-name", "*.txt", "-mtime", "-7"],
            &[".", "-type", "d", "-empty"],
            &[".", "-path", "*/src/*", "-size", "+1k"],
            &[".", "-type", "f", "-name", "*.rs", "-printf", "%s %p\n"],
            &[".", "-printf", "%p\n"],
        ] {
            assert!(!most(words), "{words:?} stats few entries");
        }
    }

    #[test]
    fn precedence_not_and_or_comma() {
        assert_eq!(
            tree(&["-true", "-o", "-false", "-true"]),
            "((t|(f&t))&print)"
        );
        assert_eq!(tree(&["!", "-true", "-false"]), "((!t&f)&print)");
        assert_eq!(
            tree(&["-true", ",", "-false", "-o", "-true"]),
            "((t,(f|t))&print)"
        );
        assert_eq!(
            tree(&["(", "-true", "-o", "-false", ")", "-true"]),
            "(((t|f)&t)&print)"
        );
        assert_eq!(
            tree(&["-true", "-a", "-false", "-and", "-true"]),
            "(((t&f)&t)&print)"
        );
        assert_eq!(tree(&["-not", "!", "-true"]), "(!!t&print)");
    }

    #[test]
    fn implicit_print_only_without_actions() {
        assert_eq!(tree(&[]), "print");
        assert_eq!(tree(&["-true", "-print"]), "(t&print)");
        assert_eq!(tree(&["-true", "-prune"]), "((t&prune)&print)");
        assert_eq!(tree(&["-print0"]), "print0");
    }

    #[test]
    fn starting_points_end_at_the_expression() {
        let plan = parse(&args(&["a", "b", "-name", "x"])).unwrap();
        assert_eq!(plan.starts, args(&["a", "b"]));
        assert_eq!(parse(&args(&["-"])).unwrap().starts, args(&["-"]));
        assert_eq!(parse(&args(&[")"])).unwrap().starts, args(&[")"]));
        assert_eq!(parse(&args(&["-true"])).unwrap().starts, args(&["."]));
        let plan = parse(&args(&["-L", "-O3", "-D", "stat", "x"])).unwrap();
        assert_eq!(plan.starts, args(&["x"]));
        assert_eq!(plan.opts.follow, Follow::Always);
    }

    #[test]
    fn options_shape_the_walk() {
        let plan = parse(&args(&[
            ".",
            "-maxdepth",
            "2",
            "-mindepth",
            "1",
            "-depth",
            "-xdev",
        ]))
        .unwrap();
        assert_eq!(plan.opts.max_depth, Some(2));
        assert_eq!(plan.opts.min_depth, 1);
        assert!(plan.opts.contents_first && plan.opts.same_file_system);
    }

    #[test]
    fn errors_name_the_word_and_its_place() {
        let e = error(&[".", "-nmae", "x"]);
        assert_eq!(e.at, Some(1));
        assert!(e.message.contains("'-nmae'") && e.message.contains("did you mean '-name'"));
        assert_eq!(
            error(&[".", "-name"]).message,
            "missing argument to '-name'"
        );
        assert!(
            error(&[".", "(", ")"])
                .message
                .contains("empty parentheses")
        );
        assert!(error(&[".", "(", "-true"]).message.contains("never closed"));
        assert!(
            error(&[".", "-true", ")"])
                .message
                .contains("unexpected ')'")
        );
        assert!(error(&[".", "-o", "-true"]).message.contains("before it"));
        assert!(error(&[".", "-true", "-o"]).message.contains("after '-o'"));
        assert!(error(&[".", "!"]).message.contains("after '!'"));
        assert!(
            error(&[".", "-name", "x", "foo"])
                .message
                .contains("paths must come before")
        );
        assert!(
            error(&[".", "-type", "q"])
                .message
                .contains("Unknown argument to -type")
        );
        assert!(error(&[".", "-xtype", "fd"]).message.contains("-xtype"));
        assert!(
            error(&[".", "-perm", "+644"])
                .message
                .contains("invalid mode")
        );
        assert!(error(&[".", "-size", "1x"]).message.contains("-size"));
        assert!(error(&[".", "-mtime", "x"]).message.contains("-mtime"));
        assert!(error(&[".", "-links", "+-1"]).message.contains("-links"));
        assert!(
            error(&[".", "-maxdepth", "-1"])
                .message
                .contains("non-negative")
        );
        assert!(
            error(&[".", "-user", "no-such-user-tk"])
                .message
                .contains("known user")
        );
        assert!(
            error(&[".", "-regextype", "foo"])
                .message
                .contains("valid types")
        );
        assert!(
            error(&[".", "-newer", "/no/such/file"])
                .message
                .contains("No such file")
        );
        assert!(
            error(&[".", "-newermt", "garbage"])
                .message
                .contains("date")
        );
        assert!(
            error(&[".", "-newerXt", "2020-01-01"])
                .message
                .contains("unknown")
        );
        assert!(error(&["-D"]).message.contains("-D"));
        assert!(
            error(&["-L", ".", "-delete"])
                .message
                .contains("outside the starting points")
        );
        assert!(
            error(&[".", "-follow", "-name", "x", "-delete"])
                .message
                .contains("-follow")
        );
        assert!(parse(&args(&["-H", ".", "-delete"])).is_ok());
    }

    #[test]
    fn suggestions_for_typos() {
        assert_eq!(nearest_name("-nmae"), Some("-name"));
        assert_eq!(nearest_name("-mtim"), Some("-mtime"));
        assert_eq!(nearest_name("-typ"), Some("-type"));
        assert_eq!(nearest_name("-zzzzzzzz"), None);
    }
}
