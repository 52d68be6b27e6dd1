//! The traps `tk explain find -- ARGS` warns about, found in a command line
//! tk find accepted: -size rounding, -mtime's whole days, an exact -perm,
//! -prune without -o, -delete with -prune, a -name pattern without
//! wildcards or one the shell seems to have expanded, and an action that
//! only covers one side of -o.

use std::path::Path;

use super::Lang;
use super::cmdline::{Node, Op, Reading};

/// Actions that print or run something (not -prune or -quit).
const ACTIONS: &[&str] = &[
    "-delete", "-exec", "-execdir", "-fls", "-fprint", "-fprint0", "-fprintf", "-ls", "-ok",
    "-okdir", "-print", "-print0", "-printf",
];

/// Every warning for this command line, in the order of the words.
pub(super) fn traps(r: &Reading, lang: Lang, cwd: &Path) -> Vec<String> {
    let mut found = Vec::new();
    let leaves: Vec<_> = r.tree.leaves().into_iter().flatten().collect();
    for (i, span) in leaves.iter().enumerate() {
        let name = r.args[span.start].to_string_lossy();
        // `-name .git -prune` names one directory on purpose.
        let before_prune = leaves
            .get(i + 1)
            .is_some_and(|next| r.args[next.start] == "-prune");
        let Some(arg) = r.args.get(span.start + 1).filter(|_| span.len() > 1) else {
            continue;
        };
        let arg = arg.to_string_lossy();
        let warning = match name.as_ref() {
            "-size" => size(&arg, lang),
            "-mtime" | "-atime" | "-ctime" => whole_days(&name, &arg, lang),
            "-perm" => exact_perm(&arg, lang),
            "-name" | "-iname" | "-path" | "-ipath" | "-wholename" | "-iwholename" => {
                pattern(&name, &arg, lang, cwd, before_prune)
            }
            _ => None,
        };
        found.extend(warning);
    }
    let names: Vec<String> = r.tree.leaves().iter().map(|s| r.name(s)).collect();
    let has = |w: &str| names.iter().any(|n| n == w);
    if has("-prune") && !contains_or(&r.tree) {
        found.push(match lang {
            Lang::En => "`-prune` without `-o`: pruning only stops the walk from entering \
                         the directory; the directory itself still goes through the rest of \
                         the expression and is printed. The usual form is \
                         `-path ./DIR -prune -o ... -print`."
                .to_string(),
            Lang::Zh => "`-prune` 没有配合 `-o`：剪枝只是不进入该目录，\
                         目录本身仍会经过表达式的其余部分并被打印。\
                         常见写法是 `-path ./DIR -prune -o ... -print`。"
                .to_string(),
        });
    }
    if has("-delete") && has("-prune") {
        found.push(match lang {
            Lang::En => "`-delete` with `-prune`: `-delete` implies `-depth`, under which \
                         `-prune` does nothing, so the directories you meant to skip are \
                         deleted too."
                .to_string(),
            Lang::Zh => "`-delete` 与 `-prune` 同用：`-delete` 隐含 `-depth`，\
                         而在 `-depth` 下 `-prune` 不起作用，所以本想跳过的目录也会被删除。"
                .to_string(),
        });
    }
    found.extend(one_sided_action(r, lang));
    found
}

fn contains_or(node: &Node) -> bool {
    let mut seen = false;
    node.walk(&mut |n| seen |= matches!(n, Node::Binary { op: Op::Or, .. }));
    seen
}

