//! Random find command lines over the whole grammar: front options,
//! starting points, tests, operators, positional and global options,
//! actions (-printf with flags, widths and precisions, -ls, -prune,
//! -quit, -exec/-execdir/-ok with harmless commands), in one of four
//! locales and one of several time zones. About one line in eight is
//! then broken on purpose (a missing argument, an unknown word, a stray
//! parenthesis, a bad number) so error paths are compared too.
//!
//! Nothing generated writes to the tree: no -delete, no -fprint and
//! friends, and -exec runs only echo, printf, true, false, pwd and sh -c
//! with echo.

use crate::random_diff::rng::Rng;

/// One command line: the arguments after `find`, and its environment.
#[derive(Clone, Debug)]
pub struct Case {
    pub locale: &'static str,
    pub tz: &'static str,
    pub args: Vec<Vec<u8>>,
}

pub const LOCALES: &[&str] = &["C", "C.UTF-8", "zh_CN.UTF-8", "de_DE.UTF-8"];

const ZONES: &[&str] = &[
    "UTC",
    "Asia/Shanghai",
    "America/New_York",
    "Europe/Berlin",
    "Australia/Lord_Howe",
    "EST5EDT",
    "<+0530>-5:30",
];

/// Starting points below the fixture root (see `gnu_diff/plan.rs` and
/// `extras` in mod.rs): directories, files, links of each kind, a
/// missing path and spellings with `.`, `//` and a trailing slash.
const STARTS: &[&str] = &[
    "t/names",
    "t/names",
    "t/types",
    "t/types",
    "t/modes",
    "t/times",
    "t/sizes",
    "t/deep",
    "t/owners",
    "t/refs",
    "t/links",
    "t/links",
    "t/mnt",
    "t/empty_dir",
    "t/names/with space",
    "t/names/dir with space",
    "t/names/.hiddendir",
    "t/types/link_dir",
    "t/types/dangling",
    "t/types/file",
    "t/types/loop_a",
    "t/links/to_dir",
    "t/links/through_file",
    "t/nosuch",
    "t/deep/l1/./l2",
    "t/names/",
    "t/deep//l1",
    "./t/refs",
    "loops",
];

/// How many starting points `args` has: the words after the front
/// options, up to the first that starts an expression.
pub fn starting_points(args: &[Vec<u8>]) -> usize {
    let mut rest = args;
    while let Some(first) = rest.first() {
        match &first[..] {
            b"-H" | b"-L" | b"-P" => rest = &rest[1..],
            b"-D" => rest = rest.get(2..).unwrap_or(&[]),
            w if w.starts_with(b"-O") || w.starts_with(b"-D") => rest = &rest[1..],
            _ => break,
        }
    }
    rest.iter()
        .take_while(|w| !(w.starts_with(b"-") || [&b"("[..], b"!"].contains(&&w[..])))
        .count()
}

/// Builds random command lines from one generator.
pub struct Gen<'a> {
    rng: &'a mut Rng,
    args: Vec<Vec<u8>>,
}

pub fn case(rng: &mut Rng) -> Case {
    let locale = rng.pick(LOCALES);
    let tz = rng.pick(ZONES);
    let mut g = Gen {
        rng,
        args: Vec::new(),
    };
    g.front_options();
    g.starting_points();
    if !g.rng.chance(4) {
        let depth = g.rng.below(4);
        g.expr(depth);
    }
    if g.rng.chance(12) {
        g.break_one();
    }
    Case {
        locale,
        tz,
        args: g.args,
    }
}

