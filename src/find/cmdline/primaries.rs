//! The table of find's primaries: every word of the expression language,
//! with its kind, the shape of its argument, the function that builds it
//! and a one-line summary. The parser dispatches through this table, and
//! "did you mean", `tk explain`, the shell completions and the man page
//! read it too, so a primary is known to all of them or to none.
//!
//! A row's builder reads the primary's arguments from the parser and
//! returns the test, the action, or (for an option) changes the plan.
//! Builders of more than a line are in `build/`, one file per family.
//! The leading options (-H -L -P -D -O) are not primaries: they come
//! before the starting points and the grammar reads them itself.

use crate::find::action::sink::SinkId;
use crate::find::cmdline::build::{
    delete, exec, kind, name, number, option, owner, perm, print, reference, regex, size, time,
};
use crate::find::cmdline::error::ParseError;
use crate::find::cmdline::parser::Parser;
use crate::find::expr::{Action, Test};
use crate::find::types::TimeField;

/// What a primary is, in GNU find's words.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PrimaryKind {
    /// Joins or negates expressions: ( ) ! -not -a -and -o -or ,
    Operator,
    /// Affects the whole walk wherever it stands; after a test or action
    /// it gets GNU's "not positional" warning (-maxdepth, -xdev, ...).
    GlobalOption,
    /// Affects the primaries after it (-daystart, -regextype, ...).
    PositionalOption,
    /// True or false for a file, no side effect.
    Test,
    /// Has a side effect; without one in the expression, -print is added.
    Action,
}

/// The shape of what follows a primary on the command line, so that
/// counting words (`tk explain`) and completing them (shells) need not
/// know the primaries one by one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ArgKind {
    /// Nothing follows.
    None,
    /// A shell pattern (-name, -path, -lname).
    Pattern,
    /// A regular expression in the -regextype syntax.
    Regex,
    /// One of the -regextype names (`RegexType::NAMES`).
    RegexType,
    /// File type letters, comma-separated: b c d p f l s D.
    TypeLetters,
    /// `[+-]N`, a whole number (-uid, -gid, -links, -inum).
    Number,
    /// `[+-]N` periods, which may have a fraction (-mtime, -mmin, -used).
    Age,
    /// A non-negative whole number (-maxdepth, -mindepth).
    Depth,
    /// `[+-]N[bcwkMG]` (-size).
    Size,
    /// An octal or symbolic mode, with an optional `-` or `/` (-perm).
    Mode,
    /// A user name (-user).
    User,
    /// A group name (-group).
    Group,
    /// An existing file, read for its metadata (-newer, -samefile) or its
    /// contents (-files0-from).
    File,
    /// A file to write to (-fprint, -fls).
    OutputFile,
    /// A date and time (-newerXt).
    Date,
    /// A -printf format.
    Format,
    /// A file to write to, then a -printf format (-fprintf).
    OutputFileAndFormat,
    /// A command and its arguments, up to `;` or `{} +` (the -exec family).
    Command,
    /// A file system type, as -printf %F names it (-fstype).
    FsType,
}

impl ArgKind {
    /// How many words follow the primary; None when the primary ends at
    /// a word of its own (`;` or `{} +`).
    pub fn words(self) -> Option<usize> {
        match self {
            ArgKind::None => Some(0),
            ArgKind::OutputFileAndFormat => Some(2),
            ArgKind::Command => None,
            _ => Some(1),
        }
    }
}

/// How the parser turns a primary into part of the plan. Each builder has
/// consumed the primary's word (at `at`) and reads its arguments.
#[derive(Clone, Copy)]
pub(crate) enum Build {
    /// An operator: the grammar itself handles it.
    Grammar,
    /// An option: it changes the plan; the expression gets a true leaf.
    Option(for<'a> fn(&mut Parser<'a>, usize) -> Result<(), ParseError>),
    /// An option that leaves no leaf at all (GNU's -daystart and
    /// -files0-from are no part of the expression).
    Leafless(for<'a> fn(&mut Parser<'a>, usize) -> Result<(), ParseError>),
    Test(for<'a> fn(&mut Parser<'a>, usize) -> Result<Test, ParseError>),
    Action(for<'a> fn(&mut Parser<'a>, usize) -> Result<Action, ParseError>),
}

