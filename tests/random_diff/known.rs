//! Differences the random run knows about, recognised on the shrunk
//! command line and counted apart in the report, never hidden: either
//! documented in docs/en/find.md (tk differs from GNU on purpose), or an
//! open issue that names the fault (to be fixed: delete its entry then,
//! and the run fails if the difference comes back).

use crate::random_diff::grammar::Case;

pub enum Standing {
    /// tk differs on purpose; the text says where the docs say so.
    Documented(&'static str),
    /// A fault named in an open issue.
    #[expect(
        dead_code,
        reason = "no open fault is known today; the next one found is listed so"
    )]
    Open(&'static str),
}

pub struct Known {
    pub name: &'static str,
    pub standing: Standing,
    /// Tells the case (shrunk) and what differed ("stdout", ...).
    matches: fn(&Case, &[&str]) -> bool,
}

pub const KNOWN: &[Known] = &[
    Known {
        name: "birth time",
        standing: Standing::Documented(
            "docs/en/find.md, -newerXY: GNU find 4.9 on Linux refuses B, tk answers it",
        ),
        matches: |c, _| {
            c.args.iter().any(|a| {
                a.starts_with(b"-newer")
                    && a.len() == 8
                    && a[6..].contains(&b'B')
                    && a != b"-newerBt"
            }) || printf_directive(c, |d| d.len() >= 2 && d[d.len() - 2] == b'B')
        },
    },
    Known {
        name: "-D prints no debugging output",
        standing: Standing::Documented(
            "docs/en/find.md, -D: accepted as in GNU, but only -D help prints anything",
        ),
        matches: |c, what| {
            what == ["stderr"] && c.args.windows(2).any(|w| w[0] == b"-D" && w[1] != b"help")
        },
    },
    Known {
        name: "GNU's optimiser swaps the operands of ','",
        standing: Standing::Documented(
            "docs/en/find.md, -O: GNU reorders `A , B` when A costs more and prints what B rejects",
        ),
        // GNU's rewrite changes which files print, nothing else.
        matches: |c, what| what == ["stdout"] && c.args.iter().any(|a| a == b","),
    },
    Known {
        name: "GNU's optimiser swaps the operands of -o",
        standing: Standing::Documented(
            "docs/en/find.md, -O: GNU may test the right side of `A -o B` first and never run \
             an action in A",
        ),
        // Only what prints differs, and only when an action stands
        // before an -o that GNU could have turned around.
        matches: |c, what| {
            what == ["stdout"]
                && c.args
                    .iter()
                    .rposition(|a| a == b"-o" || a == b"-or")
                    .is_some_and(|last| {
                        c.args[..last]
                            .iter()
                            .any(|a| ACTIONS.contains(&a.as_slice()))
                    })
        },
    },
    Known {
        name: "GNU's optimiser runs a cheaper test first",
        standing: Standing::Documented(
            "docs/en/find.md, -O: GNU may never reach a test that would report an error",
        ),
        // Which files print stays the same; only whether -xtype met a
        // link loop (an error and status 1) differs.
        matches: |c, what| !what.contains(&"stdout") && c.args.iter().any(|a| a == b"-xtype"),
    },
];

/// The actions that print or run something.
const ACTIONS: &[&[u8]] = &[
    b"-print",
    b"-print0",
    b"-printf",
    b"-ls",
    b"-fprint",
    b"-fprint0",
    b"-fprintf",
    b"-fls",
    b"-exec",
    b"-execdir",
    b"-ok",
    b"-okdir",
    b"-delete",
];

/// The first entry that matches the (shrunk) case and what differed.
pub fn classify(case: &Case, what: &[&str]) -> Option<&'static Known> {
    KNOWN.iter().find(|k| (k.matches)(case, what))
}

/// Words that follow one of `primaries`.
fn after<'a>(case: &'a Case, primaries: &'a [&[u8]]) -> impl Iterator<Item = &'a Vec<u8>> {
    case.args
        .windows(2)
        .filter(|w| primaries.contains(&&w[0][..]))
        .map(|w| &w[1])
}

/// True when some -printf directive (the bytes after `%`, up to and
/// including the conversion letter) satisfies `test`.
fn printf_directive(case: &Case, test: impl Fn(&[u8]) -> bool) -> bool {
    after(case, &[b"-printf"]).any(|format| {
        let mut i = 0;
        while i < format.len() {
            if format[i] != b'%' {
                i += 1;
                continue;
            }
            let start = i + 1;
            let mut end = start;
            while end < format.len() && b"#0-+ .0123456789".contains(&format[end]) {
                end += 1;
            }
            if end < format.len() && b"ACTB".contains(&format[end]) {
                end += 1;
            }
            let directive = &format[start..(end + 1).min(format.len())];
            if format.get(start) != Some(&b'%') && test(directive) {
                return true;
            }
            i = end + 1;
        }
        false
    })
}
