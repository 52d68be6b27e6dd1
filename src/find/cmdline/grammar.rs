//! The find command line, `[-H|-L|-P] [-D opts] [-Olevel] [start...]
//! [expression]`, parsed into a `Plan`: the starting points, the walk
//! options and the expression tree. The grammar is here; each primary is
//! built by its row of the table in `primaries`.
//!
//! The words of the expression are read in order into tokens, each
//! primary built as it comes (`tokens`); `tree` then builds the tree as
//! GNU does. The grammar, loosest binding first (GNU find's precedence):
//!
//! ```text
//! comma := or  ( ","          or  )*
//! or    := and ( ("-o"|"-or") and )*
//! and   := not ( ["-a"|"-and"] not )*
//! not   := ("!"|"-not") not | primary
//! primary := "(" comma ")" | test | action | option
//! ```

use std::ffi::{OsStr, OsString};
use std::os::unix::ffi::OsStrExt;

use crate::find::action::sink::Sinks;
use crate::find::cmdline::error::{ParseError, quote};
use crate::find::cmdline::primaries::{self, Build, PrimaryKind};
use crate::find::cmdline::tree::{Token, Tokens};
use crate::find::expr::{Action, Expr};
use crate::find::types::Timestamp;
use crate::find::walk::WalkOpts;

use super::build;
use super::parser::Parser;

/// Everything `tk find` needs to run, checked before the walk starts.
#[derive(Debug)]
pub struct Plan {
    pub(crate) starts: Vec<OsString>,
    pub(crate) opts: WalkOpts,
    /// The expression, with the implicit -print added when it has no action.
    pub expr: Expr,
    /// Whether the user's expression had no action, so -print was added.
    pub implicit_print: bool,
    /// Text to print instead of walking (-help, -version).
    pub(crate) info: Option<String>,
    /// Warnings to print before the walk, as GNU find prints them (the
    /// advisory ones only with -warn or when stdin is a terminal).
    pub warnings: Vec<String>,
    /// The files the -f* actions write to, opened while parsing.
    pub(crate) sinks: Sinks,
    /// How many -exec-like actions there are (each has a batch slot).
    pub(crate) exec_count: usize,
    /// The moment the run started, read once.
    pub(crate) now: Timestamp,
    /// -files0-from FILE: `starts` is empty, the starting points are to
    /// be read from FILE (`-` for standard input) before the walk.
    pub(crate) files0_from: Option<OsString>,
    /// Whether an -ok or -okdir reads its answers from standard input.
    pub(crate) asks: bool,
}

/// Parse the arguments that follow `tk find`.
pub fn parse(args: &[OsString]) -> Result<Plan, ParseError> {
    // Decide the locale now, before any thread starts: names, regexes,
    // numbers, messages and -printf all read it.
    crate::find::locale::current();
    let mut p = Parser::new(args);
    let parsed = parse_with(&mut p, args);
    parsed.map_err(|mut err| {
        err.warnings = std::mem::take(&mut p.warnings);
        err
    })
}

/// `parse`, with the parser outside so that the warnings it gave before
/// an error still reach the user.
fn parse_with<'a>(p: &mut Parser<'a>, args: &'a [OsString]) -> Result<Plan, ParseError> {
    p.leading_options()?;
    let first_expr = p.pos
        + args[p.pos..]
            .iter()
            .position(|a| starts_expression(a))
            .unwrap_or(args.len() - p.pos);
    let first_start = p.pos;
    p.starts = &args[p.pos..first_expr];
    let mut starts: Vec<OsString> = p.starts.to_vec();
    p.pos = first_expr;
    let tokens = p.tokens()?;
    build::delete::check_delete_with_prune(p)?;
    let implicit_print = !p.has_action;
    let expr = tokens.build(p.has_action, args)?;
    match &p.files0_from {
        None if starts.is_empty() => starts.push(OsString::from(".")),
        None => {}
        Some(_) if !starts.is_empty() => {
            return Err(ParseError::new(
                format!("extra operand {}", quote(&starts[0])),
                Some(first_start),
            )
            .hint("file operands cannot be combined with -files0-from"));
        }
        Some(file) if file == "-" && p.asks => {
            return Err(ParseError::new(
                "option -files0-from reading from standard input cannot be combined with -ok, -okdir",
                None,
            )
            .hint("-ok and -okdir read their answers from standard input"));
        }
        Some(_) => {}
    }
    Ok(Plan {
        starts,
        opts: std::mem::take(&mut p.opts),
        expr,
        implicit_print,
        info: p.info.take(),
        warnings: std::mem::take(&mut p.warnings),
        sinks: std::mem::take(&mut p.sinks),
        exec_count: p.exec_count,
        now: p.now,
        files0_from: p.files0_from.take(),
        asks: p.asks,
    })
}

/// GNU's rule for where the starting points end: at the first word that
/// starts with `-` (but is not just `-`), or is `!` or `(`.
fn starts_expression(arg: &OsStr) -> bool {
    let b = arg.as_bytes();
    (b.len() > 1 && b[0] == b'-') || b == b"!" || b == b"("
}

