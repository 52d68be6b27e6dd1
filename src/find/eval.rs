//! Evaluating the expression for one entry: operators short-circuit as in
//! GNU find, tests read the entry lazily, actions write to the output.
//! Errors met on the way are reported on stderr and remembered for the
//! exit status; the walk goes on.

use std::io::{self, Write};

use nix::errno::Errno;
use nix::unistd::{AccessFlags, UnlinkatFlags, unlinkat};

use super::action::exec::{Batch, ExecSpec, Outcome};
use super::action::print::{Format, FormatCtx, render_ls};
use super::action::sink::{SinkId, Sinks};
use super::expr::{Action, Expr, Test};
use super::fs::entry::Entry;
use super::pred::owner::OwnerCache;
use super::quote::quote;
use super::types::{Kind, TimeField, Timestamp};
use super::walk::{Flow, Visitor, WalkError};
use crate::out::strerror_errno;
use crate::out::{Destination, Out};

/// State shared by every evaluation during one run.
pub(crate) struct Evaluator<'a> {
    expr: &'a Expr,
    out: &'a mut Out,
    sinks: &'a mut Sinks,
    /// Paths waiting for each `-exec ... {} +`, by the action's id.
    batches: Vec<Batch>,
    /// The depth of the walk's last step (`Visitor::step`); `None` at
    /// the start of each starting point.
    last_depth: Option<usize>,
    /// Files whose write error was already reported.
    broken_sinks: Vec<usize>,
    /// Caches for -printf and -ls, and the line being formatted.
    format_ctx: FormatCtx,
    line: Vec<u8>,
    owners: OwnerCache,
    /// Something went wrong: the exit status will be 1.
    pub failed: bool,
    /// The first error writing to stdout; the walk stops on it.
    pub write_error: Option<io::Error>,
    prune: bool,
    quit: bool,
    /// -ignore_readdir_race: files that vanished are not reported.
    pub ignore_vanished: bool,
}

impl<'a> Evaluator<'a> {
    pub(crate) fn new(
        expr: &'a Expr,
        out: &'a mut Out,
        sinks: &'a mut Sinks,
        exec_count: usize,
        now: Timestamp,
    ) -> Self {
        Evaluator {
            format_ctx: FormatCtx::new(now.sec),
            line: Vec::new(),
            expr,
            out,
            sinks,
            batches: (0..exec_count).map(|_| Batch::default()).collect(),
            last_depth: None,
            broken_sinks: Vec::new(),
            owners: OwnerCache::default(),
            failed: false,
            write_error: None,
            prune: false,
            quit: false,
            ignore_vanished: false,
        }
    }

    /// Write out what was printed so far, then let `redirect` change
    /// where the output's destination, a `D`, sends what follows (as the
    /// parallel layer moves a lane from one part of the output to the
    /// next). An error writing stops the walk, as any error writing to
    /// stdout does.
    pub(crate) fn redirect_output<D: Destination>(&mut self, redirect: impl FnOnce(&mut D)) {
        match self.out.destination::<D>() {
            Ok(Some(destination)) => redirect(destination),
            Ok(None) => {}
            Err(err) => {
                self.write_error.get_or_insert(err);
                self.quit = true;
            }
        }
    }

    /// Report a problem with `path` and carry on.
    pub(crate) fn report(&mut self, path: &[u8], message: &str) {
        self.say(format_args!("{}: {}", quote(path), message));
        self.failed = true;
    }

    /// Write `tk find: MESSAGE` to stderr after the output so far, so that
    /// the two keep their order where they go to the same place.
    fn say(&mut self, message: std::fmt::Arguments<'_>) {
        self.out.diagnostic(&format!("tk find: {message}\n"));
    }

    fn stat_failed(&mut self, entry: &Entry<'_>, err: Errno) -> bool {
        let vanished_quietly = err == Errno::ENOENT && self.ignore_vanished;
        if !entry.stat_reported.replace(true) && !vanished_quietly {
            self.report(entry.path, &strerror_errno(err));
        }
        false
    }

    fn eval(&mut self, expr: &Expr, entry: &Entry<'_>) -> bool {
        match expr {
            Expr::And(a, b) => self.eval(a, entry) && !self.quit && self.eval(b, entry),
            Expr::Or(a, b) => (self.eval(a, entry) || self.quit) || self.eval(b, entry),
            Expr::Not(a) => !self.eval(a, entry),
            Expr::Comma(a, b) => {
                self.eval(a, entry);
                !self.quit && self.eval(b, entry)
            }
            Expr::Option(_) => true,
            Expr::Test(test) => match self.test(test, entry) {
                Ok(value) => value,
                Err(err) => self.stat_failed(entry, err),
            },
            Expr::Action(action) => self.act(action, entry),
        }
    }

