//! `tk explain find -- ARGS...`: a whole find command line in plain words.
//! tk find's own parser reads the arguments, so a line it rejects gets the
//! same error; its tree says how the pieces combine. Each leaf of the tree
//! is tied back to the words that made it (leaves come out of the parser
//! in command-line order), which lets the explanation quote the user's
//! words, show where `-a` and `-print` were implied, and spot the traps
//! (`traps`).

use std::ffi::OsString;
use std::ops::Range;

use crate::find::cmdline::error::{ParseError, shell_word};
use crate::find::cmdline::primaries::{self, PrimaryKind};
use crate::find::cmdline::{Plan, parse};
use crate::find::expr::Expr;

use super::Lang;

/// How two expressions are joined.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Op {
    And,
    Or,
    Comma,
}

/// The parser's tree, each leaf tied to its words in the argument list.
#[derive(Debug)]
pub(super) enum Node {
    Binary {
        op: Op,
        /// An `-a` nobody wrote (two expressions side by side, or the
        /// one joining the implicit -print).
        implicit: bool,
        left: Box<Node>,
        right: Box<Node>,
    },
    Not(Box<Node>),
    /// A test, action or option; None is the -print tk find added.
    Leaf(Option<Range<usize>>),
}

/// A command line, read.
#[derive(Debug)]
pub(super) struct Reading {
    pub args: Vec<OsString>,
    /// -H -L -P -D X -OLEVEL, each with its words.
    pub leading: Vec<Range<usize>>,
    /// The starting points as written (empty: tk find uses `.`).
    pub starts: Range<usize>,
    pub tree: Node,
    pub plan: Plan,
}

/// Why a command line could not be explained.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum ReadError {
    /// tk find itself rejects it.
    Find(ParseError),
    /// The parser's leaves and the words did not pair up one to one: a
    /// word this module does not know the argument count of.
    Untied,
}

/// Read `args` (what follows `tk find`) as tk find would.
pub(super) fn read(args: Vec<OsString>) -> Result<Reading, ReadError> {
    let plan = parse(&args).map_err(ReadError::Find)?;
    let (leading, expr_start) = leading_options(&args);
    let mut first = expr_start;
    while first < args.len() && !starts_expression(&args[first]) {
        first += 1;
    }
    let mut spans = leaf_spans(&args, first).into_iter();
    let tree = tie(&plan.expr, &mut spans, &args);
    let unworded = tree.leaves().iter().filter(|s| s.is_none()).count();
    if spans.next().is_some() || unworded != usize::from(plan.implicit_print) {
        return Err(ReadError::Untied);
    }
    Ok(Reading {
        leading,
        starts: expr_start..first,
        tree,
        plan,
        args,
    })
}

/// The leading -H -L -P -D -O words, and where the starting points begin.
fn leading_options(args: &[OsString]) -> (Vec<Range<usize>>, usize) {
    let mut found = Vec::new();
    let mut i = 0;
    while let Some(word) = args.get(i).map(|a| a.to_string_lossy()) {
        let len = match word.as_ref() {
            "-H" | "-L" | "-P" => 1,
            "-D" => 2,
            "--" => return (found, i + 1),
            w if w.starts_with("-O") && w[2..].bytes().all(|b| b.is_ascii_digit()) => 1,
            _ => break,
        };
        found.push(i..(i + len).min(args.len()));
        i += len;
    }
    (found, i)
}

/// GNU's rule: the expression starts at a word beginning with `-` (not
/// `-` alone), or at `!` or `(`.
fn starts_expression(arg: &OsString) -> bool {
    let b = arg.as_encoded_bytes();
    (b.len() > 1 && b[0] == b'-') || b == b"!" || b == b"("
}

/// The words of each test, action and option, in order.
fn leaf_spans(args: &[OsString], from: usize) -> Vec<Range<usize>> {
    let mut spans = Vec::new();
    let mut i = from;
    while i < args.len() {
        let word = args[i].to_string_lossy();
        if primaries::lookup(&word).is_some_and(|p| p.kind == PrimaryKind::Operator) {
            i += 1;
            continue;
        }
        let end = (i + 1 + arity(&word, &args[i + 1..])).min(args.len());
        spans.push(i..end);
        i = end;
    }
    spans
}

