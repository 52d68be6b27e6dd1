//! The expression tree built from the words of the expression, read in
//! order, the way GNU find's tree.c builds it (get_expr and scan_rest):
//! precedence (`!` over `-a` over `-o` over `,`), the implied `-a`
//! between two expressions, and the implied `( ... ) -print` around an
//! expression without an action. Doing it GNU's way gives a malformed
//! expression GNU's own words: "you have too many ')'", "expected an
//! expression after '-o'", "invalid expression; empty parentheses are not
//! allowed.", and the rest. The leaves were built already, in order, so an
//! error in an argument is found first, as in GNU.

use crate::find::cmdline::error::ParseError;
use crate::find::expr::{Action, Expr};

/// One word of the expression: a leaf already built, or an operator.
#[derive(Debug)]
pub(super) enum Token {
    /// A test, action or option (GNU makes every option but -daystart a
    /// true leaf too).
    Leaf(Expr),
    /// `!` or `-not`.
    Not,
    /// `-a` or `-and`; also the one implied between two expressions.
    And,
    /// `-o` or `-or`.
    Or,
    /// `,`.
    Comma,
    Open,
    Close,
}

/// A token where it stands: `at` indexes the command line, and is None
/// for the ones GNU adds itself (the implied `-a`, `(`, `)` and `-print`).
#[derive(Debug)]
struct Placed {
    token: Token,
    at: Option<usize>,
}

/// GNU's precedences: NO_PREC, COMMA_PREC, OR_PREC, AND_PREC, NEGATE_PREC.
fn precedence(token: &Token) -> u8 {
    match token {
        Token::Leaf(_) | Token::Open | Token::Close => 0,
        Token::Comma => 1,
        Token::Or => 2,
        Token::And => 3,
        Token::Not => 4,
    }
}

fn is_operator(token: &Token) -> bool {
    matches!(token, Token::Not | Token::And | Token::Or | Token::Comma)
}

/// The tokens of an expression, as read in order, with GNU's implied `-a`.
#[derive(Debug, Default)]
pub(super) struct Tokens {
    list: Vec<Placed>,
}

impl Tokens {
    /// Add a token read at `at`; a leaf, `!` or `(` right after a leaf or
    /// a `)` gets the implied `-a` first (get_new_pred_chk_op).
    pub(super) fn push(&mut self, token: Token, at: usize) {
        self.push_placed(token, Some(at));
    }

    /// A word that adds no token (-daystart) still takes the name of the
    /// one before it, as GNU's build_expression_tree renames its last
    /// predicate: `-false -o -daystart` is "expected an expression after
    /// '-daystart'".
    pub(super) fn rename_last(&mut self, at: usize) {
        if let Some(last) = self.list.last_mut() {
            last.at = Some(at);
        }
    }

    fn push_placed(&mut self, token: Token, at: Option<usize>) {
        let starts_operand = matches!(token, Token::Leaf(_) | Token::Not | Token::Open);
        let after_operand = matches!(
            self.list.last(),
            Some(Placed {
                token: Token::Leaf(_) | Token::Close,
                ..
            })
        );
        if starts_operand && after_operand {
            self.list.push(Placed {
                token: Token::And,
                at: None,
            });
        }
        self.list.push(Placed { token, at });
    }

    /// The tree, with `-print` added when the expression has no action
    /// (`has_action`: one other than -prune and -quit).
    pub(super) fn build(
        mut self,
        has_action: bool,
        args: &[std::ffi::OsString],
    ) -> Result<Expr, ParseError> {
        if self.list.is_empty() {
            return Ok(Expr::Action(Action::Print));
        }
        if !has_action {
            // `( expression ) -print`, the parentheses GNU's own.
            self.list.insert(
                0,
                Placed {
                    token: Token::Open,
                    at: None,
                },
            );
            self.push_placed(Token::Close, None);
            self.push_placed(Token::Leaf(Expr::Action(Action::Print)), None);
        }
        let mut builder = Builder {
            list: self.list,
            next: 0,
            args,
        };
        let expr = builder.expression(0, None)?;
        match builder.list.get(builder.next) {
            None => Ok(expr),
            Some(Placed {
                token: Token::Close,
                at,
            }) => {
                Err(ParseError::new("you have too many ')'", *at)
                    .hint("there is no '(' for this ')'"))
            }
            Some(extra) => Err(ParseError::new(
                format!("unexpected extra predicate '{}'", builder.name(extra)),
                extra.at,
            )),
        }
    }
}

struct Builder<'a> {
    list: Vec<Placed>,
    next: usize,
    args: &'a [std::ffi::OsString],
}