    fn test(&mut self, test: &Test, entry: &Entry<'_>) -> Result<bool, Errno> {
        Ok(match test {
            Test::True => true,
            Test::False => false,
            Test::Name(glob) => glob.matches(entry.name()),
            Test::Path(glob) => glob.matches(entry.path),
            Test::Lname(glob) => match link_target(entry)? {
                Some(target) => glob.matches(&target),
                None => false,
            },
            Test::Regex(re) => re.is_match(entry.path),
            Test::Type(kinds) => kinds.contains(entry.kind()?),
            Test::XType(kinds) => kinds.contains(entry.other_kind()?),
            Test::Size(size) => size.matches(u64::try_from(entry.stat()?.st_size).unwrap_or(0)),
            Test::Empty => is_empty(entry)?,
            Test::Age {
                field,
                origin,
                window,
            } => match entry.time(*field)? {
                Some(time) => window.matches(origin.nanos_since(time)),
                None => false,
            },
            Test::Newer { field, than } => match entry.time(*field)? {
                Some(time) => time > *than,
                None => false,
            },
            Test::Used(window) => {
                let access = entry.time(TimeField::Access)?;
                let change = entry.time(TimeField::Change)?;
                match (access, change) {
                    (Some(access), Some(change)) => window.matches_used(access.nanos_since(change)),
                    _ => false,
                }
            }
            Test::Perm(perm) => perm.matches(entry.stat()?.st_mode),
            Test::Uid(cmp) => cmp.matches(entry.stat()?.st_uid as u64),
            Test::Gid(cmp) => cmp.matches(entry.stat()?.st_gid as u64),
            Test::NoUser => {
                let uid = entry.stat()?.st_uid;
                !self.owners.user_exists(uid)
            }
            Test::NoGroup => {
                let gid = entry.stat()?.st_gid;
                !self.owners.group_exists(gid)
            }
            Test::Links(cmp) => cmp.matches(entry.stat()?.st_nlink),
            Test::Inum(cmp) => cmp.matches(entry.stat()?.st_ino),
            Test::SameFile { dev, ino } => {
                let st = entry.stat()?;
                st.st_dev == *dev && st.st_ino == *ino
            }
            Test::Readable => accessible(entry, AccessFlags::R_OK),
            Test::Writable => accessible(entry, AccessFlags::W_OK),
            Test::Executable => accessible(entry, AccessFlags::X_OK),
            Test::Fstype(name) => {
                let dev = entry.stat()?.st_dev;
                self.format_ctx
                    .fstypes
                    .name_of(dev)
                    .is_some_and(|t| t.as_bytes() == name.as_encoded_bytes())
            }
        })
    }

    /// Run the batches still waiting and flush every output: the end of
    /// the walk, or -quit. As GNU's cleanup: the -exec batches first, then
    /// the -execdir ones, each in the order of the expression.
    pub(crate) fn finish(&mut self) {
        self.run_batches(false);
        self.run_batches(true);
        if let Err((name, err)) = self.sinks.flush_all() {
            self.report(name.as_encoded_bytes(), &crate::out::strerror(&err));
        }
    }

    /// Run every waiting batch of -execdir (`in_dir`) or of -exec, in the
    /// order of the expression, each after our own output.
    fn run_batches(&mut self, in_dir: bool) {
        let expr = self.expr;
        let mut specs = Vec::new();
        batch_specs(expr, &mut specs);
        for spec in specs.into_iter().filter(|s| s.in_dir == in_dir) {
            if spec.pending(&self.batches[spec.id]) {
                self.flush_outputs();
                let outcome = spec.flush(&mut self.batches[spec.id]);
                self.batch_done(outcome);
            }
        }
    }

    /// Our output goes out before a child's, so lines keep their order.
    fn flush_outputs(&mut self) {
        if let Err(err) = self.out.flush() {
            self.write_error.get_or_insert(err);
            self.quit = true;
        }
        let _ = self.sinks.flush_all();
    }

    fn batch_done(&mut self, outcome: Option<Outcome>) {
        match outcome {
            None | Some(Outcome::Exited(true)) => {}
            Some(Outcome::Exited(false)) => self.failed = true,
            Some(Outcome::Failed(message)) => {
                crate::errln!("tk find: {message}");
                self.failed = true;
            }
        }
    }

