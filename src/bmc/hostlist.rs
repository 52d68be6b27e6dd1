//! Host lists in the syntax of pdsh and FreeIPMI (LLNL's hostlist):
//! `bmc[01-64].dc1`, `10.0.0.[5-9,12]`, `a,b,rack[1-2]-n[1-3]`.
//!
//! Items are separated by commas or white space outside brackets (an
//! empty item is skipped, as pdsh does). Inside brackets, a comma-separated
//! list of numbers and `LOW-HIGH` ranges; a number keeps the width of
//! `LOW` as written, so `[01-10]` gives `01` ... `10` and `[8-10]` gives
//! `8 9 10`. Several bracket groups in one item give every combination,
//! the leftmost varying slowest (as Slurm's hostlist does). Pure text:
//! splitting `host:port` is the caller's business.

use std::fmt;

/// More hosts than any fleet: a list that expands past this is a typo
/// (`[1-1000000]`), refused before it fills memory.
pub(crate) const MAX_HOSTS: usize = 100_000;

/// A list that is not in the syntax, with where it goes wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct HostListError {
    pub message: String,
    /// Byte offset of the fault in the list, and how many bytes it spans
    /// (at least one, for the caret).
    pub at: usize,
    pub len: usize,
}

impl HostListError {
    fn new(message: impl Into<String>, at: usize, len: usize) -> HostListError {
        HostListError {
            message: message.into(),
            at,
            len: len.max(1),
        }
    }

    /// Two lines under the message: the list, and a caret under the fault.
    pub(crate) fn show(&self, list: &str) -> String {
        let before = list.get(..self.at).unwrap_or(list).chars().count();
        let end = (self.at + self.len).min(list.len());
        let width = list.get(self.at..end).map_or(1, |s| s.chars().count());
        format!(
            "  {}\n  {}{}",
            list,
            " ".repeat(before),
            "^".repeat(width.max(1))
        )
    }
}

impl fmt::Display for HostListError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

/// One item of a list, by its place in the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Item {
    /// The item's byte offset in the list and its length.
    pub at: usize,
    pub len: usize,
    /// The host names it stands for, in order.
    pub names: Vec<String>,
}

/// The items of `list`, each with its names, so that a caller checking
/// names (a port after `:`) can point at the item.
pub(crate) fn items(list: &str) -> Result<Vec<Item>, HostListError> {
    let mut found = Vec::new();
    let mut total = 0;
    for (at, text) in split_items(list)? {
        let names = expand_item(text, at)?;
        total += names.len();
        if total > MAX_HOSTS {
            return Err(HostListError::new(
                format!("the list names more than {MAX_HOSTS} hosts"),
                at,
                text.len(),
            ));
        }
        found.push(Item {
            at,
            len: text.len(),
            names,
        });
    }
    Ok(found)
}

/// True when `text` uses the list syntax (more than one item or a
/// bracket), as opposed to one plain host name.
pub(crate) fn is_list(text: &str) -> bool {
    text.contains(['[', ']', ',']) || text.trim().contains(char::is_whitespace)
}

/// The items of a list and their offsets: split at commas and white space
/// outside brackets. Checks that brackets pair up and do not nest.
fn split_items(list: &str) -> Result<Vec<(usize, &str)>, HostListError> {
    let mut items = Vec::new();
    let mut open: Option<usize> = None;
    let mut start = 0;
    for (i, c) in list.char_indices() {
        match (c, open) {
            ('[', Some(_)) => {
                return Err(HostListError::new("'[' inside brackets", i, 1));
            }
            ('[', None) => open = Some(i),
            (']', None) => {
                return Err(HostListError::new("']' without a '[' before it", i, 1));
            }
            (']', Some(_)) => open = None,
            (c, None) if c == ',' || c.is_whitespace() => {
                if i > start {
                    items.push((start, &list[start..i]));
                }
                start = i + c.len_utf8();
            }
            _ => {}
        }
    }
    if let Some(at) = open {
        return Err(HostListError::new("'[' is never closed", at, 1));
    }
    if list.len() > start {
        items.push((start, &list[start..]));
    }
    Ok(items)
}