impl Gen<'_> {
    fn w(&mut self, word: impl AsRef<[u8]>) {
        self.args.push(word.as_ref().to_vec());
    }

    fn one_of(&mut self, words: &[&str]) {
        let word = self.rng.pick(words);
        self.w(word);
    }

    fn front_options(&mut self) {
        if self.rng.chance(30) {
            self.one_of(&["-L", "-H", "-P", "-L"]);
        }
        if self.rng.chance(8) {
            self.one_of(&["-O0", "-O1", "-O2", "-O3"]);
        }
        if self.rng.chance(3) {
            self.one_of(&["-D", "-Dhelp"]);
            if self.args.last().is_some_and(|w| w == b"-D") {
                self.one_of(&["tree", "help", "bogus", "exec"]);
            }
        }
    }

    fn starting_points(&mut self) {
        let n = match self.rng.below(20) {
            0 => 0,
            1..=3 => 2,
            _ => 1,
        };
        for _ in 0..n {
            self.one_of(STARTS);
        }
    }

    /// An expression of at most `depth` levels of operators.
    fn expr(&mut self, depth: usize) {
        if depth == 0 || self.rng.chance(30) {
            self.primary();
            return;
        }
        match self.rng.below(10) {
            0 => {
                self.one_of(&["!", "-not"]);
                self.expr(depth - 1);
            }
            1 | 2 => {
                self.w("(");
                self.expr(depth - 1);
                self.w(")");
            }
            _ => {
                self.expr(depth - 1);
                let op = self
                    .rng
                    .pick(&["", "", "-a", "-and", "-o", "-o", "-or", ","]);
                if !op.is_empty() {
                    self.w(op);
                }
                self.expr(depth - 1);
            }
        }
    }

    fn primary(&mut self) {
        match self.rng.below(20) {
            0..=5 => self.name_test(),
            6 | 7 => self.number_test(),
            8 => self.perm_test(),
            9 => self.type_test(),
            10 => self.owner_test(),
            11 => self.file_test(),
            12 => self.simple_test(),
            13 | 14 => self.option(),
            15 => self.printf(),
            16 => self.exec(),
            _ => self.one_of(&[
                "-print", "-print", "-print0", "-ls", "-prune", "-quit", "-true", "-false",
            ]),
        }
    }

    fn name_test(&mut self) {
        let regex = self.rng.chance(25);
        if regex {
            if self.rng.chance(30) {
                self.w("-regextype");
                self.one_of(&[
                    "emacs",
                    "posix-basic",
                    "posix-extended",
                    "posix-egrep",
                    "egrep",
                    "grep",
                    "awk",
                    "gnu-awk",
                    "posix-awk",
                    "ed",
                    "sed",
                    "findutils-default",
                    "posix-minimal-basic",
                ]);
            }
            self.one_of(&["-regex", "-regex", "-iregex"]);
            self.one_of(&[
                ".*\\.txt",
                ".*/[a-z]+",
                ".*[0-9]",
                ".*/\\(a\\|b\\).*",
                ".*/(a|b).*",
                ".*/.\\{3\\}",
                ".*/.{3}",
                ".*/[[:upper:]].*",
                ".*\n.*",
                ".*é.*",
                ".*/caf.",
                "t/.*e",
                "\\./t.*",
                ".*[^[:alnum:]/.].*",
                ".+/\\..*",
                ".*/x?1y?",
                "(",
                "\\(",
                "[",
                ".*/\\(.\\)\\1.*",
            ]);
            return;
        }
        self.one_of(&[
            "-name",
            "-name",
            "-name",
            "-iname",
            "-path",
            "-ipath",
            "-wholename",
            "-iwholename",
            "-lname",
            "-ilname",
        ]);
        let pattern: &[u8] = self.rng.pick(&[
            b"*.txt" as &[u8],
            b"*",
            b"*.TXT",
            b"[a-c]*",
            b"?",
            b"??",
            b"*[!a-z]*",
            b"\\*",
            b"*space*",
            b"t*",
            b"*e",
            "é*".as_bytes(),
            "*é*".as_bytes(),
            "*ß*".as_bytes(),
            "日*".as_bytes(),
            "caf?".as_bytes(),
            b"[[:upper:]]*",
            b"[[:digit:]]*",
            b"[[:alpha:]]",
            b"*\\\\*",
            b".*",
            b"*/names/*",
            b"t/*",
            b"*/l?/*",
            b"[",
            b"*[",
            b"\\",
            b"a]b",
            b"[]]*",
            b"[!]]*",
            b"\xff*",
            b"*\xff*",
            b"*\n*",
            b"-*",
            b"f?",
            b"*file*",
            b"*dir*",
            b"../*",
            b"",
        ]);
        self.args.push(pattern.to_vec());
    }

    fn sign(&mut self) -> &'static str {
        self.rng.pick(&["", "", "+", "-"])
    }

    fn number_test(&mut self) {
        let primary = self.rng.pick(&[
            "-mtime", "-atime", "-ctime", "-mmin", "-amin", "-cmin", "-used", "-size", "-size",
            "-links", "-inum", "-Bmin", "-Btime",
        ]);
        self.w(primary);
        let sign = self.sign();
        let n = match primary {
            "-size" => {
                let n = self
                    .rng
                    .pick(&["0", "1", "2", "3", "511", "512", "1024", "1"]);
                let unit = self.rng.pick(&["", "c", "k", "w", "b", "M", "G", "c"]);
                format!("{n}{unit}")
            }
            "-links" => self.rng.pick(&["1", "2", "3", "0"]).to_string(),
            "-inum" => self.rng.pick(&["1", "2", "0"]).to_string(),
            p if p.ends_with("min") => self
                .rng
                .pick(&["0", "1", "2", "3", "10", "2.5", "2,5", "1e1", "0x2"])
                .to_string(),
            _ => self
                .rng
                .pick(&["0", "1", "2", "3", "7", "1.5", "0.5", "1,5", "40"])
                .to_string(),
        };
        self.w(format!("{sign}{n}"));
    }

    fn perm_test(&mut self) {
        self.w("-perm");
        self.one_of(&[
            "644",
            "-644",
            "/644",
            "/u+x",
            "-u=r",
            "u=rwx,g=rx",
            "4000",
            "-4000",
            "/6000",
            "0",
            "/0",
            "-0",
            "g+w",
            "a=",
            "1777",
            "-g+w,o+r",
            "/u=w,g=w",
            "-a+x",
            "u+s",
            "8",
            "u+q",
            "+111",
        ]);
    }

    fn type_test(&mut self) {
        self.one_of(&["-type", "-type", "-xtype"]);
        self.one_of(&[
            "f", "d", "l", "p", "s", "c", "b", "f,d", "l,f", "D", "x", "f,",
        ]);
    }

    fn owner_test(&mut self) {
        match self.rng.below(4) {
            0 => {
                self.one_of(&["-user", "-group"]);
                self.one_of(&[
                    "root", "daemon", "nobody", "nogroup", "0", "12345", "nosuch",
                ]);
            }
            1 => {
                self.one_of(&["-uid", "-gid"]);
                self.one_of(&["0", "1", "+0", "-1", "65534", "12345", "-+1", "00", "+00"]);
            }
            _ => self.one_of(&["-nouser", "-nogroup"]),
        }
    }

    fn file_test(&mut self) {
        let primary = self.rng.pick(&[
            "-newer",
            "-anewer",
            "-cnewer",
            "-samefile",
            "-newerma",
            "-newermc",
            "-newerca",
            "-newermt",
            "-newerat",
            "-newerct",
            "-newerBm",
            "-newermB",
            "-fstype",
        ]);
        self.w(primary);
        let arg = match primary {
            "-fstype" => self
                .rng
                .pick(&["tmpfs", "ext4", "overlay", "proc", "bogus"]),
            p if p.ends_with('t') => self.rng.pick(&[
                "2020-01-01",
                "@1500000000",
                "2017-07-14 02:40",
                "2017-07-14T02:40:00",
                "1 day ago",
                "yesterday",
                "bogus date",
            ]),
            _ => self.rng.pick(&[
                "t/refs/ref_2d",
                "t/refs/ref_2m",
                "t/refs/ref_a1d",
                "t/types/hard1",
                "t/types/link_file",
                "t/types/dangling",
                "t/nosuch",
            ]),
        };
        self.w(arg);
    }

    fn simple_test(&mut self) {
        self.one_of(&["-empty", "-readable", "-writable", "-executable"]);
    }

    fn option(&mut self) {
        match self.rng.below(3) {
            0 => {
                self.one_of(&["-maxdepth", "-mindepth"]);
                self.one_of(&["0", "1", "2", "3", "+1", "-1", "x", "01"]);
            }
            _ => self.one_of(&[
                "-depth",
                "-d",
                "-xdev",
                "-mount",
                "-noleaf",
                "-ignore_readdir_race",
                "-noignore_readdir_race",
                "-daystart",
                "-follow",
                "-warn",
                "-nowarn",
            ]),
        }
    }

    fn printf(&mut self) {
        self.w("-printf");
        let mut format = Vec::new();
        for _ in 0..=self.rng.below(4) {
            if self.rng.chance(15) {
                format.extend_from_slice(self.rng.pick(&[
                    b"\\n" as &[u8],
                    b"\\t",
                    b"\\0",
                    b"\\\\",
                    b"\\101",
                    b"\\c",
                    b"\\q",
                    b"|",
                    b"%%",
                    b"%z",
                ]));
                continue;
            }
            format.push(b'%');
            for _ in 0..self.rng.below(3) {
                format.push(self.rng.pick(b"#0-+ "));
            }
            if self.rng.chance(40) {
                format.extend(self.rng.below(13).to_string().bytes());
            }
            if self.rng.chance(20) {
                format.push(b'.');
                format.extend(self.rng.below(6).to_string().bytes());
            }
            if self.rng.chance(25) {
                format.push(self.rng.pick(b"ACTB"));
                format.push(self.rng.pick(b"@aAbBcdDFgGhHIjklmMnprsStTuUVwWxXyYZ+"));
            } else {
                format.push(self.rng.pick(b"pfhPHdDskbmMlyYinuUgGtacSF"));
            }
        }
        format.push(b'\n');
        self.args.push(format);
    }

    fn exec(&mut self) {
        let action = self
            .rng
            .pick(&["-exec", "-exec", "-execdir", "-execdir", "-ok", "-okdir"]);
        self.w(action);
        let command: &[&str] = self.rng.pick(&[
            &["echo", "X"] as &[&str],
            &["printf", "%s\\n"],
            &["true"],
            &["false"],
            &["pwd"],
            &["sh", "-c", "echo $# \"$1\"", "sh"],
        ]);
        for word in command {
            self.w(word);
        }
        let many = !action.starts_with("-ok") && self.rng.chance(50);
        if command[0] != "pwd" || many {
            self.w("{}");
        }
        self.w(if many { "+" } else { ";" });
    }

    /// Breaks the line in one of the ways people do.
    fn break_one(&mut self) {
        let at = self.rng.below(self.args.len() + 1);
        let word: &str = self.rng.pick(&[
            "(",
            ")",
            "!",
            "-a",
            "-o",
            ",",
            "-nmae",
            "-name",
            "-mtime",
            "-type",
            "-exec",
            "-size",
            "-perm",
            "-printf",
            "-maxdepth",
            "x",
        ]);
        match self.rng.below(3) {
            0 if !self.args.is_empty() => {
                self.args.pop();
            }
            _ => self.args.insert(at, word.as_bytes().to_vec()),
        }
    }
}
