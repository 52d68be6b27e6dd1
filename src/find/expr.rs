//! The expression tree `tk find` evaluates: operators, tests and actions,
//! as plain data. `parse` builds it from the command line, `eval` walks it
//! for each file. Keeping it data makes precedence testable on its own.

use std::ffi::OsString;

use super::action::exec::ExecSpec;
use super::action::print::Format;
use super::action::sink::SinkId;
use super::pred::name::Glob;
use super::pred::perm::PermTest;
use super::pred::regex::Matcher;
use super::pred::size::SizeTest;
use super::types::{AgeWindow, Cmp, Kind, KindSet, TimeField, Timestamp};

/// One node of a find expression.
#[derive(Debug)]
pub enum Expr {
    And(Box<Expr>, Box<Expr>),
    Or(Box<Expr>, Box<Expr>),
    Not(Box<Expr>),
    /// `A , B`: evaluate both, the value is B's.
    Comma(Box<Expr>, Box<Expr>),
    Test(Test),
    Action(Action),
    /// A positional option such as `-maxdepth 2` or `-depth`: always true
    /// where it stands; its effect is on the walk. The name is kept so the
    /// tree can be shown back to the user.
    Option(&'static str),
}

impl Expr {
    /// Whether some test, action or option of the expression is `leaf`.
    fn any_leaf(&self, leaf: &impl Fn(&Expr) -> bool) -> bool {
        match self {
            Expr::And(a, b) | Expr::Or(a, b) | Expr::Comma(a, b) => {
                a.any_leaf(leaf) || b.any_leaf(leaf)
            }
            Expr::Not(a) => a.any_leaf(leaf),
            other => leaf(other),
        }
    }

    /// Whether some part of the expression reads files' metadata (stat),
    /// beyond the type that directory entries carry.
    pub fn reads_metadata(&self) -> bool {
        self.any_leaf(&|leaf| match leaf {
            Expr::Action(Action::Printf { format, .. }) => format.needs_stat(),
            Expr::Action(Action::Ls { .. }) => true,
            Expr::Test(test) => !matches!(
                test,
                Test::True
                    | Test::False
                    | Test::Name(_)
                    | Test::Path(_)
                    | Test::Regex(_)
                    | Test::Type(_)
                    | Test::Lname(_)
            ),
            _ => false,
        })
    }

    /// Whether evaluating stats about every entry: something that reads
    /// metadata is reached before any test that passes only a few
    /// entries (a name, path or link-target match, or a -type without
    /// regular files). `-type f -mtime -7` stats about every entry;
    /// `-name '*.txt' -mtime -7` and `-type d -empty` stat few, and for
    /// those a thread reading ahead costs more than it saves.
    pub fn stats_most_entries(&self) -> bool {
        match self {
            Expr::And(a, b) => {
                a.stats_most_entries() || (!a.passes_few() && b.stats_most_entries())
            }
            Expr::Or(a, b) | Expr::Comma(a, b) => a.stats_most_entries() || b.stats_most_entries(),
            Expr::Not(a) => a.stats_most_entries(),
            leaf => leaf.reads_metadata(),
        }
    }

    /// Whether the expression is true for only a few entries of a usual
    /// tree: it is, or is an -and with, a test on the name, the path or a
    /// link's target, or a -type that leaves regular files out.
    fn passes_few(&self) -> bool {
        match self {
            Expr::And(a, b) => a.passes_few() || b.passes_few(),
            Expr::Test(Test::Name(_) | Test::Path(_) | Test::Lname(_) | Test::Regex(_)) => true,
            Expr::Test(Test::Type(kinds)) => !kinds.contains(Kind::File),
            _ => false,
        }
    }

    /// Whether evaluating may change the tree being walked (-exec, -ok
    /// and their -dir forms may run anything; -delete removes files).
    pub fn may_change_tree(&self) -> bool {
        self.any_leaf(&|leaf| matches!(leaf, Expr::Action(Action::Exec(_) | Action::Delete)))
    }

    /// Whether the expression's only effect is output to stdout: no
    /// -exec, -ok, -delete, -quit, and no file (or stderr) written.
    pub fn writes_only_to_stdout(&self) -> bool {
        !self.any_leaf(&|leaf| match leaf {
            Expr::Action(Action::Exec(_) | Action::Delete | Action::Quit) => true,
            Expr::Action(
                Action::Fprint { sink, .. } | Action::Printf { sink, .. } | Action::Ls { sink },
            ) => *sink != SinkId::Stdout,
            _ => false,
        })
    }

    /// Whether a -regex or -iregex is matched by glibc's engine (see
    /// pred/regex.rs), whose every match allocates from the one malloc
    /// arena tk find keeps.
    pub fn matches_by_glibc(&self) -> bool {
        self.any_leaf(&|leaf| matches!(leaf, Expr::Test(Test::Regex(Matcher::Glibc(_)))))
    }

    /// Whether the expression has -prune.
    pub fn prunes(&self) -> bool {
        self.any_leaf(&|leaf| matches!(leaf, Expr::Action(Action::Prune)))
    }
}

/// A test: true or false for a file, no side effects.
#[derive(Debug)]
pub enum Test {
    True,
    False,
    /// -name -iname: the glob against the base name.
    Name(Glob),
    /// -path -ipath -wholename -iwholename: the glob against the whole path.
    Path(Glob),
    /// -lname -ilname: the glob against a symlink's target.
    Lname(Glob),
    /// -regex -iregex: the whole path must match.
    Regex(Matcher),
    Type(KindSet),
    XType(KindSet),
    Size(SizeTest),
    Empty,
    /// -mtime -atime -ctime (unit 86400 s) and -mmin -amin -cmin (60 s):
    /// whole units between `origin` and the file's time.
    Age {
        field: TimeField,
        origin: Timestamp,
        window: AgeWindow,
    },
    /// -newer, -anewer, -cnewer, -newerXY: the file's time is after `than`.
    Newer {
        field: TimeField,
        than: Timestamp,
    },
    /// -used N: days between the last status change and the last access.
    Used(AgeWindow),
    Perm(PermTest),
    Uid(Cmp),
    Gid(Cmp),
    NoUser,
    NoGroup,
    Links(Cmp),
    Inum(Cmp),
    SameFile {
        dev: u64,
        ino: u64,
    },
    Readable,
    Writable,
    Executable,
    Fstype(OsString),
}

/// An action: has a side effect (or changes how the walk goes on).
#[derive(Debug)]
pub enum Action {
    Print,
    Print0,
    Prune,
    Quit,
    /// -delete: unlink the file or remove the empty directory.
    Delete,
    /// -fprint FILE (`end` b'\n') and -fprint0 FILE (`end` 0).
    Fprint {
        sink: SinkId,
        end: u8,
    },
    /// -exec, -execdir, -ok, -okdir.
    Exec(ExecSpec),
    /// -printf FORMAT (to stdout) and -fprintf FILE FORMAT.
    Printf {
        sink: SinkId,
        format: Format,
    },
    /// -ls (to stdout) and -fls FILE.
    Ls {
        sink: SinkId,
    },
}