/// One item (no separator outside brackets; brackets paired) to its
/// names. `offset` is where the item starts in the whole list.
fn expand_item(item: &str, offset: usize) -> Result<Vec<String>, HostListError> {
    let mut names = vec![String::new()];
    let mut rest = item;
    let mut at = offset;
    while !rest.is_empty() {
        let Some(open) = rest.find('[') else {
            names.iter_mut().for_each(|n| n.push_str(rest));
            break;
        };
        let close = open + rest[open..].find(']').expect("brackets paired");
        let numbers = numbers(&rest[open + 1..close], at + open + 1)?;
        if names.len().saturating_mul(numbers.len()) > MAX_HOSTS {
            return Err(HostListError::new(
                format!("the list names more than {MAX_HOSTS} hosts"),
                offset,
                item.len(),
            ));
        }
        let prefix = &rest[..open];
        names = names
            .iter()
            .flat_map(|name| numbers.iter().map(move |n| format!("{name}{prefix}{n}")))
            .collect();
        at += close + 1;
        rest = &rest[close + 1..];
    }
    Ok(names)
}

/// The inside of one bracket group: `1-3,07,10-12`, each number written
/// with the width of its range's low end. `offset` is where it starts.
fn numbers(inside: &str, offset: usize) -> Result<Vec<String>, HostListError> {
    if inside.is_empty() {
        return Err(HostListError::new("empty brackets", offset - 1, 2));
    }
    let mut out = Vec::new();
    let mut at = offset;
    for part in inside.split(',') {
        let (low, high) = match part.split_once('-') {
            Some((low, high)) => (low, high),
            None => (part, part),
        };
        let low_n = number(low, at, part)?;
        let high_n = number(high, at + low.len() + 1, part)?;
        if low_n > high_n {
            return Err(HostListError::new(
                format!("range '{part}' runs backwards"),
                at,
                part.len(),
            ));
        }
        if high_n - low_n >= MAX_HOSTS as u64 {
            return Err(HostListError::new(
                format!("range '{part}' names more than {MAX_HOSTS} hosts"),
                at,
                part.len(),
            ));
        }
        let width = low.len();
        out.extend((low_n..=high_n).map(|n| format!("{n:0width$}")));
        at += part.len() + 1;
    }
    Ok(out)
}

