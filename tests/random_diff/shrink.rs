//! Shrinks a differing command line to a minimal one: drops runs of
//! words (four, then three, two, one) and simplifies the environment to
//! C and UTC, keeping each change only while tk and GNU still differ in
//! the same way. A line with starting points keeps at least one: without
//! any, find walks `.`, a different tree and most often a different
//! difference. Each try runs three finds, so the tries are capped.

use crate::random_diff::grammar::{Case, starting_points};

/// The most tries per difference.
const BUDGET: usize = 120;

pub fn shrink(case: &Case, mut still_differs: impl FnMut(&Case) -> bool) -> Case {
    let mut best = case.clone();
    let mut tries = 0;
    let keep_a_start = starting_points(&case.args) > 0;
    let mut attempt = |candidate: &Case, best: &mut Case| {
        if keep_a_start && starting_points(&candidate.args) == 0 {
            return false;
        }
        tries += 1;
        let better = tries <= BUDGET && still_differs(candidate);
        if better {
            *best = candidate.clone();
        }
        better
    };
    if best.locale != "C" {
        let candidate = Case {
            locale: "C",
            ..best.clone()
        };
        attempt(&candidate, &mut best);
    }
    if best.tz != "UTC" {
        let candidate = Case {
            tz: "UTC",
            ..best.clone()
        };
        attempt(&candidate, &mut best);
    }
    for width in (1..=4).rev() {
        let mut start = 0;
        while start + width <= best.args.len() {
            let mut candidate = best.clone();
            candidate.args.drain(start..start + width);
            if !attempt(&candidate, &mut best) {
                start += 1;
            }
        }
    }
    best
}

#[test]
fn drops_every_word_it_can() {
    let case = Case {
        locale: "de_DE.UTF-8",
        tz: "UTC",
        args: ["-a", "b", "c", "d", "e", "f"]
            .iter()
            .map(|w| w.as_bytes().to_vec())
            .collect(),
    };
    let keeps_c_and_e =
        |c: &Case| c.args.iter().any(|w| w == b"c") && c.args.iter().any(|w| w == b"e");
    let small = shrink(&case, keeps_c_and_e);
    assert_eq!(small.args, [b"c".to_vec(), b"e".to_vec()]);
    assert_eq!(small.locale, "C");
}