/// How many words after `word` belong to it, as the table of primaries
/// gives its argument's shape.
fn arity(word: &str, rest: &[OsString]) -> usize {
    // The parser accepted the line, so every word is in the table.
    let words = primaries::lookup(word).map_or(Some(1), |p| p.arg.words());
    words.unwrap_or_else(|| {
        let end = rest
            .iter()
            .enumerate()
            .position(|(i, a)| a == ";" || (a == "+" && i > 0 && rest[i - 1] == "{}"));
        end.map_or(rest.len(), |e| e + 1)
    })
}

/// Pair the parser's tree with the spans, leaf by leaf.
fn tie(expr: &Expr, spans: &mut impl Iterator<Item = Range<usize>>, args: &[OsString]) -> Node {
    let binary = |op, l: &Expr, r: &Expr, spans: &mut _| {
        let left = tie(l, spans, args);
        let right = tie(r, spans, args);
        let implicit = op == Op::And && !explicit_and(&left, &right, args);
        Node::Binary {
            op,
            implicit,
            left: Box::new(left),
            right: Box::new(right),
        }
    };
    match expr {
        Expr::And(l, r) => binary(Op::And, l, r, spans),
        Expr::Or(l, r) => binary(Op::Or, l, r, spans),
        Expr::Comma(l, r) => binary(Op::Comma, l, r, spans),
        Expr::Not(e) => Node::Not(Box::new(tie(e, spans, args))),
        _ => Node::Leaf(spans.next()),
    }
}

/// Whether the user wrote `-a` or `-and` between the two sides.
fn explicit_and(left: &Node, right: &Node, args: &[OsString]) -> bool {
    match (left.last_word(), right.first_word()) {
        (Some(l), Some(r)) if l < r => args[l..r].iter().any(|a| a == "-a" || a == "-and"),
        _ => false,
    }
}

impl Node {
    /// Index of the first word of this subtree.
    fn first_word(&self) -> Option<usize> {
        match self {
            Node::Binary { left, right, .. } => left.first_word().or_else(|| right.first_word()),
            Node::Not(e) => e.first_word(),
            Node::Leaf(span) => span.as_ref().map(|s| s.start),
        }
    }

    /// One past the last word of this subtree.
    fn last_word(&self) -> Option<usize> {
        match self {
            Node::Binary { left, right, .. } => right.last_word().or_else(|| left.last_word()),
            Node::Not(e) => e.last_word(),
            Node::Leaf(span) => span.as_ref().map(|s| s.end),
        }
    }

    /// Every leaf, in order.
    pub(super) fn leaves(&self) -> Vec<&Option<Range<usize>>> {
        let mut all = Vec::new();
        self.walk(&mut |n| {
            if let Node::Leaf(span) = n {
                all.push(span);
            }
        });
        all
    }

    /// Visit every node, in command-line order (left, self, right).
    pub(super) fn walk<'a>(&'a self, visit: &mut dyn FnMut(&'a Node)) {
        match self {
            Node::Binary { left, right, .. } => {
                left.walk(visit);
                visit(self);
                right.walk(visit);
            }
            Node::Not(e) => {
                visit(self);
                e.walk(visit);
            }
            Node::Leaf(_) => visit(self),
        }
    }
}

impl Reading {
    /// The words of a span, as the user would type them in a shell.
    pub(super) fn words(&self, span: &Range<usize>) -> String {
        self.args[span.clone()]
            .iter()
            .map(shell_word)
            .collect::<Vec<_>>()
            .join(" ")
    }

    /// The word that names a leaf (`-print` for the implicit one).
    pub(super) fn name(&self, span: &Option<Range<usize>>) -> String {
        match span {
            Some(s) => self.args[s.start].to_string_lossy().into_owned(),
            None => "-print".to_string(),
        }
    }

    /// The expression with every operator written out and groups in
    /// parentheses: `( -name '*.txt' -a -mtime -7 ) -a -print`.
    pub(super) fn spelled_out(&self) -> String {
        self.show(&self.tree, None)
    }