/// A run of decimal digits inside brackets.
fn number(digits: &str, at: usize, part: &str) -> Result<u64, HostListError> {
    let ok = !digits.is_empty() && digits.len() <= 18 && digits.bytes().all(|b| b.is_ascii_digit());
    if !ok {
        let what = if part.is_empty() {
            "an empty entry in brackets".to_string()
        } else if digits.len() > 18 && digits.bytes().all(|b| b.is_ascii_digit()) {
            format!("'{digits}' is too large a number")
        } else {
            format!("'{part}' is not a number or a LOW-HIGH range")
        };
        return Err(HostListError::new(what, at, digits.len()));
    }
    Ok(digits.parse().expect("checked digits"))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every host name of `list`, in order.
    fn expand(list: &str) -> Result<Vec<String>, HostListError> {
        Ok(items(list)?.into_iter().flat_map(|i| i.names).collect())
    }

    fn ok(list: &str) -> Vec<String> {
        expand(list).unwrap_or_else(|e| panic!("{list}: {e}\n{}", e.show(list)))
    }

    fn err(list: &str) -> (String, String) {
        let e = expand(list).unwrap_err();
        (e.message.clone(), e.show(list))
    }

    #[test]
    fn plain_names_and_separators() {
        assert_eq!(ok("bmc1"), ["bmc1"]);
        assert_eq!(ok("a,b c\td"), ["a", "b", "c", "d"]);
        // Empty items are skipped, as pdsh does.
        assert_eq!(ok(",a,,b,"), ["a", "b"]);
        assert!(ok("").is_empty());
        assert_eq!(ok("127.0.0.1:6230"), ["127.0.0.1:6230"]);
    }

    #[test]
    fn ranges_keep_the_low_end_s_width() {
        let bmcs = ok("bmc[01-64].dc1");
        assert_eq!(bmcs.len(), 64);
        assert_eq!(bmcs[0], "bmc01.dc1");
        assert_eq!(bmcs[8], "bmc09.dc1");
        assert_eq!(bmcs[63], "bmc64.dc1");
        assert_eq!(ok("n[8-10]"), ["n8", "n9", "n10"]);
        assert_eq!(ok("n[098-101]"), ["n098", "n099", "n100", "n101"]);
        assert_eq!(ok("n[01-100]").last().unwrap(), "n100");
        assert_eq!(ok("n[007]"), ["n007"]);
        assert_eq!(ok("n[0-1]"), ["n0", "n1"]);
    }

    #[test]
    fn commas_inside_and_between_brackets() {
        assert_eq!(
            ok("10.0.0.[5-9,12]"),
            [
                "10.0.0.5",
                "10.0.0.6",
                "10.0.0.7",
                "10.0.0.8",
                "10.0.0.9",
                "10.0.0.12"
            ]
        );
        assert_eq!(
            ok("a[1,3],b[01-02,7],c"),
            ["a1", "a3", "b01", "b02", "b7", "c"]
        );
        assert_eq!(
            ok("127.0.0.1:[6230-6231],[1-2].x:623"),
            ["127.0.0.1:6230", "127.0.0.1:6231", "1.x:623", "2.x:623"]
        );
    }

    #[test]
    fn several_groups_give_every_combination() {
        assert_eq!(
            ok("r[1-2]-n[01-03]"),
            ["r1-n01", "r1-n02", "r1-n03", "r2-n01", "r2-n02", "r2-n03"]
        );
        assert_eq!(ok("[1-2][1-2]"), ["11", "12", "21", "22"]);
    }

    #[test]
    fn items_know_where_they_stand() {
        let items = items("a, b[1-2]").unwrap();
        assert_eq!((items[1].at, items[1].len), (3, 6));
        assert_eq!(items[1].names, ["b1", "b2"]);
    }

    #[test]
    fn bad_syntax_says_where() {
        let (msg, show) = err("bmc[01-64.dc1");
        assert_eq!(msg, "'[' is never closed");
        assert_eq!(show, "  bmc[01-64.dc1\n     ^");
        let (msg, show) = err("a,b]");
        assert_eq!(msg, "']' without a '[' before it");
        assert_eq!(show, "  a,b]\n     ^");
        let (msg, show) = err("x[1-[2]]");
        assert_eq!(msg, "'[' inside brackets");
        assert_eq!(show, "  x[1-[2]]\n      ^");
        let (msg, show) = err("x[]");
        assert_eq!(msg, "empty brackets");
        assert_eq!(show, "  x[]\n   ^^");
        let (msg, show) = err("ok,x[1-a]");
        assert_eq!(msg, "'1-a' is not a number or a LOW-HIGH range");
        assert_eq!(show, "  ok,x[1-a]\n         ^");
        let (msg, show) = err("x[5-3]");
        assert_eq!(msg, "range '5-3' runs backwards");
        assert_eq!(show, "  x[5-3]\n    ^^^");
        let (msg, _) = err("x[1,,2]");
        assert_eq!(msg, "an empty entry in brackets");
        let (msg, _) = err("x[1-2-3]");
        assert_eq!(msg, "'1-2-3' is not a number or a LOW-HIGH range");
        let (msg, _) = err("x[-3]");
        assert_eq!(msg, "'-3' is not a number or a LOW-HIGH range");
        let (msg, _) = err("x[1-]");
        assert_eq!(msg, "'1-' is not a number or a LOW-HIGH range");
        let (msg, _) = err("x[1234567890123456789]");
        assert_eq!(msg, "'1234567890123456789' is too large a number");
        // The caret counts characters, not bytes.
        let (_, show) = err("é[x]");
        assert_eq!(show, "  é[x]\n    ^");
    }

    #[test]
    fn huge_lists_are_refused() {
        let (msg, _) = err("x[0-100000]");
        assert!(msg.contains("more than 100000 hosts"), "{msg}");
        let (msg, _) = err("x[0-999][0-999]");
        assert!(msg.contains("more than 100000 hosts"), "{msg}");
        assert_eq!(ok("x[1-99999],y").len(), 100_000);
        let (msg, _) = err("x[1-99999],y,z");
        assert!(msg.contains("more than 100000 hosts"), "{msg}");
    }

    #[test]
    fn lists_and_plain_names() {
        assert!(is_list("a,b"));
        assert!(is_list("bmc[1-2]"));
        assert!(is_list("a b"));
        assert!(!is_list("bmc1.dc1"));
        assert!(!is_list("127.0.0.1:623"));
        assert!(!is_list(" bmc1 "));
    }
}
