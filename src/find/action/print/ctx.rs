//! What formatting remembers from one file to the next: owner names,
//! file system types, the local-time cache, -ls column widths, what the
//! locale says, and the problems met while formatting, for the caller to
//! report.

use std::collections::HashMap;

use nix::unistd::{Gid, Group, Uid, User};

use super::clock::LocalClock;
use super::widths::Widths;
use crate::find::locale::{self, TimeNames};
use crate::find::pred::fstype::FsTypes;

/// A problem met while formatting one file. GNU find reports it on
/// stderr and goes on with the line; `fails` says whether it also makes
/// the exit status 1.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Issue {
    /// The message without the program prefix, e.g.
    /// `getfilecon failed: 'x': No data available`.
    pub message: String,
    pub fails: bool,
}

/// Caches and state shared by every -printf, -fprintf, -ls and -fls of a run.
#[derive(Debug)]
pub struct FormatCtx {
    /// The time the run started (seconds): -ls shows the year instead of
    /// the time of day for files more than six months older than this.
    pub now: i64,
    /// -ls block size: 1024, or 512 under POSIXLY_CORRECT as in GNU find.
    pub ls_block_size: u64,
    pub fstypes: FsTypes,
    /// The line goes to a terminal: names show unprintable characters as
    /// `?` (see `termsafe`), and whether the locale is UTF-8 for that.
    pub to_terminal: bool,
    pub utf8: bool,
    /// The locale's decimal point, for %S as printf's %g writes it.
    pub(super) decimal_point: &'static str,
    /// LC_TIME's names when they are not C's (%Tb, -ls dates).
    pub(super) time_names: Option<&'static TimeNames>,
    pub(super) clock: LocalClock,
    pub(super) widths: Widths,
    pub(super) scratch: Vec<u8>,
    users: HashMap<u32, Option<Vec<u8>>>,
    groups: HashMap<u32, Option<Vec<u8>>>,
    issues: Vec<Issue>,
}

impl Default for FormatCtx {
    fn default() -> FormatCtx {
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX));
        FormatCtx::new(now)
    }
}

impl FormatCtx {
    /// A context for a run that started at `now` (seconds since the epoch).
    pub fn new(now: i64) -> FormatCtx {
        let locale = locale::current();
        FormatCtx {
            now,
            ls_block_size: if std::env::var_os("POSIXLY_CORRECT").is_some() {
                512
            } else {
                1024
            },
            fstypes: FsTypes::default(),
            to_terminal: false,
            utf8: locale.utf8(),
            decimal_point: locale.decimal_point(),
            time_names: locale.time_names(),
            clock: LocalClock::default(),
            widths: Widths::default(),
            scratch: Vec::new(),
            users: HashMap::new(),
            groups: HashMap::new(),
            issues: Vec::new(),
        }
    }

    /// The problems met since the last call, oldest first.
    pub fn take_issues(&mut self) -> Vec<Issue> {
        std::mem::take(&mut self.issues)
    }

    pub(super) fn issue(&mut self, message: String, fails: bool) {
        self.issues.push(Issue { message, fails });
    }

    /// The user name for `uid`, None when the user database has none.
    pub fn user_name(&mut self, uid: u32) -> Option<&[u8]> {
        self.users
            .entry(uid)
            .or_insert_with(|| {
                let user = User::from_uid(Uid::from_raw(uid)).ok().flatten()?;
                Some(user.name.into_bytes())
            })
            .as_deref()
    }

    /// The group name for `gid`, None when the group database has none.
    pub fn group_name(&mut self, gid: u32) -> Option<&[u8]> {
        self.groups
            .entry(gid)
            .or_insert_with(|| {
                let group = Group::from_gid(Gid::from_raw(gid)).ok().flatten()?;
                Some(group.name.into_bytes())
            })
            .as_deref()
    }
}
