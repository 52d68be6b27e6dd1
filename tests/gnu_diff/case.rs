//! One row of the differential table: a find command line and how GNU
//! find must take it. Rows are `const` values built with `ok(..)`,
//! `warns(..)`, `partial(..)`, `fails(..)` or `usage(..)` and adjusted
//! with builder
//! methods, so the table in `tests/find_gnu_diff.rs` stays one line a row.

/// What GNU find does with the row. The harness checks GNU against this
/// too, so a row that silently stops testing what it meant to is caught.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Gnu {
    /// Exit 0, nothing on stderr.
    Clean,
    /// Exit 0 with a warning on stderr.
    Warns,
    /// Exit 1 with messages on stderr after a walk whose output counts
    /// (missing starting point, unreadable directory, symlink loop).
    Partial,
    /// Exit 1 after a walk whose output counts, stderr empty or not:
    /// a command run by `-exec ... {} +` failed (find itself says
    /// nothing then).
    Fails,
    /// Exit 1 before any walk: a bad command line. Only the status and
    /// whether stderr is empty are compared, not the message or stdout.
    Usage,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Who {
    /// Whoever runs the test (root in CI).
    Me,
    /// The `nobody` user (65534), for permission rows; needs root.
    Nobody,
}

#[derive(Clone, Copy, Debug)]
pub struct Case {
    /// find's arguments, in the syntax of `words.rs`, with placeholders:
    /// `{{T:-2d}}` `{{D:..}}` `{{ISO:..}}` `{{DAY:..}}` (times relative
    /// to the stamp), `{{INUM:path}}`, `{{ROOT:}}` (the fixture root).
    pub line: &'static str,
    pub gnu: Gnu,
    /// Working directory, relative to the fixture root.
    pub cwd: &'static str,
    pub locale: &'static str,
    pub who: Who,
    /// Run GNU and tk each in a tree of their own, built for this row
    /// (for rows that change the tree or its access times), and compare
    /// the trees afterwards as well.
    pub fresh: bool,
    /// Bytes on find's stdin (the answers to -ok and -okdir); `None` is
    /// /dev/null.
    pub stdin: Option<&'static [u8]>,
    /// PATH for this row instead of the harness's (for -execdir's check
    /// of relative PATH entries).
    pub path_env: Option<&'static str>,
    /// Files (relative to the fixture root, normally in the scratch
    /// directory `out/`) that the row writes with -fprint, -fprintf,
    /// -fls or -fprint0: removed before each run, and their contents
    /// afterwards compared like stdout.
    pub files: &'static [&'static str],
}

const fn case(line: &'static str, gnu: Gnu) -> Case {
    Case {
        line,
        gnu,
        cwd: ".",
        locale: "C.UTF-8",
        who: Who::Me,
        fresh: false,
        stdin: None,
        path_env: None,
        files: &[],
    }
}

pub const fn ok(line: &'static str) -> Case {
    case(line, Gnu::Clean)
}
pub const fn warns(line: &'static str) -> Case {
    case(line, Gnu::Warns)
}
pub const fn partial(line: &'static str) -> Case {
    case(line, Gnu::Partial)
}
pub const fn fails(line: &'static str) -> Case {
    case(line, Gnu::Fails)
}
pub const fn usage(line: &'static str) -> Case {
    case(line, Gnu::Usage)
}

impl Case {
    /// The row's name in reports, KNOWN_GAPS and TK_DIFFTEST_FILTER: its
    /// line, plus what sets it apart from a row with the same line.
    pub fn key(&self) -> String {
        let mut key = self.line.to_string();
        if self.cwd != "." {
            key += &format!(" (in {})", self.cwd);
        }
        if self.locale != "C.UTF-8" {
            key += &format!(" (LC_ALL={})", self.locale);
        }
        if self.who == Who::Nobody {
            key += " (as nobody)";
        }
        if let Some(input) = self.stdin {
            key += &format!(" (stdin {:?})", String::from_utf8_lossy(input));
        }
        if let Some(path) = self.path_env {
            key += &format!(" (PATH={path})");
        }
        key
    }

    pub const fn cwd(mut self, cwd: &'static str) -> Case {
        self.cwd = cwd;
        self
    }
    /// Byte semantics: the C locale instead of C.UTF-8.
    pub const fn c_locale(mut self) -> Case {
        self.locale = "C";
        self
    }
    pub const fn nobody(mut self) -> Case {
        self.who = Who::Nobody;
        self
    }
    pub const fn fresh(mut self) -> Case {
        self.fresh = true;
        self
    }
    pub const fn stdin(mut self, input: &'static [u8]) -> Case {
        self.stdin = Some(input);
        self
    }
    pub const fn path_env(mut self, path: &'static str) -> Case {
        self.path_env = Some(path);
        self
    }
    pub const fn files(mut self, files: &'static [&'static str]) -> Case {
        self.files = files;
        self
    }
}