/// One row of the table.
#[derive(Clone, Copy)]
pub struct Primary {
    /// The word as typed, such as `-mtime`.
    pub name: &'static str,
    pub kind: PrimaryKind,
    pub arg: ArgKind,
    /// What it does, in one line (for lists, completions and man).
    pub summary: &'static str,
    pub(crate) build: Build,
}

impl std::fmt::Debug for Primary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Primary")
            .field("name", &self.name)
            .field("kind", &self.kind)
            .field("arg", &self.arg)
            .finish_non_exhaustive()
    }
}

/// Every primary, in the order GNU find's manual groups them.
pub fn all() -> &'static [Primary] {
    PRIMARIES
}

/// The row for `name`, if it is a primary.
pub fn lookup(name: &str) -> Option<&'static Primary> {
    PRIMARIES.iter().find(|p| p.name == name)
}

const fn operator(name: &'static str, summary: &'static str) -> Primary {
    Primary {
        name,
        kind: PrimaryKind::Operator,
        arg: ArgKind::None,
        summary,
        build: Build::Grammar,
    }
}

const fn global(
    name: &'static str,
    arg: ArgKind,
    summary: &'static str,
    apply: for<'a> fn(&mut Parser<'a>, usize) -> Result<(), ParseError>,
) -> Primary {
    Primary {
        name,
        kind: PrimaryKind::GlobalOption,
        arg,
        summary,
        build: Build::Option(apply),
    }
}

const fn positional(
    name: &'static str,
    arg: ArgKind,
    summary: &'static str,
    apply: for<'a> fn(&mut Parser<'a>, usize) -> Result<(), ParseError>,
) -> Primary {
    Primary {
        name,
        kind: PrimaryKind::PositionalOption,
        arg,
        summary,
        build: Build::Option(apply),
    }
}

/// `option`, leaving no leaf in the expression.
const fn leafless(option: Primary) -> Primary {
    match option.build {
        Build::Option(apply) => Primary {
            build: Build::Leafless(apply),
            ..option
        },
        _ => option,
    }
}

const fn test(
    name: &'static str,
    arg: ArgKind,
    summary: &'static str,
    build: for<'a> fn(&mut Parser<'a>, usize) -> Result<Test, ParseError>,
) -> Primary {
    Primary {
        name,
        kind: PrimaryKind::Test,
        arg,
        summary,
        build: Build::Test(build),
    }
}

const fn action(
    name: &'static str,
    arg: ArgKind,
    summary: &'static str,
    build: for<'a> fn(&mut Parser<'a>, usize) -> Result<Action, ParseError>,
) -> Primary {
    Primary {
        name,
        kind: PrimaryKind::Action,
        arg,
        summary,
        build: Build::Action(build),
    }
}

use ArgKind as A;
use TimeField::{Access, Birth, Change, Modify};

const DAY: i64 = crate::find::pred::time::DAY_SECS;