impl Builder<'_> {
    /// The word a token was read from, or the one GNU gives its own.
    fn name(&self, placed: &Placed) -> String {
        if let Some(at) = placed.at {
            return self.args[at].to_string_lossy().into_owned();
        }
        match placed.token {
            Token::And => "-a",
            Token::Open => "(",
            Token::Close => ")",
            _ => "-print",
        }
        .to_string()
    }

    fn is_artificial(&self, i: usize) -> bool {
        self.list.get(i).is_some_and(|p| p.at.is_none())
    }

    /// get_expr: one operand, then whatever binds tighter than
    /// `prev_prec`. `prev` is the token before it, for the messages.
    fn expression(&mut self, prev_prec: u8, prev: Option<usize>) -> Result<Expr, ParseError> {
        let i = self.next;
        let Some(placed) = self.list.get(i) else {
            let mut err = ParseError::new("invalid expression", None);
            if let Some(op) = prev.and_then(|p| self.list[p].at) {
                err = ParseError::new("invalid expression", Some(op)).hint(format!(
                    "'{}' needs an expression after it",
                    self.args[op].to_string_lossy()
                ));
            }
            return Err(err);
        };
        let at = placed.at;
        let mut expr = match &placed.token {
            Token::And | Token::Or | Token::Comma => {
                return Err(ParseError::new(
                    format!(
                        "invalid expression; you have used a binary operator '{}' with nothing before it.",
                        self.name(placed)
                    ),
                    at,
                ));
            }
            Token::Close => return Err(self.misplaced_close(i, prev)),
            Token::Leaf(_) => {
                self.next += 1;
                // Nothing looks back at a leaf once it is in the tree.
                let Token::Leaf(leaf) = std::mem::replace(&mut self.list[i].token, Token::Close)
                else {
                    unreachable!("matched a leaf just above")
                };
                leaf
            }
            Token::Not => {
                self.next += 1;
                Expr::Not(Box::new(self.expression(precedence(&Token::Not), Some(i))?))
            }
            Token::Open => self.parenthesised(i)?,
        };
        if self
            .list
            .get(self.next)
            .is_some_and(|p| precedence(&p.token) > prev_prec)
        {
            expr = self.rest(expr, prev_prec)?;
        }
        Ok(expr)
    }

    /// A `)` where an expression should start.
    fn misplaced_close(&self, i: usize, prev: Option<usize>) -> ParseError {
        let at = self.list[i].at;
        let Some(prev) = prev else {
            return ParseError::new(
                "invalid expression: expected expression before closing parentheses ')'.",
                at,
            );
        };
        let prev_name = self.name(&self.list[prev]);
        if is_operator(&self.list[prev].token) && at.is_some() {
            ParseError::new(
                format!("expected an expression between '{prev_name}' and ')'"),
                at,
            )
        } else if at.is_none() {
            ParseError::new(
                format!("expected an expression after '{prev_name}'"),
                self.list[prev].at,
            )
        } else {
            ParseError::new("invalid expression; you have too many ')'", at)
                .hint("there is no '(' for this ')'")
        }
    }

    /// `( expression )`, the `(` at `open`.
    fn parenthesised(&mut self, open: usize) -> Result<Expr, ParseError> {
        let at = self.list[open].at;
        if self.list.get(open + 1).is_none() || self.is_artificial(open + 1) {
            return Err(ParseError::new(
                "invalid expression; expected to find a ')' but didn't see one. \
                 Perhaps you need an extra predicate after '('",
                at,
            ));
        }
        self.next = open + 1;
        if matches!(self.list[self.next].token, Token::Close) {
            if at.is_none() {
                return Err(ParseError::new(
                    "invalid expression: expected expression before closing parentheses ')'.",
                    self.list[self.next].at,
                ));
            }
            return Err(ParseError::new(
                "invalid expression; empty parentheses are not allowed.",
                at,
            ));
        }
        let inner = self.expression(0, Some(open))?;
        match self.list.get(self.next) {
            Some(Placed {
                token: Token::Close,
                ..
            }) => {
                self.next += 1;
                Ok(inner)
            }
            _ => Err(ParseError::new(
                "invalid expression; I was expecting to find a ')' somewhere but did not see one.",
                at,
            )
            .hint("this '(' is never closed")),
        }
    }

    /// scan_rest: binary operators binding tighter than `prev_prec`, each
    /// joining the tree so far to the operand after it.
    fn rest(&mut self, mut tree: Expr, prev_prec: u8) -> Result<Expr, ParseError> {
        while let Some(placed) = self.list.get(self.next) {
            let prec = precedence(&placed.token);
            if prec <= prev_prec {
                break;
            }
            let join: fn(Box<Expr>, Box<Expr>) -> Expr = match placed.token {
                Token::And => Expr::And,
                Token::Or => Expr::Or,
                Token::Comma => Expr::Comma,
                Token::Close => return Ok(tree),
                _ => return Err(ParseError::new("invalid expression", placed.at)),
            };
            let op = self.next;
            self.next += 1;
            let right = self.expression(prec, Some(op))?;
            tree = join(Box::new(tree), Box::new(right));
        }
        Ok(tree)
    }
}