/// `-size N` and `-size -N` in a unit larger than bytes round up.
fn size(arg: &str, lang: Lang) -> Option<String> {
    let (sign, rest) = match arg.strip_prefix('-') {
        Some(r) => ('-', r),
        None if arg.starts_with('+') => return None,
        None => (' ', arg),
    };
    let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
    let unit = rest[digits.len()..].chars().next().unwrap_or('b');
    let n: u64 = digits.parse().ok()?;
    let unit_name = match (unit, lang) {
        ('c', _) => return None,
        ('b', Lang::En) => "512-byte blocks",
        ('b', Lang::Zh) => "512 字节块",
        ('w', Lang::En) => "2-byte words",
        ('w', Lang::Zh) => "双字节字",
        ('k', _) => "KiB",
        ('M', _) => "MiB",
        ('G', _) => "GiB",
        _ => return None,
    };
    Some(match (sign, lang) {
        ('-', Lang::En) if n <= 1 => format!(
            "`-size {arg}` matches only empty files: sizes are rounded up to whole \
             {unit_name} first, and only 0 rounds to less than 1. For \"smaller than 1{unit}\" \
             count in a smaller unit, such as `-size -1024k` for 1 MiB."
        ),
        ('-', Lang::Zh) if n <= 1 => format!(
            "`-size {arg}` 只匹配空文件：大小先向上取整为整数个 {unit_name}，\
             只有 0 取整后小于 1。要表示“小于 1{unit}”，请用更小的单位，\
             例如用 `-size -1024k` 表示 1 MiB。"
        ),
        ('-', Lang::En) => format!(
            "`-size {arg}` rounds sizes up to whole {unit_name} first: it matches files of at \
             most {} {unit_name}, not everything under {n}{unit}.",
            n - 1
        ),
        ('-', Lang::Zh) => format!(
            "`-size {arg}` 先把大小向上取整为整数个 {unit_name}：它匹配不超过 {} 个 \
             {unit_name} 的文件，而不是所有小于 {n}{unit} 的文件。",
            n - 1
        ),
        (_, _) if n == 0 => return None,
        (_, Lang::En) if n == 1 => format!(
            "`-size {arg}` rounds sizes up to whole {unit_name} first: it matches every \
             non-empty file up to 1 {unit_name}, not only files of exactly 1{unit}."
        ),
        (_, Lang::Zh) if n == 1 => format!(
            "`-size {arg}` 先把大小向上取整为整数个 {unit_name}：它匹配所有不超过 \
             1 {unit_name} 的非空文件，而不只是正好 1{unit} 的文件。"
        ),
        (_, Lang::En) => format!(
            "`-size {arg}` rounds sizes up to whole {unit_name} first: it matches every file \
             of more than {} and at most {n} {unit_name}, not only files of exactly {n}{unit}.",
            n - 1
        ),
        (_, Lang::Zh) => format!(
            "`-size {arg}` 先把大小向上取整为整数个 {unit_name}：它匹配大于 {} 个、\
             不超过 {n} 个 {unit_name} 的所有文件，而不只是正好 {n}{unit} 的文件。",
            n - 1
        ),
    })
}

/// `-mtime +N` is N+1 whole days or more.
fn whole_days(name: &str, arg: &str, lang: Lang) -> Option<String> {
    let n: u64 = arg.strip_prefix('+')?.parse().ok()?;
    let minutes = name.replace("time", "min");
    Some(match lang {
        Lang::En => format!(
            "`{name} {arg}` counts whole 24-hour periods: it matches files at least {} days \
             old, not \"older than {n} days\". For \"older than {} hours\" use \
             `{minutes} +{}`.",
            n + 1,
            n * 24,
            n * 24 * 60
        ),
        Lang::Zh => format!(
            "`{name} {arg}` 按完整的 24 小时计数：它匹配至少 {} 天前的文件，\
             而不是“超过 {n} 天”。要表示“超过 {} 小时”，请用 `{minutes} +{}`。",
            n + 1,
            n * 24,
            n * 24 * 60
        ),
    })
}

/// `-perm MODE` without `-` or `/` wants exactly MODE.
fn exact_perm(arg: &str, lang: Lang) -> Option<String> {
    if arg.starts_with(['-', '/']) {
        return None;
    }
    Some(match lang {
        Lang::En => format!(
            "`-perm {arg}` matches only files whose permission bits are exactly {arg}. \
             `-perm -{arg}` means at least these bits, `-perm /{arg}` any of them."
        ),
        Lang::Zh => format!(
            "`-perm {arg}` 只匹配权限位正好等于 {arg} 的文件。\
             `-perm -{arg}` 表示至少有这些位，`-perm /{arg}` 表示其中任意一位。"
        ),
    })
}

/// A pattern without wildcards: one exact name, or the shell's doing.
fn pattern(name: &str, arg: &str, lang: Lang, cwd: &Path, before_prune: bool) -> Option<String> {
    if arg.contains(['*', '?', '[']) {
        return None;
    }
    let ext = Path::new(arg)
        .extension()
        .map(|e| e.to_string_lossy().into_owned());
    let shell_expanded = !arg.contains('/') && cwd.join(arg).exists();
    if before_prune && !shell_expanded {
        return None;
    }
    Some(match (shell_expanded, lang) {
        (true, Lang::En) => format!(
            "`{name} {arg}`: `{arg}` is also a file in the current directory. If you typed a \
             pattern such as `{}` without quotes, the shell replaced it before tk find saw \
             it. Quote patterns: `{name} '{}'`.",
            example_glob(&ext),
            example_glob(&ext)
        ),
        (true, Lang::Zh) => format!(
            "`{name} {arg}`：当前目录中恰好有一个文件叫 `{arg}`。如果你输入的是不带引号的 \
             `{}` 这样的模式，shell 会在 tk find 看到之前把它替换掉。\
             请给模式加引号：`{name} '{}'`。",
            example_glob(&ext),
            example_glob(&ext)
        ),
        (false, Lang::En) => format!(
            "`{name} {arg}` has no wildcard, so it matches only `{arg}` exactly. For names \
             that contain it, write `{name} '*{arg}*'`."
        ),
        (false, Lang::Zh) => format!(
            "`{name} {arg}` 不含通配符，所以只匹配完全等于 `{arg}` 的名字。\
             要匹配包含它的名字，请写 `{name} '*{arg}*'`。"
        ),
    })
}