    fn show(&self, node: &Node, parent: Option<Op>) -> String {
        match node {
            Node::Leaf(Some(span)) => self.words(span),
            Node::Leaf(None) => "-print".to_string(),
            Node::Not(e) => {
                let inner = self.show(e, None);
                match **e {
                    Node::Binary { .. } => format!("! ( {inner} )"),
                    _ => format!("! {inner}"),
                }
            }
            Node::Binary { left, right, .. } if matches!(**right, Node::Leaf(None)) => {
                // The implicit -print applies to the whole user expression.
                match **left {
                    Node::Binary { .. } => format!("( {} ) -a -print", self.show(left, None)),
                    _ => format!("{} -a -print", self.show(left, None)),
                }
            }
            Node::Binary {
                op, left, right, ..
            } => {
                let word = match op {
                    Op::And => "-a",
                    Op::Or => "-o",
                    Op::Comma => ",",
                };
                let text = format!(
                    "{} {word} {}",
                    self.show(left, Some(*op)),
                    self.show(right, Some(*op))
                );
                match parent {
                    Some(p) if p != *op => format!("( {text} )"),
                    _ => text,
                }
            }
        }
    }

    /// Whether the starting points were left out (tk find then uses `.`).
    pub(super) fn default_start(&self) -> bool {
        self.starts.is_empty()
    }

    /// Text for the heading: the command line as typed.
    pub(super) fn command(&self) -> String {
        let all = 0..self.args.len();
        let words = self.words(&all);
        if words.is_empty() {
            "tk find".to_string()
        } else {
            format!("tk find {words}")
        }
    }
}

/// Numeric tests, whose `+N` / `-N` / `N` argument gets a gloss.
const NUMERIC: &[&str] = &[
    "-amin", "-atime", "-cmin", "-ctime", "-gid", "-inum", "-links", "-mmin", "-mtime", "-size",
    "-uid", "-used",
];

/// What a test's argument means in words: `+N` is more than N for a
/// numeric test, `-MODE` all of MODE's bits for -perm. None for other
/// words, and for an argument that is not of that shape.
pub(super) fn gloss(name: &str, arg: &str, lang: Lang) -> Option<String> {
    match name {
        "-perm" => perm_gloss(arg, lang),
        _ if NUMERIC.contains(&name) => number_gloss(name, arg, lang),
        _ => None,
    }
}

/// The three forms of -perm: exact, all of the bits, any of the bits.
fn perm_gloss(arg: &str, lang: Lang) -> Option<String> {
    let (form, mode) = match arg.as_bytes().first()? {
        b'-' => ('-', &arg[1..]),
        b'/' => ('/', &arg[1..]),
        _ => (' ', arg),
    };
    Some(match (lang, form) {
        (Lang::En, '-') => format!(
            "Here `{arg}` means that every bit of `{mode}` is set; other bits may be set too."
        ),
        (Lang::En, '/') => format!("Here `{arg}` means that at least one bit of `{mode}` is set."),
        (Lang::En, _) => format!(
            "Here `{arg}` means that the permission bits are exactly `{mode}`: \
             a file with a bit more or a bit fewer does not match."
        ),
        (Lang::Zh, '-') => {
            format!("这里 `{arg}` 表示 `{mode}` 的每一位都已设置，其他位也可以设置。")
        }
        (Lang::Zh, '/') => format!("这里 `{arg}` 表示 `{mode}` 中至少有一位已设置。"),
        (Lang::Zh, _) => {
            format!("这里 `{arg}` 表示权限位正好等于 `{mode}`：多一位或少一位的文件都不匹配。")
        }
    })
}

