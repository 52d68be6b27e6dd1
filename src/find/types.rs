//! Plain values every layer of tk find shares: a file's kind, a point in
//! time, which timestamp a test reads, and GNU's `+N`/`-N`/`N`
//! comparisons. They sit below everything else (the file system layer,
//! the expression tree, the tests), so none of those need each other for
//! them. Nothing here does I/O.

/// Which of a file's timestamps a time test reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TimeField {
    Access,
    Birth,
    Change,
    Modify,
}

/// `+N` (greater than), `-N` (less than) or `N` (exactly), as GNU find
/// compares numeric arguments.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cmp {
    Greater(u64),
    Less(u64),
    Exactly(u64),
}

impl Cmp {
    pub fn new(kind: CmpKind, n: u64) -> Cmp {
        match kind {
            CmpKind::Greater => Cmp::Greater(n),
            CmpKind::Less => Cmp::Less(n),
            CmpKind::Exactly => Cmp::Exactly(n),
        }
    }

    pub fn matches(self, value: u64) -> bool {
        match self {
            Cmp::Greater(n) => value > n,
            Cmp::Less(n) => value < n,
            Cmp::Exactly(n) => value == n,
        }
    }
}

/// `+N`, `-N` or `N` periods of `unit` for the time tests. N may have a
/// fraction (`-mmin 1.5`). GNU find rounds days and minutes differently
/// (measured against findutils 4.9):
///
/// | rounding | `N`              | `+N`        | `-N`      |
/// |----------|------------------|-------------|-----------|
/// | `Down` (days)  | `N <= age < N+1` | `age >= N+1` | `age < N` + 1 s |
/// | `Up` (minutes) | `N-1 < age <= N` | `age > N`    | `age < N` |
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AgeWindow {
    pub cmp: CmpKind,
    /// N periods, in nanoseconds.
    pub start_ns: i128,
    /// One period, in nanoseconds.
    pub unit_ns: i128,
    pub rounding: Rounding,
}

/// How an age is rounded to whole periods (see `AgeWindow`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rounding {
    Down,
    Up,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CmpKind {
    Greater,
    Less,
    Exactly,
}

impl CmpKind {
    /// Split GNU's leading `+` (more than) or `-` (less than) off a
    /// numeric argument.
    pub fn split(arg: &str) -> (CmpKind, &str) {
        if let Some(rest) = arg.strip_prefix('+') {
            (CmpKind::Greater, rest)
        } else if let Some(rest) = arg.strip_prefix('-') {
            (CmpKind::Less, rest)
        } else {
            (CmpKind::Exactly, arg)
        }
    }
}

impl AgeWindow {
    pub fn matches(self, age_ns: i128) -> bool {
        let (start, unit) = (self.start_ns, self.unit_ns);
        match (self.rounding, self.cmp) {
            // GNU counts `-N` days from one second before the end of the
            // window (its origin plus DAYSECS-1): one more second matches.
            (Rounding::Down, CmpKind::Less) => age_ns < start + 1_000_000_000,
            (Rounding::Up, CmpKind::Less) => age_ns < start,
            (Rounding::Down, CmpKind::Greater) => age_ns >= start + unit,
            (Rounding::Down, CmpKind::Exactly) => age_ns >= start && age_ns < start + unit,
            (Rounding::Up, CmpKind::Greater) => age_ns > start,
            (Rounding::Up, CmpKind::Exactly) => age_ns > start - unit && age_ns <= start,
        }
    }
}

impl AgeWindow {
    /// -used's own rounding, GNU find 4.9's `pred_used`: `delta_ns` is the
    /// time from the last status change to the last access. An access
    /// before the change never matches; one at the very moment of the
    /// change is a day's first instant, so `-used 1` and `-used -5` match
    /// it. N days means [N-1, N) days, +N more than N, -N less than N.
    pub fn matches_used(self, delta_ns: i128) -> bool {
        if delta_ns < 0 {
            return false;
        }
        match self.cmp {
            CmpKind::Greater => delta_ns > self.start_ns,
            CmpKind::Less => delta_ns < self.start_ns,
            CmpKind::Exactly => {
                delta_ns >= self.start_ns - self.unit_ns && delta_ns < self.start_ns
            }
        }
    }
}

impl Timestamp {
    /// Nanoseconds from `earlier` to `self` (negative when `earlier` is later).
    pub fn nanos_since(self, earlier: Timestamp) -> i128 {
        (self.sec as i128 - earlier.sec as i128) * 1_000_000_000
            + (self.nsec as i128 - earlier.nsec as i128)
    }
}

/// A point in time with nanoseconds, as stat reports it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Timestamp {
    pub sec: i64,
    pub nsec: i64,
}

/// A set of file kinds, for `-type f,d` and `-xtype`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct KindSet(pub u8);

/// A file's kind as find names it in `-type`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Block,
    Char,
    Dir,
    Fifo,
    File,
    Symlink,
    Socket,
}

impl KindSet {
    pub fn insert(&mut self, kind: Kind) {
        self.0 |= 1 << kind as u8;
    }

    pub fn contains(self, kind: Kind) -> bool {
        self.0 & (1 << kind as u8) != 0
    }
}

impl Kind {
    pub fn from_letter(c: u8) -> Option<Kind> {
        Some(match c {
            b'b' => Kind::Block,
            b'c' => Kind::Char,
            b'd' => Kind::Dir,
            b'p' => Kind::Fifo,
            b'f' => Kind::File,
            b'l' => Kind::Symlink,
            b's' => Kind::Socket,
            _ => return None,
        })
    }

    pub fn from_mode(mode: u32) -> Kind {
        match mode & libc::S_IFMT {
            libc::S_IFDIR => Kind::Dir,
            libc::S_IFLNK => Kind::Symlink,
            libc::S_IFBLK => Kind::Block,
            libc::S_IFCHR => Kind::Char,
            libc::S_IFIFO => Kind::Fifo,
            libc::S_IFSOCK => Kind::Socket,
            _ => Kind::File,
        }
    }

    /// The letter -printf's %y uses.
    pub fn letter(self) -> char {
        match self {
            Kind::Block => 'b',
            Kind::Char => 'c',
            Kind::Dir => 'd',
            Kind::Fifo => 'p',
            Kind::File => 'f',
            Kind::Symlink => 'l',
            Kind::Socket => 's',
        }
    }
}