fn example_glob(ext: &Option<String>) -> String {
    match ext {
        Some(e) => format!("*.{e}"),
        None => "*".to_string(),
    }
}

/// `A -o B -print`: the action only covers B.
fn one_sided_action(r: &Reading, lang: Lang) -> Option<String> {
    let user_tree = match &r.tree {
        Node::Binary {
            op: Op::And,
            left,
            right,
            ..
        } if matches!(**right, Node::Leaf(None)) => left,
        tree => tree,
    };
    let Node::Binary {
        op: Op::Or,
        left,
        right,
        ..
    } = user_tree
    else {
        return None;
    };
    let names = |n: &Node| -> Vec<String> { n.leaves().iter().map(|s| r.name(s)).collect() };
    let (left_names, right_names) = (names(left), names(right));
    let left_acts = left_names
        .iter()
        .any(|n| ACTIONS.contains(&n.as_str()) || n == "-prune");
    let action = right_names.iter().find(|n| ACTIONS.contains(&n.as_str()))?;
    if left_acts {
        return None;
    }
    Some(match lang {
        Lang::En => format!(
            "`{action}` belongs to the right side of `-o` only: files that match the left side \
             get no action at all. Put the alternatives in parentheses: \
             `\\( A -o B \\) {action}`."
        ),
        Lang::Zh => format!(
            "`{action}` 只属于 `-o` 的右边：匹配左边的文件不会执行任何动作。\
             请把几个备选条件放进括号：`\\( A -o B \\) {action}`。"
        ),
    })
}

#[cfg(test)]
mod tests {
    use std::ffi::OsString;

    use super::super::cmdline::read;
    use super::*;

    fn warn(line: &str) -> Vec<String> {
        let args: Vec<OsString> = line.split_whitespace().map(OsString::from).collect();
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("notes.txt"), "").unwrap();
        traps(&read(args).unwrap(), Lang::En, dir.path())
    }

    #[test]
    fn size_rounding() {
        let w = warn(". -size 1G");
        assert_eq!(w.len(), 1);
        assert!(w[0].contains("every non-empty file up to 1 GiB"), "{w:?}");
        assert!(warn(". -size 3M")[0].contains("more than 2 and at most 3 MiB"));
        assert!(warn(". -size -1M")[0].contains("matches only empty files"));
        assert!(warn(". -size -10k")[0].contains("at most 9 KiB"));
        assert!(warn(". -size +1G").is_empty());
        assert!(warn(". -size -100c").is_empty());
    }

    #[test]
    fn mtime_whole_days_and_exact_perm() {
        assert!(warn(". -mtime +1")[0].contains("at least 2 days old"));
        assert!(warn(". -mtime +1")[0].contains("`-mmin +1440`"));
        assert!(warn(". -mtime -1").is_empty());
        assert!(warn(". -perm 644")[0].contains("exactly 644"));
        assert!(warn(". -perm -644").is_empty());
        assert!(warn(". -perm /u+x").is_empty());
    }

    #[test]
    fn prune_without_or_and_with_delete() {
        assert!(warn(". -name .git -prune")[0].starts_with("`-prune` without `-o`"));
        assert!(warn(". -name .git -prune -o -print").is_empty());
        let w = warn(". -depth -name .git -prune -o -delete");
        assert!(
            w.iter().any(|w| w.starts_with("`-delete` with `-prune`")),
            "{w:?}"
        );
    }

    #[test]
    fn patterns_without_wildcards() {
        assert!(warn(". -name txt")[0].contains("matches only `txt` exactly"));
        let w = warn(". -name notes.txt");
        assert!(w[0].contains("`*.txt` without quotes"), "{w:?}");
        assert!(warn(". -name *.txt").is_empty());
        assert!(warn(". -name .git -prune -o -print").is_empty());
    }

    #[test]
    fn action_on_one_side_of_or() {
        let w = warn(". -name *.c -o -name *.h -print");
        assert!(
            w[0].starts_with("`-print` belongs to the right side"),
            "{w:?}"
        );
        assert!(warn(". ( -name *.c -o -name *.h ) -print").is_empty());
        assert!(warn(". -name .git -prune -o -type f -print").is_empty());
    }
}