static PRIMARIES: &[Primary] = &[
    // Operators, tightest binding first.
    operator("(", "group an expression"),
    operator(")", "end a group"),
    operator("!", "negate the expression after it"),
    operator("-not", "negate the expression after it"),
    operator(
        "-a",
        "both sides must be true (implied between two expressions)",
    ),
    operator(
        "-and",
        "both sides must be true (implied between two expressions)",
    ),
    operator(
        "-o",
        "either side must be true; the right side only runs if the left is false",
    ),
    operator(
        "-or",
        "either side must be true; the right side only runs if the left is false",
    ),
    operator(",", "run both sides; the value is the right side's"),
    // Options that shape the whole walk.
    global(
        "-depth",
        A::None,
        "process a directory's contents before the directory",
        option::depth_first,
    ),
    global(
        "-d",
        A::None,
        "the same as -depth (BSD spelling; deprecated)",
        option::depth_first_deprecated,
    ),
    global(
        "-maxdepth",
        A::Depth,
        "descend at most N levels below the starting points",
        option::max_depth,
    ),
    global(
        "-mindepth",
        A::Depth,
        "apply the expression only at N levels and below",
        option::min_depth,
    ),
    global(
        "-xdev",
        A::None,
        "do not descend into other file systems",
        |p, _| {
            p.opts.same_file_system = true;
            Ok(())
        },
    ),
    global("-mount", A::None, "the same as -xdev", |p, _| {
        p.opts.same_file_system = true;
        Ok(())
    }),
    global(
        "-noleaf",
        A::None,
        "accepted for GNU compatibility; changes nothing",
        |_, _| Ok(()),
    ),
    leafless(global(
        "-files0-from",
        A::File,
        "read the starting points from FILE (- for standard input), each ended by a NUL byte",
        |p, at| {
            p.files0_from = Some(p.arg(at)?.to_os_string());
            Ok(())
        },
    )),
    global(
        "-ignore_readdir_race",
        A::None,
        "say nothing of files that vanish during the walk",
        |p, _| {
            p.opts.ignore_vanished = true;
            Ok(())
        },
    ),
    global(
        "-noignore_readdir_race",
        A::None,
        "report files that vanish during the walk (the default)",
        |p, _| {
            p.opts.ignore_vanished = false;
            Ok(())
        },
    ),
    // Options that affect what follows them.
    positional(
        "-follow",
        A::None,
        "follow symbolic links, as -L does",
        option::follow_always,
    ),
    leafless(positional(
        "-daystart",
        A::None,
        "measure -mtime and its kin from the start of today",
        |p, _| {
            p.day_start = true;
            Ok(())
        },
    )),
    positional(
        "-warn",
        A::None,
        "give warnings about doubtful command lines",
        |p, _| {
            p.warn = true;
            Ok(())
        },
    ),
    positional(
        "-nowarn",
        A::None,
        "do not give warnings about doubtful command lines",
        |p, _| {
            p.warn = false;
            Ok(())
        },
    ),
    positional(
        "-regextype",
        A::RegexType,
        "the syntax of the -regex patterns after it",
        option::regextype,
    ),
    positional(
        "-help",
        A::None,
        "print a summary of the command line and exit",
        option::help,
    ),
    positional("--help", A::None, "the same as -help", option::help),
    positional(
        "-version",
        A::None,
        "print the version and exit",
        option::version,
    ),
    positional(
        "--version",
        A::None,
        "the same as -version",
        option::version,
    ),
    // Tests.
    test("-true", A::None, "always true", |_, _| Ok(Test::True)),
    test("-false", A::None, "always false", |_, _| Ok(Test::False)),
    test(
        "-name",
        A::Pattern,
        "the base name matches the shell pattern",
        |p, at| name::name(p, at, false),
    ),
    test(
        "-iname",
        A::Pattern,
        "like -name, ignoring case",
        |p, at| name::name(p, at, true),
    ),
    test(
        "-path",
        A::Pattern,
        "the whole path matches the shell pattern",
        |p, at| name::path(p, at, false),
    ),
    test("-wholename", A::Pattern, "the same as -path", |p, at| {
        name::path(p, at, false)
    }),
    test(
        "-ipath",
        A::Pattern,
        "like -path, ignoring case",
        |p, at| name::path(p, at, true),
    ),
    test("-iwholename", A::Pattern, "the same as -ipath", |p, at| {
        name::path(p, at, true)
    }),
    test(
        "-lname",
        A::Pattern,
        "a symbolic link whose target matches the shell pattern",
        |p, at| name::lname(p, at, false),
    ),
    test(
        "-ilname",
        A::Pattern,
        "like -lname, ignoring case",
        |p, at| name::lname(p, at, true),
    ),
    test(
        "-regex",
        A::Regex,
        "the whole path matches the regular expression",
        |p, at| regex::regex(p, at, false),
    ),
    test(
        "-iregex",
        A::Regex,
        "like -regex, ignoring case",
        |p, at| regex::regex(p, at, true),
    ),
    test(
        "-type",
        A::TypeLetters,
        "the file is of one of the types given",
        |p, at| kind::kinds(p, at, "-type").map(Test::Type),
    ),
    test(
        "-xtype",
        A::TypeLetters,
        "like -type, but for what a symbolic link points to",
        |p, at| kind::kinds(p, at, "-xtype").map(Test::XType),
    ),
    test(
        "-size",
        A::Size,
        "the size, rounded up to units, compares to N",
        size::size,
    ),
    test(
        "-empty",
        A::None,
        "an empty regular file or directory",
        |_, _| Ok(Test::Empty),
    ),
    test("-mtime", A::Age, "last modified N days ago", |p, at| {
        time::age(p, at, Modify, DAY)
    }),
    test("-atime", A::Age, "last accessed N days ago", |p, at| {
        time::age(p, at, Access, DAY)
    }),
    test(
        "-ctime",
        A::Age,
        "status last changed N days ago",
        |p, at| time::age(p, at, Change, DAY),
    ),
    test("-mmin", A::Age, "last modified N minutes ago", |p, at| {
        time::age(p, at, Modify, 60)
    }),
    test("-amin", A::Age, "last accessed N minutes ago", |p, at| {
        time::age(p, at, Access, 60)
    }),
    test(
        "-cmin",
        A::Age,
        "status last changed N minutes ago",
        |p, at| time::age(p, at, Change, 60),
    ),
    test(
        "-used",
        A::Age,
        "last accessed N days after its status last changed",
        time::used,
    ),
    test(
        "-newer",
        A::File,
        "modified more recently than FILE",
        |p, at| time::newer(p, at, Modify, b'm'),
    ),
    test(
        "-anewer",
        A::File,
        "accessed more recently than FILE was modified",
        |p, at| time::newer(p, at, Access, b'm'),
    ),
    test(
        "-cnewer",
        A::File,
        "status changed more recently than FILE was modified",
        |p, at| time::newer(p, at, Change, b'm'),
    ),
    test(
        "-neweraa",
        A::File,
        "accessed more recently than FILE was accessed",
        |p, at| time::newer(p, at, Access, b'a'),
    ),
    test(
        "-neweraB",
        A::File,
        "accessed more recently than FILE was born",
        |p, at| time::newer(p, at, Access, b'B'),
    ),
    test(
        "-newerac",
        A::File,
        "accessed more recently than FILE's status changed",
        |p, at| time::newer(p, at, Access, b'c'),
    ),
    test(
        "-neweram",
        A::File,
        "accessed more recently than FILE was modified",
        |p, at| time::newer(p, at, Access, b'm'),
    ),
    test(
        "-newerat",
        A::Date,
        "accessed more recently than the date and time given",
        |p, at| time::newer(p, at, Access, b't'),
    ),
    test(
        "-newerBa",
        A::File,
        "born more recently than FILE was accessed",
        |p, at| time::newer(p, at, Birth, b'a'),
    ),
    test(
        "-newerBB",
        A::File,
        "born more recently than FILE was born",
        |p, at| time::newer(p, at, Birth, b'B'),
    ),
    test(
        "-newerBc",
        A::File,
        "born more recently than FILE's status changed",
        |p, at| time::newer(p, at, Birth, b'c'),
    ),
    test(
        "-newerBm",
        A::File,
        "born more recently than FILE was modified",
        |p, at| time::newer(p, at, Birth, b'm'),
    ),
    test(
        "-newerBt",
        A::Date,
        "born more recently than the date and time given",
        |p, at| time::newer(p, at, Birth, b't'),
    ),
    test(
        "-newerca",
        A::File,
        "status changed more recently than FILE was accessed",
        |p, at| time::newer(p, at, Change, b'a'),
    ),
    test(
        "-newercB",
        A::File,
        "status changed more recently than FILE was born",
        |p, at| time::newer(p, at, Change, b'B'),
    ),
    test(
        "-newercc",
        A::File,
        "status changed more recently than FILE's status changed",
        |p, at| time::newer(p, at, Change, b'c'),
    ),
    test(
        "-newercm",
        A::File,
        "status changed more recently than FILE was modified",
        |p, at| time::newer(p, at, Change, b'm'),
    ),
    test(
        "-newerct",
        A::Date,
        "status changed more recently than the date and time given",
        |p, at| time::newer(p, at, Change, b't'),
    ),
    test(
        "-newerma",
        A::File,
        "modified more recently than FILE was accessed",
        |p, at| time::newer(p, at, Modify, b'a'),
    ),
    test(
        "-newermB",
        A::File,
        "modified more recently than FILE was born",
        |p, at| time::newer(p, at, Modify, b'B'),
    ),
    test(
        "-newermc",
        A::File,
        "modified more recently than FILE's status changed",
        |p, at| time::newer(p, at, Modify, b'c'),
    ),
    test(
        "-newermm",
        A::File,
        "modified more recently than FILE was modified",
        |p, at| time::newer(p, at, Modify, b'm'),
    ),
    test(
        "-newermt",
        A::Date,
        "modified more recently than the date and time given",
        |p, at| time::newer(p, at, Modify, b't'),
    ),
    test(
        "-perm",
        A::Mode,
        "the permission bits are MODE (-MODE: all of them, /MODE: any)",
        perm::perm,
    ),
    test("-user", A::User, "owned by the user", owner::user),
    test("-group", A::Group, "owned by the group", owner::group),
    test(
        "-uid",
        A::Number,
        "the owner's user ID compares to N",
        |p, at| number::number(p, at).map(Test::Uid),
    ),
    test("-gid", A::Number, "the group ID compares to N", |p, at| {
        number::number(p, at).map(Test::Gid)
    }),
    test(
        "-nouser",
        A::None,
        "no user has the file's user ID",
        |_, _| Ok(Test::NoUser),
    ),
    test(
        "-nogroup",
        A::None,
        "no group has the file's group ID",
        |_, _| Ok(Test::NoGroup),
    ),
    test(
        "-links",
        A::Number,
        "the number of hard links compares to N",
        |p, at| number::number(p, at).map(Test::Links),
    ),
    test(
        "-inum",
        A::Number,
        "the inode number compares to N",
        |p, at| number::number(p, at).map(Test::Inum),
    ),
    test(
        "-samefile",
        A::File,
        "the same file as FILE (same device and inode)",
        reference::samefile,
    ),
    test(
        "-readable",
        A::None,
        "the user running tk may read it",
        |_, _| Ok(Test::Readable),
    ),
    test(
        "-writable",
        A::None,
        "the user running tk may write it",
        |_, _| Ok(Test::Writable),
    ),
    test(
        "-executable",
        A::None,
        "the user running tk may execute it (or search the directory)",
        |_, _| Ok(Test::Executable),
    ),
    test(
        "-fstype",
        A::FsType,
        "it is on a file system of this type",
        |p, at| Ok(Test::Fstype(p.arg(at)?.to_os_string())),
    ),
    // Actions.
    action("-print", A::None, "print the path and a newline", |_, _| {
        Ok(Action::Print)
    }),
    action(
        "-print0",
        A::None,
        "print the path and a NUL byte",
        |_, _| Ok(Action::Print0),
    ),
    action(
        "-printf",
        A::Format,
        "print the format, its directives filled in for the file",
        print::printf,
    ),
    action(
        "-ls",
        A::None,
        "list the file as `ls -dils` does",
        |_, _| {
            Ok(Action::Ls {
                sink: SinkId::Stdout,
            })
        },
    ),
    action(
        "-fprint",
        A::OutputFile,
        "like -print, into FILE",
        |p, at| print::fprint(p, at, b'\n'),
    ),
    action(
        "-fprint0",
        A::OutputFile,
        "like -print0, into FILE",
        |p, at| print::fprint(p, at, 0),
    ),
    action(
        "-fprintf",
        A::OutputFileAndFormat,
        "like -printf, into FILE",
        print::fprintf,
    ),
    action("-fls", A::OutputFile, "like -ls, into FILE", print::fls),
    action(
        "-exec",
        A::Command,
        "run the command; true if it exits 0 (`{} +`: many files at once)",
        |p, at| exec::exec(p, at, "-exec"),
    ),
    action(
        "-execdir",
        A::Command,
        "like -exec, from the file's own directory",
        |p, at| exec::exec(p, at, "-execdir"),
    ),
    action("-ok", A::Command, "like -exec, asking first", |p, at| {
        exec::exec(p, at, "-ok")
    }),
    action(
        "-okdir",
        A::Command,
        "like -execdir, asking first",
        |p, at| exec::exec(p, at, "-okdir"),
    ),
    action(
        "-delete",
        A::None,
        "delete the file or empty directory (turns on -depth)",
        delete::delete,
    ),
    action(
        "-prune",
        A::None,
        "do not descend into this directory",
        delete::prune,
    ),
    action(
        "-quit",
        A::None,
        "stop at once (after pending -exec ... + batches)",
        |_, _| Ok(Action::Quit),
    ),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_unique() {
        let mut names: Vec<&str> = all().iter().map(|p| p.name).collect();
        names.sort_unstable();
        let before = names.len();
        names.dedup();
        assert_eq!(before, names.len());
    }

    #[test]
    fn every_newer_xy_combination_is_a_row() {
        for x in ["a", "B", "c", "m"] {
            for y in ["a", "B", "c", "m", "t"] {
                let row = lookup(&format!("-newer{x}{y}")).unwrap();
                let want = if y == "t" {
                    ArgKind::Date
                } else {
                    ArgKind::File
                };
                assert_eq!(row.arg, want, "{}", row.name);
            }
        }
    }
}