    fn exec(&mut self, spec: &ExecSpec, entry: &Entry<'_>) -> bool {
        if spec.batch {
            if spec.runs_before(&self.batches[spec.id], entry) {
                self.flush_outputs();
                let outcome = spec.flush(&mut self.batches[spec.id]);
                self.batch_done(outcome);
            }
            spec.push(&mut self.batches[spec.id], entry);
            return true;
        }
        self.flush_outputs();
        match spec.run_one(entry) {
            None => false,
            Some(Outcome::Exited(ok)) => ok,
            Some(Outcome::Failed(message)) => {
                crate::errln!("tk find: {message}");
                false
            }
        }
    }

    /// -delete: the entry itself is removed, never what a link points to.
    fn delete(&mut self, entry: &Entry<'_>) -> bool {
        if entry.depth == 0 && entry.path == b"." {
            return true;
        }
        let own_kind = if entry.follow {
            entry.other_kind()
        } else {
            entry.kind()
        };
        let flag = match own_kind {
            Ok(Kind::Dir) => UnlinkatFlags::RemoveDir,
            Ok(_) => UnlinkatFlags::NoRemoveDir,
            Err(err) => return self.stat_failed(entry, err),
        };
        match unlinkat(entry.parent, entry.at_name, flag) {
            Ok(()) => true,
            Err(err) => {
                self.say(format_args!(
                    "cannot delete {}: {}",
                    quote(entry.path),
                    strerror_errno(err)
                ));
                self.failed = true;
                false
            }
        }
    }

    /// -printf and -fprintf: format into `self.line`, then write it.
    fn printf(&mut self, sink: SinkId, format: &Format, entry: &Entry<'_>) -> bool {
        let mut line = std::mem::take(&mut self.line);
        line.clear();
        self.format_ctx.to_terminal = self.is_terminal(sink);
        let rendered = format.render(entry, &mut self.format_ctx, &mut line);
        self.report_format_issues();
        match rendered {
            Ok(go_on) => {
                self.write_to(sink, &line, None);
                if !go_on {
                    self.flush_outputs();
                }
            }
            Err(err) => {
                self.stat_failed(entry, err);
            }
        }
        self.line = line;
        true
    }

    fn is_terminal(&self, sink: SinkId) -> bool {
        match sink {
            SinkId::Stdout => self.out.is_terminal(),
            SinkId::Stderr => std::io::IsTerminal::is_terminal(&io::stderr()),
            SinkId::File(i) => self.sinks.is_terminal(i),
        }
    }

    /// -print and -fprint: the path and a newline; on a terminal with
    /// unprintable characters shown as `?`, as GNU find does.
    fn print_name(&mut self, sink: SinkId, entry: &Entry<'_>) -> bool {
        if !self.is_terminal(sink) {
            return self.write_to(sink, entry.path, Some(b'\n'));
        }
        let mut line = std::mem::take(&mut self.line);
        line.clear();
        super::action::termsafe::push_printable(&mut line, entry.path, self.format_ctx.utf8);
        self.write_to(sink, &line, Some(b'\n'));
        self.line = line;
        true
    }

    /// -ls and -fls.
    fn ls(&mut self, sink: SinkId, entry: &Entry<'_>) -> bool {
        let mut line = std::mem::take(&mut self.line);
        line.clear();
        let rendered = render_ls(entry, &mut self.format_ctx, &mut line);
        self.report_format_issues();
        match rendered {
            Ok(()) => self.write_to(sink, &line, None),
            Err(err) => self.stat_failed(entry, err),
        };
        self.line = line;
        true
    }

    fn report_format_issues(&mut self) {
        for issue in self.format_ctx.take_issues() {
            self.say(format_args!("{}", issue.message));
            if issue.fails {
                self.failed = true;
            }
        }
    }

    /// Write `bytes` (and `end`, if any) as one record to a sink.
    fn write_to(&mut self, sink: SinkId, bytes: &[u8], end: Option<u8>) -> bool {
        let i = match sink {
            SinkId::Stdout => {
                // The terminator as an array of one: a constant length, so
                // no call to memcpy for it (once per entry printed).
                let result = self
                    .out
                    .write_all(bytes)
                    .and_then(|_| match end {
                        Some(byte) => self.out.write_all(&[byte]),
                        None => Ok(()),
                    })
                    .and_then(|_| self.out.end_record());
                if let Err(err) = result {
                    self.write_error.get_or_insert(err);
                    self.quit = true;
                }
                return true;
            }
            SinkId::Stderr => {
                crate::out::write_stderr([bytes, end.as_slice()]);
                return true;
            }
            SinkId::File(i) => i,
        };
        let file = self.sinks.file(i);
        let written = file
            .write_all(bytes)
            .and_then(|_| file.write_all(end.as_slice()));
        if let Err(err) = written {
            if !self.broken_sinks.contains(&i) {
                self.broken_sinks.push(i);
                let name = self.sinks.name(i).as_encoded_bytes().to_vec();
                self.report(&name, &crate::out::strerror(&err));
            }
        }
        true
    }

