//! The options that shape the walk (-P -H -L, -depth, -mindepth,
//! -maxdepth, -xdev, -ignore_readdir_race), as the command line sets them,
//! and the stack the walk's threads get.

/// How symbolic links are treated (-P, -H, -L).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) enum Follow {
    #[default]
    Never,
    /// Only for the starting points (-H).
    Roots,
    Always,
}

/// The options that shape the walk.
#[derive(Debug, Clone, Default)]
pub(crate) struct WalkOpts {
    pub follow: Follow,
    /// -depth: a directory after its contents.
    pub contents_first: bool,
    pub min_depth: usize,
    pub max_depth: Option<usize>,
    /// -xdev: stay on each starting point's file system.
    pub same_file_system: bool,
    /// -ignore_readdir_race: be silent about entries that vanish.
    pub ignore_vanished: bool,
}

/// Stack for the threads of tk find. The walk itself keeps its levels on
/// the heap, but the parser and the evaluator go one call deeper per
/// parenthesis (GNU find takes 100,000 nested ones), and the read-ahead
/// threads one per level down to 64. Only address space is reserved;
/// pages are used as the calls go down.
pub(crate) const WALK_STACK: usize = 1 << 30;