/// `+N` means more than N ... in words, for a numeric test's argument.
fn number_gloss(name: &str, arg: &str, lang: Lang) -> Option<String> {
    let (sign, n) = match arg.as_bytes().first()? {
        b'+' => ('+', &arg[1..]),
        b'-' => ('-', &arg[1..]),
        _ => (' ', arg),
    };
    if !n.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    let rounded = match (name, lang) {
        ("-size", Lang::En) => ", after rounding the size up to whole units",
        ("-size", Lang::Zh) => "（大小先向上取整为整数个单位）",
        _ => "",
    };
    Some(match (lang, sign) {
        (Lang::En, '+') => format!("Here `{arg}` means more than {n}{rounded}."),
        (Lang::En, '-') => format!("Here `{arg}` means less than {n}{rounded}."),
        (Lang::En, _) => format!("Here `{arg}` means exactly {n}{rounded}."),
        (Lang::Zh, '+') => format!("这里 `{arg}` 表示大于 {n}{rounded}。"),
        (Lang::Zh, '-') => format!("这里 `{arg}` 表示小于 {n}{rounded}。"),
        (Lang::Zh, _) => format!("这里 `{arg}` 表示正好等于 {n}{rounded}。"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reading(line: &str) -> Reading {
        let args = line.split_whitespace().map(OsString::from).collect();
        read(args).unwrap()
    }

    #[test]
    fn implicit_and_and_print_are_spelled_out() {
        let r = reading(". -name *.txt -mtime -7");
        assert_eq!(r.spelled_out(), "( -name '*.txt' -a -mtime -7 ) -a -print");
        let Node::Binary { implicit, left, .. } = &r.tree else {
            panic!("{:?}", r.tree)
        };
        assert!(*implicit);
        assert!(matches!(**left, Node::Binary { implicit: true, .. }));
    }

    #[test]
    fn explicit_and_is_told_apart() {
        let r = reading(". -type f -a -name x -print");
        let Node::Binary { implicit, left, .. } = &r.tree else {
            panic!("{:?}", r.tree)
        };
        assert!(*implicit, "between -name x and -print");
        assert!(matches!(
            **left,
            Node::Binary {
                implicit: false,
                ..
            }
        ));
        assert_eq!(r.spelled_out(), "-type f -a -name x -a -print");
    }

    #[test]
    fn precedence_shows_in_parentheses() {
        let r = reading(". -name a -o -name b -type f");
        assert_eq!(
            r.spelled_out(),
            "( -name a -o ( -name b -a -type f ) ) -a -print"
        );
        let r = reading(". ! ( -name a -o -name b ) , -print");
        assert_eq!(r.spelled_out(), "! ( -name a -o -name b ) , -print");
    }

    #[test]
    fn leaves_keep_their_words() {
        let r = reading("-L -O3 src docs -maxdepth 2 -newermt 2020-01-01 -prune");
        assert_eq!(r.leading, [0..1, 1..2]);
        assert_eq!(r.starts, 2..4);
        let words: Vec<String> = r
            .tree
            .leaves()
            .into_iter()
            .map(|s| s.as_ref().map_or("(implicit)".into(), |s| r.words(s)))
            .collect();
        assert_eq!(
            words,
            ["-maxdepth 2", "-newermt 2020-01-01", "-prune", "(implicit)"]
        );
    }

    #[test]
    fn no_expression_is_just_the_implicit_print() {
        let r = reading("");
        assert!(r.default_start());
        assert_eq!(r.spelled_out(), "-print");
        assert_eq!(r.command(), "tk find");
    }

    #[test]
    fn glosses_say_what_the_sign_means() {
        let en = |name, arg| gloss(name, arg, Lang::En);
        assert_eq!(
            en("-mtime", "+30").unwrap(),
            "Here `+30` means more than 30."
        );
        assert_eq!(
            gloss("-mtime", "-7", Lang::Zh).unwrap(),
            "这里 `-7` 表示小于 7。"
        );
        assert_eq!(
            en("-size", "1M").unwrap(),
            "Here `1M` means exactly 1M, after rounding the size up to whole units."
        );
        assert_eq!(en("-name", "+3"), None);
    }

    #[test]
    fn perm_glosses_name_the_form() {
        let en = |arg| gloss("-perm", arg, Lang::En).unwrap();
        assert_eq!(
            en("755"),
            "Here `755` means that the permission bits are exactly `755`: \
             a file with a bit more or a bit fewer does not match."
        );
        assert_eq!(
            en("-u+x"),
            "Here `-u+x` means that every bit of `u+x` is set; other bits may be set too."
        );
        assert_eq!(
            en("/111"),
            "Here `/111` means that at least one bit of `111` is set."
        );
        assert_eq!(
            gloss("-perm", "/o+w", Lang::Zh).unwrap(),
            "这里 `/o+w` 表示 `o+w` 中至少有一位已设置。"
        );
    }
}