impl<'a> Parser<'a> {
    /// Every word of the expression in order: operators as they are, each
    /// test, action and option built by its row of the table (so a bad
    /// argument is found where GNU finds it, before the tree is built).
    fn tokens(&mut self) -> Result<Tokens, ParseError> {
        let mut tokens = Tokens::default();
        while let Some(word) = self.peek() {
            let at = self.pos;
            self.pos += 1;
            let operator = match word {
                b"(" => Some(Token::Open),
                b")" => Some(Token::Close),
                b"!" | b"-not" => Some(Token::Not),
                b"-a" | b"-and" => Some(Token::And),
                b"-o" | b"-or" => Some(Token::Or),
                b"," => Some(Token::Comma),
                _ => None,
            };
            if let Some(operator) = operator {
                // For GNU an operator is an argument too: a global
                // option after it is warned about, named as written.
                let written = std::str::from_utf8(word).unwrap_or_default();
                self.seen_non_option.get_or_insert(written);
                tokens.push(operator, at);
                continue;
            }
            match self.word(word, at)? {
                Some(leaf) => tokens.push(Token::Leaf(leaf), at),
                None => tokens.rename_last(at),
            }
        }
        Ok(tokens)
    }

    /// One test, action or option, `word` already consumed: its row of
    /// the table of primaries builds it; None for an option that leaves
    /// no leaf in the expression.
    fn word(&mut self, word: &'a [u8], at: usize) -> Result<Option<Expr>, ParseError> {
        let Some(primary) = std::str::from_utf8(word).ok().and_then(primaries::lookup) else {
            return Err(self.unknown(word, at));
        };
        match primary.build {
            // The grammar takes operators before they get here.
            Build::Grammar => Err(self.unknown(word, at)),
            Build::Option(apply) | Build::Leafless(apply) => {
                // GNU warns of the place first, then reads the argument.
                if primary.kind == PrimaryKind::GlobalOption {
                    self.warn_if_not_first(primary.name);
                }
                apply(self, at)?;
                let leaf = matches!(primary.build, Build::Option(_));
                Ok(leaf.then_some(Expr::Option(primary.name)))
            }
            Build::Test(build) => {
                self.seen_non_option.get_or_insert(primary.name);
                build(self, at).map(|test| Some(Expr::Test(test)))
            }
            Build::Action(build) => {
                self.seen_non_option.get_or_insert(primary.name);
                let action = build(self, at)?;
                self.has_action =
                    self.has_action || !matches!(action, Action::Prune | Action::Quit);
                Ok(Some(Expr::Action(action)))
            }
        }
    }

    /// A word that is no primary, in GNU's words, with tk's guess.
    fn unknown(&self, word: &[u8], at: usize) -> ParseError {
        let text = String::from_utf8_lossy(word);
        if !word.starts_with(b"-") {
            return ParseError::new(format!("paths must precede expression: `{text}'"), Some(at))
                .hint("quote patterns, as in -name '*.txt'");
        }
        // -newerXY with letters GNU does not take.
        let error = if word.len() == 8 && word.starts_with(b"-newer") {
            ParseError::new(format!("invalid predicate `{text}'"), Some(at))
        } else {
            ParseError::new(format!("unknown predicate `{text}'"), Some(at))
        };
        match nearest_name(&text) {
            Some(near) => error.hint(format!("did you mean '{near}'?")),
            None => error,
        }
    }
}

/// The known name closest to a mistyped one, if it is close enough.
pub(crate) fn nearest_name(word: &str) -> Option<&'static str> {
    primaries::all()
        .iter()
        .map(|p| p.name)
        .filter(|n| n.starts_with('-') && n.len() > 1)
        .map(|n| (crate::suggest::edit_distance(word, n), n))
        .filter(|(d, n)| *d <= 2.max(n.len() / 4) && *d < n.len() - 1)
        .min_by_key(|(d, _)| *d)
        .map(|(_, n)| n)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::find::expr::Test;
    use crate::find::walk::Follow;

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
        assert_eq!(e.message, "unknown predicate `-nmae'");
        assert_eq!(e.hint.as_deref(), Some("did you mean '-name'?"));
        assert_eq!(
            error(&[".", "-name"]).message,
            "missing argument to `-name'"
        );
        assert!(
            error(&[".", "(", ")"])
                .message
                .contains("empty parentheses")
        );
        assert!(
            error(&[".", "(", "-true"])
                .message
                .contains("expecting to find a ')'")
        );
        assert!(error(&[".", "-true", ")"]).message.contains("too many ')'"));
        assert!(
            error(&[".", "-o", "-true"])
                .message
                .contains("nothing before it")
        );
        assert!(error(&[".", "-true", "-o"]).message.contains("after '-o'"));
        assert!(error(&[".", "!"]).message.contains("after '!'"));
        assert!(
            error(&[".", "-name", "x", "foo"])
                .message
                .contains("paths must precede expression")
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
                .contains("Expected a positive decimal integer")
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
                .contains("as a date or time")
        );
        assert!(
            error(&[".", "-newerXt", "2020-01-01"])
                .message
                .contains("invalid predicate")
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