    fn act(&mut self, action: &Action, entry: &Entry<'_>) -> bool {
        match action {
            Action::Print => self.print_name(SinkId::Stdout, entry),
            Action::Print0 => self.write_to(SinkId::Stdout, entry.path, Some(0)),
            Action::Fprint { sink, end: b'\n' } => self.print_name(*sink, entry),
            Action::Fprint { sink, end } => self.write_to(*sink, entry.path, Some(*end)),
            Action::Printf { sink, format } => self.printf(*sink, format, entry),
            Action::Ls { sink } => self.ls(*sink, entry),
            Action::Delete => self.delete(entry),
            Action::Exec(spec) => self.exec(spec, entry),
            Action::Prune => {
                self.prune = true;
                true
            }
            Action::Quit => {
                self.quit = true;
                true
            }
        }
    }
}

impl Visitor for Evaluator<'_> {
    fn visit(&mut self, entry: &Entry<'_>) -> Flow {
        self.prune = false;
        let expr = self.expr;
        self.eval(expr, entry);
        if self.quit {
            Flow::Quit
        } else if self.prune {
            Flow::Prune
        } else {
            Flow::Continue
        }
    }

    /// GNU's fts loop runs every waiting -execdir batch whenever the
    /// depth of what fts returns changes, and a new starting point always
    /// counts as a change: so a batch never mixes directories or starting
    /// points, and a directory's batch runs before its first child is
    /// looked at.
    fn step(&mut self, depth: Option<usize>) {
        if depth.is_some() && depth != self.last_depth {
            self.run_batches(true);
        }
        self.last_depth = depth;
    }

    fn error(&mut self, path: &[u8], error: WalkError) {
        match error {
            WalkError::Io(err) => self.report(path, &strerror_errno(err)),
            WalkError::Moved => self.report(
                path,
                "moved or replaced while the walk was below it; the rest of it is skipped",
            ),
            WalkError::Loop(ancestor) => {
                self.say(format_args!(
                    "File system loop detected; '{}' is part of the same file system loop as '{}'.",
                    String::from_utf8_lossy(path),
                    String::from_utf8_lossy(&ancestor)
                ));
                self.failed = true;
            }
        }
    }
}

/// Every `-exec ... {} +` in the expression.
fn batch_specs<'e>(expr: &'e Expr, found: &mut Vec<&'e ExecSpec>) {
    match expr {
        Expr::And(a, b) | Expr::Or(a, b) | Expr::Comma(a, b) => {
            batch_specs(a, found);
            batch_specs(b, found);
        }
        Expr::Not(a) => batch_specs(a, found),
        Expr::Action(Action::Exec(spec)) if spec.batch => found.push(spec),
        _ => {}
    }
}

/// A symlink's target, None for anything else.
fn link_target(entry: &Entry<'_>) -> Result<Option<Vec<u8>>, Errno> {
    if entry.kind()? != Kind::Symlink {
        return Ok(None);
    }
    let target = nix::fcntl::readlinkat(entry.parent, entry.at_name)?;
    Ok(Some(target.into_encoded_bytes()))
}

/// -empty: an empty regular file or a directory with no entries.
fn is_empty(entry: &Entry<'_>) -> Result<bool, Errno> {
    match entry.kind()? {
        Kind::File => Ok(entry.stat()?.st_size == 0),
        Kind::Dir => {
            use nix::fcntl::OFlag;
            let flags = OFlag::O_RDONLY | OFlag::O_DIRECTORY | OFlag::O_CLOEXEC;
            let mut dir = nix::dir::Dir::openat(
                entry.parent,
                entry.at_name,
                flags,
                nix::sys::stat::Mode::empty(),
            )?;
            for item in dir.iter() {
                let name = item?.file_name().to_bytes().to_vec();
                if name != b"." && name != b".." {
                    return Ok(false);
                }
            }
            Ok(true)
        }
        _ => Ok(false),
    }
}

/// access(2) through the entry's directory, as -readable and friends ask.
fn accessible(entry: &Entry<'_>, mode: AccessFlags) -> bool {
    nix::unistd::faccessat(
        entry.parent,
        entry.at_name,
        mode,
        nix::fcntl::AtFlags::empty(),
    )
    .is_ok()
}
