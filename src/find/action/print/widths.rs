//! The column widths of -ls lines: each starts at GNU's minimum and
//! widens, for the rest of the run, once a value needs more room. Kept in
//! the formatting context (`ctx`), grown by `ls`.

/// Column widths, grown as wider values are seen.
#[derive(Debug, Clone)]
pub(super) struct Widths {
    pub(super) inode: usize,
    pub(super) blocks: usize,
    pub(super) links: usize,
    pub(super) owner: usize,
    pub(super) group: usize,
    pub(super) major: usize,
    pub(super) minor: usize,
    pub(super) size: usize,
}

impl Default for Widths {
    fn default() -> Widths {
        Widths {
            inode: 9,
            blocks: 6,
            links: 3,
            owner: 8,
            group: 8,
            major: 3,
            minor: 3,
            size: 8,
        }
    }
}
